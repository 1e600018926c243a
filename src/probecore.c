// SPDX-License-Identifier: MIT
/* The helper probe: for each program type, load "r1..r5 = 0; call HELPER;
 * r0 = 0; exit" and read the verifier's log. The kernel says no in three
 * wordings depending on its version: "invalid func X#N" (id past the kernel's
 * last helper), "unknown func X#N" (before 6.2) and "program of this type
 * cannot use helper X#N" (6.2+). libbpf 1.1's libbpf_probe_bpf_helper() only
 * knows the first two, so on 6.2+ it reports every helper as available;
 * that is why this file exists.
 *
 * The types and how to load each are data: patterns/progtypes.tsv's probe
 * and refusal lines, read by helpers.c. No xmalloc here: errors are
 * returned (helpers.c's tables abort on out of memory, as everywhere). */
#include "probecore.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "helpers.h"
#include "util.h"
#include "util_proc.h"
#include "util_tsv.h"

/* What a load needs besides the type: resolved once per type. */
struct target {
	int attach_btf_id;
	__u32 flags;
};

static struct btf *vmlinux_btf(void)
{
	static struct btf *btf;
	static int tried;

	if (!tried) {
		tried = 1;
		btf = btf__load_vmlinux_btf();
		if (libbpf_get_error(btf))
			btf = NULL;
	}
	return btf;
}

/* 0, or -errno with why[] filled in. */
static int target_resolve(const struct vx_probe_spec *pt, struct target *tg, char *why, size_t len)
{
	struct btf *btf;
	int i, id;
	size_t n;

	memset(tg, 0, sizeof(*tg));
	if (pt->how == VX_PROBE_SKIP) {
		snprintf(why, len, "%s", pt->arg[0] ? pt->arg[0] : "not probed");
		return -EOPNOTSUPP;
	}
	if (pt->how == VX_PROBE_SLEEPABLE)
		tg->flags = BPF_F_SLEEPABLE;
	if (pt->how != VX_PROBE_BTF)
		return 0;
	btf = vmlinux_btf();
	if (!btf) {
		snprintf(why, len, "no kernel BTF (/sys/kernel/btf/vmlinux) to find an attach target in");
		return -ENOENT;
	}
	for (i = 0; i < VX_PROBE_ARGS && pt->arg[i]; i++) {
		id = btf__find_by_name_kind(btf, pt->arg[i], BTF_KIND_FUNC);
		if (id > 0) {
			tg->attach_btf_id = id;
			return 0;
		}
	}
	n = snprintf(why, len, "none of the attach targets");
	for (i = 0; i < VX_PROBE_ARGS && pt->arg[i] && n < len; i++)
		n += snprintf(why + n, len - n, "%s %s", i ? "," : "", pt->arg[i]);
	if (n < len)
		snprintf(why + n, len - n, " is in the kernel's BTF");
	return -ENOENT;
}

#define LOG_SIZE 4096
#define INSN_MOV(dst, imm) ((struct bpf_insn){ BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm })

/* Load the probe program; helper < 0 loads it without the call. Returns the
 * load's result (fd closed at once) and leaves the log in buf. */
static int load(const struct vx_probe_spec *pt, const struct target *tg, int helper, char *buf,
		long *loads)
{
	struct bpf_insn insns[9];
	int n = 0, r, fd;

	for (r = BPF_REG_1; r <= BPF_REG_5; r++)
		insns[n++] = INSN_MOV(r, 0);
	if (helper >= 0)
		insns[n++] = (struct bpf_insn){ BPF_JMP | BPF_CALL, 0, 0, 0, helper };
	insns[n++] = INSN_MOV(BPF_REG_0, 0);
	insns[n++] = (struct bpf_insn){ BPF_JMP | BPF_EXIT, 0, 0, 0, 0 };

	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = pt->attach,
		    .attach_btf_id = tg->attach_btf_id, .prog_flags = tg->flags,
		    .log_level = 1, .log_size = LOG_SIZE, .log_buf = buf);
	buf[0] = '\0';
	(*loads)++;
	fd = bpf_prog_load(pt->prog_type, NULL, "GPL", insns, n, &opts);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* The verdict on one call, from the load's result and its log. */
static int classify(int err, const char *log)
{
	if (!err)
		return VX_HELPER_ALLOWED;
	if (vx_helper_refused(log))
		return VX_HELPER_REFUSED;
	/* Any other complaint after the verifier printed the call (argument
	 * types, "helper call might sleep", "helper call is not allowed in
	 * probe") means it found the helper's prototype for this type. */
	if (strstr(log, ") call "))
		return VX_HELPER_ALLOWED;
	return VX_HELPER_UNCLEAR;
}

/* Where the probe is, for opts->progress. */
struct probe_pos {
	const struct vx_probe_opts *opts;
	size_t itype, ntypes;
};

static void report(const struct probe_pos *at, const char *type, int done, int total)
{
	if (at->opts->progress)
		at->opts->progress(at->opts->progress_arg, type, at->itype, at->ntypes, done,
				   total);
}

static int probe_type(const struct vx_probe_spec *pt, const struct probe_pos *at,
		      struct vx_probe_type *out, long *loads)
{
	int helper = at->opts->helper, total = helper >= 0 ? 1 : VX_PROBE_HELPER_MAX;
	char buf[LOG_SIZE];
	struct target tg;
	int err, id;

	report(at, pt->name, 0, total);
	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", pt->name);
	out->prog_type = pt->prog_type;
	err = target_resolve(pt, &tg, out->reason, sizeof(out->reason));
	if (err) {
		out->status = VX_PROBE_NOT_PROBED;
		return 0;
	}
	/* Without the call first: a type this kernel does not load at all is
	 * "unsupported", not "calls nothing". */
	err = load(pt, &tg, -1, buf, loads);
	if (err) {
		char line[128], *last = tail_lines(buf, strlen(buf), 1, sizeof(line) - 1);

		snprintf(line, sizeof(line), "%s", last);
		free(last);
		out->status = VX_PROBE_UNSUPPORTED;
		if (err == -EPERM && !*line) /* not the verifier: nothing in the log */
			snprintf(out->reason, sizeof(out->reason),
				 "even an empty program gets EPERM with an empty log: refused by a "
				 "security policy (LSM) of this machine, not by the verifier");
		else
			snprintf(out->reason, sizeof(out->reason),
				 "an empty program fails to load: %s%s%s", strerror(-err),
				 *line ? ": " : "", line);
		return 0;
	}
	for (id = 1; id <= VX_PROBE_HELPER_MAX; id++) {
		if (helper >= 0 && id != helper)
			continue;
		err = load(pt, &tg, id, buf, loads);
		out->allowed[id] = classify(err, buf);
		report(at, pt->name, helper >= 0 ? 1 : id, total);
	}
	return 0;
}

/* bpf() at all: a socket filter is the one type every kernel loads for
 * root. Past this, EPERM for one type is that type's answer (a policy may
 * refuse tracing programs and allow the rest). */
static int bpf_allowed(void)
{
	const struct vx_probe_spec pt = { .name = "socket_filter",
					  .prog_type = BPF_PROG_TYPE_SOCKET_FILTER };
	struct target tg = {};
	char buf[LOG_SIZE];
	long loads = 0;
	int err = load(&pt, &tg, -1, buf, &loads);

	return err == -EPERM || err == -ENOSYS ? err : 0;
}

int vx_probe_run(const struct vx_probe_opts *opts, struct vx_probe_result **out)
{
	struct vx_probe_result *r;
	struct utsname uts;
	double t0 = vx_now();
	size_t i, ntypes = vx_probe_spec_count();
	int err = 0;

	if (opts->type && !vx_probe_spec_find(opts->type))
		return -ENOENT;
	err = bpf_allowed();
	if (err)
		return err;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->types = calloc(ntypes ? ntypes : 1, sizeof(*r->types));
	if (!r->types) {
		err = -ENOMEM;
		goto out;
	}
	if (!uname(&uts))
		snprintf(r->release, sizeof(r->release), "%s", uts.release);
	snprintf(r->made_by, sizeof(r->made_by), "%s", opts->made_by ? opts->made_by : "");
	struct probe_pos at = { .opts = opts, .ntypes = opts->type ? 1 : ntypes };
	for (i = 0; i < ntypes; i++) {
		const struct vx_probe_spec *pt = vx_probe_spec_at(i);

		if (opts->type && strcmp(opts->type, pt->name))
			continue;
		err = probe_type(pt, &at, &r->types[r->ntypes], &r->loads);
		at.itype++;
		if (err)
			goto out;
		r->ntypes++;
	}
	r->seconds = vx_now() - t0;
out:
	if (err) {
		vx_probe_free(r);
		return err;
	}
	*out = r;
	return 0;
}

static void write_ids(FILE *f, const struct vx_probe_type *t, int want)
{
	const char *sep = "";
	int id;

	for (id = 1; id <= VX_PROBE_HELPER_MAX; id++) {
		if (t->allowed[id] != want)
			continue;
		fprintf(f, "%s%d", sep, id);
		sep = ",";
	}
}

static int has_unclear(const struct vx_probe_type *t)
{
	int id;

	for (id = 1; id <= VX_PROBE_HELPER_MAX; id++) {
		if (t->allowed[id] == VX_HELPER_UNCLEAR)
			return 1;
	}
	return 0;
}

static const char *const status_names[] = { "ok", "not-probed", "unsupported" };

int vx_probe_write_tsv(const struct vx_probe_result *r, FILE *f)
{
	size_t i;

	fprintf(f, "# Which helpers each program type may call, probed by loading one\n"
		   "# program per (type, helper) and reading the verifier's answer.\n");
	fprintf(f, "# kernel: %s\n", r->release);
	if (r->made_by[0])
		fprintf(f, "# made by: %s\n", r->made_by);
	fprintf(f, "# loads: %ld in %.1f s\n", r->loads, r->seconds);
	fprintf(f, "# prog_type<TAB>ok<TAB>helper ids it may call[<TAB>ids the probe could not decide]\n"
		   "# prog_type<TAB>not-probed|unsupported<TAB>why\n"
		   "# May call: the verifier went past the call (an argument error at most;\n"
		   "# helpers only sleepable programs may call count). Attach types probed:\n"
		   "# tracing as fentry, lsm as file_open, cgroup_sock_addr as connect4,\n"
		   "# cgroup_sockopt as getsockopt, cgroup_skb as egress; kprobe also covers\n"
		   "# uprobe, usdt and ksyscall (not the .multi/.session attach types).\n");
	for (i = 0; i < r->ntypes; i++) {
		const struct vx_probe_type *t = &r->types[i];

		fprintf(f, "%s\t%s\t", t->name, status_names[t->status]);
		if (t->status != VX_PROBE_OK) {
			fprintf(f, "%s\n", t->reason);
			continue;
		}
		write_ids(f, t, VX_HELPER_ALLOWED);
		if (has_unclear(t)) {
			fputc('\t', f);
			write_ids(f, t, VX_HELPER_UNCLEAR);
		}
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}

/* "1,2,5" -> allowed[id] = val. */
static int parse_ids(const char *s, struct vx_probe_type *t, int val)
{
	while (*s) {
		char *next;
		long id = strtol(s, &next, 10);

		if (next == s || id < 0 || id > VX_PROBE_HELPER_MAX)
			return -EINVAL;
		t->allowed[id] = val;
		s = next;
		if (*s && *s != ',')
			return -EINVAL;
		if (*s)
			s++;
	}
	return 0;
}

/* "# key: value" header lines. */
static void parse_comment(const char *s, struct vx_probe_result *r)
{
	if (!strncmp(s, "# kernel: ", 10) && s[10])
		snprintf(r->release, sizeof(r->release), "%s", s + 10);
	else if (!strncmp(s, "# made by: ", 11) && s[11])
		snprintf(r->made_by, sizeof(r->made_by), "%s", s + 11);
	else if (!strncmp(s, "# loads: ", 9) && s[9])
		sscanf(s + 9, "%ld in %lf", &r->loads, &r->seconds);
}

/* TYPE<TAB>ok<TAB>ALLOWED[<TAB>UNCLEAR], or TYPE<TAB>STATUS<TAB>WHY. */
static int parse_line(char *line, struct vx_probe_result *r)
{
	struct vx_probe_type *t;
	char *f[3], *ids[2];
	size_t nf = tsv_split(line, f, ARRAY_SIZE(f)), st, nids;
	int err;

	if (nf < 3 || strlen(f[0]) >= sizeof(t->name))
		return -EINVAL;
	t = &r->types[r->ntypes];
	memset(t, 0, sizeof(*t));
	t->prog_type = -1;
	snprintf(t->name, sizeof(t->name), "%s", f[0]);
	for (st = 0; st < 3; st++) {
		if (!strcmp(f[1], status_names[st]))
			break;
	}
	if (st == 3)
		return -EINVAL;
	t->status = st;
	if (t->status != VX_PROBE_OK) {
		snprintf(t->reason, sizeof(t->reason), "%s", f[2]);
	} else {
		nids = tsv_split(f[2], ids, ARRAY_SIZE(ids));
		err = parse_ids(ids[0], t, VX_HELPER_ALLOWED);
		if (!err && nids > 1)
			err = parse_ids(ids[1], t, VX_HELPER_UNCLEAR);
		if (err)
			return err;
	}
	r->ntypes++;
	return 0;
}

int vx_probe_parse_tsv(const char *text, size_t len, struct vx_probe_result **out)
{
	struct vx_probe_result *r;
	char *copy, *pos, *line;
	size_t cap = 0;
	int err = 0;

	if (memchr(text, '\0', len))
		return -EINVAL;
	r = calloc(1, sizeof(*r));
	copy = malloc(len + 1);
	if (!r || !copy) {
		free(r);
		free(copy);
		return -ENOMEM;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	pos = copy;
	while ((line = tsv_next_line(&pos))) {
		if (*line == '#') {
			parse_comment(line, r);
		} else if (*line) {
			if (r->ntypes == cap) {
				void *p = realloc(r->types, (cap = cap ? cap * 2 : 32) * sizeof(*r->types));

				if (!p) {
					err = -ENOMEM;
					break;
				}
				r->types = p;
			}
			err = parse_line(line, r);
			if (err)
				break;
		}
	}
	free(copy);
	if (err) {
		vx_probe_free(r);
		return err;
	}
	*out = r;
	return 0;
}

const struct vx_probe_type *vx_probe_find(const struct vx_probe_result *r, const char *type)
{
	size_t i;

	for (i = 0; r && type && i < r->ntypes; i++) {
		if (!strcmp(r->types[i].name, type))
			return &r->types[i];
	}
	return NULL;
}

void vx_probe_free(struct vx_probe_result *r)
{
	if (!r)
		return;
	free(r->types);
	free(r);
}
