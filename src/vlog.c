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
	if ((s[0] == '.' && s[1] == '.' && !s[strspn(s, ".")]) || !strcmp(s, "\u2026"))
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

static void ring_push(struct vx_vlog *v, const char *s, size_t len)
{
	char *slot = v->ring[v->ring_head];
	if (len >= VX_RING_WIDTH)
		len = VX_RING_WIDTH - 1;
	memcpy(slot, s, len);
	slot[len] = '\0';
	v->ring_head = (v->ring_head + 1) % VX_RING;
	if (v->ring_count < VX_RING)
		v->ring_count++;
}

#ifdef __SSE2__
#include <emmintrin.h>

/* The first byte at or after s that is NUL, ' ', '(' or ')'. Sixteen bytes
 * at a time with aligned loads: an aligned load never crosses a page, so
 * reading past the string's NUL cannot fault (ASan, which checks object
 * bounds rather than pages, is told so). */
__attribute__((no_sanitize_address)) static const char *next_stop(const char *s)
{
	const __m128i nul = _mm_setzero_si128(), sp = _mm_set1_epi8(' ');
	const __m128i op = _mm_set1_epi8('('), cp = _mm_set1_epi8(')');
	uintptr_t off = (uintptr_t)s & 15;
	const char *p = s - off;
	unsigned mask = ~0u << off;
	for (;;) {
		__m128i v = _mm_load_si128((const __m128i *)p);
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nul), _mm_cmpeq_epi8(v, sp)),
					   _mm_or_si128(_mm_cmpeq_epi8(v, op), _mm_cmpeq_epi8(v, cp)));
		unsigned m = (unsigned)_mm_movemask_epi8(hit) & mask;
		if (m)
			return p + __builtin_ctz(m);
		p += 16;
		mask = ~0u;
	}
}
#else
static const char *next_stop(const char *s)
{
	static const unsigned char stop[256] = { [0] = 1, [' '] = 1, ['('] = 1, [')'] = 1 };
	while (!stop[(unsigned char)*s])
		s++;
	return s;
}
#endif

/* The end of the token at s: the next space outside parentheses
 * ("var_off=(0x0; 0xfff)" holds one), or the end of the string. State lines
 * of level-2 logs run to kilobytes, so this is the parser's inner loop. */
static const char *token_end(const char *s)
{
	int depth = 0;
	for (;; s++) {
		s = next_stop(s);
		char c = *s;
		if (!c || (c == ' ' && !depth))
			return s;
		if (c == '(')
			depth++;
		else if (c == ')' && depth)
			depth--;
	}
}

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

/* "R1_w=map_value_or_null(id=1,...)" tokens after "; " or in a state line.
 * Level 2 prints each state twice in a row ("from 80 to 82: STATE", then
 * "82: STATE"): parsing the same text again right after changes nothing
 * when no register appears twice in it (in multi-frame listings the second
 * R1 could turn a null origin on again), so it is skipped; state lines are
 * most of the bytes of a level-2 log. */
static void parse_state(struct vx_vlog *v, const char *s)
{
	size_t len = strlen(s);
	if (v->last_state_once && len == v->last_state.len && !memcmp(s, v->last_state.buf, len))
		return;
	sb_reset(&v->last_state);
	sb_add(&v->last_state, s, len);
	unsigned seen = 0;
	v->last_state_once = 1;
	while (*s) {
		while (*s == ' ')
			s++;
		const char *tok = s;
		s = token_end(s);
		if (tok[0] != 'R' || !is_digit(tok[1]))
			continue;
		int r = atoi(tok + 1);
		if (r < 0 || r >= VX_NREGS)
			continue;
		const char *eq = memchr(tok, '=', s - tok);
		if (!eq)
			continue;
		if (seen & (1u << r))
			v->last_state_once = 0;
		seen |= 1u << r;
		struct strbuf *st = &v->cur.regs[r];
		int was_null = (v->null_regs >> r) & 1;
		sb_reset(st);
		sb_add(st, tok, s - tok);
		/* a register's name ("R1_w") never holds "_or_null" */
		int is_null = has_or_null(eq, s);
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
				continue;
			}
			o->insn = v->cur.insn;
			snprintf(o->text, sizeof(o->text), "%s", sb_str(&v->cur.insn_text));
			o->src_line = v->cur.src_line;
			snprintf(o->src_text, sizeof(o->src_text), "%s", sb_str(&v->cur.src_text));
		}
	}
}

static void note_call(struct vx_vlog *v, const char *text)
{
	/* "call bpf_probe_read#4", "call unknown#195896080", "call pc+3" */
	const char *c = NULL; /* strstr(text, "call "), keyed on the rarer 'l' */
	for (const char *l = text; !c && (l = strchr(l, 'l')); l++)
		if (l - text >= 2 && !strncmp(l - 2, "call ", 5))
			c = l - 2;
	if (!c)
		return;
	c += 5;
	const char *hash = strchr(c, '#');
	if (!hash || !is_digit(hash[1]))
		return;
	long id = atol(hash + 1);
	if (id >= 0 && id < 256)
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

/* The register an instruction writes: "(79) r1 = ...", "(07) r2 += -4",
 * "(bc) w1 = w2" -> 1; a helper or kfunc call writes R0; else -1. */
static int dest_reg(const char *text)
{
	const char *p = strchr(text, ')');
	if (!p || p[1] != ' ')
		return -1;
	p += 2;
	if (starts_with(p, "call ") && !strstr(p, "pc+") && !strstr(p, "pc-"))
		return 0;
	if ((p[0] != 'r' && p[0] != 'w') || !is_digit(p[1]))
		return -1;
	int r = atoi(p + 1);
	const char *q = skip_digits(p + 1);
	if (*q != ' ' || r >= VX_NREGS)
		return -1;
	q++;
	while (*q && *q != ' ' && *q != '=')
		q++; /* "+=", "<<=", "s>>=" */
	return *q == '=' ? r : -1;
}

/* The previous instruction's write becomes history; this one's waits. */
static void note_writer(struct vx_vlog *v, const char *text)
{
	if (v->pending_reg >= 0)
		v->writer[v->pending_reg] = v->pending;
	v->pending_reg = dest_reg(text);
	if (v->pending_reg < 0)
		return;
	v->pending.insn = v->cur.insn;
	v->pending.src_line = v->cur.src_line;
	snprintf(v->pending.text, sizeof(v->pending.text), "%s", text);
}

/* strstr(text, " ; ") by its ';': instructions are padded with runs of
 * spaces, which make a search keyed on the space slow. */
static const char *find_annotation(const char *text)
{
	for (const char *p = text; (p = strchr(p, ';')); p++)
		if (p > text && p[-1] == ' ' && p[1] == ' ')
			return p - 1;
	return NULL;
}

static void add_insn(struct vx_vlog *v, const char *s, size_t len)
{
	v->saw_insn = 1;
	v->cur.insn = atol(s);
	const char *text = strchr(s, ' ') + 1;
	/* 6.x: "2: (61) r3 = *(u32 *)(r1 +76)         ; R1=ctx() R3=pkt(r=0)" */
	const char *state = find_annotation(text);
	const char *end = state ? state : s + len;
	while (end > text && end[-1] == ' ')
		end--;
	sb_reset(&v->cur.insn_text);
	sb_add(&v->cur.insn_text, text, end - text);
	note_call(v, sb_str(&v->cur.insn_text));
	note_writer(v, sb_str(&v->cur.insn_text));
	if (!v->saw_backedge && strstr(sb_str(&v->cur.insn_text), "goto pc-"))
		v->saw_backedge = 1; /* too-complex: loops, or only branches? */
	count_visit(v, v->cur.insn, sb_str(&v->cur.insn_text));
	if (state)
		parse_state(v, state + 3);
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
	ctx_copy(&v->at, &v->cur);
	/* the excerpt: the ring as it is now, oldest first */
	size_t start = (v->ring_head + VX_RING - v->ring_count) % VX_RING;
	for (size_t i = 0; i < v->ring_count; i++)
		memcpy(v->at_ring[i], v->ring[(start + i) % VX_RING], VX_RING_WIDTH);
	v->at_ring_count = v->ring_count;
}

void vx_vlog_add(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len,
		 const struct vx_pattern *pattern, struct vx_caps *caps)
{
	v->lines++;
	if (kind == VL_PROCESSED) /* also after the kernel's diagnosis block */
		v->in_kdiag = 0;
	if (v->in_kdiag || kind == VL_KDIAG) {
		add_kdiag(v, kind, s, len);
		return;
	}
	if (kind != VL_BLANK)
		ring_push(v, s, len);
	switch (kind) {
	case VL_INSN:
		add_insn(v, s, len);
		break;
	case VL_STATE: {
		const char *c = strchr(s, ':');
		if (!starts_with(s, "from ") && is_digit(*s))
			v->cur.insn = atol(s);
		parse_state(v, s[0] == 'R' ? s : c ? c + 1 : s);
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
