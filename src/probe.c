// SPDX-License-Identifier: MIT
/* vexplain probe: which helpers each program type may call on a kernel.
 * Getting a result (here, in a VM, from a shipped table) and printing it are
 * apart: every source yields a struct vx_probe_result and probe_print()
 * does not care where it came from. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "data.h"
#include "helpers.h"
#include "probecore.h"
#include "progress.h"
#include "render.h"
#include "util.h"
#include "vm.h"

enum fmt { FMT_TEXT, FMT_JSON, FMT_TSV };

struct probe_args {
	enum fmt fmt;
	const char *type;	/* canonical libbpf name, or NULL */
	int helper;		/* -1: all */
	const char *kernel;	/* --kernel: run in a VM */
	const char *shipped;	/* --shipped: the table in patterns/kernels/ */
	const char *source;	/* "probed here", "probed in a VM", "shipped table" */
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: vexplain probe [--json|--tsv] [--type TYPE] [--helper NAME|ID]\n"
		"                      [--kernel VERSION|BZIMAGE | --shipped RELEASE]\n"
		"\n"
		"Which helpers each program type may call, found by loading one tiny\n"
		"program per (program type, helper) into the running kernel and reading the\n"
		"verifier's answer (needs root, or CAP_BPF with CAP_PERFMON and CAP_NET_ADMIN).\n"
		"\n"
		"  --type TYPE       only this program type (kprobe, cgroup_skb, BPF_PROG_TYPE_XDP,\n"
		"                    or a section name such as cgroup_skb/egress): list its helpers\n"
		"  --helper H        only this helper (bpf_probe_read, probe_read or 4): list the\n"
		"                    program types that may call it\n"
		"  --kernel K        probe kernel K (6.1, 6.12, a bzImage) in a VM instead\n"
		"  --shipped REL     print the table shipped for REL (see `vexplain helper`)\n"
		"  --json            one JSON object\n"
		"  --tsv             the patterns/kernels/<release>.tsv form\n"
		"  -q, --quiet       no progress line on stderr (it is shown only on a terminal)\n"
		"\n"
		"Exit status: 0 done, 2 usage, 4 the probe could not run (no bpf(), VM failed).\n");
}

/* "probing kprobe: 120/211 helpers, 3.2 s" (and which type of how many) */
static void probe_progress(void *arg, const char *type, size_t itype, size_t ntypes, int done,
			   int total)
{
	if (ntypes > 1)
		vx_progress_update(arg, "probing %s (type %zu/%zu): %d/%d helpers", type, itype + 1,
				   ntypes, done, total);
	else
		vx_progress_update(arg, "probing %s: %d/%d helpers", type, done, total);
}

/* The running kernel. */
static int probe_here(const struct probe_args *a, struct vx_probe_result **out)
{
	struct vx_probe_opts opts = { .type = a->type, .helper = a->helper };
	struct vx_progress p;
	char made_by[128];
	int err;

	snprintf(made_by, sizeof(made_by), "vexplain probe --tsv%s%s", a->type ? " --type " : "",
		 a->type ? a->type : "");
	opts.made_by = made_by;
	vx_progress_start(&p, "probing %s", a->type ? a->type : "every program type");
	if (p.on) {
		opts.progress = probe_progress;
		opts.progress_arg = &p;
	}
	err = vx_probe_run(&opts, out);
	vx_progress_done(&p);
	return err;
}

/* Another kernel: the agent runs the same probecore in qemu and prints the
 * TSV form, which comes back here as text. */
static int probe_in_vm(const struct probe_args *a, struct vx_probe_result **out)
{
	const char *argv[9];
	char id[16], made_by[160], *text = NULL, *release = NULL;
	size_t len = 0, n = 0;
	int err;

	argv[n++] = "probe";
	argv[n++] = "--made-by";
	snprintf(made_by, sizeof(made_by), "vexplain probe --tsv --kernel %s (vexplain-agent in qemu)",
		 a->kernel);
	argv[n++] = made_by;
	if (a->type) {
		argv[n++] = "--type";
		argv[n++] = a->type;
	}
	if (a->helper >= 0) {
		snprintf(id, sizeof(id), "%d", a->helper);
		argv[n++] = "--helper";
		argv[n++] = id;
	}
	argv[n] = NULL;
	err = vx_vm_run(a->kernel, argv, NULL, 0, &text, &len, &release);
	if (err) {
		fprintf(stderr, "vexplain: probe: %s\n", vx_vm_strerror(err));
		return err;
	}
	err = vx_probe_parse_tsv(text, len, out);
	if (err)
		fprintf(stderr, "vexplain: probe: the agent's output is not a probe table:\n%s\n", text);
	else if (!(*out)->release[0] && release)
		snprintf((*out)->release, sizeof((*out)->release), "%s", release);
	free(text);
	free(release);
	return err;
}

static int from_shipped(const struct probe_args *a, struct vx_probe_result **out)
{
	char path[128];
	const struct vx_data_file *df;

	snprintf(path, sizeof(path), "patterns/kernels/%s.tsv", a->shipped);
	df = vx_data_find(path);
	if (!df) {
		fprintf(stderr, "vexplain: probe: no table shipped for %s (shipped:", a->shipped);
		for (size_t i = 0; i < vx_kernel_count(); i++)
			fprintf(stderr, " %s", vx_kernel_name(i));
		fprintf(stderr, ")\n");
		return -ENOENT;
	}
	return vx_probe_parse_tsv(df->text, df->len, out);
}

static int wanted(const struct probe_args *a, const struct vx_probe_type *t)
{
	return !a->type || !strcmp(a->type, t->name);
}

static size_t count_allowed(const struct vx_probe_type *t)
{
	size_t n = 0;

	for (int id = 1; id <= VX_PROBE_HELPER_MAX; id++)
		n += t->allowed[id] == VX_HELPER_ALLOWED;
	return n;
}

static const char *helper_label(int id, char *buf, size_t len)
{
	const char *name = vx_helper_name(id);

	if (name)
		return name;
	snprintf(buf, len, "#%d", id);
	return buf;
}

static const char *verdict_word(const struct vx_probe_type *t, int id)
{
	if (t->status != VX_PROBE_OK)
		return "?";
	if (t->allowed[id] == VX_HELPER_ALLOWED)
		return "yes";
	return t->allowed[id] == VX_HELPER_UNCLEAR ? "unclear" : "no";
}

static void print_text(const struct probe_args *a, const struct vx_probe_result *r)
{
	char buf[16];
	size_t i;

	printf("kernel %s (%s", r->release[0] ? r->release : "?", a->source);
	if (r->loads)
		printf(", %ld loads in %.2f s", r->loads, r->seconds);
	printf(")\n");
	for (i = 0; i < r->ntypes; i++) {
		const struct vx_probe_type *t = &r->types[i];

		if (!wanted(a, t))
			continue;
		if (t->status != VX_PROBE_OK) {
			printf("%-24s %s: %s\n", t->name,
			       t->status == VX_PROBE_NOT_PROBED ? "not probed" : "unsupported", t->reason);
			continue;
		}
		if (a->helper >= 0) {
			printf("%-24s %s\n", t->name, verdict_word(t, a->helper));
			continue;
		}
		if (!a->type) {
			printf("%-24s %3zu helpers\n", t->name, count_allowed(t));
			continue;
		}
		for (int id = 1; id <= VX_PROBE_HELPER_MAX; id++) {
			if (t->allowed[id] != VX_HELPER_REFUSED)
				printf("%3d %s%s\n", id, helper_label(id, buf, sizeof(buf)),
				       t->allowed[id] == VX_HELPER_UNCLEAR ? " (unclear)" : "");
		}
	}
}

static cJSON *type_json(const struct probe_args *a, const struct vx_probe_type *t)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	char buf[16];

	if (t->status != VX_PROBE_OK) {
		cJSON_AddStringToObject(o, "status", t->status == VX_PROBE_NOT_PROBED ?
							     "not-probed" : "unsupported");
		/* the kernel log's last line: any bytes */
		vx_json_add_str(o, "reason", t->reason);
		return o;
	}
	cJSON_AddStringToObject(o, "status", "ok");
	if (a->helper >= 0) {
		cJSON_AddBoolToObject(o, "allowed", t->allowed[a->helper] == VX_HELPER_ALLOWED);
		return o;
	}
	arr = cJSON_AddArrayToObject(o, "helpers");
	for (int id = 1; id <= VX_PROBE_HELPER_MAX; id++) {
		if (t->allowed[id] == VX_HELPER_ALLOWED)
			cJSON_AddItemToArray(arr, cJSON_CreateString(helper_label(id, buf, sizeof(buf))));
	}
	return o;
}

static int print_json(const struct probe_args *a, const struct vx_probe_result *r)
{
	cJSON *o = cJSON_CreateObject(), *types;
	char buf[16];
	int err;

	/* a table read from a file or a VM's console: any bytes */
	vx_json_add_str(o, "kernel", r->release);
	vx_json_add_str(o, "source", a->source);
	if (r->loads) {
		cJSON_AddNumberToObject(o, "loads", r->loads);
		cJSON_AddNumberToObject(o, "seconds", r->seconds);
	}
	if (a->helper >= 0) {
		cJSON *h = cJSON_AddObjectToObject(o, "helper");

		cJSON_AddNumberToObject(h, "id", a->helper);
		cJSON_AddStringToObject(h, "name", helper_label(a->helper, buf, sizeof(buf)));
	}
	types = cJSON_AddObjectToObject(o, "prog_types");
	for (size_t i = 0; i < r->ntypes; i++) {
		char *name;

		if (!wanted(a, &r->types[i]))
			continue;
		name = vx_utf8_escape(r->types[i].name);
		cJSON_AddItemToObject(types, name, type_json(a, &r->types[i]));
		free(name);
	}
	err = vx_print_json(stdout, o);
	cJSON_Delete(o);
	return err;
}

static int probe_print(const struct probe_args *a, const struct vx_probe_result *r)
{
	switch (a->fmt) {
	case FMT_TSV:
		return vx_probe_write_tsv(r, stdout);
	case FMT_JSON:
		return print_json(a, r);
	default:
		print_text(a, r);
		return 0;
	}
}

/* Helper 0 (unspec) is no helper a program can call: nothing to probe. */
static int parse_helper(const char *s)
{
	int id = vx_helper_parse(s);

	return id >= 1 ? id : -1;
}

/* 0, 1 when --help was answered, or -EINVAL (said on stderr). */
static int parse_args(int argc, char **argv, struct probe_args *a)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },	  { "tsv", no_argument, NULL, 'T' },
		{ "type", required_argument, NULL, 't' }, { "helper", required_argument, NULL, 'H' },
		{ "kernel", required_argument, NULL, 'k' }, { "shipped", required_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },	  { "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jt:H:k:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			a->fmt = FMT_JSON;
			break;
		case 'T':
			a->fmt = FMT_TSV;
			break;
		case 't':
			a->type = vx_prog_type_canonical(optarg);
			if (!a->type) {
				fprintf(stderr, "vexplain: probe: unknown program type '%s' (libbpf names "
						"such as cgroup_skb, kprobe, xdp, or a section such as "
						"cgroup_skb/egress)\n", optarg);
				return -EINVAL;
			}
			break;
		case 'H':
			a->helper = parse_helper(optarg);
			if (a->helper < 0) {
				fprintf(stderr, "vexplain: probe: unknown helper '%s'\n", optarg);
				return -EINVAL;
			}
			break;
		case 'k':
			a->kernel = optarg;
			break;
		case 's':
			a->shipped = optarg;
			break;
		case 'q':
			vx_progress_quiet(true);
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return -EINVAL;
	}
	if (a->kernel && a->shipped) {
		fprintf(stderr, "vexplain: probe: --kernel probes a kernel, --shipped prints a table: "
				"give one of them\n");
		return -EINVAL;
	}
	return 0;
}

int cmd_probe(int argc, char **argv)
{
	struct probe_args a = { .helper = -1, .source = "probed here" };
	struct vx_probe_result *r = NULL;
	int err;

	err = parse_args(argc, argv, &a);
	if (err)
		return err > 0 ? VX_EXIT_OK : VX_EXIT_USAGE;
	if (a.kernel) {
		a.source = "probed in a VM";
		err = probe_in_vm(&a, &r);
	} else if (a.shipped) {
		a.source = "shipped table";
		err = from_shipped(&a, &r);
		if (err == -ENOENT)
			return VX_EXIT_USAGE;
	} else {
		err = probe_here(&a, &r);
		if (err == -EPERM || err == -ENOSYS)
			fprintf(stderr, "vexplain: probe: bpf() is not permitted here (%s): run as root, "
					"or with CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN\n", strerror(-err));
		else if (err)
			fprintf(stderr, "vexplain: probe: %s\n", strerror(-err));
	}
	if (err)
		return VX_EXIT_ERROR;
	if (a.type && !vx_probe_find(r, a.type))
		fprintf(stderr, "vexplain: probe: %s is not in this table\n", a.type);
	err = probe_print(&a, r);
	vx_probe_free(r);
	return err ? VX_EXIT_ERROR : VX_EXIT_OK;
}
