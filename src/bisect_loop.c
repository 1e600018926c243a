// SPDX-License-Identifier: MIT
/* A run of `vexplain bisect`, once bisect_cmd.c has parsed the options and
 * opened the repository: the state directory made ready (locked, the
 * arguments saved for `continue`), the graph loaded, then the main loop
 * that follows the engine's picks (merge bases first, as git does), records
 * each verdict (progress on a terminal, --json steps, the git-format log)
 * and hands the end to bisect_report.c. Steps are started and reaped by
 * bisect_runner.c. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bisect_cmd.h"
#include "render.h"
#include "util.h"
#include "util_fs.h"
#include "util_proc.h"

/* ---- the log, git bisect log style ---- */

/* FINAL: the end of the bisect, or NULL while it goes on. */
static void write_log(struct ctx *c, const struct vx_bisect_pick *final)
{
	struct vx_bisect_log log = {
		.terms = &c->terms, .bad = &c->bad, .goods = c->goods, .ngoods = c->ngoods
	};
	struct vx_bisect_log_step *steps = xcalloc(c->ndec + 1, sizeof(*steps));
	git_oid *cands = NULL;

	for (size_t i = 0; i < c->ndec; i++) {
		steps[i].commit = node_id(c, c->dec[i].node);
		steps[i].v = c->dec[i].v;
		steps[i].how = c->dec[i].how;
		steps[i].summary = c->verdicts[c->dec[i].verdict].summary;
	}
	log.steps = steps;
	log.nsteps = c->ndec;
	if (final && final->outcome == VX_BISECT_FOUND) {
		log.first_bad = node_id(c, final->commit);
	} else if (final && final->outcome == VX_BISECT_ONLY_SKIPPED) {
		cands = xcalloc(final->ncand + 1, sizeof(*cands));
		for (size_t i = 0; i < final->ncand; i++)
			git_oid_cpy(&cands[i], node_id(c, final->cand[i]));
		log.cands = cands;
		log.ncand = final->ncand;
	}
	vx_bisect_log_write(c->dir, c->repo, &log);
	free(cands);
	free(steps);
}

/* ---- progress ---- */

static void __attribute__((format(printf, 2, 3))) progress(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->prog_out)
		return;
	va_start(ap, fmt);
	vfprintf(c->prog_out, fmt, ap);
	va_end(ap);
	fflush(c->prog_out);
}

static void json_step(struct ctx *c, const struct decision *d)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "step", (double)(d - c->dec) + 1);
	cJSON_AddStringToObject(o, "commit", git_oid_tostr_s(node_id(c, d->node)));
	cJSON_AddStringToObject(o, "verdict", term(c, d->v));
	cJSON_AddStringToObject(o, "how", d->how);
	vx_json_add_str(o, "summary", c->verdicts[d->verdict].summary);
	if (strcmp(d->how, "built"))
		cJSON_AddStringToObject(o, "from",
					git_oid_tostr_s(&c->verdicts[d->verdict].commit));
	vx_print_json(stdout, o);
	cJSON_Delete(o);
}

static void announce(struct ctx *c, const struct vx_bisect_pick *p)
{
	char *subj;

	if (c->announced == p->commit)
		return;
	c->announced = p->commit;
	subj = vx_bisect_subject(c->repo, node_id(c, p->commit));
	progress(c, "Bisecting: %d revision%s left to test after this (roughly %d step%s)\n",
		 p->left, p->left == 1 ? "" : "s", p->est_steps, p->est_steps == 1 ? "" : "s");
	progress(c, "[%s] %s\n", git_oid_tostr_s(node_id(c, p->commit)), subj);
	free(subj);
}

/* Verdict K decides NODE: mark it, say so, log it. */
static void record(struct ctx *c, struct vx_bisect_state *st, int node, size_t k, const char *how)
{
	struct decision *d;
	bool built = !strcmp(how, "built");

	if (st->mark[node] == c->verdicts[k].v) {
		/* --multisect: a second bad marked before the first (as git's
		 * single refs/bisect/bad, the last one counts): already said */
		vx_bisect_state_mark(st, node, c->verdicts[k].v);
		return;
	}
	c->dec = xrealloc(c->dec, (c->ndec + 1) * sizeof(*c->dec));
	d = &c->dec[c->ndec++];
	d->node = node;
	d->v = c->verdicts[k].v;
	d->how = how;
	d->verdict = k;
	vx_bisect_state_mark(st, node, d->v);
	progress(c, "  %s%s%s%s: %s [step %zu, %.1f s]\n", term(c, d->v), built ? "" : " (",
		 built ? "" : how, built ? "" : ")", c->verdicts[k].summary, c->ndec,
		 vx_now() - c->t0);
	if (c->o.out == OUT_JSON)
		json_step(c, d);
	write_log(c, NULL);
}

static void apply(struct ctx *c, struct vx_bisect_state *st, const struct vx_bisect_pick *p,
		  size_t k, const char *how)
{
	announce(c, p);
	vx_bisect_state_follow(st, p);
	record(c, st, p->commit, k, how);
}

/* Follow git's choices as far as verdicts are known. */
static int advance(struct ctx *c, struct vx_bisect_state *st, struct vx_bisect_pick *p)
{
	for (;;) {
		const char *how;
		ssize_t k;
		int err;

		vx_bisect_pick_clear(p);
		err = vx_bisect_next(c->g, st, p);
		if (err || p->outcome != VX_BISECT_TEST)
			return err;
		k = bisect_known_verdict(c, p->commit, &how);
		if (k < 0)
			return 0;
		apply(c, st, p, (size_t)k, how);
	}
}

/* ---- setup and the main loop ---- */

void bisect_free_ctx(struct ctx *c)
{
	for (int i = 0; c->jobs && i < c->njobs; i++)
		vx_wt_free(&c->jobs[i].wt);
	free(c->jobs);
	for (size_t i = 0; c->keys && i < vx_bisect_graph_count(c->g); i++)
		free(c->keys[i]);
	free(c->keys);
	vx_bisect_verdicts_free(c->verdicts, c->nverdicts);
	free(c->dec);
	vx_bisect_graph_free(c->g);
	free(c->goods);
	free(c->mbs);
	free(c->o.goods);
	bisect_target_free(&c->t);
	git_repository_free(c->repo);
	free(c->gitdir);
	free(c->wt_gitdir);
	free(c->sm_path);
	free(c->dir);
}

int bisect_load_graph(struct ctx *c)
{
	/* --fixed: the given old commit is a node too, to be built at the end
	 * when no old step has the rejection to explain */
	git_oid *extra = xcalloc(c->nmbs + 1, sizeof(*extra));
	struct vx_bisect_range r = { .bad = c->bad,
				     .goods = c->goods,
				     .ngoods = c->ngoods,
				     .paths = c->o.paths,
				     .npaths = c->o.npaths,
				     .extra = extra,
				     .nextra = c->nmbs };
	int err;

	memcpy(extra, c->mbs, c->nmbs * sizeof(*extra));
	if (c->o.fixed)
		git_oid_cpy(&extra[r.nextra++], &c->goods[0]);
	err = vx_bisect_graph_load(&c->g, c->repo, &r);
	free(extra);

	if (err) {
		bisect_err("cannot walk the range: %s",
			   err == -EINVAL ? "it is empty" : bisect_git_err());
		return err;
	}
	c->keys = xcalloc(vx_bisect_graph_count(c->g), sizeof(char *));
	return vx_bisect_verdicts_load(c->dir, &c->verdicts, &c->nverdicts);
}

/* When the first bad commit is the given BAD, no step has its log: build and
 * load it once more (not a step, as git does not test BAD either) so that the
 * report can explain the rejection. With --fixed the rejection is on the old
 * side: when no old step was built, the given old commit is built instead. */
static int explain_given_bad(struct ctx *c, const struct vx_bisect_pick *p)
{
	int node = p->commit;
	const char *how;
	int err;

	if (p->outcome != VX_BISECT_FOUND || c->o.test)
		return 0;
	if (c->o.fixed) {
		for (size_t i = 0; i < c->ndec; i++)
			if (c->dec[i].v == VX_BV_GOOD)
				return 0;
		node = vx_bisect_graph_find(c->g, &c->goods[0]);
		if (node < 0)
			return 0;
	}
	if (bisect_known_verdict(c, node, &how) >= 0)
		return 0;
	progress(c, "Building the given %s commit %s to explain it\n",
		 term(c, c->o.fixed ? VX_BV_GOOD : VX_BV_BAD), git_oid_tostr_s(node_id(c, node)));
	err = bisect_job_start(c, &c->jobs[0], node);
	if (err)
		return err;
	err = bisect_wait_one(c);
	bisect_kill_all(c);
	return err < 0 ? err : 0;
}

static char *goods_hex(struct ctx *c)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < c->ngoods; i++)
		sb_addf(&sb, "%s%s", i ? " " : "", git_oid_tostr_s(&c->goods[i]));
	return sb.buf ? sb.buf : xstrdup("");
}

/* Build and judge NODE (or take its known verdict): the verdict index. */
static ssize_t test_one(struct ctx *c, struct vx_bisect_state *st, int node, const char **how,
			enum bisect_result *res)
{
	ssize_t k = bisect_known_verdict(c, node, how);
	int err;

	if (k >= 0)
		return k;
	*how = "built";
	err = bisect_job_start(c, &c->jobs[0], node);
	if (!err)
		err = bisect_schedule(c, st); /* git's first pick on the other jobs */
	while (!err && (k = bisect_known_verdict(c, node, how)) < 0)
		err = bisect_wait_one(c) < 0 ? -EINTR : 0;
	*res = err == -EINTR ? BISECT_INTERRUPTED : BISECT_ERROR;
	return err ? -1 : k;
}

/* git's check_merge_bases(): with a good that is no ancestor of BAD, each
 * merge base is tested first; a bad one means the range holds a fix. */
static enum bisect_result merge_bases(struct ctx *c, struct vx_bisect_state *st)
{
	for (size_t i = 0; i < c->nmbs; i++) {
		int node = vx_bisect_graph_find(c->g, &c->mbs[i]);
		enum bisect_result res = BISECT_DONE;
		const char *how;
		char *subj, *gh;
		ssize_t k;

		if (node < 0 || st->mark[node] == VX_BV_GOOD)
			continue;
		gh = goods_hex(c);
		if (st->mark[node] == VX_BV_SKIP) {
			char bad[GIT_OID_HEXSZ + 1], mb[GIT_OID_HEXSZ + 1];

			git_oid_tostr(bad, sizeof(bad), &c->bad);
			git_oid_tostr(mb, sizeof(mb), &c->mbs[i]);
			fprintf(stderr,
				"warning: the merge base between %s and [%s] must be skipped.\n"
				"So we cannot be sure the first bad commit is between %s and %s.\n"
				"We continue anyway.\n",
				bad, gh, mb, bad);
			free(gh);
			continue;
		}
		free(gh);
		subj = vx_bisect_subject(c->repo, &c->mbs[i]);
		/* git's notice, not progress: said even when quiet */
		fprintf(stderr, "Bisecting: a merge base must be tested\n[%s] %s\n",
			git_oid_tostr_s(&c->mbs[i]), subj);
		free(subj);
		k = test_one(c, st, node, &how, &res);
		if (k < 0)
			return res;
		record(c, st, node, (size_t)k, how);
		if (c->verdicts[k].v == VX_BV_BAD)
			return bisect_report_merge_base_bad(c, node);
		i = (size_t)-1; /* check them all again, as git's next step does */
	}
	return BISECT_DONE;
}

static enum vx_bv known_cb(void *data, int node)
{
	struct ctx *c = data;
	const char *how;
	ssize_t k = bisect_known_verdict(c, node, &how);

	return k < 0 ? VX_BV_NONE : c->verdicts[k].v;
}

/* Verdicts of commits off git's path (an earlier multisection round, before
 * an interruption) join the state. */
static void mark_known(struct ctx *c, struct vx_bisect_state *st)
{
	for (size_t k = 0; k < c->nverdicts; k++) {
		int node = vx_bisect_graph_find(c->g, &c->verdicts[k].commit);

		if (node >= 0 && vx_bisect_graph_node(c->g, node)->in_range &&
		    st->mark[node] == VX_BV_NONE && node != st->bad)
			record(c, st, node, k, c->verdicts[k].source);
	}
}

/* --multisect: N builds at once at the points that split the candidates
 * into N + 1 parts; all their verdicts join the state. */
static int multisect_round(struct ctx *c, struct vx_bisect_state *st,
			   const struct vx_bisect_pick *p)
{
	int want[64], err = 0, rc = 0;
	size_t n = vx_bisect_multisect(c->g, st, known_cb, c, want, (size_t)c->njobs);

	if (!n)
		want[n++] = p->commit;
	for (size_t i = 0; !err && i < n; i++)
		err = bisect_job_start(c, &c->jobs[i], want[i]);
	while (!err && (rc = bisect_wait_one(c)) == 1)
		;
	if (err || rc < 0)
		return err ? err : rc;
	mark_known(c, st);
	return 0;
}

/* Steps until the next commit to test is unknown; then run what is worth
 * running and wait for one verdict. */
static enum bisect_result step_loop(struct ctx *c, struct vx_bisect_state *st,
				    struct vx_bisect_pick *p)
{
	int err;

	for (;;) {
		err = advance(c, st, p);
		if (err) {
			bisect_err("the bad commit is an ancestor of a good one");
			return BISECT_ERROR;
		}
		if (p->outcome != VX_BISECT_TEST)
			return BISECT_DONE;
		announce(c, p);
		if (c->o.multisect) {
			mark_known(c, st);
			err = multisect_round(c, st, p);
		} else {
			err = bisect_schedule(c, st);
			if (!err)
				err = bisect_wait_one(c);
		}
		if (c->abort) {
			bisect_err("--test exited %d (128 or more): bisect aborted, state kept",
				   c->abort_rc);
			return BISECT_ABORTED;
		}
		if (err == -EINTR) {
			bisect_err(
				"interrupted: state kept in %s; `vexplain bisect continue` resumes",
				c->dir);
			return BISECT_INTERRUPTED;
		}
		if (err < 0)
			return BISECT_ERROR;
	}
}

enum bisect_result bisect_run_loop(struct ctx *c)
{
	struct vx_bisect_state *st = vx_bisect_state_new(c->g);
	struct vx_bisect_pick p = { 0 };
	enum bisect_result res;

	/* (the given goods are marked by vx_bisect_state_new) */
	bisect_setup_jobs(c);
	c->announced = -1;
	res = merge_bases(c, st);
	if (res == BISECT_DONE)
		res = step_loop(c, st, &p);
	if (res != BISECT_DONE)
		goto out;
	bisect_kill_all(c); /* speculative steps no longer needed */
	if (p.outcome == VX_BISECT_NO_TESTABLE) {
		bisect_err("No testable commit found.\nMaybe you started with bad path arguments?");
		res = BISECT_USAGE;
		goto out;
	}
	if (explain_given_bad(c, &p) == -EINTR) {
		res = BISECT_INTERRUPTED;
		goto out;
	}
	write_log(c, &p);
	res = bisect_report(c, &p);
out:
	bisect_kill_all(c);
	vx_bisect_pick_clear(&p);
	vx_bisect_state_free(st);
	return res;
}

enum bisect_result bisect_prepare_state(struct ctx *c)
{
	char *sub;
	int err = mkdir_p(c->dir, 0755), holder = 0;

	if (err) {
		bisect_err("cannot create %s: %s", c->dir, strerror(-err));
		return BISECT_ERROR;
	}
	err = vx_bisect_lock(c->dir, &holder);
	if (err == -EBUSY) {
		bisect_err("another vexplain bisect (pid %d) is running in this repository; wait for "
			   "it, or stop it and run `vexplain bisect reset`",
			   holder);
		return BISECT_ERROR;
	}
	if (err) {
		bisect_err("cannot lock %s: %s", c->dir, strerror(-err));
		return BISECT_ERROR;
	}
	sub = xasprintf("%s/logs", c->dir);
	mkdir_p(sub, 0755);
	free(sub);
	sub = xasprintf("%s/jobs", c->dir);
	mkdir_p(sub, 0755);
	free(sub);
	return BISECT_DONE;
}

/* Saved for `continue`, which may run from another directory: -C absolute. */
void bisect_save_args(struct ctx *c, int argc, char **argv)
{
	char **v = xcalloc(argc + 1, sizeof(char *));
	char *abs = NULL;

	for (int i = 0; i < argc; i++) {
		v[i] = argv[i];
		if (i > 0 && !strcmp(argv[i - 1], "-C") && (abs = realpath(argv[i], NULL)))
			v[i] = abs;
	}
	vx_bisect_save_args(c->dir, argc, v);
	free(abs);
	free(v);
}
