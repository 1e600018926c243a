/* SPDX-License-Identifier: MIT */
/* statement: a loader's own statement of a failure, for an input that holds
 * no kernel log ("map create: invalid argument", "failed to attach:
 * -ENOTSUPP", a Rust "Caused by:" list, a logger's err= field). Every loader
 * words it its own way, so nothing here knows a loader: the statement is
 * read as an error chain (components split at ": "), and the words of
 * patterns/statement-words.tsv say which component names the failing step
 * (a map, BTF, CO-RE, an attach, the program's load), which only says where
 * (Go's "field X", "program X"), and which errno it ends in. The key
 * "OBJECT ERRNO: MESSAGE" is then matched against patterns/statements.pat,
 * whose entries give the category and the answer.
 *
 * The message (what the record's verdict line is) is the statement from its
 * first component that names a step, after the last "where" component a later
 * component names the step for: "loading objects: field F: program p: map
 * events: map create: invalid argument" -> "map create: invalid argument";
 * libbpf's "prog 'x': failed to attach: -ENOTSUPP" -> "failed to attach:
 * -ENOTSUPP"; a logger's header and a field's key are not part of it. The
 * object that classifies it is the innermost component that names a step
 * (the errno's own component aside: "invalid argument (without BTF k/v)" is
 * the errno, not BTF). corpus/public/README.md states the convention. */
#ifndef VX_STATEMENT_H
#define VX_STATEMENT_H

#include <stddef.h>
#include <stdio.h>

#include "caps.h"

struct vx_db;
struct vx_pattern;

enum vx_said_class {
	VX_SAID_NONE,	  /* names no step (or states no failure) */
	VX_SAID_GENERIC,  /* the whole object or collection: a restatement */
	VX_SAID_PROGRAM,  /* the program's own load: its log says why */
	VX_SAID_SPECIFIC, /* a step of its own: the statement is the answer */
};

/* One statement read. */
struct vx_said {
	enum vx_said_class cls;
	int failed;		/* it states a failure (an errno or failure words) */
	char *message;		/* the part a user quotes */
	char *line;		/* the statement as read (a field's value, no header) */
	char *cause;		/* the innermost component that is not the errno */
	const char *object;	/* statement-words.tsv's object name, or NULL */
	const char *what;	/* its words for the step */
	const char *errno_name; /* "EINVAL", or NULL */
	long errno_num;		/* 22, or 0 */
	const char *errno_words;
	const char *object_fact, *errno_fact; /* "said_object_is_map", "said_errno_is_einval" */
	const char *loader;		/* the loader whose framing line it was, or NULL */
	const struct vx_pattern *entry; /* statements.pat's entry for the key, or NULL */
	struct vx_caps caps;		/* the entry's captures */
};
void vx_said_free(struct vx_said *s);

/* Read one line (or a chain's text) as a statement; 0, or -1 when it is no
 * statement of a failure at all (out is then empty). */
int vx_said_read(const struct vx_db *db, const char *s, size_t len, struct vx_said *out);

/* The statements of one input, in order: the collector keeps the first one
 * that names a step of its own (libbpf's first refusal, before its
 * restatements "failed to load object"), in constant memory. A Rust chain
 * ("Error: ..." then "Caused by:" and its items) is read as one statement:
 * its innermost item that names a step, with the innermost errno. */
struct vx_said_lines;
struct vx_said_lines *vx_said_lines_new(const struct vx_db *db);
/* A line of the loader's (not of a kernel log), in input order; loader: the
 * loader a framing entry named for it, or NULL; framed: a framing entry knew
 * the line (one without a group err: its errno alone is no statement of a
 * permission refusal, only a step it names is). A refusal for privilege
 * (EPERM, EACCES) is a statement whatever step it names, the program's load
 * or none, when no framing entry knew its line. */
void vx_said_lines_add(struct vx_said_lines *c, const char *s, size_t len, const char *loader,
		       int framed);
/* The statement the input's loader lines make, or NULL. */
const struct vx_said *vx_said_lines_best(struct vx_said_lines *c);
/* Did some line state that the program's load failed (class program or
 * generic, with an errno or failure words)? */
int vx_said_lines_load_failed(struct vx_said_lines *c);
void vx_said_lines_free(struct vx_said_lines *c);

/* The record's variables for a statement (said_object, said_what, said_errno,
 * said_errno_num, said_errno_words, said_cause, said_line and the facts
 * said_object_is_OBJECT, said_errno_is_ERRNO), added to caps after the
 * entry's own captures (names are static, values copies). */
void vx_said_caps(const struct vx_said *s, struct vx_caps *caps);

/* `vexplain patterns check`: each example of a statement entry, "OBJECT
 * ERRNO: MESSAGE", must be what reading MESSAGE gives; statement-words.tsv
 * must read whole. Returns the number of problems, printed to out. */
int vx_statement_check(const struct vx_db *db, const struct vx_pattern *p, FILE *out);
int vx_statement_words_check(const char *path, char *text, FILE *out);

#endif
