/* SPDX-License-Identifier: MIT */
/* The template engine: a pattern's title, explain and fix text with its
 * variables filled in (syntax: patterns/README.md, "Templates"). */
#ifndef VX_TEMPLATE_H
#define VX_TEMPLATE_H

#include "record.h"

/* Expand a template: {var} and {var|fallback}. */
char *vx_expand(const char *tmpl, const struct vx_record *r);

#endif
