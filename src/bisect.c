// SPDX-License-Identifier: MIT
/* The bisect engine: see bisect.h. The midpoint code mirrors git's bisect.c
 * so closely that the comments there apply here; names are kept where they
 * help a reader compare the two. */
#include "bisect.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct vx_bisect_graph {
	struct vx_bisect_node *node;
	size_t n, cap, nrange;
	size_t nidx;	/* nodes in by_id */
	int *by_id;	/* node indices sorted by id, for vx_bisect_graph_find */
	int *goods;	/* the given goods' nodes (-1: not loaded) */
	size_t ngoods;
	bool pruned;	/* PATHS given: git's walk simplifies the history */
};

static const char *const bv_names[] = { "none", "good", "bad", "skip" };

const char *vx_bv_name(enum vx_bv v)
{
	if ((unsigned)v >= ARRAY_SIZE(bv_names))
		return "none";
	return bv_names[v];
}

enum vx_bv vx_bv_parse(const char *s)
{
	for (size_t i = 1; i < ARRAY_SIZE(bv_names); i++)
		if (s && strcmp(s, bv_names[i]) == 0)
			return (enum vx_bv)i;
	return VX_BV_NONE;
}

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
			nd->same[k] = nd->parents[k] >= 0 &&
				      !paths_differ(repo, r, &g->node[nd->parents[k]].tree,
						    &nd->tree);
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

/* ---- verdicts ---- */

struct vx_bisect_memo {
	int *only;		/* per node: the parent a merge was simplified to, or -1 */
	unsigned char *parsed;	/* per node: parsed by an earlier walk */
	size_t n;
};

static struct vx_bisect_memo *memo_new(size_t n)
{
	struct vx_bisect_memo *m = xcalloc(1, sizeof(*m));

	m->n = n;
	m->only = xmalloc((n ? n : 1) * sizeof(int));
	for (size_t i = 0; i < n; i++)
		m->only[i] = -1;
	m->parsed = xcalloc(n ? n : 1, 1);
	return m;
}

static struct vx_bisect_memo *memo_dup(const struct vx_bisect_memo *m)
{
	struct vx_bisect_memo *c;

	if (!m)
		return NULL;
	c = memo_new(m->n);
	memcpy(c->only, m->only, m->n * sizeof(int));
	memcpy(c->parsed, m->parsed, m->n);
	return c;
}

static void memo_free(struct vx_bisect_memo *m)
{
	if (!m)
		return;
	free(m->only);
	free(m->parsed);
	free(m);
}

void vx_bisect_state_follow(struct vx_bisect_state *st, const struct vx_bisect_pick *pick)
{
	if (!st->memo || !pick->memo || !st->marked)
		return;
	memo_free(st->memo);
	st->memo = memo_dup(pick->memo);
}

struct vx_bisect_state *vx_bisect_state_new(const struct vx_bisect_graph *g)
{
	struct vx_bisect_state *st = xcalloc(1, sizeof(*st));

	st->bad = 0;
	st->n = g->n;
	st->mark = xcalloc(g->n, 1);
	st->mark[0] = VX_BV_BAD;
	for (size_t i = 0; i < g->ngoods; i++)
		if (g->goods[i] >= 0)
			st->mark[g->goods[i]] = VX_BV_GOOD;
	if (g->pruned)
		st->memo = memo_new(g->n);
	return st;
}

struct vx_bisect_state *vx_bisect_state_dup(const struct vx_bisect_state *st)
{
	struct vx_bisect_state *c = xcalloc(1, sizeof(*c));

	*c = *st;
	c->mark = xmalloc(st->n);
	memcpy(c->mark, st->mark, st->n);
	c->memo = memo_dup(st->memo);
	return c;
}

void vx_bisect_state_mark(struct vx_bisect_state *st, int i, enum vx_bv v)
{
	if (i < 0 || (size_t)i >= st->n)
		return;
	st->mark[i] = (unsigned char)v;
	st->marked++;
	/* git keeps a single refs/bisect/bad: the last one marked */
	if (v == VX_BV_BAD)
		st->bad = i;
}

void vx_bisect_state_free(struct vx_bisect_state *st)
{
	if (!st)
		return;
	free(st->mark);
	memo_free(st->memo);
	free(st);
}

/* ---- git's midpoint rule ---- */

/* A binary heap ordered as git's prio_queue with compare_commits_by_commit_date:
 * newest committer date first, insertion order on ties. */
struct pq_item {
	long long date;
	unsigned ctr;
	int node;
};

struct pq {
	struct pq_item *a;
	size_t n, cap;
	unsigned ctr;
};

static int pq_before(const struct pq_item *x, const struct pq_item *y)
{
	if (x->date != y->date)
		return x->date > y->date;
	return x->ctr < y->ctr;
}

static void pq_swap(struct pq *q, size_t i, size_t j)
{
	struct pq_item t = q->a[i];
	q->a[i] = q->a[j];
	q->a[j] = t;
}

static void pq_put(struct pq *q, long long date, int node)
{
	size_t i;

	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 64;
		q->a = xrealloc(q->a, q->cap * sizeof(*q->a));
	}
	i = q->n++;
	q->a[i] = (struct pq_item){ date, q->ctr++, node };
	while (i && pq_before(&q->a[i], &q->a[(i - 1) / 2])) {
		pq_swap(q, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static int pq_get(struct pq *q)
{
	int node;
	size_t i = 0;

	if (!q->n)
		return -1;
	node = q->a[0].node;
	q->a[0] = q->a[--q->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < q->n && pq_before(&q->a[l], &q->a[m]))
			m = l;
		if (r < q->n && pq_before(&q->a[r], &q->a[m]))
			m = r;
		if (m == i)
			break;
		pq_swap(q, i, m);
		i = m;
	}
	return node;
}

/* Everything the good commits reach is UNINTERESTING, as in git's walk;
 * so is everything outside the range. */
static unsigned char *mark_uninteresting(const struct vx_bisect_graph *g,
					 const struct vx_bisect_state *st)
{
	unsigned char *un = xcalloc(g->n, 1);
	int *stack = xmalloc(g->n * sizeof(int));
	size_t sp = 0;

	for (size_t i = 0; i < g->n; i++)
		un[i] = !g->node[i].in_range;
	for (size_t i = 0; i < g->n; i++) {
		if (st->mark[i] != VX_BV_GOOD || (un[i] && g->node[i].in_range))
			continue;
		un[i] = 1;
		stack[sp++] = (int)i;
		while (sp) {
			const struct vx_bisect_node *nd = &g->node[stack[--sp]];
			for (int k = 0; k < nd->nparents; k++) {
				int p = nd->parents[k];
				if (p < 0 || un[p])
					continue;
				un[p] = 1;
				stack[sp++] = p;
			}
		}
	}
	free(stack);
	return un;
}

static void reverse(int *a, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		int t = a[i];
		a[i] = a[n - 1 - i];
		a[n - 1 - i] = t;
	}
}

/* The candidates in git's list order after find_bisection's reversal:
 * oldest first. Returns the count; *list is malloc'ed. */
static size_t candidate_list(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
			     const unsigned char *un, int **list)
{
	unsigned char *seen = xcalloc(g->n, 1);
	int *out = xmalloc(g->n * sizeof(int));
	struct pq q = { 0 };
	size_t n = 0;
	int c;

	seen[st->bad] = 1;
	pq_put(&q, g->node[st->bad].date, st->bad);
	while ((c = pq_get(&q)) >= 0) {
		const struct vx_bisect_node *nd = &g->node[c];
		out[n++] = c;
		for (int k = 0; k < nd->nparents; k++) {
			int p = nd->parents[k];
			if (p < 0 || un[p] || seen[p])
				continue;
			seen[p] = 1;
			pq_put(&q, g->node[p].date, p);
		}
	}
	reverse(out, n);
	free(q.a);
	free(seen);
	*list = out;
	return n;
}

/* ---- git's limit_list() with PATHS ----
 * With PATHS, git's walk simplifies the history as it goes (revision.c's
 * try_to_simplify_commit): a commit that changes none of the PATHS is
 * TREESAME, and a merge TREESAME to a parent that is not UNINTERESTING
 * keeps that parent alone, so the other side drops out. Whether a parent
 * is UNINTERESTING then depends on how far the walk got, in date order,
 * through the good side: hence the walk is replayed here as git runs it. */
#define SLOP 5

enum {
	F_UN = 1,
	F_SEEN = 2,
	F_ADDED = 4,
	F_PARSED = 8,
	F_BOTTOM = 16,
	F_TS = 32,
};

struct walk {
	const struct vx_bisect_graph *g;
	unsigned char *fl;	/* F_* per node */
	int *only;		/* per node: the parent a merge was simplified to, or -1 */
	int *stack;
	struct pq q;
};

/* The parents git's walk keeps for NODE. */
static int kept_parents(const struct vx_bisect_graph *g, const int *only, int node, const int **ps)
{
	const struct vx_bisect_node *nd = &g->node[node];

	if (only && only[node] >= 0) {
		*ps = &nd->parents[only[node]];
		return 1;
	}
	*ps = nd->parents;
	return nd->nparents;
}

/* git's mark_parents_uninteresting(): down through parsed commits only. */
static void mark_parents_un(struct walk *w, int c)
{
	const int *ps;
	size_t sp = 0;
	int np;

	if (!(w->fl[c] & F_PARSED))
		return;
	np = kept_parents(w->g, w->only, c, &ps);
	for (int k = 0; k < np; k++)
		if (ps[k] >= 0)
			w->stack[sp++] = ps[k];
	while (sp) {
		int x = w->stack[--sp];
		if (w->fl[x] & F_UN)
			continue;
		w->fl[x] |= F_UN;
		if (!(w->fl[x] & F_PARSED))
			continue;
		np = kept_parents(w->g, w->only, x, &ps);
		for (int k = 0; k < np; k++)
			if (ps[k] >= 0)
				w->stack[sp++] = ps[k];
	}
}

/* git's try_to_simplify_commit(), on the parents an earlier walk of the
 * same process left (it rewrites commit->parents for good). */
static void try_to_simplify(struct walk *w, int c)
{
	const struct vx_bisect_node *nd = &w->g->node[c];
	bool rel_change = false, irr_change = false;
	int relevant = 0, np, first;
	const int *ps;

	if (nd->stub)
		return;
	if (!nd->nparents) {
		if (nd->empty)
			w->fl[c] |= F_TS;
		return;
	}
	np = kept_parents(w->g, w->only, c, &ps);
	first = w->only[c] >= 0 ? w->only[c] : 0;
	for (int k = 0; k < np; k++) {
		int p = ps[k];
		/* relevant_commit(): not UNINTERESTING, or a good given to the walk */
		bool rel = p < 0 || !(w->fl[p] & F_UN) || (w->fl[p] & F_BOTTOM);

		relevant += rel;
		if (p >= 0)
			w->fl[p] |= F_PARSED;
		if (nd->same[first + k]) {
			if (!rel)
				continue;
			w->only[c] = first + k;
			w->fl[c] |= F_TS;
			return;
		}
		if (rel)
			rel_change = true;
		else
			irr_change = true;
	}
	if (!(relevant ? rel_change : irr_change))
		w->fl[c] |= F_TS;
}

static void visit(struct walk *w, int p)
{
	if (p < 0)
		return;
	w->fl[p] |= F_PARSED;
	if (!(w->fl[p] & F_SEEN)) {
		w->fl[p] |= F_SEEN;
		pq_put(&w->q, w->g->node[p].date, p);
	}
}

/* git's process_parents() */
static void process_parents(struct walk *w, int c)
{
	const int *ps;
	int np;

	if (w->fl[c] & F_ADDED)
		return;
	w->fl[c] |= F_ADDED;
	if (w->fl[c] & F_UN) {
		np = kept_parents(w->g, w->only, c, &ps);
		for (int k = 0; k < np; k++) {
			if (ps[k] < 0)
				continue;
			w->fl[ps[k]] |= F_UN | F_PARSED;
			mark_parents_un(w, ps[k]);
			visit(w, ps[k]);
		}
		return;
	}
	try_to_simplify(w, c);
	np = kept_parents(w->g, w->only, c, &ps);
	for (int k = 0; k < np; k++)
		visit(w, ps[k]);
}

/* git's still_interesting(): SLOP while the list may still hold
 * something interesting, counting down once it holds none. */
static int still_interesting(const struct walk *w, long long date, int slop)
{
	if (!w->q.n)
		return 0;
	if (date <= w->q.a[0].date) /* the heap's top: the list's head */
		return SLOP;
	for (size_t i = 0; i < w->q.n; i++)
		if (!(w->fl[w->q.a[i].node] & F_UN))
			return SLOP;
	return slop - 1;
}

static int cmp_node_id(const void *a, const void *b, void *data)
{
	const struct vx_bisect_graph *g = data;

	return git_oid_cmp(&g->node[*(const int *)a].id, &g->node[*(const int *)b].id);
}

/* The walk's start: BAD, then the goods as refs/bisect/good-<id> sort;
 * goods mark their (parsed) parents at once. */
static void walk_start(struct walk *w, const struct vx_bisect_state *st)
{
	const struct vx_bisect_graph *g = w->g;
	int *pending = xmalloc(g->n * sizeof(int));
	size_t n = 0;

	pending[n++] = st->bad;
	for (size_t i = 0; i < g->n; i++)
		if (st->mark[i] == VX_BV_GOOD)
			pending[n++] = (int)i;
	qsort_r(pending + 1, n - 1, sizeof(int), cmp_node_id, (void *)g);
	for (size_t i = 0; i < n; i++)
		w->fl[pending[i]] |= F_PARSED;
	for (size_t i = 1; i < n; i++) {
		w->fl[pending[i]] |= F_UN | F_BOTTOM;
		mark_parents_un(w, pending[i]);
	}
	/* the pq keeps the pending order on equal dates: a stable date sort */
	for (size_t i = 0; i < n; i++) {
		if (w->fl[pending[i]] & F_SEEN)
			continue;
		w->fl[pending[i]] |= F_SEEN;
		pq_put(&w->q, g->node[pending[i]].date, pending[i]);
	}
	free(pending);
}

/* limit_list() then find_bisection()'s filter: the candidates, oldest first;
 * *un, *only and *ts are per node. */
static size_t pruned_candidates(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
				unsigned char **un, struct vx_bisect_memo **memo,
				unsigned char **ts, int **list)
{
	struct walk w = { .g = g };
	int *out = xmalloc(g->n * sizeof(int));
	long long date = LLONG_MAX;
	int slop = SLOP, c;
	size_t n = 0, k = 0, edges = 0;

	*memo = memo_dup(st->memo);
	w.fl = xcalloc(g->n, 1);
	w.only = (*memo)->only;
	for (size_t i = 0; i < g->n; i++)
		w.fl[i] = (*memo)->parsed[i] ? F_PARSED : 0;
	for (size_t i = 0; i < g->n; i++)
		edges += g->node[i].nparents;
	/* each node pushes its parents once, when it is marked */
	w.stack = xmalloc((edges + 16) * sizeof(int));
	walk_start(&w, st);
	while ((c = pq_get(&w.q)) >= 0) {
		process_parents(&w, c);
		if (w.fl[c] & F_UN) {
			mark_parents_un(&w, c);
			slop = still_interesting(&w, date, slop);
			if (slop)
				continue;
			break;
		}
		out[n++] = c;
		date = g->node[c].date;
	}
	*un = xcalloc(g->n, 1);
	*ts = xcalloc(g->n, 1);
	for (size_t i = 0; i < g->n; i++) {
		(*un)[i] = !!(w.fl[i] & F_UN);
		(*ts)[i] = !!(w.fl[i] & F_TS);
		(*memo)->parsed[i] = !!(w.fl[i] & F_PARSED);
	}
	for (size_t i = 0; i < n; i++)
		if (!(w.fl[out[i]] & F_UN))
			out[k++] = out[i];
	reverse(out, k);
	free(w.fl);
	free(w.stack);
	free(w.q.a);
	*list = out;
	return k;
}

/* ---- find_bisection ---- */

struct fb {
	const struct vx_bisect_graph *g;
	const int *list;	/* oldest first */
	int on_list;		/* its length */
	int nr;			/* the candidates that count: not TREESAME */
	int *pos;		/* node -> position in list, -1 if not a candidate */
	const int *only;	/* PATHS: per node, the parent kept (-1: all) */
	const unsigned char *ts; /* PATHS: per node, TREESAME */
	int *weight;		/* by position */
	unsigned *stamp;	/* count_distance's COUNTED flags, by position */
	unsigned gen;
	bool all;		/* FIND_BISECTION_ALL: a commit was skipped */
};

static bool treesame(const struct fb *f, int p)
{
	return f->ts && f->ts[f->list[p]];
}

/* The position of the K-th kept parent of the commit at position P, or -1. */
static int parent_pos(const struct fb *f, int p, int k)
{
	const int *ps;
	int np = kept_parents(f->g, f->only, f->list[p], &ps);

	if (k >= np || ps[k] < 0)
		return -1;
	return f->pos[ps[k]];
}

static int nparents_kept(const struct fb *f, int p)
{
	const int *ps;

	return kept_parents(f->g, f->only, f->list[p], &ps);
}

/* The number of counted candidates P reaches, itself included (git's
 * count_distance). */
static int count_distance(struct fb *f, int start)
{
	int *stack = xmalloc(f->on_list * sizeof(int));
	size_t sp = 0;
	int nr = 0;

	f->gen++;
	stack[sp++] = start;
	f->stamp[start] = f->gen;
	while (sp) {
		int p = stack[--sp];
		nr += !treesame(f, p);
		for (int k = 0; k < nparents_kept(f, p); k++) {
			int q = parent_pos(f, p, k);
			if (q < 0 || f->stamp[q] == f->gen)
				continue;
			f->stamp[q] = f->gen;
			stack[sp++] = q;
		}
	}
	free(stack);
	return nr;
}

static int approx_halfway(const struct fb *f, int p)
{
	int diff = 2 * f->weight[p] - f->nr;

	if (treesame(f, p)) /* don't short-cut something we are not going to return */
		return 0;
	if (diff >= -1 && diff <= 1)
		return 1;
	/* within ~0.1% of the halfway point is good enough */
	return abs(diff) < f->nr / 1024;
}

static int interesting_parents(const struct fb *f, int p)
{
	int count = 0;

	for (int k = 0; k < nparents_kept(f, p); k++)
		count += parent_pos(f, p, k) >= 0;
	return count;
}

static int best_bisection(const struct fb *f)
{
	int best = 0, best_distance = -1;

	for (int p = 0; p < f->on_list; p++) {
		int distance = f->weight[p];
		if (treesame(f, p))
			continue;
		if (f->nr - distance < distance)
			distance = f->nr - distance;
		if (distance > best_distance) {
			best = p;
			best_distance = distance;
		}
	}
	return best;
}

/* Single strands of pearls: one more than the parent (the same as the
 * parent for a TREESAME commit). Returns a position half-way, or -1. */
static int strands(struct fb *f, int counted)
{
	while (counted < f->nr) {
		bool progress = false;

		for (int p = 0; p < f->on_list; p++) {
			int q = -1;

			if (f->weight[p] >= 0)
				continue;
			for (int k = 0; k < nparents_kept(f, p); k++) {
				int qp = parent_pos(f, p, k);
				if (qp >= 0 && f->weight[qp] >= 0) {
					q = qp;
					break;
				}
			}
			if (q < 0)
				continue;
			progress = true;
			if (!treesame(f, p)) {
				f->weight[p] = f->weight[q] + 1;
				counted++;
			} else {
				f->weight[p] = f->weight[q];
			}
			if (!f->all && approx_halfway(f, p))
				return p;
		}
		if (!progress)
			break;
	}
	return -1;
}

/* Returns a position, or -1 when best_bisection_sorted() must decide. */
static int do_find_bisection(struct fb *f)
{
	int counted = 0, p;

	for (p = 0; p < f->on_list; p++) {
		switch (interesting_parents(f, p)) {
		case 0:
			/* a TREESAME root reaches nothing that counts: weight 0 */
			f->weight[p] = treesame(f, p) ? 0 : 1;
			counted += !treesame(f, p);
			break;
		case 1:
			f->weight[p] = -1;
			break;
		default:
			f->weight[p] = -2;
			break;
		}
	}
	/* merges first, the expensive way; the oldest (roots) never via the shortcut */
	for (p = 0; p < f->on_list; p++) {
		if (f->weight[p] != -2)
			continue;
		f->weight[p] = count_distance(f, p);
		if (!f->all && approx_halfway(f, p))
			return p;
		counted++;
	}
	p = strands(f, counted);
	if (p >= 0)
		return p;
	if (!f->all)
		return best_bisection(f);
	return -1;
}

struct commit_dist {
	int node;
	int distance;
	const git_oid *id;
};

static int compare_commit_dist(const void *a_, const void *b_)
{
	const struct commit_dist *a = a_, *b = b_;

	if (a->distance != b->distance)
		return b->distance - a->distance; /* desc sort */
	return git_oid_cmp(a->id, b->id);
}

/* best_bisection_sorted(): every counted candidate, best first; *cnt set. */
static struct commit_dist *sorted_candidates(const struct fb *f, int *cnt)
{
	struct commit_dist *arr = xcalloc(f->on_list ? f->on_list : 1, sizeof(*arr));
	int n = 0;

	for (int p = 0; p < f->on_list; p++) {
		int distance = f->weight[p];
		if (treesame(f, p))
			continue;
		if (f->nr - distance < distance)
			distance = f->nr - distance;
		arr[n].node = f->list[p];
		arr[n].distance = distance;
		arr[n++].id = &f->g->node[f->list[p]].id;
	}
	qsort(arr, n, sizeof(*arr), compare_commit_dist);
	*cnt = n;
	return arr;
}

#define PRN_MODULO 32768

/* git's pseudo random number, seeded by the count of untested candidates */
static unsigned get_prn(unsigned count)
{
	count = count * 1103515245 + 12345;
	return (count / 65536) % PRN_MODULO;
}

static int sqrti(int val)
{
	float d, x = (float)val;

	if (!val)
		return 0;
	do {
		float y = (x + (float)val / x) / 2;
		d = (y > x) ? y - x : x - y;
		x = y;
	} while (d >= 0.5);
	return (int)x;
}

/* git's skip_away(): a commit some way down the sorted list, never the bad one. */
static int skip_away(const int *list, int count, int bad)
{
	int prn = (int)get_prn((unsigned)count);
	/* git computes count * prn in int; keep its wrap-around */
	int scaled = (int)((unsigned)count * (unsigned)prn) / PRN_MODULO;
	int index = scaled * sqrti(prn) / sqrti(PRN_MODULO);

	if (!count)
		return -1;
	for (int i = 0; i < count; i++) {
		if (i != index)
			continue;
		if (list[i] != bad)
			return list[i];
		return i ? list[i - 1] : list[0];
	}
	return list[0];
}

static bool any_skip(const struct vx_bisect_state *st)
{
	for (size_t i = 0; i < st->n; i++)
		if (st->mark[i] == VX_BV_SKIP)
			return true;
	return false;
}

/* managed_skipped() + filter_skipped() on the sorted list. Returns the node to
 * test, or -1 when none; the skipped candidates go to pick->cand. */
static int managed_skipped(const struct fb *f, const struct vx_bisect_state *st,
			   struct vx_bisect_pick *pick)
{
	int cnt, count = 0, result = -1;
	struct commit_dist *arr = sorted_candidates(f, &cnt);
	int *filtered = xmalloc((cnt ? cnt : 1) * sizeof(int));

	pick->cand = xmalloc((cnt + 1) * sizeof(int));
	pick->ncand = 0;
	if (!cnt)
		goto out;
	if (st->mark[arr[0].node] != VX_BV_SKIP) {
		result = arr[0].node;
		goto out;
	}
	for (int i = 0; i < cnt; i++) {
		if (st->mark[arr[i].node] == VX_BV_SKIP)
			pick->cand[pick->ncand++] = arr[i].node;
		else
			filtered[count++] = arr[i].node;
	}
	result = skip_away(filtered, count, st->bad);
out:
	free(filtered);
	free(arr);
	return result;
}

/* git's estimate_bisect_steps(): steps left after the current one. */
static int estimate_steps(int all)
{
	int n = 0, e, x;

	if (all < 3)
		return 0;
	while ((2 << n) <= all)
		n++;
	e = 1 << n;
	x = all - e;
	return (e < 3 * x) ? n : n - 1;
}

static int find_and_pick(struct fb *f, const struct vx_bisect_state *st,
			 struct vx_bisect_pick *pick)
{
	int best = do_find_bisection(f);
	int reaches, c;

	if (!f->all) {
		c = f->on_list ? f->list[best] : -1;
		reaches = f->on_list ? f->weight[best] : 0;
	} else {
		c = managed_skipped(f, st, pick);
		if (c < 0 && pick->ncand) {
			pick->outcome = VX_BISECT_ONLY_SKIPPED;
			return 0;
		}
		reaches = c < 0 ? 0 : f->weight[f->pos[c]];
	}
	if (c < 0 || !f->nr) {
		/* "No testable commit found. Maybe you started with bad path arguments?" */
		pick->ncand = 0;
		pick->outcome = VX_BISECT_NO_TESTABLE;
		return 0;
	}
	pick->commit = c;
	if (c == st->bad) {
		if (pick->ncand) {
			pick->cand[pick->ncand++] = st->bad;
			pick->outcome = VX_BISECT_ONLY_SKIPPED;
		} else {
			pick->outcome = VX_BISECT_FOUND;
		}
		return 0;
	}
	pick->ncand = 0;
	pick->outcome = VX_BISECT_TEST;
	pick->left = f->nr - reaches - 1;
	pick->est_steps = estimate_steps(f->nr);
	return 0;
}

struct fb_owned {
	unsigned char *un, *ts;
	int *list;
};

/* The candidates of state ST in F, as find_bisection() sees them; -EINVAL
 * when the bad commit is an ancestor of a good one. */
static int fb_setup(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
		    struct fb *f, struct fb_owned *o, struct vx_bisect_memo **memo)
{
	memset(f, 0, sizeof(*f));
	memset(o, 0, sizeof(*o));
	f->g = g;
	if (g->pruned)
		f->on_list = (int)pruned_candidates(g, st, &o->un, memo, &o->ts, &o->list);
	else
		o->un = mark_uninteresting(g, st);
	if (o->un[st->bad])
		return -EINVAL;
	if (!g->pruned)
		f->on_list = (int)candidate_list(g, st, o->un, &o->list);
	f->list = o->list;
	f->only = *memo ? (*memo)->only : NULL;
	f->ts = o->ts;
	f->pos = xmalloc(g->n * sizeof(int));
	for (size_t i = 0; i < g->n; i++)
		f->pos[i] = -1;
	for (int p = 0; p < f->on_list; p++) {
		f->pos[o->list[p]] = p;
		f->nr += !treesame(f, p);
	}
	f->weight = xcalloc(f->on_list ? f->on_list : 1, sizeof(int));
	f->stamp = xcalloc(f->on_list ? f->on_list : 1, sizeof(unsigned));
	f->all = any_skip(st);
	return 0;
}

static void fb_free(struct fb *f, struct fb_owned *o)
{
	free(f->pos);
	free(f->weight);
	free(f->stamp);
	free(o->list);
	free(o->ts);
	free(o->un);
}

int vx_bisect_next(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
		   struct vx_bisect_pick *pick)
{
	struct fb f;
	struct fb_owned o;
	int err;

	memset(pick, 0, sizeof(*pick));
	pick->commit = -1;
	err = fb_setup(g, st, &f, &o, &pick->memo);
	if (!err) {
		pick->all = f.nr;
		err = find_and_pick(&f, st, pick);
	}
	fb_free(&f, &o);
	return err;
}

size_t vx_bisect_multisect(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
			   vx_bisect_known_fn known, void *data, int *out, size_t max)
{
	struct vx_bisect_memo *memo = NULL;
	struct fb f;
	struct fb_owned o;
	size_t n = 0;

	if (fb_setup(g, st, &f, &o, &memo) || f.nr < 2)
		goto out;
	f.all = true; /* every weight, no shortcut */
	do_find_bisection(&f);
	for (size_t k = 1; k <= max; k++) {
		long target = (long)k * f.nr / (long)(max + 1);
		int best = -1;
		long best_d = 0;

		for (int p = 0; p < f.on_list; p++) {
			int node = f.list[p];
			long d = labs((long)f.weight[p] - target);
			bool dup = false;

			if (treesame(&f, p) || node == st->bad || st->mark[node] != VX_BV_NONE ||
			    known(data, node) != VX_BV_NONE)
				continue;
			for (size_t i = 0; i < n; i++)
				dup |= out[i] == node;
			if (!dup && (best < 0 || d < best_d)) {
				best = node;
				best_d = d;
			}
		}
		if (best >= 0)
			out[n++] = best;
	}
out:
	memo_free(memo);
	fb_free(&f, &o);
	return n;
}

void vx_bisect_pick_clear(struct vx_bisect_pick *pick)
{
	memo_free(pick->memo);
	pick->memo = NULL;
	free(pick->cand);
	pick->cand = NULL;
	pick->ncand = 0;
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

/* Whatever the speculative steps say, only the verdicts on git's own path
 * are used, so the answer (and the step count) is the same as with one
 * job. */
size_t vx_bisect_speculate(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
			   vx_bisect_known_fn known, void *data, int *out, size_t max)
{
	struct vx_bisect_state *queue[64];
	size_t head = 0, tail = 0, n = 0, visits = 0;

	queue[tail++] = vx_bisect_state_dup(st);
	while (head < tail && n < max && visits++ < 4 * max + 8) {
		struct vx_bisect_state *s = queue[head++];
		struct vx_bisect_pick p;
		enum vx_bv k;
		bool dup = false;

		if (vx_bisect_next(g, s, &p) || p.outcome != VX_BISECT_TEST) {
			vx_bisect_pick_clear(&p);
			continue;
		}
		k = known(data, p.commit);
		for (size_t i = 0; i < n; i++)
			dup |= out[i] == p.commit;
		if (k == VX_BV_NONE && !dup)
			out[n++] = p.commit;
		for (int v = VX_BV_GOOD; v <= VX_BV_BAD && tail + 2 < ARRAY_SIZE(queue); v++) {
			if (k != VX_BV_NONE && (int)k != v)
				continue;
			struct vx_bisect_state *child = vx_bisect_state_dup(s);
			vx_bisect_state_follow(child, &p);
			vx_bisect_state_mark(child, p.commit, (enum vx_bv)v);
			queue[tail++] = child;
		}
		vx_bisect_pick_clear(&p);
	}
	for (size_t i = 0; i < tail; i++)
		vx_bisect_state_free(queue[i]);
	return n;
}
