// SPDX-License-Identifier: MIT
/* parse: classify verifier log lines and keep the failing instruction's
 * context. Hand-written matching, not regexes: this runs on every line of
 * logs that reach hundreds of megabytes. */
#include "vlog.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VX_MAX_VISITS (1u << 20) /* the verifier's own 1M instruction limit */
/* Text gathered over several lines (the kernel's diagnosis fields, the
 * detail lines after a verdict) stops growing here: a hostile or runaway
 * input must not make memory grow with its length. */
#define VX_GATHER_MAX 4096

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *skip_digits(const char *s)
{
	while (is_digit(*s))
		s++;
	return s;
}

/* atol() of an instruction index at *s, moving *s past its digits, without
 * strtol's locale and base work: this runs on every instruction line.
 * Saturates rather than overflow. */
static long index_at(const char **s)
{
	long n = 0;
	const char *p = *s;
	for (; is_digit(*p); p++)
		n = n < (1L << 48) ? n * 10 + (*p - '0') : n;
	*s = p;
	return n;
}

static long index_of(const char *s)
{
	return index_at(&s);
}

/* A line that starts with an instruction index: "6: (85) call ...", "6: R1=ctx()" */
static enum vx_line_kind classify_numbered(const char *s)
{
	const char *p = skip_digits(s);
	if (p[0] == ':' && p[1] == '\0')
		return VL_STATE;
	if (p[0] != ':' || p[1] != ' ')
		return VL_OTHER;
	p += 2;
	if (p[0] == '(' && p[1] && p[2] && p[3] == ')')
		return VL_INSN;
	if ((p[0] == 'R' && is_digit(p[1])) || starts_with(p, "frame") || starts_with(p, "fp-") ||
	    starts_with(p, "safe"))
		return VL_STATE;
	/* live register listing: "16: 0......... (95) exit" (6.x) */
	size_t n = strspn(p, "0123456789.");
	if (n >= 10 && p[n] == ' ' && p[n + 1] == '(')
		return VL_FUNC;
	return VL_OTHER;
}

enum vx_line_kind vx_classify_line(const char *s)
{
	if (!*s)
		return VL_BLANK;
	if (is_digit(*s))
		return classify_numbered(s);
	/* an elision in a pasted log: "..", "....", "…" */
	if ((s[0] == '.' && s[1] == '.' && !s[strspn(s, ".")]) ||
	    (s[0] == '\xe2' && !strcmp(s, "\u2026")))
		return VL_BLANK;
	switch (*s) {
	case ';':
		if (s[1] == ' ' || !s[1])
			return VL_SOURCE;
		break;
	case 'R': { /* 4.x/5.x state line after a branch: " R0=inv(id=0) R1=..." */
		const char *p = skip_digits(s + 1);
		if (p > s + 1 && (p[0] == '=' || (p[0] == '_' && strchr(p, '=') && strchr(p, '=') - p < 4)))
			return VL_STATE;
		break;
	}
	case 'f':
		if (starts_with(s, "from ") && is_digit(s[5]))
			return VL_STATE;
		/* "frame1: R1=..." but not "frame pointer is read only" */
		if (starts_with(s, "func#") || (starts_with(s, "frame") && is_digit(s[5])))
			return VL_FUNC;
		break;
	case 'F':
		if (starts_with(s, "Func#"))
			return VL_FUNC;
		break;
	case 'p':
		if (starts_with(s, "processed ") && is_digit(s[10]))
			return VL_PROCESSED;
		if (starts_with(s, "parent didn't") || starts_with(s, "parent already") ||
		    starts_with(s, "propagating "))
			return VL_PRECISE;
		break;
	case 'm':
		if (starts_with(s, "mark_precise: "))
			return VL_PRECISE;
		break;
	case 'v': /* the summary after "processed": "verification time 424 usec" */
		if (starts_with(s, "verification time "))
			return VL_FUNC;
		break;
	case 's':
		if (starts_with(s, "stack depth "))
			return VL_FUNC;
		break;
	case 'r':
		if (starts_with(s, "regs="))
			return VL_PRECISE;
		break;
	case 'c':
		if (starts_with(s, "caller:") || starts_with(s, "callee:"))
			return VL_FUNC;
		if (starts_with(s, "cur state:"))
			return VL_STATE;
		break;
	case '(': /* "(0) live stack update done in 2 iterations" (6.18 liveness) */
		if (is_digit(s[1]) && skip_digits(s + 1)[0] == ')')
			return VL_FUNC;
		break;
	case 'o': /* infinite loop detection prints both states */
		if (starts_with(s, "old state:"))
			return VL_STATE;
		break;
	case 'l':
		if (starts_with(s, "libbpf: "))
			return VL_LOADER;
		if (starts_with(s, "last_idx "))
			return VL_PRECISE;
		break;
	case 'V':
		if (starts_with(s, "Validating "))
			return VL_FUNC;
		if (starts_with(s, "Verification failed:"))
			return VL_KDIAG;
		break;
	case 'L':
		if (starts_with(s, "Live regs before insn:"))
			return VL_FUNC;
		break;
	}
	return VL_OTHER;
}

/* s starts with the literal lit (len: strlen(s)); memcmp of a constant
 * length compiles to a few word compares. */
#define HAS(s, len, lit) ((len) >= sizeof(lit) - 1 && !memcmp(s, lit, sizeof(lit) - 1))

int vx_plain_kind(const char *s, size_t len)
{
	if (is_digit(*s)) {
		const char *p = skip_digits(s);
		if (p[0] != ':' || p[1] != ' ')
			return -1;
		p += 2;
		size_t rest = len - (p - s);
		if (p[0] == '(') /* "5: (b7) ..."; "5: (" alone is no instruction */
			return p[1] && p[2] && p[3] == ')' ? VL_INSN : VL_OTHER;
		if ((p[0] == 'R' && is_digit(p[1])) || HAS(p, rest, "frame") || HAS(p, rest, "fp-") ||
		    HAS(p, rest, "safe"))
			return VL_STATE;
		return -1;
	}
	switch (*s) {
	case ';':
		return s[1] == ' ' || !s[1] ? VL_SOURCE : -1;
	case 'f':
		return HAS(s, len, "from ") && is_digit(s[5]) ? VL_STATE : -1;
	case 'm':
		return HAS(s, len, "mark_precise: ") ? VL_PRECISE : -1;
	case 'l':
		return HAS(s, len, "last_idx ") ? VL_PRECISE : -1;
	case 'r':
		return HAS(s, len, "regs=") ? VL_PRECISE : -1;
	case 'p':
		return HAS(s, len, "parent didn't") || HAS(s, len, "parent already") ? VL_PRECISE : -1;
	}
	return -1;
}

int vx_reg_index(const char *reg)
{
	if (!reg || (reg[0] != 'R' && reg[0] != 'r') || !is_digit(reg[1]))
		return -1;
	int n = atoi(reg + 1);
	return n >= 0 && n < VX_NREGS ? n : -1;
}

static void ctx_init(struct vx_context *c)
{
	memset(c, 0, sizeof(*c));
	c->insn = -1;
	c->src_line = -1;
}

static void ctx_free(struct vx_context *c)
{
	sb_free(&c->insn_text);
	sb_free(&c->src_file);
	sb_free(&c->src_text);
	for (int i = 0; i < VX_NREGS; i++)
		sb_free(&c->regs[i]);
}

/* sb = the n bytes at s (sb_reset and sb_add; per instruction line). */
static void sb_put(struct strbuf *sb, const char *s, size_t n)
{
	if (n >= sb->cap) {
		sb_reset(sb);
		sb_add(sb, s, n);
		return;
	}
	memcpy(sb->buf, s, n);
	sb->buf[n] = '\0';
	sb->len = n;
}

static void sb_set(struct strbuf *dst, const struct strbuf *src)
{
	sb_reset(dst);
	sb_add(dst, sb_str(src), src->len);
}

static void ctx_copy(struct vx_context *dst, const struct vx_context *src)
{
	dst->insn = src->insn;
	dst->src_line = src->src_line;
	sb_set(&dst->insn_text, &src->insn_text);
	sb_set(&dst->src_file, &src->src_file);
	sb_set(&dst->src_text, &src->src_text);
	for (int i = 0; i < VX_NREGS; i++)
		sb_set(&dst->regs[i], &src->regs[i]);
}

void vx_vlog_init(struct vx_vlog *v)
{
	memset(v, 0, sizeof(*v));
	ctx_init(&v->cur);
	ctx_init(&v->at);
	v->processed_insns = v->insn_limit = v->max_states_per_insn = -1;
	v->total_states = v->peak_states = -1;
	v->hot_insn = v->hot_src_line = -1;
	for (int i = 0; i < VX_NREGS; i++) {
		v->null_origin[i].insn = -1;
		v->writer[i].insn = -1;
	}
	v->pending_reg = -1;
}

void vx_vlog_free(struct vx_vlog *v)
{
	ctx_free(&v->cur);
	ctx_free(&v->at);
	sb_free(&v->ctx_struct);
	sb_free(&v->verdict);
	sb_free(&v->verdict_detail);
	sb_free(&v->said);
	sb_free(&v->last_state);
	vx_caps_clear(&v->caps);
	free(v->visits);
	free(v->memo);
	sb_free(&v->kdiag_head);
	sb_free(&v->kdiag_reason);
	sb_free(&v->kdiag_at);
	sb_free(&v->kdiag_path);
	sb_free(&v->kdiag_suggestion);
}

void vx_vlog_reset(struct vx_vlog *v)
{
	struct vx_insn_memo *memo = v->memo; /* true of any program's lines */
	v->memo = NULL;
	vx_vlog_free(v);
	vx_vlog_init(v);
	v->memo = memo;
}

int vx_vlog_empty(const struct vx_vlog *v)
{
	return !v->saw_insn && !v->have_verdict && !v->saw_processed;
}

static void ring_push(struct vx_vlog *v, const char *s, size_t len, int stable)
{
	size_t h = v->ring_head;
	if (len >= VX_RING_WIDTH)
		len = VX_RING_WIDTH - 1;
	if (stable) {
		v->ring_src[h] = s;
		v->ring_len[h] = len;
	} else {
		v->ring_src[h] = NULL;
		memcpy(v->ring[h], s, len);
		v->ring[h][len] = '\0';
	}
	v->ring_head = h + 1 == VX_RING ? 0 : h + 1;
	if (v->ring_count < VX_RING)
		v->ring_count++;
}

void vx_vlog_settle(struct vx_vlog *v)
{
	if (v->last_state_src) {
		sb_reset(&v->last_state);
		sb_add(&v->last_state, v->last_state_src, v->last_state_len);
		v->last_state_src = NULL;
	}
	for (int r = 0; r < VX_NREGS; r++) {
		if (!v->reg_src[r])
			continue;
		sb_reset(&v->cur.regs[r]);
		sb_add(&v->cur.regs[r], v->reg_src[r], v->reg_len[r]);
		v->reg_src[r] = NULL;
	}
	for (size_t i = 0; i < VX_RING; i++) {
		if (!v->ring_src[i])
			continue;
		memcpy(v->ring[i], v->ring_src[i], v->ring_len[i]);
		v->ring[i][v->ring_len[i]] = '\0';
		v->ring_src[i] = NULL;
	}
}

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
static inline __attribute__((always_inline)) void stops16(const char *p, int cut,
								  struct stops *st, int at)
{
	__m128i x = _mm_loadu_si128((const __m128i *)p);
	st->sp |= (uint64_t)((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' '))) >> cut) << at;
	st->op |= (uint64_t)((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('('))) >> cut) << at;
	st->cp |= (uint64_t)((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(')'))) >> cut) << at;
	st->us |= (uint64_t)((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('_'))) >> cut) << at;
}
#else
static inline void stops16(const char *p, int cut, struct stops *st, int at)
{
	stops_bytes(p + cut, 16 - cut, st, at);
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

static int have_avx2(void)
{
	static int avx2 = -1;
	if (avx2 < 0)
		avx2 = __builtin_cpu_supports("avx2");
	return avx2;
}

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
		if (have_avx2()) {
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

/* Register r's latest token is [tok, tok + n): kept as a pointer while the
 * line is stable (vx_vlog_settle copies it), copied otherwise. */
static void set_reg(struct vx_vlog *v, int r, const char *tok, size_t n)
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
static int state_is_new(struct vx_vlog *v, const char *s, size_t len)
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
static unsigned state_tokens(struct vx_vlog *v, const char *s, size_t len, size_t lead,
			     int *nulls)
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

static void parse_state(struct vx_vlog *v, const char *s, size_t len, size_t lead)
{
	int nulls;
	if (state_is_new(v, s, len))
		state_tokens(v, s, len, lead, &nulls);
}

/* "call bpf_probe_read#4", "call unknown#195896080", "call pc+3": where
 * the callee's name starts in text (n bytes), or NULL */
static const char *call_of(const char *text, size_t n)
{
	if (n >= 10 && !memcmp(text, "(85) call ", 10))
		return text + 10;
	/* strstr(text, "call "), keyed on the rarer 'l' */
	for (const char *l = text; (l = memchr(l, 'l', text + n - l)); l++)
		if (l - text >= 2 && text + n - l >= 3 && !memcmp(l - 2, "call ", 5))
			return l + 3;
	return NULL;
}

/* The helper an instruction calls: its id (-1: none) and where its name
 * starts and ends in text (tlen bytes). */
static long callee_of(const char *text, size_t tlen, const char **name, size_t *n)
{
	const char *c = call_of(text, tlen);
	if (!c)
		return -1;
	const char *hash = memchr(c, '#', text + tlen - c);
	if (!hash || hash + 1 == text + tlen || !is_digit(hash[1]))
		return -1;
	*name = c;
	*n = hash - c;
	return index_of(hash + 1);
}

static void note_call(struct vx_vlog *v, long id, const char *name, size_t n)
{
	if (id < 0)
		return;
	if (id < 256)
		v->helpers_called[id / 8] |= 1u << (id % 8);
	if (v->ncalls < ARRAY_SIZE(v->calls)) {
		typeof(v->calls[0]) *e = &v->calls[v->ncalls++];
		e->insn = v->cur.insn;
		e->helper_id = (int)id;
		e->src_line = v->cur.src_line;
		if (n > sizeof(e->name) - 1)
			n = sizeof(e->name) - 1;
		memcpy(e->name, name, n);
		e->name[n] = '\0';
	}
}

static void count_visit(struct vx_vlog *v, long insn, const char *text)
{
	if (insn < 0 || (unsigned long)insn >= VX_MAX_VISITS)
		return;
	if ((size_t)insn >= v->nvisits) {
		size_t n = v->nvisits ? v->nvisits : 1024;
		while (n <= (size_t)insn)
			n *= 2;
		v->visits = xrealloc(v->visits, n * sizeof(*v->visits));
		memset(v->visits + v->nvisits, 0, (n - v->nvisits) * sizeof(*v->visits));
		v->nvisits = n;
	}
	if (++v->visits[insn] > v->hot_count) {
		v->hot_count = v->visits[insn];
		if (v->hot_insn != insn) {
			v->hot_insn = insn;
			snprintf(v->hot_text, sizeof(v->hot_text), "%s", text);
			v->hot_src_line = v->cur.src_line;
		}
	}
}

/* strstr(p, "pc+") || strstr(p, "pc-") in one pass */
static int pc_relative(const char *p)
{
	for (; (p = strchr(p, 'p')); p++)
		if (p[1] == 'c' && (p[2] == '+' || p[2] == '-'))
			return 1;
	return 0;
}

/* The register an instruction writes: "(79) r1 = ...", "(07) r2 += -4",
 * "(bc) w1 = w2" -> 1; a helper or kfunc call writes R0; else -1. */
static int dest_reg(const char *text)
{
	const char *p = strchr(text, ')');
	if (!p || p[1] != ' ')
		return -1;
	p += 2;
	if (starts_with(p, "call ") && !pc_relative(p))
		return 0;
	if ((p[0] != 'r' && p[0] != 'w') || !is_digit(p[1]))
		return -1;
	long r = index_of(p + 1);
	const char *q = skip_digits(p + 1);
	if (*q != ' ' || r >= VX_NREGS)
		return -1;
	q++;
	while (*q && *q != ' ' && *q != '=')
		q++; /* "+=", "<<=", "s>>=" */
	return *q == '=' ? (int)r : -1;
}

/* dst (cap bytes) = the first n bytes of src, cut to fit, NUL-terminated.
 * Not inlined: with the bound in sight gcc copies with "rep movsq", which
 * costs more than libc's memcpy on the short texts copied per line. */
__attribute__((noinline)) static void copy_cut(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The previous instruction's write becomes history, from its text (still
 * cur.insn_text): call before cur changes. */
static void retire_writer(struct vx_vlog *v)
{
	if (v->pending_reg < 0)
		return;
	struct vx_reg_writer *w = &v->writer[v->pending_reg];
	w->insn = v->pending.insn;
	w->src_line = v->pending.src_line;
	copy_cut(w->text, sizeof(w->text), sb_str(&v->cur.insn_text), v->cur.insn_text.len);
}

/* strstr(text, " ; ") by its ';': instructions are padded with runs of
 * spaces, which make a search keyed on the space slow. */
static const char *find_annotation(const char *text, const char *end)
{
	for (const char *p = text; (p = memchr(p, ';', end - p)); p++)
		if (p > text && p[-1] == ' ' && p[1] == ' ')
			return p - 1;
	return NULL;
}

/* strstr(text, "goto pc-") by its '-', rare in instructions */
static int has_backedge(const char *text)
{
	for (const char *p = text; (p = strchr(p, '-')); p++)
		if (p - text >= 7 && !memcmp(p - 7, "goto pc", 7))
			return 1;
	return 0;
}

/* Level-2 logs print an instruction once for every path through it: the
 * same text, often with the same annotation. What add_insn reads from an
 * instruction's text is kept per index (direct-mapped) and used again when
 * the line's bytes up to its annotation are the same, and the annotation's
 * registers when it is the same too. Every fact kept is a function of the
 * bytes compared, so an entry stays true across programs. */
#define MEMO_SLOTS 512
#define MEMO_RAW 112  /* an instruction's bytes, its padding and " ; " */
#define MEMO_STATE 96 /* an annotation's */

struct vx_insn_memo {
	long insn;	      /* -1: empty */
	unsigned char raw_len; /* bytes after "N: " kept in raw: through " ; ", or all */
	unsigned char text_len; /* the instruction's, its padding cut */
	unsigned char annotated; /* raw ends with " ; " */
	signed char dest;      /* dest_reg() */
	unsigned char backedge;
	unsigned char name_off, name_len; /* the callee's name in raw */
	long callee; /* callee_of(): -1 none */
	char raw[MEMO_RAW];
	/* the annotation's parse, when it holds no "_or_null" */
	unsigned char state_ok, state_len, state_once;
	unsigned short state_regs;
	unsigned char tok_off[VX_NREGS], tok_len[VX_NREGS];
	char state[MEMO_STATE];
};

/* The entry for instruction insn whose text starts at text in a line
 * ending at end, or NULL. */
static struct vx_insn_memo *memo_find(struct vx_vlog *v, long insn, const char *text,
				      const char *end)
{
	if (!v->memo)
		return NULL;
	struct vx_insn_memo *m = &v->memo[insn & (MEMO_SLOTS - 1)];
	size_t rest = end - text;
	if (m->insn != insn || (m->annotated ? rest < m->raw_len : rest != m->raw_len) ||
	    memcmp(text, m->raw, m->raw_len))
		return NULL;
	return m;
}

/* Keep what add_insn found for the instruction now in cur (its line's text
 * at text, raw_len bytes through the annotation's " ; " or to the end). */
static struct vx_insn_memo *memo_store(struct vx_vlog *v, const char *text, size_t raw_len,
				       int annotated, long callee, const char *name, size_t name_len)
{
	if (raw_len > MEMO_RAW || v->cur.insn < 0)
		return NULL;
	if (!v->memo) {
		v->memo = xmalloc(MEMO_SLOTS * sizeof(*v->memo));
		for (size_t i = 0; i < MEMO_SLOTS; i++)
			v->memo[i].insn = -1;
	}
	struct vx_insn_memo *m = &v->memo[v->cur.insn & (MEMO_SLOTS - 1)];
	m->insn = v->cur.insn;
	m->raw_len = raw_len;
	m->text_len = v->cur.insn_text.len;
	m->annotated = annotated;
	m->dest = v->pending_reg;
	m->backedge = has_backedge(sb_str(&v->cur.insn_text));
	m->callee = callee;
	m->name_off = callee >= 0 ? name - text : 0;
	m->name_len = callee >= 0 ? name_len : 0;
	memcpy(m->raw, text, raw_len);
	m->state_ok = 0;
	return m;
}

/* The annotation [s, s + len) of m's instruction (lead bytes of its line
 * before it): replayed from m when m holds the same text, else parsed (and
 * kept in m if it can be). */
static void annotation(struct vx_vlog *v, struct vx_insn_memo *m, const char *s, size_t len,
		       size_t lead)
{
	if (!state_is_new(v, s, len))
		return;
	if (m && m->state_ok && m->state_len == len && !memcmp(m->state, s, len)) {
		v->last_state_once = m->state_once;
		for (unsigned regs = m->state_regs; regs; regs &= regs - 1) {
			int r = __builtin_ctz(regs);
			set_reg(v, r, s + m->tok_off[r], m->tok_len[r]);
		}
		v->null_regs &= ~m->state_regs; /* as state_token does */
		return;
	}
	int nulls;
	unsigned seen = state_tokens(v, s, len, lead, &nulls);
	/* the tokens' places are known while they point into the line */
	if (!m || !v->stable || len > MEMO_STATE || nulls)
		return;
	m->state_ok = 1;
	m->state_len = len;
	m->state_once = v->last_state_once;
	m->state_regs = seen;
	for (unsigned regs = seen; regs; regs &= regs - 1) {
		int r = __builtin_ctz(regs);
		m->tok_off[r] = v->reg_src[r] - s;
		m->tok_len[r] = v->reg_len[r];
	}
	memcpy(m->state, s, len);
}

__attribute__((noinline)) static void add_insn(struct vx_vlog *v, const char *s, size_t len)
{
	v->saw_insn = 1;
	/* "N: " (VL_INSN), then the instruction */
	const char *text = s;
	long insn = index_at(&text);
	text += 2;
	struct vx_insn_memo *m = memo_find(v, insn, text, s + len);
	const char *state = NULL, *end, *name = NULL;
	size_t name_len = 0;
	if (m) {
		end = text + m->text_len;
		state = m->annotated ? text + m->raw_len - 3 : NULL;
	} else {
		/* 6.x: "2: (61) r3 = *(u32 *)(r1 +76)         ; R1=ctx() R3=pkt(r=0)" */
		state = find_annotation(text, s + len);
		end = state ? state : s + len;
		while (end > text && end[-1] == ' ')
			end--;
	}
	retire_writer(v);
	v->cur.insn = insn;
	sb_put(&v->cur.insn_text, text, end - text);
	long callee = m ? m->callee : callee_of(text, end - text, &name, &name_len);
	if (m)
		note_call(v, callee, text + m->name_off, m->name_len);
	else
		note_call(v, callee, name, name_len);
	/* this one's write waits until the next instruction */
	v->pending_reg = m ? m->dest : dest_reg(sb_str(&v->cur.insn_text));
	v->pending.insn = v->cur.insn;
	v->pending.src_line = v->cur.src_line;
	if (!m)
		m = memo_store(v, text, state ? (size_t)(state + 3 - text) : (size_t)(s + len - text),
			       state != NULL, callee, name, name_len);
	if (!v->saw_backedge && (m ? m->backedge : has_backedge(sb_str(&v->cur.insn_text))))
		v->saw_backedge = 1; /* too-complex: loops, or only branches? */
	count_visit(v, v->cur.insn, sb_str(&v->cur.insn_text));
	if (state)
		annotation(v, m, state + 3, s + len - (state + 3), state + 3 - s);
}

/* "; int x = 0; @ p.bpf.c:6" (6.x) or "; int x = 0;" (5.x) */
__attribute__((noinline)) static void add_source(struct vx_vlog *v, const char *s, size_t len)
{
	const char *text = s[1] ? s + 2 : s + 1;
	const char *at = NULL;
	for (const char *p = s + len - 1; p > text; p--)
		if (p[0] == '@' && p[-1] == ' ' && p[1] == ' ') {
			at = p;
			break;
		}
	sb_reset(&v->cur.src_text);
	sb_reset(&v->cur.src_file);
	v->cur.src_line = -1;
	if (at) {
		const char *file = at + 2, *colon = strrchr(file, ':');
		if (colon && is_digit(colon[1])) {
			sb_add(&v->cur.src_file, file, colon - file);
			v->cur.src_line = atol(colon + 1);
		}
		const char *end = at - 1;
		while (end > text && end[-1] == ' ')
			end--;
		sb_add(&v->cur.src_text, text, end - text);
	} else {
		sb_add(&v->cur.src_text, text, s + len - text);
	}
	/* the function's signature names its context: "(struct __sk_buff *skb)" */
	if (!v->ctx_struct.len && !v->saw_insn) {
		const char *st = strstr(sb_str(&v->cur.src_text), "(struct ");
		if (st) {
			st += 8;
			size_t n = strspn(st, "abcdefghijklmnopqrstuvwxyz_0123456789");
			sb_add(&v->ctx_struct, st, n);
		}
	}
}

__attribute__((noinline)) static void add_processed(struct vx_vlog *v, const char *s)
{
	v->saw_processed = 1;
	sscanf(s, "processed %ld insns (limit %ld) max_states_per_insn %ld total_states %ld peak_states %ld",
	       &v->processed_insns, &v->insn_limit, &v->max_states_per_insn, &v->total_states,
	       &v->peak_states);
}

/* The kernel's own diagnosis (v7.3+): "Verification failed: <Category>: <Problem>"
 * then "Reason:", "At:", "Causal path:", "Suggestion:" and continuation lines. */
__attribute__((noinline)) static void add_kdiag(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{ "Reason:", offsetof(struct vx_vlog, kdiag_reason) },
		{ "At:", offsetof(struct vx_vlog, kdiag_at) },
		{ "Causal path:", offsetof(struct vx_vlog, kdiag_path) },
		{ "Suggestion:", offsetof(struct vx_vlog, kdiag_suggestion) },
	};
	if (kind == VL_KDIAG) {
		v->in_kdiag = 1;
		const char *p = s + strlen("Verification failed:");
		while (*p == ' ')
			p++;
		sb_reset(&v->kdiag_head);
		sb_adds(&v->kdiag_head, p);
		v->kdiag_last = &v->kdiag_head;
		return;
	}
	if (kind == VL_BLANK || kind == VL_PROCESSED)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (starts_with(s, keys[i].key)) {
			struct strbuf *sb = (struct strbuf *)((char *)v + keys[i].off);
			const char *p = s + strlen(keys[i].key);
			while (*p == ' ')
				p++;
			sb_reset(sb);
			sb_adds(sb, p);
			v->kdiag_last = sb;
			return;
		}
	}
	if (v->kdiag_last && v->kdiag_last->len < VX_GATHER_MAX) {
		if (v->kdiag_last->len)
			sb_adds(v->kdiag_last, v->kdiag_last == &v->kdiag_path ? " -> " : " ");
		sb_add(v->kdiag_last, s, len);
	}
}

void vx_vlog_snapshot(struct vx_vlog *v)
{
	vx_vlog_settle(v);
	ctx_copy(&v->at, &v->cur);
	/* the excerpt: the ring as it is now, oldest first */
	size_t start = (v->ring_head + VX_RING - v->ring_count) % VX_RING;
	for (size_t i = 0; i < v->ring_count; i++)
		memcpy(v->at_ring[i], v->ring[(start + i) % VX_RING], VX_RING_WIDTH);
	v->at_ring_count = v->ring_count;
}

/* "from 4 to 6: R0=...", "6: R0=...", 4.x/5.x " R0=inv(id=0) R1=..." */
__attribute__((noinline)) static void add_state(struct vx_vlog *v, const char *s, size_t len)
{
	const char *c = strchr(s, ':');
	if (!starts_with(s, "from ") && is_digit(*s))
		v->cur.insn = index_of(s);
	const char *st = s[0] == 'R' ? s : c ? c + 1 : s;
	parse_state(v, st, len - (st - s), st - s);
}

/* The kinds' own work is out of line: add stays short for the lines that
 * need little (the precision tracking that is most of a level-2 log). */
static void add(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len, int stable)
{
	v->lines++;
	if (kind == VL_PROCESSED) /* also after the kernel's diagnosis block */
		v->in_kdiag = 0;
	if (v->in_kdiag || kind == VL_KDIAG) {
		add_kdiag(v, kind, s, len);
		return;
	}
	if (kind != VL_BLANK)
		ring_push(v, s, len, stable);
	v->stable = stable;
	switch (kind) {
	case VL_INSN:
		add_insn(v, s, len);
		break;
	case VL_STATE:
		add_state(v, s, len);
		break;
	case VL_SOURCE:
		add_source(v, s, len);
		break;
	case VL_PROCESSED:
		add_processed(v, s);
		break;
	case VL_PRECISE:
		v->saw_precise = 1;
		break;
	case VL_FUNC: /* "stack depth 320+320": each frame's size, for stack-size */
		if (starts_with(s, "stack depth "))
			snprintf(v->stack_depth, sizeof(v->stack_depth), "%.*s", (int)(len - 12), s + 12);
		break;
	default: /* VL_OTHER and VL_LOADER are the verdict stage's (verdict.c) */
		break;
	}
}

void vx_vlog_add(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len)
{
	add(v, kind, s, len, 0);
}

void vx_vlog_add_stable(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len)
{
	add(v, kind, s, len, 1);
}
