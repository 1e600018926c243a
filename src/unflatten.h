/* SPDX-License-Identifier: MIT */
/* A whole verifier log flattened onto one line, every line joined with a
 * space (a chat, a form field or an issue template did it): "func#0 @0 0:
 * R1=ctx() R10=fp0 ; int f(void *ctx) 0: (bf) r6 = r1 1: (85) call
 * unknown#195896080 invalid func unknown#195896080". Where each of its
 * lines starts: before an instruction ("N: (xx) "), a state ("N: R1=",
 * "from N to M: "), a source annotation (" ; " that no register state
 * follows: 6.x writes "; R0_w=..." after an instruction on its own line),
 * the summary, "func#N", and after a call's operand when more text follows
 * it (a verdict glued to the instruction it rejects). */
#ifndef VX_UNFLATTEN_H
#define VX_UNFLATTEN_H

#include <stddef.h>

/* The offsets the lines of s start at (cut[0] is 0), at most max; 0 when s
 * holds fewer than two instructions (it is one line, not a flattened log). */
size_t vx_flat_cuts(const char *s, size_t len, size_t *cut, size_t max);

#endif
