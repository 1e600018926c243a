/* SPDX-License-Identifier: MIT */
/* triage's parts, for its own files only: triage_rules.c (patterns/triage.tsv),
 * triage_facts.c (kernel, loader, program type from the text and the logs),
 * triage.c (the logs, questions, links, the command), triage_render.c
 * (Markdown and JSON). */
#ifndef VX_TRIAGE_H
#define VX_TRIAGE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdio.h>

#include "record.h"
#include "util.h"

#define TRIAGE_DATA "patterns/triage.tsv"
#define MAX_FACTS 32

/* One line of triage.tsv: its kind and the columns after it. */
struct rule {
	char *kind;
	char *col[4];
	size_t ncol;
	pcre2_code *re; /* the kind's regex column, compiled (NULL: none) */
	int line;
};

struct rules {
	struct rule *v;
	size_t n;
};

struct fact {
	char *value;	/* kernel release, loader name, program type */
	char *version;	/* loaders only */
	char *from;	/* how it was known: "text", "log", "section", ... */
	char *evidence; /* the text that said it */
	size_t pos;	/* where the text said it (facts from the logs: after it) */
};

struct fact_list {
	struct fact v[MAX_FACTS];
	size_t n;
};

struct facts {
	struct fact_list kernel, loader, type;
};

struct question {
	const char *id;
	char *text;
};

struct link {
	char *url;
	char *text;
	const char *pattern;
};

struct triage {
	struct rules rules;
	struct facts facts;
	struct vx_record **recs;
	size_t nrecs;
	struct question *q;
	size_t nq;
	struct link *links;
	size_t nlinks;
	const char *text;
	size_t len;
	int annotated;	/* the text has a source annotation somewhere */
	int load_error; /* no log, but a load error */
};

/* triage_rules.c: the embedded triage.tsv, checked and compiled. Errors go
 * to err, one line each; returns 0 or -errno. */
int triage_rules_load(struct rules *rs, struct strbuf *err);
void triage_rules_free(struct rules *rs);
/* Is there a KIND line whose first column is VALUE? */
int triage_rule_listed(const struct rules *rs, const char *kind, const char *value);
const struct rule *triage_rule_find(const struct rules *rs, const char *kind, const char *key);
/* Does the rule's regex match the LEN bytes at S anywhere? */
int triage_rule_matches(const struct rule *ru, pcre2_match_data *md, const char *s, size_t len);
/* Iterate over the matches of a rule's regex in text from *off. Returns 1
 * with *m (whole match) and *g (the named group, NULL when it did not take
 * part) allocated, 0 at the end. */
int triage_next_match(const struct rule *ru, pcre2_match_data *md, const char *text, size_t len,
		      size_t *off, const char *group, char **m, char **g);
/* The how-to text of a loader for a need; NULL when the question does not
 * apply to that loader ("-"). */
const char *triage_howto(const struct rules *rs, const char *loader, const char *need);
int triage_has_howto(const struct rules *rs, const char *loader);

/* triage_facts.c */
void triage_gather_text_facts(struct triage *t);
/* In the order the issue states them: its first kernel is the one it is about. */
void triage_sort_facts(struct facts *fs);
void triage_gather_record_facts(struct triage *t);
void triage_facts_free(struct facts *fs);
/* The first match of any rule of a kind, or NULL (caller frees). */
char *triage_text_matches(const struct triage *t, const char *kind);
/* The type the text states for every program, when it states exactly one. */
const char *triage_single_text_type(const struct facts *fs);

/* triage.c */
size_t triage_count_verdict(const struct triage *t, enum vx_verdict v);

/* triage_render.c: 0, or -EPIPE when OUT failed. */
int triage_render_markdown(FILE *out, const struct triage *t);
int triage_render_json(FILE *out, const struct triage *t);

#endif
