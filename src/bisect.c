// SPDX-License-Identifier: MIT
/* The bisect engine: see bisect.h. The midpoint code mirrors git's bisect.c
 * so closely that the comments there apply here; names are kept where they
 * help a reader compare the two. */
#include "bisect.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct vx_bisect_graph {
	struct vx_bisect_node *node;
	size_t n;
	int *by_id; /* node indices sorted by id, for vx_bisect_graph_find */
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

static const struct vx_bisect_graph *sort_graph; /* qsort has no context argument */

static int cmp_by_id(const void *a, const void *b)
{
	const struct vx_bisect_node *na = &sort_graph->node[*(const int *)a];
	const struct vx_bisect_node *nb = &sort_graph->node[*(const int *)b];
	return git_oid_cmp(&na->id, &nb->id);
}

int vx_bisect_graph_find(const struct vx_bisect_graph *g, const git_oid *id)
{
	size_t lo = 0, hi = g->n;

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

static int collect_ids(git_repository *repo, const git_oid *bad, const git_oid *goods,
		       size_t ngood, struct vx_bisect_graph *g)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t cap = 0;
	int err;

	err = git_revwalk_new(&walk, repo);
	if (err < 0)
		return -ENOMEM;
	err = git_revwalk_push(walk, bad);
	for (size_t i = 0; !err && i < ngood; i++)
		err = git_revwalk_hide(walk, &goods[i]);
	if (err < 0) {
		err = -ENOENT;
		goto out;
	}
	while ((err = git_revwalk_next(&id, walk)) == 0) {
		if (g->n == cap) {
			cap = cap ? 2 * cap : 64;
			g->node = xrealloc(g->node, cap * sizeof(*g->node));
		}
		memset(&g->node[g->n], 0, sizeof(g->node[0]));
		git_oid_cpy(&g->node[g->n++].id, &id);
	}
	err = err == GIT_ITEROVER ? 0 : -ENOENT;
out:
	git_revwalk_free(walk);
	return err;
}

static int load_node(git_repository *repo, struct vx_bisect_graph *g, struct vx_bisect_node *nd)
{
	git_commit *c = NULL;

	if (git_commit_lookup(&c, repo, &nd->id) < 0)
		return -ENOENT;
	nd->date = git_commit_time(c);
	git_oid_cpy(&nd->tree, git_commit_tree_id(c));
	nd->nparents = (int)git_commit_parentcount(c);
	nd->parents = xcalloc(nd->nparents ? nd->nparents : 1, sizeof(int));
	for (int i = 0; i < nd->nparents; i++)
		nd->parents[i] = vx_bisect_graph_find(g, git_commit_parent_id(c, i));
	git_commit_free(c);
	return 0;
}

int vx_bisect_graph_load(struct vx_bisect_graph **out, git_repository *repo, const git_oid *bad,
			 const git_oid *goods, size_t ngood)
{
	struct vx_bisect_graph *g = xcalloc(1, sizeof(*g));
	int err;

	*out = NULL;
	err = collect_ids(repo, bad, goods, ngood, g);
	if (err)
		goto fail;
	if (!g->n || !git_oid_equal(&g->node[0].id, bad)) {
		/* BAD is reachable from a good commit: nothing to bisect */
		err = -EINVAL;
		goto fail;
	}
	g->by_id = xmalloc(g->n * sizeof(int));
	for (size_t i = 0; i < g->n; i++)
		g->by_id[i] = (int)i;
	sort_graph = g;
	qsort(g->by_id, g->n, sizeof(int), cmp_by_id);
	for (size_t i = 0; i < g->n; i++) {
		err = load_node(repo, g, &g->node[i]);
		if (err)
			goto fail;
	}
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
	for (size_t i = 0; i < g->n; i++)
		free(g->node[i].parents);
	free(g->node);
	free(g->by_id);
	free(g);
}

/* ---- verdicts ---- */

struct vx_bisect_state *vx_bisect_state_new(const struct vx_bisect_graph *g)
{
	struct vx_bisect_state *st = xcalloc(1, sizeof(*st));

	st->bad = 0;
	st->n = g->n;
	st->mark = xcalloc(g->n, 1);
	st->mark[0] = VX_BV_BAD;
	return st;
}

struct vx_bisect_state *vx_bisect_state_dup(const struct vx_bisect_state *st)
{
	struct vx_bisect_state *c = xcalloc(1, sizeof(*c));

	*c = *st;
	c->mark = xmalloc(st->n);
	memcpy(c->mark, st->mark, st->n);
	return c;
}

void vx_bisect_state_mark(struct vx_bisect_state *st, int i, enum vx_bv v)
{
	if (i < 0 || (size_t)i >= st->n)
		return;
	st->mark[i] = (unsigned char)v;
	/* git keeps a single refs/bisect/bad: the last one marked */
	if (v == VX_BV_BAD)
		st->bad = i;
}

void vx_bisect_state_free(struct vx_bisect_state *st)
{
	if (!st)
		return;
	free(st->mark);
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

/* Everything the good commits reach is UNINTERESTING, as in git's walk. */
static unsigned char *mark_uninteresting(const struct vx_bisect_graph *g,
					 const struct vx_bisect_state *st)
{
	unsigned char *un = xcalloc(g->n, 1);
	int *stack = xmalloc(g->n * sizeof(int));
	size_t sp = 0;

	for (size_t i = 0; i < g->n; i++) {
		if (st->mark[i] != VX_BV_GOOD || un[i])
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
	for (size_t i = 0; i < n / 2; i++) {
		int t = out[i];
		out[i] = out[n - 1 - i];
		out[n - 1 - i] = t;
	}
	free(q.a);
	free(seen);
	*list = out;
	return n;
}

struct fb {
	const struct vx_bisect_graph *g;
	const int *list;	/* oldest first */
	int nr;
	int *pos;		/* node -> position in list, -1 if not a candidate */
	int *weight;		/* by position */
	unsigned *stamp;	/* count_distance's COUNTED flags, by position */
	unsigned gen;
	bool all;		/* FIND_BISECTION_ALL: a commit was skipped */
};

/* The number of candidates P reaches, itself included (git's count_distance). */
static int count_distance(struct fb *f, int start)
{
	int *stack = xmalloc(f->nr * sizeof(int));
	size_t sp = 0;
	int nr = 0;

	f->gen++;
	stack[sp++] = start;
	f->stamp[start] = f->gen;
	while (sp) {
		const struct vx_bisect_node *nd = &f->g->node[f->list[stack[--sp]]];
		nr++;
		for (int k = 0; k < nd->nparents; k++) {
			int p = nd->parents[k] < 0 ? -1 : f->pos[nd->parents[k]];
			if (p < 0 || f->stamp[p] == f->gen)
				continue;
			f->stamp[p] = f->gen;
			stack[sp++] = p;
		}
	}
	free(stack);
	return nr;
}

static int approx_halfway(const struct fb *f, int p)
{
	int diff = 2 * f->weight[p] - f->nr;

	if (diff >= -1 && diff <= 1)
		return 1;
	/* within ~0.1% of the halfway point is good enough */
	return abs(diff) < f->nr / 1024;
}

static int interesting_parents(const struct fb *f, int p)
{
	const struct vx_bisect_node *nd = &f->g->node[f->list[p]];
	int count = 0;

	for (int k = 0; k < nd->nparents; k++)
		if (nd->parents[k] >= 0 && f->pos[nd->parents[k]] >= 0)
			count++;
	return count;
}

static int best_bisection(const struct fb *f)
{
	int best = 0, best_distance = -1;

	for (int p = 0; p < f->nr; p++) {
		int distance = f->weight[p];
		if (f->nr - distance < distance)
			distance = f->nr - distance;
		if (distance > best_distance) {
			best = p;
			best_distance = distance;
		}
	}
	return best;
}

/* Returns a position, or -1 when best_bisection_sorted() must decide. */
static int do_find_bisection(struct fb *f)
{
	int counted = 0;

	for (int p = 0; p < f->nr; p++) {
		switch (interesting_parents(f, p)) {
		case 0:
			f->weight[p] = 1;
			counted++;
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
	for (int p = 0; p < f->nr; p++) {
		if (f->weight[p] != -2)
			continue;
		f->weight[p] = count_distance(f, p);
		if (!f->all && approx_halfway(f, p))
			return p;
		counted++;
	}
	/* then single strands of pearls: one more than the parent */
	while (counted < f->nr) {
		for (int p = 0; p < f->nr; p++) {
			const struct vx_bisect_node *nd = &f->g->node[f->list[p]];
			int q = -1;

			if (f->weight[p] >= 0)
				continue;
			for (int k = 0; k < nd->nparents; k++) {
				int qp = nd->parents[k] < 0 ? -1 : f->pos[nd->parents[k]];
				if (qp < 0)
					continue;
				if (f->weight[qp] >= 0) {
					q = qp;
					break;
				}
			}
			if (q < 0)
				continue;
			f->weight[p] = f->weight[q] + 1;
			counted++;
			if (!f->all && approx_halfway(f, p))
				return p;
		}
	}
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

/* best_bisection_sorted(): every candidate, best first. */
static struct commit_dist *sorted_candidates(const struct fb *f)
{
	struct commit_dist *arr = xcalloc(f->nr, sizeof(*arr));

	for (int p = 0; p < f->nr; p++) {
		int distance = f->weight[p];
		if (f->nr - distance < distance)
			distance = f->nr - distance;
		arr[p].node = f->list[p];
		arr[p].distance = distance;
		arr[p].id = &f->g->node[f->list[p]].id;
	}
	qsort(arr, f->nr, sizeof(*arr), compare_commit_dist);
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
	struct commit_dist *arr = sorted_candidates(f);
	int *filtered = xmalloc(f->nr * sizeof(int));
	int count = 0, result;

	pick->cand = xmalloc((f->nr + 1) * sizeof(int));
	pick->ncand = 0;
	if (st->mark[arr[0].node] != VX_BV_SKIP) {
		result = arr[0].node;
		goto out;
	}
	for (int i = 0; i < f->nr; i++) {
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
		c = f->list[best];
		reaches = f->weight[best];
	} else {
		c = managed_skipped(f, st, pick);
		if (c < 0) {
			pick->outcome = VX_BISECT_ONLY_SKIPPED;
			return 0;
		}
		reaches = f->weight[f->pos[c]];
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

int vx_bisect_next(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
		   struct vx_bisect_pick *pick)
{
	unsigned char *un = mark_uninteresting(g, st);
	struct fb f = { .g = g };
	int *list = NULL;
	int err = 0;

	memset(pick, 0, sizeof(*pick));
	pick->commit = -1;
	if (un[st->bad]) {
		err = -EINVAL; /* bad is an ancestor of a good commit */
		goto out;
	}
	f.nr = (int)candidate_list(g, st, un, &list);
	f.list = list;
	f.pos = xmalloc(g->n * sizeof(int));
	for (size_t i = 0; i < g->n; i++)
		f.pos[i] = -1;
	for (int p = 0; p < f.nr; p++)
		f.pos[list[p]] = p;
	f.weight = xcalloc(f.nr, sizeof(int));
	f.stamp = xcalloc(f.nr, sizeof(unsigned));
	f.all = any_skip(st);
	pick->all = f.nr;
	err = find_and_pick(&f, st, pick);
out:
	free(f.pos);
	free(f.weight);
	free(f.stamp);
	free(list);
	free(un);
	return err;
}

void vx_bisect_pick_clear(struct vx_bisect_pick *pick)
{
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
			vx_bisect_state_mark(child, p.commit, (enum vx_bv)v);
			queue[tail++] = child;
		}
		vx_bisect_pick_clear(&p);
	}
	for (size_t i = 0; i < tail; i++)
		vx_bisect_state_free(queue[i]);
	return n;
}
