// SPDX-License-Identifier: MIT
/* parse: classify verifier log lines and keep the failing instruction's
 * context. Hand-written matching, not regexes: this runs on every line of
 * logs that reach hundreds of megabytes. */
#include "vlog.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vlog_parse.h"

/* Text gathered over several lines (the kernel's diagnosis fields, the
 * detail lines after a verdict) stops growing here: a hostile or runaway
 * input must not make memory grow with its length. */
#define VX_GATHER_MAX 4096

/* libbpf's text for an instruction it poisoned, in the log it fixes up:
 * "316: <invalid CO-RE relocation>", "<invalid BPF map reference>",
 * "<invalid kfunc call>" (p: after "N: "). */
static int poisoned_insn(const char *p, size_t len)
{
	return len > 10 && !memcmp(p, "<invalid ", 9) && p[len - 1] == '>' && !memchr(p + 1, '<', len - 1);
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
		return p[4] != ' ' || vx_insn_text_at(p + 5) ? VL_INSN : VL_OTHER;
	if (p[0] == '<' && poisoned_insn(p, strlen(p)))
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
	case '(': { /* "(0) live stack update done in 2 iterations", "(0) frame 0
		     * insn 5 +live -8" (6.18 liveness); a number alone, "(524)",
		     * is a loader's errno */
		const char *p = skip_digits(s + 1);
		if (p > s + 1 && (starts_with(p, ") live stack ") || starts_with(p, ") frame ")))
			return VL_FUNC;
		break;
	}
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
		if (p[0] == '(') { /* "5: (b7) ..."; "5: (" alone is no instruction */
			int insn = p[1] && p[2] && p[3] == ')' &&
				   (p[4] != ' ' || vx_insn_text_at(p + 5));
			return insn ? VL_INSN : VL_OTHER;
		}
		if (p[0] == '<' && poisoned_insn(p, rest))
			return VL_INSN;
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
	vl_parse_state(v, st, len - (st - s), st - s);
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
		vl_add_insn(v, s, len);
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
