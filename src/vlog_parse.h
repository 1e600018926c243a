/* SPDX-License-Identifier: MIT */
/* The parse's own parts, shared by its files (not for other stages):
 * vlog.c (line kinds, the log's facts, the excerpt ring), vlog_state.c
 * (register-state listings: the SIMD tokenizer, null origins) and
 * vlog_insn.c (instruction lines: calls, writers, visits, and the memo of
 * what an instruction's text said). */
#ifndef VX_VLOG_PARSE_H
#define VX_VLOG_PARSE_H

#include <stddef.h>
#include <string.h>

#include "util.h"
#include "vlog.h"

/* atol() of an instruction index at *s, moving *s past its digits, without
 * strtol's locale and base work: this runs on every instruction line.
 * Saturates rather than overflow. */
static inline long index_at(const char **s)
{
	long n = 0;
	const char *p = *s;
	for (; is_digit(*p); p++)
		n = n < (1L << 48) ? n * 10 + (*p - '0') : n;
	*s = p;
	return n;
}

static inline long index_of(const char *s)
{
	return index_at(&s);
}

/* Register r's latest token is [tok, tok + n): kept as a pointer while the
 * line is stable (vx_vlog_settle copies it), copied otherwise. */
static inline void set_reg(struct vx_vlog *v, int r, const char *tok, size_t n)
{
	if (v->stable) {
		v->reg_src[r] = tok;
		v->reg_len[r] = n;
	} else {
		v->reg_src[r] = NULL;
		sb_reset(&v->cur.regs[r]);
		sb_add(&v->cur.regs[r], tok, n);
	}
}

/* vlog_state.c */
/* Level 2 prints each state twice in a row: 0 for a repeat that changes
 * nothing, else 1 (s is kept as the last state text). */
int vl_state_is_new(struct vx_vlog *v, const char *s, size_t len);
/* The registers of a state listing [s, s + len) (lead bytes before s may be
 * read); *nulls: it holds "_or_null". Returns the registers seen. */
unsigned vl_state_tokens(struct vx_vlog *v, const char *s, size_t len, size_t lead, int *nulls);
/* A state listing, unless it repeats the last one. */
void vl_parse_state(struct vx_vlog *v, const char *s, size_t len, size_t lead);

/* vlog_insn.c */
/* An instruction line "N: (xx) ..." (VL_INSN) of len bytes. */
void vl_add_insn(struct vx_vlog *v, const char *s, size_t len);

#endif
