// SPDX-License-Identifier: MIT
/* Unit tests for each stage of the core pipeline: unwrap, parse, classify
 * (patterns), explain (templates), render (JSON), and the pipeline as a whole. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "template.h"
#include "patterns.h"
#include "pipeline.h"
#include "render.h"
#include "testdb.h"
#include "testlib.h"
#include "unwrap.h"
#include "verdict.h"
#include "vlog.h"

static struct vx_db *db;

/* --- verdict: the stage's own decisions, line by line ------------------ */

static void test_verdict_stage(void)
{
	const char *g1 = "expected prog array map for tail callprocessed 3 insns (limit 1000000) max_states_per_insn 0";
	CHECK_INT("verdict: a summary glued to the verdict", vx_verdict_glued(VL_OTHER, g1, strlen(g1)),
		  strlen("expected prog array map for tail call"));
	const char *g2 = "1000: (07) r1 += 1 BPF program is too large. Processed 1000001 insn";
	CHECK_INT("verdict: the 1M limit glued to an instruction", vx_verdict_glued(VL_INSN, g2, strlen(g2)),
		  strlen("1000: (07) r1 += 1 "));
	const char *g3 = "processed 3 insns (limit 1000000) max_states_per_insn 0";
	CHECK_INT("verdict: the summary alone is one message", vx_verdict_glued(VL_OTHER, g3, strlen(g3)), 0);
	CHECK_INT("verdict: a state line is never split", vx_verdict_glued(VL_STATE, g1, strlen(g1)), 0);
	const char *g4 = "7: (85) call bpf_map_lookup_elem#1 ; R0_w=map_value_or_null(id=1,off=0,ks=4,vs=8,imm=0) processed";
	CHECK_INT("verdict: \"processed\" without a summary's words", vx_verdict_glued(VL_INSN, g4, strlen(g4)), 0);

	/* outside a log: the unknown line is held for a log of verdict and summary */
	struct vx_verdict_held h = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, 0 };
	struct vx_caps caps = { 0 };
	const char *unknown = "some words no pattern knows";
	CHECK("verdict: an unknown line outside a log opens nothing",
	      !vx_verdict_outside(&h, db, VL_OTHER, unknown, strlen(unknown), &caps), "opened");
	vx_caps_clear(&caps);
	const struct strbuf *held = vx_verdict_opening(&h, VL_PROCESSED);
	CHECK_STR("verdict: the held line is the verdict of a two-line log", held ? held->buf : NULL, unknown);
	CHECK("verdict: the held line is taken once", !vx_verdict_opening(&h, VL_PROCESSED), "taken twice");
	vx_verdict_outside(&h, db, VL_OTHER, unknown, strlen(unknown), &caps);
	vx_caps_clear(&caps);
	CHECK("verdict: a log opening at an instruction drops it", !vx_verdict_opening(&h, VL_INSN), "kept");
	const char *known = "R1 invalid mem access 'scalar'";
	CHECK("verdict: a known verdict alone opens a program",
	      vx_verdict_outside(&h, db, VL_OTHER, known, strlen(known), &caps) != NULL, "not opened");
	vx_caps_clear(&caps);
	vx_verdict_held_free(&h);

	/* the end of a program */
	struct vx_vlog v;
	vx_vlog_init(&v);
	const char *lines[] = { "0: (b7) r0 = 0", "1: (95) exit", "processed 2 insns (limit 1000000)" };
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		enum vx_line_kind k = vx_classify_line(lines[i]);
		vx_vlog_add(&v, k, lines[i], strlen(lines[i]));
		vx_verdict_line(&v, k, lines[i], strlen(lines[i]), NULL, NULL);
	}
	CHECK("verdict: a foreign line after the summary ends the program",
	      vx_verdict_over(&v, VL_OTHER, "Error: exit status 1", 0), "not over");
	CHECK("verdict: instruction 0 again starts the next program",
	      vx_verdict_over(&v, VL_INSN, "0: (b7) r0 = 0", 0), "not over");
	CHECK("verdict: not inside a loader's markers",
	      !vx_verdict_over(&v, VL_INSN, "0: (b7) r0 = 0", 1), "over");
	vx_vlog_free(&v);
}

/* The verdict of a log: its message, or "(truncated)" / "(no log)". */
static void verdict_case(const char *name, const char *log, const char *want)
{
	struct vx_record **recs;
	size_t n;
	vx_explain_buffer(db, NULL, log, strlen(log), &recs, &n);
	const struct vx_record *r = n ? recs[n - 1] : NULL;
	const char *got = !r			     ? "(none)" :
			  r->verdict == VX_TRUNCATED ? "(truncated)" :
			  r->verdict == VX_NO_LOG    ? "(no log)" :
						       r->message;
	CHECK_STR(name, got, want);
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);
}

/* After the log: the loader's and a person's words are not the verdict. */
static void test_verdict_after_log(void)
{
#define LOG2 "0: (b7) r0 = 0\n1: (61) r0 = *(u32 *)(r1 +0)\n"
	verdict_case("verdict: a shell prompt ends a cut paste",
		     LOG2 "root@ubuntu2204:/opt/agent#\n", "(truncated)");
	verdict_case("verdict: a prompt before a command", LOG2 "user@box:~$ sudo ./loader\n",
		     "(truncated)");
	verdict_case("verdict: a tool's heading", LOG2 "Triggered rules by rule name:\n",
		     "(truncated)");
	verdict_case("verdict: a logger's record and what follows it",
		     LOG2
		     "time=\"2024-04-17T16:02:40Z\" level=error msg=\"failed to load unwind_stop\"\n"
		     "loader exited with an error\n",
		     "(truncated)");
	verdict_case(
		"verdict: a loader's line, then its restatement",
		LOG2
		"libbpf: failed to load object 'x.bpf.o'\n"
		"2023/04/25 14:58:21 Error attaching exporter: failed to load BPF object: invalid argument\n",
		"(truncated)");
	verdict_case(
		"verdict: the kernel's line beats libbpf's words after it",
		"libbpf: prog 'p': -- BEGIN PROG LOAD LOG --\n" LOG2
		"R1 invalid mem access 'scalar'\n"
		"libbpf: prog 'p': failed to load: -13\nlibbpf: failed to load object 'x.bpf.o'\n"
		"2023/04/25 14:58:21 Error attaching exporter: failed to load BPF object: permission denied\n",
		"R1 invalid mem access 'scalar'");
	verdict_case("verdict: an unknown kernel line after the log still counts",
		     LOG2 "some new verifier message nobody knows\n",
		     "some new verifier message nobody knows");
#undef LOG2
}

/* --- unwrap ------------------------------------------------------------- */

struct lines {
	char buf[4096];
	int starts, ends;
};

static int collect_lines(void *ctx, const struct vx_event *ev)
{
	struct lines *l = ctx;
	if (ev->kind == VX_EV_START)
		l->starts++;
	if (ev->kind == VX_EV_END)
		l->ends++;
	if (ev->kind == VX_EV_LINE) {
		strncat(l->buf, ev->text, sizeof(l->buf) - strlen(l->buf) - 2);
		strcat(l->buf, "|");
	}
	return 0;
}

static void unwrap_case(const char *name, const char *in, const char *want, int starts)
{
	struct lines l = { .starts = 0 };
	struct vx_unwrap *u = vx_unwrap_new(db, collect_lines, &l);
	vx_unwrap_feed(u, in, strlen(in));
	vx_unwrap_finish(u);
	vx_unwrap_free(u);
	CHECK_STR(name, l.buf, want);
	if (starts >= 0) {
		char n2[128];
		snprintf(n2, sizeof(n2), "%s: starts", name);
		CHECK_INT(n2, l.starts, starts);
	}
}

static void test_unwrap(void)
{
	char s[] = "\033[31mR1 invalid\033[0m mem\r";
	size_t n = vx_clean_line(s, strlen(s));
	CHECK_STR("unwrap: ANSI and CR removed", s, "R1 invalid mem");
	CHECK_INT("unwrap: cleaned length", n, 14);
	unwrap_case("unwrap: markdown quote and fence", "> ```\n> 0: (b7) r2 = 0\n> ```\n", "0: (b7) r2 = 0|", 0);
	unwrap_case("unwrap: indentation stripped", "       0: (b7) r2 = 0\n", "0: (b7) r2 = 0|", 0);
	unwrap_case("unwrap: klog prefix",
		    "E0510 07:37:47.069617       1 loader.go:121] R1 invalid mem access 'scalar'\n",
		    "R1 invalid mem access 'scalar'|", 0);
	unwrap_case("unwrap: docker-compose prefix", "agent-1  | processed 7 insns\n", "processed 7 insns|", 0);
	unwrap_case("unwrap: escaped string split",
		    "Error: VerifierError { log: \"0: R1=ctx() R10=fp0\\n0: (85) call bpf_probe_read#4\\nprogram of this type cannot use helper bpf_probe_read#4\\n\" }\n",
		    "Error: VerifierError { log:|0: R1=ctx() R10=fp0|0: (85) call bpf_probe_read#4|program of this type cannot use helper bpf_probe_read#4|", 0);
	unwrap_case("unwrap: libbpf framing",
		    "libbpf: prog 'x': -- BEGIN PROG LOAD LOG --\n0: (95) exit\n-- END PROG LOAD LOG --\n",
		    "0: (95) exit|", 1);
	unwrap_case("unwrap: aya glued first line",
		    "    1: the BPF_PROG_LOAD syscall failed. Verifier output: 0: R1=ctx() R10=fp0\n",
		    "0: R1=ctx() R10=fp0|", 1);
	unwrap_case("unwrap: empty lines kept", "\n\n", "||", 0);
	unwrap_case("unwrap: libbpf's BTF log is skipped",
		    "libbpf: -- BEGIN BTF LOAD LOG ---\n[18] FUNC f type_id=1 Invalid arg#1\n-- END BTF LOAD LOG --\n"
		    "libbpf: prog 'x': -- BEGIN PROG LOAD LOG --\n0: (95) exit\n",
		    "0: (95) exit|", 1);
	unwrap_case("unwrap: a BTF log cut before its end line ends at the program's log",
		    "libbpf: -- BEGIN BTF LOAD LOG ---\n[18] FUNC f type_id=1 Invalid arg#1\n"
		    "libbpf: prog 'x': -- BEGIN PROG LOAD LOG --\n0: (95) exit\n",
		    "0: (95) exit|", 1);
}

/* --- parse ---------------------------------------------------------------- */

static void test_classify(void)
{
	static const struct {
		const char *line;
		enum vx_line_kind kind;
	} cases[] = {
		{ "6: (85) call bpf_probe_read#4", VL_INSN },
		{ "2: (61) r3 = *(u32 *)(r1 +76)         ; R1=ctx() R3=pkt(r=0)", VL_INSN },
		{ "0: R1=ctx() R10=fp0", VL_STATE },
		{ "0: R1=ctx(id=0,off=0,imm=0) R10=fp0", VL_STATE },
		{ "from 4 to 6: R0=map_value(off=0,ks=4,vs=8) R10=fp0", VL_STATE },
		{ "R0=inv(id=0) R1=inv(id=0) R10=fp0", VL_STATE },
		{ "; int x = 0; @ p.bpf.c:6", VL_SOURCE },
		{ "processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0",
		  VL_PROCESSED },
		{ "mark_precise: frame0: last_idx 5 first_idx 0 subseq_idx -1", VL_PRECISE },
		{ "func#0 @0", VL_FUNC },
		{ "Verification failed: Register Type Safety: Unreadable register", VL_KDIAG },
		{ "program of this type cannot use helper bpf_probe_read#4", VL_OTHER },
		{ "R1 invalid mem access 'scalar'", VL_OTHER },
		{ "", VL_BLANK },
		/* a logger's line after its timestamp's time is stripped: no instruction */
		{ "2024: (25) enabled rules in total", VL_OTHER },
		{ "17: (95) exit", VL_INSN },
		{ "3: (b4) w1 = 0", VL_INSN },
		{ "4: (63) *(u32 *)(r10 -4) = r1", VL_INSN },
		{ "9: (e5) may_goto pc+3", VL_INSN },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char name[160];
		snprintf(name, sizeof(name), "classify: %.100s", cases[i].line);
		CHECK_INT(name, vx_classify_line(cases[i].line), cases[i].kind);
	}
}

static void test_vlog_context(void)
{
	struct vx_vlog v;
	vx_vlog_init(&v);
	const char *lines[] = {
		"; int f(struct xdp_md *ctx) @ x.bpf.c:3",
		"0: (85) call bpf_map_lookup_elem#1    ; R0_w=map_value_or_null(id=1,off=0,ks=4,vs=8,imm=0)",
		"; return *p; @ x.bpf.c:9",
		"1: (61) r0 = *(u32 *)(r0 +0)",
	};
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		vx_vlog_add(&v, vx_classify_line(lines[i]), lines[i], strlen(lines[i]));
	CHECK_INT("vlog: last insn", v.cur.insn, 1);
	CHECK_STR("vlog: insn text", sb_str(&v.cur.insn_text), "(61) r0 = *(u32 *)(r0 +0)");
	CHECK_STR("vlog: source file", sb_str(&v.cur.src_file), "x.bpf.c");
	CHECK_INT("vlog: source line", v.cur.src_line, 9);
	CHECK_STR("vlog: context struct from signature", sb_str(&v.ctx_struct), "xdp_md");
	CHECK_INT("vlog: maybe-NULL origin of R0", v.null_origin[0].insn, 0);
	CHECK_STR("vlog: R0 state", sb_str(&v.cur.regs[0]), "R0_w=map_value_or_null(id=1,off=0,ks=4,vs=8,imm=0)");
	vx_vlog_free(&v);
}

/* --- classify ------------------------------------------------------------- */

static void test_patterns(void)
{
	CHECK_INT("patterns: built-in database checks clean", vx_db_check(db, stdout), 0);
	CHECK("patterns: database has entries", vx_db_count(db) > 0, "empty database");
	struct vx_caps caps = { 0 };
	const char *story = "program of this type cannot use helper bpf_probe_read#4";
	const struct vx_pattern *p = vx_db_match(db, story, strlen(story), &caps);
	CHECK("patterns: story line matches", p != NULL, "no match");
	if (p) {
		CHECK_STR("patterns: story category", p->category, "helper-unavailable");
		CHECK_STR("patterns: story helper capture", vx_caps_get(&caps, "helper"), "bpf_probe_read");
	}
	vx_caps_clear(&caps);
	/* a hostile line: the match limits end it instead of hanging */
	size_t big = 1 << 20;
	char *line = malloc(big + 1);
	memset(line, 'R', big);
	line[big] = '\0';
	vx_db_match(db, line, big, &caps);
	PASS("patterns: 1 MiB line matched within limits");
	free(line);
	vx_caps_clear(&caps);

	struct vx_db *bad = NULL;
	struct strbuf err = STRBUF_INIT;
	int r = vx_db_load("/nonexistent-dir", &bad, &err);
	CHECK("patterns: missing directory is an error", r != 0, "loaded");
	vx_db_free(bad);
	sb_free(&err);
}

/* --- explain -------------------------------------------------------------- */

static void test_expand(void)
{
	struct vx_record r = { 0 };
	vx_record_set(&r, "helper", "bpf_probe_read");
	vx_record_set(&r, "empty", "");
	vx_record_set(&r, "zero", "0");
	const struct vx_vars vars = vx_record_vars(&r);
	char *s = vx_expand(
		"{helper} #{helper_id|?} {missing|fallback} {?helper:set {helper}}{!helper:unset}{?empty:no}",
		&vars);
	CHECK_STR("expand: placeholders, fallback, conditionals", s, "bpf_probe_read #? fallback set bpf_probe_read");
	free(s);
	s = vx_expand("call{helper| to {helper}}{missing| of {missing}}.", &vars);
	CHECK_STR("expand: {name|text using {name}} shows only when set", s, "call to bpf_probe_read.");
	free(s);
	s = vx_expand("literal {braces} and { spaces } stay", &vars);
	CHECK_STR("expand: unknown placeholder shows ?", s, "literal ? and { spaces } stay");
	free(s);
	/* "0" is a value but not a set fact: {zero} prints it, {?zero:} does not hold */
	s = vx_expand("{zero}{?zero: set}{!zero: unset}", &vars);
	CHECK_STR("expand: 0 prints but tests as unset", s, "0 unset");
	free(s);
	/* a caller's own variables, and a few on top of a record's: the first
	 * that has a name wins, the rest are looked up in next */
	struct vx_var own[] = { { "helper", "bpf_probe_read_kernel" },
				{ "message", "R1 invalid" } };
	const struct vx_vars top = { own, 2, &vars };
	s = vx_expand("{helper}: {message} ({empty|none}){?zero:!}", &top);
	CHECK_STR("expand: chained variables, the top ones first", s,
		  "bpf_probe_read_kernel: R1 invalid (none)");
	free(s);
	const struct vx_vars alone = { own, 2, NULL };
	CHECK("expand: vx_vars_get without next",
	      !vx_vars_get(&alone, "empty") && vx_vars_true(&alone, "message") &&
		      !vx_vars_true(&top, "zero"),
	      "lookup");
	for (size_t i = 0; i < r.nvars; i++) {
		free(r.vars[i].name);
		free(r.vars[i].value);
	}
	free(r.vars);
}

/* Facts explain.c derives from the log for the templates: the register's
 * proven range, the access's arithmetic, where a maybe-NULL pointer came
 * from, what releases a leaked reference. Each case: a log, then
 * variable=value pairs the record must hold ("!name" must be unset). */
static const struct {
	const char *name, *type, *log, *want[12];
} var_cases[] = {
	{ "map value index off by one",
	  NULL,
	  "; v->s[idx] += 1; @ m.bpf.c:30\n"
	  "13: (0f) r0 += r6                     ; R0=map_value(map=hist,ks=4,vs=128,smin=smin32=0,smax=umax=smax32=umax32=128,var_off=(0x0; 0xf8)) R6=scalar()\n"
	  "14: (79) r1 = *(u64 *)(r0 +0)\n"
	  "invalid access to map value, value_size=128 off=128 size=8\n"
	  "R0 max value is outside of the allowed memory range\n",
	  { "reg_map=hist", "reg_umax=128", "reg_smin=0", "reg_var_off=(0x0; 0xf8)",
	    "access_end=136", "access_over=8", "var_max_ok=120", "var_stride=8", "idx_max=16",
	    "idx_limit=16", "idx_off_by_one=1" } },
	{ "map value at a constant offset",
	  NULL,
	  "9: (63) *(u32 *)(r0 +16) = r1        ; R0=map_value(map=stats,ks=4,vs=16)\n"
	  "invalid access to map value, value_size=16 off=16 size=4\n"
	  "R0 min value is outside of the allowed memory range\n",
	  { "reg_vs=16", "access_end=20", "access_max_off=12", "!reg_umax", "!var_max_ok" } },
	{ "5.x state names and a packet range",
	  "xdp",
	  "5: (2d) if r3 > r2 goto pc+5 ; R1=pkt(id=0,off=0,r=14,imm=0)\n"
	  "6: (71) r1 = *(u8 *)(r1 +23)\n"
	  "invalid access to packet, off=23 size=1, R1(id=0,off=23,r=14)\n",
	  { "range=14", "access_end=24", "access_over=10", "prog_is_xdp=1", "reg_range=14" } },
	{ "unbounded lower end and old umax_value",
	  NULL,
	  "3: (bf) r2 = r1 ; R2_w=inv(id=0,smin_value=-9223372036854775808,umax_value=4294967295,var_off=(0x0; 0xffffffff))\n"
	  "R2 min value is negative, either use unsigned or 'var &= const'\n",
	  { "reg_umax=4294967295", "smin_unbounded=1", "reg_is_scalar=1" } },
	{ "maybe-NULL copy names the call",
	  NULL,
	  "0: R1=ctx() R10=fp0\n"
	  "; struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0); @ r.bpf.c:23\n"
	  "4: (85) call bpf_ringbuf_reserve#131  ; R0_w=ringbuf_mem_or_null(id=2,ref_obj_id=2,sz=16)\n"
	  "5: (bf) r6 = r0                       ; R6_w=ringbuf_mem_or_null(id=2,ref_obj_id=2,sz=16)\n"
	  "; e->pid = 1; @ r.bpf.c:25\n"
	  "8: (63) *(u32 *)(r6 +0) = r0\n"
	  "R6 invalid mem access 'ringbuf_mem_or_null'\n",
	  { "null_origin_insn=4", "null_origin_src_line=23", "null_origin_var=e",
	    "null_origin_text=(85) call bpf_ringbuf_reserve#131", "!null_checked_reg" } },
	{ "old kernel checked another register",
	  NULL,
	  "7: (bf) r7 = r0\n8: (15) if r0 == 0x0 goto pc+118\n"
	  " R0=map_value(ks=8,vs=8) R7=map_value_or_null(ks=8,vs=8) R10=fp\n"
	  "11: (79) r9 = *(u64 *)(r7 +0)\nR7 invalid mem access 'map_value_or_null'\n",
	  { "null_origin_insn=8", "null_checked_reg=r0" } },
	{ "leaked socket names its release",
	  "sched_cls",
	  "0: R1=ctx() R10=fp0\n"
	  "; sk = bpf_sk_lookup_tcp(skb, &t, sizeof(t.ipv4), -1, 0); @ s.bpf.c:20\n"
	  "13: (85) call bpf_sk_lookup_tcp#84    ; R0=sock_or_null(id=2,ref_obj_id=2)\n"
	  "23: (95) exit\nUnreleased reference id=2 alloc_insn=13\n",
	  { "acquire_helper=bpf_sk_lookup_tcp", "acquire_src_line=20",
	    "release_helper=bpf_sk_release()", "prog_is_sched_cls=1" } },
	{ "ctx field named by its offset",
	  "cgroup_skb",
	  "0: R1=ctx() R10=fp0\n0: (61) r1 = *(u32 *)(r1 +72)\ninvalid bpf_context access off=72 size=4\n",
	  { "ctx_struct=__sk_buff", "ctx_field=tc_classid", "ctx_size_ok=1",
	    "ctx_field_is_tc_classid=1", "!ctx_write" } },
	{ "ctx write into cb[] at a narrower size",
	  "socket_filter",
	  "0: R1=ctx() R10=fp0\n1: (73) *(u8 *)(r1 +57) = r2\ninvalid bpf_context access off=57 size=1\n",
	  { "ctx_field=cb[2]", "ctx_write=1", "!ctx_size_ok" } },
	{ "a store the verdict says is a socket's, not the ctx's",
	  "sched_cls",
	  "0: R1=ctx() R10=fp0\n1: (63) *(u32 *)(r1 +0) = r2\nR1 invalid sock access off=0 size=4\n",
	  { "!ctx_write", "!ctx_access_off", "!ctx_field" } },
	{ "libbpf's CO-RE poison (libbpf-poison.tsv)",
	  NULL,
	  "5: (85) call unknown#195896080\ninvalid func unknown#195896080\n",
	  { "poison=core", "!poison_index" } },
	{ "libbpf's map poison and its index",
	  NULL,
	  "5: (85) call unknown#2001000002\ninvalid func unknown#2001000002\n",
	  { "poison=map", "poison_index=2" } },
	{ "libbpf's kfunc poison and its index",
	  NULL,
	  "5: (85) call unknown#2002000001\ninvalid func unknown#2002000001\n",
	  { "poison=kfunc", "poison_index=1" } },
	{ "a helper id is no poison",
	  NULL,
	  "5: (85) call bpf_probe_read#4\nunknown func bpf_probe_read#4\n",
	  { "!poison" } },
	{ "stack frames of a stack-size verdict",
	  NULL,
	  "5: (85) call pc+3\ncombined stack size of 2 calls is 640. Too large\n"
	  "verification time 10 usec\nstack depth 320+320\n",
	  { "stack_over=128", "stack_frames=main 320 bytes, subprogram 1 320 bytes",
	    "stack_largest=320", "!stack_largest_name" } },
	{ "ALU source register's range",
	  NULL,
	  "13: (67) r6 <<= 2                     ; R6=scalar(smax=0x7ffffffffffffffc,umax=0xfffffffffffffffc,var_off=(0x0; 0xfffffffffffffffc))\n"
	  "14: (0f) r0 += r6\n"
	  "math between map_value pointer and register with unbounded min value is not allowed\n",
	  { "src_reg=R6", "src_reg_smax=0x7ffffffffffffffc", "!src_reg_smin" } },
	{ "return value from the message",
	  NULL,
	  "3: (b7) r0 = 7                        ; R0_w=7\n4: (95) exit\n"
	  "At program exit the register R0 has smin=5 smax=5 should have been in [0, 3]\n",
	  { "ret_value=5", "ret_smin=5", "ret_smax=5" } },
	{ "an unresolved weak kfunc",
	  NULL,
	  "0: R1=ctx() R10=fp0\n; return f(skb) & 1; @ k.bpf.c:19\n0: (85) call #0                       ;\n"
	  "1: (57) r0 &= 1\nR0 !read_ok\n",
	  { "weak_kfunc_call=1", "weak_kfunc_call_insn=0", "weak_kfunc_src_line=19" } },
	{ "stack offset above the frame pointer",
	  NULL,
	  "1: (7b) *(u64 *)(r10 +8) = r1\ninvalid write to stack R10 off=8 size=8\n",
	  { "off_nonneg=1", "!off_below_frame" } },
	{ "map type by number",
	  NULL,
	  "8: (85) call bpf_ringbuf_output#130\ncannot pass map_type 1 into func bpf_ringbuf_output#130\n",
	  { "map_type_name=BPF_MAP_TYPE_HASH", "helper_is_bpf_ringbuf_output=1" } },
	{ "scalar loaded from memory, the failing insn not its own origin",
	  NULL,
	  "0: R1=ctx() R10=fp0\n; int BPF_KPROBE(f, int a, struct open_how *how) @ k.bpf.c:19\n"
	  "0: (79) r1 = *(u64 *)(r1 +96)         ; R1=scalar()\n; return how->flags & 1; @ k.bpf.c:21\n"
	  "1: (79) r1 = *(u64 *)(r1 +0)\nR1 invalid mem access 'scalar'\n",
	  { "reg_origin_insn=0", "reg_origin_is_load=1", "reg_origin_src_line=19",
	    "reg_origin_text=(79) r1 = *(u64 *)(r1 +96)" } },
	{ "scalar through a register copy of a call's result",
	  NULL,
	  "3: (85) call bpf_get_current_task#35  ; R0=scalar()\n4: (bf) r1 = r0\n"
	  "5: (61) r2 = *(u32 *)(r1 +0)\nR1 invalid mem access 'scalar'\n",
	  { "reg_origin_insn=3", "reg_origin_is_call=1", "!reg_origin_is_load" } },
	{ "too complex: the hottest instruction closes a loop",
	  NULL,
	  "4: (07) r1 += 1\n5: (ad) if r1 < r2 goto pc-2\nmark_precise: frame0: last_idx 5 first_idx 0\n"
	  "4: (07) r1 += 1\n5: (ad) if r1 < r2 goto pc-2\n4: (07) r1 += 1\n5: (ad) if r1 < r2 goto pc-2\n"
	  "5: (ad) if r1 < r2 goto pc-2\nBPF program is too large. Processed 1000001 insn\n",
	  { "hot_insn=5", "hot_visits=4", "hot_is_backedge=1", "log_has_loop=1", "!log_no_loop" } },
	{ "too complex: branches only",
	  NULL,
	  "1: (65) if r0 s> 0x0 goto pc+1\nmark_precise: frame0: last_idx 1 first_idx 0\n2: (07) r6 += 1\n"
	  "3: (bf) r0 = r6\n1: (65) if r0 s> 0x0 goto pc+1\n3: (bf) r0 = r6\n"
	  "BPF program is too large. Processed 1000001 insn\n",
	  { "hot_insn=1", "!hot_is_backedge", "log_no_loop=1" } },
	{ "CO-RE relocation parts",
	  NULL,
	  "4: (79) r3 = *(u64 *)(r1 +0)\n"
	  "failed to resolve CO-RE relocation <byte_off> [7] struct task_struct___old.no_such_field (0:0 @ offset 0)\n",
	  { "relo_kind=byte_off", "relo_type=task_struct___old", "relo_base_type=task_struct",
	    "relo_flavour=old", "relo_field=no_such_field", "relo_type_is_task_struct=1" } },
	{ "a release kfunc called twice",
	  NULL,
	  "0: R1=ctx() R10=fp0\n; bpf_task_release(t); @ r.bpf.c:21\n5: (85) call bpf_task_release#65910   ;\n"
	  "; bpf_task_release(t); @ r.bpf.c:22\n6: (bf) r1 = r6                       ; R1=scalar(id=3) R6=scalar(id=3)\n"
	  "7: (85) call bpf_task_release#65910\n"
	  "arg#0 pointer type STRUCT task_struct must point to scalar, or struct with scalar\n",
	  { "call_name=bpf_task_release", "call_is_release=1", "prev_call_insn=5",
	    "prev_call_src_line=21", "arg_reg=R1", "arg_reg_is_scalar=1" } },
	{ "packet range from the verdict, not an older state",
	  NULL,
	  "2: (61) r1 = *(u32 *)(r1 +76)         ; R1=pkt(r=0)\n"
	  "5: (2d) if r3 > r2 goto pc+5          ; R2=pkt_end() R3=pkt(off=14,r=14)\n"
	  "6: (71) r1 = *(u8 *)(r1 +23)\ninvalid access to packet, off=23 size=1, R1(id=0,off=23,r=14)\n",
	  { "reg_state=R1=pkt(r=14)", "reg_range=14", "access_over=10" } },
	{ "helper fact and a constant register",
	  "cgroup_skb",
	  "0: (b7) r2 = 16                       ; R2_w=16\n6: (85) call bpf_probe_read#4\n"
	  "program of this type cannot use helper bpf_probe_read#4\n",
	  { "helper_is_bpf_probe_read=1", "prog_is_cgroup_skb=1" } },
};

static void test_explain_vars(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(var_cases); i++) {
		struct vx_hints h = { .prog_type = var_cases[i].type, .prog_type_from = "option" };
		struct vx_record **recs;
		size_t n;
		vx_explain_buffer(db, &h, var_cases[i].log, strlen(var_cases[i].log), &recs, &n);
		for (size_t k = 0; k < ARRAY_SIZE(var_cases[i].want) && var_cases[i].want[k]; k++) {
			const char *w = var_cases[i].want[k];
			char name[64], tname[200];
			const char *eq = strchr(w, '=');
			int unset = *w == '!';
			snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - w) : (int)strlen(w) - unset,
				 w + unset);
			const char *got = n == 1 ? vx_record_var(recs[0], name) : NULL;
			snprintf(tname, sizeof(tname), "explain vars: %s: %s", var_cases[i].name, w);
			if (unset)
				CHECK(tname, n == 1 && !got, "n=%zu, got '%s'", n, got ? got : "(null)");
			else
				CHECK_STR(tname, got, eq + 1);
		}
		for (size_t k = 0; k < n; k++)
			vx_record_free(recs[k]);
		free(recs);
	}
}

/* --- render --------------------------------------------------------------- */

static void test_utf8(void)
{
	char *e = vx_utf8_escape("ok \xc3\xa9 bad \xff\xfe end");
	CHECK_STR("render: invalid UTF-8 escaped", e, "ok \xc3\xa9 bad \\xff\\xfe end");
	free(e);
}

/* --- the pipeline --------------------------------------------------------- */

static const char story_log[] =
	"libbpf: prog 'skb_egress': BPF program load failed: Invalid argument\n"
	"libbpf: prog 'skb_egress': -- BEGIN PROG LOAD LOG --\n"
	"0: R1=ctx() R10=fp0\n"
	"; int skb_egress(struct __sk_buff *skb) @ p.bpf.c:4\n"
	"0: (b7) r2 = 0                        ; R2=0\n"
	"; bpf_probe_read(&x, sizeof(x), (void *)skb->data); @ p.bpf.c:7\n"
	"6: (85) call bpf_probe_read#4\n"
	"program of this type cannot use helper bpf_probe_read#4\n"
	"processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n"
	"-- END PROG LOAD LOG --\n"
	"libbpf: prog 'skb_egress': failed to load: -22\n";

static int keep_insn(const struct vx_record *r, void *ctx)
{
	*(long *)ctx = r->insn;
	return 0;
}

static void test_pipeline(void)
{
	struct vx_hints h = { .prog_type = "cgroup_skb", .prog_type_from = "option" };
	struct vx_record **recs;
	size_t n;
	/* fed one byte at a time: streaming must not depend on chunking */
	vx_explain_buffer(db, &h, story_log, sizeof(story_log) - 1, &recs, &n);
	CHECK_INT("pipeline: one record", n, 1);
	if (n == 1) {
		struct vx_record *r = recs[0];
		CHECK_INT("pipeline: rejected", r->verdict, VX_REJECTED);
		CHECK_STR("pipeline: message", r->message, "program of this type cannot use helper bpf_probe_read#4");
		CHECK_INT("pipeline: insn", r->insn, 6);
		CHECK_INT("pipeline: helper id", r->helper_id, 4);
		CHECK_STR("pipeline: prog name", r->prog_name, "skb_egress");
		CHECK_STR("pipeline: prog type from option", r->prog_type_from, "option");
		CHECK_STR("pipeline: loader", r->loader, "libbpf");
		CHECK_INT("pipeline: source line", r->src_line, 7);
		CHECK_INT("pipeline: processed", r->processed_insns, 7);
		CHECK("pipeline: explanation names the type", r->explanation && strstr(r->explanation, "cgroup_skb"),
		      "%s", r->explanation ? r->explanation : "(null)");
	}
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);

	/* byte-by-byte feeding gives the same answer */
	long insn = -1;
	struct vx_pipeline *p = vx_pipeline_new(db, NULL, keep_insn, &insn);
	for (size_t i = 0; i < sizeof(story_log) - 1; i++)
		vx_pipeline_feed(p, story_log + i, 1);
	vx_pipeline_finish(p);
	CHECK_INT("pipeline: byte-by-byte feeding", vx_pipeline_count(p, VX_REJECTED), 1);
	CHECK_INT("pipeline: byte-by-byte insn", insn, 6);
	vx_pipeline_free(p);

	/* the same log twice is one rejection; two programs are two */
	char twice[4096];
	snprintf(twice, sizeof(twice), "%s%s", story_log, story_log);
	vx_explain_buffer(db, NULL, twice, strlen(twice), &recs, &n);
	CHECK_INT("pipeline: a log printed twice is one record", n, 1);
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);

	const char *none = "hello world\nnothing here\n";
	vx_explain_buffer(db, NULL, none, strlen(none), &recs, &n);
	CHECK("pipeline: no log gives one no-log record", n == 1 && recs[0]->verdict == VX_NO_LOG, "n=%zu", n);
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);

	const char *cut = "0: R1=ctx() R10=fp0\n0: (b7) r2 = 0\n1: (b7) r3 = 0\n";
	vx_explain_buffer(db, NULL, cut, strlen(cut), &recs, &n);
	CHECK("pipeline: a log without verdict is truncated", n == 1 && recs[0]->verdict == VX_TRUNCATED, "n=%zu", n);
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);
}

/* The story's verdict means two different things: for cgroup_skb the type's
 * helper set; for kprobe (which may call bpf_probe_read) kernel lockdown. */
static void test_story_explanations(void)
{
	static const char body[] =
		"libbpf: prog 'p': -- BEGIN PROG LOAD LOG --\n0: R1=ctx() R10=fp0\n"
		"3: (85) call bpf_probe_read#4\n"
		"program of this type cannot use helper bpf_probe_read#4\n"
		"processed 4 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n"
		"-- END PROG LOAD LOG --\n";
	static const struct { const char *type, *must, *must_not; } cases[] = {
		{ "cgroup_skb", "bpf_probe_read_kernel() (#113)", "lockdown" },
		{ "cgroup_skb", "rewrote", "lockdown" },
		{ "cgroup_skb", "tracing program", "lockdown" },
		{ "kprobe", "lockdown", "Helpers kprobe may call instead" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vx_hints h = { .prog_type = cases[i].type, .prog_type_from = "option" };
		struct vx_record **recs;
		size_t n;
		vx_explain_buffer(db, &h, body, sizeof(body) - 1, &recs, &n);
		struct strbuf all = STRBUF_INIT;
		for (size_t k = 0; n == 1 && k < recs[0]->nfixes; k++)
			sb_addf(&all, "%s\n", recs[0]->fixes[k]);
		if (n == 1)
			sb_addf(&all, "%s\n", recs[0]->explanation);
		char name[160];
		snprintf(name, sizeof(name), "story: %s answer mentions '%s', not '%s'", cases[i].type,
			 cases[i].must, cases[i].must_not);
		CHECK(name, n == 1 && strstr(sb_str(&all), cases[i].must) && !strstr(sb_str(&all), cases[i].must_not),
		      "%s", sb_str(&all));
		sb_free(&all);
		for (size_t k = 0; k < n; k++)
			vx_record_free(recs[k]);
		free(recs);
	}
}

int main(void)
{
	db = tl_builtin_db();
	if (!db)
		return 1;
	test_unwrap();
	test_verdict_stage();
	test_verdict_after_log();
	test_classify();
	test_vlog_context();
	test_patterns();
	test_expand();
	test_explain_vars();
	test_utf8();
	test_pipeline();
	test_story_explanations();
	vx_db_free(db);
	TL_EXIT();
}
