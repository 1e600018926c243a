// SPDX-License-Identifier: MIT
/* Per-line prefix inference (see prefix.h). */
#include "prefix.h"

#include <string.h>

#include "util.h"
#include "vlog.h"

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

/* "R1=", "R1_w=", "R10_rw=": a register in a state listing */
static int reg_state_at(const char *t)
{
	if (t[0] != 'R' || !is_digit(t[1]))
		return 0;
	const char *p = skip_digits(t + 1);
	if (*p == '_')
		p += strspn(p + 1, "rwD") + 1;
	return *p == '=';
}

/* Does a verifier line start at t? Only text the verifier prints: an
 * instruction, a state, a branch, precision tracking, the summary. Source
 * annotations ("; ...") are not used: "; " is common in prose and loggers. */
static int strong_at(const char *t)
{
	if (is_digit(*t)) {
		const char *p = skip_digits(t);
		if (p[0] != ':' || p[1] != ' ')
			return 0;
		p += 2;
		if (p[0] == '(' && is_hex(p[1]) && is_hex(p[2]) && p[3] == ')' && p[4] == ' ')
			return vx_insn_text_at(p + 5);
		return reg_state_at(p) || (starts_with(p, "frame") && is_digit(p[5])) ||
		       starts_with(p, "fp-");
	}
	switch (*t) {
	case 'R':
		return reg_state_at(t);
	case 'f':
		if (starts_with(t, "from ") && is_digit(t[5])) {
			const char *p = skip_digits(t + 5);
			return starts_with(p, " to ") && is_digit(p[4]);
		}
		return starts_with(t, "func#") && is_digit(t[5]) && starts_with(skip_digits(t + 5), " @");
	case 'p':
		return starts_with(t, "processed ") && is_digit(t[10]) &&
		       starts_with(skip_digits(t + 10), " insns");
	case 'm':
		return starts_with(t, "mark_precise: frame");
	case 'r': /* precision tracking of 5.x: "regs=4 stack=0 before 272: (79) ..." */
		return starts_with(t, "regs=") && is_hex(t[5]);
	case 'l':
		return starts_with(t, "last_idx ") && is_digit(t[9]);
	}
	return 0;
}

static int is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
	       c == '#' || c >= 0x80;
}

/* The verifier prints ASCII text: what follows a shape found inside a line
 * must read as text for a while, or the shape is a chance in binary data
 * ("R7=" in random bytes would otherwise open a log). */
static int text_follows(const char *t)
{
	for (int i = 0; i < 16 && t[i]; i++) {
		unsigned char c = t[i];
		if ((c < 0x20 && c != '\t') || c >= 0x7f)
			return 0;
	}
	return 1;
}

int vx_log_starts(const char *s)
{
	return strong_at(s) && text_follows(s);
}

long vx_log_offset(const char *s)
{
	for (const char *t = s; *t; t++)
		if ((t == s || !is_word(t[-1])) && strong_at(t) && text_follows(t))
			return t - s;
	return -1;
}

static int cls_of(unsigned char c)
{
	if (is_digit(c))
		return 'D';
	if (c >= 'a' && c <= 'z')
		return 'l';
	if (c >= 'A' && c <= 'Z')
		return 'U';
	if (c == ' ' || c == '\t')
		return 'S';
	return 0;
}

/* The shape of s[0, n): runs of a class become one token. Returns 0 when
 * the text is too long to be a prefix. */
static int shape_of(struct vx_shape *sh, const char *s, size_t n)
{
	sh->n = 0;
	for (size_t i = 0; i < n;) {
		if (sh->n == VX_SHAPE_MAX)
			return 0;
		unsigned char c = s[i];
		int k = cls_of(c);
		sh->cls[sh->n] = k;
		sh->lit[sh->n++] = c;
		i++;
		while (k && i < n && cls_of((unsigned char)s[i]) == k)
			i++;
	}
	return 1;
}

static int shape_eq(const struct vx_shape *a, const struct vx_shape *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->cls[i] != b->cls[i] || (!a->cls[i] && a->lit[i] != b->lit[i]))
			return 0;
	return 1;
}

void vx_prefix_see(struct vx_prefix *p, const char *s, size_t off)
{
	struct vx_shape sh;
	if (!shape_of(&sh, s, off))
		sh.n = 0; /* too long: counts as no prefix */
	if (p->have.n && shape_eq(&sh, &p->have)) {
		p->cand_set = 0;
		return;
	}
	if (p->cand_set && shape_eq(&sh, &p->cand)) {
		p->have = sh; /* a second line in a row: confirmed (or none) */
		p->cand_set = 0;
		return;
	}
	p->cand = sh;
	p->cand_set = 1;
}

/* How much of s the first ntok tokens of sh take, or 0. */
static size_t shape_len(const struct vx_shape *sh, size_t ntok, const char *s)
{
	size_t i = 0;
	for (size_t t = 0; t < ntok; t++) {
		int k = sh->cls[t];
		if (!k) {
			if ((unsigned char)s[i] != sh->lit[t])
				return 0;
			i++;
			continue;
		}
		if (!s[i] || cls_of((unsigned char)s[i]) != k)
			return 0;
		while (s[i] && cls_of((unsigned char)s[i]) == k)
			i++;
	}
	return i;
}

size_t vx_prefix_len(const struct vx_prefix *p, const char *s)
{
	return shape_len(&p->have, p->have.n, s);
}

void vx_prefix_other(struct vx_prefix *p, const char *s)
{
	if (!p->have.n && p->cand_set && p->cand.n && shape_len(&p->cand, p->cand.n, s)) {
		p->have = p->cand; /* another line starts with the same kind of text */
		p->cand_set = 0;
	}
}

int vx_prefix_empty_msg(const struct vx_prefix *p, const char *s)
{
	const struct vx_shape *sh = &p->have;
	if (!vx_prefix_quoted(p))
		return 0;
	/* drop the key that opens the value: [blank] word = " */
	size_t n = sh->n - 3;
	if (n && sh->cls[n - 1] == 'S')
		n--;
	size_t len = shape_len(sh, n, s);
	return len && !s[len + strspn(s + len, " \t")];
}

int vx_prefix_quoted(const struct vx_prefix *p)
{
	const struct vx_shape *sh = &p->have;
	return sh->n >= 3 && !sh->cls[sh->n - 1] && sh->lit[sh->n - 1] == '"' &&
	       !sh->cls[sh->n - 2] && (sh->lit[sh->n - 2] == '=' || sh->lit[sh->n - 2] == ':') &&
	       sh->cls[sh->n - 3];
}
