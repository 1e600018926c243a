// SPDX-License-Identifier: MIT
/* The answer of `bisect --kernels`: each step as JSON, and the report in
 * text, Markdown or JSON, in the words `vexplain bisect` uses for commits
 * (git's old/new terms: "6.12 is the first new kernel"). */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "bisect_kernels_int.h"
#include "bisect_cmd.h" /* bisect_err */
#include "commands.h"
#include "render.h"
#include "util.h"

static cJSON *programs_json(const struct kb_kernel *k)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < k->nrecs; i++) {
		const struct vx_record *r = k->recs[i];
		cJSON *o = cJSON_CreateObject();

		vx_json_add_str(o, "name", r->prog_name);
		cJSON_AddStringToObject(o, "verdict", vx_verdict_name(r->verdict));
		vx_json_add_str(o, "category", r->category);
		vx_json_add_str(o, "pattern", r->pattern);
		vx_json_add_str(o, "message", r->verdict == VX_ACCEPTED ? NULL : r->message);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

cJSON *kb_step_json(const struct kb_ctx *c, size_t i, bool programs)
{
	const struct kb_kernel *k = &c->k[i];
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "step", (double)k->step);
	vx_json_add_str(o, "kernel", k->name);
	vx_json_add_str(o, "release", k->release);
	cJSON_AddStringToObject(o, "verdict", kb_name(c->v[i]));
	vx_json_add_str(o, "why", k->why);
	cJSON_AddNumberToObject(o, "seconds", (double)(long)(k->secs * 100) / 100);
	if (programs)
		cJSON_AddItemToObject(o, "programs", programs_json(k));
	return o;
}

/* ---- the report ---- */

struct kb_report {
	struct vx_kb_pick p;
	const struct vx_record *why_rec; /* the rejection explained */
	size_t why_on;			 /* on that kernel */
	size_t *changes; /* linear: kernels whose outcome differs from the one before */
	size_t nchanges;
};

/* The rejection to explain: the first new kernel's (a program whose outcome
 * changed), or else the last old kernel's of that program. */
static void pick_explained(const struct kb_ctx *c, struct kb_report *r)
{
	const struct kb_kernel *nk = &c->k[r->p.at], *ok = &c->k[r->p.last_old];

	for (size_t i = 0; i < nk->nrecs && !r->why_rec; i++) {
		const struct vx_record *o = kb_prog_of(ok, nk->recs[i], i);

		if (o && kb_same_prog(o, nk->recs[i], c->change))
			continue;
		if (nk->recs[i]->verdict == VX_REJECTED) {
			r->why_rec = nk->recs[i];
			r->why_on = r->p.at;
		} else if (o && o->verdict == VX_REJECTED) {
			r->why_rec = o;
			r->why_on = r->p.last_old;
		}
	}
}

static void find_changes(const struct kb_ctx *c, struct kb_report *r)
{
	size_t prev = c->n;

	r->changes = xcalloc(c->n, sizeof(*r->changes));
	for (size_t i = 0; i < c->n; i++) {
		if (c->v[i] != VX_KB_OLD && c->v[i] != VX_KB_NEW)
			continue;
		if (prev < c->n && !kb_same_outcome(&c->k[prev], &c->k[i], c->change))
			r->changes[r->nchanges++] = i;
		prev = i;
	}
}

/* The steps in the order they were taken. */
static size_t *step_order(const struct kb_ctx *c)
{
	size_t *order = xcalloc(c->nsteps + 1, sizeof(*order));

	for (size_t i = 0; i < c->n; i++)
		if (c->k[i].step)
			order[c->k[i].step - 1] = i;
	return order;
}

static void md_cell(FILE *f, const char *s)
{
	for (; s && *s; s++) /* a | would end the cell */
		fputs(*s == '|' ? "\\|" : *s == '\n' ? " " : (char[2]){ *s, 0 }, f);
}

static void print_steps(const struct kb_ctx *c, FILE *f, bool md)
{
	size_t *order = step_order(c);
	int w = 8, rw = 20; /* the text's columns: the longest name and release */

	for (size_t i = 0; i < c->n; i++) {
		int l = (int)strlen(c->k[i].name),
		    rl = c->k[i].release ? (int)strlen(c->k[i].release) : 1;
		w = l > w ? l : w;
		rw = rl > rw ? rl : rw;
	}
	fprintf(f, md ? "\n| step | kernel | release | verdict | why |\n|---:|---|---|---|---|\n" :
			"\nSteps:\n");
	for (size_t s = 0; s < c->nsteps; s++) {
		const struct kb_kernel *k = &c->k[order[s]];
		const char *rel = k->release ? k->release : "-";

		if (md) {
			fprintf(f, "| %zu | `%s` | %s | %s | ", s + 1, k->name, rel,
				kb_name(c->v[order[s]]));
			md_cell(f, k->why);
			fputs(" |\n", f);
		} else {
			fprintf(f, "  %2zu %-*s %-*s %-4s %s\n", s + 1, w, k->name, rw, rel,
				kb_name(c->v[order[s]]), k->why);
		}
	}
	free(order);
}

static void kernel_line(const struct kb_ctx *c, FILE *f, const char *what, size_t i, bool md)
{
	const struct kb_kernel *k = &c->k[i];

	fprintf(f, md ? "- %s: `%s` (%s) %s\n" : "%s: %s (%s) %s\n", what, k->name,
		k->release ? k->release : "-", k->why);
}

static void print_head(const struct kb_ctx *c, const struct kb_report *r, FILE *f, bool md)
{
	const struct kb_kernel *first = &c->k[0], *at = &c->k[r->p.at];

	if (md)
		fputs("### vexplain bisect --kernels\n\n", f);
	switch (r->p.outcome) {
	case VX_KB_FOUND:
		fprintf(f,
			md ? "`%s` (%s) is the first new kernel\n\n" :
			     "%s (%s) is the first new "
			     "kernel\n",
			at->name, at->release ? at->release : "-");
		kernel_line(c, f, md ? "last old" : "Last old", r->p.last_old, md);
		kernel_line(c, f, md ? "first new" : "First new", r->p.at, md);
		break;
	case VX_KB_SAME:
		if (c->linear)
			fprintf(f,
				"No kernel changes the %s: every kernel loaded agrees with %s (%s).\n",
				kb_change_names[c->change], first->name, first->why);
		else
			fprintf(f, "No kernel changes the %s: %s and %s agree (%s).\n",
				kb_change_names[c->change], first->name, c->k[c->n - 1].name,
				first->why);
		if (!c->linear)
			fprintf(f,
				"%sOne change is assumed, as git bisect assumes one: the kernels "
				"between them were not loaded (--linear loads each).\n",
				md ? "\n" : "");
		break;
	default: /* only skipped */
		fprintf(f,
			"There are only 'skip'ped kernels left to test.%s\nThe first new kernel "
			"could be any of:\n%s",
			md ? "  " : "", md ? "\n" : "");
		for (size_t i = r->p.last_old + 1; i <= r->p.at; i++)
			fprintf(f, md ? "- `%s` %s\n" : "%s  %s\n", c->k[i].name, c->k[i].why);
		fprintf(f, "%sWe cannot bisect more!\n", md ? "\n" : "");
		break;
	}
	if (r->nchanges > 1) {
		fprintf(f, "%sThe outcome changes %zu times along the list, at",
			md ? "\n**Note:** " : "\nNote: ", r->nchanges);
		for (size_t i = 0; i < r->nchanges; i++)
			fprintf(f, "%s %s", i ? "," : "", c->k[r->changes[i]].name);
		fprintf(f, ": a bisect without --linear assumes one.\n");
	}
}

static void report_text(const struct kb_ctx *c, const struct kb_report *r, FILE *f, bool md)
{
	print_head(c, r, f, md);
	print_steps(c, f, md);
	fprintf(f, "\n%zu of %zu kernels loaded (%s), change: %s\n", c->nsteps, c->n,
		c->linear ? "in order, --linear" : "binary search, one change assumed",
		kb_change_names[c->change]);
	if (!r->why_rec)
		return;
	fprintf(f, md ? "\n#### Why it is rejected on %s\n\n" : "\nWhy it is rejected on %s:\n\n",
		c->k[r->why_on].name);
	fflush(f);
	if (md) {
		vx_render_markdown_section(f, r->why_rec, 5, 1);
	} else {
		struct vx_render_opts ro = { .format = VX_FMT_TEXT, .color = vx_color_wanted(f) };
		vx_render(f, r->why_rec, &ro);
	}
}

static void json_kernel(cJSON *o, const char *key, const struct kb_kernel *k)
{
	char *rk = xasprintf("%s_release", key);

	vx_json_add_str(o, key, k ? k->name : NULL);
	vx_json_add_str(o, rk, k ? k->release : NULL);
	free(rk);
}

static void report_json(const struct kb_ctx *c, const struct kb_report *r, FILE *f)
{
	static const char *const results[] = {
		[VX_KB_FOUND] = "found",
		[VX_KB_SAME] = "no-change",
		[VX_KB_ONLY_SKIPPED] = "only-skipped",
		[VX_KB_NO_ENDS] = "error",
	};
	cJSON *o = cJSON_CreateObject(), *arr;
	size_t *order = step_order(c);
	bool found = r->p.outcome == VX_KB_FOUND;

	cJSON_AddStringToObject(o, "result", results[r->p.outcome]);
	json_kernel(o, "first_new", found ? &c->k[r->p.at] : NULL);
	json_kernel(o, "last_old", r->p.outcome == VX_KB_NO_ENDS ? NULL : &c->k[r->p.last_old]);
	cJSON_AddStringToObject(o, "change", kb_change_names[c->change]);
	cJSON_AddStringToObject(o, "mode", c->linear ? "linear" : "binary");
	cJSON_AddNumberToObject(o, "steps", (double)c->nsteps);
	cJSON_AddNumberToObject(o, "kernels", (double)c->n);
	arr = cJSON_AddArrayToObject(o, "decisions");
	for (size_t s = 0; s < c->nsteps; s++)
		cJSON_AddItemToArray(arr, kb_step_json(c, order[s], false));
	arr = cJSON_AddArrayToObject(o, "candidates");
	for (size_t i = r->p.last_old + 1; r->p.outcome == VX_KB_ONLY_SKIPPED && i <= r->p.at; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(c->k[i].name));
	arr = cJSON_AddArrayToObject(o, "changes");
	for (size_t i = 0; i < r->nchanges; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(c->k[r->changes[i]].name));
	if (r->p.outcome == VX_KB_NO_ENDS)
		vx_json_add_str(o, "error", c->k[r->p.at].why);
	if (r->why_rec) {
		cJSON *e = vx_record_json(r->why_rec);
		cJSON_AddStringToObject(e, "on", c->k[r->why_on].name);
		cJSON_AddItemToObject(o, "explanation", e);
	}
	vx_print_json(f, o);
	cJSON_Delete(o);
	free(order);
}

/* The first or the last kernel failed: nothing to compare with. */
static int no_ends(const struct kb_ctx *c, const struct kb_report *r)
{
	const struct kb_kernel *k = &c->k[r->p.at];

	bisect_err("cannot bisect without the %s kernel (it says what is %s): %s: %s",
		   r->p.at == 0 ? "first" : "last", r->p.at == 0 ? "old" : "new", k->name, k->why);
	if (c->out == KB_JSON)
		report_json(c, r, stdout);
	return k->object_fault ? VX_EXIT_USAGE : VX_EXIT_ERROR;
}

int kb_report(const struct kb_ctx *c, const struct vx_kb_pick *p)
{
	struct kb_report r = { .p = *p };
	int status;

	if (c->linear)
		find_changes(c, &r);
	if (p->outcome == VX_KB_NO_ENDS) {
		status = no_ends(c, &r);
		free(r.changes);
		return status;
	}
	if (p->outcome == VX_KB_FOUND)
		pick_explained(c, &r);
	if (c->out == KB_JSON)
		report_json(c, &r, stdout);
	else
		report_text(c, &r, stdout, c->out == KB_MD);
	fflush(stdout);
	free(r.changes);
	if (p->outcome == VX_KB_FOUND)
		return VX_EXIT_REJECTED;
	return p->outcome == VX_KB_SAME ? VX_EXIT_OK : VX_EXIT_NOLOG;
}
