/* SPDX-License-Identifier: MIT */
/* The template engine: a pattern's title, explain and fix text with its
 * variables filled in (syntax: patterns/README.md, "Templates"). It knows
 * variables only, not where they come from: a record's (vx_record_vars), a
 * caller's own (triage's questions), or a few on top of a record's. */
#ifndef VX_TEMPLATE_H
#define VX_TEMPLATE_H

#include <stddef.h>

#include "record.h"

/* The variables a template sees: the N name/value pairs at V and, for a
 * name that is not among them, those of NEXT (NULL: no more). */
struct vx_vars {
	const struct vx_var *v;
	size_t n;
	const struct vx_vars *next;
};

/* A record's variables (captures, context, facts). */
static inline struct vx_vars vx_record_vars(const struct vx_record *r)
{
	return (struct vx_vars){ r->vars, r->nvars, NULL };
}

/* The value of NAME, or NULL. */
const char *vx_vars_get(const struct vx_vars *vars, const char *name);
/* Is NAME set, as explain[NAME] and {?NAME:...} test it: non-empty and not "0". */
int vx_vars_true(const struct vx_vars *vars, const char *name);

/* Expand a template (caller frees): {name}, {name|fallback}, {?name:text},
 * {!name:text}; an unknown {name} gives "?". */
char *vx_expand(const char *tmpl, const struct vx_vars *vars);

#endif
