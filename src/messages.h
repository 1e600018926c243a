/* SPDX-License-Identifier: MIT */
/* vexplain's own words (patterns/messages.tsv): the answer for a record no
 * pattern entry explains (a verdict no entry knows, a log cut before its
 * verdict, an input with no log), and what every answer gets from the
 * kernel's own diagnosis. */
#ifndef VX_MESSAGES_H
#define VX_MESSAGES_H

#include <stddef.h>
#include <stdio.h>

#include "patterns.h"

/* The words for one situation: templates, as an entry of a .pat file has them. */
struct vx_message {
	const char *title; /* NULL: none */
	const struct vx_tmpl *explain;
	size_t nexplain;
	const struct vx_tmpl *fix;
	size_t nfix;
};

/* The built-in words for ID ("unknown", "truncated", "diagnosis", "no-log",
 * "no-log-issue"); a message with no templates when the file has none for
 * it, NULL for any other ID. */
const struct vx_message *vx_message(const char *id);

/* `vexplain patterns check`: the problems of messages.tsv's TEXT (shown as
 * PATH), one "path:line: why" line each on out; returns their count. */
int vx_messages_check(const char *path, const char *text, FILE *out);

#endif
