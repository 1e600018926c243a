// SPDX-License-Identifier: MIT
/* The loader's statement of a failure, for inputs with no kernel log
 * (src/statement.c, patterns/statements.pat): each input is in a wording of
 * our own making, by loaders and loggers other than the dev logs that showed
 * the class (issue 10), so a pass shows the rule and not a log. */
#include "testlib.h"

#include <stdlib.h>

#include "patterns.h"
#include "pipeline.h"
#include "record.h"
#include "statement.h"
#include "util.h"

static struct vx_db *db;

/* The answer accuracy.py reads: the last rejected record, or the last one. */
static void expect(const char *name, const char *in, enum vx_verdict want_verdict,
		   const char *want_msg, const char *want_cat)
{
	struct vx_record **r = NULL;
	size_t n = 0;
	vx_explain_buffer(db, NULL, in, strlen(in), &r, &n);
	const struct vx_record *a = n ? r[n - 1] : NULL;
	for (size_t i = n; i-- > 0;)
		if (r[i]->verdict == VX_REJECTED) {
			a = r[i];
			break;
		}
	char t[256];
	snprintf(t, sizeof(t), "%s: verdict", name);
	CHECK(t, a && a->verdict == want_verdict, "got %s, want %s",
	      a ? vx_verdict_name(a->verdict) : "(no record)", vx_verdict_name(want_verdict));
	snprintf(t, sizeof(t), "%s: message", name);
	CHECK_STR(t, a ? a->message : NULL, want_msg);
	snprintf(t, sizeof(t), "%s: category", name);
	CHECK_STR(t, a ? a->category : NULL, want_cat);
	if (a && want_cat) {
		snprintf(t, sizeof(t), "%s: says it is read from the loader's words", name);
		CHECK(t, a->explanation && strstr(a->explanation, "loader's words") &&
				 strstr(a->explanation, "no kernel log"),
		      "explanation: %s", a->explanation ? a->explanation : "(none)");
	}
	for (size_t i = 0; i < n; i++)
		vx_record_free(r[i]);
	free(r);
}

/* One statement read: its key "OBJECT ERRNO: MESSAGE". */
static void expect_key(const char *name, const char *line, const char *want)
{
	struct vx_said s;
	char *key = NULL;
	if (!vx_said_read(db, line, strlen(line), &s)) {
		key = xasprintf("%s %s: %s", s.object ? s.object : "none",
				s.errno_name ? s.errno_name : "-", s.message);
		vx_said_free(&s);
	}
	CHECK_STR(name, key, want);
	free(key);
}

static void test_reading(void)
{
	/* Go chains: the wrappers that only say where are dropped */
	expect_key("read: Go chain, map after its address",
		   "init: loading spec: map perf_events: map create: argument list too long",
		   "map E2BIG: map create: argument list too long");
	/* the errno's own remark names no step */
	expect_key("read: the errno's remark is not the object",
		   "field Probe: program probe: map heap: map create: invalid argument (BTF of key not valid)",
		   "map EINVAL: map create: invalid argument (BTF of key not valid)");
	/* libbpf: the program's name goes, the map's stays with its words */
	expect_key("read: libbpf map line keeps the map's name",
		   "libbpf: map 'rb': failed to create: Invalid argument(-22)",
		   "map EINVAL: map 'rb': failed to create: Invalid argument(-22)");
	expect_key("read: libbpf attach line, symbolic errno",
		   "libbpf: prog 'on_exec': failed to attach to raw_tp 'sched_process_exec': -EOPNOTSUPP",
		   "attach EOPNOTSUPP: failed to attach to raw_tp 'sched_process_exec': -EOPNOTSUPP");
	/* the innermost step classifies: BTF under CO-RE */
	expect_key("read: innermost step classifies",
		   "program tc_egress: apply CO-RE relocations: load vmlinux BTF: parse types: unknown kind 21",
		   "btf -: apply CO-RE relocations: load vmlinux BTF: parse types: unknown kind 21");
	/* a logger's field, quoted, with other fields around it */
	expect_key("read: JSON field",
		   "{\"level\":\"error\",\"msg\":\"setup failed\",\"error\":\"attach fexit/tcp_close: create link: operation not supported\",\"ts\":1}",
		   "attach EOPNOTSUPP: attach fexit/tcp_close: create link: operation not supported");
	expect_key("read: logfmt field, unquoted",
		   "ts=2025-01-02T03:04:05Z level=error err=EBUSY msg=\"attach xdp\"", "none EBUSY: EBUSY");
	/* a record with no error field: its message, when it states the failure */
	expect_key("read: logfmt message field",
		   "time=\"2025-02-01T00:00:00Z\" level=error msg=\"failed to create perf buffer: cannot allocate memory\" component=tracer",
		   "map ENOMEM: failed to create perf buffer: cannot allocate memory");
	expect_key("read: a message that states no failure is none",
		   "level=info msg=\"attaching kprobe do_unlinkat\"", NULL);
	/* klog's header */
	expect_key("read: klog header stripped",
		   "E0301 10:00:00.123456    4242 probe.go:88] attach xdp to eth0: device or resource busy",
		   "attach EBUSY: attach xdp to eth0: device or resource busy");
	/* "not available" states a failure; a user-space symbol is an attach's */
	expect_key("read: a kfunc not available",
		   "ERROR: kfunc bpf_rcu_read_lock not available for your kernel version",
		   "kfunc -: kfunc bpf_rcu_read_lock not available for your kernel version");
	expect_key("read: a uprobe's symbol",
		   "Exception: could not determine address of symbol b'SSL_read' in b'/usr/lib/libssl.so.3'",
		   "attach -: could not determine address of symbol b'SSL_read' in b'/usr/lib/libssl.so.3'");
	/* a logger's header before the chain */
	expect_key("read: header stripped",
		   "2025/03/01 10:00:00 ERROR failed to create ring buffer: cannot allocate memory",
		   "map ENOMEM: failed to create ring buffer: cannot allocate memory");
	/* errno numbers in their printed forms */
	expect_key("read: Unknown error 524",
		   "attach kprobe.multi: Unknown error 524",
		   "attach ENOTSUPP: attach kprobe.multi: Unknown error 524");
	/* no failure stated: no statement */
	expect_key("read: a progress line is no statement", "map 'events' created", NULL);
	/* a retry is no failure of its own */
	expect_key("read: a retry is no statement",
		   "libbpf: Error in bpf_create_map_xattr(rb):Invalid argument(-22). Retrying without BTF.", NULL);
}

static void test_answers(void)
{
	/* a map type the kernel lacks, told by a Rust loader's chain */
	expect("answer: Rust chain, map creation EINVAL",
	       "Error: failed to load the eBPF objects\n\nCaused by:\n"
	       "    0: map error\n    1: failed to create map `EVENTS`\n"
	       "    2: Invalid argument (os error 22)\n",
	       VX_REJECTED, "failed to create map `EVENTS`", "map-usage");
	/* EACCES on a map under a security module, from a Python loader's
	 * exception: the exception's type is a tag */
	expect("answer: Python exception, map EACCES",
	       "Traceback (most recent call last):\n  File \"t.py\", line 3, in <module>\n"
	       "Exception: could not create map 'counts': Permission denied\n",
	       VX_REJECTED, "could not create map 'counts': Permission denied", "permission");
	/* the attach needs a trampoline the architecture lacks */
	expect("answer: logfmt, fentry attach not supported",
	       "time=2025-05-01T10:00:00Z level=info msg=\"loading\"\n"
	       "time=2025-05-01T10:00:01Z level=fatal msg=\"cannot start\" err=\"attaching fentry/vfs_read: creating tracing link: not supported\"\n",
	       VX_REJECTED, "attaching fentry/vfs_read: creating tracing link: not supported",
	       "attach-target");
	/* the kernel has no BTF for CO-RE: the innermost step is BTF */
	expect("answer: kernel BTF missing under CO-RE",
	       "[2025-01-01 00:00:00] FATAL loading collection: program kprobe_open: apply CO-RE relocations: read kernel BTF: open /sys/kernel/btf/vmlinux: no such file or directory\n",
	       VX_REJECTED,
	       "apply CO-RE relocations: read kernel BTF: open /sys/kernel/btf/vmlinux: no such file or directory",
	       "btf");
	/* libbpf's first refusal, not its restatements */
	expect("answer: libbpf cascade, first refusal",
	       "libbpf: prog 'on_exec': failed to attach: -EOPNOTSUPP\n"
	       "libbpf: prog 'on_exec': failed to auto-attach: -EOPNOTSUPP\n"
	       "failed to attach BPF skeleton: -95\n",
	       VX_REJECTED, "failed to attach: -EOPNOTSUPP", "attach-target");
	/* a restatement alone is read as a statement too */
	expect("answer: libbpf restatement alone",
	       "libbpf: prog 'on_exec': failed to auto-attach: -2\n",
	       VX_REJECTED, "failed to auto-attach: -2", "attach-target");
	/* a refusal for privilege is one whatever step it names */
	expect("answer: EPERM on the program's load, a tool's own words",
	       "[12:00:01] loader: cannot load probe: Operation not permitted\n",
	       VX_REJECTED, "cannot load probe: Operation not permitted", "permission");
	expect("answer: EACCES and no step named",
	       "fatal: bpf(): Permission denied\n",
	       VX_REJECTED, "bpf(): Permission denied", "permission");
	/* ... but a framing entry's line without its err group is no statement:
	 * that loader's errno is no word on the cause */
	expect("answer: a framing line's errno alone is none",
	       "libscap: bpf_load_program() event=raw_tracepoint/filler/sys_openat_x: Operation not permitted\n",
	       VX_NO_LOG, NULL, NULL);
	/* a program load with no log stays a log that is missing */
	expect("answer: program load EINVAL without log is no answer",
	       "2025/01/01 00:00:00 loading objects: field Kp: program kp: load program: invalid argument\n",
	       VX_NO_LOG, NULL, NULL);
	expect("answer: skeleton restatement alone is no answer",
	       "libbpf: failed to load object 'x_bpf'\nfailed to load BPF skeleton: -22\n",
	       VX_NO_LOG, NULL, NULL);
	/* a cut kernel log stays cut, whatever the loader says after it */
	expect("answer: cut log stays truncated",
	       "0: R1=ctx() R10=fp0\n0: (b7) r0 = 0\n1: (bf) r6 = r1\n"
	       "libbpf: map 'x': failed to create: Invalid argument(-22)\n",
	       VX_TRUNCATED, NULL, NULL);
}

int main(void)
{
	struct strbuf err = STRBUF_INIT;
	if (vx_db_load(NULL, &db, &err)) {
		FAIL("statement: database", "%s", sb_str(&err));
		return 1;
	}
	test_reading();
	test_answers();
	vx_db_free(db);
	sb_free(&err);
	TL_EXIT();
}
