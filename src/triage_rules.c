// SPDX-License-Identifier: MIT
/* triage.tsv: what triage looks for in an issue and what it asks. Each line
 * is a kind and its columns; see the file's own header for the kinds. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "triage.h"
#include "util_tsv.h"

/* The kinds of line: the columns each needs after the kind, and which of
 * them is a regex compiled at load. */
static const struct kind {
	const char *name;
	size_t min_cols;
	int regex_col; /* -1: none */
} kinds[] = {
	{ "kernel", 2, 1 },	   { "loader", 3, 2 },		{ "type", 3, 2 },
	{ "alias", 2, -1 },	   { "error", 2, 1 },		{ "omitted", 2, 1 },
	{ "registers", 1, -1 },	   { "verdict-enough", 1, -1 }, { "ask", 2, -1 },
	{ "howto", 3, -1 },	   { "upstream", 1, 0 },	{ "link", 3, -1 },
	{ "type-matters", 1, -1 }, { "annotation", 2, 1 },	{ "state", 2, 1 },
};

static const struct kind *kind_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(name, kinds[i].name))
			return &kinds[i];
	return NULL;
}

static void rule_free(struct rule *ru)
{
	free(ru->kind);
	for (size_t c = 0; c < ru->ncol; c++)
		free(ru->col[c]);
	pcre2_code_free(ru->re);
}

void triage_rules_free(struct rules *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		rule_free(&rs->v[i]);
	free(rs->v);
	rs->v = NULL;
	rs->n = 0;
}

static int compile_rule(struct rule *ru, int col, struct strbuf *err)
{
	int ec;
	PCRE2_SIZE eo;
	ru->re = pcre2_compile((PCRE2_SPTR)ru->col[col], PCRE2_ZERO_TERMINATED,
			       PCRE2_UTF | PCRE2_MULTILINE | PCRE2_MATCH_INVALID_UTF, &ec, &eo,
			       NULL);
	if (!ru->re) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		sb_addf(err, "%s:%d: %s at offset %zu\n", TRIAGE_DATA, ru->line, (char *)msg,
			(size_t)eo);
		return -EINVAL;
	}
	pcre2_jit_compile(ru->re, PCRE2_JIT_COMPLETE); /* an optimisation only */
	return 0;
}

/* One line into a rule. Returns 1 for a rule, 0 for a comment or blank
 * line, -EINVAL for a malformed line (said in err). */
static int parse_line(char *line, int lineno, struct rule *ru, struct strbuf *err)
{
	char *f[1 + ARRAY_SIZE(ru->col)];
	if (!*line || *line == '#')
		return 0;
	size_t nf = tsv_split(line, f, ARRAY_SIZE(f));
	const struct kind *k = kind_find(f[0]);
	if (!k || nf - 1 < k->min_cols) {
		sb_addf(err, "%s:%d: %s line: %s\n", TRIAGE_DATA, lineno,
			k ? "too few columns for a" : "unknown kind of", f[0]);
		return -EINVAL;
	}
	memset(ru, 0, sizeof(*ru));
	ru->line = lineno;
	ru->kind = xstrdup(f[0]);
	for (size_t i = 1; i < nf; i++)
		ru->col[ru->ncol++] = xstrdup(f[i]);
	if (k->regex_col >= 0 && compile_rule(ru, k->regex_col, err)) {
		rule_free(ru);
		return -EINVAL;
	}
	return 1;
}

int triage_rules_load(struct rules *rs, struct strbuf *err)
{
	const struct vx_data_file *f = vx_data_find(TRIAGE_DATA);
	if (!f) {
		sb_addf(err, "%s: not in the built-in data\n", TRIAGE_DATA);
		return -ENOENT;
	}
	char *copy = xstrndup(f->text, f->len), *pos = copy, *line;
	int lineno = 0, rc = 0;
	while ((line = tsv_next_line(&pos))) {
		struct rule ru;
		int r = parse_line(line, ++lineno, &ru, err);
		if (r > 0) {
			rs->v = xrealloc(rs->v, (rs->n + 1) * sizeof(*rs->v));
			rs->v[rs->n++] = ru;
		} else if (r < 0) {
			rc = r;
		}
	}
	free(copy);
	return rc;
}

int triage_rule_listed(const struct rules *rs, const char *kind, const char *value)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->v[i].kind, kind) && value && !strcmp(rs->v[i].col[0], value))
			return 1;
	return 0;
}

const struct rule *triage_rule_find(const struct rules *rs, const char *kind, const char *key)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->v[i].kind, kind) && !strcmp(rs->v[i].col[0], key))
			return &rs->v[i];
	return NULL;
}

int triage_rule_matches(const struct rule *ru, pcre2_match_data *md, const char *s, size_t len)
{
	return pcre2_match(ru->re, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0;
}

int triage_next_match(const struct rule *ru, pcre2_match_data *md, const char *text, size_t len,
		      size_t *off, const char *group, char **m, char **g)
{
	if (*off > len)
		return 0;
	int rc = pcre2_match(ru->re, (PCRE2_SPTR)text, len, *off, 0, md, NULL);
	if (rc < 0)
		return 0;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	*off = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
	*m = xstrndup(text + ov[0], ov[1] - ov[0]);
	*g = NULL;
	PCRE2_UCHAR *s;
	PCRE2_SIZE sl;
	if (group && !pcre2_substring_get_byname(md, (PCRE2_SPTR)group, &s, &sl)) {
		*g = xstrndup((const char *)s, sl);
		pcre2_substring_free(s);
	}
	return 1;
}

const char *triage_howto(const struct rules *rs, const char *loader, const char *need)
{
	for (int pass = 0; pass < 2; pass++) {
		const char *who = pass ? "*" : loader;
		if (!who)
			continue;
		for (size_t i = 0; i < rs->n; i++) {
			const struct rule *ru = &rs->v[i];
			if (strcmp(ru->kind, "howto") || strcmp(ru->col[0], who) ||
			    strcmp(ru->col[1], need))
				continue;
			return strcmp(ru->col[2], "-") ? ru->col[2] : NULL;
		}
	}
	return NULL;
}

int triage_has_howto(const struct rules *rs, const char *loader)
{
	for (size_t i = 0; loader && i < rs->n; i++)
		if (!strcmp(rs->v[i].kind, "howto") && !strcmp(rs->v[i].col[0], loader))
			return 1;
	return 0;
}
