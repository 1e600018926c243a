// SPDX-License-Identifier: MIT
/* triage's facts: the kernel, loader and program type an issue is about,
 * from its text (triage.tsv's kernel, loader, type and alias lines) and
 * from the records of its logs. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "triage.h"

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

void triage_facts_free(struct facts *fs)
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
	const struct rule *a = triage_rule_find(rs, "alias", name);
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
		const char *type = v[0] == '{' ? (g ? resolve_type(&t->rules, g) : NULL) :
						 vx_prog_type_canonical(v);
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

void triage_gather_text_facts(struct triage *t)
{
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	for (size_t i = 0; i < t->rules.n; i++) {
		const struct rule *ru = &t->rules.v[i];
		if (strcmp(ru->kind, "kernel") && strcmp(ru->kind, "loader") &&
		    strcmp(ru->kind, "type"))
			continue;
		char *group = rule_group(ru), *m, *g;
		size_t off = 0;
		while (triage_next_match(ru, md, t->text, t->len, &off, group, &m, &g)) {
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

void triage_sort_facts(struct facts *fs)
{
	qsort(fs->kernel.v, fs->kernel.n, sizeof(struct fact), fact_cmp);
	qsort(fs->loader.v, fs->loader.n, sizeof(struct fact), fact_cmp);
	qsort(fs->type.v, fs->type.n, sizeof(struct fact), fact_cmp);
}

char *triage_text_matches(const struct triage *t, const char *kind)
{
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	char *found = NULL, *g;
	for (size_t i = 0; i < t->rules.n && !found; i++) {
		size_t off = 0;
		if (!strcmp(t->rules.v[i].kind, kind))
			triage_next_match(&t->rules.v[i], md, t->text, t->len, &off, NULL, &found,
					  &g);
	}
	pcre2_match_data_free(md);
	return found;
}

/* What the records add: the loader that framed each log and its type. */
void triage_gather_record_facts(struct triage *t)
{
	for (size_t i = 0; i < t->nrecs; i++) {
		const struct vx_record *r = t->recs[i];
		if (r->verdict == VX_NO_LOG)
			continue;
		if (r->loader && triage_has_howto(&t->rules, r->loader))
			fact_add(&t->facts.loader, r->loader, NULL, "log", NULL, t->len + i);
		if (r->prog_type && r->prog_type_from && strcmp(r->prog_type_from, "issue"))
			fact_add(&t->facts.type, r->prog_type, NULL, r->prog_type_from,
				 r->section ? r->section : r->prog_name, t->len + i);
	}
}

const char *triage_single_text_type(const struct facts *fs)
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
