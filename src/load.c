// SPDX-License-Identifier: MIT
/* vexplain load: load an object's programs on this kernel (or another one in
 * a VM), and explain each verdict with the pipeline. */
#include "bpfload.h"
#include "commands.h"
#include "explain.h"
#include "load_explain.h"
#include "patterns.h"
#include "pipeline.h"
#include "progress.h"
#include "record.h"
#include "render.h"
#include "util.h"
#include "vm.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

enum out_fmt { OUT_TEXT, OUT_JSON, OUT_MARKDOWN, OUT_GITHUB, OUT_SARIF, OUT_RAW };

struct load_args {
	const char *obj;
	const char *kernel;	/* --kernel: run in a VM */
	bool matrix;
	char **kernels;		/* --kernels: the matrix's kernels, NULL for the host */
	size_t nkernels;
	enum out_fmt fmt;
	struct vx_load_opts opts;
	struct vx_sarif *sarif;	/* --format sarif: every program's result, printed at the end */
};

/* One program's outcome on one kernel. */
struct outcome {
	const struct vx_load_result *res;
	struct vx_record *rec;	/* vx_load_explain()'s record, never NULL */
};

static void usage(FILE *f)
{
	fputs("Usage: vexplain load OBJ.o [--prog NAME] [--type TYPE] [--log-level 1|2]\n"
	      "                         [--kernel VERSION|PATH] [--json|--markdown|--raw]\n"
	      "                         [--format text|json|markdown|github|sarif] [--quiet]\n"
	      "       vexplain load --matrix OBJ.o [--kernels K,...] [--prog NAME] [--json]\n"
	      "\n"
	      "Load every program of OBJ.o (or the one named) with libbpf, one at a time, each\n"
	      "with its own verifier log, and explain every rejection. The log buffer grows\n"
	      "until the log is complete (capped at 64 MiB for level 1, 1 GiB for level 2).\n"
	      "Nothing stays loaded or pinned.\n"
	      "\n"
	      "  --prog NAME       only this program\n"
	      "  --type TYPE       load as TYPE: a libbpf section name (cgroup_skb/egress) or a\n"
	      "                    type name (cgroup_skb)\n"
	      "  --log-level N     verifier log level, 1 (default) or 2\n"
	      "  --kernel K        load on kernel K in qemu: 6.1, 6.12 or a bzImage path\n"
	      "  --matrix          program x kernel -> verdict, on this kernel, 6.1 and 6.12\n"
	      "  --kernels K,...   the matrix's kernels, in order: host (this kernel), a Debian\n"
	      "                    release (6.1, 6.12) or a bzImage path\n"
	      "  --json            one JSON object per program and kernel (JSON Lines)\n"
	      "  --markdown        Markdown, for an issue\n"
	      "  --format FMT      also github (GitHub Actions ::error annotations at the failing\n"
	      "                    source line) and sarif (SARIF 2.1.0, for code scanning)\n"
	      "  --raw             the loader's output (libbpf framing), not explained\n"
	      "  -q, --quiet       no progress line on stderr (kernel fetch, VM boot; it is shown\n"
	      "                    only on a terminal)\n"
	      "\n"
	      "Exit status: 0 all accepted, 1 a rejection, 2 bad usage or object, 3 only cut\n"
	      "logs, 4 could not load (VM failed, ...).\n",
	      f);
}

static int explain_one(const struct vx_db *db, const struct vx_load_result *r,
		       struct outcome *o)
{
	o->res = r;
	o->rec = NULL;
	return vx_load_explain(db, r, &o->rec);
}

static const char *verdict_of(const struct outcome *o)
{
	return vx_verdict_name(o->rec->verdict);
}

/* vx_render's text for an accepted program is one line; add what the load
 * measured. */
static void print_text(FILE *f, const struct outcome *o)
{
	const struct vx_load_result *r = o->res;
	struct vx_render_opts ro = { .format = VX_FMT_TEXT, .color = vx_color_wanted(f) };

	vx_render(f, o->rec, &ro);
	if (o->rec->verdict == VX_ACCEPTED) {
		fprintf(f, "  type %s, section %s, kernel %s", r->type, r->section, r->kernel);
		if (r->verify_usec >= 0)
			fprintf(f, ", verified in %ld usec", r->verify_usec);
		fputc('\n', f);
	}
	if (r->log_capped)
		fprintf(f, "  note: the log was still cut at the %zu byte cap\n", r->log_size);
}

/* The record's keys, and what the load knows besides. */
static void print_json(FILE *f, const struct outcome *o)
{
	const struct vx_load_result *r = o->res;
	cJSON *j = vx_record_json(o->rec);

	/* the record has a "kernel" key already: the one the load ran on wins */
	cJSON_DeleteItemFromObject(j, "kernel");
	cJSON_AddStringToObject(j, "kernel", r->kernel);
	cJSON_AddNumberToObject(j, "errno", -r->err);
	vx_json_add_long(j, "verified_insns", r->verified_insns);
	vx_json_add_long(j, "verification_usec", r->verify_usec);
	cJSON_AddNumberToObject(j, "log_attempts", r->attempts);
	cJSON_AddNumberToObject(j, "log_size", (double)r->log_size);
	cJSON_AddBoolToObject(j, "log_capped", r->log_capped);
	const char *from = vx_record_var(o->rec, "rewritten_from");
	if (from) {
		const char *insn = vx_record_var(o->rec, "rewritten_insn");
		cJSON *w = cJSON_AddObjectToObject(j, "rewritten");
		cJSON_AddNumberToObject(w, "object", atoi(from));
		cJSON_AddNumberToObject(w, "loaded", atoi(vx_record_var(o->rec, "rewritten_to")));
		vx_json_add_long(w, "insn", insn ? atol(insn) : -1);
	}
	vx_print_json(f, j);
	cJSON_Delete(j);
}

static void print_outcome(const struct load_args *a, const struct outcome *o)
{
	struct vx_render_opts ro = { .format = VX_FMT_MARKDOWN, .sarif = a->sarif, .artifact = a->obj };

	switch (a->fmt) {
	case OUT_JSON:
		print_json(stdout, o);
		break;
	case OUT_MARKDOWN:
		vx_render(stdout, o->rec, &ro);
		break;
	case OUT_GITHUB:
	case OUT_SARIF:
		ro.format = a->fmt == OUT_GITHUB ? VX_FMT_GITHUB : VX_FMT_SARIF;
		vx_render(stdout, o->rec, &ro);
		break;
	default:
		print_text(stdout, o);
		break;
	}
}

static void outcome_clear(struct outcome *o)
{
	vx_record_free(o->rec);
	o->rec = NULL;
}

static int exit_status(size_t rejected, size_t truncated, size_t total)
{
	if (rejected)
		return VX_EXIT_REJECTED;
	if (truncated && truncated == total)
		return VX_EXIT_NOLOG;
	return VX_EXIT_OK;
}

static void summary_row(struct strbuf *t, const struct vx_load_result *r, const struct vx_record *rec)
{
	const char *msg = rec->message ? rec->message : "";
	sb_addf(t, "%-24s %-16s %-9s %-20s %.*s%s\n", r->name, r->type ? r->type : "-",
		vx_verdict_name(rec->verdict), rec->category ? rec->category : "-", 60, msg,
		strlen(msg) > 60 ? "..." : "");
}

/* Explain and print every result; returns the exit status. */
static int report(const struct vx_db *db, const struct load_args *a,
		  const struct vx_load_result *res, size_t n)
{
	size_t rejected = 0, truncated = 0;

	if (a->fmt == OUT_RAW) {
		vx_load_print(stdout, res, n);
		for (size_t i = 0; i < n; i++)
			rejected += !res[i].accepted;
		return exit_status(rejected, 0, n);
	}
	struct strbuf table = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		struct outcome o = { 0 };
		int err = explain_one(db, &res[i], &o);

		if (err) {
			fprintf(stderr, "vexplain: load: prog '%s': cannot explain: %s\n",
				res[i].name, strerror(-err));
			rejected += !res[i].accepted;
			continue;
		}
		rejected += o.rec->verdict == VX_REJECTED;
		truncated += o.rec->verdict == VX_TRUNCATED;
		print_outcome(a, &o);
		summary_row(&table, &res[i], o.rec);
		outcome_clear(&o);
	}
	/* many programs: a table at the end, as --matrix has, so that the
	 * verdicts are seen together after the explanations */
	if (a->fmt == OUT_TEXT && n > 1)
		printf("\n%-24s %-16s %-9s %-20s %s\n%s", "program", "type", "verdict", "category",
		       "message", sb_str(&table));
	sb_free(&table);
	return exit_status(rejected, truncated, n);
}

static int load_error(const struct load_args *a, int err)
{
	const char *words = vx_load_strerror(err, &a->opts);

	switch (err) {
	case -ENOENT:
	case -EISDIR:
	case -ENOEXEC:
	case -ESRCH:
	case -ENOMSG:
		fprintf(stderr, "vexplain: load: %s: %s\n", a->obj, words);
		return VX_EXIT_USAGE;
	case -EINVAL: /* the words name the type, not the object */
		fprintf(stderr, "vexplain: load: %s\n", words);
		return VX_EXIT_USAGE;
	case -EINTR:
		fprintf(stderr, "vexplain: load: %s\n", words);
		return VX_EXIT_ERROR;
	default:
		fprintf(stderr, "vexplain: load: %s: %s\n", a->obj, words);
		return VX_EXIT_ERROR;
	}
}

static int get_results(const struct load_args *a, const char *kernel,
		       struct vx_load_result **res, size_t *n)
{
	char *agent = NULL;
	int err = vx_load_on(kernel, a->obj, &a->opts, res, n, &agent);

	if (kernel && agent) /* the agent's own complaint (bad object, ...) */
		fprintf(stderr, "vexplain: load: kernel %s: the agent loaded nothing:\n%s", kernel,
			agent);
	else if (kernel && err)
		fprintf(stderr, "vexplain: load: kernel %s: %s\n", kernel, vx_vm_strerror(err));
	free(agent);
	return err;
}

static int run_single(const struct vx_db *db, const struct load_args *a)
{
	struct vx_load_result *res = NULL;
	size_t n = 0;
	int err = get_results(a, a->kernel, &res, &n);

	if (err && !(err == -EINTR && n)) {
		if (a->kernel)
			return VX_EXIT_ERROR;
		return load_error(a, err);
	}
	int status = report(db, a, res, n);
	vx_load_results_free(res, n);
	if (a->sarif && vx_sarif_print(stdout, a->sarif))
		status = VX_EXIT_ERROR;
	if (err)
		return load_error(a, err);
	return status;
}

/* --matrix: rows are gathered over all kernels, then printed grouped by
 * program (in the object's order), kernels in the order they ran. */
struct matrix {
	char **progs;		/* program names in first-seen order */
	size_t nprogs;
	struct mrow {
		size_t prog;	/* index in progs; nprogs-or-more: kernel errors */
		char *line;
	} *rows;
	size_t nrows;
	size_t rejected;
};

static size_t matrix_prog(struct matrix *m, const char *name)
{
	for (size_t i = 0; i < m->nprogs; i++)
		if (!strcmp(m->progs[i], name))
			return i;
	m->progs = xrealloc(m->progs, (m->nprogs + 1) * sizeof(*m->progs));
	m->progs[m->nprogs] = xstrdup(name);
	return m->nprogs++;
}

static void matrix_add(struct matrix *m, size_t prog, char *line)
{
	m->rows = xrealloc(m->rows, (m->nrows + 1) * sizeof(*m->rows));
	m->rows[m->nrows].prog = prog;
	m->rows[m->nrows++].line = line;
}

static char *matrix_line(const struct load_args *a, const char *kernel, const struct outcome *o)
{
	const struct vx_record *rec = o->rec;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return xstrdup("");
	if (a->fmt == OUT_JSON)
		print_json(f, o);
	else
		fprintf(f, "%-20s %-24s %-9s %-20s %s\n", o->res->name, kernel, verdict_of(o),
			rec->category ? rec->category : "-",
			rec->verdict == VX_ACCEPTED ? "" : rec->message ? rec->message : "");
	fclose(f);
	return buf;
}

static int matrix_kernel(const struct vx_db *db, const struct load_args *a, const char *kernel,
			 struct matrix *m)
{
	struct vx_load_result *res = NULL;
	size_t n = 0;
	int err = get_results(a, kernel, &res, &n);

	if (err) {
		if (!kernel)
			return load_error(a, err);
		if (a->fmt != OUT_JSON)
			matrix_add(m, SIZE_MAX, xasprintf("%-20s %-24s %-9s %-20s %s\n", "*", kernel,
							  "error", "-", vx_vm_strerror(err)));
		return VX_EXIT_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		struct outcome o = { 0 };
		char label[96];

		if (explain_one(db, &res[i], &o))
			continue;
		m->rejected += o.rec->verdict == VX_REJECTED;
		snprintf(label, sizeof(label), "%s%s", res[i].kernel, kernel ? "" : " (host)");
		matrix_add(m, matrix_prog(m, res[i].name), matrix_line(a, label, &o));
		outcome_clear(&o);
	}
	vx_load_results_free(res, n);
	return VX_EXIT_OK;
}

static void matrix_print(const struct load_args *a, struct matrix *m)
{
	if (a->fmt != OUT_JSON)
		printf("%-20s %-24s %-9s %-20s %s\n", "PROGRAM", "KERNEL", "VERDICT", "CATEGORY",
		       "MESSAGE");
	for (size_t p = 0; p <= m->nprogs; p++)
		for (size_t i = 0; i < m->nrows; i++)
			if (m->rows[i].prog == p || (p == m->nprogs && m->rows[i].prog > p))
				fputs(m->rows[i].line, stdout);
	fflush(stdout);
}

static void matrix_free(struct matrix *m)
{
	for (size_t i = 0; i < m->nprogs; i++)
		free(m->progs[i]);
	for (size_t i = 0; i < m->nrows; i++)
		free(m->rows[i].line);
	free(m->progs);
	free(m->rows);
}

/* The host first: an object it cannot open is refused before any VM boots. */
static void kernels_free(struct load_args *a)
{
	for (size_t i = 0; i < a->nkernels; i++)
		free(a->kernels[i]);
	free(a->kernels);
	a->kernels = NULL;
	a->nkernels = 0;
}

static int run_matrix(const struct vx_db *db, const struct load_args *a)
{
	struct matrix m = { 0 };
	int status = VX_EXIT_OK;

	if (access(a->obj, R_OK))
		return load_error(a, -errno);
	for (size_t i = 0; i < a->nkernels; i++) {
		int s = matrix_kernel(db, a, a->kernels[i], &m);

		if (!a->kernels[i] && (s == VX_EXIT_USAGE || s == VX_EXIT_ERROR)) {
			status = s;
			goto out;
		}
		if (s > status)
			status = s;
	}
	matrix_print(a, &m);
	if (status == VX_EXIT_OK && m.rejected)
		status = VX_EXIT_REJECTED;
out:
	matrix_free(&m);
	return status;
}

/* --kernels host,6.1,PATH: NULL stands for the host. */
static int parse_kernels(const char *list, struct load_args *a)
{
	char *copy = xstrdup(list), *save = NULL;

	kernels_free(a);
	for (char *k = strtok_r(copy, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		a->kernels = xrealloc(a->kernels, (a->nkernels + 1) * sizeof(*a->kernels));
		a->kernels[a->nkernels++] = strcmp(k, "host") ? xstrdup(k) : NULL;
	}
	free(copy);
	if (!a->nkernels || list[0] == ',' || list[strlen(list) - 1] == ',' || strstr(list, ",,")) {
		fprintf(stderr, "vexplain: load: --kernels takes a list like host,6.1,6.12,PATH\n");
		return -EINVAL;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct load_args *a)
{
	static const struct option lopts[] = {
		{ "prog", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "matrix", no_argument, NULL, 'm' },
		{ "kernels", required_argument, NULL, 'K' },
		{ "json", no_argument, NULL, 'j' },
		{ "markdown", no_argument, NULL, 'M' },
		{ "raw", no_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const enum out_fmt by_render_format[] = {
		[VX_FMT_TEXT] = OUT_TEXT, [VX_FMT_JSON] = OUT_JSON, [VX_FMT_MARKDOWN] = OUT_MARKDOWN,
		[VX_FMT_GITHUB] = OUT_GITHUB, [VX_FMT_SARIF] = OUT_SARIF,
	};
	int c, f;

	optind = 1;
	while ((c = getopt_long(argc, argv, "p:t:l:k:jqh", lopts, NULL)) != -1) {
		switch (c) {
		case 'p': a->opts.prog = optarg; break;
		case 't': a->opts.type = optarg; break;
		case 'k': a->kernel = optarg; break;
		case 'm': a->matrix = true; break;
		case 'K':
			if (parse_kernels(optarg, a))
				return -EINVAL;
			a->matrix = true;
			break;
		case 'j': a->fmt = OUT_JSON; break;
		case 'M': a->fmt = OUT_MARKDOWN; break;
		case 'r': a->fmt = OUT_RAW; break;
		case 'q': vx_progress_quiet(true); break;
		case 'f':
			f = vx_format_parse(optarg);
			if (f < 0) {
				fprintf(stderr, "vexplain: load: --format takes text, json, markdown, github or sarif\n");
				return -EINVAL;
			}
			a->fmt = by_render_format[f];
			break;
		case 'l':
			if (strcmp(optarg, "1") && strcmp(optarg, "2")) {
				fprintf(stderr, "vexplain: load: --log-level is 1 or 2\n");
				return -EINVAL;
			}
			a->opts.log_level = atoi(optarg);
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return -EINVAL;
	}
	a->obj = argv[optind];
	if (a->matrix && a->kernel) {
		fprintf(stderr, "vexplain: load: --matrix picks the kernels (--kernels K,...); drop --kernel\n");
		return -EINVAL;
	}
	if (a->matrix && !a->nkernels && parse_kernels("host,6.1,6.12", a))
		return -EINVAL;
	/* the matrix explains every load: --raw would leave it without a
	 * pattern database, and it has no Markdown form */
	if (a->matrix && a->fmt != OUT_TEXT && a->fmt != OUT_JSON) {
		fprintf(stderr, "vexplain: load: --matrix prints a table, or JSON with --json\n");
		return -EINVAL;
	}
	return 0;
}

int cmd_load(int argc, char **argv)
{
	struct load_args a = { 0 };
	struct strbuf msg = STRBUF_INIT;
	struct vx_db *db = NULL;
	int status, err = parse_args(argc, argv, &a);

	if (err) {
		kernels_free(&a);
		return err > 0 ? VX_EXIT_OK : VX_EXIT_USAGE;
	}
	if (a.fmt != OUT_RAW && vx_db_load(NULL, &db, &msg) < 0) {
		fprintf(stderr, "vexplain: load: pattern database: %s\n", sb_str(&msg));
		sb_free(&msg);
		return VX_EXIT_ERROR;
	}
	sb_free(&msg);
	if (a.fmt == OUT_SARIF)
		a.sarif = vx_sarif_new(VX_VERSION);
	status = a.matrix ? run_matrix(db, &a) : run_single(db, &a);
	vx_sarif_free(a.sarif);
	vx_db_free(db);
	kernels_free(&a);
	return status;
}
