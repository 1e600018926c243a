// SPDX-License-Identifier: MIT
/* vexplain load: load an object's programs on this kernel (or another one in
 * a VM), and explain each verdict with the pipeline. */
#include "bpfload.h"
#include "commands.h"
#include "explain.h"
#include "helpers.h"
#include "patterns.h"
#include "pipeline.h"
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

enum out_fmt { OUT_TEXT, OUT_JSON, OUT_MARKDOWN, OUT_GITHUB, OUT_SARIF, OUT_RAW };

struct load_args {
	const char *obj;
	const char *kernel;	/* --kernel: run in a VM */
	bool matrix;
	enum out_fmt fmt;
	struct vx_load_opts opts;
	struct vx_sarif *sarif;	/* --format sarif: every program's result, printed at the end */
};

/* One program's outcome on one kernel. */
struct outcome {
	const struct vx_load_result *res;
	struct vx_record *rec;	/* the pipeline's record, never NULL */
	int rewritten_from;	/* helper id in the object, -1 if no rewrite */
	int rewritten_to;	/* helper id the kernel saw */
	int rewritten_insn;	/* where, -1 if not known */
};

static void usage(FILE *f)
{
	fputs("Usage: vexplain load OBJ.o [--prog NAME] [--type TYPE] [--log-level 1|2]\n"
	      "                         [--kernel VERSION|PATH] [--json|--markdown|--raw]\n"
	      "                         [--format text|json|markdown|github|sarif]\n"
	      "       vexplain load --matrix OBJ.o [--prog NAME] [--json]\n"
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
	      "  --matrix          this kernel, 6.1 and 6.12: program x kernel -> verdict\n"
	      "  --json            one JSON object per program and kernel (JSON Lines)\n"
	      "  --markdown        Markdown, for an issue\n"
	      "  --format FMT      also github (GitHub Actions ::error annotations at the failing\n"
	      "                    source line) and sarif (SARIF 2.1.0, for code scanning)\n"
	      "  --raw             the loader's output (libbpf framing), not explained\n"
	      "\n"
	      "Exit status: 0 all accepted, 1 a rejection, 2 bad usage or object, 3 only cut\n"
	      "logs, 4 could not load (VM failed, ...).\n",
	      f);
}

/* Pairs libbpf rewrites before the load (bpf_object__sanitize_prog() in
 * libbpf.c): when its FEAT_PROBE_READ_KERN probe (a kprobe program calling
 * bpf_probe_read_kernel) fails, the _kernel/_user variants become the old
 * unified helpers. */
static const struct {
	int from, to;
} libbpf_rewrites[] = {
	{ 113, 4 },  /* probe_read_kernel -> probe_read */
	{ 112, 4 },  /* probe_read_user -> probe_read */
	{ 115, 45 }, /* probe_read_kernel_str -> probe_read_str */
	{ 114, 45 }, /* probe_read_user_str -> probe_read_str */
};

static bool has_id(const int *ids, size_t n, int id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Which call the loader changed. The instructions say it exactly (same
 * index, other helper id); failing that (results from an older agent), a
 * helper the verifier printed that the object never calls, where the
 * object calls the helper libbpf turns into it. */
static void detect_rewrite(struct outcome *o)
{
	const struct vx_load_result *r = o->res;

	o->rewritten_from = o->rewritten_to = o->rewritten_insn = -1;
	if (r->nrewrites) {
		o->rewritten_from = r->rewrites[0].from;
		o->rewritten_to = r->rewrites[0].to;
		o->rewritten_insn = r->rewrites[0].insn;
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(libbpf_rewrites); i++) {
		int from = libbpf_rewrites[i].from, to = libbpf_rewrites[i].to;
		bool seen = has_id(r->log_helpers, r->nlog_helpers, to) ||
			    o->rec->helper_id == to;

		if (!seen || has_id(r->obj_helpers, r->nobj_helpers, to) ||
		    !has_id(r->obj_helpers, r->nobj_helpers, from))
			continue;
		o->rewritten_from = from;
		o->rewritten_to = to;
		return;
	}
}

static const char *hname(int id)
{
	const char *n = vx_helper_name(id);

	return n ? n : "unknown";
}

static void prepend_fix(struct vx_record *rec, char *fix)
{
	rec->fixes = xrealloc(rec->fixes, (rec->nfixes + 1) * sizeof(*rec->fixes));
	memmove(rec->fixes + 1, rec->fixes, rec->nfixes * sizeof(*rec->fixes));
	rec->fixes[0] = fix;
	rec->nfixes++;
}

/* Say in the record what the loader did to the object's call. */
static void explain_rewrite(struct outcome *o)
{
	struct vx_record *rec = o->rec;
	int from = o->rewritten_from, to = o->rewritten_to;
	struct strbuf sb = STRBUF_INIT;
	char at[32] = "";

	if (from < 0)
		return;
	if (o->rewritten_insn >= 0)
		snprintf(at, sizeof(at), " at instruction %d", o->rewritten_insn);
	if (rec->explanation && rec->explanation[0])
		sb_addf(&sb, "%s\n\n", rec->explanation);
	sb_addf(&sb, "libbpf rewrote a helper call before loading: the object calls %s#%d%s, "
		"the kernel was given %s#%d. ", hname(from), from, at, hname(to), to);
	if (from == 112 || from == 113 || from == 114 || from == 115)
		sb_adds(&sb, "bpf_object__sanitize_prog() replaces bpf_probe_read_kernel/_user "
			"with bpf_probe_read (and the _str variants with bpf_probe_read_str) "
			"when its FEAT_PROBE_READ_KERN probe fails; that probe loads a kprobe "
			"program calling bpf_probe_read_kernel, which fails on kernels before "
			"5.5 and when the loader lacks CAP_PERFMON (and CAP_SYS_ADMIN). ");
	if (rec->helper_id == to)
		sb_adds(&sb, "The verifier's complaint is about the rewritten call, which the "
			"source never makes.");
	free(rec->explanation);
	rec->explanation = sb_detach(&sb);
	prepend_fix(rec, xasprintf("Let libbpf's probe succeed so %s#%d reaches the verifier "
				   "unchanged: run the loader with CAP_PERFMON (or CAP_SYS_ADMIN) "
				   "besides CAP_BPF, on a kernel >= 5.5.",
				   hname(from), from));
	char *v = xasprintf("%d->%d", from, to);
	vx_record_set(rec, "rewritten", v);
	free(v);
}

/* The framed text of one result, as the pipeline reads any libbpf output. */
static char *framed(const struct vx_load_result *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	vx_load_print(f, r, 1);
	fclose(f);
	/* The last line carries the numbers for vx_load_parse(); the
	 * pipeline has them from the result, and would take the line for a
	 * verdict when there is no log. */
	char *stats = strstr(buf, "\nvexplain-load: prog '");
	if (stats) {
		stats[1] = '\0';
		*len = stats + 1 - buf;
	}
	return buf;
}

/* When the load failed before the verifier said anything (no log: EPERM,
 * map or BTF errors), libbpf's own messages are the log. */
static int explain_msgs(const struct vx_db *db, const struct vx_hints *h,
			const struct vx_load_result *r, struct vx_record **out)
{
	struct vx_record **recs = NULL;
	size_t n = 0;
	int err = vx_explain_buffer(db, h, r->loader_msgs, strlen(r->loader_msgs), &recs, &n);

	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		if (!*out && recs[i]->verdict == VX_REJECTED)
			*out = recs[i];
		else
			vx_record_free(recs[i]);
	}
	free(recs);
	return 0;
}

/* libbpf's line that says why, from its messages for this load: its own
 * complaint first, then "BPF program load failed: ...", then anything. */
static char *loader_reason(const struct vx_load_result *r)
{
	const char *msgs = r->loader_msgs ? r->loader_msgs : "";
	const char *fallback = NULL, *first = *msgs ? msgs : NULL;

	for (const char *p = msgs; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != 0)) {
		size_t l = strcspn(p, "\n");
		char *line = xstrndup(p, l);
		bool generic = strstr(line, "failed to load") || strstr(line, "Failed to bump");

		if (strstr(line, "BPF program load failed"))
			fallback = fallback ? fallback : p;
		else if (!generic && starts_with(line, "prog '"))
			return line;
		free(line);
	}
	if (fallback || first) {
		const char *p = fallback ? fallback : first;
		return xstrndup(p, strcspn(p, "\n"));
	}
	return xasprintf("load failed: %s", strerror(-r->err));
}

/* The load failed and the pipeline found no verifier log to explain (libbpf
 * gave up before or without the verifier): still a rejection, in libbpf's
 * words. */
static struct vx_record *loader_record(const struct vx_load_result *r)
{
	struct vx_record *rec = xcalloc(1, sizeof(*rec));

	rec->verdict = VX_REJECTED;
	rec->message = loader_reason(r);
	rec->category = "other";
	rec->insn = rec->src_line = -1;
	rec->helper_id = -1;
	rec->prog_type = xstrdup(r->type);
	rec->prog_type_from = "loader";
	rec->loader = xstrdup("libbpf");
	rec->prog_name = xstrdup(r->name);
	rec->section = xstrdup(r->section);
	rec->processed_insns = rec->insn_limit = rec->max_states_per_insn = -1;
	rec->total_states = rec->peak_states = rec->log_lines = -1;
	rec->explanation = xasprintf("The load failed (%s) without a verifier log: libbpf stopped "
				     "before the kernel's verifier said anything about the "
				     "program, and vexplain has no pattern for libbpf's message.",
				     strerror(-r->err));
	rec->fixes = xcalloc(1, sizeof(*rec->fixes));
	rec->fixes[rec->nfixes++] = xstrdup("Read libbpf's messages for this program "
					    "(vexplain load --raw prints them).");
	return rec;
}

/* The kernel accepted the program, whatever line of its log the pipeline
 * took for a verdict. */
static void force_accepted(struct vx_record *rec)
{
	if (rec->verdict == VX_ACCEPTED)
		return;
	rec->verdict = VX_ACCEPTED;
	rec->category = NULL;
	rec->pattern = NULL;
	free(rec->message);
	rec->message = NULL;
	free((char *)rec->title);
	rec->title = NULL;
	free(rec->explanation);
	rec->explanation = NULL;
	for (size_t i = 0; i < rec->nfixes; i++)
		free(rec->fixes[i]);
	rec->nfixes = 0;
}

static int explain_one(const struct vx_db *db, const struct vx_load_result *r,
		       struct outcome *o)
{
	struct vx_hints h = {
		.prog_type = r->type,
		.prog_type_from = "loader",
		.prog_name = r->name,
		.section = r->section,
		.loader = "libbpf",
		.kernel = r->kernel,
	};
	struct vx_record **recs = NULL;
	size_t n = 0, len = 0;
	char *text = framed(r, &len);
	int err;

	if (!text)
		return -ENOMEM;
	err = vx_explain_buffer(db, &h, text, len, &recs, &n);
	free(text);
	if (err)
		return err;
	o->res = r;
	o->rec = NULL;
	/* One program's log was fed, and its verdict is at its end: if the
	 * pipeline split it, the last rejection is the one that counts. */
	for (size_t i = 0; i < n; i++) {
		if (!o->rec || recs[i]->verdict == VX_REJECTED ||
		    o->rec->verdict != VX_REJECTED) {
			vx_record_free(o->rec);
			o->rec = recs[i];
		} else {
			vx_record_free(recs[i]);
		}
	}
	free(recs);
	if (!r->accepted && (!o->rec || o->rec->verdict == VX_NO_LOG)) {
		struct vx_record *m = NULL;

		err = explain_msgs(db, &h, r, &m);
		if (!err && m) {
			vx_record_free(o->rec);
			o->rec = m;
		}
	}
	if (!r->accepted && (!o->rec || o->rec->verdict == VX_NO_LOG)) {
		vx_record_free(o->rec);
		o->rec = loader_record(r);
	}
	if (!o->rec)
		return -ENOMSG;
	if (r->accepted)
		force_accepted(o->rec);
	detect_rewrite(o);
	explain_rewrite(o);
	return 0;
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
	if (o->rewritten_from >= 0) {
		cJSON *w = cJSON_AddObjectToObject(j, "rewritten");
		cJSON_AddNumberToObject(w, "object", o->rewritten_from);
		cJSON_AddNumberToObject(w, "loaded", o->rewritten_to);
		vx_json_add_long(w, "insn", o->rewritten_insn);
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

/* Run the agent in a VM on KERNEL; its output is vx_load_print()'s text. */
static int load_in_vm(const struct load_args *a, const char *kernel,
		      struct vx_load_result **res, size_t *n)
{
	char *out = NULL, *release = NULL;
	size_t len = 0;
	int err;

	err = vx_vm_load(kernel, a->obj, &a->opts, 0, &out, &len, &release);
	if (err) {
		fprintf(stderr, "vexplain: load: kernel %s: %s\n", kernel, vx_vm_strerror(err));
		return err;
	}
	err = vx_load_parse(out, len, res, n);
	if (err == -ENOMSG) {
		/* The agent's own complaint (bad object, ...) is its output. */
		fprintf(stderr, "vexplain: load: kernel %s (%s): the agent loaded nothing:\n%s",
			kernel, release ? release : "?", out);
	}
	free(out);
	free(release);
	return err;
}

static int get_results(const struct load_args *a, const char *kernel,
		       struct vx_load_result **res, size_t *n)
{
	if (kernel)
		return load_in_vm(a, kernel, res, n);
	return vx_load_object(a->obj, &a->opts, res, n);
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

static int run_matrix(const struct vx_db *db, const struct load_args *a)
{
	static const char *const vms[] = { "6.1", "6.12" };
	struct matrix m = { 0 };
	int status = matrix_kernel(db, a, NULL, &m);

	if (status == VX_EXIT_USAGE || status == VX_EXIT_ERROR)
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(vms); i++) {
		int s = matrix_kernel(db, a, vms[i], &m);
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

static int parse_args(int argc, char **argv, struct load_args *a)
{
	static const struct option lopts[] = {
		{ "prog", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "matrix", no_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "markdown", no_argument, NULL, 'M' },
		{ "raw", no_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const enum out_fmt by_render_format[] = {
		[VX_FMT_TEXT] = OUT_TEXT, [VX_FMT_JSON] = OUT_JSON, [VX_FMT_MARKDOWN] = OUT_MARKDOWN,
		[VX_FMT_GITHUB] = OUT_GITHUB, [VX_FMT_SARIF] = OUT_SARIF,
	};
	int c, f;

	optind = 1;
	while ((c = getopt_long(argc, argv, "p:t:l:k:jh", lopts, NULL)) != -1) {
		switch (c) {
		case 'p': a->opts.prog = optarg; break;
		case 't': a->opts.type = optarg; break;
		case 'k': a->kernel = optarg; break;
		case 'm': a->matrix = true; break;
		case 'j': a->fmt = OUT_JSON; break;
		case 'M': a->fmt = OUT_MARKDOWN; break;
		case 'r': a->fmt = OUT_RAW; break;
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
		fprintf(stderr, "vexplain: load: --matrix picks the kernels; drop --kernel\n");
		return -EINVAL;
	}
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

	if (err)
		return err > 0 ? VX_EXIT_OK : VX_EXIT_USAGE;
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
	return status;
}
