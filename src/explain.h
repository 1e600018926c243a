/* SPDX-License-Identifier: MIT */
/* enrich + explain: turn one program's parsed log into its record. */
#ifndef VX_EXPLAIN_H
#define VX_EXPLAIN_H

#include "pipeline.h"
#include "record.h"
#include "template.h"
#include "vlog.h"

/* What the loader's framing said about the program. */
struct vx_prog_meta {
	char *loader, *prog, *section, *type, *kernel;
	int failed; /* a framing line said the load failed (group failed of loaders.pat) */
};

struct vx_clue;
struct vx_narrowing;

/* The record of a finished program log (never NULL): every fact the log and
 * its framing give. It is not complete yet: the input after the log may still
 * tell the program type (a bcc traceback), so vx_explain_finish() adds the
 * program type, what depends on it, the category and the words. */
struct vx_record *vx_explain(const struct vx_vlog *v, const struct vx_prog_meta *meta,
			     const struct vx_hints *hints);
/* Complete a record: clue is the strongest one the rest of the input gave
 * (src/progtype.c; NULL: none); the user's hints win over every clue. A
 * type the log's evidence rules out (NULL: none) never wins, however the
 * framing or the signature names it. */
void vx_explain_finish(struct vx_record *r, const struct vx_clue *clue,
		       const struct vx_hints *hints, const struct vx_narrowing *evidence);

#endif
