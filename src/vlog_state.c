// SPDX-License-Identifier: MIT
/* parse: register-state listings ("R1_w=map_value_or_null(id=1,...) R10=fp0
 * fp-8=mmmm"), the bulk of a level-2 log's bytes. The tokenizer finds its
 * stops sixteen, 32 or 64 bytes at a time (SSE2, AVX2) and looks only at
 * them; each register's latest token and where a maybe-NULL pointer came
 * from are kept. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vlog_parse.h"

/* The bytes the state tokenizer stops at, as bit masks over 64 bytes
 * (bit i: byte i): blanks, parentheses and '_' (which may begin
 * "_or_null"). */
struct stops {
	uint64_t sp, op, cp, us;
};

/* The n <= 16 bytes at p, at bit 'at' of st. */
static void stops_bytes(const char *p, size_t n, struct stops *st, int at)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t bit = (uint64_t)1 << (at + i);
		st->sp |= p[i] == ' ' ? bit : 0;
		st->op |= p[i] == '(' ? bit : 0;
		st->cp |= p[i] == ')' ? bit : 0;
		st->us |= p[i] == '_' ? bit : 0;
	}
}

#ifdef __SSE2__
#include <emmintrin.h>

/* The 16 bytes at p, shifted right by cut (bytes before the text's start
 * when a short tail is read as the 16 bytes before its end). */
static inline __attribute__((always_inline)) uint64_t eq16(__m128i x, char c, int cut)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(c))) >> cut;
}

static inline __attribute__((always_inline)) void stops16(const char *p, int cut, struct stops *st,
							  int at)
{
	__m128i x = _mm_loadu_si128((const __m128i *)p);
	st->sp |= eq16(x, ' ', cut) << at;
	st->op |= eq16(x, '(', cut) << at;
	st->cp |= eq16(x, ')', cut) << at;
	st->us |= eq16(x, '_', cut) << at;
}
#else
static inline void stops16(const char *p, int cut, struct stops *st, int at)
{
	stops_bytes(p + cut, 16 - cut, st, at);
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

__attribute__((target("avx2"))) static uint64_t eq64(__m256i a, __m256i b, char c)
{
	__m256i x = _mm256_set1_epi8(c);
	uint64_t lo = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, x));
	uint64_t hi = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, x));
	return lo | hi << 32;
}

/* The 64 bytes at p, 32 at a time. */
__attribute__((target("avx2"))) static void stops64_avx2(const char *p, struct stops *st)
{
	__m256i a = _mm256_loadu_si256((const __m256i *)p);
	__m256i b = _mm256_loadu_si256((const __m256i *)(p + 32));
	st->sp = eq64(a, b, ' ');
	st->op = eq64(a, b, '(');
	st->cp = eq64(a, b, ')');
	st->us = eq64(a, b, '_');
}
#endif

/* The stops of s[i, min(i + 64, len)), reading nothing outside s but the
 * lead bytes before it: a tail is read as the 16 bytes before its end when
 * there are 16. */
static void stops_at(const char *s, size_t i, size_t len, size_t lead, struct stops *st)
{
	*st = (struct stops){ 0 };
	if (len - i >= 64) {
#if defined(__x86_64__) && defined(__GNUC__)
		if (vx_have_avx2()) {
			stops64_avx2(s + i, st);
			return;
		}
#endif
		stops16(s + i, 0, st, 0);
		stops16(s + i + 16, 0, st, 16);
		stops16(s + i + 32, 0, st, 32);
		stops16(s + i + 48, 0, st, 48);
		return;
	}
	for (int at = 0; at < 64 && i + at < len; at += 16) {
		size_t n = len - i - at;
		if (n >= 16)
			stops16(s + i + at, 0, st, at);
		else if (len + lead >= 16)
			stops16(s + len - 16, 16 - n, st, at);
		else
			stops_bytes(s + i + at, n, st, at);
	}
}

/* Bits [a, b) of a 64-bit mask, 0 <= a <= b <= 64 */
static uint64_t bits(int a, int b)
{
	if (a >= 64)
		return 0;
	uint64_t hi = b >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << b) - 1;
	return hi & ~(((uint64_t)1 << a) - 1);
}

/* "(bf) r6 = r0" -> 0 when dst is 6: the source of a register copy, or -1. */
static int copied_reg(const char *insn_text, int dst)
{
	int d, src;
	char end;
	if (sscanf(insn_text, "(bf) r%d = r%d%c", &d, &src, &end) != 2 || d != dst)
		return -1;
	return src >= 0 && src < VX_NREGS && src != dst ? src : -1;
}

/* Register r became maybe-NULL at the current instruction. */
__attribute__((noinline)) static void null_origin(struct vx_vlog *v, int r)
{
	struct vx_null_origin *o = &v->null_origin[r];
	/* "rA = rB" copies rB's maybe-NULL pointer: rB's origin (the lookup
	 * or reserve call) is the one worth naming */
	int from = copied_reg(sb_str(&v->cur.insn_text), r);
	if (from >= 0 && v->null_origin[from].insn >= 0) {
		*o = v->null_origin[from];
		return;
	}
	o->insn = v->cur.insn;
	snprintf(o->text, sizeof(o->text), "%s", sb_str(&v->cur.insn_text));
	o->src_line = v->cur.src_line;
	snprintf(o->src_text, sizeof(o->src_text), "%s", sb_str(&v->cur.src_text));
}

/* One token of a state listing, [tok, e): "R1_w=map_value_or_null(id=1,...)".
 * null_at: the token's last "_or_null", or NULL. */
static void state_token(struct vx_vlog *v, const char *tok, const char *e, const char *null_at,
			unsigned *seen)
{
	if (tok[0] != 'R' || !is_digit(tok[1]))
		return;
	long r = index_of(tok + 1);
	if (r >= VX_NREGS)
		return;
	const char *eq = tok + 2;
	while (eq < e && *eq != '=')
		eq++;
	if (eq == e)
		return;
	if (*seen & (1u << r))
		v->last_state_once = 0;
	*seen |= 1u << r;
	int was_null = (v->null_regs >> r) & 1;
	set_reg(v, (int)r, tok, e - tok); /* cur.regs[r], if no other comes */
	/* the value's, not the name's ("R1_w") */
	if (!null_at || null_at <= eq) {
		v->null_regs &= ~(1u << r);
		return;
	}
	v->null_regs |= 1u << r;
	if (!was_null)
		null_origin(v, (int)r);
}

/* Level 2 prints each state twice in a row ("from 80 to 82: STATE", then
 * "82: STATE"): parsing the same text again right after changes nothing
 * when no register appeared twice in it (in multi-frame listings the
 * second R1 could turn a null origin on again). Returns 0 for such a
 * repeat; else keeps s as the last state text and returns 1. */
int vl_state_is_new(struct vx_vlog *v, const char *s, size_t len)
{
	const char *last = v->last_state_src ? v->last_state_src : v->last_state.buf;
	size_t last_len = v->last_state_src ? v->last_state_len : v->last_state.len;
	if (v->last_state_once && len == last_len && !memcmp(s, last, len))
		return 0;
	if (v->stable) {
		v->last_state_src = s;
		v->last_state_len = len;
	} else {
		v->last_state_src = NULL;
		sb_reset(&v->last_state);
		sb_add(&v->last_state, s, len);
	}
	return 1;
}

struct tokenizer {
	const char *s, *end; /* the listing */
	const char *tok;     /* where the current token starts */
	const char *null_at; /* its last "_or_null", or NULL */
	int depth;	     /* of parentheses */
	int nulls;	     /* the listing holds "_or_null" */
	unsigned seen;	     /* registers */
};

/* A block's stops one by one, in order (a block where "_or_null" appears). */
static void walk_stops(struct vx_vlog *v, struct tokenizer *t, const char *base,
		       const struct stops *st)
{
	for (uint64_t m = st->sp | st->op | st->cp | st->us; m; m &= m - 1) {
		uint64_t bit = m & -m;
		const char *p = base + __builtin_ctzll(m);
		if (st->op & bit) {
			t->depth++;
		} else if (st->cp & bit) {
			t->depth -= t->depth > 0;
		} else if (st->us & bit) {
			/* "_or_null" holds no stop: it ends in this token */
			if (t->end - p >= 8 && !memcmp(p, "_or_null", 8))
				t->null_at = p, t->nulls = 1;
		} else if (!t->depth) {
			state_token(v, t->tok, p, t->null_at, &t->seen);
			t->tok = p + 1;
			t->null_at = NULL;
		}
	}
}

/* The same for a block with no "_or_null": the parentheses give the
 * stretches at depth 0 and the blanks there end tokens. */
static void walk_blanks(struct vx_vlog *v, struct tokenizer *t, const char *base,
			const struct stops *st)
{
	uint64_t flat = 0; /* bytes at depth 0 */
	int from = 0;
	for (uint64_t m = st->op | st->cp; m; m &= m - 1) {
		int at = __builtin_ctzll(m);
		if (!t->depth)
			flat |= bits(from, at);
		if (st->op & (m & -m))
			t->depth++;
		else
			t->depth -= t->depth > 0;
		from = at + 1;
	}
	if (!t->depth)
		flat |= bits(from, 64);
	for (uint64_t m = st->sp & flat; m; m &= m - 1) {
		const char *p = base + __builtin_ctzll(m);
		state_token(v, t->tok, p, t->null_at, &t->seen);
		t->tok = p + 1;
		t->null_at = NULL;
	}
}

/* State listings: "R1_w=map_value_or_null(id=1,...) R10=fp0 fp-8=mmmm",
 * after "; " or in a state line. A token ends at a space outside
 * parentheses ("var_off=(0x0; 0xfff)" holds one). State lines of level-2
 * logs run to kilobytes and are most of their bytes: the stops are found
 * sixteen bytes at a time, 64 at once, and only they are looked at.
 * Returns the registers seen; *nulls: the listing holds "_or_null". lead:
 * the bytes before s that may be read (s is in a line). */
unsigned vl_state_tokens(struct vx_vlog *v, const char *s, size_t len, size_t lead, int *nulls)
{
	struct tokenizer t = { .s = s, .end = s + len, .tok = s };
	v->last_state_once = 1;
	for (size_t i = 0; i < len; i += 64) {
		struct stops st;
		stops_at(s, i, len, lead, &st);
		int null = 0;
		for (uint64_t m = st.us; m && !null; m &= m - 1) {
			const char *p = s + i + __builtin_ctzll(m);
			null = t.end - p >= 8 && !memcmp(p, "_or_null", 8);
		}
		if (null)
			walk_stops(v, &t, s + i, &st);
		else
			walk_blanks(v, &t, s + i, &st);
	}
	state_token(v, t.tok, s + len, t.null_at, &t.seen);
	*nulls = t.nulls;
	return t.seen;
}

void vl_parse_state(struct vx_vlog *v, const char *s, size_t len, size_t lead)
{
	int nulls;
	if (vl_state_is_new(v, s, len))
		vl_state_tokens(v, s, len, lead, &nulls);
}
