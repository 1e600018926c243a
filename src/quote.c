// SPDX-License-Identifier: MIT
/* The one reader for quoted values (see quote.h). */
#include "quote.h"

#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Up to max hex digits at s; returns how many were read. */
static size_t read_hex(const char *s, size_t len, size_t max, unsigned long *v)
{
	size_t i = 0;
	*v = 0;
	while (i < len && i < max && hexval(s[i]) >= 0)
		*v = *v * 16 + hexval(s[i++]);
	return i;
}

static void add_utf8(struct strbuf *out, unsigned long c)
{
	if (!c || c > 0x10ffff)
		return;
	if (c < 0x80) {
		sb_addc(out, c);
	} else if (c < 0x800) {
		sb_addc(out, 0xc0 | (c >> 6));
		sb_addc(out, 0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		sb_addc(out, 0xe0 | (c >> 12));
		sb_addc(out, 0x80 | ((c >> 6) & 0x3f));
		sb_addc(out, 0x80 | (c & 0x3f));
	} else {
		sb_addc(out, 0xf0 | (c >> 18));
		sb_addc(out, 0x80 | ((c >> 12) & 0x3f));
		sb_addc(out, 0x80 | ((c >> 6) & 0x3f));
		sb_addc(out, 0x80 | (c & 0x3f));
	}
}

/* One escape after the backslash at s[0]; returns the bytes it took. */
static size_t escape(const char *s, size_t len, struct strbuf *out)
{
	unsigned long v;
	size_t n;
	switch (s[0]) {
	case 'n':
		sb_addc(out, '\n');
		return 1;
	case 't':
		sb_addc(out, '\t');
		return 1;
	case 'r':
		return 1;
	case '0' ... '7': /* \NNN octal (C, Python): a byte */
		for (n = 0, v = 0; n < len && n < 3 && s[n] >= '0' && s[n] <= '7'; n++)
			v = v * 8 + (s[n] - '0');
		if (v && v < 0x100)
			sb_addc(out, v);
		return n;
	case 'x': /* a byte, as the input had it */
		n = read_hex(s + 1, len - 1, 2, &v);
		if (v)
			sb_addc(out, v);
		return 1 + n;
	case 'u':
		if (len > 1 && s[1] == '{') { /* Rust: \u{1b} */
			n = read_hex(s + 2, len - 2, 6, &v);
			add_utf8(out, v);
			return 2 + n + (2 + n < len && s[2 + n] == '}');
		}
		n = read_hex(s + 1, len - 1, 4, &v);
		add_utf8(out, v);
		return 1 + n;
	default: /* \" \\ \' \/ and anything else: the character itself */
		sb_addc(out, s[0]);
		return 1;
	}
}

size_t vx_unquote(const char *s, size_t len, char q, struct strbuf *out, int *closed)
{
	size_t i = 0;
	if (closed)
		*closed = 0;
	sb_add(out, "", 0);
	while (i < len) {
		char c = s[i];
		if (q && c == q) {
			if (closed)
				*closed = 1;
			return i + 1;
		}
		if (c == '\\' && i + 1 < len) {
			i += 1 + escape(s + i + 1, len - i - 1, out);
			continue;
		}
		if (c)
			sb_addc(out, c);
		i++;
	}
	return i;
}

/* The ASCII quote a typographic one (U+2018..U+201F, U+2032, U+2033, all
 * E2 80 xx or E2 80 B2/B3 in UTF-8) stands for, or 0. */
static char folded_quote(const unsigned char *u)
{
	if (u[0] != 0xe2 || u[1] != 0x80)
		return 0;
	if (u[2] >= 0x98 && u[2] <= 0x9b)
		return '\'';
	if (u[2] >= 0x9c && u[2] <= 0x9f)
		return '"';
	if (u[2] == 0xb2)
		return '\'';
	if (u[2] == 0xb3)
		return '"';
	return 0;
}

int vx_fold_quotes(const char *s, size_t len, struct strbuf *out)
{
	const char *e = len >= 3 ? memchr(s, 0xe2, len - 2) : NULL;
	while (e && !folded_quote((const unsigned char *)e)) {
		size_t at = e - s + 1;
		e = at + 2 < len ? memchr(s + at, 0xe2, len - at - 2) : NULL;
	}
	if (!e)
		return 0;
	sb_reset(out);
	for (size_t i = 0; i < len; i++) {
		char q = i + 2 < len ? folded_quote((const unsigned char *)s + i) : 0;
		if (q) {
			sb_addc(out, q);
			i += 2;
		} else {
			sb_addc(out, s[i]);
		}
	}
	return 1;
}
