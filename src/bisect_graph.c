// SPDX-License-Identifier: MIT
/* The commit graph of a bisect: see bisect.h. Loaded once from the object
 * database (the range, with PATHS the good side git's walk also visits, and
 * stubs for the parents it stops at); read-only afterwards. */
#include "bisect_int.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- the graph ---- */

/* Outside commits older than the range's oldest by more than this are
 * loaded without their parents: git's walk stops before it reaches them
 * unless committer dates go back further than that. */
#define SKEW_SECONDS (30LL * 24 * 3600)

static int cmp_by_id(const void *a, const void *b, void *data)
{
	const struct vx_bisect_graph *g = data;

	return git_oid_cmp(&g->node[*(const int *)a].id, &g->node[*(const int *)b].id);
}

static void index_ids(struct vx_bisect_graph *g)
{
	g->by_id = xrealloc(g->by_id, (g->n ? g->n : 1) * sizeof(int));
	for (size_t i = 0; i < g->n; i++)
		g->by_id[i] = (int)i;
	qsort_r(g->by_id, g->n, sizeof(int), cmp_by_id, g);
	g->nidx = g->n;
}

int vx_bisect_graph_find(const struct vx_bisect_graph *g, const git_oid *id)
{
	size_t lo = 0, hi = g->nidx;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = git_oid_cmp(&g->node[g->by_id[mid]].id, id);
		if (c == 0)
			return g->by_id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static struct vx_bisect_node *add_node(struct vx_bisect_graph *g, const git_oid *id, bool in_range)
{
	struct vx_bisect_node *nd;

	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->node = xrealloc(g->node, g->cap * sizeof(*g->node));
	}
	nd = &g->node[g->n++];
	memset(nd, 0, sizeof(*nd));
	git_oid_cpy(&nd->id, id);
	nd->in_range = in_range;
	return nd;
}

/* The range: reachable from BAD, not from a good. */
static int collect_range(git_repository *repo, const struct vx_bisect_range *r,
			 struct vx_bisect_graph *g)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int err;

	if (git_revwalk_new(&walk, repo) < 0)
		return -ENOMEM;
	err = git_revwalk_push(walk, &r->bad);
	for (size_t i = 0; !err && i < r->ngoods; i++)
		err = git_revwalk_hide(walk, &r->goods[i]);
	if (err < 0) {
		git_revwalk_free(walk);
		return -ENOENT;
	}
	while ((err = git_revwalk_next(&id, walk)) == 0)
		add_node(g, &id, true);
	git_revwalk_free(walk);
	return err == GIT_ITEROVER ? 0 : -ENOENT;
}

/* With PATHS: the good side down to CUTOFF, which git's walk visits and
 * whose marks decide how it simplifies merges. */
static int collect_good_side(git_repository *repo, const struct vx_bisect_range *r,
			     struct vx_bisect_graph *g, long long cutoff)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int err = 0;

	if (git_revwalk_new(&walk, repo) < 0)
		return -ENOMEM;
	git_revwalk_sorting(walk, GIT_SORT_TIME);
	for (size_t i = 0; !err && i < r->ngoods; i++)
		err = git_revwalk_push(walk, &r->goods[i]);
	while (!err && (err = git_revwalk_next(&id, walk)) == 0) {
		git_commit *c = NULL;
		bool old;

		if (git_commit_lookup(&c, repo, &id) < 0) {
			err = -ENOENT;
			break;
		}
		old = git_commit_time(c) < cutoff;
		git_commit_free(c);
		if (old)
			break; /* its parents become stubs */
		add_node(g, &id, false);
	}
	git_revwalk_free(walk);
	return err == GIT_ITEROVER || err == 0 ? 0 : -ENOENT;
}

static int cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/* Every EXTRA commit is a node, and with PATHS every parent of a node too
 * (a stub, without parents, when it was not loaded). */
static void add_stubs(git_repository *repo, const struct vx_bisect_range *r,
		      struct vx_bisect_graph *g)
{
	size_t n0 = g->n, ncand = 0, cap = 0;
	git_oid *cand = NULL;

	index_ids(g);
	for (size_t i = 0; i < r->nextra; i++)
		if (vx_bisect_graph_find(g, &r->extra[i]) < 0)
			add_node(g, &r->extra[i], false)->stub = !g->pruned;
	for (size_t i = 0; g->pruned && i < n0; i++) {
		git_commit *c = NULL;

		if (git_commit_lookup(&c, repo, &g->node[i].id) < 0)
			continue;
		for (unsigned k = 0; k < git_commit_parentcount(c); k++) {
			if (ncand == cap) {
				cap = cap ? 2 * cap : 64;
				cand = xrealloc(cand, cap * sizeof(*cand));
			}
			git_oid_cpy(&cand[ncand++], git_commit_parent_id(c, k));
		}
		git_commit_free(c);
	}
	qsort(cand, ncand, sizeof(*cand), cmp_oid);
	index_ids(g);
	for (size_t i = 0; i < ncand; i++) {
		if (i && git_oid_equal(&cand[i], &cand[i - 1]))
			continue;
		if (vx_bisect_graph_find(g, &cand[i]) < 0) /* the index of before: unique */
			add_node(g, &cand[i], false)->stub = true;
	}
	free(cand);
	index_ids(g);
}

static int load_node(git_repository *repo, struct vx_bisect_graph *g, struct vx_bisect_node *nd)
{
	git_commit *c = NULL;

	if (git_commit_lookup(&c, repo, &nd->id) < 0)
		return -ENOENT;
	nd->date = git_commit_time(c);
	git_oid_cpy(&nd->tree, git_commit_tree_id(c));
	nd->nparents = nd->stub ? 0 : (int)git_commit_parentcount(c);
	nd->parents = xcalloc(nd->nparents ? nd->nparents : 1, sizeof(int));
	for (int i = 0; i < nd->nparents; i++)
		nd->parents[i] = vx_bisect_graph_find(g, git_commit_parent_id(c, i));
	git_commit_free(c);
	return 0;
}

/* Does PATHS differ between trees A (NULL: empty) and B? */
static bool paths_differ(git_repository *repo, const struct vx_bisect_range *r, const git_oid *a,
			 const git_oid *b)
{
	git_diff_options opts;
	git_tree *ta = NULL, *tb = NULL;
	git_diff *diff = NULL;
	bool differ = true;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.pathspec.strings = r->paths;
	opts.pathspec.count = r->npaths;
	if ((a && git_tree_lookup(&ta, repo, a) < 0) || git_tree_lookup(&tb, repo, b) < 0)
		goto out;
	if (git_diff_tree_to_tree(&diff, repo, ta, tb, &opts) == 0)
		differ = git_diff_num_deltas(diff) > 0;
out:
	git_diff_free(diff);
	git_tree_free(ta);
	git_tree_free(tb);
	return differ;
}

/* git's rev_compare_tree against each parent, once for all. */
static void compare_paths(git_repository *repo, const struct vx_bisect_range *r,
			  struct vx_bisect_graph *g)
{
	for (size_t i = 0; i < g->n; i++) {
		struct vx_bisect_node *nd = &g->node[i];

		if (nd->stub)
			continue;
		nd->same = xcalloc(nd->nparents ? nd->nparents : 1, 1);
		if (!nd->nparents)
			nd->empty = !paths_differ(repo, r, NULL, &nd->tree);
		for (int k = 0; k < nd->nparents; k++)
			nd->same[k] =
				nd->parents[k] >= 0 &&
				!paths_differ(repo, r, &g->node[nd->parents[k]].tree, &nd->tree);
	}
}

static long long oldest_in_range(const struct vx_bisect_graph *g, git_repository *repo)
{
	long long t = 0;

	for (size_t i = 0; i < g->nrange; i++) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, repo, &g->node[i].id) < 0)
			continue;
		if (!i || git_commit_time(c) < t)
			t = git_commit_time(c);
		git_commit_free(c);
	}
	return t;
}

int vx_bisect_graph_load(struct vx_bisect_graph **out, git_repository *repo,
			 const struct vx_bisect_range *r)
{
	struct vx_bisect_graph *g = xcalloc(1, sizeof(*g));
	int err;

	*out = NULL;
	g->pruned = r->npaths > 0;
	err = collect_range(repo, r, g);
	if (err)
		goto fail;
	if (!g->n || !git_oid_equal(&g->node[0].id, &r->bad)) {
		/* BAD is reachable from a good commit: nothing to bisect */
		err = -EINVAL;
		goto fail;
	}
	g->nrange = g->n;
	if (g->pruned)
		err = collect_good_side(repo, r, g, oldest_in_range(g, repo) - SKEW_SECONDS);
	if (err)
		goto fail;
	add_stubs(repo, r, g);
	for (size_t i = 0; i < g->n; i++) {
		err = load_node(repo, g, &g->node[i]);
		if (err)
			goto fail;
	}
	if (g->pruned)
		compare_paths(repo, r, g);
	g->goods = xcalloc(r->ngoods ? r->ngoods : 1, sizeof(int));
	g->ngoods = r->ngoods;
	for (size_t i = 0; i < r->ngoods; i++)
		g->goods[i] = vx_bisect_graph_find(g, &r->goods[i]);
	*out = g;
	return 0;
fail:
	vx_bisect_graph_free(g);
	return err;
}

size_t vx_bisect_graph_count(const struct vx_bisect_graph *g)
{
	return g->n;
}

const struct vx_bisect_node *vx_bisect_graph_node(const struct vx_bisect_graph *g, int i)
{
	if (i < 0 || (size_t)i >= g->n)
		return NULL;
	return &g->node[i];
}

void vx_bisect_graph_free(struct vx_bisect_graph *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++) {
		free(g->node[i].parents);
		free(g->node[i].same);
	}
	free(g->node);
	free(g->by_id);
	free(g->goods);
	free(g);
}

char *vx_bisect_subject(git_repository *repo, const git_oid *id)
{
	git_commit *commit = NULL;
	char *s;

	if (git_commit_lookup(&commit, repo, id) < 0)
		return xstrdup("");
	s = xstrdup(git_commit_summary(commit) ? git_commit_summary(commit) : "");
	git_commit_free(commit);
	return s;
}
