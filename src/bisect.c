// SPDX-License-Identifier: MIT
/* The bisect engine: see bisect.h. The verdicts so far (the state), git's
 * find_bisection() over the candidates bisect_walk.c lists, and what comes
 * of them: the next pick, multisection, speculation. The midpoint code
 * mirrors git's bisect.c so closely that the comments there apply here;
 * names are kept where they help a reader compare the two. */
#include "bisect_int.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

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

/* ---- verdicts ---- */

void vx_bisect_state_follow(struct vx_bisect_state *st, const struct vx_bisect_pick *pick)
{
	if (!st->memo || !pick->memo || !st->marked)
		return;
	bisect_memo_free(st->memo);
	st->memo = bisect_memo_dup(pick->memo);
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
		st->memo = bisect_memo_new(g->n);
	return st;
}

struct vx_bisect_state *vx_bisect_state_dup(const struct vx_bisect_state *st)
{
	struct vx_bisect_state *c = xcalloc(1, sizeof(*c));

	*c = *st;
	c->mark = xmalloc(st->n);
	memcpy(c->mark, st->mark, st->n);
	c->memo = bisect_memo_dup(st->memo);
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
	bisect_memo_free(st->memo);
	free(st);
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
	int np = bisect_kept_parents(f->g, f->only, f->list[p], &ps);

	if (k >= np || ps[k] < 0)
		return -1;
	return f->pos[ps[k]];
}

static int nparents_kept(const struct fb *f, int p)
{
	const int *ps;

	return bisect_kept_parents(f->g, f->only, f->list[p], &ps);
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

/* How near the half of the range a candidate's weight is (git's
 * best_bisection and best_bisection_sorted both compute it). */
static int halfway_distance(const struct fb *f, int p)
{
	int distance = f->weight[p];
	return f->nr - distance < distance ? f->nr - distance : distance;
}

static int best_bisection(const struct fb *f)
{
	int best = 0, best_distance = -1;

	for (int p = 0; p < f->on_list; p++) {
		if (treesame(f, p))
			continue;
		int distance = halfway_distance(f, p);
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
		if (treesame(f, p))
			continue;
		arr[n].node = f->list[p];
		arr[n].distance = halfway_distance(f, p);
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
		f->on_list = (int)bisect_pruned_candidates(g, st, &o->un, memo, &o->ts, &o->list);
	else
		o->un = bisect_mark_uninteresting(g, st);
	if (o->un[st->bad])
		return -EINVAL;
	if (!g->pruned)
		f->on_list = (int)bisect_candidate_list(g, st, o->un, &o->list);
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
	bisect_memo_free(memo);
	fb_free(&f, &o);
	return n;
}

void vx_bisect_pick_clear(struct vx_bisect_pick *pick)
{
	bisect_memo_free(pick->memo);
	pick->memo = NULL;
	free(pick->cand);
	pick->cand = NULL;
	pick->ncand = 0;
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
