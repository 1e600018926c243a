/* SPDX-License-Identifier: MIT */
/* The parts of `vexplain bisect` that its files share: the options, the
 * run's context, and each part's entry points. The command (options,
 * subcommands) is bisect_cmd.c; a run's main loop is bisect_loop.c; a step
 * is run by bisect_runner.c in a worktree of bisect_worktree.c, judged by
 * bisect_verdict.c; the repository and GOOD..BAD are bisect_repo.c's; the
 * answer is printed by bisect_report.c. The engine (bisect.c and its
 * bisect_graph.c, bisect_walk.c) and the state files (bisect_state.c) know
 * none of this. */
#ifndef VX_BISECT_CMD_H
#define VX_BISECT_CMD_H

#include <git2.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <sys/types.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "bisect.h"
#include "bisect_state.h"
#include "bisect_worktree.h"
#include "pipeline.h"
#include "record.h"

enum bisect_out { OUT_TEXT, OUT_JSON, OUT_MD };

struct bisect_opts {
	const char *repo;
	const char *range;
	char **goods;
	size_t ngoods;
	const char *build, *reload, *object, *prog, *type, *test, *kernel;
	const char *match, *like;
	bool other_bad;
	int jobs;
	int timeout;
	enum bisect_out out;
	bool quiet;
	bool multisect;		/* --jobs N at N points splitting the range */
	/* git's --term-old/--term-new; --fixed: a loading program (a --test
	 * exiting 0) is new, a rejected one old: the first fixed commit */
	const char *term_old, *term_new;
	bool fixed;
	const char *submodule; /* bisect this submodule's history, the superproject fixed */
	const char *vendored, *library; /* or the history of LIBRARY, copied at VENDORED */
	char **paths;
	size_t npaths;
};

/* How a run ends; bisect_cmd.c maps it to the exit status, once. */
enum bisect_result {
	BISECT_DONE,		/* a subcommand did its work */
	BISECT_FOUND,		/* a first bad commit */
	BISECT_NOT_REPRODUCED,	/* found, but the given BAD is not bad here */
	BISECT_MERGE_BASE_BAD,	/* the range holds a fix, not a regression */
	BISECT_ONLY_SKIPPED,	/* only skipped commits left */
	BISECT_USAGE,
	BISECT_ERROR,
	BISECT_ABORTED,		/* --test exited 128 or more */
	BISECT_INTERRUPTED,	/* a signal: the state is kept */
};

/* What decides a step's verdict from a reload's or load's output. */
struct bisect_target {
	const char *match, *like;
	bool other_bad;
	bool fixed; /* --fixed: loads -> new (bad), rejected -> old (good) */
	const struct vx_db *db;
	struct vx_db *db_owned;
	struct vx_hints hints;	/* what --object knows: the loader is libbpf */
	pcre2_code *re;		/* --match as a regex */
	char *like_pattern, *like_message;
};

struct job {
	struct vx_wt wt;
	pid_t pid;		/* runner (process group leader), 0 when idle */
	int node;
	double start;		/* vx_now() */
	bool timed_out;
};

struct decision {
	int node;
	enum vx_bv v;
	const char *how;	/* built, reused, replay */
	size_t verdict;		/* index in ctx.verdicts */
};

struct ctx {
	struct bisect_opts o;
	git_repository *repo;	      /* the history bisected (with --submodule, the submodule's) */
	char *gitdir, *dir;	      /* its common git dir, the state dir */
	struct vx_bisect_terms terms; /* git's: old (good) and new (bad) */
	/* --submodule: each step is the superproject's tree SUPER_TREE (from
	 * the git dir WT_GITDIR, which holds the state dir) with the submodule
	 * at SM_PATH checked out at the step's commit; --vendored: with the
	 * copy at SM_PATH replaced by the step's commit of --library */
	char *wt_gitdir, *sm_path;
	bool vendored; /* --vendored: sm_path is a copy, not a submodule */
	git_oid super, super_tree;
	struct vx_bisect_graph *g;
	git_oid bad;
	git_oid *goods;
	size_t ngoods;
	bool check_merge_bases;	/* a good is no ancestor of BAD */
	git_oid *mbs;		/* their merge bases, tested first */
	size_t nmbs;
	struct vx_bisect_verdict *verdicts;
	size_t nverdicts;
	char **keys;		/* per node, lazily */
	struct decision *dec;
	size_t ndec;
	struct job *jobs;
	int njobs;
	int builds;
	int announced;		/* node whose "Bisecting:" line is printed */
	FILE *prog_out;		/* progress: stderr when a terminal, else NULL */
	double t0;		/* vx_now() at the start */
	struct bisect_target t;
	bool abort;		/* --test exited abort_rc >= 128 */
	int abort_rc;
};

void bisect_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *bisect_git_err(void);

/* The word for verdict V in this run's terms (good, bad, skip by default). */
static inline const char *term(const struct ctx *c, enum vx_bv v)
{
	return vx_bisect_term(&c->terms, v);
}

static inline const git_oid *node_id(const struct ctx *c, int i)
{
	return &vx_bisect_graph_node(c->g, i)->id;
}

/* bisect_loop.c: a run, once the options are parsed and the repository is
 * open. The state directory created and locked (BISECT_ERROR with a message
 * when another run holds it); the arguments saved for `continue`; the graph
 * and the verdicts known so far loaded (0 or -errno); then the main loop up
 * to the report. free_ctx frees what any of them (or bisect_cmd.c) set. */
enum bisect_result bisect_prepare_state(struct ctx *c);
void bisect_save_args(struct ctx *c, int argc, char **argv);
int bisect_load_graph(struct ctx *c);
enum bisect_result bisect_run_loop(struct ctx *c);
void bisect_free_ctx(struct ctx *c);

/* bisect_repo.c: the repository (c->repo, gitdir, dir) and GOOD..BAD (c->bad,
 * c->goods); 0 or -errno, with a message. */
int bisect_open_repo(struct ctx *c);
/* --submodule: the superproject's commit, kept in the state for `continue`. */
int bisect_save_super(struct ctx *c);
int bisect_resolve_range(struct ctx *c);
/* The reuse key of node I: its tree, or its PATHS' entries. The verdict
 * index known for node I, its own or that of a commit with the same key
 * (*how: its source, or "reused"); -1 when none. */
const char *bisect_node_key(struct ctx *c, int i);
ssize_t bisect_known_verdict(struct ctx *c, int i, const char **how);

/* bisect_verdict.c */
int bisect_target_setup(struct bisect_target *t, const struct bisect_opts *o);
void bisect_target_free(struct bisect_target *t);
bool bisect_record_matches(const struct bisect_target *t, const struct vx_record *r);
/* The verdict of a reload's or load's output TEXT (exit RC). */
enum vx_bv bisect_log_verdict(const struct bisect_target *t, const char *text, size_t len, int rc,
			      char **summary);
/* The first rejection of the log at PATH that means bad, or NULL. */
struct vx_record *bisect_bad_record(const struct bisect_target *t, const char *path);

/* bisect_runner.c */
void bisect_install_signals(void);
void bisect_setup_jobs(struct ctx *c);
int bisect_job_start(struct ctx *c, struct job *j, int node);
/* Wait until a step ends: 1 when a verdict was recorded, 0 when nothing
 * was running, -EINTR on a signal, -EIO when the verdict was not saved. */
int bisect_wait_one(struct ctx *c);
void bisect_kill_all(struct ctx *c);
/* Start the steps worth running in state ST on the idle jobs. */
int bisect_schedule(struct ctx *c, const struct vx_bisect_state *st);

/* bisect_report.c: prints the answer in the chosen format. */
enum bisect_result bisect_report(struct ctx *c, const struct vx_bisect_pick *p);
/* The merge base NODE was tested bad: git's words, in the chosen format. */
enum bisect_result bisect_report_merge_base_bad(struct ctx *c, int node);

#endif
