// SPDX-License-Identifier: MIT
/* `vexplain bisect`: the command around the engine in bisect.c, as git's
 * builtin/bisect.c is around its bisect.c: the usage, the options, the
 * subcommands (a table, cmd_bisect__start ... as git names them), and the
 * one mapping from how a run ends to the exit status. A run's main loop is
 * bisect_loop.c's; steps are checked out (bisect_worktree.c), run
 * (bisect_runner.c) and judged (bisect_verdict.c) elsewhere; the answer is
 * printed by bisect_report.c; the state files are bisect_state.c's. */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bisect_cmd.h"
#include "bisect_kernels.h"
#include "commands.h"
#include "util.h"
#include "util_fs.h"
#include "util_proc.h"

#define DEFAULT_TIMEOUT 600

static const char bisect_usage[] =
	"usage: vexplain bisect GOOD..BAD [options] [-- PATHS...]\n"
	"       vexplain bisect continue | status | log | reset\n"
	"       vexplain bisect replay FILE [options]\n"
	"       vexplain bisect --kernels K1,K2,...,KN OBJ.o [options]\n"
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
	"  --fixed            look for a fix: GOOD..BAD is BROKEN..FIXED, a step whose\n"
	"                     program loads (or whose --test exits 0) is fixed, one\n"
	"                     rejected (as --match says) broken: `<id> is the first\n"
	"                     fixed commit`; git's terms broken and fixed (`git bisect\n"
	"                     start --term-old broken --term-new fixed`, whose run\n"
	"                     script exits 0 where it is still broken)\n"
	"  --term-old WORD, --term-new WORD (or git's --term-good, --term-bad)\n"
	"                     git's terms for the good (old) and bad (new) side: the\n"
	"                     words of the report, log, status and JSON; --test keeps\n"
	"                     git's rule (0 old, 1-127 new) unless --fixed is given\n"
	"  --submodule PATH   bisect the history of the submodule at PATH (a library the\n"
	"                     program keeps as a submodule: libbpf, say): revisions are\n"
	"                     the submodule's; each step is the superproject as committed\n"
	"                     at HEAD with the submodule at the step's commit, built with\n"
	"                     --build as usual; state, log, status in the superproject\n"
	"  --vendored PATH --library REPO\n"
	"                     the same for a copy of a library kept at PATH: revisions\n"
	"                     are REPO's, each step replaces PATH with the step's tree\n"
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
	"  --jobs N           test N commits at once in N worktrees (same answer): git's\n"
	"                     next commit plus the ones that follow each verdict (the\n"
	"                     same steps as git)\n"
	"  --multisect        with --jobs N: the N commits that split the range into\n"
	"                     N + 1 parts instead (git's answer, not its steps)\n"
	"  --timeout SECS     per step, build and reload together (default 600);\n"
	"                     on timeout the step's process group is killed, the step skipped\n"
	"  --json             JSON Lines: one object per step, then the result object with\n"
	"                     first_bad (full id, null when only skipped commits are left),\n"
	"                     steps (verdicts built on git's path: git bisect run's count),\n"
	"                     builds (all builds, speculative --jobs ones included), reused,\n"
	"                     skipped (ids), verdicts (id -> good/bad/skip, or the terms),\n"
	"                     candidates, terms ({old, new}), first_new (first_bad's id\n"
	"                     in any terms), last_old (with --fixed: the last broken step)\n"
	"  --markdown         the report as Markdown, for an issue\n"
	"  -q, --quiet        no progress (it goes to stderr only when that is a terminal:\n"
	"                     git's \"Bisecting: N revisions left to test after this\n"
	"                     (roughly K steps)\", the commit, each verdict, elapsed time)\n"
	"  -- PATHS...        only commits that touch PATHS are candidates, as with\n"
	"                     `git bisect start BAD GOOD -- PATHS` (the same steps as its\n"
	"                     `git bisect run`); candidates whose PATHS are identical reuse\n"
	"                     a verdict (without PATHS: identical trees)\n"
	"\n"
	"Verdict of a step: build fails -> skip; the log's rejection matches --match or\n"
	"--like (any rejection without them) -> bad; the program loads, or the reload\n"
	"exits 0 with no rejection -> good; a reload that fails with no rejection -> skip;\n"
	"a different rejection -> skip (or bad with --other bad).\n"
	"\n"
	"The report starts with git's words without quotes: `<full id> is the first bad commit`\n"
	"(with --fixed or --term-new WORD: `is the first fixed commit`, `first WORD`).\n"
	"A loader library as what changes: in the program's repository,\n"
	"  vexplain bisect --submodule libbpf v1.1.2..v1.7.0 --fixed --build make \\\n"
	"      --reload ./loader --match helper-unavailable\n"
	"builds libbpf and the loader at each release and loads the same object.\n"
	"State (resumable after Ctrl-C or a kill): .git/vexplain-bisect/. Running the\n"
	"same GOOD..BAD again, or `continue`, resumes; `reset` deletes it. `log` prints\n"
	"the steps in `git bisect log` form, which `replay` (or `git bisect replay`) reads.\n"
	"\n"
	"Exit status: 1 a first bad commit was found; 0 status/log/reset/replay done, or\n"
	"the given BAD, built at the end to explain it, is not rejected (a warning says so);\n"
	"2 usage, unknown revision, not a repository, a GOOD that descends from BAD,\n"
	"the merge base of GOOD and BAD is bad (a fix, in git's words), no candidate\n"
	"touches PATHS;\n"
	"3 only skipped commits left (the candidates are listed); 4 error (checkout,\n"
	"another bisect running here, --test exit >= 128); 130 interrupted (resumable).\n";

/* The exit status of each way a run ends (the usage text above says it). */
static int exit_status(enum bisect_result r)
{
	static const int status[] = {
		[BISECT_DONE] = VX_EXIT_OK,
		[BISECT_FOUND] = VX_EXIT_REJECTED,
		[BISECT_NOT_REPRODUCED] = VX_EXIT_OK,
		[BISECT_MERGE_BASE_BAD] = VX_EXIT_USAGE,
		[BISECT_ONLY_SKIPPED] = VX_EXIT_NOLOG,
		[BISECT_USAGE] = VX_EXIT_USAGE,
		[BISECT_ERROR] = VX_EXIT_ERROR,
		[BISECT_ABORTED] = VX_EXIT_ERROR,
		[BISECT_INTERRUPTED] = 130,
	};

	return status[r];
}

void bisect_err(const char *fmt, ...)
{
	va_list ap;

	fputs("vexplain: bisect: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *bisect_git_err(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

/* ---- arguments ---- */

/* getopt values of the options with no short letter */
enum { OPT_TERM_OLD = 256, OPT_TERM_NEW, OPT_FIXED, OPT_SUBMODULE, OPT_VENDORED, OPT_LIBRARY };

/* The options that take a string, by their getopt value. */
static const struct {
	int ch;
	size_t off;
} str_opts[] = {
	{ 'C', offsetof(struct bisect_opts, repo) },
	{ 'b', offsetof(struct bisect_opts, build) },
	{ 'r', offsetof(struct bisect_opts, reload) },
	{ 'o', offsetof(struct bisect_opts, object) },
	{ 'p', offsetof(struct bisect_opts, prog) },
	{ 't', offsetof(struct bisect_opts, type) },
	{ 'k', offsetof(struct bisect_opts, kernel) },
	{ 'T', offsetof(struct bisect_opts, test) },
	{ 'm', offsetof(struct bisect_opts, match) },
	{ 'l', offsetof(struct bisect_opts, like) },
	{ OPT_TERM_OLD, offsetof(struct bisect_opts, term_old) },
	{ OPT_TERM_NEW, offsetof(struct bisect_opts, term_new) },
	{ OPT_SUBMODULE, offsetof(struct bisect_opts, submodule) },
	{ OPT_VENDORED, offsetof(struct bisect_opts, vendored) },
	{ OPT_LIBRARY, offsetof(struct bisect_opts, library) },
};

static bool set_str_opt(struct bisect_opts *o, int ch, const char *arg)
{
	for (size_t i = 0; i < ARRAY_SIZE(str_opts); i++) {
		if (str_opts[i].ch == ch) {
			*(const char **)((char *)o + str_opts[i].off) = arg;
			return true;
		}
	}
	return false;
}

/* 0, 1 for --help, -EINVAL */
static int set_opt(struct bisect_opts *o, int ch, char **argv)
{
	if (set_str_opt(o, ch, optarg))
		return 0;
	switch (ch) {
	case 'g':
		o->goods = xrealloc(o->goods, (o->ngoods + 1) * sizeof(char *));
		o->goods[o->ngoods++] = optarg;
		return 0;
	case 'O':
		if (strcmp(optarg, "bad") && strcmp(optarg, "skip"))
			return -EINVAL;
		o->other_bad = !strcmp(optarg, "bad");
		return 0;
	case 'j':
		o->jobs = atoi(optarg);
		return 0;
	case 'x':
		o->timeout = atoi(optarg);
		return 0;
	case 'J':
		o->out = OUT_JSON;
		return 0;
	case 'q':
		o->quiet = true;
		return 0;
	case 'S':
		o->multisect = true;
		return 0;
	case 'M':
		o->out = OUT_MD;
		return 0;
	case OPT_FIXED:
		o->fixed = true;
		return 0;
	case 'h':
		return 1;
	default:
		bisect_err("unknown option or missing value: '%s'", argv[optind - 1]);
		return -EINVAL;
	}
}

/* What follows the options: nothing, or -- PATHS... */
static int parse_paths(int argc, char **argv, struct bisect_opts *o)
{
	if (optind > 1 && optind <= argc && !strcmp(argv[optind - 1], "--")) {
		/* getopt stepped over the "--" */
		o->paths = &argv[optind];
		o->npaths = argc - optind;
	} else if (optind < argc && !strcmp(argv[optind], "--")) {
		o->paths = &argv[optind + 1];
		o->npaths = argc - optind - 1;
	} else if (optind < argc) {
		bisect_err("unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

static int parse_opts(int argc, char **argv, struct bisect_opts *o)
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
		{ "quiet", no_argument, NULL, 'q' },
		{ "multisect", no_argument, NULL, 'S' },
		{ "term-old", required_argument, NULL, OPT_TERM_OLD },
		{ "term-good", required_argument, NULL, OPT_TERM_OLD },
		{ "term-new", required_argument, NULL, OPT_TERM_NEW },
		{ "term-bad", required_argument, NULL, OPT_TERM_NEW },
		{ "fixed", no_argument, NULL, OPT_FIXED },
		{ "submodule", required_argument, NULL, OPT_SUBMODULE },
		{ "vendored", required_argument, NULL, OPT_VENDORED },
		{ "library", required_argument, NULL, OPT_LIBRARY },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int ch, err;

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
		ch = getopt_long(argc, argv, "+C:j:qh", lopts, NULL);
		if (ch == -1)
			break;
		err = set_opt(o, ch, argv);
		if (err)
			return err;
	}
	if (parse_paths(argc, argv, o))
		return -EINVAL;
	if (o->jobs < 1 || o->jobs > 64 || o->timeout < 0) {
		bisect_err("--jobs takes 1..64, --timeout a number of seconds");
		return -EINVAL;
	}
	return 0;
}

/* git's check_term_format(): a word fit for refs/bisect/WORD, no bisect
 * subcommand, and good/old never new, bad/new never old. */
static int check_term(const char *term, const char *orig)
{
	static const char *const builtin[] = { "help",	"start",     "skip", "next",
					       "reset", "visualize", "view", "replay",
					       "log",	"run",	     "terms" };
	char ref[64];

	snprintf(ref, sizeof(ref), "refs/bisect/%s", term);
	if (!*term || strlen(term) >= sizeof(((struct vx_bisect_terms *)0)->old_) ||
	    !git_reference_is_valid_name(ref) || strchr(term, '\'') || strchr(term, ' ')) {
		bisect_err("'%s' is not a valid term", term);
		return -EINVAL;
	}
	for (size_t i = 0; i < ARRAY_SIZE(builtin); i++) {
		if (!strcmp(term, builtin[i])) {
			bisect_err("can't use the builtin command '%s' as a term", term);
			return -EINVAL;
		}
	}
	if ((strcmp(orig, "bad") && (!strcmp(term, "bad") || !strcmp(term, "new"))) ||
	    (strcmp(orig, "good") && (!strcmp(term, "good") || !strcmp(term, "old")))) {
		bisect_err("can't change the meaning of the term '%s'", term);
		return -EINVAL;
	}
	return 0;
}

/* The run's terms from the options: --term-old/--term-new as given, the
 * others git's good and bad, or with --fixed broken and fixed. */
static int options_terms(const struct bisect_opts *o, struct vx_bisect_terms *t)
{
	const char *old_ = o->term_old ? o->term_old : o->fixed ? "broken" : "good";
	const char *new_ = o->term_new ? o->term_new : o->fixed ? "fixed" : "bad";

	if ((o->term_old && check_term(old_, "good")) || (o->term_new && check_term(new_, "bad")))
		return -EINVAL;
	if (!strcmp(old_, new_)) {
		bisect_err("please use two different terms");
		return -EINVAL;
	}
	snprintf(t->old_, sizeof(t->old_), "%s", old_);
	snprintf(t->new_, sizeof(t->new_), "%s", new_);
	return 0;
}

static int check_run_opts(const struct bisect_opts *o)
{
	int modes = !!o->reload + !!o->object + !!o->test;

	if (modes != 1) {
		bisect_err("give exactly one of --reload CMD, --object PATH, --test CMD");
		return -EINVAL;
	}
	if (o->test && (o->match || o->like)) {
		bisect_err("--match and --like need --reload or --object, not --test");
		return -EINVAL;
	}
	if (o->kernel && !o->object) {
		bisect_err("--kernel needs --object");
		return -EINVAL;
	}
	if (o->match && o->like) {
		bisect_err("--match and --like are exclusive");
		return -EINVAL;
	}
	if ((o->vendored != NULL) != (o->library != NULL) || (o->vendored && o->submodule)) {
		bisect_err("--vendored PATH needs --library REPO (and excludes --submodule)");
		return -EINVAL;
	}
	return 0;
}

/* ---- setup and a run ---- */

/* Options, repository, range, target and the locked state: all a run needs.
 * False when it ends here (*res says how: --help, bad usage, locked). */
static bool setup(struct ctx *c, int argc, char **argv, enum bisect_result *res)
{
	int err = parse_opts(argc, argv, &c->o);

	*res = err > 0 ? BISECT_DONE : BISECT_USAGE;
	if (err) {
		fputs(bisect_usage, err > 0 ? stdout : stderr);
		if (err > 0)
			bisect_kernels_usage(stdout);
		return false;
	}
	if (check_run_opts(&c->o) || options_terms(&c->o, &c->terms) || bisect_open_repo(c) ||
	    bisect_resolve_range(c))
		return false;
	/* progress only for a person watching: stderr a terminal, no --quiet */
	c->prog_out = !c->o.quiet && isatty(STDERR_FILENO) ? stderr : NULL;
	c->t0 = vx_now();
	if (bisect_target_setup(&c->t, &c->o))
		return false;
	*res = bisect_prepare_state(c);
	if (*res != BISECT_DONE)
		return false;
	bisect_save_super(c);
	/* no terms given: those of the state (a replayed log's), if any */
	if (!c->o.term_old && !c->o.term_new && !c->o.fixed)
		vx_bisect_terms_load(c->dir, &c->terms);
	else
		vx_bisect_terms_save(c->dir, &c->terms);
	return true;
}

/* start (or resume) with ARGV: the arguments after "bisect". */
static enum bisect_result bisect_run(int argc, char **argv, bool resuming)
{
	struct ctx c = { 0 };
	enum bisect_result res;

	if (!setup(&c, argc, argv, &res)) {
		bisect_free_ctx(&c);
		return res;
	}
	if (vx_bisect_range_check(c.dir, &c.bad, c.goods, c.ngoods) == -EEXIST) {
		bisect_err("a bisect of another range is in progress in %s:\n"
			   "  `vexplain bisect continue` resumes it, `vexplain bisect reset` drops it",
			   c.dir);
		res = BISECT_USAGE;
		goto out;
	}
	if (!resuming)
		bisect_save_args(&c, argc, argv);
	bisect_install_signals();
	res = bisect_load_graph(&c) ? BISECT_ERROR : bisect_run_loop(&c);
out:
	vx_bisect_unlock(c.dir);
	bisect_free_ctx(&c);
	return res;
}

/* ---- the subcommands: status, log, reset, continue, replay, start ---- */

static int state_dir(const char *repo_path, char **dir)
{
	struct ctx c = { 0 };

	c.o.repo = repo_path;
	if (bisect_open_repo(&c))
		return -ENOENT;
	*dir = c.dir;
	c.dir = NULL;
	bisect_free_ctx(&c);
	return 0;
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

static enum bisect_result bisect_log(const char *dir)
{
	char *path = xasprintf("%s/log", dir), *text = NULL;
	size_t len;
	int err = read_file(path, 64 << 20, &text, &len);

	free(path);
	if (err) {
		bisect_err("no bisect log here (%s)", strerror(-err));
		return BISECT_USAGE;
	}
	fwrite(text, 1, len, stdout);
	free(text);
	return BISECT_DONE;
}

static enum bisect_result bisect_reset(const char *dir)
{
	int holder = vx_bisect_lock_holder(dir), err;

	if (holder) {
		bisect_err("a bisect (pid %d) is running here; stop it first", holder);
		return BISECT_ERROR;
	}
	err = rm_rf(dir);
	if (err < 0) {
		bisect_err("cannot remove %s: %s", dir, strerror(-err));
		return BISECT_ERROR;
	}
	printf("vexplain: bisect: state removed (%s)\n", dir);
	return BISECT_DONE;
}

static enum bisect_result bisect_status(const char *dir)
{
	struct vx_bisect_verdict *v = NULL;
	struct vx_bisect_terms t;
	size_t n = 0, counts[4] = { 0 };
	char *path = xasprintf("%s/range", dir), *text = NULL;
	size_t len;
	int holder = vx_bisect_lock_holder(dir);

	if (read_file(path, 1 << 20, &text, &len) < 0) {
		printf("no bisect in progress\n");
		free(path);
		return BISECT_DONE;
	}
	vx_bisect_verdicts_load(dir, &v, &n);
	vx_bisect_terms_load(dir, &t);
	for (size_t i = 0; i < n; i++)
		counts[v[i].v]++;
	printf("bisect state in %s%s\n%s", dir, holder ? " (running)" : "", text);
	if (!vx_bisect_terms_are_default(&t))
		printf("terms: %s (old, the good side) %s (new, the bad side)\n", t.old_, t.new_);
	if (holder)
		printf("running: pid %d\n", holder);
	printf("tested: %zu (%s %zu, %s %zu, skip %zu)\n", n, t.old_, counts[VX_BV_GOOD], t.new_,
	       counts[VX_BV_BAD], counts[VX_BV_SKIP]);
	for (size_t i = 0; i < n; i++)
		printf("  %s %-4s %s: %s\n", git_oid_tostr_s(&v[i].commit),
		       vx_bisect_term(&t, v[i].v), v[i].source, v[i].summary);
	vx_bisect_verdicts_free(v, n);
	free(text);
	free(path);
	return BISECT_DONE;
}

static enum bisect_result bisect_continue(const char *dir, int extra_argc, char **extra_argv)
{
	int argc = 0;
	char **argv = NULL;
	enum bisect_result res;

	if (vx_bisect_load_args(dir, &argc, &argv) < 0) {
		bisect_err("no bisect to continue here");
		return BISECT_USAGE;
	}
	argv = xrealloc(argv, (argc + extra_argc + 1) * sizeof(char *));
	for (int i = 0; i < extra_argc; i++)
		argv[argc++] = xstrdup(extra_argv[i]);
	argv[argc] = NULL;
	res = bisect_run(argc, argv, true);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return res;
}

/* The why of a replayed verdict: what our log's comment before it says
 * ("# bad: [ID] subject -- why"), or where it came from. */
static char *replayed_why(const char *comment, const char *hex, const char *file)
{
	const char *id = comment ? strstr(comment, hex) : NULL;
	const char *sep = id ? strstr(id, " -- ") : NULL;

	if (!sep)
		return xasprintf("from %s", file);
	sep += 4;
	/* a reused or replayed verdict's comment says "reused: why" */
	if (!strncmp(sep, "reused: ", 8) || !strncmp(sep, "replay: ", 8))
		sep += 8;
	return xasprintf("%s (replayed from %s)", sep, file);
}

/* The terms of a `git bisect start` line of a log: '--term-old' 'X' (or
 * --term-good, --term-old=X; quoted or not) and the same for new. 1 when it
 * names any (T set), 0 when none. */
static int replay_terms(const char *line, struct vx_bisect_terms *t)
{
	static const struct {
		const char *opt;
		bool is_new;
	} opts[] = { { "--term-old", false },
		     { "--term-good", false },
		     { "--term-new", true },
		     { "--term-bad", true } };
	char *copy = xstrdup(line), *w, *save = NULL;
	bool want_new = false, want = false;
	int found = 0;

	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(w);
		char *eq;
		if (n >= 2 && w[0] == '\'' && w[n - 1] == '\'') { /* git quotes each word */
			w[n - 1] = '\0';
			w++;
		}
		if (want) {
			snprintf(want_new ? t->new_ : t->old_, sizeof(t->old_), "%s", w);
			want = false;
			found = 1;
			continue;
		}
		eq = strchr(w, '=');
		for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
			size_t ol = strlen(opts[i].opt);
			if (strncmp(w, opts[i].opt, ol) || (w[ol] && w[ol] != '='))
				continue;
			want_new = opts[i].is_new;
			if (eq) {
				snprintf(want_new ? t->new_ : t->old_, sizeof(t->old_), "%s",
					 eq + 1);
				found = 1;
			} else {
				want = true;
			}
		}
	}
	free(copy);
	return found;
}

/* Read `git bisect log` lines (ours or git's): their verdicts join ours. */
static enum bisect_result bisect_replay(const char *dir, const char *file, int argc, char **argv)
{
	char *text = NULL, *line, *save = NULL, *why = NULL;
	struct vx_bisect_terms terms;
	size_t len, added = 0;
	int err = read_file(file, 64 << 20, &text, &len);

	if (err) {
		bisect_err("%s: %s", file, strerror(-err));
		return BISECT_USAGE;
	}
	if (mkdir_p(dir, 0755) < 0 || vx_bisect_lock_holder(dir)) {
		bisect_err("cannot replay into %s: missing, or a bisect is running there", dir);
		free(text);
		return BISECT_ERROR;
	}
	vx_bisect_terms_load(dir, &terms);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char verdict[40], hex[GIT_OID_HEXSZ + 1];
		struct vx_bisect_verdict v = { .key = "-", .source = "replay" };
		if (line[0] == '#') {
			why = line; /* our log says why before each verdict */
			continue;
		}
		if (!strncmp(line, "git bisect start", 16)) {
			if (replay_terms(line, &terms) > 0)
				vx_bisect_terms_save(dir, &terms);
			continue;
		}
		if (sscanf(line, "git bisect %39s %40s", verdict, hex) != 2)
			continue;
		v.v = vx_bisect_term_parse(&terms, verdict);
		if (v.v == VX_BV_NONE || git_oid_fromstr(&v.commit, hex) < 0) {
			why = NULL;
			continue;
		}
		v.summary = replayed_why(why, hex, file);
		why = NULL;
		vx_bisect_verdict_append(dir, &v);
		free(v.summary);
		added++;
	}
	free(text);
	printf("vexplain: bisect: %zu verdicts replayed from %s\n", added, file);
	fflush(stdout);
	if (argc > 1)
		return bisect_run(argc, argv, false); /* GOOD..BAD and how to test */
	return bisect_continue(dir, 0, NULL);
}

/* Each subcommand gets -C's REPO and the arguments after its name. */
static enum bisect_result cmd_bisect__start(const char *repo, int argc, char **argv)
{
	int n;
	char **v = run_argv(repo, argc, argv, &n);
	enum bisect_result res = bisect_run(n, v, false);

	free(v);
	return res;
}

static enum bisect_result with_state(const char *repo, int argc, char **argv,
				     enum bisect_result (*fn)(const char *dir, int argc,
							      char **argv))
{
	char *dir = NULL;
	enum bisect_result res;

	if (state_dir(repo, &dir) < 0)
		return BISECT_USAGE;
	res = fn(dir, argc, argv);
	free(dir);
	return res;
}

static enum bisect_result status_in(const char *dir, int argc, char **argv)
{
	return bisect_status(dir);
}

static enum bisect_result log_in(const char *dir, int argc, char **argv)
{
	return bisect_log(dir);
}

static enum bisect_result reset_in(const char *dir, int argc, char **argv)
{
	return bisect_reset(dir);
}

static enum bisect_result continue_in(const char *dir, int argc, char **argv)
{
	return bisect_continue(dir, argc, argv);
}

static enum bisect_result cmd_bisect__status(const char *repo, int argc, char **argv)
{
	return with_state(repo, argc, argv, status_in);
}

static enum bisect_result cmd_bisect__log(const char *repo, int argc, char **argv)
{
	return with_state(repo, argc, argv, log_in);
}

static enum bisect_result cmd_bisect__reset(const char *repo, int argc, char **argv)
{
	return with_state(repo, argc, argv, reset_in);
}

static enum bisect_result cmd_bisect__continue(const char *repo, int argc, char **argv)
{
	return with_state(repo, argc, argv, continue_in);
}

/* replay FILE [GOOD..BAD options...] */
static enum bisect_result cmd_bisect__replay(const char *repo, int argc, char **argv)
{
	char *dir = NULL, **v;
	enum bisect_result res;
	int n;

	if (state_dir(repo, &dir) < 0)
		return BISECT_USAGE;
	if (argc < 1) {
		bisect_err("replay needs a FILE");
		free(dir);
		return BISECT_USAGE;
	}
	v = run_argv(repo, argc - 1, argv + 1, &n);
	res = bisect_replay(dir, argv[0], n, v);
	free(v);
	free(dir);
	return res;
}

static enum bisect_result cmd_bisect__help(const char *repo, int argc, char **argv)
{
	fputs(bisect_usage, stdout);
	bisect_kernels_usage(stdout);
	return BISECT_DONE;
}

static const struct {
	const char *name;
	enum bisect_result (*fn)(const char *repo, int argc, char **argv);
} subcommands[] = {
	{ "start", cmd_bisect__start },
	{ "continue", cmd_bisect__continue },
	{ "status", cmd_bisect__status },
	{ "log", cmd_bisect__log },
	{ "reset", cmd_bisect__reset },
	{ "replay", cmd_bisect__replay },
	{ "help", cmd_bisect__help },
	{ "-h", cmd_bisect__help },
	{ "--help", cmd_bisect__help },
};

int cmd_bisect(int argc, char **argv)
{
	const char *repo = NULL;
	enum bisect_result res;
	int si = 1;

	if (bisect_kernels_wanted(argc, argv)) /* over kernels, not commits */
		return cmd_bisect_kernels(argc, argv);
	git_libgit2_init();
	/* -C REPO may come before the subcommand */
	while (si + 1 < argc && !strcmp(argv[si], "-C")) {
		repo = argv[si + 1];
		si += 2;
	}
	if (si >= argc) {
		fputs(bisect_usage, stderr);
		res = BISECT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subcommands); i++) {
		if (!strcmp(argv[si], subcommands[i].name)) {
			res = subcommands[i].fn(repo, argc - si - 1, argv + si + 1);
			goto out;
		}
	}
	/* `vexplain bisect GOOD..BAD ...`: start without its name */
	res = cmd_bisect__start(repo, argc - si, argv + si);
out:
	git_libgit2_shutdown();
	return exit_status(res);
}
