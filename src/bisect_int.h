/* SPDX-License-Identifier: MIT */
/* What the files of the bisect engine share and nothing else sees: the
 * graph's layout (bisect_graph.c builds it), the walk's memory and git's
 * limit_list() (bisect_walk.c), used by find_bisection() in bisect.c. */
#ifndef VX_BISECT_INT_H
#define VX_BISECT_INT_H

#include "bisect.h"

struct vx_bisect_graph {
	struct vx_bisect_node *node;
	size_t n, cap, nrange;
	size_t nidx; /* nodes in by_id */
	int *by_id;  /* node indices sorted by id, for vx_bisect_graph_find */
	int *goods;  /* the given goods' nodes (-1: not loaded) */
	size_t ngoods;
	bool pruned; /* PATHS given: git's walk simplifies the history */
};

/* bisect_walk.c: what git's process keeps from one walk to the next. */
struct vx_bisect_memo {
	int *only;	       /* per node: the parent a merge was simplified to, or -1 */
	unsigned char *parsed; /* per node: parsed by an earlier walk */
	size_t n;
};

struct vx_bisect_memo *bisect_memo_new(size_t n);
struct vx_bisect_memo *bisect_memo_dup(const struct vx_bisect_memo *m);
void bisect_memo_free(struct vx_bisect_memo *m);

/* The parents git's walk keeps for NODE (ONLY: per node, the parent a merge
 * was simplified to, or -1; NULL: all); their count, *PS set. */
int bisect_kept_parents(const struct vx_bisect_graph *g, const int *only, int node, const int **ps);
/* Without PATHS: the nodes the goods of ST reach, and all outside the range
 * (per node, malloc'ed); the candidates, oldest first (*list malloc'ed). */
unsigned char *bisect_mark_uninteresting(const struct vx_bisect_graph *g,
					 const struct vx_bisect_state *st);
size_t bisect_candidate_list(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
			     const unsigned char *un, int **list);
/* With PATHS: git's limit_list() replayed; the candidates, oldest first. */
size_t bisect_pruned_candidates(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
				unsigned char **un, struct vx_bisect_memo **memo,
				unsigned char **ts, int **list);

#endif
