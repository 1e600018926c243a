// SPDX-License-Identifier: MIT
/* Which line is the verdict, on inputs of our own making, one per class of
 * miss seen on the dev part of corpus/public (issue 10): loader statements
 * and their cascades, loader framings around a finished log, summaries
 * wrapped or cut by a paste, kernel verdicts printed over two lines, stack
 * traces after a cut log, and program names across concatenated logs. Each
 * input is written in a wording or by a loader other than the dev log that
 * showed the class, so a pass shows the rule, not the log. */
#include "testlib.h"

#include <stdlib.h>

#include "patterns.h"
#include "pipeline.h"
#include "record.h"
#include "util.h"
#include "vlog.h"

static struct vx_db *db;

struct recs {
	struct vx_record **r;
	size_t n;
};

static void run(const char *in, struct recs *out)
{
	out->r = NULL;
	out->n = 0;
	vx_explain_buffer(db, NULL, in, strlen(in), &out->r, &out->n);
}

static void recs_free(struct recs *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		vx_record_free(rs->r[i]);
	free(rs->r);
}

/* The answer accuracy.py reads: the last rejected record, or the last one. */
static const struct vx_record *answer(const struct recs *rs)
{
	for (size_t i = rs->n; i-- > 0;)
		if (rs->r[i]->verdict == VX_REJECTED)
			return rs->r[i];
	return rs->n ? rs->r[rs->n - 1] : NULL;
}

/* want_verdict: the answer's verdict; message/category: NULL means none. */
static void expect(const char *name, const char *in, enum vx_verdict want_verdict,
		   const char *want_msg, const char *want_cat)
{
	struct recs rs;
	run(in, &rs);
	const struct vx_record *r = answer(&rs);
	char n[256];
	snprintf(n, sizeof(n), "%s: verdict", name);
	CHECK(n, r && r->verdict == want_verdict, "got %s, want %s",
	      r ? vx_verdict_name(r->verdict) : "(no record)", vx_verdict_name(want_verdict));
	snprintf(n, sizeof(n), "%s: message", name);
	CHECK_STR(n, r ? r->message : NULL, want_msg);
	snprintf(n, sizeof(n), "%s: category", name);
	CHECK_STR(n, r ? r->category : NULL, want_cat);
	recs_free(&rs);
}

/* --- a loader's statements with no kernel log -------------------------------- */
static void test_statements(void)
{
	/* libbpf probes feature after feature: the first refusal is the cause */
	expect("cascade: libbpf probes, first refusal",
	       "./loader -i eth0\n"
	       "libbpf: Error in bpf_object__probe_loading():Operation not permitted(1). Couldn't load trivial BPF program.\n"
	       "libbpf: Error in bpf_object__probe_global_data():Operation not permitted(1). Couldn't create simple array map.\n"
	       "libbpf: failed to create map (name: 'flows'): Operation not permitted(-1)\n"
	       "libbpf: failed to load object 'flow.bpf.o'\n",
	       VX_REJECTED,
	       "Error in bpf_object__probe_loading():Operation not permitted(1). Couldn't load trivial BPF program.",
	       "permission");
	/* the memlock warning is not the refusal that follows it */
	expect("cascade: memlock warning, then the refusal",
	       "libbpf: Failed to bump RLIMIT_MEMLOCK (err = -1), you might need to do it explicitly!\n"
	       "libbpf: Error in bpf_object__probe_name():Operation not permitted(1). Couldn't load basic 'r0 = 0' BPF program.\n"
	       "libbpf: failed to load object 'x.o'\n",
	       VX_REJECTED,
	       "Error in bpf_object__probe_name():Operation not permitted(1). Couldn't load basic 'r0 = 0' BPF program.",
	       "permission");
	/* bcc's statement, without its "bpf: " tag */
	expect("statement: bcc's words without its tag",
	       "bpf: Failed to load program: Permission denied\n\n"
	       "Traceback (most recent call last):\n  File \"tcpconnect.py\", line 40, in <module>\n",
	       VX_REJECTED, "Failed to load program: Permission denied", "permission");
	/* bpftrace without its ERROR: tag: names the probe, states nothing */
	expect("statement: bpftrace's probe line is no verdict",
	       "Attaching 2 probes...\n\nError log: \n\nError loading program: tracepoint:syscalls:sys_enter_openat\n",
	       VX_NO_LOG, NULL, NULL);
	/* libbpf lines that state a kernel without BTF, the second restating */
	expect("statement: no kernel BTF, first line",
	       "libbpf: failed to find valid kernel BTF\nlibbpf: Error loading vmlinux BTF: -95\n"
	       "libbpf: failed to load object 'tcplife_bpf'\n",
	       VX_REJECTED, "failed to find valid kernel BTF", "btf");
	expect("statement: pinned map of other parameters",
	       "libbpf: couldn't reuse pinned map at '/sys/fs/bpf/cnt': parameter mismatch\n"
	       "libbpf: map 'cnt': error reusing pinned map\n"
	       "libbpf: map 'cnt': failed to create: Invalid argument(-22)\n",
	       VX_REJECTED, "couldn't reuse pinned map at '/sys/fs/bpf/cnt': parameter mismatch",
	       "map-usage");
	/* EACCES on libbpf's probe: a policy, the probe's line is the cause */
	expect("cascade: EACCES on the probe, then its map",
	       "libbpf: Error in bpf_object__probe_loading():Permission denied(13). Couldn't load trivial BPF program.\n"
	       "libbpf: map 'events': failed to create: Permission denied(-13)\n"
	       "libbpf: failed to load object 'agent.bpf.o'\n",
	       VX_REJECTED,
	       "Error in bpf_object__probe_loading():Permission denied(13). Couldn't load trivial BPF program.",
	       "permission");
	/* cilium/ebpf's map creation behind the Go error chain, newer wording */
	expect("statement: map create behind a Go error chain",
	       "2025/01/02 10:00:00 loading objects: creating BPF collection: map conns: map create: "
	       "operation not permitted (MEMLOCK may be too low, consider rlimit.RemoveMemlock)\n",
	       VX_REJECTED,
	       "map create: operation not permitted (MEMLOCK may be too low, consider rlimit.RemoveMemlock)",
	       "permission");
	/* a pinned map refused, pasted through typographic quotes: the message
	 * keeps them, the cascade after it follows it */
	expect("statement: pinned map refused, typographic quotes",
	       "libbpf: couldn\u2019t retrieve pinned map \u2018/sys/fs/bpf/xdp/flows\u2019: Permission denied\n"
	       "libbpf: map \u2018flows\u2019: error reusing pinned map\n"
	       "libbpf: map \u2018flows\u2019: failed to create: Permission denied(-13)\n",
	       VX_REJECTED, "couldn\u2019t retrieve pinned map \u2018/sys/fs/bpf/xdp/flows\u2019: Permission denied",
	       "permission");
	/* the object's BTF refused, libbpf 1.x wording, nothing after it */
	expect("statement: the object's BTF refused",
	       "libbpf: BTF loading error: -22\n"
	       "libbpf: failed to load object 'probe.bpf.o'\n",
	       VX_REJECTED, "BTF loading error: -22", "btf");
	/* libbpf's "BTF is optional" is no second answer after the BTF log */
	expect("statement: BTF log, then libbpf going on without it",
	       "[12] FUNC_PROTO (anon) return=0 args=(void)\n"
	       "[13] Invalid kind:19\n"
	       "-- END BTF LOAD LOG --\n"
	       "libbpf: Error loading .BTF into kernel: -22. BTF is optional, ignoring.\n",
	       VX_REJECTED, "[13] Invalid kind:19", "btf");
	/* cilium/ebpf without kernel BTF, in a quoted logfmt value */
	expect("statement: no kernel BTF inside a quoted error value",
	       "level=error msg=\"load failed\" error=\"loading collection: program on_connect: "
	       "apply CO-RE relocations: load kernel spec: no BTF found for kernel version 5.10.110-rockchip: "
	       "not supported\" attempt=3\n",
	       VX_REJECTED,
	       "apply CO-RE relocations: load kernel spec: no BTF found for kernel version 5.10.110-rockchip: not supported",
	       "btf");
	expect("statement: a module's BTF the loader cannot read",
	       "FATAL load objects: program tc_ingress: apply CO-RE relocations: load BTF for kmod "
	       "snd_hda_codec: parse types: unknown kind 20\n",
	       VX_REJECTED, "load BTF for kmod snd_hda_codec: parse types: unknown kind 20", "btf");
	/* a load that failed with ENOTSUPP and no verdict: the JIT */
	expect("statement: ENOTSUPP after the verifier",
	       "libbpf: prog 'on_exec': BPF program load failed: Unknown error 524\n"
	       "libbpf: prog 'on_exec': failed to load: -524\n"
	       "Mon Jan  6 09:00:00 2025: [libs]: libpman: failed to load BPF object (errno: 524 | message: Unknown error 524)\n",
	       VX_REJECTED, "failed to load BPF object (errno: 524 | message: Unknown error 524)", "bad-insn");
	/* and the JIT's own line from dmesg, with the kernel's timestamp */
	expect("statement: the JIT's dmesg line",
	       "[ 4021.338112] bpf_jit: unknown opcode 8d\n", VX_REJECTED, "bpf_jit: unknown opcode 8d",
	       "bad-insn");
	/* a logger's year and a counter in brackets are no instruction */
	expect("no log: a date and a count that look like an instruction",
	       "Tue Mar  4 10:00:01 2025: (31) enabled rules in total\n"
	       "Tue Mar  4 10:00:01 2025: Opening 'syscall' source with modern BPF probe.\n"
	       "Error: Initialization issues during scap_init\n"
	       "Rule counts by severity:\n",
	       VX_NO_LOG, NULL, NULL);
	/* libbpf refuses a relocation record: the cause, not its restatements */
	expect("statement: a CO-RE record libbpf cannot parse",
	       "libbpf: prog 'on_fork': relo #2: parsing [41] struct task_struct + 0:x:3 failed: -22\n"
	       "libbpf: prog 'on_fork': relo #2: failed to relocate: -22\n"
	       "libbpf: failed to perform CO-RE relocations: -22\n"
	       "libbpf: failed to load object 'fork_bpf'\n",
	       VX_REJECTED, "relo #2: parsing [41] struct task_struct + 0:x:3 failed: -22",
	       "core-relocation");
	/* the program loaded, attaching it failed: the attach step's line */
	expect("statement: attach to a tracepoint that is not there",
	       "libbpf: prog 'on_openat2': failed to create tracepoint 'syscalls/sys_enter_openat2' perf event: No such file or directory\n"
	       "libbpf: prog 'on_openat2': failed to auto-attach: -2\n"
	       "failed to attach BPF skeleton\n",
	       VX_REJECTED,
	       "failed to create tracepoint 'syscalls/sys_enter_openat2' perf event: No such file or directory",
	       "attach-target");
	/* bcc's and bpftrace's attach failures, without their tags */
	expect("statement: bpftrace cannot attach its probe",
	       "Attaching 1 probe...\n"
	       "ERROR: Error attaching probe: 'kretprobe:tcp_v4_connectx'\n",
	       VX_REJECTED, "Error attaching probe: 'kretprobe:tcp_v4_connectx'", "attach-target");
	expect("statement: bcc cannot attach, in a traceback",
	       "Traceback (most recent call last):\n  File \"x.py\", line 9, in <module>\n"
	       "Exception: Failed to attach BPF program b'on_open' to kprobe b'do_sys_openat2'\n",
	       VX_REJECTED, "Failed to attach BPF program b'on_open' to kprobe b'do_sys_openat2'",
	       "attach-target");
	expect("statement: a kfunc prototype that differs",
	       "libbpf: extern (func ksym) 'bpf_task_acquire': func_proto [812] incompatible with vmlinux [4411]\n"
	       "libbpf: failed to load BPF skeleton 'sched': -EINVAL\n",
	       VX_REJECTED,
	       "extern (func ksym) 'bpf_task_acquire': func_proto [812] incompatible with vmlinux [4411]",
	       "kfunc-unavailable");
}

/* --- the loader's words after a finished log ----------------------------------- */
static const char *kernel_log =
	"libbpf: prog 'on_open': BPF program load failed: Permission denied\n"
	"libbpf: prog 'on_open': -- BEGIN PROG LOAD LOG --\n"
	"0: R1=ctx() R10=fp0\n"
	"0: (79) r1 = *(u64 *)(r1 +104)        ; R1_w=scalar()\n"
	"1: (71) r2 = *(u8 *)(r1 +0)\n"
	"R1 invalid mem access 'scalar'\n"
	"processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n"
	"-- END PROG LOAD LOG --\n";

static void test_after_log(void)
{
	/* a C++ loader's uncaught exception restates the failure */
	struct strbuf in = STRBUF_INIT;
	sb_adds(&in, kernel_log);
	sb_adds(&in, "terminate called after throwing an instance of 'loader_error'\n"
		     "  what():  libscap: bpf_load_program() event=raw_tracepoint/filler/sys_open_x: Operation not permitted\n");
	expect("after log: what() restates the failure", sb_str(&in), VX_REJECTED,
	       "R1 invalid mem access 'scalar'", "scalar-deref");
	sb_free(&in);
}

/* --- summaries wrapped, cut and followed by stack traces ------------------------- */
static void test_summaries(void)
{
	/* a terminal wrapped the one-line summary at a blank */
	expect("wrapped: summary over two lines",
	       "Error: loading objects: program trace_fork: load program: invalid argument: Unreleased \n"
	       "reference id=2 alloc_insn=7 (12 line(s) omitted)\n",
	       VX_REJECTED, "Unreleased reference id=2 alloc_insn=7", "reference-leak");
	/* and a bare kernel verdict wrapped the same way */
	expect("wrapped: a bare verdict over two lines",
	       "5: (85) call bpf_ringbuf_reserve#131     ; R0=ringbuf_mem_or_null(id=2,ref_obj_id=2,sz=16)\n"
	       "6: (95) exit\nUnreleased\nreference id=2 alloc_insn=5\n"
	       "processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
	       VX_REJECTED, "Unreleased reference id=2 alloc_insn=5", "reference-leak");
	/* a retyped summary lost its closing parenthesis */
	expect("cut: omitted marker without ')'",
	       "load program: permission denied: R0 invalid mem access 'map_value_or_null' (31 line(s) omitted\n",
	       VX_REJECTED, "R0 invalid mem access 'map_value_or_null'", "null-deref");
	/* a cut summary, then the Go program's stack trace */
	expect("stack: Go trace after a cut summary",
	       "ERROR load failed: program handle_exec: load program: permission denied: 88: (bf) r2 = r7 ; "
	       "R2_w=scalar(): 89: (07) r2 += 8 ; (truncated, 204 line(s) omitted)\n"
	       "goroutine 1 [running]:\n"
	       "github.com/acme/agent/pkg/tracer.(*Tracer).Load(0xc0001a2000)\n"
	       "\t/src/pkg/tracer/tracer.go:212 +0x1c5\n"
	       "main.main()\n\t/src/cmd/agent/main.go:40 +0x2f\n",
	       VX_TRUNCATED, NULL, NULL);
	/* a summary cut by its own buffer (ENOSPC) is the whole log: the
	 * loader's next words and a shell prompt are no verdict */
	expect("summary: truncated by ENOSPC, then the loader and a prompt",
	       "level=error msg=\"load program: no space left on device: 88: (bf) r1 = r6: R1_w=ctx() R6=ctx() "
	       "R10=f (truncated, 912 line(s) omitted)\"\n"
	       "level=error msg=\"tracer init failed: loading programs: load handle_exit\"\n"
	       "user@host:~/src/agent$\n",
	       VX_TRUNCATED, NULL, NULL);
	/* the summary quoted in prose without its "load program: " */
	expect("summary: quoted in prose without load program",
	       "The loader says: invalid argument: 40: (85) call bpf_get_current_task_btf#158: "
	       "unknown func bpf_get_current_task_btf#158 (3 line(s) omitted)\n",
	       VX_REJECTED, "unknown func bpf_get_current_task_btf#158", "helper-unavailable");
	/* 5.x precision tracking behind a CI prefix: the instruction they
	 * name is no instruction of the log ("before 270:") */
	{
		struct recs rs;
		run("12:00:01Z [ ] out: 300: (bf) r1 = r6\n"
		    "12:00:01Z [ ] out: 301: (0f) r1 += r2\n"
		    "12:00:01Z [ ] out: last_idx 301 first_idx 299\n"
		    "12:00:01Z [ ] out: regs=4 stack=0 before 300: (bf) r1 = r6\n"
		    "12:00:01Z [ ] out: regs=4 stack=0 before 299: (79) r2 = *(u64 *)(r10 -8)\n",
		    &rs);
		const struct vx_record *r = answer(&rs);
		CHECK_INT("prefix: precision lines keep the instruction", r ? r->insn : -1, 301);
		recs_free(&rs);
	}
	/* a logfmt value wrapped shell-style with " \" */
	expect("quoted: logfmt value wrapped with backslashes",
	       "level=info msg=\"starting\"\n"
	       "level=error msg=\"load failed\" error=\"collection /opt/x.o: \\\n"
	       "program on_exit: load program: invalid argument: \\\n"
	       "unknown func bpf_probe_read_kernel#113 (9 line(s) omitted)\"\n",
	       VX_REJECTED, "unknown func bpf_probe_read_kernel#113", "helper-unavailable");
	/* inline code opened on the first line of a log and closed on its last */
	expect("backtick: inline code over several lines",
	       "`0: R1=ctx() R10=fp0\n0: (b7) r0 = 0\n1: (95) exit\nAt program exit the register R0 has value (0x0; 0x0) should have been in [1, 1]`\n",
	       VX_REJECTED, "At program exit the register R0 has value (0x0; 0x0) should have been in [1, 1]",
	       "return-value");
}

/* --- kernel verdicts that take two lines ----------------------------------------- */
static void test_two_lines(void)
{
	expect("two lines: a lock message and its advice",
	       "12: (85) call pc+20\nglobal function calls are not allowed while holding a lock,\n"
	       "use static function instead\n"
	       "processed 13 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 0\n",
	       VX_REJECTED, "global function calls are not allowed while holding a lock,", "locking");
	expect("two lines: an iterator offset and the caller's restatement",
	       "7: (85) call bpf_iter_num_new#71234\ncannot pass in iter at an offset=-24\n"
	       "expected uninitialized iter_num as arg #0\n"
	       "processed 8 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
	       VX_REJECTED, "cannot pass in iter at an offset=-24", "arg-type");
}

/* --- categories of kernel verdicts ------------------------------------------------ */
static void test_categories(void)
{
	/* arithmetic before the NULL check is pointer arithmetic; the answer
	 * says what was added */
	struct recs rs;
	run("3: (85) call bpf_sk_lookup_tcp#84     ; R0=sock_or_null(id=1,ref_obj_id=1)\n"
	    "4: (07) r0 += 16\n"
	    "R0 pointer arithmetic on sock_or_null prohibited, null-check it first\n"
	    "processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
	    &rs);
	const struct vx_record *r = answer(&rs);
	CHECK_STR("arith or null: category", r ? r->category : NULL, "pointer-arith");
	CHECK("arith or null: says the offset", r && r->explanation && strstr(r->explanation, "+= 16"),
	      "explanation: %s", r && r->explanation ? r->explanation : "(none)");
	recs_free(&rs);
	/* a program array owned by another type: the types named */
	run("Error: tc ELF loader:\n"
	    "Tail call map owned by prog type 8, but prog type is 3!\n", &rs);
	r = answer(&rs);
	CHECK_STR("prog array owner: category", r ? r->category : NULL, "map-usage");
	CHECK("prog array owner: names both types",
	      r && r->title && strstr(r->title, "cgroup_skb") && strstr(r->title, "sched_cls"),
	      "title: %s", r && r->title ? r->title : "(none)");
	recs_free(&rs);
}

/* --- program names across logs ---------------------------------------------------- */
static void test_names(void)
{
	struct strbuf in = STRBUF_INIT;
	sb_adds(&in, kernel_log);
	sb_adds(&in, "libbpf: prog 'on_open': failed to load: -13\n"
		     "libbpf: failed to load object 'a.bpf.o'\n");
	sb_adds(&in, "libbpf: prog 'on_close': BPF program load failed: Permission denied\n"
		     "libbpf: prog 'on_close': -- BEGIN PROG LOAD LOG --\n"
		     "0: R1=ctx() R10=fp0\n0: (b7) r0 = 0\n1: (95) exit\n"
		     "At program exit the register R0 has value (0x0; 0x0) should have been in [1, 1]\n"
		     "processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n"
		     "-- END PROG LOAD LOG --\n"
		     "libbpf: prog 'on_close': failed to load: -13\n");
	struct recs rs;
	run(sb_str(&in), &rs);
	CHECK_INT("names: two programs", rs.n, 2);
	CHECK_STR("names: the first", rs.n > 0 ? rs.r[0]->prog_name : NULL, "on_open");
	CHECK_STR("names: the second its own", rs.n > 1 ? rs.r[1]->prog_name : NULL, "on_close");
	recs_free(&rs);
	/* a bare log after a named one's trailing lines inherits no name */
	sb_reset(&in);
	sb_adds(&in, kernel_log);
	sb_adds(&in, "libbpf: prog 'on_open': failed to load: -13\n"
		     "0: R1=ctx() R10=fp0\n0: (b7) r0 = 0\n1: (95) exit\n"
		     "At program exit the register R0 has value (0x0; 0x0) should have been in [1, 1]\n"
		     "processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n");
	run(sb_str(&in), &rs);
	CHECK_INT("names: bare log after a named one", rs.n, 2);
	CHECK_STR("names: the bare one is unnamed", rs.n > 1 ? rs.r[1]->prog_name : "x", NULL);
	recs_free(&rs);
	sb_free(&in);
}

/* --- the verdict stage: summaries alone, liveness lines ----------------------------- */
static void test_verdict_stage(void)
{
	/* a log of the summary alone is a successful load at log level 1,
	 * unless the loader says the load failed: then its verdict was lost */
	expect("summary alone: libbpf says the load failed",
	       "libbpf: prog 'tp_exit': BPF program load failed: -E2BIG\n"
	       "libbpf: prog 'tp_exit': -- BEGIN PROG LOAD LOG --\n"
	       "processed 17 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 0\n"
	       "-- END PROG LOAD LOG --\n",
	       VX_TRUNCATED, NULL, NULL);
	expect("summary alone: bcc's statement of the errno",
	       "bpf: Failed to load program: Invalid argument\n"
	       "processed 120 insns (limit 1000000) max_states_per_insn 2 total_states 9 peak_states 9 mark_read 3\n",
	       VX_TRUNCATED, NULL, NULL);
	expect("summary alone: nothing says it failed",
	       "processed 120 insns (limit 1000000) max_states_per_insn 2 total_states 9 peak_states 9 mark_read 3\n",
	       VX_ACCEPTED, NULL, NULL);
	/* 6.18's liveness lines, not a number in parentheses alone */
	CHECK_INT("liveness: live stack", vx_classify_line("(0) live stack update done in 2 iterations"),
		  VL_FUNC);
	CHECK_INT("liveness: frame", vx_classify_line("(1) frame 0 insn 12 +live -8,-16"), VL_FUNC);
	CHECK_INT("liveness: an errno alone is none", vx_classify_line("(524)"), VL_OTHER);
	/* libbpf's text in place of an instruction it poisoned is the failing one */
	CHECK_INT("poisoned: a map reference", vx_classify_line("42: <invalid BPF map reference>"),
		  VL_INSN);
	{
		struct recs rs;
		run("; v = BPF_CORE_READ(t, mm, arg_start); @ a.bpf.c:9\n"
		    "17: (85) call bpf_probe_read_kernel#113\n"
		    "18: <invalid CO-RE relocation>\n"
		    "failed to resolve CO-RE relocation <byte_off> [61] struct mm_struct___v2.arg_start (0:1 @ offset 8)\n"
		    "processed 19 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 0\n",
		    &rs);
		const struct vx_record *r = answer(&rs);
		CHECK_INT("poisoned: the CO-RE instruction fails", r ? r->insn : -1, 18);
		recs_free(&rs);
	}
	/* check_cfg's source line ("N: " and the C text) of inline asm ends in
	 * the macro's backslash: no quoted value continues there */
	expect("backslash: an asm source line is no continuation",
	       "libbpf: prog 'jumpy': BPF program load failed: Invalid argument\n"
	       "7: asm volatile (\"r0 = 1;                  \\\n"
	       "jump out of range from insn 7 to 40\n"
	       "processed 0 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
	       VX_REJECTED, "jump out of range from insn 7 to 40", "control-flow");
	/* a verdict pasted alone, wrapped by a mail client */
	expect("wrapped: a verdict alone over two lines", "The sequence of 8193 jumps is\ntoo complex.\n",
	       VX_REJECTED, "The sequence of 8193 jumps is too complex.", "too-complex");
	/* a whole log joined onto one line by a form field */
	{
		struct recs rs;
		run("Log: 0: R1=ctx() R10=fp0 ; int handle(struct xdp_md *ctx) @ x.bpf.c:4 "
		    "0: (bf) r6 = r1 1: (b7) r2 = 8 2: (bf) r1 = r10 3: (85) call bpf_probe_read#4 "
		    "program of this type cannot use helper bpf_probe_read#4 "
		    "processed 4 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
		    &rs);
		const struct vx_record *r = answer(&rs);
		CHECK_STR("flattened: the verdict", r ? r->message : NULL,
			  "program of this type cannot use helper bpf_probe_read#4");
		CHECK_INT("flattened: the instruction", r ? r->insn : -1, 3);
		CHECK_STR("flattened: the source", r ? r->src_text : NULL, "int handle(struct xdp_md *ctx)");
		recs_free(&rs);
	}
	/* a paste that starts at the first instruction's source annotation */
	{
		struct recs rs;
		run("Here is the error:\n\n"
		    "; if (bpf_map_update_elem(&seen, &pid, &one, BPF_ANY)) @ t.bpf.c:51\n"
		    "88: (85) call bpf_map_update_elem#2\n"
		    "R2 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value\n"
		    "processed 89 insns (limit 1000000) max_states_per_insn 0 total_states 4 peak_states 4 mark_read 2\n",
		    &rs);
		const struct vx_record *r = answer(&rs);
		CHECK_STR("source first: kept", r ? r->src_text : NULL,
			  "if (bpf_map_update_elem(&seen, &pid, &one, BPF_ANY))");
		CHECK_INT("source first: its line", r ? r->src_line : -1, 51);
		recs_free(&rs);
	}
}

int main(void)
{
	struct strbuf err = STRBUF_INIT;
	if (vx_db_load(NULL, &db, &err)) {
		FAIL("devtune: database", "%s", sb_str(&err));
		return 1;
	}
	test_statements();
	test_after_log();
	test_summaries();
	test_two_lines();
	test_names();
	test_categories();
	test_verdict_stage();
	vx_db_free(db);
	sb_free(&err);
	TL_EXIT();
}
