/* SPDX-License-Identifier: MIT */
/* unwrap's line shapes: tests on one line of loader output that need no
 * state of the unwrapper's (src/unwrap.c uses them to decide how to read
 * the line). */
#ifndef VX_UNWRAP_SHAPES_H
#define VX_UNWRAP_SHAPES_H

#include <stddef.h>

/* "...\n0: (b7) r2 = 0\n...": a log pasted as one escaped string. */
int vx_looks_escaped_log(const char *s);
/* Quotes of kind q in s, not counting escaped ones. */
size_t vx_count_quotes(const char *s, size_t len, char q);
/* Does a quoted value open at s[i] (key="...", "key":"...", Err("..."))? */
int vx_opens_value(const char *s, size_t i);
/* A Markdown code fence (``` or ~~~, with an info string). */
int vx_is_fence(const char *s);
/* <details>, <summary>, <pre> and their ends: an issue's HTML around a paste. */
int vx_is_html_wrapper(const char *s);
/* Does s leave a key's quoted value open (key="..., "key": "...)? */
int vx_opens_key_value(const char *s, size_t len);

#endif
