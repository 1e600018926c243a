// SPDX-License-Identifier: MIT
/* unwrap's line shapes: what a line of loader output looks like (a fence, an
 * HTML wrapper, an escaped log, a quoted value opening or left open), with
 * no state of the unwrapper's (see unwrap_shapes.h). */
#include "unwrap_shapes.h"

#include <ctype.h>
#include <string.h>

#include "util.h"

/* "...\n0: (b7) r2 = 0\n..." : a log pasted as one escaped string. */
int vx_looks_escaped_log(const char *s)
{
	const char *p = s;
	while ((p = strstr(p, "\\n"))) {
		p += 2;
		while (p[0] == '\\' && p[1] == 't') /* Go's %q of an indented log */
			p += 2;
		if (is_digit(*p) || starts_with(p, "; ") || starts_with(p, "processed ") ||
		    starts_with(p, "func#") || starts_with(p, "Validating ") ||
		    starts_with(p, "R") || starts_with(p, "libbpf: ") ||
		    starts_with(p, "Error log:") || starts_with(p, "ERROR: "))
			return 1;
	}
	return 0;
}

/* Quotes of kind q in s, not counting escaped ones. */
size_t vx_count_quotes(const char *s, size_t len, char q)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == q && (!i || s[i - 1] != '\\');
	return n;
}

/* Where a value opens: a quote at the start or after '=', ':', a blank or
 * a bracket (key="...", "key":"...", Err("..."), verifier_log: "..."). */
int vx_opens_value(const char *s, size_t i)
{
	return s[i] == '"' && (!i || strchr("=: \t([{,", s[i - 1]));
}

int vx_is_fence(const char *s)
{
	while (*s == ' ')
		s++;
	if (*s != '`' && *s != '~') /* most lines: one test */
		return 0;
	if (!starts_with(s, "```") && !starts_with(s, "~~~"))
		return 0;
	for (s += 3; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != ' ' &&
		    *s != '`' && *s != '~')
			return 0;
	return 1;
}

int vx_is_html_wrapper(const char *s)
{
	if (*s != '<')
		return 0;
	return starts_with(s, "<details") || starts_with(s, "</details") ||
	       starts_with(s, "<summary") || starts_with(s, "<pre>") || starts_with(s, "</pre>");
}

/* Does s leave a key's quoted value open (key="..., "key": "..., key: "...)?
 * The quote left open is the last one; left open after anything else (C
 * source: asm volatile (" ... \\) it is the text's own. */
int vx_opens_key_value(const char *s, size_t len)
{
	if (!(vx_count_quotes(s, len, '"') % 2))
		return 0;
	size_t i = len;
	while (i-- > 0 && (s[i] != '"' || (i && s[i - 1] == '\\')))
		;
	if (i >= len || !i)
		return 0;
	char c = s[i - 1];
	return c == '=' || c == ':' || (c == ' ' && i >= 2 && (s[i - 2] == ':' || s[i - 2] == '='));
}
