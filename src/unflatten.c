// SPDX-License-Identifier: MIT
/* A whole verifier log flattened onto one line (see unflatten.h). */
#include "unflatten.h"

#include <string.h>

#include "vlog.h"

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex(char c)
{
	return digit(c) || (c >= 'a' && c <= 'f');
}

static size_t digits(const char *s, size_t i, size_t len)
{
	size_t j = i;
	while (j < len && digit(s[j]))
		j++;
	return j - i;
}

static int has(const char *s, size_t i, size_t len, const char *lit)
{
	size_t n = strlen(lit);
	return len - i >= n && !memcmp(s + i, lit, n);
}

/* An instruction starts at i: "N: (xx) " and the disassembler's text. */
static int insn_at(const char *s, size_t i, size_t len)
{
	size_t d = digits(s, i, len);
	i += d;
	return d && len - i > 7 && has(s, i, len, ": (") && hex(s[i + 3]) && hex(s[i + 4]) &&
	       s[i + 5] == ')' && s[i + 6] == ' ' && vx_insn_text_at(s + i + 7);
}

/* Another of the log's lines starts at i (after a blank). */
static int line_at(const char *s, size_t i, size_t len)
{
	size_t d = digits(s, i, len);
	if (d && has(s, i + d, len, ": R") && i + d + 3 < len && digit(s[i + d + 3]))
		return 1; /* "1: R1=ctx() R10=fp0" */
	if (s[i] == ';' && i + 1 < len && s[i + 1] == ' ')
		return !(i + 2 < len && ((s[i + 2] == 'R' && i + 3 < len && digit(s[i + 3])) ||
					 has(s, i + 2, len, "frame") || has(s, i + 2, len, "fp-")));
	return has(s, i, len, "from ") || has(s, i, len, "processed ") ||
	       has(s, i, len, "func#") || insn_at(s, i, len);
}

/* In an instruction starting at i that calls: where the text after the
 * call's operand starts, or 0 (nothing follows, or only its state). */
static size_t after_call(const char *s, size_t i, size_t end)
{
	const char *c = memchr(s + i, ')', end - i);
	if (!c || end - (size_t)(c - s) < 7 || memcmp(c, ") call ", 7))
		return 0;
	size_t j = (size_t)(c - s) + 7;
	while (j < end && s[j] != ' ')
		j++;
	while (j < end && s[j] == ' ')
		j++;
	return j < end && s[j] != ';' ? j : 0;
}

size_t vx_flat_cuts(const char *s, size_t len, size_t *cut, size_t max)
{
	size_t n = 0, insns = 0;
	if (len < 40 || !max)
		return 0;
	cut[n++] = 0;
	insns += insn_at(s, 0, len);
	for (size_t i = 1; i < len && n < max; i++) {
		if (s[i - 1] != ' ' || s[i] == ' ' || !line_at(s, i, len))
			continue;
		insns += insn_at(s, i, len);
		cut[n++] = i;
	}
	if (insns < 2)
		return 0;
	/* a verdict glued after a call: its own line */
	for (size_t k = 0; k < n && n < max; k++) {
		size_t end = k + 1 < n ? cut[k + 1] : len;
		size_t g = insn_at(s, cut[k], len) ? after_call(s, cut[k], end) : 0;
		if (!g)
			continue;
		memmove(cut + k + 2, cut + k + 1, (n - k - 1) * sizeof(*cut));
		cut[k + 1] = g;
		n++;
		k++;
	}
	return n;
}
