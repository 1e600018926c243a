// SPDX-License-Identifier: MIT
/* vexplain bisect --kernels (bisect_kernels.h): the options, the search,
 * one load per kernel by the path `load --matrix --kernels` takes, and the
 * report in text, Markdown or JSON, as `vexplain bisect` words its own. */
#include "bisect_kernels_int.h"
#include "bisect_cmd.h" /* bisect_err */

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bpfload.h"
#include "commands.h"
#include "load_explain.h"
#include "patterns.h"
#include "progress.h"
#include "record.h"
#include "render.h"
#include "util.h"
#include "util_proc.h"
#include "vm.h"

/* What counts as another outcome, program by program. */
void bisect_kernels_usage(FILE *f)
{
	fputs("\n"
	      "With --kernels the bisect is over kernels, not commits: OBJ.o (built already) is\n"
	      "loaded on each kernel of an ordered list as `load --matrix --kernels` loads it,\n"
	      "and the answer is the first kernel on which its outcome differs from the one on\n"
	      "the first kernel. In git bisect's other terms, the first kernel's outcome is\n"
	      "old and a different one new. One change along the list is assumed, as git\n"
	      "bisect assumes one along a history: the first and the last kernel are loaded,\n"
	      "then the list is halved (about log2(N) + 2 loads of N kernels). No repository\n"
	      "and no state: a load takes a few seconds. --object (or OBJ.o as the argument),\n"
	      "--prog, --type, --json, --markdown and --quiet are as above.\n"
	      "\n"
	      "  --kernels K1,...,KN  the kernels in order, two or more, each once: host (this\n"
	      "                     kernel), a Debian release (6.1, 6.12: fetched with apt-get\n"
	      "                     download and booted in qemu) or a bzImage path; every name\n"
	      "                     is checked before the first load\n"
	      "  --change WHAT      what makes an outcome another: verdict (accepted, rejected,\n"
	      "                     truncated; the default), reason (also the category or the\n"
	      "                     pattern of a rejection), wording (also the verifier's\n"
	      "                     message: a kernel that rewords a rejection)\n"
	      "  --linear           load every kernel in order instead, and name every change\n"
	      "                     (a check of the one-change assumption)\n"
	      "\n"
	      "Each step says the kernel, its release, old or new (skip: it could not be\n"
	      "loaded), and why: each program's verdict, category, pattern and message. The\n"
	      "report names the first new kernel (\"6.12 is the first new kernel\"), the last\n"
	      "old one, every step, and explains the rejection on either side of the change.\n"
	      "--json: one object per step (kernel, release, verdict, why, programs), then the\n"
	      "result: result (found, no-change, only-skipped, error), first_new, last_old,\n"
	      "change, mode, steps, kernels, decisions, candidates, changes, explanation.\n"
	      "\n"
	      "Exit status: with --kernels, 1 a first new kernel was found; 0 no change (the\n"
	      "first and the last kernel agree; with --linear, every kernel); 2 usage (a bad\n"
	      "kernel name, fewer than two kernels, the object cannot be read or loaded);\n"
	      "3 only kernels that could not be loaded lie between the last old and the first\n"
	      "new (the candidates are listed); 4 error (the first or the last kernel could\n"
	      "not be loaded); 130 interrupted.\n",
	      f);
}

const char *const kb_change_names[] = { "verdict", "reason", "wording" };

/* ---- the search ---- */

static int log2_ceil(size_t n)
{
	int s = 0;

	while (((size_t)1 << s) < n)
		s++;
	return s;
}

static void pick_test(struct vx_kb_pick *p, size_t at, size_t left, int est)
{
	p->outcome = VX_KB_TEST;
	p->at = at;
	p->left = left;
	p->est_steps = est;
}

/* Linear: the next kernel in order, then the answer from them all. */
static bool linear_next(const enum vx_kb *v, size_t n, struct vx_kb_pick *p)
{
	size_t left = 0, at = n;

	for (size_t i = 0; i < n; i++) {
		if (v[i] == VX_KB_NONE && at == n)
			at = i;
		else if (v[i] == VX_KB_NONE)
			left++;
	}
	if (at == n)
		return false;
	pick_test(p, at, left, (int)left + 1);
	return true;
}

/* Binary: the untested kernel nearest the middle of (lo, hi), the lower
 * one of two; none left: the answer. */
static void middle_next(const enum vx_kb *v, size_t lo, size_t hi, struct vx_kb_pick *p)
{
	size_t mid = lo + (hi - lo) / 2, best = hi, dist = hi;
	bool skipped = false;

	for (size_t i = lo + 1; i < hi; i++) {
		size_t d = i < mid ? mid - i : i - mid;

		skipped |= v[i] == VX_KB_SKIP;
		if (v[i] == VX_KB_NONE && d < dist) {
			best = i;
			dist = d;
		}
	}
	if (best < hi) {
		size_t below = best - lo - 1, above = hi - best - 1;
		size_t left = below > above ? below : above;

		pick_test(p, best, left, log2_ceil(left + 1));
		return;
	}
	p->outcome = skipped ? VX_KB_ONLY_SKIPPED : VX_KB_FOUND;
	p->at = hi;
}

void vx_kb_next(const enum vx_kb *v, size_t n, bool linear, struct vx_kb_pick *p)
{
	size_t hi = n, lo = 0;

	memset(p, 0, sizeof(*p));
	if (v[0] == VX_KB_NONE) {
		pick_test(p, 0, n - 1, linear ? (int)n - 1 : 1 + log2_ceil(n - 1));
		return;
	}
	if (v[0] != VX_KB_SKIP && !linear && v[n - 1] == VX_KB_NONE) {
		pick_test(p, n - 1, n - 2, log2_ceil(n - 1));
		return;
	}
	if (v[0] == VX_KB_SKIP || (!linear && v[n - 1] == VX_KB_SKIP)) {
		p->outcome = VX_KB_NO_ENDS;
		p->at = v[0] == VX_KB_SKIP ? 0 : n - 1;
		return;
	}
	if (linear && linear_next(v, n, p))
		return;
	for (size_t i = 0; i < n && hi == n; i++)
		if (v[i] == VX_KB_NEW)
			hi = i;
	for (size_t i = hi; i-- > 0;)
		if (v[i] == VX_KB_OLD) {
			lo = i;
			break;
		}
	p->last_old = lo;
	if (hi == n)
		p->outcome = VX_KB_SAME;
	else
		middle_next(v, lo, hi, p);
}

/* ---- options and the kernel list ---- */

bool bisect_kernels_wanted(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--kernels") || starts_with(argv[i], "--kernels="))
			return true;
	return false;
}

static int add_kernel(struct kb_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->k[i].name, name)) {
			bisect_err("kernel %s is in the list twice: each kernel is loaded once",
				   name);
			return -EINVAL;
		}
	c->k = xrealloc(c->k, (c->n + 1) * sizeof(*c->k));
	memset(&c->k[c->n], 0, sizeof(*c->k));
	c->k[c->n].name = xstrdup(name);
	c->k[c->n].arg = strcmp(name, "host") ? c->k[c->n].name : NULL;
	c->n++;
	return 0;
}

/* host,6.1,PATH: each name known before anything is loaded. */
static int parse_kernels(struct kb_ctx *c, const char *list)
{
	const char *p = list;

	if (c->n) {
		bisect_err("--kernels is given twice");
		return -EINVAL;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		char *name = xstrndup(p, len);
		int err = len ? add_kernel(c, name) : -EINVAL;

		if (!len)
			bisect_err("--kernels takes an ordered list like 6.1,6.12,host or "
				   "6.1,/boot/vmlinuz-X (an empty name in '%s')",
				   list);
		free(name);
		if (err)
			return err;
		if (!p[len])
			break;
		p += len + 1;
	}
	if (c->n < 2) {
		bool host = !c->k[0].arg;

		bisect_err("two kernels or more are needed to bisect (given: %s); `vexplain load "
			   "%s%s%sOBJ` loads on one",
			   list, host ? "" : "--kernel ", host ? "" : list, host ? "" : " ");
		return -EINVAL;
	}
	return 0;
}

static int check_kernels(struct kb_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		if (!c->k[i].arg)
			continue;
		int err = vx_vm_kernel_check(c->k[i].arg);
		if (err) {
			bisect_err("bad kernel '%s' (each is host, a Debian release such as 6.1 or "
				   "6.12, or a bzImage path): %s",
				   c->k[i].name, vx_vm_strerror(err));
			return err;
		}
	}
	return 0;
}

static int set_change(struct kb_ctx *c, const char *arg)
{
	for (size_t i = 0; i < ARRAY_SIZE(kb_change_names); i++)
		if (!strcmp(arg, kb_change_names[i])) {
			c->change = (enum kb_change)i;
			return 0;
		}
	bisect_err("--change takes verdict, reason or wording, not '%s'", arg);
	return -EINVAL;
}

/* 0, 1 for --help, -EINVAL (said). */
static int parse_opts(struct kb_ctx *c, int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "kernels", required_argument, NULL, 'K' },
		{ "object", required_argument, NULL, 'o' },
		{ "prog", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "change", required_argument, NULL, 'c' },
		{ "linear", no_argument, NULL, 'L' },
		{ "json", no_argument, NULL, 'J' },
		{ "markdown", no_argument, NULL, 'M' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool quiet = false;
	int ch, err = 0;

	optind = 1;
	opterr = 0;
	while (!err && (ch = getopt_long(argc, argv, "qh", lopts, NULL)) != -1) {
		switch (ch) {
		case 'K':
			err = parse_kernels(c, optarg);
			break;
		case 'o':
			c->obj = optarg;
			break;
		case 'p':
			c->lo.prog = optarg;
			break;
		case 't':
			c->lo.type = optarg;
			break;
		case 'c':
			err = set_change(c, optarg);
			break;
		case 'L':
			c->linear = true;
			break;
		case 'J':
			c->out = KB_JSON;
			break;
		case 'M':
			c->out = KB_MD;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			return 1;
		default:
			bisect_err(
				"unknown option or missing value: '%s' (with --kernels: OBJ.o, --object, "
				"--prog, --type, --change, --linear, --json, --markdown, --quiet)",
				argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (err)
		return err;
	if (optind < argc && !c->obj)
		c->obj = argv[optind++];
	if (optind < argc || !c->obj) {
		bisect_err(optind < argc ? "unexpected argument '%s'" : "%s",
			   optind < argc ? argv[optind] :
					   "no object: vexplain bisect --kernels K1,K2,... OBJ.o");
		return -EINVAL;
	}
	vx_progress_quiet(quiet);
	c->progress = !quiet && vx_progress_enabled();
	return 0;
}

static int check_object(const char *obj)
{
	struct stat st;

	if (stat(obj, &st) < 0 || access(obj, R_OK) < 0) {
		bisect_err("%s: %s", obj, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode)) {
		bisect_err("%s: not a file (a BPF object is)", obj);
		return -EISDIR;
	}
	return 0;
}

/* ---- one kernel: load, explain, compare ---- */

static bool streq0(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* Is B (one program on a kernel) the same outcome as A, for --change? An
 * accepted program is accepted, whatever the verifier's statistics. */
bool kb_same_prog(const struct vx_record *a, const struct vx_record *b, enum kb_change ch)
{
	if (a->verdict != b->verdict)
		return false;
	if (ch == CHANGE_VERDICT || a->verdict == VX_ACCEPTED)
		return true;
	if (!streq0(a->category, b->category) || !streq0(a->pattern, b->pattern))
		return false;
	return ch == CHANGE_REASON || streq0(a->message, b->message);
}

/* Program NAME (or, unnamed, the one at POS) of a loaded kernel. */
const struct vx_record *kb_prog_of(const struct kb_kernel *k, const struct vx_record *r, size_t pos)
{
	for (size_t i = 0; i < k->nrecs; i++)
		if (r->prog_name && streq0(k->recs[i]->prog_name, r->prog_name))
			return k->recs[i];
	return !r->prog_name && pos < k->nrecs ? k->recs[pos] : NULL;
}

bool kb_same_outcome(const struct kb_kernel *a, const struct kb_kernel *b, enum kb_change ch)
{
	if (a->nrecs != b->nrecs)
		return false;
	for (size_t i = 0; i < b->nrecs; i++) {
		const struct vx_record *o = kb_prog_of(a, b->recs[i], i);
		if (!o || !kb_same_prog(o, b->recs[i], ch))
			return false;
	}
	return true;
}

/* "iter_sum: rejected kfunc-unavailable/kfunc-missing: extern ..." */
static void prog_state(struct strbuf *sb, const struct vx_record *r)
{
	sb_addf(sb, "%s: %s", r->prog_name ? r->prog_name : "(program)",
		vx_verdict_name(r->verdict));
	if (r->verdict == VX_ACCEPTED)
		return;
	if (r->category || r->pattern)
		sb_addf(sb, " %s%s%s", r->category ? r->category : "other", r->pattern ? "/" : "",
			r->pattern ? r->pattern : "");
	if (r->message)
		sb_addf(sb, ": %s", r->message);
}

/* Why kernel K is old or new: its programs' outcomes; for a new one only
 * those that differ from the first kernel's. At most three are named. */
static char *kernel_why(const struct kb_ctx *c, const struct kb_kernel *k, enum vx_kb v)
{
	struct strbuf sb = STRBUF_INIT;
	size_t shown = 0, more = 0;

	for (size_t i = 0; i < k->nrecs; i++) {
		const struct vx_record *o = kb_prog_of(&c->k[0], k->recs[i], i);

		if (v == VX_KB_NEW && o && kb_same_prog(o, k->recs[i], c->change))
			continue;
		if (shown == 3) {
			more++;
			continue;
		}
		if (shown++)
			sb_adds(&sb, "; ");
		prog_state(&sb, k->recs[i]);
	}
	if (more)
		sb_addf(&sb, " (and %zu more)", more);
	if (v == VX_KB_NEW && k->nrecs != c->k[0].nrecs)
		sb_addf(&sb, "%s%zu programs loaded, %zu on %s", shown ? "; " : "", k->nrecs,
			c->k[0].nrecs, c->k[0].name);
	return sb.buf ? sb_detach(&sb) : xstrdup("no program");
}

static bool is_object_fault(int err)
{
	return err == -ENOENT || err == -EISDIR || err == -ENOEXEC || err == -ESRCH ||
	       err == -ENOMSG || err == -EINVAL;
}

/* A load that gave no results: why, in the words of who failed. */
static char *load_failure(const struct kb_ctx *c, struct kb_kernel *k, int err, char *agent)
{
	if (agent) {
		char *t = tail_lines(agent, strlen(agent), 3, 300);
		char *why = xasprintf("could not load: the agent loaded nothing: %s", t);
		free(t);
		k->object_fault = true;
		return why;
	}
	k->object_fault = !k->arg && is_object_fault(err);
	return xasprintf("could not load: %s",
			 k->arg ? vx_vm_strerror(err) : vx_load_strerror(err, &c->lo));
}

/* Load OBJ on kernel I and judge it: old, new or skip. -EINTR: stop. */
static int load_kernel(struct kb_ctx *c, size_t i)
{
	struct kb_kernel *k = &c->k[i];
	struct vx_load_result *res = NULL;
	size_t n = 0;
	char *agent = NULL;
	double t0 = vx_now();
	int err = vx_load_on(k->arg, c->obj, &c->lo, &res, &n, &agent);

	k->secs = vx_now() - t0;
	k->step = ++c->nsteps;
	if (err == -EINTR) {
		vx_load_results_free(res, n);
		return err;
	}
	if (!err) {
		k->recs = xcalloc(n, sizeof(*k->recs));
		for (size_t j = 0; j < n && !err; j++) {
			err = vx_load_explain(c->db, &res[j], &k->recs[k->nrecs]);
			k->nrecs += !err;
		}
		if (n)
			k->release = xstrdup(res[0].kernel);
	}
	if (err || !k->nrecs) {
		c->v[i] = VX_KB_SKIP;
		k->why = err ? load_failure(c, k, err, agent) :
			       xstrdup("could not load: no program");
	} else {
		c->v[i] = i == 0 || kb_same_outcome(&c->k[0], k, c->change) ? VX_KB_OLD : VX_KB_NEW;
		k->why = kernel_why(c, k, c->v[i]);
	}
	for (char *p = k->why; *p; p++) /* a VM's console tail: one line for a step */
		*p = *p == '\n' ? ' ' : *p;
	free(agent);
	vx_load_results_free(res, n);
	return 0;
}

/* ---- progress and the steps' JSON ---- */

const char *kb_name(enum vx_kb v)
{
	static const char *const names[] = { "none", "old", "new", "skip" };
	return names[v];
}

static void announce(const struct kb_ctx *c, const struct vx_kb_pick *p)
{
	const char *name = c->k[p->at].name;

	if (!c->progress)
		return;
	if (p->at == 0)
		vx_progress_print(stderr,
				  "Bisecting %zu kernels%s: the first, %s, is old by "
				  "definition\n[%s]\n",
				  c->n, c->linear ? " in order" : "", name, name);
	else if (c->linear || p->at == c->n - 1)
		vx_progress_print(stderr, "[%s] %s kernel (%zu left after this)\n", name,
				  c->linear ? "the next" : "the last", p->left);
	else
		vx_progress_print(stderr,
				  "Bisecting: %zu kernel%s left to test after this (roughly "
				  "%d step%s)\n[%s]\n",
				  p->left, p->left == 1 ? "" : "s", p->est_steps,
				  p->est_steps == 1 ? "" : "s", name);
}

static void said(const struct kb_ctx *c, size_t i)
{
	const struct kb_kernel *k = &c->k[i];

	if (c->progress)
		vx_progress_print(stderr, "  %s: %s [step %zu, %.1f s]\n", kb_name(c->v[i]), k->why,
				  k->step, vx_now() - c->t0);
	if (c->out == KB_JSON) {
		cJSON *o = kb_step_json(c, i, true);
		vx_print_json(stdout, o);
		cJSON_Delete(o);
		fflush(stdout);
	}
}

/* ---- the command ---- */

static void ctx_free(struct kb_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct kb_kernel *k = &c->k[i];
		for (size_t j = 0; j < k->nrecs; j++)
			vx_record_free(k->recs[j]);
		free(k->recs);
		free(k->name);
		free(k->release);
		free(k->why);
	}
	free(c->k);
	free(c->v);
	vx_db_free(c->db);
}

static int run(struct kb_ctx *c)
{
	struct vx_kb_pick p;

	c->v = xcalloc(c->n, sizeof(*c->v));
	c->t0 = vx_now();
	for (;;) {
		vx_kb_next(c->v, c->n, c->linear, &p);
		if (p.outcome != VX_KB_TEST)
			break;
		announce(c, &p);
		if (load_kernel(c, p.at) == -EINTR) {
			bisect_err("interrupted");
			return 130;
		}
		said(c, p.at);
	}
	return kb_report(c, &p);
}

int cmd_bisect_kernels(int argc, char **argv)
{
	struct kb_ctx c = { 0 };
	struct strbuf msg = STRBUF_INIT;
	int err = parse_opts(&c, argc, argv), status = VX_EXIT_USAGE;

	if (err > 0) {
		fputs("usage: vexplain bisect --kernels K1,K2,...,KN OBJ.o [--prog NAME] [--type TYPE]\n"
		      "                       [--change verdict|reason|wording] [--linear]\n"
		      "                       [--json | --markdown] [-q]\n",
		      stdout);
		bisect_kernels_usage(stdout);
		status = VX_EXIT_OK;
		goto out;
	}
	if (err || check_object(c.obj) || check_kernels(&c))
		goto out;
	if (vx_db_load(NULL, &c.db, &msg) < 0) {
		bisect_err("pattern database: %s", sb_str(&msg));
		status = VX_EXIT_ERROR;
		goto out;
	}
	status = run(&c);
out:
	sb_free(&msg);
	ctx_free(&c);
	return status;
}
