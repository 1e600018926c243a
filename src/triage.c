// SPDX-License-Identifier: MIT
/* triage: answer an issue about a verifier failure. The logs in the issue go
 * through the one pipeline (vx_explain_buffer); this file adds what the prose
 * around them tells (kernel, loader, program type), what is missing for a
 * diagnosis, and upstream links, and prints one Markdown comment or one JSON
 * object. What to look for and what to ask is data: patterns/triage.tsv. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "data.h"
#include "explain.h"
#include "helpers.h"
#include "patterns.h"
#include "pipeline.h"
#include "render.h"
#include "util.h"

#define TRIAGE_DATA "patterns/triage.tsv"
#define TRIAGE_MAX_INPUT (64u << 20) /* an issue body, not a 600 MB log */
#define MAX_FACTS 32

/* One line of triage.tsv: its kind and the columns after it. */
struct rule {
	char *kind;
	char *col[4];
	size_t ncol;
	pcre2_code *re;
	int line;
};

struct rules {
	struct rule *v;
	size_t n;
};

struct fact {
	char *value;	/* kernel release, loader name, program type */
	char *version;	/* loaders only */
	char *from;	/* how it was known: "text", "log", "section", ... */
	char *evidence; /* the text that said it */
	size_t pos;	/* where the text said it (facts from the logs: after it) */
};

struct fact_list {
	struct fact v[MAX_FACTS];
	size_t n;
};

struct facts {
	struct fact_list kernel, loader, type;
};

struct question {
	const char *id;
	char *text;
};

struct link {
	char *url;
	char *text;
	const char *pattern;
};

struct triage {
	struct rules rules;
	struct facts facts;
	struct vx_record **recs;
	size_t nrecs;
	struct question *q;
	size_t nq;
	struct link *links;
	size_t nlinks;
	const char *text;
	size_t len;
	int annotated; /* the text has a source annotation somewhere */
	int load_error; /* no log, but a load error */
};

/* ---- triage.tsv ---------------------------------------------------------- */

/* Which column of a kind holds its regex (-1: none). */
static int regex_col(const char *kind)
{
	static const struct {
		const char *kind;
		int col, ncol;
	} k[] = {
		{ "kernel", 1, 2 }, { "loader", 2, 3 }, { "type", 2, 3 },
		{ "error", 1, 2 },  { "omitted", 1, 2 }, { "upstream", 0, 1 },
		{ "annotation", 1, 2 }, { "state", 1, 2 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(k); i++)
		if (!strcmp(kind, k[i].kind))
			return k[i].col;
	return -1;
}

static size_t min_cols(const char *kind)
{
	static const struct {
		const char *kind;
		size_t n;
	} k[] = {
		{ "kernel", 2 }, { "loader", 3 },	  { "type", 3 },	{ "alias", 2 },
		{ "error", 2 },	 { "omitted", 2 },	  { "registers", 1 },	{ "verdict-enough", 1 },
		{ "ask", 2 },	 { "howto", 3 },	  { "upstream", 1 },	{ "link", 3 },
		{ "type-matters", 1 }, { "annotation", 2 }, { "state", 2 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(k); i++)
		if (!strcmp(kind, k[i].kind))
			return k[i].n;
	return 0;
}

static void rules_free(struct rules *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->v[i].kind);
		for (size_t c = 0; c < rs->v[i].ncol; c++)
			free(rs->v[i].col[c]);
		pcre2_code_free(rs->v[i].re);
	}
	free(rs->v);
	rs->v = NULL;
	rs->n = 0;
}

static int compile_rule(struct rule *ru, struct strbuf *err)
{
	int col = regex_col(ru->kind);
	if (col < 0)
		return 0;
	int ec;
	PCRE2_SIZE eo;
	ru->re = pcre2_compile((PCRE2_SPTR)ru->col[col], PCRE2_ZERO_TERMINATED,
			       PCRE2_UTF | PCRE2_MULTILINE | PCRE2_MATCH_INVALID_UTF, &ec, &eo, NULL);
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

/* Split one line at tabs into a rule. Returns 1 for a rule, 0 for a comment
 * or blank line, -EINVAL for a malformed line. */
static int parse_line(char *line, int lineno, struct rule *ru, struct strbuf *err)
{
	if (!*line || *line == '#')
		return 0;
	memset(ru, 0, sizeof(*ru));
	ru->line = lineno;
	char *save = NULL, *tok = strtok_r(line, "\t", &save);
	ru->kind = xstrdup(tok);
	while ((tok = strtok_r(NULL, "\t", &save)) && ru->ncol < ARRAY_SIZE(ru->col))
		ru->col[ru->ncol++] = xstrdup(tok);
	size_t need = min_cols(ru->kind);
	if (!need || ru->ncol < need) {
		sb_addf(err, "%s:%d: %s line: %s\n", TRIAGE_DATA, lineno,
			need ? "too few columns for a" : "unknown kind of", ru->kind);
		return -EINVAL;
	}
	return 1;
}

static int rules_load(struct rules *rs, struct strbuf *err)
{
	const struct vx_data_file *f = vx_data_find(TRIAGE_DATA);
	if (!f) {
		sb_addf(err, "%s: not in the built-in data\n", TRIAGE_DATA);
		return -ENOENT;
	}
	char *copy = xstrndup(f->text, f->len);
	int lineno = 0, rc = 0;
	/* strtok_r would merge blank lines; count lines by hand */
	for (char *p = copy, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		struct rule ru;
		int r = parse_line(p, lineno, &ru, err);
		if (r > 0 && !(r = compile_rule(&ru, err))) {
			rs->v = xrealloc(rs->v, (rs->n + 1) * sizeof(*rs->v));
			rs->v[rs->n++] = ru;
		} else if (r < 0) {
			rc = r;
		}
	}
	free(copy);
	return rc;
}

static int rule_listed(const struct rules *rs, const char *kind, const char *value)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->v[i].kind, kind) && value && !strcmp(rs->v[i].col[0], value))
			return 1;
	return 0;
}

static const struct rule *rule_find(const struct rules *rs, const char *kind, const char *key)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->v[i].kind, kind) && !strcmp(rs->v[i].col[0], key))
			return &rs->v[i];
	return NULL;
}

/* The how-to text of a loader for a need; NULL when the question does not
 * apply to that loader ("-"). */
static const char *howto(const struct rules *rs, const char *loader, const char *need)
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

static int has_howto(const struct rules *rs, const char *loader)
{
	for (size_t i = 0; loader && i < rs->n; i++)
		if (!strcmp(rs->v[i].kind, "howto") && !strcmp(rs->v[i].col[0], loader))
			return 1;
	return 0;
}

/* ---- facts from the text ------------------------------------------------- */

/* Iterate over the matches of re in text. Returns 1 with *m (whole match) and
 * *g (the named group, NULL when it did not take part) set, 0 at the end. */
static int next_match(const struct rule *ru, pcre2_match_data *md, const char *text, size_t len,
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

/* A short, one-line form of the text that stated a fact. */
static char *evidence(const char *m)
{
	while (isspace((unsigned char)*m))
		m++;
	size_t n = strcspn(m, "\n");
	while (n && isspace((unsigned char)m[n - 1]))
		n--;
	return xstrndup(m, n > 100 ? 100 : n);
}

static struct fact *fact_add(struct fact_list *l, const char *value, const char *version,
			     const char *from, const char *ev, size_t pos)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].value, value))
			continue;
		if (!l->v[i].version && version)
			l->v[i].version = xstrdup(version);
		if (pos < l->v[i].pos)
			l->v[i].pos = pos;
		return &l->v[i];
	}
	if (l->n == MAX_FACTS)
		return NULL;
	struct fact *f = &l->v[l->n++];
	f->value = xstrdup(value);
	f->version = version ? xstrdup(version) : NULL;
	f->from = xstrdup(from);
	f->evidence = ev ? evidence(ev) : NULL;
	f->pos = pos;
	return f;
}

static void facts_free(struct facts *fs)
{
	struct fact_list *ls[] = { &fs->kernel, &fs->loader, &fs->type };
	for (size_t k = 0; k < ARRAY_SIZE(ls); k++)
		for (size_t i = 0; i < ls[k]->n; i++) {
			free(ls[k]->v[i].value);
			free(ls[k]->v[i].version);
			free(ls[k]->v[i].from);
			free(ls[k]->v[i].evidence);
		}
}

/* A loader's name for a program type -> libbpf's name, or NULL. */
static const char *resolve_type(const struct rules *rs, const char *name)
{
	const struct rule *a = rule_find(rs, "alias", name);
	if (a)
		name = a->col[1];
	const char *t = vx_prog_type_canonical(name);
	if (t)
		return t;
	char low[64];
	size_t i;
	for (i = 0; name[i] && i + 1 < sizeof(low); i++)
		low[i] = tolower((unsigned char)name[i]);
	low[i] = '\0';
	if ((t = vx_prog_type_canonical(low)))
		return t;
	return vx_prog_type_from_section(name);
}

static void fact_from_rule(struct triage *t, const struct rule *ru, const char *m, const char *g,
			   size_t pos)
{
	if (!strcmp(ru->kind, "kernel")) {
		if (g)
			fact_add(&t->facts.kernel, g, NULL, "text", m, pos);
	} else if (!strcmp(ru->kind, "loader")) {
		fact_add(&t->facts.loader, ru->col[1], g, "text", m, pos);
	} else if (!strcmp(ru->kind, "type")) {
		const char *v = ru->col[1];
		const char *type = v[0] == '{' ? (g ? resolve_type(&t->rules, g) : NULL)
					       : vx_prog_type_canonical(v);
		if (type)
			fact_add(&t->facts.type, type, NULL, "text", m, pos);
	}
}

/* The group a rule's fact comes from: kernel rel, loader ver, type {name}. */
static char *rule_group(const struct rule *ru)
{
	if (!strcmp(ru->kind, "kernel"))
		return xstrdup("rel");
	if (!strcmp(ru->kind, "loader"))
		return xstrdup("ver");
	if (!strcmp(ru->kind, "type") && ru->col[1][0] == '{')
		return xstrndup(ru->col[1] + 1, strcspn(ru->col[1] + 1, "}"));
	return NULL;
}

static void gather_text_facts(struct triage *t)
{
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	for (size_t i = 0; i < t->rules.n; i++) {
		const struct rule *ru = &t->rules.v[i];
		if (strcmp(ru->kind, "kernel") && strcmp(ru->kind, "loader") && strcmp(ru->kind, "type"))
			continue;
		char *group = rule_group(ru), *m, *g;
		size_t off = 0;
		while (next_match(ru, md, t->text, t->len, &off, group, &m, &g)) {
			fact_from_rule(t, ru, m, g, off - strlen(m));
			free(m);
			free(g);
		}
		free(group);
	}
	pcre2_match_data_free(md);
}

static int fact_cmp(const void *a, const void *b)
{
	const struct fact *x = a, *y = b;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* In the order the issue states them: its first kernel is the one it is about. */
static void sort_facts(struct facts *fs)
{
	qsort(fs->kernel.v, fs->kernel.n, sizeof(struct fact), fact_cmp);
	qsort(fs->loader.v, fs->loader.n, sizeof(struct fact), fact_cmp);
	qsort(fs->type.v, fs->type.n, sizeof(struct fact), fact_cmp);
}

/* The first match of any rule of a kind, or NULL (caller frees). */
static char *text_matches(const struct triage *t, const char *kind)
{
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	char *found = NULL, *g;
	for (size_t i = 0; i < t->rules.n && !found; i++) {
		size_t off = 0;
		if (!strcmp(t->rules.v[i].kind, kind))
			next_match(&t->rules.v[i], md, t->text, t->len, &off, NULL, &found, &g);
	}
	pcre2_match_data_free(md);
	return found;
}

/* What the records add: the loader that framed each log and its type. */
static void gather_record_facts(struct triage *t)
{
	for (size_t i = 0; i < t->nrecs; i++) {
		const struct vx_record *r = t->recs[i];
		if (r->verdict == VX_NO_LOG)
			continue;
		if (r->loader && has_howto(&t->rules, r->loader))
			fact_add(&t->facts.loader, r->loader, NULL, "log", NULL, t->len + i);
		if (r->prog_type && r->prog_type_from && strcmp(r->prog_type_from, "issue"))
			fact_add(&t->facts.type, r->prog_type, NULL, r->prog_type_from,
				 r->section ? r->section : r->prog_name, t->len + i);
	}
}

/* ---- the logs ------------------------------------------------------------ */

static void free_records(struct vx_record **recs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);
}

/* The type the text states for every program, when it states exactly one. */
static const char *single_text_type(const struct facts *fs)
{
	const char *type = NULL;
	for (size_t i = 0; i < fs->type.n; i++) {
		if (strcmp(fs->type.v[i].from, "text"))
			continue;
		if (type && strcmp(type, fs->type.v[i].value))
			return NULL;
		type = fs->type.v[i].value;
	}
	return type;
}

/* Explain the logs. A rejection whose log does not tell its program type gets
 * the one the text states (the explanation depends on it): a second
 * run with that hint, taking only those records from it. */
static int run_pipeline(struct triage *t, const struct vx_db *db)
{
	struct vx_hints hints = { 0 };
	if (t->facts.kernel.n)
		hints.kernel = t->facts.kernel.v[0].value;
	int rc = vx_explain_buffer(db, &hints, t->text, t->len, &t->recs, &t->nrecs);
	if (rc)
		return rc;
	const char *type = single_text_type(&t->facts);
	size_t untyped = 0;
	for (size_t i = 0; i < t->nrecs; i++)
		untyped += t->recs[i]->verdict == VX_REJECTED && !t->recs[i]->prog_type;
	if (!type || !untyped)
		return 0;
	struct vx_record **again;
	size_t n;
	hints.prog_type = type;
	hints.prog_type_from = "issue";
	if (vx_explain_buffer(db, &hints, t->text, t->len, &again, &n))
		return 0;
	for (size_t i = 0; i < n && n == t->nrecs; i++) {
		if (t->recs[i]->prog_type || !again[i]->prog_type)
			continue;
		struct vx_record *tmp = t->recs[i];
		t->recs[i] = again[i];
		again[i] = tmp;
	}
	free_records(again, n);
	return 0;
}

static size_t count_verdict(const struct triage *t, enum vx_verdict v)
{
	size_t n = 0;
	for (size_t i = 0; i < t->nrecs; i++)
		n += t->recs[i]->verdict == v;
	return n;
}

/* ---- questions ----------------------------------------------------------- */

/* The loader whose how-to applies to a record (or to the issue when r is
 * NULL): the one that framed the log, else the first the text names. */
static const char *loader_for(const struct triage *t, const struct vx_record *r)
{
	if (r && r->loader && has_howto(&t->rules, r->loader))
		return r->loader;
	for (size_t i = 0; i < t->facts.loader.n; i++)
		if (has_howto(&t->rules, t->facts.loader.v[i].value))
			return t->facts.loader.v[i].value;
	return NULL;
}

static void set_var(struct vx_record *tmp, const char *name, const char *value)
{
	if (value && *value)
		vx_record_set(tmp, name, value);
}

/* Fill an ask line's template for one record (or none) and add it, unless
 * the same text was asked already. */
static void ask(struct triage *t, const char *id, const struct vx_record *r, const char *need,
		const char *extra_name, const char *extra)
{
	const struct rule *ru = rule_find(&t->rules, "ask", id);
	if (!ru)
		return;
	struct vx_record *tmp = xcalloc(1, sizeof(*tmp));
	char num[32];
	if (r) {
		set_var(tmp, "prog", r->prog_name);
		set_var(tmp, "message", r->message);
		set_var(tmp, "category", r->category);
		set_var(tmp, "reg", r->reg);
		if (r->insn >= 0) {
			snprintf(num, sizeof(num), "%ld", r->insn);
			set_var(tmp, "insn", num);
		}
	}
	if (need)
		set_var(tmp, "howto", howto(&t->rules, loader_for(t, r), need));
	if (extra_name)
		set_var(tmp, extra_name, extra);
	char *text = vx_expand(ru->col[1], tmp);
	vx_record_free(tmp);
	for (size_t i = 0; i < t->nq; i++)
		if (!strcmp(t->q[i].text, text)) {
			free(text);
			return;
		}
	t->q = xrealloc(t->q, (t->nq + 1) * sizeof(*t->q));
	t->q[t->nq].id = ru->col[0];
	t->q[t->nq++].text = text;
}

static int asked(const struct triage *t, const char *id)
{
	for (size_t i = 0; i < t->nq; i++)
		if (!strcmp(t->q[i].id, id))
			return 1;
	return 0;
}

/* Does any line of the record's excerpt show a register's state? */
static int excerpt_has_state(const struct triage *t, const struct vx_record *r)
{
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	int found = 0;
	for (size_t i = 0; i < t->rules.n && !found; i++) {
		const struct rule *ru = &t->rules.v[i];
		for (size_t k = 0; !strcmp(ru->kind, "state") && k < r->nexcerpt && !found; k++)
			found = pcre2_match(ru->re, (PCRE2_SPTR)r->excerpt[k], strlen(r->excerpt[k]),
					    0, 0, md, NULL) >= 0;
	}
	pcre2_match_data_free(md);
	return found;
}

/* A rejection explained by a register's history, with no register state in
 * the log's excerpt: log_level 2 prints one after every instruction. */
static int needs_registers(const struct triage *t, const struct vx_record *r)
{
	return rule_listed(&t->rules, "registers", r->category) && r->insn >= 0 &&
	       !r->reg_state && r->log_level != 2 && !excerpt_has_state(t, r);
}

static void ask_about_record(struct triage *t, const struct vx_record *r)
{
	if (r->verdict == VX_TRUNCATED) {
		ask(t, "full-log", r, "full-log", NULL, NULL);
		return;
	}
	if (r->verdict != VX_REJECTED)
		return;
	if (r->insn < 0 && !rule_listed(&t->rules, "verdict-enough", r->category))
		ask(t, "head-of-log", r, "full-log", NULL, NULL);
	if (needs_registers(t, r))
		ask(t, "log-level-2", r, "log-level-2", NULL, NULL);
	if (!r->prog_type && !t->facts.type.n &&
	    rule_listed(&t->rules, "type-matters", r->category))
		ask(t, "prog-type", r, NULL, NULL, NULL);
	if (r->insn >= 0 && !r->src_text && !r->src_file && !t->annotated &&
	    howto(&t->rules, loader_for(t, r), "source-lines"))
		ask(t, "source-lines", r, "source-lines", NULL, NULL);
}

static void drop(struct triage *t, const char *id)
{
	for (size_t i = 0; i < t->nq; i++) {
		if (strcmp(t->q[i].id, id))
			continue;
		free(t->q[i].text);
		memmove(&t->q[i], &t->q[i + 1], (t->nq - i - 1) * sizeof(*t->q));
		t->nq--;
		i--;
	}
}

static void build_questions(struct triage *t)
{
	size_t logs = t->nrecs - count_verdict(t, VX_NO_LOG);
	char *omitted = text_matches(t, "omitted");
	char *error = logs ? NULL : text_matches(t, "error");
	char *annotation = text_matches(t, "annotation");
	t->annotated = annotation != NULL;
	free(annotation);
	if (omitted && logs)
		ask(t, "omitted", NULL, "full-log", "omitted", omitted);
	for (size_t i = 0; i < t->nrecs; i++)
		ask_about_record(t, t->recs[i]);
	t->load_error = error != NULL;
	if (error)
		ask(t, "verifier-log", NULL, "full-log", NULL, NULL);
	if (!t->facts.kernel.n && (logs || error))
		ask(t, "kernel", NULL, NULL, NULL, NULL);
	/* the complete log answers "where does it start" too, and shows
	 * whether it has source lines: ask only for it */
	if (asked(t, "omitted") || asked(t, "full-log"))
		drop(t, "head-of-log");
	if (asked(t, "omitted") || asked(t, "full-log") || asked(t, "head-of-log"))
		drop(t, "source-lines");
	free(omitted);
	free(error);
}

/* ---- links --------------------------------------------------------------- */

/* "probe_read_family,!helper_allowed,loader=aya" against a record. */
static int conditions_hold(const struct vx_record *r, const char *conds)
{
	char *copy = xstrdup(conds), *save = NULL;
	int ok = 1;
	for (char *c = strtok_r(copy, ",", &save); c && ok; c = strtok_r(NULL, ",", &save)) {
		int neg = *c == '!';
		char *name = c + neg, *eq = strchr(name, '=');
		if (eq)
			*eq = '\0';
		const char *v = vx_record_var(r, name);
		if (!v && !strcmp(name, "loader"))
			v = r->loader;
		int set = v && *v && (!eq || !strcmp(v, eq + 1));
		ok = neg ? !set : set;
	}
	free(copy);
	return ok;
}

static int is_upstream(const struct triage *t, const char *url, pcre2_match_data *md)
{
	for (size_t i = 0; i < t->rules.n; i++) {
		const struct rule *ru = &t->rules.v[i];
		if (!strcmp(ru->kind, "upstream") &&
		    pcre2_match(ru->re, (PCRE2_SPTR)url, strlen(url), 0, 0, md, NULL) >= 0)
			return 1;
	}
	return 0;
}

static void add_link(struct triage *t, const char *url, const char *text, const char *pattern)
{
	for (size_t i = 0; i < t->nlinks; i++)
		if (!strcmp(t->links[i].url, url))
			return;
	t->links = xrealloc(t->links, (t->nlinks + 1) * sizeof(*t->links));
	t->links[t->nlinks].url = xstrdup(url);
	t->links[t->nlinks].text = text ? xstrdup(text) : NULL;
	t->links[t->nlinks++].pattern = pattern;
}

/* A pattern's references that are upstream issues or fixes, when the
 * triage data does not restrict them to some cases of the pattern. */
static void build_links(struct triage *t)
{
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	for (size_t i = 0; i < t->nrecs; i++) {
		const struct vx_record *r = t->recs[i];
		for (size_t k = 0; r->verdict == VX_REJECTED && k < r->nrefs; k++) {
			const struct rule *ru = rule_find(&t->rules, "link", r->refs[k]);
			if (ru && conditions_hold(r, ru->col[1]))
				add_link(t, r->refs[k], ru->col[2], r->pattern);
			else if (!ru && is_upstream(t, r->refs[k], md))
				add_link(t, r->refs[k], NULL, r->pattern);
		}
	}
	pcre2_match_data_free(md);
}

/* ---- output -------------------------------------------------------------- */

static void md_facts(FILE *out, const struct facts *fs)
{
	int first = 1;
	fprintf(out, "**From the issue:** ");
#define SEP() (fputs(first ? "" : " · ", out), first = 0)
	for (size_t i = 0; i < fs->kernel.n; i++) {
		SEP();
		fprintf(out, "kernel `%s`", fs->kernel.v[i].value);
	}
	for (size_t i = 0; i < fs->loader.n; i++) {
		i ? fputs(", ", out) : (SEP(), fputs(fs->loader.n > 1 ? "loaders " : "loader ", out));
		fprintf(out, "%s", fs->loader.v[i].value);
		if (fs->loader.v[i].version)
			fprintf(out, " `%s`", fs->loader.v[i].version);
	}
	for (size_t i = 0; i < fs->type.n; i++) {
		SEP();
		fprintf(out, "program type `%s` (from %s)", fs->type.v[i].value,
			!strcmp(fs->type.v[i].from, "text") ? "the text" : fs->type.v[i].from);
	}
#undef SEP
	if (first)
		fprintf(out, "no kernel version, loader or program type.");
	fprintf(out, "\n\n");
}

static void md_intro(FILE *out, const struct triage *t)
{
	size_t rej = count_verdict(t, VX_REJECTED), cut = count_verdict(t, VX_TRUNCATED);
	size_t acc = count_verdict(t, VX_ACCEPTED);
	fprintf(out, "**vexplain** read this issue: ");
	if (rej)
		fprintf(out, "%zu rejected program%s, explained below", rej, rej == 1 ? "" : "s");
	if (cut)
		fprintf(out, "%s%zu log%s cut before the verdict", rej ? "; " : "", cut,
			cut == 1 ? "" : "s");
	if (acc)
		fprintf(out, "%s%zu accepted program%s", rej || cut ? "; " : "", acc,
			acc == 1 ? "" : "s");
	if (!rej && !cut && !acc)
		fprintf(out, t->load_error ? "a load error, but no verifier log" : "no verifier log in it");
	fprintf(out, ".\n\n");
}

static int render_markdown(FILE *out, const struct triage *t)
{
	md_intro(out, t);
	md_facts(out, &t->facts);
	for (size_t i = 0; i < t->nrecs; i++)
		if (t->recs[i]->verdict == VX_REJECTED)
			vx_render_markdown_section(out, t->recs[i], 3, 0);
	if (t->nlinks) {
		fprintf(out, "### Upstream\n\n");
		for (size_t i = 0; i < t->nlinks; i++)
			fprintf(out, "- %s%s%s\n", t->links[i].url, t->links[i].text ? ": " : "",
				t->links[i].text ? t->links[i].text : "");
		fprintf(out, "\n");
	}
	if (t->nq) {
		fprintf(out, "### What would help\n\n");
		for (size_t i = 0; i < t->nq; i++)
			fprintf(out, "%zu. %s\n", i + 1, t->q[i].text);
		fprintf(out, "\n");
	}
	fprintf(out, "<sub>Written by `vexplain triage` from the text of this issue.</sub>\n");
	return fflush(out) == EOF || ferror(out) ? -EPIPE : 0;
}

static cJSON *json_facts(const struct fact_list *l, const char *key)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < l->n; i++) {
		cJSON *o = cJSON_CreateObject();
		char *v = vx_utf8_escape(l->v[i].value);
		cJSON_AddStringToObject(o, key, v);
		free(v);
		if (!strcmp(key, "name"))
			vx_json_add_str(o, "version", l->v[i].version);
		cJSON_AddStringToObject(o, "from", l->v[i].from);
		if (l->v[i].evidence) {
			char *e = vx_utf8_escape(l->v[i].evidence);
			cJSON_AddStringToObject(o, "evidence", e);
			free(e);
		}
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static int render_json(FILE *out, const struct triage *t)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *f = cJSON_AddObjectToObject(o, "facts");
	cJSON_AddItemToObject(f, "kernel", json_facts(&t->facts.kernel, "release"));
	cJSON_AddItemToObject(f, "loader", json_facts(&t->facts.loader, "name"));
	cJSON_AddItemToObject(f, "prog_type", json_facts(&t->facts.type, "name"));
	cJSON *rej = cJSON_AddArrayToObject(o, "rejections");
	cJSON *cut = cJSON_AddArrayToObject(o, "truncated");
	for (size_t i = 0; i < t->nrecs; i++) {
		const struct vx_record *r = t->recs[i];
		if (r->verdict == VX_REJECTED)
			cJSON_AddItemToArray(rej, vx_record_json(r));
		else if (r->verdict == VX_TRUNCATED)
			cJSON_AddItemToArray(cut, vx_record_json(r));
	}
	cJSON *qs = cJSON_AddArrayToObject(o, "questions");
	for (size_t i = 0; i < t->nq; i++) {
		cJSON *q = cJSON_CreateObject();
		char *e = vx_utf8_escape(t->q[i].text);
		cJSON_AddStringToObject(q, "id", t->q[i].id);
		cJSON_AddStringToObject(q, "text", e);
		free(e);
		cJSON_AddItemToArray(qs, q);
	}
	cJSON *ls = cJSON_AddArrayToObject(o, "links");
	for (size_t i = 0; i < t->nlinks; i++) {
		cJSON *l = cJSON_CreateObject();
		cJSON_AddStringToObject(l, "url", t->links[i].url);
		vx_json_add_str(l, "text", t->links[i].text);
		cJSON_AddStringToObject(l, "pattern", t->links[i].pattern ? t->links[i].pattern : "");
		cJSON_AddItemToArray(ls, l);
	}
	int rc = vx_print_json(out, o);
	cJSON_Delete(o);
	return rc;
}

/* ---- the command --------------------------------------------------------- */

static void triage_free(struct triage *t)
{
	rules_free(&t->rules);
	facts_free(&t->facts);
	free_records(t->recs, t->nrecs);
	for (size_t i = 0; i < t->nq; i++)
		free(t->q[i].text);
	free(t->q);
	for (size_t i = 0; i < t->nlinks; i++) {
		free(t->links[i].url);
		free(t->links[i].text);
	}
	free(t->links);
}

static int read_fd(int fd, char **out, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[1 << 16];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = -errno;
			sb_free(&sb);
			return e;
		}
		if (n == 0)
			break;
		if (sb.len + n > TRIAGE_MAX_INPUT) {
			sb_free(&sb);
			return -EFBIG;
		}
		sb_add(&sb, buf, n);
	}
	*len = sb.len;
	*out = sb_detach(&sb);
	return 0;
}

static void triage_usage(FILE *out)
{
	fprintf(out,
		"Usage: vexplain triage [--json] [FILE|-]\n"
		"\n"
		"Reads an issue body as a person wrote it (Markdown, prose, code fences, quotes,\n"
		"<details>, logs inside Rust or Go errors or escaped strings) and writes a comment\n"
		"ready to post: one section per distinct rejection (summary, failing instruction\n"
		"and source line, explanation, fixes), the facts the text gives (kernel, loader and\n"
		"version, program type), links to upstream issues or fixes for the same failure,\n"
		"and what is missing for a diagnosis, asked precisely (the full log and how to get\n"
		"it with this loader, the kernel version, a log_level 2 log, source lines).\n"
		"What it looks for and asks is data: patterns/triage.tsv. A rejection whose log\n"
		"does not tell its program type gets the one the text states, when it states one\n"
		"(the record's prog_type_from is then \"issue\").\n"
		"\n"
		"  --json          the same as one JSON object on one line:\n"
		"                  {\"facts\", \"rejections\", \"truncated\", \"questions\", \"links\"}\n"
		"  --patterns DIR  use the pattern database in DIR instead of the built-in one\n"
		"  -h, --help      this help\n"
		"\n"
		"Exit status:\n"
		"  0  no rejection explained (nothing found, or only questions to ask)\n"
		"  1  at least one rejection explained\n"
		"  2  usage error, or an input that cannot be read (unreadable, empty, binary,\n"
		"     larger than 64 MiB)\n"
		"  4  the built-in data does not load\n");
}

static int read_input(const char *path, char **text, size_t *len)
{
	int fd = !path || !strcmp(path, "-") ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	const char *name = path ? path : "stdin";
	if (fd < 0) {
		fprintf(stderr, "vexplain: triage: %s: %s\n", name, strerror(errno));
		return -1;
	}
	int rc = read_fd(fd, text, len);
	close(fd);
	if (rc) {
		fprintf(stderr, "vexplain: triage: %s: %s\n", name,
			rc == -EFBIG ? "larger than 64 MiB: not an issue body" : strerror(-rc));
		return -1;
	}
	size_t blank = strspn(*text, " \t\r\n");
	if (blank == *len) {
		fprintf(stderr, "vexplain: triage: %s: empty input: give the issue body\n", name);
		return -1;
	}
	if (memchr(*text, '\0', *len)) {
		fprintf(stderr, "vexplain: triage: %s: binary data (NUL bytes), not an issue body\n", name);
		return -1;
	}
	return 0;
}

static int triage_prepare(struct triage *t, const char *patterns_dir, struct vx_db **db)
{
	struct strbuf err = STRBUF_INIT;
	int rc = rules_load(&t->rules, &err);
	if (rc) {
		fprintf(stderr, "vexplain: triage: the built-in data has errors:\n%s", sb_str(&err));
	} else if ((rc = vx_db_load(patterns_dir, db, &err))) {
		/* --patterns DIR is the user's, not built in */
		fprintf(stderr, "vexplain: triage: the pattern database has errors:\n%s", sb_str(&err));
	}
	sb_free(&err);
	return rc;
}

int cmd_triage(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "patterns", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int json = 0, c;
	const char *patterns_dir = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'P':
			patterns_dir = optarg;
			break;
		case 'h':
			triage_usage(stdout);
			return VX_EXIT_OK;
		default:
			fprintf(stderr, "Try 'vexplain triage --help'.\n");
			return VX_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "vexplain: triage: one issue body at a time (FILE or -)\n");
		return VX_EXIT_USAGE;
	}
	char *text = NULL;
	size_t len = 0;
	if (optind == argc && isatty(STDIN_FILENO))
		fprintf(stderr, "vexplain: triage: reading the issue body from the terminal (end with Ctrl-D)\n");
	if (read_input(optind < argc ? argv[optind] : NULL, &text, &len)) {
		free(text);
		return VX_EXIT_USAGE;
	}
	struct triage t = { .text = text, .len = len };
	struct vx_db *db = NULL;
	int rc = VX_EXIT_ERROR;
	if (triage_prepare(&t, patterns_dir, &db))
		goto out;
	gather_text_facts(&t);
	sort_facts(&t.facts);
	if (run_pipeline(&t, db)) {
		fprintf(stderr, "vexplain: triage: the logs could not be explained\n");
		goto out;
	}
	gather_record_facts(&t);
	build_questions(&t);
	build_links(&t);
	if ((json ? render_json : render_markdown)(stdout, &t))
		rc = VX_EXIT_OK; /* stdout closed: nobody to tell */
	else
		rc = count_verdict(&t, VX_REJECTED) ? VX_EXIT_REJECTED : VX_EXIT_OK;
out:
	vx_db_free(db);
	triage_free(&t);
	free(text);
	return rc;
}
