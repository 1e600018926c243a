// SPDX-License-Identifier: MIT
/* parse: instruction lines ("6: (85) call bpf_probe_read#4 ; R0_w=..."):
 * the current instruction, the call table, the register each instruction
 * writes, visits per instruction (the hottest one), loops, and the memo of
 * what an instruction's text said, used again when a level-2 log prints
 * the same instruction once per path. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vlog_parse.h"

#define VX_MAX_VISITS (1u << 20) /* the verifier's own 1M instruction limit */

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
	long insn;		 /* -1: empty */
	unsigned char raw_len;	 /* bytes after "N: " kept in raw: through " ; ", or all */
	unsigned char text_len;	 /* the instruction's, its padding cut */
	unsigned char annotated; /* raw ends with " ; " */
	signed char dest;	 /* dest_reg() */
	unsigned char backedge;
	unsigned char name_off, name_len; /* the callee's name in raw */
	long callee;			  /* callee_of(): -1 none */
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
				       int annotated, long callee, const char *name,
				       size_t name_len)
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
	if (!vl_state_is_new(v, s, len))
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
	unsigned seen = vl_state_tokens(v, s, len, lead, &nulls);
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

void vl_add_insn(struct vx_vlog *v, const char *s, size_t len)
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
		m = memo_store(v, text,
			       state ? (size_t)(state + 3 - text) : (size_t)(s + len - text),
			       state != NULL, callee, name, name_len);
	if (!v->saw_backedge && (m ? m->backedge : has_backedge(sb_str(&v->cur.insn_text))))
		v->saw_backedge = 1; /* too-complex: loops, or only branches? */
	count_visit(v, v->cur.insn, sb_str(&v->cur.insn_text));
	if (state)
		annotation(v, m, state + 3, s + len - (state + 3), state + 3 - s);
}
