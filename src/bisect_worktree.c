// SPDX-License-Identifier: MIT
/* The private worktrees of `vexplain bisect`: see bisect_worktree.h. */
#include "bisect_worktree.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "util_fs.h"

static int read_tree_file(const char *path, git_oid *out)
{
	char *text = NULL;
	size_t len;
	int err = read_file(path, 128, &text, &len);

	if (!err && (len < GIT_OID_HEXSZ || git_oid_fromstrn(out, text, GIT_OID_HEXSZ) < 0))
		err = -EINVAL;
	free(text);
	return err;
}

static int write_tree_file(const char *path, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 2];
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, id);
	fprintf(f, "%s\n", hex);
	return fclose(f) ? -errno : 0;
}

/* Check TREE out into DIR with REPO (whose index is private), using the tree
 * recorded in TREE_PATH as the baseline so that unchanged files keep their
 * timestamps and builds stay incremental. No REMOVE_UNTRACKED: build
 * output stays. */
static int checkout_into(git_repository *repo, const char *dir, const char *tree_path,
			 const git_oid *tree_id)
{
	git_checkout_options co;
	git_tree *tree = NULL, *base = NULL;
	git_index *empty = NULL;
	git_oid base_id;
	int err;

	err = git_tree_lookup(&tree, repo, tree_id);
	if (err < 0)
		return -ENOENT;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;
	co.target_directory = dir;
	if (read_tree_file(tree_path, &base_id) == 0 && git_tree_lookup(&base, repo, &base_id) == 0) {
		co.baseline = base;
	} else {
		/* first use, or a checkout cut short: compare with nothing */
		git_index_new(&empty);
		co.baseline_index = empty;
	}
	unlink(tree_path); /* until this checkout is complete, the baseline is unknown */
	err = git_checkout_tree(repo, (const git_object *)tree, &co);
	if (!err)
		err = write_tree_file(tree_path, tree_id);
	git_index_free(empty);
	git_tree_free(base);
	git_tree_free(tree);
	return err < 0 ? -EIO : 0;
}

static int open_private(git_repository **out, const char *gitdir, const char *workdir,
			const char *index_path)
{
	git_repository *repo = NULL;
	git_index *idx = NULL;
	int err;

	err = git_repository_open_bare(&repo, gitdir);
	if (!err)
		err = git_index_open(&idx, index_path);
	if (!err)
		err = git_repository_set_workdir(repo, workdir, 0);
	if (!err)
		err = git_repository_set_index(repo, idx);
	git_index_free(idx);
	if (err) {
		git_repository_free(repo);
		return -EIO;
	}
	*out = repo;
	return 0;
}

/* ---- submodules ---- */

struct sm_walk {
	const char *state;	/* STATE/modules: the bare clones */
	git_repository *super;
	const char *super_dir;	/* the checked-out superproject */
	git_config *gm;		/* its .gitmodules */
	const struct vx_wt_sub *sub; /* the submodule bisected, at the top level */
	int depth;
	int err;
};

static char *sm_name_for_path(git_config *gm, const char *path)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	char *name = NULL;

	if (git_config_iterator_glob_new(&it, gm, "^submodule\\..*\\.path$") < 0)
		return NULL;
	while (!name && git_config_next(&e, it) == 0) {
		if (strcmp(e->value, path))
			continue;
		name = xstrndup(e->name + 10, strlen(e->name) - 10 - 5);
	}
	git_config_iterator_free(it);
	return name;
}

/* A relative URL (./x, ../x) is relative to the superproject's origin, or to
 * the superproject itself when it has no remote (as git does). */
static char *sm_url(struct sm_walk *w, const char *name)
{
	char *key = xasprintf("submodule.%s.url", name);
	git_buf buf = { 0 };
	git_remote *origin = NULL;
	char *url = NULL, *base;
	int err = git_config_get_string_buf(&buf, w->gm, key);

	free(key);
	if (err < 0)
		return NULL;
	if (strncmp(buf.ptr, "./", 2) && strncmp(buf.ptr, "../", 3)) {
		url = xstrdup(buf.ptr);
		goto out;
	}
	if (git_remote_lookup(&origin, w->super, "origin") == 0 && git_remote_url(origin))
		base = xstrdup(git_remote_url(origin));
	else
		base = xstrdup(git_repository_path(w->super));
	while (strlen(base) > 1 && base[strlen(base) - 1] == '/')
		base[strlen(base) - 1] = '\0';
	const char *rel = buf.ptr;
	for (;;) {
		if (!strncmp(rel, "./", 2)) {
			rel += 2;
		} else if (!strncmp(rel, "../", 3)) {
			char *slash = strrchr(base, '/');
			if (slash && slash != base)
				*slash = '\0';
			rel += 3;
		} else {
			break;
		}
	}
	url = xasprintf("%s/%s", base, rel);
	free(base);
out:
	git_remote_free(origin);
	git_buf_dispose(&buf);
	return url;
}

static int sm_cache(const char *state, const char *name, const char *url, const git_oid *want,
		    git_repository **out)
{
	char *path = xasprintf("%s/modules/%s", state, name);
	git_clone_options co;
	git_repository *r = NULL;
	git_commit *commit = NULL;
	git_remote *remote = NULL;
	int err = 0;

	git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
	if (git_repository_open_bare(&r, path) < 0) {
		co.bare = 1;
		if (git_clone(&r, url, path, &co) < 0) {
			err = -EIO;
			goto out;
		}
	}
	if (git_commit_lookup(&commit, r, want) < 0) {
		/* the gitlink is newer than our copy: fetch */
		if (git_remote_lookup(&remote, r, "origin") < 0 ||
		    git_remote_fetch(remote, NULL, NULL, NULL) < 0 ||
		    git_commit_lookup(&commit, r, want) < 0)
			err = -ENOENT;
	}
out:
	git_commit_free(commit);
	git_remote_free(remote);
	if (err)
		git_repository_free(r);
	else
		*out = r;
	free(path);
	return err;
}

static int checkout_submodules(const char *state, git_repository *super, const char *super_dir,
			       const git_oid *tree_id, int depth, const struct vx_wt_sub *sub);

/* Check COMMIT of the repository GITDIR out into SUPER_DIR/PATH the private
 * way (its index and baseline in SUPER_DIR.modules/), its own submodules too. */
static int checkout_module(const char *state, const char *super_dir, const char *path,
			   const char *gitdir, const git_oid *want, int depth)
{
	char *dir = xasprintf("%s/%s", super_dir, path), *tag = xstrdup(path), *idx, *tp, *mdir;
	git_repository *priv = NULL;
	git_commit *commit = NULL;
	int err;

	for (char *s = tag; *s; s++)
		if (*s == '/')
			*s = '_';
	idx = xasprintf("%s.modules/%s.index", super_dir, tag);
	tp = xasprintf("%s.modules/%s.tree", super_dir, tag);
	mdir = xasprintf("%s.modules", super_dir);
	mkdir_p(mdir, 0755);
	mkdir_p(dir, 0755);
	err = open_private(&priv, gitdir, dir, idx);
	if (!err && git_commit_lookup(&commit, priv, want) < 0)
		err = -ENOENT;
	if (!err)
		err = checkout_into(priv, dir, tp, git_commit_tree_id(commit));
	if (!err && depth < 4)
		err = checkout_submodules(state, priv, dir, git_commit_tree_id(commit), depth + 1,
					  NULL);
	git_commit_free(commit);
	git_repository_free(priv);
	free(dir);
	free(tag);
	free(idx);
	free(tp);
	free(mdir);
	return err;
}

static int sm_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct sm_walk *w = payload;
	char *path, *name = NULL, *url = NULL;
	git_repository *cache = NULL;
	int err = 0;

	if (git_tree_entry_filemode(e) != GIT_FILEMODE_COMMIT)
		return 0;
	path = xasprintf("%s%s", root, git_tree_entry_name(e));
	bool bisected = w->sub && !strcmp(path, w->sub->path);
	const git_oid *want = bisected ? &w->sub->commit : git_tree_entry_id(e);
	const char *from;
	if (!bisected) {
		name = w->gm ? sm_name_for_path(w->gm, path) : NULL;
		url = name ? sm_url(w, name) : NULL;
		if (!url) {
			err = -ENOENT; /* a gitlink with no .gitmodules entry: leave it empty */
			goto out;
		}
		err = sm_cache(w->state, name, url, want, &cache);
		if (err)
			goto out;
	}
	from = bisected ? w->sub->gitdir : git_repository_path(cache);
	err = checkout_module(w->state, w->super_dir, path, from, want, w->depth);
out:
	if (err && !w->err)
		w->err = err;
	git_repository_free(cache);
	free(path);
	free(name);
	free(url);
	return 0;
}

/* Checkout does not descend into submodules: clone each once into
 * .git/vexplain-bisect/modules/NAME (bare) and check the recorded commit out
 * into the worktree the same private way. */
static int checkout_submodules(const char *state, git_repository *super, const char *super_dir,
			       const git_oid *tree_id, int depth, const struct vx_wt_sub *sub)
{
	struct sm_walk w = { state, super, super_dir, NULL, sub, depth, 0 };
	char *gm_path = xasprintf("%s/.gitmodules", super_dir);
	git_tree *tree = NULL;

	if (access(gm_path, R_OK) < 0) {
		free(gm_path);
		return 0;
	}
	if (git_config_open_ondisk(&w.gm, gm_path) < 0)
		w.gm = NULL;
	if (git_tree_lookup(&tree, super, tree_id) == 0)
		git_tree_walk(tree, GIT_TREEWALK_PRE, sm_entry, &w);
	git_tree_free(tree);
	git_config_free(w.gm);
	free(gm_path);
	return w.err;
}

void vx_wt_init(struct vx_wt *wt, const char *state, int slot)
{
	char *busy;

	wt->slot = slot;
	wt->dir = xasprintf("%s/wt-%d", state, slot);
	wt->index_path = xasprintf("%s/wt-%d.index", state, slot);
	wt->tree_path = xasprintf("%s/wt-%d.tree", state, slot);
	wt->repo = NULL;
	busy = xasprintf("%s.busy", wt->dir);
	if (access(busy, F_OK) == 0)
		vx_wt_wipe(wt); /* we were killed during its step */
	free(busy);
}

/* TREE without PATH, written to an object database kept in memory (added
 * to REPO's, before its own: nothing is written to the repository). The
 * same tree always has the same id, so a baseline of an earlier process is
 * found again. */
static int tree_without(git_repository *repo, const git_oid *tree, const char *path, git_oid *out)
{
	git_tree_update upd = { .action = GIT_TREE_UPDATE_REMOVE, .path = path };
	git_odb_backend *mem = NULL;
	git_odb *odb = NULL;
	git_tree *base = NULL;
	int err = git_repository_odb(&odb, repo);

	if (!err)
		err = git_mempack_new(&mem);
	if (!err && (err = git_odb_add_backend(odb, mem, 1000)) < 0)
		mem->free(mem);
	if (!err)
		err = git_tree_lookup(&base, repo, tree);
	if (!err)
		err = git_tree_create_updated(out, repo, base, 1, &upd);
	git_tree_free(base);
	git_odb_free(odb);
	return err < 0 ? -EIO : 0;
}

int vx_wt_checkout(struct vx_wt *wt, const char *gitdir, const char *state, const git_oid *tree,
		   const struct vx_wt_sub *sub)
{
	int err;

	if (!wt->repo) {
		err = mkdir_p(wt->dir, 0755);
		if (!err)
			err = open_private(&wt->repo, gitdir, wt->dir, wt->index_path);
		if (!err && sub && sub->vendored)
			err = tree_without(wt->repo, tree, sub->path, &wt->without);
		if (err) {
			git_repository_free(wt->repo);
			wt->repo = NULL;
			return err;
		}
	}
	if (sub && sub->vendored) {
		/* the superproject without the copy, then the library's commit there */
		err = checkout_into(wt->repo, wt->dir, wt->tree_path, &wt->without);
		if (!err)
			err = checkout_submodules(state, wt->repo, wt->dir, &wt->without, 0, NULL);
		return err ? err :
			     checkout_module(state, wt->dir, sub->path, sub->gitdir, &sub->commit,
					     0);
	}
	err = checkout_into(wt->repo, wt->dir, wt->tree_path, tree);
	if (err)
		return err;
	return checkout_submodules(state, wt->repo, wt->dir, tree, 0, sub);
}

void vx_wt_wipe(struct vx_wt *wt)
{
	char *mods = xasprintf("%s.modules", wt->dir), *busy = xasprintf("%s.busy", wt->dir);

	git_repository_free(wt->repo);
	wt->repo = NULL;
	rm_rf(wt->dir);
	rm_rf(mods);
	unlink(wt->tree_path);
	unlink(wt->index_path);
	unlink(busy);
	free(mods);
	free(busy);
}

void vx_wt_busy(struct vx_wt *wt, bool busy)
{
	char *path = xasprintf("%s.busy", wt->dir);

	if (busy)
		close(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
	else
		unlink(path);
	free(path);
}

void vx_wt_free(struct vx_wt *wt)
{
	git_repository_free(wt->repo);
	free(wt->dir);
	free(wt->index_path);
	free(wt->tree_path);
}
