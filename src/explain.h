/* SPDX-License-Identifier: MIT */
/* enrich + explain: turn one program's parsed log into its record. */
#ifndef VX_EXPLAIN_H
#define VX_EXPLAIN_H

#include "pipeline.h"
#include "record.h"
#include "vlog.h"

/* What the loader's framing said about the program. */
struct vx_prog_meta {
	char *loader, *prog, *section, *type, *kernel;
};

/* Build the record of a finished program log (never NULL). */
struct vx_record *vx_explain(const struct vx_vlog *v, const struct vx_prog_meta *meta,
			     const struct vx_hints *hints);

/* Expand a template: {var} and {var|fallback}. */
char *vx_expand(const char *tmpl, const struct vx_record *r);

/* Set (or replace) a template variable of the record. */
void vx_record_set(struct vx_record *r, const char *name, const char *value);

#endif
