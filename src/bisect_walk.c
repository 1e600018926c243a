// SPDX-License-Identifier: MIT
/* git's limit_list() for the bisect engine: which commits of the graph are
 * candidates in a state, in git's order, with and without PATHS; and the
 * memory (struct vx_bisect_memo) that git's process keeps from one such walk
 * to the next. bisect.c finds the midpoint among them. */
#include "bisect_int.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct vx_bisect_memo *bisect_memo_new(size_t n)
{
	struct vx_bisect_memo *m = xcalloc(1, sizeof(*m));

	m->n = n;
	m->only = xmalloc((n ? n : 1) * sizeof(int));
	for (size_t i = 0; i < n; i++)
		m->only[i] = -1;
	m->parsed = xcalloc(n ? n : 1, 1);
	return m;
}

struct vx_bisect_memo *bisect_memo_dup(const struct vx_bisect_memo *m)
{
	struct vx_bisect_memo *c;

	if (!m)
		return NULL;
	c = bisect_memo_new(m->n);
	memcpy(c->only, m->only, m->n * sizeof(int));
	memcpy(c->parsed, m->parsed, m->n);
	return c;
}

void bisect_memo_free(struct vx_bisect_memo *m)
{
	if (!m)
		return;
	free(m->only);
	free(m->parsed);
	free(m);
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
unsigned char *bisect_mark_uninteresting(const struct vx_bisect_graph *g,
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
size_t bisect_candidate_list(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
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
	unsigned char *fl; /* F_* per node */
	int *only;	   /* per node: the parent a merge was simplified to, or -1 */
	int *stack;
	struct pq q;
};

/* The parents git's walk keeps for NODE. */
int bisect_kept_parents(const struct vx_bisect_graph *g, const int *only, int node, const int **ps)
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
	np = bisect_kept_parents(w->g, w->only, c, &ps);
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
		np = bisect_kept_parents(w->g, w->only, x, &ps);
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
	np = bisect_kept_parents(w->g, w->only, c, &ps);
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
		np = bisect_kept_parents(w->g, w->only, c, &ps);
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
	np = bisect_kept_parents(w->g, w->only, c, &ps);
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
size_t bisect_pruned_candidates(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
				unsigned char **un, struct vx_bisect_memo **memo,
				unsigned char **ts, int **list)
{
	struct walk w = { .g = g };
	int *out = xmalloc(g->n * sizeof(int));
	long long date = LLONG_MAX;
	int slop = SLOP, c;
	size_t n = 0, k = 0, edges = 0;

	*memo = bisect_memo_dup(st->memo);
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
