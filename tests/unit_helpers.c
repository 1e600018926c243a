// SPDX-License-Identifier: MIT
/* helpers.c and probecore.c's table format: the helper table against the
 * system's UAPI header, lookups both ways, program type inference, the
 * shipped kernel tables, the probe's type table (progtypes.tsv). */
#include <bpf/libbpf.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "helpers.h"
#include "patterns.h"
#include "probecore.h"
#include "testlib.h"
#include "util.h"

/* The FN(...) list of bpf.h's __BPF_FUNC_MAPPER: FN(name) with implicit ids
 * (up to 6.1) or FN(name, id, ...) (6.2+). Returns how many were checked. */
static int check_uapi(const char *path)
{
	char *text, *p, *line, *next;
	size_t len;
	int in = 0, next_id = 0, n = 0, bad = 0;

	if (read_file(path, 1 << 24, &text, &len)) {
		SKIP("helpers-uapi", "cannot read %s", path);
		return -1;
	}
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strstr(line, "#define") && strstr(line, "BPF_FUNC_MAPPER(")) {
			in = 1;
			continue;
		}
		if (!in)
			continue;
		p = strstr(line, "FN(");
		if (p) {
			char name[64], want[80];
			int id = next_id;

			p += 3;
			len = strcspn(p, ",)");
			if (len >= sizeof(name))
				len = sizeof(name) - 1;
			memcpy(name, p, len);
			name[len] = '\0';
			if (p[len] == ',' && isdigit((unsigned char)p[len + 1 + strspn(p + len + 1, " ")]))
				id = atoi(p + len + 1);
			snprintf(want, sizeof(want), "bpf_%s", name);
			if (!tl_streq(vx_helper_name(id), want)) {
				FAIL("helpers-uapi", "id %d: %s in %s, %s in helpers.tsv", id, want, path,
				     vx_helper_name(id) ? vx_helper_name(id) : "(none)");
				bad++;
			}
			next_id = id + 1;
			n++;
		}
		if (line[0] && line[strlen(line) - 1] != '\\')
			in = 0;
	}
	free(text);
	if (!bad)
		CHECK("helpers-uapi", n >= 200, "only %d helpers found in %s", n, path);
	return n;
}

static void check_table(void)
{
	int id, missing = -1, roundtrip = -1;

	for (id = 0; id <= VX_HELPER_MAX; id++) {
		if (!vx_helper_name(id) && missing < 0)
			missing = id;
		if (vx_helper_name(id) && vx_helper_id(vx_helper_name(id)) != id && roundtrip < 0)
			roundtrip = id;
	}
	CHECK("helpers-all-ids", missing < 0, "no name for id %d", missing);
	CHECK("helpers-roundtrip", roundtrip < 0, "id %d does not round-trip", roundtrip);
	CHECK_STR("helpers-name-4", vx_helper_name(4), "bpf_probe_read");
	CHECK_STR("helpers-name-113", vx_helper_name(113), "bpf_probe_read_kernel");
	CHECK_STR("helpers-name-210", vx_helper_name(210), "bpf_cgrp_storage_get");
	CHECK_STR("helpers-name-211", vx_helper_name(211), "bpf_cgrp_storage_delete");
	CHECK("helpers-name-out-of-range", !vx_helper_name(212) && !vx_helper_name(-1),
	      "ids 212 and -1 have names");
	CHECK_INT("helpers-id-full", vx_helper_id("bpf_probe_read"), 4);
	CHECK_INT("helpers-id-short", vx_helper_id("probe_read"), 4);
	CHECK_INT("helpers-id-enum", vx_helper_id("BPF_FUNC_probe_read_kernel"), 113);
	CHECK_INT("helpers-id-unknown", vx_helper_id("bpf_no_such_helper"), -1);
	CHECK_INT("helpers-id-prefix-only", vx_helper_id("bpf_probe"), -1);
	/* as a user names one on the command line (helper, probe --helper) */
	CHECK_INT("helpers-parse-id", vx_helper_parse("4"), 4);
	CHECK_INT("helpers-parse-hash-id", vx_helper_parse("#113"), 113);
	CHECK_INT("helpers-parse-name", vx_helper_parse("probe_read"), 4);
	CHECK_INT("helpers-parse-past-max", vx_helper_parse("212"), -1);
	CHECK_INT("helpers-parse-negative", vx_helper_parse("-1"), -1);
	CHECK_INT("helpers-parse-trailing", vx_helper_parse("4x"), -1);
	CHECK_INT("helpers-parse-empty", vx_helper_parse(""), -1);
	CHECK_INT("helpers-parse-hash-alone", vx_helper_parse("#"), -1);
}

static const char *const sections[][2] = {
	{ "cgroup_skb/egress", "cgroup_skb" },
	{ "cgroup_skb/ingress", "cgroup_skb" },
	{ "cgroup/skb", "cgroup_skb" },
	{ "kprobe/do_sys_openat2", "kprobe" },
	{ "kretprobe/tcp_sendmsg", "kprobe" },
	{ "uprobe//usr/lib/libc.so.6:malloc", "kprobe" },
	{ "uretprobe.s//bin/bash:readline", "kprobe" },
	{ "ksyscall/execve", "kprobe" },
	{ "usdt/./app:probes:start", "kprobe" },
	{ "kprobe.multi/tcp_*", "kprobe" },
	{ "tp/syscalls/sys_enter_openat", "tracepoint" },
	{ "tracepoint/sched/sched_switch", "tracepoint" },
	{ "raw_tp/sched_switch", "raw_tracepoint" },
	{ "raw_tracepoint.w/bpf_test_finish", "raw_tracepoint_writable" },
	{ "tp_btf/sched_wakeup", "tracing" },
	{ "fentry/vfs_read", "tracing" },
	{ "fexit/do_unlinkat", "tracing" },
	{ "fmod_ret/security_task_alloc", "tracing" },
	{ "iter/task", "tracing" },
	{ "freplace/handle_ipv4", "ext" },
	{ "lsm/file_open", "lsm" },
	{ "lsm.s/bprm_committed_creds", "lsm" },
	{ "xdp", "xdp" },
	{ "xdp.frags", "xdp" },
	{ "xdp/devmap", "xdp" },
	{ "?xdp", "xdp" },
	{ "tc", "sched_cls" },
	{ "classifier", "sched_cls" },
	{ "tcx/ingress", "sched_cls" },
	{ "action", "sched_act" },
	{ "socket", "socket_filter" },
	{ "sockops", "sock_ops" },
	{ "sk_skb/stream_verdict", "sk_skb" },
	{ "sk_msg", "sk_msg" },
	{ "sk_lookup", "sk_lookup" },
	{ "sk_reuseport/migrate", "sk_reuseport" },
	{ "cgroup/connect4", "cgroup_sock_addr" },
	{ "cgroup/sendmsg6", "cgroup_sock_addr" },
	{ "cgroup/sock_create", "cgroup_sock" },
	{ "cgroup/getsockopt", "cgroup_sockopt" },
	{ "cgroup/sysctl", "cgroup_sysctl" },
	{ "cgroup/dev", "cgroup_device" },
	{ "perf_event", "perf_event" },
	{ "flow_dissector", "flow_dissector" },
	{ "lwt_xmit", "lwt_xmit" },
	{ "struct_ops/tcp_init", "struct_ops" },
	{ "syscall", "syscall" },
	{ "netfilter", "netfilter" },
	/* libbpf 0.x names */
	{ "xdp_devmap/redirect", "xdp" },
	{ "classifier/ingress", "sched_cls" },
	/* not sections libbpf knows */
	{ "kprobe_foo", NULL },
	{ "xdpfoo", NULL },
	{ "tracepointx/a", NULL },
	{ ".text", NULL },
	{ "license", NULL },
};

static void check_sections(void)
{
	char name[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sections); i++) {
		snprintf(name, sizeof(name), "section %s", sections[i][0]);
		CHECK_STR(name, vx_prog_type_from_section(sections[i][0]), sections[i][1]);
	}
}

static void check_ctx_and_names(void)
{
	CHECK_STR("ctx xdp_md", vx_prog_type_from_ctx("xdp_md"), "xdp");
	CHECK_STR("ctx struct xdp_md *", vx_prog_type_from_ctx("struct xdp_md *"), "xdp");
	CHECK_STR("ctx __sk_buff ambiguous", vx_prog_type_from_ctx("__sk_buff"), NULL);
	CHECK_STR("ctx bpf_sock_addr", vx_prog_type_from_ctx("struct bpf_sock_addr"),
		  "cgroup_sock_addr");
	CHECK_STR("ctx pt_regs", vx_prog_type_from_ctx("struct pt_regs"), "kprobe");
	CHECK_STR("ctx bpf_perf_event_data", vx_prog_type_from_ctx("bpf_perf_event_data"),
		  "perf_event");
	CHECK_STR("ctx sk_msg_md", vx_prog_type_from_ctx("sk_msg_md"), "sk_msg");
	CHECK_STR("ctx bpf_raw_tracepoint_args",
		  vx_prog_type_from_ctx("bpf_raw_tracepoint_args"), "raw_tracepoint");
	CHECK_STR("ctx unknown", vx_prog_type_from_ctx("task_struct"), NULL);
	CHECK_STR("canonical enum", vx_prog_type_canonical("BPF_PROG_TYPE_CGROUP_SKB"),
		  "cgroup_skb");
	CHECK_STR("canonical name", vx_prog_type_canonical("sched_cls"), "sched_cls");
	CHECK_STR("canonical upper", vx_prog_type_canonical("XDP"), "xdp");
	CHECK_STR("canonical section", vx_prog_type_canonical("cgroup/skb"), "cgroup_skb");
	CHECK_STR("canonical unknown", vx_prog_type_canonical("BPF_PROG_TYPE_NOPE"), NULL);
}

/* progtypes.tsv uses libbpf's names: check them against libbpf itself, for
 * every type libbpf 1.1 knows. */
static void check_type_names(void)
{
	size_t bad = 0;

	for (int t = 1; libbpf_bpf_prog_type_str(t); t++) {
		if (!tl_streq(vx_prog_type_canonical(libbpf_bpf_prog_type_str(t)),
			      libbpf_bpf_prog_type_str(t)) && !bad++)
			FAIL("types-libbpf-names", "libbpf's %s is not a type of progtypes.tsv",
			     libbpf_bpf_prog_type_str(t));
	}
	if (!bad)
		PASS("types-libbpf-names");
	CHECK("types-count", vx_prog_type_count() >= 32, "only %zu types", vx_prog_type_count());
}

static void check_kernels(void)
{
	const char *types[64];
	int rel[8], has113 = 0, has112 = 0, has4 = 0;
	size_t i, n;
	int found = 0;

	for (i = 0; i < vx_kernel_count(); i++)
		found |= tl_streq(vx_kernel_name(i), "6.18");
	CHECK("kernels-6.18-shipped", found, "6.18 not among %zu shipped tables", vx_kernel_count());
	for (i = 1; i < vx_kernel_count(); i++) {
		/* newest first */
		CHECK("kernels-order", strverscmp(vx_kernel_name(i - 1), vx_kernel_name(i)) > 0,
		      "%s before %s", vx_kernel_name(i - 1), vx_kernel_name(i));
	}
	CHECK_INT("allowed cgroup_skb probe_read", vx_helper_allowed("6.18", "cgroup_skb", 4), 0);
	CHECK_INT("allowed cgroup_skb probe_read_kernel",
		  vx_helper_allowed("6.18", "cgroup_skb", 113), 1);
	CHECK_INT("allowed kprobe probe_read", vx_helper_allowed("6.18", "kprobe", 4), 1);
	CHECK_INT("allowed section name", vx_helper_allowed("6.18", "kprobe/x", 4), 1);
	CHECK_INT("allowed full release", vx_helper_allowed("6.18.44-fc", "xdp", 1), 1);
	CHECK_INT("allowed unknown kernel", vx_helper_allowed("2.6", "xdp", 1), -1);
	CHECK_INT("allowed not probed type", vx_helper_allowed("6.18", "struct_ops", 1), -1);
	CHECK_INT("allowed unknown type", vx_helper_allowed("6.18", "nope", 1), -1);
	n = vx_helper_allowed_types("6.18", 4, types, ARRAY_SIZE(types));
	found = 0;
	for (i = 0; i < n; i++)
		found |= !strcmp(types[i], "kprobe") * 1 | !strcmp(types[i], "cgroup_skb") * 2;
	CHECK("allowed-types probe_read", found == 1, "kprobe %s, cgroup_skb %s",
	      found & 1 ? "in" : "missing", found & 2 ? "in (wrong)" : "out");
	n = vx_helper_related(4, rel, NULL, ARRAY_SIZE(rel));
	for (i = 0; i < n; i++) {
		has113 |= rel[i] == 113;
		has112 |= rel[i] == 112;
	}
	CHECK("related probe_read", has113 && has112, "probe_read_kernel %d, probe_read_user %d",
	      has113, has112);
	n = vx_helper_related(113, rel, NULL, ARRAY_SIZE(rel));
	for (i = 0; i < n; i++)
		has4 |= rel[i] == 4;
	CHECK("related both ways", has4, "probe_read_kernel does not lead back to probe_read");
}

static void check_tsv_format(void)
{
	const struct vx_data_file *df = vx_data_find("patterns/kernels/6.18.tsv");
	struct vx_probe_result *a = NULL, *b = NULL;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;
	int same = 1;

	if (!df) {
		FAIL("tsv-roundtrip", "patterns/kernels/6.18.tsv is not embedded");
		return;
	}
	CHECK_INT("tsv-parse", vx_probe_parse_tsv(df->text, df->len, &a), 0);
	if (!a)
		return;
	f = open_memstream(&buf, &len);
	vx_probe_write_tsv(a, f);
	fclose(f);
	CHECK_INT("tsv-reparse", vx_probe_parse_tsv(buf, len, &b), 0);
	for (i = 0; b && i < a->ntypes; i++)
		same &= b->ntypes == a->ntypes && !strcmp(a->types[i].name, b->types[i].name) &&
			a->types[i].status == b->types[i].status &&
			!memcmp(a->types[i].allowed, b->types[i].allowed, sizeof(a->types[i].allowed)) &&
			!strcmp(a->types[i].reason, b->types[i].reason);
	CHECK("tsv-roundtrip", b && same, "write then parse changes the table");
	CHECK("tsv-release", !strncmp(a->release, "6.18", 4), "release '%s'", a->release);
	vx_probe_free(b);
	b = NULL;
	CHECK("tsv-bad-status", vx_probe_parse_tsv("xdp\tmaybe\t1,2\n", 13, &b) < 0,
	      "accepted a status 'maybe'");
	CHECK("tsv-bad-id", vx_probe_parse_tsv("xdp\tok\t1,999\n", 13, &b) < 0, "accepted id 999");
	CHECK("tsv-bad-list", vx_probe_parse_tsv("xdp\tok\t1;2\n", 11, &b) < 0, "accepted '1;2'");
	vx_probe_free(a);
	free(buf);
}

/* Every line of an embedded TSV file, split at tabs, to fn. */
static void each_row(const char *path, void (*fn)(char **f, size_t n, const char *line))
{
	const struct vx_data_file *df = vx_data_find(path);
	char *text, *line, *next;

	if (!df) {
		FAIL(path, "not embedded");
		return;
	}
	text = xstrndup(df->text, df->len);
	for (line = text; line && *line; line = next) {
		char copy[512], *f[8], *p = copy;
		size_t n = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' || !*line)
			continue;
		snprintf(copy, sizeof(copy), "%s", line);
		while (n < ARRAY_SIZE(f)) {
			f[n++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		fn(f, n, line);
	}
	free(text);
}

static int bad_rows;

static void family_row(char **f, size_t n, const char *line)
{
	if (n == 3 && vx_helper_id(f[0]) > 0 && vx_helper_id(f[1]) > 0 && *f[2])
		return;
	if (n == 5 && !strcmp(f[0], "rewrite") && *f[1] && vx_helper_id(f[2]) > 0 &&
	    vx_helper_id(f[3]) > 0 && *f[4])
		return;
	if (n >= 3 && !strcmp(f[0], "family") && vx_helper_id(f[2]) > 0)
		return; /* a named family: family<TAB>name<TAB>helper... */
	if (!bad_rows++)
		FAIL("data-families", "bad line '%s' (helper<TAB>related<TAB>why, known names)", line);
}

static void progtype_row(char **f, size_t n, const char *line)
{
	int ok = 0;

	if (!strcmp(f[0], "type"))
		ok = n == 5 && tl_streq(vx_prog_type_canonical(f[2]), f[1]);
	else if (!strcmp(f[0], "ctx"))
		ok = n == 3 && tl_streq(vx_prog_type_canonical(f[2]), f[2]);
	else if (!strcmp(f[0], "section"))
		ok = n == 5 && tl_streq(vx_prog_type_canonical(f[2]), f[2]) &&
		     (!strcmp(f[3], "-") || !strncmp(f[3], "BPF_", 4));
	else if (!strcmp(f[0], "probe"))
		ok = n == 6 && vx_probe_spec_find(f[1]);
	else if (!strcmp(f[0], "refusal"))
		ok = n == 2;
	if (!ok && !bad_rows++)
		FAIL("data-progtypes", "bad line '%s'", line);
}

/* A probe line's attach type: libbpf's name for its value is the enum's
 * name, lower case without BPF_ (where this libbpf knows the value). */
static void probe_attach_row(char **f, size_t n, const char *line)
{
	char want[64];
	const char *name;

	if (strcmp(f[0], "probe") || n != 6 || !strcmp(f[2], "-"))
		return;
	name = libbpf_bpf_attach_type_str(atoi(f[3]));
	snprintf(want, sizeof(want), "%s", f[2] + 4);
	for (char *p = want; *p; p++)
		*p = tolower((unsigned char)*p);
	if (name && strcmp(name, want) && !bad_rows++)
		FAIL("probe-attach-values", "%s: libbpf calls %s %s", line, f[3], name);
}

static struct vx_db *pattern_db;

/* The probe's refusal words, filled in as the kernel prints them, are what
 * helper-unavailable.pat answers, and what the probe reads as a refusal. */
static void refusal_row(char **f, size_t n, const char *line)
{
	char msg[160];
	struct vx_caps caps = { 0 };
	const struct vx_pattern *p;

	if (strcmp(f[0], "refusal") || n != 2)
		return;
	snprintf(msg, sizeof(msg), f[1], "bpf_probe_read", 4);
	p = vx_db_match(pattern_db, msg, strlen(msg), &caps);
	vx_caps_clear(&caps);
	if ((!p || strcmp(p->category, "helper-unavailable") || !vx_helper_refused(msg)) &&
	    !bad_rows++)
		FAIL("probe-refusals", "'%s' is %s", msg, p ? p->id : "matched by no entry");
}

/* The probe's table is progtypes.tsv's: every type, in enum order, with its
 * value; attach values and refusal words as libbpf and the patterns know them. */
static void check_probe_specs(void)
{
	struct strbuf err = STRBUF_INIT;
	size_t i, bad = 0;

	CHECK_INT("probe-specs-count", vx_probe_spec_count(), vx_prog_type_count());
	for (i = 0; i < vx_probe_spec_count(); i++) {
		const struct vx_probe_spec *sp = vx_probe_spec_at(i);

		if ((!tl_streq(sp->name, vx_prog_type_name(i)) ||
		     sp->prog_type != vx_prog_type_value(i)) &&
		    !bad++)
			FAIL("probe-specs-order", "probe line %zu is %s (%d), type line %s (%d)", i,
			     sp->name, sp->prog_type, vx_prog_type_name(i), vx_prog_type_value(i));
	}
	if (!bad)
		PASS("probe-specs-order");
	CHECK("probe-spec tracing",
	      vx_probe_spec_find("tracing")->how == VX_PROBE_BTF &&
		      vx_probe_spec_find("tracing")->attach == 24 &&
		      tl_streq(vx_probe_spec_find("tracing")->arg[2], "vfs_read") &&
		      vx_probe_spec_find("syscall")->how == VX_PROBE_SLEEPABLE &&
		      vx_probe_spec_find("ext")->how == VX_PROBE_SKIP &&
		      vx_probe_spec_find("ext")->arg[0],
	      "tracing, syscall or ext read wrong");
	CHECK("probe-not-refused",
	      !vx_helper_refused("R1 invalid mem access 'scalar'") && !vx_helper_refused(NULL),
	      "refused");
	bad_rows = 0;
	each_row("patterns/progtypes.tsv", probe_attach_row);
	if (!bad_rows)
		PASS("probe-attach-values");
	if (vx_db_load(NULL, &pattern_db, &err)) {
		FAIL("probe-refusals", "patterns: %s", sb_str(&err));
	} else {
		bad_rows = 0;
		each_row("patterns/progtypes.tsv", refusal_row);
		if (!bad_rows)
			PASS("probe-refusals");
	}
	vx_db_free(pattern_db);
	sb_free(&err);
}

/* The data files hold nothing the code would silently drop. */
static void check_data_files(void)
{
	const struct vx_data_file *df;
	int nk = 0, bad = 0;

	bad_rows = 0;
	each_row("patterns/helper-families.tsv", family_row);
	if (!bad_rows)
		PASS("data-families");
	bad_rows = 0;
	each_row("patterns/progtypes.tsv", progtype_row);
	if (!bad_rows)
		PASS("data-progtypes");
	for (df = vx_data_files; df->path; df++) {
		const char *base = strrchr(df->path, '/') + 1;
		struct vx_probe_result *r = NULL;
		size_t i, rel = strlen(base) - 4;

		if (!starts_with(df->path, "patterns/kernels/"))
			continue;
		nk++;
		if (vx_probe_parse_tsv(df->text, df->len, &r)) {
			FAIL("data-kernels", "%s does not parse", df->path);
			bad++;
			continue;
		}
		/* 6.1.tsv holds a 6.1.x kernel's answers, not 6.12's */
		if (strncmp(r->release, base, rel) || isdigit((unsigned char)r->release[rel])) {
			FAIL("data-kernels", "%s was made on kernel '%s'", df->path, r->release);
			bad++;
		}
		for (i = 0; i < r->ntypes; i++) {
			if (!tl_streq(vx_prog_type_canonical(r->types[i].name), r->types[i].name)) {
				FAIL("data-kernels", "%s: unknown type %s", df->path, r->types[i].name);
				bad++;
			}
		}
		vx_probe_free(r);
	}
	CHECK("data-kernels", !bad && nk == (int)vx_kernel_count(), "%d tables, %zu loaded", nk,
	      vx_kernel_count());
}

/* An optional argument checks another bpf.h (a kernel tree's) instead. */
int main(int argc, char **argv)
{
	check_uapi(argc > 1 ? argv[1] : "/usr/include/linux/bpf.h");
	check_table();
	check_sections();
	check_ctx_and_names();
	check_type_names();
	check_kernels();
	check_tsv_format();
	check_data_files();
	check_probe_specs();
	TL_EXIT();
}
