// SPDX-License-Identifier: MIT
/* The answer of `vexplain bisect`: gathered once into a struct
 * bisect_report, then printed by one of three twin printers (text,
 * Markdown, JSON), as bpftool's print_prog_plain / print_prog_json. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "bisect_cmd.h"
#include "render.h"
#include "util.h"

struct file_change {
	char status;		/* git's A, M, D, ... */
	char *path;
};

struct bisect_report {
	const struct vx_bisect_pick *p;
	/* FOUND, when the commit could be read */
	const git_oid *id;
	git_commit *commit;
	const git_signature *author;
	char date[96];
	struct file_change *files;
	size_t nfiles;
	const struct decision *step;	/* the first bad as a step; NULL: the given BAD */
	const struct vx_bisect_verdict *bad; /* its verdict; NULL: not built */
	const struct decision *good;	/* the last good step, or NULL */
	/* --fixed: the given old commit, built to explain it (no old step) */
	const struct vx_bisect_verdict *old_given;
	struct vx_record *rec; /* why the first bad (--fixed: the last old) is rejected */
	/* every outcome */
	int steps, reused, builds, skipped;
};

static int file_cb(const git_diff_delta *d, float progress, void *payload)
{
	struct bisect_report *r = payload;
	const char *path = d->new_file.path ? d->new_file.path : d->old_file.path;

	r->files = xrealloc(r->files, (r->nfiles + 1) * sizeof(*r->files));
	r->files[r->nfiles].status = git_diff_status_char(d->status);
	r->files[r->nfiles++].path = xstrdup(path);
	return 0;
}

/* Files the commit changed against its first parent (git show's default for
 * merges in bisect: --diff-merges=first-parent). */
static void changed_files(struct ctx *c, struct bisect_report *r)
{
	git_tree *t = NULL, *pt = NULL;
	git_commit *parent = NULL;
	git_diff *diff = NULL;

	if (git_commit_tree(&t, r->commit) < 0)
		return;
	if (git_commit_parentcount(r->commit) && git_commit_parent(&parent, r->commit, 0) == 0)
		git_commit_tree(&pt, parent);
	if (git_diff_tree_to_tree(&diff, c->repo, pt, t, NULL) == 0)
		git_diff_foreach(diff, file_cb, NULL, NULL, NULL, r);
	git_diff_free(diff);
	git_tree_free(pt);
	git_tree_free(t);
	git_commit_free(parent);
}

static const struct decision *last_good(const struct ctx *c)
{
	for (size_t i = c->ndec; i-- > 0;)
		if (c->dec[i].v == VX_BV_GOOD)
			return &c->dec[i];
	return NULL;
}

static const struct decision *decision_of(const struct ctx *c, int node)
{
	for (size_t i = c->ndec; i-- > 0;)
		if (c->dec[i].node == node)
			return &c->dec[i];
	return NULL;
}

static void format_date(const git_signature *s, char *buf, size_t n)
{
	time_t t = (time_t)s->when.time + s->when.offset * 60;
	struct tm tm;
	char tmp[64];

	gmtime_r(&t, &tm);
	strftime(tmp, sizeof(tmp), "%a %b %e %H:%M:%S %Y", &tm);
	snprintf(buf, n, "%s %c%02d%02d", tmp, s->when.offset < 0 ? '-' : '+',
		 abs(s->when.offset) / 60, abs(s->when.offset) % 60);
}

static void gather_found(struct ctx *c, struct bisect_report *r)
{
	int node = r->p->commit;
	const char *how;
	/* the given BAD is not a step: its verdict comes from the check after the end */
	ssize_t bk;

	r->step = decision_of(c, node);
	r->good = last_good(c);
	bk = r->step ? (ssize_t)r->step->verdict : bisect_known_verdict(c, node, &how);
	r->bad = bk >= 0 ? &c->verdicts[bk] : NULL;
	r->id = node_id(c, node);
	if (git_commit_lookup(&r->commit, c->repo, r->id) < 0) {
		r->commit = NULL;
		return;
	}
	r->author = git_commit_author(r->commit);
	format_date(r->author, r->date, sizeof(r->date));
	changed_files(c, r);
	if (c->o.fixed && !r->good) {
		int g = vx_bisect_graph_find(c->g, &c->goods[0]);
		bk = g >= 0 ? bisect_known_verdict(c, g, &how) : -1;
		r->old_given = bk >= 0 ? &c->verdicts[bk] : NULL;
	}
	/* the rejection: on the new side, or with --fixed the old one */
	const struct vx_bisect_verdict *rej = !c->o.fixed ? r->bad :
					      r->good	  ? &c->verdicts[r->good->verdict] :
							    r->old_given;
	if (rej && !c->o.test) {
		char *path = xasprintf("%s/logs/%s.log", c->dir, git_oid_tostr_s(&rej->commit));
		r->rec = bisect_bad_record(&c->t, path);
		free(path);
	}
}

static void gather(struct ctx *c, const struct vx_bisect_pick *p, struct bisect_report *r)
{
	memset(r, 0, sizeof(*r));
	r->p = p;
	r->builds = c->builds;
	for (size_t i = 0; i < c->ndec; i++) {
		if (!strcmp(c->dec[i].how, "built"))
			r->steps++;
		else if (!strcmp(c->dec[i].how, "reused"))
			r->reused++;
		r->skipped += c->dec[i].v == VX_BV_SKIP;
	}
	if (p->outcome == VX_BISECT_FOUND)
		gather_found(c, r);
}

static void report_free(struct bisect_report *r)
{
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i].path);
	free(r->files);
	vx_record_free(r->rec);
	git_commit_free(r->commit);
}

/* The summary of the verdict of node I's step. */
static const char *step_summary(struct ctx *c, int node)
{
	const struct decision *d = decision_of(c, node);

	return d ? c->verdicts[d->verdict].summary : NULL;
}

/* Why each step's verdict is what it is: the category and message that
 * decided it, or the build's or test's exit status. */
static void add_decisions(struct ctx *c, cJSON *o)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "decisions");

	for (size_t i = 0; i < c->ndec; i++) {
		const struct decision *d = &c->dec[i];
		const struct vx_bisect_verdict *v = &c->verdicts[d->verdict];
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "commit", git_oid_tostr_s(node_id(c, d->node)));
		cJSON_AddStringToObject(e, "verdict", term(c, d->v));
		cJSON_AddStringToObject(e, "how", d->how);
		vx_json_add_str(e, "why", v->summary);
		if (strcmp(d->how, "built"))
			cJSON_AddStringToObject(e, "from", git_oid_tostr_s(&v->commit));
		cJSON_AddItemToArray(arr, e);
	}
}

static void print_steps(struct ctx *c, FILE *f, bool md)
{
	if (!c->ndec)
		return;
	fprintf(f, md ? "\n| step | commit | verdict | why |\n|---:|---|---|---|\n" : "\nSteps:\n");
	for (size_t i = 0; i < c->ndec; i++) {
		const struct decision *d = &c->dec[i];
		const char *why = c->verdicts[d->verdict].summary;
		bool built = !strcmp(d->how, "built");
		char id[GIT_OID_HEXSZ + 1];

		git_oid_tostr(id, sizeof(id), node_id(c, d->node));
		if (md) {
			fprintf(f, "| %zu | `%.12s` | %s%s%s%s | ", i + 1, id, term(c, d->v),
				built ? "" : " (", built ? "" : d->how, built ? "" : ")");
			for (const char *w = why; *w; w++) /* a | would end the cell */
				fputs(*w == '|' ? "\\|" : (char[2]){ *w, 0 }, f);
			fputs(" |\n", f);
		}
		else
			fprintf(f, "  %2zu %.12s %-4s %s%s%s%s\n", i + 1, id, term(c, d->v),
				built ? "" : "(", built ? "" : d->how, built ? "" : ") ", why);
	}
}

/* ---- text ---- */

static void text_found(struct ctx *c, const struct bisect_report *r, FILE *f)
{
	char id[GIT_OID_HEXSZ + 1]; /* not git_oid_tostr_s: its buffer is shared */

	git_oid_tostr(id, sizeof(id), r->id);

	fprintf(f, "%s is the first %s commit\n", id, term(c, VX_BV_BAD));
	fprintf(f, "commit %s\nAuthor: %s <%s>\nDate:   %s\n\n", id, r->author->name,
		r->author->email, r->date);
	fprintf(f, "    %s\n\n", git_commit_summary(r->commit));
	fprintf(f, "Files changed:\n");
	for (size_t i = 0; i < r->nfiles; i++)
		fprintf(f, "    %c %s\n", r->files[i].status, r->files[i].path);
	fprintf(f, "\n");
	const char *o = term(c, VX_BV_GOOD), *n = term(c, VX_BV_BAD);
	if (r->good)
		fprintf(f, "Last %s step: %.12s %s\n", o,
			git_oid_tostr_s(node_id(c, r->good->node)),
			c->verdicts[r->good->verdict].summary);
	else if (r->old_given)
		fprintf(f, "Last %s (the given %s, built to explain it): %.12s %s\n", o, o,
			git_oid_tostr_s(&c->goods[0]), r->old_given->summary);
	else
		fprintf(f, "Last %s: the given %s commit %.12s\n", o, o,
			git_oid_tostr_s(&c->goods[0]));
	if (r->bad)
		fprintf(f, "First %s%s: %.12s %s\n", n,
			r->step ? " step" : " (the given bad, built to explain it)", id,
			r->bad->summary);
	else
		fprintf(f, "First %s: the given %s commit (not built)\n", n, n);
	if (r->bad && r->bad->v != VX_BV_BAD)
		fprintf(f, "\nWarning: the given bad commit is not bad here (%s): check the range,\n"
			   "--match and the kernel.\n", vx_bv_name(r->bad->v));
	if (r->old_given && r->old_given->v != VX_BV_GOOD)
		fprintf(f,
			"\nWarning: the given %s commit is not %s here (%s): check the range,\n"
			"--match and the kernel.\n",
			o, o, term(c, r->old_given->v));
	if (r->rec) {
		struct vx_render_opts ro = { .format = VX_FMT_TEXT, .color = vx_color_wanted(f) };

		if (c->o.fixed)
			fprintf(f, "\nWhy the verifier rejects the last %s commit:\n\n", o);
		else
			fprintf(f, "\nWhy the verifier rejects the first bad commit:\n\n");
		fflush(f);
		vx_render(f, r->rec, &ro);
	}
}

static void text_skipped(struct ctx *c, const struct bisect_report *r, FILE *f)
{
	const struct vx_bisect_pick *p = r->p;

	fprintf(f,
		"There are only 'skip'ped commits left to test.\n"
		"The first %s commit could be any of:\n",
		term(c, VX_BV_BAD));
	for (size_t i = 0; i < p->ncand; i++) {
		const char *s = step_summary(c, p->cand[i]);
		fprintf(f, "%s  %s\n", git_oid_tostr_s(node_id(c, p->cand[i])),
			s ? s : "(the given new commit)");
	}
	fprintf(f, "We cannot bisect more!\n");
}

static void report_text(struct ctx *c, const struct bisect_report *r, FILE *f)
{
	if (r->p->outcome != VX_BISECT_FOUND)
		text_skipped(c, r, f);
	else if (r->commit)
		text_found(c, r, f);
	print_steps(c, f, false);
	fprintf(f, "\nSteps: %d (%d verdicts reused), builds: %d, skipped: %d\n", r->steps,
		r->reused, r->builds, r->skipped);
}

/* ---- Markdown ---- */

static void md_found(struct ctx *c, const struct bisect_report *r, FILE *f)
{
	char id[GIT_OID_HEXSZ + 1]; /* not git_oid_tostr_s: its buffer is shared */

	git_oid_tostr(id, sizeof(id), r->id);

	fprintf(f, "### vexplain bisect\n\n`%s` is the first %s commit\n\n", id,
		term(c, VX_BV_BAD));
	fprintf(f, "> **%s**  \n> %s <%s>, %s\n\n", git_commit_summary(r->commit),
		r->author->name, r->author->email, r->date);
	fprintf(f, "Files changed:\n\n");
	for (size_t i = 0; i < r->nfiles; i++)
		fprintf(f, "- `%c` `%s`\n", r->files[i].status, r->files[i].path);
	fprintf(f, "\n");
	const char *o = term(c, VX_BV_GOOD), *n = term(c, VX_BV_BAD);
	if (r->good)
		fprintf(f, "- last %s step: `%.12s` %s\n", o,
			git_oid_tostr_s(node_id(c, r->good->node)),
			c->verdicts[r->good->verdict].summary);
	else if (r->old_given)
		fprintf(f, "- last %s (the given %s, built to explain it): `%.12s` %s\n", o, o,
			git_oid_tostr_s(&c->goods[0]), r->old_given->summary);
	else
		fprintf(f, "- last %s: the given %s commit `%.12s`\n", o, o,
			git_oid_tostr_s(&c->goods[0]));
	if (r->bad)
		fprintf(f, "- first %s%s: `%.12s` %s\n", n,
			r->step ? " step" : " (the given bad, built to explain it)", id,
			r->bad->summary);
	else
		fprintf(f, "- first %s: the given %s commit (not built)\n", n, n);
	if (r->bad && r->bad->v != VX_BV_BAD)
		fprintf(f, "\n**Warning:** the given bad commit is not bad here (%s): check "
			   "the range, --match and the kernel.\n", vx_bv_name(r->bad->v));
	if (r->old_given && r->old_given->v != VX_BV_GOOD)
		fprintf(f,
			"\n**Warning:** the given %s commit is not %s here (%s): check "
			"the range, --match and the kernel.\n",
			o, o, term(c, r->old_given->v));
	if (r->rec) {
		struct vx_render_opts ro = { .format = VX_FMT_MARKDOWN };

		if (c->o.fixed)
			fprintf(f, "\n#### Why the verifier rejects the last %s commit\n\n", o);
		else
			fprintf(f, "\n#### Why the verifier rejects the first bad commit\n\n");
		fflush(f);
		vx_render(f, r->rec, &ro);
	}
}

static void md_skipped(struct ctx *c, const struct bisect_report *r, FILE *f)
{
	const struct vx_bisect_pick *p = r->p;

	fprintf(f,
		"### vexplain bisect\n\nThere are only 'skip'ped commits left to test.  \n"
		"The first %s commit could be any of:\n\n",
		term(c, VX_BV_BAD));
	for (size_t i = 0; i < p->ncand; i++) {
		const char *s = step_summary(c, p->cand[i]);
		fprintf(f, "- `%s` %s\n", git_oid_tostr_s(node_id(c, p->cand[i])),
			s ? s : "(the given new commit)");
	}
	fprintf(f, "\nWe cannot bisect more!\n");
}

static void report_md(struct ctx *c, const struct bisect_report *r, FILE *f)
{
	if (r->p->outcome != VX_BISECT_FOUND)
		md_skipped(c, r, f);
	else if (r->commit)
		md_found(c, r, f);
	print_steps(c, f, true);
	fprintf(f, "\n%d steps (%d verdicts reused), %d builds, %d skipped\n", r->steps, r->reused,
		r->builds, r->skipped);
}

/* ---- JSON ---- */

static void json_found(struct ctx *c, const struct bisect_report *r, cJSON *res)
{
	cJSON *files = cJSON_CreateArray();

	for (size_t i = 0; i < r->nfiles; i++)
		cJSON_AddItemToArray(files, cJSON_CreateString(r->files[i].path));
	cJSON_AddStringToObject(res, "first_bad", git_oid_tostr_s(r->id));
	cJSON_AddStringToObject(res, "first_new", git_oid_tostr_s(r->id));
	vx_json_add_str(res, "subject", git_commit_summary(r->commit));
	vx_json_add_str(res, "author", r->author->name);
	cJSON_AddStringToObject(res, "date", r->date);
	cJSON_AddItemToObject(res, "files", files);
	if (r->bad) {
		vx_json_add_str(res, "first_bad_step", r->bad->summary);
		/* false: the given BAD, built to explain it, was not bad */
		cJSON_AddBoolToObject(res, "bad_reproduced", r->bad->v == VX_BV_BAD);
	}
	if (r->good) {
		cJSON_AddStringToObject(res, "last_good", git_oid_tostr_s(node_id(c, r->good->node)));
		cJSON_AddStringToObject(res, "last_old",
					git_oid_tostr_s(node_id(c, r->good->node)));
	}
	if (r->old_given) {
		vx_json_add_str(res, "last_old_step", r->old_given->summary);
		/* false: the given old commit, built to explain it, is not old here */
		cJSON_AddBoolToObject(res, "old_reproduced", r->old_given->v == VX_BV_GOOD);
	}
	if (r->rec)
		cJSON_AddItemToObject(res, "explanation", vx_record_json(r->rec));
}

static void json_skipped(struct ctx *c, const struct bisect_report *r, cJSON *res)
{
	cJSON *cand = cJSON_AddArrayToObject(res, "candidates");

	for (size_t i = 0; i < r->p->ncand; i++)
		cJSON_AddItemToArray(cand,
				     cJSON_CreateString(git_oid_tostr_s(node_id(c, r->p->cand[i]))));
	cJSON_AddNullToObject(res, "first_bad");
	cJSON_AddNullToObject(res, "first_new");
}

/* git's terms: old (the good side's word) and new (the bad side's) */
static void add_terms(struct ctx *c, cJSON *o)
{
	cJSON *t = cJSON_AddObjectToObject(o, "terms");

	cJSON_AddStringToObject(t, "old", term(c, VX_BV_GOOD));
	cJSON_AddStringToObject(t, "new", term(c, VX_BV_BAD));
}

static void report_json(struct ctx *c, const struct bisect_report *r, FILE *f)
{
	cJSON *res = cJSON_CreateObject(), *skipped, *verdicts;
	bool found = r->p->outcome == VX_BISECT_FOUND;

	cJSON_AddStringToObject(res, "result", found ? "found" : "only-skipped");
	add_terms(c, res);
	if (!found)
		json_skipped(c, r, res);
	else if (r->commit)
		json_found(c, r, res);
	cJSON_AddNumberToObject(res, "steps", r->steps);
	cJSON_AddNumberToObject(res, "reused", r->reused);
	cJSON_AddNumberToObject(res, "builds", r->builds);
	skipped = cJSON_AddArrayToObject(res, "skipped");
	verdicts = cJSON_AddObjectToObject(res, "verdicts");
	for (size_t i = 0; i < c->ndec; i++) {
		const char *id = git_oid_tostr_s(node_id(c, c->dec[i].node));
		if (c->dec[i].v == VX_BV_SKIP)
			cJSON_AddItemToArray(skipped, cJSON_CreateString(id));
		cJSON_DeleteItemFromObject(verdicts, id);
		cJSON_AddStringToObject(verdicts, id, term(c, c->dec[i].v));
	}
	add_decisions(c, res);
	vx_print_json(f, res);
	cJSON_Delete(res);
}

enum bisect_result bisect_report(struct ctx *c, const struct vx_bisect_pick *p)
{
	struct bisect_report r;
	enum bisect_result res;

	gather(c, p, &r);
	if (c->o.out == OUT_JSON)
		report_json(c, &r, stdout);
	else if (c->o.out == OUT_MD)
		report_md(c, &r, stdout);
	else
		report_text(c, &r, stdout);
	if (p->outcome != VX_BISECT_FOUND)
		res = BISECT_ONLY_SKIPPED;
	else if (r.commit && r.bad && r.bad->v != VX_BV_BAD)
		res = BISECT_NOT_REPRODUCED; /* the given BAD loads: nothing was rejected */
	else if (r.commit && r.old_given && r.old_given->v != VX_BV_GOOD)
		res = BISECT_NOT_REPRODUCED; /* --fixed: the given old one is not rejected */
	else
		res = BISECT_FOUND;
	report_free(&r);
	return res;
}

/* ---- the merge base is bad: the range holds a fix ---- */

/* git's words (bisect.c, handle_bad_merge_base), in its three forms */
static char *merge_base_words(struct ctx *c, const char *mb, const char *goods)
{
	const char *o = term(c, VX_BV_GOOD), *n = term(c, VX_BV_BAD);

	if (!strcmp(n, "bad") && !strcmp(o, "good"))
		return xasprintf("The merge base %s is bad.\nThis means the bug has been fixed "
				 "between %s and [%s].\n",
				 mb, mb, goods);
	if (!strcmp(n, "new") && !strcmp(o, "old"))
		return xasprintf("The merge base %s is new.\nThe property has changed between "
				 "%s and [%s].\n",
				 mb, mb, goods);
	return xasprintf("The merge base %s is %s.\nThis means the first '%s' commit is between "
			 "%s and [%s].\n",
			 mb, n, o, mb, goods);
}

enum bisect_result bisect_report_merge_base_bad(struct ctx *c, int node)
{
	struct vx_bisect_pick p = { .outcome = VX_BISECT_FOUND, .commit = node };
	char mb[GIT_OID_HEXSZ + 1], *words, *nl;
	struct strbuf goods = STRBUF_INIT;
	struct bisect_report r;

	git_oid_tostr(mb, sizeof(mb), node_id(c, node));
	for (size_t i = 0; i < c->ngoods; i++)
		sb_addf(&goods, "%s%s", i ? " " : "", git_oid_tostr_s(&c->goods[i]));
	words = merge_base_words(c, mb, sb_str(&goods));
	gather(c, &p, &r);
	r.p = &p;
	if (c->o.out == OUT_JSON) {
		cJSON *o = cJSON_CreateObject();

		fputs(words, stderr);
		cJSON_AddStringToObject(o, "result", "merge-base-bad");
		add_terms(c, o);
		cJSON_AddStringToObject(o, "merge_base", mb);
		cJSON_AddNullToObject(o, "first_bad");
		cJSON_AddNullToObject(o, "first_new");
		cJSON_AddNumberToObject(o, "steps", r.steps);
		cJSON_AddNumberToObject(o, "reused", r.reused);
		cJSON_AddNumberToObject(o, "builds", r.builds);
		add_decisions(c, o);
		vx_print_json(stdout, o);
		cJSON_Delete(o);
	} else {
		nl = strchr(words, '\n');
		printf("%s%.*s\n%s%s", c->o.out == OUT_MD ? "### vexplain bisect\n\n" : "",
		       (int)(nl - words), words, c->o.out == OUT_MD ? "\n" : "", nl + 1);
		if (r.bad)
			printf("%sMerge base: %s\n", c->o.out == OUT_MD ? "\n- " : "\n", r.bad->summary);
	}
	free(words);
	report_free(&r);
	sb_free(&goods);
	return BISECT_MERGE_BASE_BAD;
}
