/* SPDX-License-Identifier: MIT */
/* Per-line prefix inference for unwrap: a wrapper (a test runner's counter,
 * a logger's timestamp and level, a container's name, a CI runner's
 * timestamp) writes the same kind of text before every line. The lines that
 * hold verifier output show where that text ends: the verifier's own shapes
 * ("N: (xx) ...", "RN=...", "processed N insns", "from N to M:") start
 * there. Two such lines in a row with prefixes of the same shape (digits,
 * lower- and upper-case words and blanks generalised, punctuation literal)
 * confirm it, and it is stripped from every line it fits, including the
 * verdict and the loader's own lines. No wrapper is named anywhere. */
#ifndef VX_PREFIX_H
#define VX_PREFIX_H

#include <stddef.h>

#define VX_SHAPE_MAX 96 /* tokens: a longer text before the log is no prefix (two wrappers
			  * in one: journald around a logger's time=... level=... msg=") */

struct vx_shape {
	size_t n;
	unsigned char cls[VX_SHAPE_MAX]; /* 'D', 'l', 'U', 'S', or 0 for a literal */
	unsigned char lit[VX_SHAPE_MAX];
};

struct vx_prefix {
	struct vx_shape have; /* confirmed; have.n == 0: none */
	struct vx_shape cand; /* seen once, waiting for a second line */
	int cand_set;
};

/* The offset of the leftmost verifier line shape in s (at a word boundary),
 * or -1. 0 means a bare verifier line. */
long vx_log_offset(const char *s);
/* vx_log_offset(s) == 0 without scanning the rest of the line. */
int vx_log_starts(const char *s);
/* Would vx_prefix_see(p, s, 0) change nothing that can be observed? With
 * no prefix confirmed and no candidate pending, a bare line only confirms
 * that there is none: the fast path of a bare log skips the call. */
static inline int vx_prefix_bare(const struct vx_prefix *p)
{
	return !p->have.n && (!p->cand_set || !p->cand.n);
}
/* A verifier line found at off: learn the shape of s[0, off). */
void vx_prefix_see(struct vx_prefix *p, const char *s, size_t off);
/* The length of the confirmed prefix where s starts with one, else 0. */
size_t vx_prefix_len(const struct vx_prefix *p, const char *s);
static inline int vx_prefix_active(const struct vx_prefix *p)
{
	return p->have.n > 0;
}
/* A line with no verifier shape: one that starts with the same kind of text
 * as the candidate confirms it. */
void vx_prefix_other(struct vx_prefix *p, const char *s);
/* With a prefix that opens a value (msg="), is s the prefix's fields with
 * no message at all (a logger's empty line)? */
int vx_prefix_empty_msg(const struct vx_prefix *p, const char *s);
/* Does the confirmed prefix end by opening a quoted value (key=" or key:")? */
int vx_prefix_quoted(const struct vx_prefix *p);

#endif
