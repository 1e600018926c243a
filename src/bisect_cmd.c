// SPDX-License-Identifier: MIT
/* `vexplain bisect`: the command around the engine in bisect.c. It checks
 * commits out into private worktrees under the git dir, runs the build and
 * the reload (or the object load, or a --test script) in their own process
 * groups with a timeout, turns the output into a verdict through the core
 * pipeline, and reports the first bad commit. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <git2.h>
#include <git2/sys/repository.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <cjson/cJSON.h>
#include <pcre2.h>

#include "bisect.h"
#include "bpfload.h"
#include "commands.h"
#include "patterns.h"
#include "pipeline.h"
#include "record.h"
#include "render.h"
#include "util.h"
#include "vm.h"

#define VX_EXIT_SKIPPED_ONLY VX_EXIT_NOLOG /* 3: only skipped commits left, no single answer */
#define VX_EXIT_INTERRUPTED 130
#define DEFAULT_TIMEOUT 600

static const char bisect_usage[] =
	"usage: vexplain bisect GOOD..BAD [options] [-- PATHS...]\n"
	"       vexplain bisect continue | status | log | reset\n"
	"       vexplain bisect replay FILE [options]\n"
	"\n"
	"Find the commit that made a BPF program fail to load. Every step checks a\n"
	"commit out into a private worktree under the repository's git dir\n"
	"(.git/vexplain-bisect/wt-N), runs --build there, then --reload (a command\n"
	"whose stdout+stderr hold the verifier log) or loads --object itself, and\n"
	"reads the verdict from the verifier log. Your work tree, index, HEAD, refs\n"
	"and untracked files are never touched. The next commit is chosen as\n"
	"`git bisect` chooses it (merges and skips included), so the steps are the\n"
	"same as `git bisect run`'s.\n"
	"\n"
	"  -C REPO            the repository (default: the one around the current directory)\n"
	"  --good REV         another good commit (repeatable)\n"
	"  --build CMD        build command (sh -c, in the worktree); failure -> skip\n"
	"  --reload CMD       command whose output holds the verifier log\n"
	"  --object PATH      load this built object (relative to the worktree) with libbpf\n"
	"  --prog NAME        with --object: only this program\n"
	"  --type TYPE        with --object: program type / section override\n"
	"  --kernel K         with --object: load on kernel K (6.1, 6.12, a bzImage) in qemu\n"
	"  --test CMD         decide by exit code as `git bisect run` does:\n"
	"                     0 good, 125 skip, 1-127 bad, 128 and over abort\n"
	"  --match WHAT       the rejection that means bad: a category, a pattern id, or\n"
	"                     a regex on the verifier's message (default: any rejection)\n"
	"  --like LOGFILE     bad means: rejected like the rejection in LOGFILE\n"
	"  --other skip|bad   a different rejection is a skip (default) or bad\n"
	"  --jobs N           test N commits at once in N worktrees (same answer)\n"
	"  --timeout SECS     per step, build and reload together (default 600);\n"
	"                     on timeout the step's process group is killed, the step skipped\n"
	"  --json             JSON Lines: one object per step, then the result object with\n"
	"                     first_bad (full id, null when only skipped commits are left),\n"
	"                     steps (verdicts built on git's path: git bisect run's count),\n"
	"                     builds (all builds, speculative --jobs ones included), reused,\n"
	"                     skipped (ids), verdicts (id -> good/bad/skip), candidates\n"
	"  --markdown         the report as Markdown, for an issue\n"
	"  -- PATHS...        commits whose PATHS are identical reuse a verdict (without\n"
	"                     PATHS: identical trees); unlike git, PATHS do not narrow the\n"
	"                     candidates, so the steps stay git's without PATHS\n"
	"\n"
	"Verdict of a step: build fails -> skip; the log's rejection matches --match or\n"
	"--like (any rejection without them) -> bad; the program loads, or the reload\n"
	"exits 0 with no rejection -> good; a reload that fails with no rejection -> skip;\n"
	"a different rejection -> skip (or bad with --other bad).\n"
	"\n"
	"The report starts with git's words without quotes: `<full id> is the first bad commit`.\n"
	"State (resumable after Ctrl-C or a kill): .git/vexplain-bisect/. Running the\n"
	"same GOOD..BAD again, or `continue`, resumes; `reset` deletes it. `log` prints\n"
	"the steps in `git bisect log` form, which `replay` (or `git bisect replay`) reads.\n"
	"\n"
	"Exit status: 1 a first bad commit was found; 0 status/log/reset/replay done, or\n"
	"the given BAD, built at the end to explain it, is not rejected (a warning says so);\n"
	"2 usage, unknown revision, not a repository, GOOD not an ancestor of BAD;\n"
	"3 only skipped commits left (the candidates are listed); 4 error (checkout,\n"
	"another bisect running here, --test exit >= 128); 130 interrupted (resumable).\n";

enum { OUT_TEXT, OUT_JSON, OUT_MD };

struct opts {
	const char *repo;
	const char *range;
	char **goods;
	size_t ngoods;
	const char *build, *reload, *object, *prog, *type, *test, *kernel;
	const char *match, *like;
	bool other_bad;
	int jobs;
	int timeout;
	int out;
	char **paths;
	size_t npaths;
};

struct job {
	int slot;
	char *dir;		/* the worktree */
	char *index_path;	/* its private index */
	char *tree_path;	/* the tree checked out there: the next baseline */
	git_repository *repo;	/* a handle whose index is the private one */
	pid_t pid;		/* runner (process group leader), 0 when idle */
	int node;
	struct timespec start;
	bool timed_out;
};

struct decision {
	int node;
	enum vx_bv v;
	const char *how;	/* built, reused, replay */
	size_t verdict;		/* index in ctx.verdicts */
};

struct ctx {
	struct opts o;
	git_repository *repo;
	char *gitdir, *dir;	/* common git dir, state dir */
	struct vx_bisect_graph *g;
	git_oid bad;
	git_oid *goods;
	size_t ngoods;
	struct vx_bisect_verdict *verdicts;
	size_t nverdicts;
	char **keys;		/* per node, lazily */
	struct decision *dec;
	size_t ndec;
	struct job *jobs;
	int njobs;
	int builds;
	int announced;		/* node whose "Bisecting:" line is printed */
	FILE *prog_out;		/* progress: stdout in text mode, else stderr */
	const struct vx_db *db;
	struct vx_db *db_owned;
	struct vx_hints hints;	/* what --object knows: the loader is libbpf */
	pcre2_code *re;		/* --match as a regex */
	char *like_pattern, *like_message;
	bool abort;
	int abort_rc;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void err_msg(const char *fmt, ...)
{
	va_list ap;

	fputs("vexplain: bisect: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *git_err(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

static char *oid_hex(const git_oid *id)
{
	char *s = xmalloc(GIT_OID_HEXSZ + 1);
	git_oid_tostr(s, GIT_OID_HEXSZ + 1, id);
	return s;
}

static const git_oid *node_id(struct ctx *c, int i)
{
	return &vx_bisect_graph_node(c->g, i)->id;
}

/* ---- arguments ---- */

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{ "good", required_argument, NULL, 'g' },
		{ "build", required_argument, NULL, 'b' },
		{ "reload", required_argument, NULL, 'r' },
		{ "object", required_argument, NULL, 'o' },
		{ "prog", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "test", required_argument, NULL, 'T' },
		{ "match", required_argument, NULL, 'm' },
		{ "like", required_argument, NULL, 'l' },
		{ "other", required_argument, NULL, 'O' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 'x' },
		{ "json", no_argument, NULL, 'J' },
		{ "markdown", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int ch;

	o->jobs = 1;
	o->timeout = DEFAULT_TIMEOUT;
	optind = 1;
	opterr = 0;
	for (;;) {
		/* GOOD..BAD may come before, between or after the options */
		if (optind < argc && argv[optind][0] != '-' && !o->range) {
			o->range = argv[optind++];
			continue;
		}
		ch = getopt_long(argc, argv, "+C:j:h", lopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'C':
			o->repo = optarg;
			break;
		case 'g':
			o->goods = xrealloc(o->goods, (o->ngoods + 1) * sizeof(char *));
			o->goods[o->ngoods++] = optarg;
			break;
		case 'b':
			o->build = optarg;
			break;
		case 'r':
			o->reload = optarg;
			break;
		case 'o':
			o->object = optarg;
			break;
		case 'p':
			o->prog = optarg;
			break;
		case 't':
			o->type = optarg;
			break;
		case 'k':
			o->kernel = optarg;
			break;
		case 'T':
			o->test = optarg;
			break;
		case 'm':
			o->match = optarg;
			break;
		case 'l':
			o->like = optarg;
			break;
		case 'O':
			if (strcmp(optarg, "bad") && strcmp(optarg, "skip"))
				return -EINVAL;
			o->other_bad = !strcmp(optarg, "bad");
			break;
		case 'j':
			o->jobs = atoi(optarg);
			break;
		case 'x':
			o->timeout = atoi(optarg);
			break;
		case 'J':
			o->out = OUT_JSON;
			break;
		case 'M':
			o->out = OUT_MD;
			break;
		case 'h':
			return 1;
		default:
			err_msg("unknown option or missing value: '%s'", argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind > 1 && optind <= argc && !strcmp(argv[optind - 1], "--")) {
		/* getopt stepped over the "--" */
		o->paths = &argv[optind];
		o->npaths = argc - optind;
	} else if (optind < argc && !strcmp(argv[optind], "--")) {
		o->paths = &argv[optind + 1];
		o->npaths = argc - optind - 1;
	} else if (optind < argc) {
		err_msg("unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	if (o->jobs < 1 || o->jobs > 64 || o->timeout < 0) {
		err_msg("--jobs takes 1..64, --timeout a number of seconds");
		return -EINVAL;
	}
	return 0;
}

static int check_run_opts(const struct opts *o)
{
	int modes = !!o->reload + !!o->object + !!o->test;

	if (modes != 1) {
		err_msg("give exactly one of --reload CMD, --object PATH, --test CMD");
		return -EINVAL;
	}
	if (o->test && (o->match || o->like)) {
		err_msg("--match and --like need --reload or --object, not --test");
		return -EINVAL;
	}
	if (o->kernel && !o->object) {
		err_msg("--kernel needs --object");
		return -EINVAL;
	}
	if (o->match && o->like) {
		err_msg("--match and --like are exclusive");
		return -EINVAL;
	}
	return 0;
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

static int open_repo(struct ctx *c)
{
	const char *path = c->o.repo ? c->o.repo : ".";

	if (git_repository_open_ext(&c->repo, path, 0, NULL) < 0) {
		err_msg("%s: not a git repository (%s)", path, git_err());
		return -ENOENT;
	}
	c->gitdir = xstrdup(git_repository_commondir(c->repo));
	if (c->gitdir[strlen(c->gitdir) - 1] == '/')
		c->gitdir[strlen(c->gitdir) - 1] = '\0';
	c->dir = xasprintf("%s/vexplain-bisect", c->gitdir);
	return 0;
}

/* GOOD..BAD plus --good: every good must be an ancestor of BAD. */
static int resolve_range(struct ctx *c)
{
	const char *range = c->o.range;
	const char *dots = range ? strstr(range, "..") : NULL;
	char *good;
	int err;

	if (!dots || dots == range || !dots[2] || dots[2] == '.') {
		err_msg("give the range as GOOD..BAD (got '%s')", range ? range : "");
		return -EINVAL;
	}
	good = xstrndup(range, dots - range);
	if (resolve_commit(c->repo, dots + 2, &c->bad) < 0) {
		err_msg("unknown revision '%s'", dots + 2);
		free(good);
		return -ENOENT;
	}
	c->goods = xcalloc(c->o.ngoods + 1, sizeof(git_oid));
	err = resolve_commit(c->repo, good, &c->goods[0]);
	if (err)
		err_msg("unknown revision '%s'", good);
	for (size_t i = 0; !err && i < c->o.ngoods; i++) {
		err = resolve_commit(c->repo, c->o.goods[i], &c->goods[i + 1]);
		if (err)
			err_msg("unknown revision '%s'", c->o.goods[i]);
	}
	c->ngoods = c->o.ngoods + 1;
	for (size_t i = 0; !err && i < c->ngoods; i++) {
		char *gh = oid_hex(&c->goods[i]), *bh = oid_hex(&c->bad);
		if (git_oid_equal(&c->goods[i], &c->bad)) {
			err_msg("good and bad are the same commit %s", bh);
			err = -EINVAL;
		} else if (git_graph_descendant_of(c->repo, &c->bad, &c->goods[i]) != 1) {
			err_msg("good commit %s is not an ancestor of bad commit %s:\n"
				"  the range is wrong (did you swap GOOD and BAD?)", gh, bh);
			err = -EINVAL;
		}
		free(gh);
		free(bh);
	}
	free(good);
	return err;
}

static int mkdir_p(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int rm_rf(const char *path)
{
	if (access(path, F_OK) < 0)
		return 0;
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) < 0 ? -errno : 0;
}

/* ---- commit keys: identical trees (or PATHS) share a verdict ---- */

static const char *node_key(struct ctx *c, int i)
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
static ssize_t known_verdict(struct ctx *c, int i, const char **how)
{
	const char *key = node_key(c, i);
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

/* ---- worktrees ---- */

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
	struct ctx *c;
	struct job *j;
	git_repository *super;
	const char *super_dir;	/* the checked-out superproject */
	git_config *gm;		/* its .gitmodules */
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
	else if (git_repository_workdir(w->c->repo) && w->super == w->c->repo)
		base = xstrdup(git_repository_workdir(w->c->repo));
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

static int sm_cache(struct ctx *c, const char *name, const char *url, const git_oid *want,
		    git_repository **out)
{
	char *path = xasprintf("%s/modules/%s", c->dir, name);
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

static int checkout_submodules(struct ctx *c, struct job *j, git_repository *super,
			       const char *super_dir, const git_oid *tree_id, int depth);

static int sm_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct sm_walk *w = payload;
	char *path, *name = NULL, *url = NULL, *dir = NULL, *idx = NULL, *tp = NULL, *tag;
	git_repository *cache = NULL, *priv = NULL;
	git_commit *commit = NULL;
	int err = 0;

	if (git_tree_entry_filemode(e) != GIT_FILEMODE_COMMIT)
		return 0;
	path = xasprintf("%s%s", root, git_tree_entry_name(e));
	name = w->gm ? sm_name_for_path(w->gm, path) : NULL;
	url = name ? sm_url(w, name) : NULL;
	if (!url) {
		err = -ENOENT; /* a gitlink with no .gitmodules entry: leave the directory empty */
		goto out;
	}
	err = sm_cache(w->c, name, url, git_tree_entry_id(e), &cache);
	if (err)
		goto out;
	dir = xasprintf("%s/%s", w->super_dir, path);
	tag = xstrdup(path);
	for (char *s = tag; *s; s++)
		if (*s == '/')
			*s = '_';
	idx = xasprintf("%s.modules/%s.index", w->super_dir, tag);
	tp = xasprintf("%s.modules/%s.tree", w->super_dir, tag);
	free(tag);
	char *mdir = xasprintf("%s.modules", w->super_dir);
	mkdir_p(mdir);
	free(mdir);
	mkdir_p(dir);
	err = open_private(&priv, git_repository_path(cache), dir, idx);
	if (!err && git_commit_lookup(&commit, priv, git_tree_entry_id(e)) < 0)
		err = -ENOENT;
	if (!err)
		err = checkout_into(priv, dir, tp, git_commit_tree_id(commit));
	if (!err && w->depth < 4)
		err = checkout_submodules(w->c, w->j, priv, dir, git_commit_tree_id(commit),
					  w->depth + 1);
out:
	if (err && !w->err)
		w->err = err;
	git_commit_free(commit);
	git_repository_free(priv);
	git_repository_free(cache);
	free(path);
	free(name);
	free(url);
	free(dir);
	free(idx);
	free(tp);
	return 0;
}

/* Checkout does not descend into submodules: clone each once into
 * .git/vexplain-bisect/modules/NAME (bare) and check the recorded commit out
 * into the worktree the same private way. */
static int checkout_submodules(struct ctx *c, struct job *j, git_repository *super,
			       const char *super_dir, const git_oid *tree_id, int depth)
{
	struct sm_walk w = { c, j, super, super_dir, NULL, depth, 0 };
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

static int job_checkout(struct ctx *c, struct job *j, int node)
{
	const struct vx_bisect_node *nd = vx_bisect_graph_node(c->g, node);
	int err;

	if (!j->repo) {
		err = mkdir_p(j->dir);
		if (!err)
			err = open_private(&j->repo, c->gitdir, j->dir, j->index_path);
		if (err)
			return err;
	}
	err = checkout_into(j->repo, j->dir, j->tree_path, &nd->tree);
	if (err)
		return err;
	return checkout_submodules(c, j, j->repo, j->dir, &nd->tree, 0);
}

/* ---- running a step ---- */

static void kill_group_and_exit(int sig)
{
	kill(0, SIGKILL);
	_exit(128 + sig);
}

/* sh -c CMD in the current directory, output to FD; returns an exit code in
 * git bisect run's terms (128 + signal for a signal). */
static int sh(const char *cmd, int fd)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 127;
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 127;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static char *job_file(struct ctx *c, struct job *j, const char *what)
{
	return xasprintf("%s/jobs/%d.%s", c->dir, j->slot, what);
}

/* A step killed mid-build may leave half-written outputs newer than their
 * sources, which make would trust: start that worktree afresh. */
static void wipe_worktree(struct ctx *c, struct job *j)
{
	char *mods = xasprintf("%s.modules", j->dir), *busy = xasprintf("%s.busy", j->dir);

	git_repository_free(j->repo);
	j->repo = NULL;
	rm_rf(j->dir);
	rm_rf(mods);
	unlink(j->tree_path);
	unlink(j->index_path);
	unlink(busy);
	free(mods);
	free(busy);
}

static void mark_busy(struct job *j, bool busy)
{
	char *path = xasprintf("%s.busy", j->dir);

	if (busy)
		close(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
	else
		unlink(path);
	free(path);
}

/* --kernel: load the object on another kernel, in qemu, through the agent;
 * its output is vx_load_print()'s text, which the pipeline reads. */
static int load_object_vm(struct ctx *c, FILE *f)
{
	struct vx_load_opts lo = { .prog = c->o.prog, .type = c->o.type };
	char *abs = realpath(c->o.object, NULL), *out = NULL, *release = NULL;
	size_t len = 0;
	int err;

	if (!abs) {
		fprintf(f, "vexplain: bisect: %s: %s\n", c->o.object, strerror(errno));
		return 1;
	}
	err = vx_vm_load(c->o.kernel, abs, &lo, c->o.timeout, &out, &len, &release);
	if (err)
		fprintf(f, "vexplain: bisect: VM with kernel %s: %s\n", c->o.kernel,
			vx_vm_strerror(err));
	else
		fwrite(out, 1, len, f);
	free(out);
	free(release);
	free(abs);
	return err ? 1 : 0;
}

static int load_object_step(struct ctx *c, int fd)
{
	struct vx_load_opts lo = { .prog = c->o.prog, .type = c->o.type };
	struct vx_load_result *res = NULL;
	size_t n = 0;
	FILE *f = fdopen(fd, "w");
	int err;

	if (!f)
		return 127;
	if (c->o.kernel) {
		err = load_object_vm(c, f);
		fclose(f);
		return err;
	}
	err = vx_load_object(c->o.object, &lo, &res, &n);
	if (err)
		fprintf(f, "vexplain: bisect: cannot load %s: %s\n", c->o.object, strerror(-err));
	else
		vx_load_print(f, res, n);
	vx_load_results_free(res, n);
	fflush(f);
	return err ? 1 : 0;
}

/* The runner: a process group of its own, killed whole on timeout, and on
 * our death (PDEATHSIG -> its handler kills the group). */
static void runner(struct ctx *c, struct job *j, pid_t parent)
{
	struct sigaction sa = { .sa_handler = kill_group_and_exit };
	char *build_log = job_file(c, j, "build.log"), *run_log = job_file(c, j, "run.log");
	char *status = job_file(c, j, "status");
	FILE *st;
	int fd, rc = 0;

	setsid();
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		kill_group_and_exit(SIGTERM);
	st = fopen(status, "w");
	if (!st || chdir(j->dir) < 0)
		_exit(127);
	setvbuf(st, NULL, _IONBF, 0);
	setenv("VEXPLAIN_BISECT_COMMIT", git_oid_tostr_s(node_id(c, j->node)), 1);
	setenv("VEXPLAIN_BISECT_WORKTREE", j->dir, 1);
	if (c->o.build) {
		fd = open(build_log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		rc = sh(c->o.build, fd);
		close(fd);
		fprintf(st, "build %d\n", rc);
		if (rc)
			_exit(0);
	}
	fd = open(run_log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (c->o.object)
		rc = load_object_step(c, fd);
	else
		rc = sh(c->o.test ? c->o.test : c->o.reload, fd);
	fprintf(st, "run %d\n", rc);
	_exit(0);
}

static int job_start(struct ctx *c, struct job *j, int node)
{
	char *files[3] = { job_file(c, j, "build.log"), job_file(c, j, "run.log"),
			   job_file(c, j, "status") };
	pid_t parent = getpid(), pid;
	int err;

	for (int i = 0; i < 3; i++) {
		unlink(files[i]);
		free(files[i]);
	}
	mark_busy(j, true);
	err = job_checkout(c, j, node);
	if (err) {
		err_msg("checkout of %s into %s failed: %s", git_oid_tostr_s(node_id(c, node)),
			j->dir, git_err());
		return err;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		j->node = node;
		runner(c, j, parent);
	}
	j->pid = pid;
	j->node = node;
	j->timed_out = false;
	clock_gettime(CLOCK_MONOTONIC, &j->start);
	c->builds++;
	return 0;
}

/* ---- verdicts ---- */

static char *last_line(const char *text, size_t len)
{
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
		len--;
	size_t s = len;
	while (s && text[s - 1] != '\n')
		s--;
	if (len - s > 160)
		len = s + 160;
	return xstrndup(text + s, len - s);
}

static int setup_target(struct ctx *c)
{
	struct strbuf err = STRBUF_INIT;
	int rc;

	if (c->o.test)
		return 0;
	rc = vx_db_load(NULL, &c->db_owned, &err);
	if (rc) {
		err_msg("pattern database: %s", sb_str(&err));
		sb_free(&err);
		return rc;
	}
	sb_free(&err);
	c->db = c->db_owned;
	if (c->o.object) {
		c->hints.loader = "libbpf";
		c->hints.prog_name = c->o.prog;
		c->hints.kernel = c->o.kernel;
	}
	if (c->o.match && !vx_category_known(c->o.match) && !vx_db_find(c->db, c->o.match)) {
		int ec;
		PCRE2_SIZE off;
		c->re = pcre2_compile((PCRE2_SPTR)c->o.match, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec,
				      &off, NULL);
		if (!c->re) {
			err_msg("--match '%s' is no category, pattern id or valid regex", c->o.match);
			return -EINVAL;
		}
	}
	if (c->o.like) {
		struct vx_record **recs = NULL;
		size_t n = 0;
		char *text = NULL;
		size_t len = 0;
		rc = read_file(c->o.like, 256 << 20, &text, &len);
		if (rc) {
			err_msg("--like %s: %s", c->o.like, strerror(-rc));
			return rc;
		}
		vx_explain_buffer(c->db, &c->hints, text, len, &recs, &n);
		for (size_t i = 0; i < n; i++) {
			if (recs[i]->verdict == VX_REJECTED && !c->like_message) {
				c->like_pattern = xstrdup(recs[i]->pattern);
				c->like_message = xstrdup(recs[i]->message);
			}
			vx_record_free(recs[i]);
		}
		free(recs);
		free(text);
		if (!c->like_message) {
			err_msg("--like %s: no rejection found in that log", c->o.like);
			return -EINVAL;
		}
	}
	return 0;
}

static bool rec_matches(struct ctx *c, const struct vx_record *r)
{
	if (c->o.like) {
		if (c->like_pattern)
			return r->pattern && !strcmp(r->pattern, c->like_pattern);
		return r->message && !strcmp(r->message, c->like_message);
	}
	if (!c->o.match)
		return true;
	if ((r->category && !strcmp(r->category, c->o.match)) ||
	    (r->pattern && !strcmp(r->pattern, c->o.match)))
		return true;
	if (c->re && r->message) {
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(c->re, NULL);
		int m = pcre2_match(c->re, (PCRE2_SPTR)r->message, strlen(r->message), 0, 0, md,
				    NULL);
		pcre2_match_data_free(md);
		return m >= 0;
	}
	return false;
}

static char *rec_summary(const struct vx_record *r)
{
	return xasprintf("%s%s%s: %s", r->category ? r->category : "other",
			 r->pattern ? "/" : "", r->pattern ? r->pattern : "",
			 r->message ? r->message : "(no message)");
}

/* The verdict of a reload/load output. */
static enum vx_bv log_verdict(struct ctx *c, const char *text, size_t len, int rc, char **summary)
{
	struct vx_record **recs = NULL;
	size_t n = 0;
	const struct vx_record *bad = NULL, *other = NULL;
	bool accepted = false;
	enum vx_bv v;

	vx_explain_buffer(c->db, &c->hints, text, len, &recs, &n);
	for (size_t i = 0; i < n; i++) {
		if (recs[i]->verdict == VX_ACCEPTED)
			accepted = true;
		if (recs[i]->verdict != VX_REJECTED)
			continue;
		if (!bad && rec_matches(c, recs[i]))
			bad = recs[i];
		else if (!other)
			other = recs[i];
	}
	if (bad) {
		v = VX_BV_BAD;
		*summary = rec_summary(bad);
	} else if (other) {
		char *s = rec_summary(other);
		v = c->o.other_bad ? VX_BV_BAD : VX_BV_SKIP;
		*summary = xasprintf("other rejection: %s", s);
		free(s);
	} else if (accepted || rc == 0) {
		v = VX_BV_GOOD;
		*summary = xstrdup(accepted ? "loaded (verifier accepted)" : "loaded (no rejection)");
	} else {
		char *l = last_line(text, len);
		v = VX_BV_SKIP;
		*summary = xasprintf("reload failed (exit %d) without a rejection: %s", rc, l);
		free(l);
	}
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);
	return v;
}

static int read_status(struct ctx *c, struct job *j, int *build_rc, int *run_rc)
{
	char *path = job_file(c, j, "status"), *text = NULL, *p;
	size_t len;
	int err = read_file(path, 4096, &text, &len);

	*build_rc = 0;
	*run_rc = -1;
	free(path);
	if (err)
		return err;
	if ((p = strstr(text, "build ")))
		*build_rc = atoi(p + 6);
	if ((p = strstr(text, "run ")))
		*run_rc = atoi(p + 4);
	free(text);
	return 0;
}

static void keep_logs(struct ctx *c, struct job *j)
{
	const char *id = git_oid_tostr_s(node_id(c, j->node));
	char *from = job_file(c, j, "build.log"), *to = xasprintf("%s/logs/%s.build.log", c->dir, id);

	rename(from, to);
	free(from);
	free(to);
	from = job_file(c, j, "run.log");
	to = xasprintf("%s/logs/%s.log", c->dir, id);
	rename(from, to);
	free(from);
	free(to);
}

static char *read_job_log(struct ctx *c, struct job *j, const char *what, size_t *len)
{
	char *path = job_file(c, j, what), *text = NULL;

	*len = 0;
	if (read_file(path, 1u << 30, &text, len) < 0)
		text = xstrdup("");
	free(path);
	return text;
}

/* The runner of J ended: decide its verdict and record it. */
static int job_finish(struct ctx *c, struct job *j)
{
	struct vx_bisect_verdict v = { .source = "built" };
	int build_rc, run_rc;
	char *summary = NULL, *text;
	size_t len;
	int err;

	git_oid_cpy(&v.commit, node_id(c, j->node));
	v.key = (char *)node_key(c, j->node);
	read_status(c, j, &build_rc, &run_rc);
	if (j->timed_out) {
		v.v = VX_BV_SKIP;
		summary = xasprintf("timed out after %d s (process group killed)", c->o.timeout);
	} else if (build_rc) {
		text = read_job_log(c, j, "build.log", &len);
		char *l = last_line(text, len);
		v.v = VX_BV_SKIP;
		summary = xasprintf("build failed (exit %d): %s", build_rc, l);
		free(l);
		free(text);
	} else if (run_rc < 0) {
		v.v = VX_BV_SKIP;
		summary = xstrdup("the step ended without running (killed?)");
	} else if (c->o.test) {
		if (run_rc >= 128) {
			c->abort = true;
			c->abort_rc = run_rc;
			return 0;
		}
		v.v = run_rc == 0 ? VX_BV_GOOD : run_rc == 125 ? VX_BV_SKIP : VX_BV_BAD;
		summary = xasprintf("test exited %d", run_rc);
	} else {
		text = read_job_log(c, j, "run.log", &len);
		v.v = log_verdict(c, text, len, run_rc, &summary);
		free(text);
	}
	v.summary = summary;
	keep_logs(c, j);
	err = vx_bisect_verdict_append(c->dir, &v);
	c->verdicts = xrealloc(c->verdicts, (c->nverdicts + 1) * sizeof(*c->verdicts));
	c->verdicts[c->nverdicts] = v;
	c->verdicts[c->nverdicts].key = xstrdup(v.key);
	c->verdicts[c->nverdicts].source = xstrdup(v.source);
	c->nverdicts++;
	return err;
}

static void kill_job(struct job *j)
{
	if (j->pid <= 0)
		return;
	kill(-j->pid, SIGKILL);
	/* a runner not yet in its own group has started nothing: kill it alone */
	kill(j->pid, SIGKILL);
}

/* SIGKILL is asynchronous: wait (a little) until the group is really gone. */
static void wait_group_gone(pid_t pgid)
{
	struct timespec ts = { 0, 5 * 1000 * 1000 };

	for (int i = 0; i < 400 && kill(-pgid, 0) == 0; i++)
		nanosleep(&ts, NULL);
}

static double elapsed(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) + (now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Wait until a runner ends. Returns 1 when a verdict was recorded, 0 when
 * nothing was running, -EINTR on a signal. */
static int wait_one(struct ctx *c)
{
	for (;;) {
		int status, err;
		pid_t pid;

		if (interrupted)
			return -EINTR;
		pid = waitpid(-1, &status, WNOHANG);
		if (pid < 0 && errno == ECHILD)
			return 0;
		for (int i = 0; pid > 0 && i < c->njobs; i++) {
			struct job *j = &c->jobs[i];
			if (j->pid != pid)
				continue;
			j->pid = 0;
			err = job_finish(c, j);
			if (j->timed_out) {
				wait_group_gone(pid);
				wipe_worktree(c, j);
			}
			else
				mark_busy(j, false);
			return err < 0 ? -EIO : 1;
		}
		if (pid > 0)
			continue;
		for (int i = 0; c->o.timeout && i < c->njobs; i++) {
			struct job *j = &c->jobs[i];
			if (j->pid > 0 && !j->timed_out && elapsed(&j->start) > c->o.timeout) {
				j->timed_out = true;
				kill_job(j);
			}
		}
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

static void kill_all(struct ctx *c)
{
	for (int i = 0; i < c->njobs; i++) {
		struct job *j = &c->jobs[i];
		if (j->pid <= 0)
			continue;
		kill_job(j);
		while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
			;
		wait_group_gone(j->pid);
		j->pid = 0;
		wipe_worktree(c, j);
	}
}

/* ---- the log, git bisect log style ---- */

static char *subject_of(struct ctx *c, const git_oid *id)
{
	git_commit *commit = NULL;
	char *s;

	if (git_commit_lookup(&commit, c->repo, id) < 0)
		return xstrdup("");
	s = xstrdup(git_commit_summary(commit) ? git_commit_summary(commit) : "");
	git_commit_free(commit);
	return s;
}

static void write_log(struct ctx *c, const struct vx_bisect_pick *final)
{
	char *path = xasprintf("%s/log", c->dir), *tmp = xasprintf("%s/log.tmp", c->dir);
	FILE *f = fopen(tmp, "w");

	if (!f)
		goto out;
	fprintf(f, "# vexplain bisect log (replay: vexplain bisect replay FILE, "
		   "or git bisect replay FILE)\n");
	fprintf(f, "git bisect start '%s'", git_oid_tostr_s(&c->bad));
	for (size_t i = 0; i < c->ngoods; i++)
		fprintf(f, " '%s'", git_oid_tostr_s(&c->goods[i]));
	fprintf(f, "\n");
	for (size_t i = 0; i < c->ndec; i++) {
		const struct decision *d = &c->dec[i];
		char *subj = subject_of(c, node_id(c, d->node));
		fprintf(f, "# %s: [%s] %s -- %s%s%s\n", vx_bv_name(d->v),
			git_oid_tostr_s(node_id(c, d->node)), subj,
			strcmp(d->how, "built") ? d->how : "", strcmp(d->how, "built") ? ": " : "",
			c->verdicts[d->verdict].summary);
		fprintf(f, "git bisect %s %s\n", vx_bv_name(d->v), git_oid_tostr_s(node_id(c, d->node)));
		free(subj);
	}
	if (final && final->outcome == VX_BISECT_FOUND) {
		char *subj = subject_of(c, node_id(c, final->commit));
		fprintf(f, "# first bad commit: [%s] %s\n", git_oid_tostr_s(node_id(c, final->commit)),
			subj);
		free(subj);
	} else if (final && final->outcome == VX_BISECT_ONLY_SKIPPED) {
		for (size_t i = 0; i < final->ncand; i++)
			fprintf(f, "# possible first bad commit: [%s]\n",
				git_oid_tostr_s(node_id(c, final->cand[i])));
	}
	/* a log cut short (a full disk) must not replace the last whole one */
	int failed = ferror(f);
	if (fclose(f) || failed) {
		unlink(tmp);
		goto out;
	}
	rename(tmp, path);
out:
	free(tmp);
	free(path);
}

/* ---- progress ---- */

static void json_step(struct ctx *c, const struct decision *d)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "step", (double)(d - c->dec) + 1);
	cJSON_AddStringToObject(o, "commit", git_oid_tostr_s(node_id(c, d->node)));
	cJSON_AddStringToObject(o, "verdict", vx_bv_name(d->v));
	cJSON_AddStringToObject(o, "how", d->how);
	vx_json_add_str(o, "summary", c->verdicts[d->verdict].summary);
	if (strcmp(d->how, "built"))
		cJSON_AddStringToObject(o, "from",
					git_oid_tostr_s(&c->verdicts[d->verdict].commit));
	vx_print_json(stdout, o);
	cJSON_Delete(o);
}

static void announce(struct ctx *c, const struct vx_bisect_pick *p)
{
	char *subj;

	if (c->announced == p->commit)
		return;
	c->announced = p->commit;
	subj = subject_of(c, node_id(c, p->commit));
	fprintf(c->prog_out, "Bisecting: %d revision%s left to test after this (roughly %d step%s)\n",
		p->left, p->left == 1 ? "" : "s", p->est_steps, p->est_steps == 1 ? "" : "s");
	fprintf(c->prog_out, "[%s] %s\n", git_oid_tostr_s(node_id(c, p->commit)), subj);
	fflush(c->prog_out);
	free(subj);
}

static void apply(struct ctx *c, struct vx_bisect_state *st, const struct vx_bisect_pick *p,
		  size_t k, const char *how)
{
	struct decision *d;

	c->dec = xrealloc(c->dec, (c->ndec + 1) * sizeof(*c->dec));
	d = &c->dec[c->ndec++];
	d->node = p->commit;
	d->v = c->verdicts[k].v;
	d->how = how;
	d->verdict = k;
	vx_bisect_state_mark(st, p->commit, d->v);
	announce(c, p);
	fprintf(c->prog_out, "  %s%s%s%s: %s\n", vx_bv_name(d->v), strcmp(how, "built") ? " (" : "",
		strcmp(how, "built") ? how : "", strcmp(how, "built") ? ")" : "",
		c->verdicts[k].summary);
	fflush(c->prog_out);
	if (c->o.out == OUT_JSON)
		json_step(c, d);
	write_log(c, NULL);
}

/* Follow git's choices as far as verdicts are known. */
static int advance(struct ctx *c, struct vx_bisect_state *st, struct vx_bisect_pick *p)
{
	for (;;) {
		const char *how;
		ssize_t k;
		int err;

		vx_bisect_pick_clear(p);
		err = vx_bisect_next(c->g, st, p);
		if (err || p->outcome != VX_BISECT_TEST)
			return err;
		k = known_verdict(c, p->commit, &how);
		if (k < 0)
			return 0;
		apply(c, st, p, (size_t)k, how);
	}
}

/* The commits worth testing now: git's next pick, then the picks that follow
 * each possible verdict, breadth first. Whatever the speculative steps say,
 * only the verdicts on git's own path are used, so the answer (and the step
 * count) is the same as with one job. */
static size_t speculate(struct ctx *c, const struct vx_bisect_state *st, int *out, size_t max)
{
	struct vx_bisect_state *queue[64];
	size_t head = 0, tail = 0, n = 0, visits = 0;

	queue[tail++] = vx_bisect_state_dup(st);
	while (head < tail && n < max && visits++ < 4 * max + 8) {
		struct vx_bisect_state *s = queue[head++];
		struct vx_bisect_pick p;
		const char *how;
		ssize_t k;
		bool dup = false;

		if (vx_bisect_next(c->g, s, &p) || p.outcome != VX_BISECT_TEST) {
			vx_bisect_pick_clear(&p);
			continue;
		}
		k = known_verdict(c, p.commit, &how);
		for (size_t i = 0; i < n; i++)
			dup |= out[i] == p.commit;
		if (k < 0 && !dup)
			out[n++] = p.commit;
		for (int v = VX_BV_GOOD; v <= VX_BV_BAD && tail + 2 < ARRAY_SIZE(queue); v++) {
			if (k >= 0 && (int)c->verdicts[k].v != v)
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

static int schedule(struct ctx *c, const struct vx_bisect_state *st)
{
	int want[64];
	size_t n = speculate(c, st, want, (size_t)c->njobs);

	/* A speculative step whose verdict turned out not to be needed is
	 * left to finish: killing it would leave its worktree half-built, and
	 * its verdict may still serve. So speculative steps start only along
	 * with git's own next step: started later, a wasted one would hold
	 * its worktree while the next real step waits. */
	for (int i = 0; n && i < c->njobs; i++)
		if (c->jobs[i].pid > 0 && c->jobs[i].node == want[0])
			return 0;
	for (size_t k = 0; k < n; k++) {
		bool running = false;
		struct job *idle = NULL;
		for (int i = 0; i < c->njobs; i++) {
			struct job *j = &c->jobs[i];
			if (j->pid > 0 && j->node == want[k])
				running = true;
			if (j->pid <= 0 && !idle)
				idle = j;
		}
		if (running || !idle)
			continue;
		int err = job_start(c, idle, want[k]);
		if (err)
			return err;
	}
	return 0;
}

/* ---- the report ---- */

struct changed {
	struct strbuf text, md;
	cJSON *json;
};

static int file_cb(const git_diff_delta *d, float progress, void *payload)
{
	struct changed *ch = payload;
	char st = git_diff_status_char(d->status);
	const char *path = d->new_file.path ? d->new_file.path : d->old_file.path;

	sb_addf(&ch->text, "    %c %s\n", st, path);
	sb_addf(&ch->md, "- `%c` `%s`\n", st, path);
	cJSON_AddItemToArray(ch->json, cJSON_CreateString(path));
	return 0;
}

/* Files the commit changed against its first parent (git show's default for
 * merges in bisect: --diff-merges=first-parent). */
static void changed_files(struct ctx *c, git_commit *commit, struct changed *ch)
{
	git_tree *t = NULL, *pt = NULL;
	git_commit *parent = NULL;
	git_diff *diff = NULL;

	ch->json = cJSON_CreateArray();
	if (git_commit_tree(&t, commit) < 0)
		return;
	if (git_commit_parentcount(commit) && git_commit_parent(&parent, commit, 0) == 0)
		git_commit_tree(&pt, parent);
	if (git_diff_tree_to_tree(&diff, c->repo, pt, t, NULL) == 0)
		git_diff_foreach(diff, file_cb, NULL, NULL, NULL, ch);
	git_diff_free(diff);
	git_tree_free(pt);
	git_tree_free(t);
	git_commit_free(parent);
}

static const struct decision *last_good(struct ctx *c)
{
	for (size_t i = c->ndec; i-- > 0;)
		if (c->dec[i].v == VX_BV_GOOD)
			return &c->dec[i];
	return NULL;
}

static const struct decision *decision_of(struct ctx *c, int node)
{
	for (size_t i = c->ndec; i-- > 0;)
		if (c->dec[i].node == node)
			return &c->dec[i];
	return NULL;
}

/* The first bad log's records (the log of the commit whose verdict it has). */
static struct vx_record *first_bad_record(struct ctx *c, const git_oid *from)
{
	struct vx_record **recs = NULL, *keep = NULL;
	char *path, *text = NULL;
	size_t len = 0, n = 0;

	if (c->o.test)
		return NULL;
	path = xasprintf("%s/logs/%s.log", c->dir, git_oid_tostr_s(from));
	if (read_file(path, 1u << 30, &text, &len) == 0)
		vx_explain_buffer(c->db, &c->hints, text, len, &recs, &n);
	for (size_t i = 0; i < n; i++) {
		if (!keep && recs[i]->verdict == VX_REJECTED && rec_matches(c, recs[i]))
			keep = recs[i];
		else
			vx_record_free(recs[i]);
	}
	free(recs);
	free(text);
	free(path);
	return keep;
}

/* The explanation, by the renderer every command uses. */
static void print_record(FILE *f, const struct vx_record *r, bool md)
{
	struct vx_render_opts ro = { .format = md ? VX_FMT_MARKDOWN : VX_FMT_TEXT,
				     .color = md ? 0 : vx_color_wanted(f) };

	if (!r)
		return;
	fprintf(f, md ? "\n#### Why the verifier rejects the first bad commit\n\n"
		      : "\nWhy the verifier rejects the first bad commit:\n\n");
	fflush(f);
	vx_render(f, r, &ro);
}

static void format_date(const git_signature *s, char *buf, size_t n)
{
	time_t t = (time_t)s->when.time + s->when.offset * 60;
	struct tm tm;
	char tmp[64];

	gmtime_r(&t, &tm);
	strftime(tmp, sizeof(tmp), "%a %b %e %H:%M:%S %Y", &tm);
	snprintf(buf, n, "%s %c%02d%02d", tmp, s->when.offset < 0 ? '-' : '+',
		 abs(s->when.offset) / 60, abs(s->when.offset) % 60);
}

static void report_found(struct ctx *c, int node, cJSON *res)
{
	const git_oid *id = node_id(c, node);
	const struct decision *d = decision_of(c, node), *good = last_good(c);
	const char *how;
	/* the given BAD is not a step: its verdict comes from the check after the end */
	ssize_t bk = d ? (ssize_t)d->verdict : known_verdict(c, node, &how);
	const struct vx_bisect_verdict *bad = bk >= 0 ? &c->verdicts[bk] : NULL;
	git_commit *commit = NULL;
	struct changed ch = { STRBUF_INIT, STRBUF_INIT, NULL };
	struct vx_record *rec = NULL;
	const git_signature *a;
	char date[96];
	bool md = c->o.out == OUT_MD;
	FILE *f = stdout;

	if (git_commit_lookup(&commit, c->repo, id) < 0)
		return;
	a = git_commit_author(commit);
	format_date(a, date, sizeof(date));
	changed_files(c, commit, &ch);
	if (bad)
		rec = first_bad_record(c, &bad->commit);
	cJSON_AddStringToObject(res, "first_bad", git_oid_tostr_s(id));
	vx_json_add_str(res, "subject", git_commit_summary(commit));
	vx_json_add_str(res, "author", a->name);
	cJSON_AddStringToObject(res, "date", date);
	cJSON_AddItemToObject(res, "files", ch.json);
	if (bad) {
		vx_json_add_str(res, "first_bad_step", bad->summary);
		/* false: the given BAD, built to explain it, was not bad */
		cJSON_AddBoolToObject(res, "bad_reproduced", bad->v == VX_BV_BAD);
	}
	if (good)
		cJSON_AddStringToObject(res, "last_good", git_oid_tostr_s(node_id(c, good->node)));
	if (rec)
		cJSON_AddItemToObject(res, "explanation", vx_record_json(rec));
	if (c->o.out == OUT_JSON)
		goto out;
	if (md)
		fprintf(f, "### vexplain bisect\n\n`%s` is the first bad commit\n\n", git_oid_tostr_s(id));
	else
		fprintf(f, "%s is the first bad commit\n", git_oid_tostr_s(id));
	fprintf(f, md ? "> **%s**  \n> %s <%s>, %s\n\n" : "commit %s\nAuthor: %s <%s>\nDate:   %s\n\n",
		md ? git_commit_summary(commit) : git_oid_tostr_s(id), a->name, a->email, date);
	if (!md)
		fprintf(f, "    %s\n\n", git_commit_summary(commit));
	fprintf(f, md ? "Files changed:\n\n%s\n" : "Files changed:\n%s\n",
		md ? sb_str(&ch.md) : sb_str(&ch.text));
	if (good)
		fprintf(f, md ? "- last good step: `%.12s` %s\n" : "Last good step: %.12s %s\n",
			git_oid_tostr_s(node_id(c, good->node)), c->verdicts[good->verdict].summary);
	else
		fprintf(f, md ? "- last good: the given good commit `%.12s`\n"
			      : "Last good: the given good commit %.12s\n",
			git_oid_tostr_s(&c->goods[0]));
	if (bad)
		fprintf(f, md ? "- first bad%s: `%.12s` %s\n" : "First bad%s: %.12s %s\n",
			d ? " step" : " (the given bad, built to explain it)",
			git_oid_tostr_s(id), bad->summary);
	else
		fprintf(f, md ? "- first bad: the given bad commit (not built)\n"
			      : "First bad: the given bad commit (not built)\n");
	if (bad && bad->v != VX_BV_BAD)
		fprintf(f, md ? "\n**Warning:** the given bad commit is not bad here (%s): check "
				"the range, --match and the kernel.\n"
			      : "\nWarning: the given bad commit is not bad here (%s): check the range,\n"
				"--match and the kernel.\n",
			vx_bv_name(bad->v));
	print_record(f, rec, md);
out:
	vx_record_free(rec);
	sb_free(&ch.text);
	sb_free(&ch.md);
	git_commit_free(commit);
}

static void report_skipped(struct ctx *c, const struct vx_bisect_pick *p, cJSON *res)
{
	cJSON *cand = cJSON_AddArrayToObject(res, "candidates");
	bool md = c->o.out == OUT_MD;

	for (size_t i = 0; i < p->ncand; i++)
		cJSON_AddItemToArray(cand, cJSON_CreateString(git_oid_tostr_s(node_id(c, p->cand[i]))));
	cJSON_AddNullToObject(res, "first_bad");
	if (c->o.out == OUT_JSON)
		return;
	printf(md ? "### vexplain bisect\n\nThere are only 'skip'ped commits left to test.  \n"
		    "The first bad commit could be any of:\n\n"
		  : "There are only 'skip'ped commits left to test.\n"
		    "The first bad commit could be any of:\n");
	for (size_t i = 0; i < p->ncand; i++) {
		const struct decision *d = decision_of(c, p->cand[i]);
		printf(md ? "- `%s` %s\n" : "%s  %s\n", git_oid_tostr_s(node_id(c, p->cand[i])),
		       d ? c->verdicts[d->verdict].summary : "(the given bad commit)");
	}
	printf(md ? "\nWe cannot bisect more!\n" : "We cannot bisect more!\n");
}

static int report(struct ctx *c, const struct vx_bisect_pick *p)
{
	cJSON *res = cJSON_CreateObject(), *skipped, *verdicts;
	int steps = 0, reused = 0, rc;

	for (size_t i = 0; i < c->ndec; i++) {
		if (!strcmp(c->dec[i].how, "built"))
			steps++;
		else if (!strcmp(c->dec[i].how, "reused"))
			reused++;
	}
	cJSON_AddStringToObject(res, "result",
				p->outcome == VX_BISECT_FOUND ? "found" : "only-skipped");
	if (p->outcome == VX_BISECT_FOUND)
		report_found(c, p->commit, res);
	else
		report_skipped(c, p, res);
	cJSON_AddNumberToObject(res, "steps", steps);
	cJSON_AddNumberToObject(res, "reused", reused);
	cJSON_AddNumberToObject(res, "builds", c->builds);
	skipped = cJSON_AddArrayToObject(res, "skipped");
	verdicts = cJSON_AddObjectToObject(res, "verdicts");
	for (size_t i = 0; i < c->ndec; i++) {
		const char *id = git_oid_tostr_s(node_id(c, c->dec[i].node));
		if (c->dec[i].v == VX_BV_SKIP)
			cJSON_AddItemToArray(skipped, cJSON_CreateString(id));
		cJSON_DeleteItemFromObject(verdicts, id);
		cJSON_AddStringToObject(verdicts, id, vx_bv_name(c->dec[i].v));
	}
	if (c->o.out == OUT_JSON) {
		vx_print_json(stdout, res);
	} else {
		printf(c->o.out == OUT_MD ? "\n%d steps (%d verdicts reused), %d builds, %d skipped\n"
					  : "\nSteps: %d (%d verdicts reused), builds: %d, skipped: %d\n",
		       steps, reused, c->builds, cJSON_GetArraySize(skipped));
	}
	rc = p->outcome == VX_BISECT_FOUND ? VX_EXIT_REJECTED : VX_EXIT_SKIPPED_ONLY;
	if (cJSON_IsFalse(cJSON_GetObjectItem(res, "bad_reproduced")))
		rc = VX_EXIT_OK; /* the given BAD loads: nothing was rejected */
	cJSON_Delete(res);
	return rc;
}

/* ---- setup and the main loop ---- */

static void setup_jobs(struct ctx *c)
{
	c->njobs = c->o.jobs;
	c->jobs = xcalloc(c->njobs, sizeof(*c->jobs));
	for (int i = 0; i < c->njobs; i++) {
		struct job *j = &c->jobs[i];
		j->slot = i;
		j->dir = xasprintf("%s/wt-%d", c->dir, i);
		j->index_path = xasprintf("%s/wt-%d.index", c->dir, i);
		j->tree_path = xasprintf("%s/wt-%d.tree", c->dir, i);
		j->node = -1;
		char *busy = xasprintf("%s.busy", j->dir);
		if (access(busy, F_OK) == 0)
			wipe_worktree(c, j); /* we were killed during its step */
		free(busy);
	}
}

static void free_ctx(struct ctx *c)
{
	for (int i = 0; c->jobs && i < c->njobs; i++) {
		git_repository_free(c->jobs[i].repo);
		free(c->jobs[i].dir);
		free(c->jobs[i].index_path);
		free(c->jobs[i].tree_path);
	}
	free(c->jobs);
	for (size_t i = 0; c->keys && i < vx_bisect_graph_count(c->g); i++)
		free(c->keys[i]);
	free(c->keys);
	vx_bisect_verdicts_free(c->verdicts, c->nverdicts);
	free(c->dec);
	vx_bisect_graph_free(c->g);
	free(c->goods);
	free(c->o.goods);
	if (c->db_owned)
		vx_db_free(c->db_owned);
	pcre2_code_free(c->re);
	free(c->like_pattern);
	free(c->like_message);
	git_repository_free(c->repo);
	free(c->gitdir);
	free(c->dir);
}

static int load_graph(struct ctx *c)
{
	int err = vx_bisect_graph_load(&c->g, c->repo, &c->bad, c->goods, c->ngoods);

	if (err) {
		err_msg("cannot walk the range: %s", err == -EINVAL ? "it is empty" : git_err());
		return err;
	}
	c->keys = xcalloc(vx_bisect_graph_count(c->g), sizeof(char *));
	return vx_bisect_verdicts_load(c->dir, &c->verdicts, &c->nverdicts);
}

/* When the first bad commit is the given BAD, no step has its log: build and
 * load it once more (not a step, as git does not test BAD either) so that the
 * report can explain the rejection. */
static int explain_given_bad(struct ctx *c, const struct vx_bisect_pick *p)
{
	const char *how;
	int err;

	if (p->outcome != VX_BISECT_FOUND || c->o.test || known_verdict(c, p->commit, &how) >= 0)
		return 0;
	fprintf(c->prog_out, "Building the given bad commit %s to explain it\n",
		git_oid_tostr_s(node_id(c, p->commit)));
	err = job_start(c, &c->jobs[0], p->commit);
	if (err)
		return err;
	err = wait_one(c);
	kill_all(c);
	return err < 0 ? err : 0;
}

static int run_loop(struct ctx *c)
{
	struct vx_bisect_state *st = vx_bisect_state_new(c->g);
	struct vx_bisect_pick p = { 0 };
	int rc, err;

	/* extra good commits inside the range */
	for (size_t i = 1; i < c->ngoods; i++)
		vx_bisect_state_mark(st, vx_bisect_graph_find(c->g, &c->goods[i]), VX_BV_GOOD);
	setup_jobs(c);
	c->announced = -1;
	for (;;) {
		err = advance(c, st, &p);
		if (err) {
			err_msg("the bad commit is an ancestor of a good one");
			rc = VX_EXIT_ERROR;
			goto out;
		}
		if (p.outcome != VX_BISECT_TEST)
			break;
		announce(c, &p);
		err = schedule(c, st);
		if (!err)
			err = wait_one(c);
		if (c->abort) {
			err_msg("--test exited %d (128 or more): bisect aborted, state kept", c->abort_rc);
			rc = VX_EXIT_ERROR;
			goto out;
		}
		if (err == -EINTR) {
			err_msg("interrupted: state kept in %s; `vexplain bisect continue` resumes", c->dir);
			rc = VX_EXIT_INTERRUPTED;
			goto out;
		}
		if (err < 0) {
			rc = VX_EXIT_ERROR;
			goto out;
		}
	}
	kill_all(c); /* speculative steps no longer needed */
	err = explain_given_bad(c, &p);
	if (err == -EINTR) {
		rc = VX_EXIT_INTERRUPTED;
		goto out;
	}
	write_log(c, &p);
	rc = report(c, &p);
out:
	kill_all(c);
	vx_bisect_pick_clear(&p);
	vx_bisect_state_free(st);
	return rc;
}

/* The range this state was started with, to tell a resume from a new bisect. */
static int check_range_file(struct ctx *c)
{
	char *path = xasprintf("%s/range", c->dir), *text = NULL;
	struct strbuf want = STRBUF_INIT;
	size_t len;
	int err;

	sb_addf(&want, "bad %s\n", git_oid_tostr_s(&c->bad));
	for (size_t i = 0; i < c->ngoods; i++)
		sb_addf(&want, "good %s\n", git_oid_tostr_s(&c->goods[i]));
	err = read_file(path, 1 << 20, &text, &len);
	if (err == -ENOENT) {
		FILE *f = fopen(path, "w");
		err = f ? 0 : -errno;
		if (f) {
			fputs(sb_str(&want), f);
			if (fclose(f))
				err = -errno;
		}
	} else if (!err && strcmp(text, sb_str(&want))) {
		err = -EEXIST;
	}
	free(text);
	free(path);
	sb_free(&want);
	return err;
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int prepare_state(struct ctx *c)
{
	char *sub;
	int err = mkdir_p(c->dir), holder = 0;

	if (err) {
		err_msg("cannot create %s: %s", c->dir, strerror(-err));
		return VX_EXIT_ERROR;
	}
	err = vx_bisect_lock(c->dir, &holder);
	if (err == -EBUSY) {
		err_msg("another vexplain bisect (pid %d) is running in this repository; wait for it, "
			"or stop it and run `vexplain bisect reset`", holder);
		return VX_EXIT_ERROR;
	}
	if (err) {
		err_msg("cannot lock %s: %s", c->dir, strerror(-err));
		return VX_EXIT_ERROR;
	}
	sub = xasprintf("%s/logs", c->dir);
	mkdir_p(sub);
	free(sub);
	sub = xasprintf("%s/jobs", c->dir);
	mkdir_p(sub);
	free(sub);
	return 0;
}

/* Saved for `continue`, which may run from another directory: -C absolute. */
static void save_args(struct ctx *c, int argc, char **argv)
{
	char **v = xcalloc(argc + 1, sizeof(char *));
	char *abs = NULL;

	for (int i = 0; i < argc; i++) {
		v[i] = argv[i];
		if (i > 0 && !strcmp(argv[i - 1], "-C") && (abs = realpath(argv[i], NULL)))
			v[i] = abs;
	}
	vx_bisect_save_args(c->dir, argc, v);
	free(abs);
	free(v);
}

/* start (or resume) with ARGV: the arguments after "bisect". */
static int bisect_run(int argc, char **argv, bool resuming)
{
	struct ctx c = { 0 };
	int rc, err;

	err = parse_opts(argc, argv, &c.o);
	if (err) {
		if (err > 0) {
			fputs(bisect_usage, stdout);
			return VX_EXIT_OK;
		}
		fputs(bisect_usage, stderr);
		return VX_EXIT_USAGE;
	}
	if (check_run_opts(&c.o) || open_repo(&c) || resolve_range(&c)) {
		free_ctx(&c);
		return VX_EXIT_USAGE;
	}
	c.prog_out = c.o.out == OUT_TEXT ? stdout : stderr;
	if (setup_target(&c)) {
		free_ctx(&c);
		return VX_EXIT_USAGE;
	}
	rc = prepare_state(&c);
	if (rc) {
		free_ctx(&c);
		return rc;
	}
	err = check_range_file(&c);
	if (err == -EEXIST) {
		err_msg("a bisect of another range is in progress in %s:\n"
			"  `vexplain bisect continue` resumes it, `vexplain bisect reset` drops it", c.dir);
		rc = VX_EXIT_USAGE;
		goto out;
	}
	if (!resuming)
		save_args(&c, argc, argv);
	install_signals();
	rc = load_graph(&c) ? VX_EXIT_ERROR : run_loop(&c);
out:
	vx_bisect_unlock(c.dir);
	free_ctx(&c);
	return rc;
}

/* ---- status, log, reset, replay, continue ---- */

static int state_dir(const char *repo_path, char **dir)
{
	struct ctx c = { 0 };

	c.o.repo = repo_path;
	if (open_repo(&c))
		return -ENOENT;
	*dir = c.dir;
	c.dir = NULL;
	free_ctx(&c);
	return 0;
}

static int cmd_log(const char *dir)
{
	char *path = xasprintf("%s/log", dir), *text = NULL;
	size_t len;
	int err = read_file(path, 64 << 20, &text, &len);

	free(path);
	if (err) {
		err_msg("no bisect log here (%s)", strerror(-err));
		return VX_EXIT_USAGE;
	}
	fwrite(text, 1, len, stdout);
	free(text);
	return VX_EXIT_OK;
}

static int cmd_reset(const char *dir)
{
	int holder = vx_bisect_lock_holder(dir);

	if (holder) {
		err_msg("a bisect (pid %d) is running here; stop it first", holder);
		return VX_EXIT_ERROR;
	}
	if (rm_rf(dir) < 0) {
		err_msg("cannot remove %s: %s", dir, strerror(errno));
		return VX_EXIT_ERROR;
	}
	printf("vexplain: bisect: state removed (%s)\n", dir);
	return VX_EXIT_OK;
}

static int cmd_status(const char *dir)
{
	struct vx_bisect_verdict *v = NULL;
	size_t n = 0, counts[4] = { 0 };
	char *path = xasprintf("%s/range", dir), *text = NULL;
	size_t len;
	int holder = vx_bisect_lock_holder(dir);

	if (read_file(path, 1 << 20, &text, &len) < 0) {
		printf("no bisect in progress\n");
		free(path);
		return VX_EXIT_OK;
	}
	vx_bisect_verdicts_load(dir, &v, &n);
	for (size_t i = 0; i < n; i++)
		counts[v[i].v]++;
	printf("bisect state in %s%s\n%s", dir, holder ? " (running)" : "", text);
	if (holder)
		printf("running: pid %d\n", holder);
	printf("tested: %zu (good %zu, bad %zu, skip %zu)\n", n, counts[VX_BV_GOOD],
	       counts[VX_BV_BAD], counts[VX_BV_SKIP]);
	for (size_t i = 0; i < n; i++)
		printf("  %s %-4s %s\n", git_oid_tostr_s(&v[i].commit), vx_bv_name(v[i].v),
		       v[i].summary);
	vx_bisect_verdicts_free(v, n);
	free(text);
	free(path);
	return VX_EXIT_OK;
}

static int cmd_continue(const char *dir, int extra_argc, char **extra_argv)
{
	int argc = 0, rc;
	char **argv = NULL;

	if (vx_bisect_load_args(dir, &argc, &argv) < 0) {
		err_msg("no bisect to continue here");
		return VX_EXIT_USAGE;
	}
	argv = xrealloc(argv, (argc + extra_argc + 1) * sizeof(char *));
	for (int i = 0; i < extra_argc; i++)
		argv[argc++] = xstrdup(extra_argv[i]);
	argv[argc] = NULL;
	rc = bisect_run(argc, argv, true);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return rc;
}

/* Read `git bisect log` lines (ours or git's): their verdicts join ours. */
static int cmd_replay(const char *dir, const char *file, int argc, char **argv)
{
	char *text = NULL, *line, *save = NULL;
	size_t len, added = 0;
	int err = read_file(file, 64 << 20, &text, &len);

	if (err) {
		err_msg("%s: %s", file, strerror(-err));
		return VX_EXIT_USAGE;
	}
	if (mkdir_p(dir) < 0 || vx_bisect_lock_holder(dir)) {
		err_msg("cannot replay into %s: missing, or a bisect is running there", dir);
		free(text);
		return VX_EXIT_ERROR;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char verdict[16], hex[GIT_OID_HEXSZ + 1];
		struct vx_bisect_verdict v = { .key = "-", .source = "replay" };
		if (sscanf(line, "git bisect %15s %40s", verdict, hex) != 2)
			continue;
		v.v = vx_bv_parse(verdict);
		if (v.v == VX_BV_NONE || git_oid_fromstr(&v.commit, hex) < 0)
			continue;
		v.summary = xasprintf("from %s", file);
		vx_bisect_verdict_append(dir, &v);
		free(v.summary);
		added++;
	}
	free(text);
	printf("vexplain: bisect: %zu verdicts replayed from %s\n", added, file);
	fflush(stdout);
	if (argc > 1)
		return bisect_run(argc, argv, false); /* GOOD..BAD and how to test */
	return cmd_continue(dir, 0, NULL);
}

/* ARGV for bisect_run: "bisect" [-C REPO] ARGS... */
static char **run_argv(const char *repo, int argc, char **args, int *n)
{
	char **v = xcalloc(argc + 4, sizeof(char *));

	*n = 0;
	v[(*n)++] = "bisect";
	if (repo) {
		v[(*n)++] = "-C";
		v[(*n)++] = (char *)repo;
	}
	for (int i = 0; i < argc; i++)
		v[(*n)++] = args[i];
	return v;
}

int cmd_bisect(int argc, char **argv)
{
	const char *repo = NULL, *sub;
	char *dir = NULL, **v = NULL;
	int si = 1, rc, n;

	git_libgit2_init();
	/* -C REPO may come before the subcommand */
	while (si + 1 < argc && !strcmp(argv[si], "-C")) {
		repo = argv[si + 1];
		si += 2;
	}
	sub = si < argc ? argv[si] : NULL;
	if (!sub || !strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(bisect_usage, sub ? stdout : stderr);
		rc = sub ? VX_EXIT_OK : VX_EXIT_USAGE;
		goto out;
	}
	if (strcmp(sub, "status") && strcmp(sub, "log") && strcmp(sub, "reset") &&
	    strcmp(sub, "replay") && strcmp(sub, "continue")) {
		/* `vexplain bisect [start] GOOD..BAD ...` */
		if (!strcmp(sub, "start"))
			si++;
		v = run_argv(repo, argc - si, argv + si, &n);
		rc = bisect_run(n, v, false);
		goto out;
	}
	if (state_dir(repo, &dir) < 0) {
		rc = VX_EXIT_USAGE;
		goto out;
	}
	if (!strcmp(sub, "status")) {
		rc = cmd_status(dir);
	} else if (!strcmp(sub, "log")) {
		rc = cmd_log(dir);
	} else if (!strcmp(sub, "reset")) {
		rc = cmd_reset(dir);
	} else if (!strcmp(sub, "continue")) {
		rc = cmd_continue(dir, argc - si - 1, argv + si + 1);
	} else if (si + 1 >= argc) {
		err_msg("replay needs a FILE");
		rc = VX_EXIT_USAGE;
	} else {
		/* replay FILE [GOOD..BAD options...] */
		v = run_argv(repo, argc - si - 2, argv + si + 2, &n);
		rc = cmd_replay(dir, argv[si + 1], n, v);
	}
out:
	free(v);
	free(dir);
	git_libgit2_shutdown();
	return rc;
}
