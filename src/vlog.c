// SPDX-License-Identifier: MIT
/* parse: classify verifier log lines and keep the failing instruction's
 * context. Hand-written matching, not regexes: this runs on every line of
 * logs that reach hundreds of megabytes. */
#include "vlog.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "verdict.h"

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

/* atol() of an instruction index, without strtol's locale and base work:
 * this runs on every instruction line. Saturates rather than overflow. */
static long index_of(const char *s)
{
	long n = 0;
	for (; is_digit(*s); s++)
		n = n < (1L << 48) ? n * 10 + (*s - '0') : n;
	return n;
}

enum vx_line_kind vx_classify_line(const char *s)
{
	if (!*s)
		return VL_BLANK;
	if (is_digit(*s)) {
		const char *p = skip_digits(s);
		if (p[0] == ':' && p[1] == '\0')
			return VL_STATE;
		if (p[0] != ':' || p[1] != ' ')
			return VL_OTHER;
		p += 2;
		if (p[0] == '(' && p[1] && p[2] && p[3] == ')')
			return VL_INSN;
		if ((p[0] == 'R' && is_digit(p[1])) || starts_with(p, "frame") ||
		    starts_with(p, "fp-") || starts_with(p, "safe"))
			return VL_STATE;
		/* live register listing: "16: 0......... (95) exit" (6.x) */
		size_t n = strspn(p, "0123456789.");
		if (n >= 10 && p[n] == ' ' && p[n + 1] == '(')
			return VL_FUNC;
		return VL_OTHER;
	}
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
	sb_free(&v->kdiag_head);
	sb_free(&v->kdiag_reason);
	sb_free(&v->kdiag_at);
	sb_free(&v->kdiag_path);
	sb_free(&v->kdiag_suggestion);
}

void vx_vlog_reset(struct vx_vlog *v)
{
	vx_vlog_free(v);
	vx_vlog_init(v);
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

/* Stops of the state tokenizer in 16 bytes at p: ' ', '(' and ')' as bit
 * masks (bit i: p[i]). */
#ifdef __SSE2__
#include <emmintrin.h>

static void stops16(const char *p, unsigned *sp, unsigned *op, unsigned *cp)
{
	__m128i x = _mm_loadu_si128((const __m128i *)p);
	*sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
	*op = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('(')));
	*cp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(')')));
}

/* Does [s, s + len) hold "_or_null"? Pairs "_o" found sixteen at a time. */
static int line_has_or_null(const char *s, size_t len)
{
	size_t i = 0;
	for (; i + 17 <= len; i += 16) {
		__m128i a = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i b = _mm_loadu_si128((const __m128i *)(s + i + 1));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(
			_mm_cmpeq_epi8(a, _mm_set1_epi8('_')), _mm_cmpeq_epi8(b, _mm_set1_epi8('o'))));
		for (; m; m &= m - 1) {
			size_t j = i + __builtin_ctz(m);
			if (len - j >= 8 && !memcmp(s + j, "_or_null", 8))
				return 1;
		}
	}
	for (const char *p = s + i, *e = s + len; e - p >= 8 && (p = memchr(p, '_', e - p)); p++)
		if (e - p >= 8 && !memcmp(p, "_or_null", 8))
			return 1;
	return 0;
}
#else
static void stops16(const char *p, unsigned *sp, unsigned *op, unsigned *cp)
{
	*sp = *op = *cp = 0;
	for (int i = 0; i < 16; i++) {
		*sp |= (unsigned)(p[i] == ' ') << i;
		*op |= (unsigned)(p[i] == '(') << i;
		*cp |= (unsigned)(p[i] == ')') << i;
	}
}

static int line_has_or_null(const char *s, size_t len)
{
	return memmem(s, len, "_or_null", 8) != NULL;
}
#endif

/* Does [s, e) hold "_or_null"? (memmem costs more on such short tokens.) */
static int has_or_null(const char *s, const char *e)
{
	while ((s = memchr(s, '_', e - s)) && e - s >= 8) {
		if (!memcmp(s, "_or_null", 8))
			return 1;
		s++;
	}
	return 0;
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

/* One token of a state listing, [tok, e): "R1_w=map_value_or_null(id=1,...)".
 * nulls: the listing holds "_or_null" somewhere. */
static void state_token(struct vx_vlog *v, const char *tok, const char *e, int nulls,
			unsigned *seen)
{
	if (tok[0] != 'R' || !is_digit(tok[1]))
		return;
	long r = index_of(tok + 1);
	if (r >= VX_NREGS)
		return;
	const char *eq = memchr(tok, '=', e - tok);
	if (!eq)
		return;
	if (*seen & (1u << r))
		v->last_state_once = 0;
	*seen |= 1u << r;
	int was_null = (v->null_regs >> r) & 1;
	if (v->stable) { /* cur.regs[r] when the chunk ends, if no other comes */
		v->reg_src[r] = tok;
		v->reg_len[r] = e - tok;
	} else {
		v->reg_src[r] = NULL;
		sb_reset(&v->cur.regs[r]);
		sb_add(&v->cur.regs[r], tok, e - tok);
	}
	/* a register's name ("R1_w") never holds "_or_null" */
	int is_null = nulls && has_or_null(eq, e);
	if (is_null)
		v->null_regs |= 1u << r;
	else
		v->null_regs &= ~(1u << r);
	if (is_null && !was_null) {
		struct vx_null_origin *o = &v->null_origin[r];
		/* "rA = rB" copies rB's maybe-NULL pointer: rB's origin
		 * (the lookup or reserve call) is the one worth naming */
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
}

/* State listings: "R1_w=map_value_or_null(id=1,...) R10=fp0 fp-8=mmmm",
 * after "; " or in a state line. A token ends at a space outside
 * parentheses ("var_off=(0x0; 0xfff)" holds one). State lines of level-2
 * logs run to kilobytes and are most of their bytes: the stops (blanks and
 * parentheses) are found sixteen bytes at a time and only they are looked
 * at. Level 2 prints each state twice in a row ("from 80 to 82: STATE",
 * then "82: STATE"): parsing the same text again right after changes
 * nothing when no register appears twice in it (in multi-frame listings the
 * second R1 could turn a null origin on again), so it is skipped. */
static void parse_state(struct vx_vlog *v, const char *s, size_t len)
{
	const char *last = v->last_state_src ? v->last_state_src : v->last_state.buf;
	size_t last_len = v->last_state_src ? v->last_state_len : v->last_state.len;
	if (v->last_state_once && len == last_len && !memcmp(s, last, len))
		return;
	if (v->stable) {
		v->last_state_src = s;
		v->last_state_len = len;
	} else {
		v->last_state_src = NULL;
		sb_reset(&v->last_state);
		sb_add(&v->last_state, s, len);
	}
	unsigned seen = 0;
	v->last_state_once = 1;
	int nulls = v->null_regs || line_has_or_null(s, len);
	const char *tok = s;
	int depth = 0;
	for (size_t i = 0; i < len; i += 16) {
		unsigned sp, op, cp;
		if (len - i >= 16) {
			stops16(s + i, &sp, &op, &cp);
		} else {
			char tail[16] = { 0 };
			memcpy(tail, s + i, len - i);
			stops16(tail, &sp, &op, &cp);
		}
		for (unsigned m = sp | op | cp; m; m &= m - 1) {
			unsigned bit = m & -m;
			if (op & bit) {
				depth++;
			} else if (cp & bit) {
				depth -= depth > 0;
			} else if (!depth) {
				const char *e = s + i + __builtin_ctz(m);
				state_token(v, tok, e, nulls, &seen);
				tok = e + 1;
			}
		}
	}
	state_token(v, tok, s + len, nulls, &seen);
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

static void note_call(struct vx_vlog *v, const char *text, size_t tlen)
{
	const char *c = call_of(text, tlen);
	if (!c)
		return;
	const char *hash = strchr(c, '#');
	if (!hash || !is_digit(hash[1]))
		return;
	long id = index_of(hash + 1);
	if (id < 256)
		v->helpers_called[id / 8] |= 1u << (id % 8);
	if (v->ncalls < ARRAY_SIZE(v->calls)) {
		typeof(v->calls[0]) *e = &v->calls[v->ncalls++];
		e->insn = v->cur.insn;
		e->helper_id = (int)id;
		e->src_line = v->cur.src_line;
		size_t n = hash - c < (long)sizeof(e->name) - 1 ? (size_t)(hash - c) : sizeof(e->name) - 1;
		memcpy(e->name, c, n);
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

static void add_insn(struct vx_vlog *v, const char *s, size_t len)
{
	v->saw_insn = 1;
	/* "N: " (VL_INSN), then the instruction */
	const char *text = skip_digits(s) + 2;
	/* 6.x: "2: (61) r3 = *(u32 *)(r1 +76)         ; R1=ctx() R3=pkt(r=0)" */
	const char *state = find_annotation(text, s + len);
	const char *end = state ? state : s + len;
	while (end > text && end[-1] == ' ')
		end--;
	retire_writer(v);
	v->cur.insn = index_of(s);
	sb_reset(&v->cur.insn_text);
	sb_add(&v->cur.insn_text, text, end - text);
	note_call(v, sb_str(&v->cur.insn_text), v->cur.insn_text.len);
	/* this one's write waits until the next instruction */
	v->pending_reg = dest_reg(sb_str(&v->cur.insn_text));
	v->pending.insn = v->cur.insn;
	v->pending.src_line = v->cur.src_line;
	if (!v->saw_backedge && has_backedge(sb_str(&v->cur.insn_text)))
		v->saw_backedge = 1; /* too-complex: loops, or only branches? */
	count_visit(v, v->cur.insn, sb_str(&v->cur.insn_text));
	if (state)
		parse_state(v, state + 3, s + len - (state + 3));
}

/* "; int x = 0; @ p.bpf.c:6" (6.x) or "; int x = 0;" (5.x) */
static void add_source(struct vx_vlog *v, const char *s, size_t len)
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

static void add_processed(struct vx_vlog *v, const char *s)
{
	v->saw_processed = 1;
	sscanf(s, "processed %ld insns (limit %ld) max_states_per_insn %ld total_states %ld peak_states %ld",
	       &v->processed_insns, &v->insn_limit, &v->max_states_per_insn, &v->total_states,
	       &v->peak_states);
}

/* The kernel's own diagnosis (v7.3+): "Verification failed: <Category>: <Problem>"
 * then "Reason:", "At:", "Causal path:", "Suggestion:" and continuation lines. */
static void add_kdiag(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len)
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

static void add(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len,
		const struct vx_pattern *pattern, struct vx_caps *caps, int stable)
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
	case VL_STATE: {
		const char *c = strchr(s, ':');
		if (!starts_with(s, "from ") && is_digit(*s))
			v->cur.insn = index_of(s);
		const char *st = s[0] == 'R' ? s : c ? c + 1 : s;
		parse_state(v, st, len - (st - s));
		break;
	}
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
	case VL_LOADER:
	case VL_OTHER:
		vx_verdict_consider(v, kind, s, len, pattern, caps);
		return;
	default:
		break;
	}
	vx_verdict_note(v, kind);
}

void vx_vlog_add(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len,
		 const struct vx_pattern *pattern, struct vx_caps *caps)
{
	add(v, kind, s, len, pattern, caps, 0);
}

void vx_vlog_add_stable(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len,
			const struct vx_pattern *pattern, struct vx_caps *caps)
{
	add(v, kind, s, len, pattern, caps, 1);
}
