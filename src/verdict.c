// SPDX-License-Identifier: MIT
/* verdict: which line of a program's log states the rejection (see verdict.h). */
#include "verdict.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "patterns.h"

/* Gathered detail lines stop growing here (a runaway input). */
#define VX_DETAIL_MAX 4096

static int follows(const struct vx_pattern *p, const struct vx_pattern *verdict)
{
	for (size_t i = 0; i < p->nfollows; i++)
		if (!strcmp(p->follows[i], verdict->id))
			return 1;
	return 0;
}

/* The follow-up line often names what the verdict line does not ("R0 max
 * value is outside of the allowed memory range" names the register): its
 * captures join the verdict's where the verdict has none of that name. */
static void adopt_caps(struct vx_vlog *v, struct vx_caps *caps)
{
	for (size_t i = 0; caps && i < caps->n && v->caps.n < VX_MAX_CAPS; i++) {
		if (vx_caps_get(&v->caps, caps->name[i]))
			continue;
		v->caps.name[v->caps.n] = caps->name[i];
		v->caps.value[v->caps.n++] = xstrdup(caps->value[i]);
	}
}

static void take(struct vx_vlog *v, const char *s, size_t len, const struct vx_pattern *pattern,
		 struct vx_caps *caps, int tentative)
{
	v->have_verdict = !tentative;
	v->tentative = tentative;
	sb_reset(&v->verdict_detail);
	sb_reset(&v->verdict);
	sb_add(&v->verdict, s, len);
	v->pattern = pattern;
	vx_caps_clear(&v->caps);
	if (caps) {
		v->caps = *caps;
		caps->n = 0; /* moved */
	}
	vx_vlog_snapshot(v);
	v->verdict_last = 1;
}

static void forget(struct vx_vlog *v)
{
	v->have_verdict = v->tentative = 0;
	v->pattern = NULL;
	sb_reset(&v->verdict);
	sb_reset(&v->verdict_detail);
	vx_caps_clear(&v->caps);
}

/* A shell prompt, alone or before a command: "root@host:/opt/x#",
 * "user@box:~$ sudo ./loader". */
static int reads_as_prompt(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len &&
	       (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '.'))
		i++;
	if (!i || i == len || s[i++] != '@')
		return 0;
	const char *colon = memchr(s + i, ':', len - i);
	if (!colon || colon == s + i)
		return 0;
	for (const char *p = colon + 1; p < s + len && *p != ' '; p++)
		if ((*p == '#' || *p == '$') && (p + 1 == s + len || p[1] == ' '))
			return 1;
	return 0;
}

/* A person's sentence rather than a kernel message: a question, an
 * exclamation, a bracketed or angled remark ("[full log attached]",
 * "<snip>"), a capitalised sentence ending in a full stop, a caption or a
 * tool's heading ending in a colon ("Triggered rules by rule name:"), or a
 * shell prompt. */
static int reads_as_prose(const char *s, size_t len)
{
	if (!len)
		return 0;
	size_t i = 0;
	while (i < len && !isalnum((unsigned char)s[i]))
		i++;
	if (i == len) /* a rule of dashes or equals signs */
		return 1;
	char last = s[len - 1];
	if (last == '?' || last == '!')
		return 1;
	if ((s[0] == '[' && last == ']') || (s[0] == '<' && last == '>'))
		return 1;
	if (s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' && s[1] <= 'z' &&
	    (last == '.' || last == ':') && !memchr(s, '=', len) && !memchr(s, '#', len))
		return 1;
	return reads_as_prompt(s, len);
}

/* A logger's record: key=value fields with a level and a message
 * ("time=... level=error msg=\"...\"", logrus, slog, go-kit). The loader
 * talking: the kernel's log is over. */
static int reads_as_record(const char *s, size_t len)
{
	int level = 0, msg = 0;
	for (size_t i = 0; i < len; i++) {
		if (i && s[i - 1] != ' ')
			continue;
		if (len - i >= 6 && !memcmp(s + i, "level=", 6))
			level = 1;
		if (len - i >= 4 && !memcmp(s + i, "msg=", 4))
			msg = 1;
	}
	return level && msg;
}

/* The verifier writes its messages as text: printable ASCII (format strings
 * and BTF identifiers), in words. A line no pattern knows that holds control
 * bytes, is mostly not ASCII text or has no word of letters is binary noise,
 * never an unknown verdict. */
static int kernel_text(const char *s, size_t len)
{
	size_t ascii = 0;
	int run = 0, word = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
		ascii += c < 0x7f;
		run = isalpha(c) ? run + 1 : 0;
		word |= run >= 2;
	}
	return word && ascii * 2 > len;
}

void vx_verdict_note(struct vx_vlog *v, enum vx_line_kind kind)
{
	if (v->in_kdiag)
		return;
	v->verdict_last = 0;
	switch (kind) {
	case VL_INSN:
		if (v->have_verdict || v->tentative)
			forget(v);
		/* fall through */
	case VL_STATE:
	case VL_SOURCE:
		v->gap = 0;
		break;
	case VL_BLANK:
		v->gap = v->saw_insn;
		break;
	case VL_PROCESSED:
		if (v->tentative) {
			v->tentative = 0;
			v->have_verdict = 1;
		}
		break;
	default:
		break;
	}
}

/* A line of kind VL_OTHER or VL_LOADER with the database's match. */
static void consider(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len,
		     const struct vx_pattern *pattern, struct vx_caps *caps)
{
	v->verdict_last = 0;
	if (vx_pattern_said(pattern))
		pattern = NULL;
	if (pattern && pattern->kind == VX_PAT_INFO) {
		/* an elision marker or a note after the log: what follows
		 * it is not where the verdict sits */
		v->gap |= v->saw_insn;
		return;
	}
	/* a loader's own line or a logger's record after the log's
	 * instructions: the kernel's log is over, what follows is the
	 * loader's or a person's (a restatement of the error, a trailer) */
	if ((kind == VL_LOADER && !pattern) || (!pattern && reads_as_record(s, len))) {
		v->gap |= v->saw_insn;
		return;
	}
	if (!pattern && !kernel_text(s, len))
		return;
	/* a verdict pasted alone, or a loader's refusal, is followed by
	 * prose or service noise: only lines a pattern knows replace it */
	if (!pattern && (v->pattern || v->said.len) && !v->saw_insn && !v->saw_processed)
		return;
	if (pattern && v->pattern && follows(pattern, v->pattern)) {
		if (v->verdict_detail.len < VX_DETAIL_MAX) {
			if (v->verdict_detail.len)
				sb_addc(&v->verdict_detail, '\n');
			sb_add(&v->verdict_detail, s, len);
		}
		adopt_caps(v, caps);
		return;
	}
	if (!pattern && v->saw_insn && (v->gap || reads_as_prose(s, len))) {
		/* text after the log: the verdict only if the summary follows */
		if (!v->have_verdict && !v->tentative)
			take(v, s, len, NULL, caps, 1);
		return;
	}
	take(v, s, len, pattern, caps, 0);
}

void vx_verdict_line(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len,
		     const struct vx_pattern *pattern, struct vx_caps *caps)
{
	if (kind != VL_OTHER && kind != VL_LOADER)
		vx_verdict_note(v, kind);
	else if (!v->in_kdiag)
		consider(v, kind, s, len, pattern, caps);
}

int vx_verdict_join(struct vx_vlog *v, const struct vx_db *db, enum vx_line_kind kind,
		    const char *s, size_t len, const struct vx_pattern *pattern)
{
	if (kind != VL_OTHER || pattern)
		return 0;
	if (!v->verdict_last || v->pattern || !v->verdict.len || v->verdict.len + len > 1024)
		return 0;
	struct strbuf j = STRBUF_INIT;
	struct vx_caps caps = { 0 };
	sb_add(&j, v->verdict.buf, v->verdict.len);
	sb_addc(&j, ' ');
	sb_add(&j, s, len);
	const struct vx_pattern *p = vx_db_match(db, j.buf, j.len, &caps);
	int joined = p && p->kind == VX_PAT_VERDICT && !vx_pattern_said(p);
	if (joined) {
		v->lines++;
		take(v, j.buf, j.len, p, &caps, 0);
	}
	vx_caps_clear(&caps);
	sb_free(&j);
	return joined;
}

void vx_verdict_said(struct vx_vlog *v, const struct vx_db *db, const char *s)
{
	(void)db;
	if (!v->said.len)
		sb_adds(&v->said, s);
}

void vx_verdict_finish(struct vx_vlog *v, const struct vx_db *db, int load_failed)
{
	if (v->saw_processed && !v->saw_insn && !v->have_verdict && (load_failed || v->said.len))
		v->cut = 1;
	if (!v->said.len || v->saw_insn || v->have_verdict || v->saw_processed)
		return;
	struct vx_caps caps = { 0 };
	const struct vx_pattern *p = vx_db_match(db, v->said.buf, v->said.len, &caps);
	if (p && p->kind == VX_PAT_VERDICT) {
		v->lines++;
		take(v, v->said.buf, v->said.len, p, &caps, 0);
	}
	vx_caps_clear(&caps);
}

void vx_verdict_stated(struct vx_vlog *v, const char *s, const struct vx_pattern *p,
		       struct vx_caps *caps)
{
	v->lines++;
	take(v, s, strlen(s), p, caps, 0);
}

int vx_verdict_over(const struct vx_vlog *v, enum vx_line_kind k, const char *s, int framed)
{
	if (k == VL_OTHER && v->saw_processed && !v->in_kdiag)
		return 1;
	if (framed)
		return 0;
	/* a verdict-like line before any instruction is a preamble
	 * ("Unrecognized arg#0 type PTR"), not the end of a program */
	if (!v->saw_processed && !(v->have_verdict && v->saw_insn))
		return 0;
	return ((k == VL_INSN || k == VL_STATE) && s[0] == '0' && s[1] == ':') ||
	       starts_with(s, "func#0 ");
}

/* memmem(s, len, lit, n) keyed on lit[key], a byte rare in verifier lines
 * (glibc's memmem costs more than the whole parse of an instruction). */
static const char *find_keyed(const char *s, size_t len, const char *lit, size_t n, size_t key)
{
	const char *end = s + len;
	for (const char *p = s + key; p < end && (p = memchr(p, lit[key], end - p)); p++)
		if ((size_t)(end - (p - key)) >= n && !memcmp(p - key, lit, n))
			return p - key;
	return NULL;
}
#define FIND_KEYED(s, len, lit, key) find_keyed(s, len, lit, sizeof(lit) - 1, key)

size_t vx_verdict_glued(enum vx_line_kind k, const char *s, size_t len)
{
	if ((k != VL_OTHER && k != VL_INSN) || !vx_verdict_may_be_glued(s, len))
		return 0;
	const char *g = s[0] != 'p' ? FIND_KEYED(s, len, "processed ", 8) : NULL;
	if (g && !strstr(g, " insns (limit "))
		g = NULL;
	if (!g && (g = FIND_KEYED(s, len, " BPF program is too large. ", 1)))
		g++;
	return g ? (size_t)(g - s) : 0;
}

/* The held line and s joined, when that is a verdict a paste wrapped ("relo
 * #0: parsing [28] struct socket" / "+ 0:0.1 failed: -22"): into h->joined. */
static const struct vx_pattern *join_held(struct vx_verdict_held *h, const struct vx_db *db,
					  const char *s, size_t len, struct vx_caps *caps)
{
	if (!h->line.len || h->line.len + len > 1024)
		return NULL;
	sb_reset(&h->joined);
	sb_add(&h->joined, h->line.buf, h->line.len);
	sb_addc(&h->joined, ' ');
	sb_add(&h->joined, s, len);
	const struct vx_pattern *p = vx_db_match(db, h->joined.buf, h->joined.len, caps);
	if (p && p->kind == VX_PAT_VERDICT && !vx_pattern_said(p))
		return p;
	vx_caps_clear(caps);
	sb_reset(&h->joined);
	return NULL;
}

const struct vx_pattern *vx_verdict_outside(struct vx_verdict_held *h, const struct vx_db *db,
					    enum vx_line_kind k, const char *s, size_t len,
					    struct vx_caps *caps)
{
	const struct vx_pattern *pat = vx_db_match(db, s, len, caps);
	sb_reset(&h->joined);
	if (pat && pat->kind == VX_PAT_VERDICT && !vx_pattern_said(pat)) {
		sb_reset(&h->line);
		return pat;
	}
	if (!pat && k == VL_OTHER && (pat = join_held(h, db, s, len, caps))) {
		sb_reset(&h->line);
		return pat;
	}
	sb_reset(&h->line);
	if (!pat && (k == VL_OTHER || k == VL_LOADER) && len < 512) {
		sb_add(&h->line, s, len);
		h->loader_line = k == VL_LOADER;
	}
	return NULL;
}

const struct strbuf *vx_verdict_opening(struct vx_verdict_held *h, enum vx_line_kind k)
{
	if (k != VL_PROCESSED || !h->line.len || h->loader_line) {
		sb_reset(&h->line);
		return NULL;
	}
	struct strbuf t = h->taken;
	h->taken = h->line;
	h->line = t;
	sb_reset(&h->line);
	return &h->taken;
}

void vx_verdict_held_free(struct vx_verdict_held *h)
{
	sb_free(&h->line);
	sb_free(&h->joined);
	sb_free(&h->taken);
}
