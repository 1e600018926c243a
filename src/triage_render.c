// SPDX-License-Identifier: MIT
/* triage's answer: one Markdown comment ready to post, or one JSON object
 * (the same content) on one line. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <string.h>

#include "render.h"
#include "triage.h"

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
		i ? fputs(", ", out) :
		    (SEP(), fputs(fs->loader.n > 1 ? "loaders " : "loader ", out));
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
	size_t rej = triage_count_verdict(t, VX_REJECTED),
	       cut = triage_count_verdict(t, VX_TRUNCATED);
	size_t acc = triage_count_verdict(t, VX_ACCEPTED);
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
		fprintf(out, t->load_error ? "a load error, but no verifier log" :
					     "no verifier log in it");
	fprintf(out, ".\n\n");
}

int triage_render_markdown(FILE *out, const struct triage *t)
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

int triage_render_json(FILE *out, const struct triage *t)
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
		cJSON_AddStringToObject(l, "pattern",
					t->links[i].pattern ? t->links[i].pattern : "");
		cJSON_AddItemToArray(ls, l);
	}
	int rc = vx_print_json(out, o);
	cJSON_Delete(o);
	return rc;
}
