/* SPDX-License-Identifier: MIT */
/* The private worktrees of `vexplain bisect`: .git/vexplain-bisect/wt-N,
 * each with an index of its own, checked out with the previous tree as the
 * baseline (unchanged files keep their timestamps, builds stay incremental)
 * and with its submodules checked out the same way. The user's work tree,
 * index, HEAD and refs are never touched. -errno returns, no printing. */
#ifndef VX_BISECT_WORKTREE_H
#define VX_BISECT_WORKTREE_H

#include <git2.h>
#include <stdbool.h>

struct vx_wt {
	int slot;
	char *dir;		/* STATE/wt-N: the worktree */
	char *index_path;	/* its private index */
	char *tree_path;	/* the tree checked out there: the next baseline */
	git_repository *repo;	/* a handle whose index is the private one */
	git_oid without;	/* --vendored: the superproject's tree without the copy */
};

/* --submodule: the submodule at PATH is checked out at COMMIT of the
 * repository GITDIR (the user's own clone of it) instead of the commit the
 * superproject's tree records. VENDORED (--vendored): PATH is a directory
 * of the superproject's tree (a copy of the library), left out of its
 * checkout (through a tree kept in memory, nothing written to the
 * repository) and replaced by COMMIT's tree. */
struct vx_wt_sub {
	const char *path;
	const char *gitdir;
	git_oid commit;
	bool vendored;
};

/* Slot N under the state directory STATE. A worktree left busy (we were
 * killed during its step) is wiped. */
void vx_wt_init(struct vx_wt *wt, const char *state, int slot);
/* Check TREE out, submodules included (their bare clones are kept in
 * STATE/modules; SUB, when not NULL, says which one comes from elsewhere).
 * GITDIR: the repository's common git dir. */
int vx_wt_checkout(struct vx_wt *wt, const char *gitdir, const char *state, const git_oid *tree,
		   const struct vx_wt_sub *sub);
/* A step is running there (DIR.busy exists until it ends). */
void vx_wt_busy(struct vx_wt *wt, bool busy);
/* A step killed mid-build may leave half-written outputs newer than their
 * sources, which make would trust: start that worktree afresh. */
void vx_wt_wipe(struct vx_wt *wt);
void vx_wt_free(struct vx_wt *wt);

#endif
