// SPDX-License-Identifier: MIT
/* The repository side of `vexplain bisect`: opening it, resolving
 * GOOD..BAD, and the reuse keys (identical trees, or identical PATHS,
 * share a verdict). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bisect_cmd.h"
#include "util.h"

static char *oid_hex(const git_oid *id)
{
	char *s = xmalloc(GIT_OID_HEXSZ + 1);
	git_oid_tostr(s, GIT_OID_HEXSZ + 1, id);
	return s;
}


/* ---- the repository ---- */

static int resolve_commit(git_repository *repo, const char *rev, git_oid *out)
{
	git_object *obj = NULL, *peeled = NULL;
	int err;

	err = git_revparse_single(&obj, repo, rev);
	if (!err)
		err = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	if (!err)
		git_oid_cpy(out, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	return err ? -ENOENT : 0;
}

static char *common_dir(git_repository *repo)
{
	char *d = xstrdup(git_repository_commondir(repo));

	if (d[strlen(d) - 1] == '/')
		d[strlen(d) - 1] = '\0';
	return d;
}

/* The superproject's commit a --submodule bisect keeps: the one saved in
 * the state by the run that started it, else HEAD. */
static int super_commit(struct ctx *c, git_repository *super)
{
	char *path = xasprintf("%s/super", c->dir), *text = NULL;
	size_t len;
	int err = read_file(path, 128, &text, &len);

	if (!err && (len < GIT_OID_HEXSZ || git_oid_fromstrn(&c->super, text, GIT_OID_HEXSZ) < 0))
		err = -EINVAL;
	free(text);
	free(path);
	if (!err)
		return 0;
	return git_reference_name_to_id(&c->super, super, "HEAD") < 0 ? -ENOENT : 0;
}

/* --submodule PATH: the history is the submodule's (the user's own clone,
 * checked out at PATH), the worktrees and the state the superproject's.
 * --vendored PATH --library REPO: PATH is a directory (a copy of the
 * library), the history REPO's. */
static int open_submodule(struct ctx *c, git_repository *super)
{
	char *p = xstrdup(c->o.vendored ? c->o.vendored : c->o.submodule);
	git_filemode_t want = c->o.vendored ? GIT_FILEMODE_TREE : GIT_FILEMODE_COMMIT;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_submodule *sm = NULL;
	int err = -ENOENT;

	while (!strncmp(p, "./", 2))
		memmove(p, p + 2, strlen(p + 2) + 1);
	while (strlen(p) > 1 && p[strlen(p) - 1] == '/')
		p[strlen(p) - 1] = '\0';
	c->sm_path = p;
	c->vendored = c->o.vendored != NULL;
	c->wt_gitdir = common_dir(super);
	c->dir = xasprintf("%s/vexplain-bisect", c->wt_gitdir);
	if (super_commit(c, super) < 0 || git_commit_lookup(&commit, super, &c->super) < 0) {
		bisect_err("the superproject has no commit to build (HEAD): %s", bisect_git_err());
		goto out;
	}
	git_oid_cpy(&c->super_tree, git_commit_tree_id(commit));
	if (git_commit_tree(&tree, commit) < 0 || git_tree_entry_bypath(&e, tree, p) < 0 ||
	    git_tree_entry_filemode(e) != want) {
		bisect_err("'%s' is not a %s in the superproject's commit %.12s", p,
			   c->vendored ? "directory" : "submodule", git_oid_tostr_s(&c->super));
		goto out;
	}
	if (c->vendored) {
		if (git_repository_open_ext(&c->repo, c->o.library, 0, NULL) < 0) {
			bisect_err("--library %s: not a git repository (%s)", c->o.library,
				   bisect_git_err());
			goto out;
		}
	} else if (git_submodule_lookup(&sm, super, p) < 0 ||
		   git_submodule_open(&c->repo, sm) < 0) {
		bisect_err("submodule '%s' is not checked out here (git submodule update --init %s): "
			   "%s",
			   p, p, bisect_git_err());
		goto out;
	}
	c->gitdir = common_dir(c->repo);
	err = 0;
out:
	git_submodule_free(sm);
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(commit);
	return err;
}

int bisect_open_repo(struct ctx *c)
{
	const char *path = c->o.repo ? c->o.repo : ".";
	git_repository *repo = NULL;
	int err;

	if (git_repository_open_ext(&repo, path, 0, NULL) < 0) {
		bisect_err("%s: not a git repository (%s)", path, bisect_git_err());
		return -ENOENT;
	}
	if (c->o.submodule || c->o.vendored) {
		err = open_submodule(c, repo);
		git_repository_free(repo);
		return err;
	}
	c->repo = repo;
	c->gitdir = common_dir(c->repo);
	c->dir = xasprintf("%s/vexplain-bisect", c->gitdir);
	return 0;
}

int bisect_save_super(struct ctx *c)
{
	char *path;
	FILE *f;
	int err = 0;

	if (!c->wt_gitdir)
		return 0;
	path = xasprintf("%s/super", c->dir);
	f = fopen(path, "w");
	if (!f || fprintf(f, "%s %s\n", git_oid_tostr_s(&c->super), c->sm_path) < 0)
		err = -EIO;
	if (f && fclose(f))
		err = -EIO;
	free(path);
	return err;
}

/* git's check_merge_bases() tests them first when a good is not an
 * ancestor of BAD: c->mbs, oldest last. */
static int find_merge_bases(struct ctx *c)
{
	git_oidarray arr = { 0 };
	git_oid *in = xcalloc(c->ngoods + 1, sizeof(*in));
	int err;

	git_oid_cpy(&in[0], &c->bad);
	memcpy(in + 1, c->goods, c->ngoods * sizeof(*in));
	err = git_merge_bases_many(&arr, c->repo, c->ngoods + 1, in);
	free(in);
	if (err == GIT_ENOTFOUND)
		return 0; /* unrelated histories: nothing to test first */
	if (err < 0) {
		bisect_err("cannot compute the merge bases: %s", bisect_git_err());
		return -EIO;
	}
	c->mbs = xcalloc(arr.count ? arr.count : 1, sizeof(git_oid));
	memcpy(c->mbs, arr.ids, arr.count * sizeof(git_oid));
	c->nmbs = arr.count;
	git_oidarray_dispose(&arr);
	return 0;
}

/* GOOD..BAD plus --good: no good may be a descendant of BAD; a good that is
 * no ancestor of BAD makes the merge bases be tested first, as git does. */
int bisect_resolve_range(struct ctx *c)
{
	const char *range = c->o.range;
	const char *dots = range ? strstr(range, "..") : NULL;
	char *good;
	int err;

	if (!dots || dots == range || !dots[2] || dots[2] == '.') {
		bisect_err("give the range as GOOD..BAD (got '%s')", range ? range : "");
		return -EINVAL;
	}
	good = xstrndup(range, dots - range);
	if (resolve_commit(c->repo, dots + 2, &c->bad) < 0) {
		bisect_err("unknown revision '%s'", dots + 2);
		free(good);
		return -ENOENT;
	}
	c->goods = xcalloc(c->o.ngoods + 1, sizeof(git_oid));
	err = resolve_commit(c->repo, good, &c->goods[0]);
	if (err)
		bisect_err("unknown revision '%s'", good);
	for (size_t i = 0; !err && i < c->o.ngoods; i++) {
		err = resolve_commit(c->repo, c->o.goods[i], &c->goods[i + 1]);
		if (err)
			bisect_err("unknown revision '%s'", c->o.goods[i]);
	}
	c->ngoods = c->o.ngoods + 1;
	for (size_t i = 0; !err && i < c->ngoods; i++) {
		if (git_oid_equal(&c->goods[i], &c->bad) ||
		    git_graph_descendant_of(c->repo, &c->goods[i], &c->bad) == 1) {
			/* git's words (bisect.c, handle_bad_merge_base) */
			bisect_err("Some %s revs are not ancestors of the %s rev.\n"
				   "git bisect cannot work properly in this case.\n"
				   "Maybe you mistook %s and %s revs?",
				   term(c, VX_BV_GOOD), term(c, VX_BV_BAD), term(c, VX_BV_GOOD),
				   term(c, VX_BV_BAD));
			err = -EINVAL;
		} else if (git_graph_descendant_of(c->repo, &c->bad, &c->goods[i]) != 1) {
			c->check_merge_bases = true;
		}
	}
	if (!err && c->check_merge_bases)
		err = find_merge_bases(c);
	free(good);
	return err;
}
/* ---- commit keys: identical trees (or PATHS) share a verdict ---- */

const char *bisect_node_key(struct ctx *c, int i)
{
	const struct vx_bisect_node *nd = vx_bisect_graph_node(c->g, i);
	struct strbuf sb = STRBUF_INIT;
	git_tree *tree = NULL;
	git_oid h;

	if (c->keys[i])
		return c->keys[i];
	if (!c->o.npaths) {
		c->keys[i] = oid_hex(&nd->tree);
		return c->keys[i];
	}
	if (git_tree_lookup(&tree, c->repo, &nd->tree) == 0) {
		for (size_t k = 0; k < c->o.npaths; k++) {
			git_tree_entry *e = NULL;
			char hex[GIT_OID_HEXSZ + 1] = "-";
			if (git_tree_entry_bypath(&e, tree, c->o.paths[k]) == 0)
				git_oid_tostr(hex, sizeof(hex), git_tree_entry_id(e));
			git_tree_entry_free(e);
			sb_addf(&sb, "%s\t%s\n", c->o.paths[k], hex);
		}
	}
	git_tree_free(tree);
	git_odb_hash(&h, sb_str(&sb), sb.len, GIT_OBJECT_BLOB);
	sb_free(&sb);
	c->keys[i] = xasprintf("paths:%s", git_oid_tostr_s(&h));
	return c->keys[i];
}

/* The verdict known for node I: its own, or one of a commit with the same key. */
ssize_t bisect_known_verdict(struct ctx *c, int i, const char **how)
{
	const char *key = bisect_node_key(c, i);
	ssize_t same_key = -1;

	for (size_t k = c->nverdicts; k-- > 0;) {
		if (git_oid_equal(&c->verdicts[k].commit, node_id(c, i))) {
			*how = c->verdicts[k].source;
			return (ssize_t)k;
		}
		if (same_key < 0 && !strcmp(c->verdicts[k].key, key))
			same_key = (ssize_t)k;
	}
	*how = "reused";
	return same_key;
}

