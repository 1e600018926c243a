/* SPDX-License-Identifier: MIT */
/* The pattern database (the .pat files of patterns/): parse, compile with PCRE2 JIT, match
 * one line, check. Format: patterns/README.md. */
#ifndef VX_PATTERNS_H
#define VX_PATTERNS_H

#include <stddef.h>
#include <stdio.h>

#include "caps.h"
#include "util.h"

/* A template line with an optional condition: fix[VAR]: / fix[!VAR]: */
struct vx_tmpl {
	char *cond; /* variable name, or NULL */
	int negate;
	char *text;
};

enum vx_pat_kind {
	VX_PAT_VERDICT, /* a rejection (category from categories.tsv) */
	VX_PAT_INFO,	/* informational: never the verdict */
	VX_PAT_LOADER,	/* loader framing (loaders.pat) */
	VX_PAT_STATEMENT, /* a loader's statement of a failure with no kernel log,
			   * by its object and errno (statements.pat, src/statement.c) */
};

struct vx_pattern {
	char *id;
	char *category;
	struct vx_tmpl *recategorize; /* category[VAR]: name, the first that holds wins */
	size_t nrecategorize;
	enum vx_pat_kind kind;
	char *match;
	char *title;
	struct vx_tmpl *explain;
	size_t nexplain;
	struct vx_tmpl *fix;
	size_t nfix;
	char *kernels;
	char **refs;
	size_t nrefs;
	char **examples;
	size_t nexamples;
	char **follows; /* ids of verdicts this line only adds detail to */
	size_t nfollows;
	char *loader; /* loaders.pat: loader name */
	char *action; /* loaders.pat: start, glued, end, meta, mute, prefix */
	const char *file;
	int line;
	void *re; /* pcre2_code_8 * */
	/* what a line needs before it is worth a pcre2_match call (see prefilter_init) */
	unsigned minlen;	 /* bytes at least */
	int first_known;	 /* first[] holds every byte a match can start with */
	unsigned char first[32]; /* a bitmap of first bytes */
};


struct vx_db;

/* Load the embedded database, or the one in DIR when dir is non-NULL.
 * On error returns -EINVAL and fills err with file:line: problem. */
int vx_db_load(const char *dir, struct vx_db **out, struct strbuf *err);
void vx_db_free(struct vx_db *db);

/* First verdict or info pattern that matches the line, or NULL. The
 * database keeps one match buffer (patterns.c): despite the const, one
 * database serves one thread at a time. */
const struct vx_pattern *vx_db_match(const struct vx_db *db, const char *line, size_t len,
				     struct vx_caps *caps);
/* First loader pattern (loaders.pat) that matches (the same buffer). */
const struct vx_pattern *vx_db_match_loader(const struct vx_db *db, const char *line, size_t len,
					    struct vx_caps *caps);
const struct vx_pattern *vx_db_find(const struct vx_db *db, const char *id);
size_t vx_db_count(const struct vx_db *db);
const struct vx_pattern *vx_db_at(const struct vx_db *db, size_t i);
/* The loader entries (loaders.pat), apart from the verdict and info ones. */
size_t vx_db_loader_count(const struct vx_db *db);
const struct vx_pattern *vx_db_loader_at(const struct vx_db *db, size_t i);
/* The statement entries (statements.pat): the first that matches the key
 * "OBJECT ERRNO: MESSAGE" src/statement.c builds (the same buffer). */
const struct vx_pattern *vx_db_match_statement(const struct vx_db *db, const char *key,
					       size_t len, struct vx_caps *caps);
size_t vx_db_statement_count(const struct vx_db *db);
const struct vx_pattern *vx_db_statement_at(const struct vx_db *db, size_t i);
/* Is NAME a category of categories.tsv (or info/loader)? */
int vx_category_known(const char *name);

/* Validate everything; prints problems to out; returns the number of problems. */
int vx_db_check(const struct vx_db *db, FILE *out);

#endif
