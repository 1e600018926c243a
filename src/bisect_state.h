/* SPDX-License-Identifier: MIT */
/* The state of a bisect, in files under <git dir>/vexplain-bisect, so that
 * it survives an interrupted shell (as git's BISECT_* files do). Library-
 * like: -errno returns, no printing. Everything here reads or writes DIR,
 * that state directory, and nothing else. */
#ifndef VX_BISECT_STATE_H
#define VX_BISECT_STATE_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

#include "bisect.h"

/* Take the lock DIR/lock (holding "pid starttime"). -EBUSY when a live
 * process holds it (*holder set); a stale lock (dead or reused pid) is
 * replaced. */
int vx_bisect_lock(const char *dir, int *holder);
void vx_bisect_unlock(const char *dir);
/* Is the lock held by a live process? Returns its pid or 0. */
int vx_bisect_lock_holder(const char *dir);

/* The arguments of the run, NUL-separated in DIR/args, for `continue`. */
int vx_bisect_save_args(const char *dir, int argc, char **argv);
int vx_bisect_load_args(const char *dir, int *argc, char ***argv);

/* One tested commit, appended to DIR/verdicts as soon as it is known:
 * "<commit> <verdict> <key> <source> <summary>" (key: the tree, or the
 * PATHS' entries, that decides reuse; source: built, replay). */
struct vx_bisect_verdict {
	git_oid commit;
	enum vx_bv v;
	char *key;
	char *source;
	char *summary;
};

int vx_bisect_verdicts_load(const char *dir, struct vx_bisect_verdict **out, size_t *n);
int vx_bisect_verdict_append(const char *dir, const struct vx_bisect_verdict *v);
void vx_bisect_verdicts_free(struct vx_bisect_verdict *v, size_t n);

/* The range, "bad ID" and "good ID" lines in DIR/range, written on the
 * first run; -EEXIST when DIR holds a bisect of another range. */
int vx_bisect_range_check(const char *dir, const git_oid *bad, const git_oid *goods,
			  size_t ngoods);

/* git's terms (its BISECT_TERMS): the word for the GOOD side's verdict
 * (old) and the BAD side's (new); "good" and "bad" unless a run chose
 * others (--term-old/--term-new, --fixed). The engine knows only good and
 * bad: good is old, bad is new. DIR/terms holds them ("OLD\nNEW\n"). */
struct vx_bisect_terms {
	char old_[32], new_[32];
};

void vx_bisect_terms_default(struct vx_bisect_terms *t);
/* Are they git's own good and bad? */
bool vx_bisect_terms_are_default(const struct vx_bisect_terms *t);
/* The word of verdict V: old, new, "skip". */
const char *vx_bisect_term(const struct vx_bisect_terms *t, enum vx_bv v);
/* The verdict of WORD: old -> good, new -> bad, "skip"; with the default
 * terms also git's "old" and "new"; VX_BV_NONE when unknown. */
enum vx_bv vx_bisect_term_parse(const struct vx_bisect_terms *t, const char *word);
int vx_bisect_terms_save(const char *dir, const struct vx_bisect_terms *t);
/* 0 when DIR/terms was read; -ENOENT (T set to the defaults) when none. */
int vx_bisect_terms_load(const char *dir, struct vx_bisect_terms *t);

/* DIR/log in `git bisect log` form, which `git bisect replay` reads: the
 * start line, each step (a comment saying how its verdict came, then the
 * verdict line), and, when the bisect ended, the answer as comments.
 * Replaced whole (through DIR/log.tmp) so that a full disk cannot cut the
 * last complete log short. */
struct vx_bisect_log_step {
	const git_oid *commit;
	enum vx_bv v;
	const char *how;	/* built, reused, replay */
	const char *summary;
};

struct vx_bisect_log {
	const struct vx_bisect_terms *terms; /* NULL: good and bad */
	const git_oid *bad, *goods;
	size_t ngoods;
	const struct vx_bisect_log_step *steps;
	size_t nsteps;
	const git_oid *first_bad;	/* the end: found */
	const git_oid *cands;		/* the end: only skipped commits left */
	size_t ncand;
};

/* REPO gives the commits' subjects. */
int vx_bisect_log_write(const char *dir, git_repository *repo, const struct vx_bisect_log *log);

#endif
