// SPDX-License-Identifier: MIT
/* The template engine of patterns/README.md ("Templates"): {name},
 * {name|fallback}, {?name:text}, {!name:text}, nested up to 8 deep. */
#include "template.h"

#include <string.h>

#include "util.h"

const char *vx_vars_get(const struct vx_vars *vars, const char *name)
{
	for (; vars; vars = vars->next)
		for (size_t i = 0; i < vars->n; i++)
			if (!strcmp(vars->v[i].name, name))
				return vars->v[i].value;
	return NULL;
}

int vx_vars_true(const struct vx_vars *vars, const char *name)
{
	const char *v = vx_vars_get(vars, name);
	return v && *v && strcmp(v, "0");
}

/* The '}' that closes the '{' at p, counting nested braces; NULL if none. */
static const char *closing_brace(const char *p)
{
	int depth = 0;
	for (; *p; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && --depth == 0)
			return p;
	}
	return NULL;
}

static void expand_into(struct strbuf *out, const char *tmpl, size_t len,
			const struct vx_vars *vars, int depth);

/* Does the template text use the variable NAME: "{name}" or "{name|" (not "{name2}")? */
static int uses_var(const char *t, size_t tlen, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = t; (p = memchr(p, '{', t + tlen - p)); p++)
		if ((size_t)(t + tlen - p) > n + 1 && !strncmp(p + 1, name, n) &&
		    (p[n + 1] == '}' || p[n + 1] == '|'))
			return 1;
	return 0;
}

/* One placeholder, p..close: {name} {name|fallback} {?name:text} {!name:text} */
static int expand_one(struct strbuf *out, const char *p, const char *close,
		      const struct vx_vars *vars, int depth)
{
	const char *q = p + 1;
	char mode = (*q == '?' || *q == '!') ? *q++ : 0;
	size_t n = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	char name[64];
	const char *after = q + n;
	if (!n || n >= sizeof(name) || after > close)
		return 0;
	if (mode ? *after != ':' : (*after != '|' && after != close))
		return 0;
	memcpy(name, q, n);
	name[n] = '\0';
	const char *v = vx_vars_get(vars, name);
	int set = vx_vars_true(vars, name);
	if (*after == '|' && !mode) {
		/* {name|text}: a text that uses {name} itself is shown only when
		 * name is set; any other text is the fallback for an unset name */
		const char *t = after + 1;
		size_t tlen = close - t;
		int uses_self = uses_var(t, tlen, name);
		mode = uses_self ? '?' : 0;
		if (!uses_self) {
			if (v && *v)
				sb_adds(out, v);
			else
				expand_into(out, t, tlen, vars, depth + 1);
			return 1;
		}
	}
	if (mode) {
		if ((mode == '?') == set)
			expand_into(out, after + 1, close - after - 1, vars, depth + 1);
	} else if (v && *v) {
		sb_adds(out, v);
	} else {
		sb_adds(out, "?");
	}
	return 1;
}

static void expand_into(struct strbuf *out, const char *tmpl, size_t len,
			const struct vx_vars *vars, int depth)
{
	const char *end = tmpl + len;
	for (const char *p = tmpl; p < end;) {
		const char *close = *p == '{' && depth < 8 ? closing_brace(p) : NULL;
		if (close && close < end && expand_one(out, p, close, vars, depth)) {
			p = close + 1;
			continue;
		}
		sb_addc(out, *p++); /* not a placeholder: a literal character */
	}
}

char *vx_expand(const char *tmpl, const struct vx_vars *vars)
{
	struct strbuf out = STRBUF_INIT;
	expand_into(&out, tmpl, strlen(tmpl), vars, 0);
	return sb_detach(&out);
}
