/* SPDX-License-Identifier: MIT */
/* The bisect engine: the commit graph of a GOOD..BAD range, the verdicts
 * given so far, and git's rule for the next commit to test. No I/O besides
 * reading the object database once (vx_bisect_graph_load); no printing.
 * Its files: bisect_graph.c (the graph), bisect_walk.c (git's limit_list:
 * the candidates), bisect.c (the state, git's midpoint, what follows). The
 * state files under the git dir are bisect_state.h's, the command is
 * bisect_cmd.c and its parts (bisect_cmd.h).
 *
 * The midpoint follows git's bisect.c (find_bisection, do_find_bisection,
 * best_bisection[_sorted], managed_skipped, skip_away) step for step, so
 * that the same verdicts lead to the same commits as `git bisect run`,
 * merges and skips included. The candidate order is git's limit_list order
 * (committer date, newest first, first-seen order on ties). */
#ifndef VX_BISECT_H
#define VX_BISECT_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

enum vx_bv {
	VX_BV_NONE = 0,
	VX_BV_GOOD,
	VX_BV_BAD,
	VX_BV_SKIP,
};

const char *vx_bv_name(enum vx_bv v);	/* "good", "bad", "skip", "none" */
enum vx_bv vx_bv_parse(const char *s);	/* VX_BV_NONE when unknown */

/* Every commit reachable from BAD and not from any GOOD (the range; node 0
 * is BAD), then commits outside it: EXTRA (merge bases to test), and with
 * PATHS the good side of the history, which git's walk also visits. */
struct vx_bisect_graph;

struct vx_bisect_node {
	git_oid id;
	git_oid tree;
	long long date;		/* committer date, as git orders by */
	int *parents;		/* node indices; -1: a commit not loaded */
	int nparents;
	unsigned char *same;	/* with PATHS, per parent: no change in PATHS */
	bool empty;		/* with PATHS: a root commit that has none of them */
	bool in_range;
	bool stub;		/* outside, loaded without its parents (too old) */
};

struct vx_bisect_range {
	git_oid bad;
	const git_oid *goods;
	size_t ngoods;
	char **paths;		/* git's -- PATHS: only commits touching them count */
	size_t npaths;
	const git_oid *extra;	/* commits outside the range to load as nodes */
	size_t nextra;
};

/* -ENOENT: a revision is missing; -EINVAL: BAD is an ancestor of a GOOD (or
 * equal), so the range is empty. */
int vx_bisect_graph_load(struct vx_bisect_graph **out, git_repository *repo,
			 const struct vx_bisect_range *r);
size_t vx_bisect_graph_count(const struct vx_bisect_graph *g);
const struct vx_bisect_node *vx_bisect_graph_node(const struct vx_bisect_graph *g, int i);
/* Node index of ID, or -1 when it is not in the range. */
int vx_bisect_graph_find(const struct vx_bisect_graph *g, const git_oid *id);
void vx_bisect_graph_free(struct vx_bisect_graph *g);
/* The subject line of commit ID ("" when unknown), allocated. */
char *vx_bisect_subject(git_repository *repo, const git_oid *id);

/* The verdicts so far, as git's refs/bisect/ hold them: one bad (the last
 * commit marked bad), any number of good and skipped commits. */
struct vx_bisect_memo;

struct vx_bisect_state {
	int bad;		/* node index */
	unsigned char *mark;	/* enum vx_bv per node */
	size_t n;
	int marked;		/* verdicts recorded so far */
	/* With PATHS: what `git bisect run`'s process keeps in memory from
	 * one walk to the next (merges simplified, commits parsed), which
	 * changes its later walks. NULL without PATHS. */
	struct vx_bisect_memo *memo;
};

struct vx_bisect_state *vx_bisect_state_new(const struct vx_bisect_graph *g);
struct vx_bisect_state *vx_bisect_state_dup(const struct vx_bisect_state *st);
/* The given goods are marked good from the start (when they are nodes).
 * Record a verdict for node I, as `git bisect good|bad|skip` would. */
void vx_bisect_state_mark(struct vx_bisect_state *st, int i, enum vx_bv v);
void vx_bisect_state_free(struct vx_bisect_state *st);

enum vx_bisect_outcome {
	VX_BISECT_TEST,		/* test pick->commit next */
	VX_BISECT_FOUND,	/* pick->commit is the first bad commit */
	VX_BISECT_ONLY_SKIPPED, /* the first bad is one of pick->cand[] */
	VX_BISECT_NO_TESTABLE,	/* PATHS: no candidate touches them (git's words) */
};

struct vx_bisect_pick {
	enum vx_bisect_outcome outcome;
	int commit;		/* node index (TEST, FOUND) */
	int all;		/* candidates, bad included (git's "all") */
	int left;		/* git's "N revisions left to test after this" */
	int est_steps;		/* git's "(roughly N steps)" */
	int *cand;		/* ONLY_SKIPPED: skipped candidates then bad, git's order */
	size_t ncand;
	struct vx_bisect_memo *memo; /* with PATHS: the memory after this walk */
};

/* What `git bisect next` would do in state ST. Returns 0, or -EINVAL when
 * the bad commit is itself an ancestor of a good one. */
int vx_bisect_next(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
		   struct vx_bisect_pick *pick);
void vx_bisect_pick_clear(struct vx_bisect_pick *pick);
/* The verdict on PICK's commit is about to be marked in ST: keep what git's
 * process keeps from the walk that chose it (call before the mark). The
 * first walk is `git bisect start`'s, whose process ends: nothing kept. */
void vx_bisect_state_follow(struct vx_bisect_state *st, const struct vx_bisect_pick *pick);


/* The commits worth testing now, at most MAX into OUT: git's next pick in
 * ST, then the picks that follow each possible verdict, breadth first.
 * KNOWN(DATA, node) gives a verdict already known (VX_BV_NONE: unknown):
 * a known commit is not tested again and only its own verdict is followed. */
typedef enum vx_bv (*vx_bisect_known_fn)(void *data, int node);
size_t vx_bisect_speculate(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
			   vx_bisect_known_fn known, void *data, int *out, size_t max);

/* --jobs N by multisection: up to MAX untested commits that split the
 * candidates into MAX + 1 parts of about equal weight (git's weights: the
 * candidates each one reaches). Verdicts on them are not git's path, but
 * vx_bisect_next() on the state they lead to gives git's answer. */
size_t vx_bisect_multisect(const struct vx_bisect_graph *g, const struct vx_bisect_state *st,
			   vx_bisect_known_fn known, void *data, int *out, size_t max);
#endif
