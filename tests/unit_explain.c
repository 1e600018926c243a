// SPDX-License-Identifier: MIT
/* Unit tests for the numbers explanations say (src/enrich_numbers.c and the
 * templates that use them): each case is a log in the kernel's own format,
 * the facts it must give and words the answer must hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "explain.h"
#include "helpers.h"
#include "messages.h"
#include "patterns.h"
#include "pipeline.h"
#include "testdb.h"
#include "testlib.h"

static struct vx_db *db;

struct num_case {
	const char *name, *type, *log;
	const char *vars[8]; /* "name=value", or "!name": not set */
	const char *says[4]; /* in the explanation or a fix */
};

static const struct num_case cases[] = {
	{ "map value: a power-of-two index gets an exact mask", "kprobe",
	  "14: (79) r1 = *(u64 *)(r0 +0)        ; R0=map_value(map=hist,ks=4,vs=128,smin=smin32=0,smax=umax=smax32=umax32=128,var_off=(0x0; 0xf8))\n"
	  "invalid access to map value, value_size=128 off=128 size=8\n"
	  "R0 max value is outside of the allowed memory range\n",
	  { "idx_limit=16", "idx_mask=15", "!idx_mask_narrower" },
	  { "`if (idx >= 16) return 0;`", "`idx &= 15;`" } },
	{ "map value: 33 elements: the mask is narrower and says so", "kprobe",
	  "9: (79) r1 = *(u64 *)(r0 +0)         ; R0=map_value(map=m,ks=4,vs=264,smin=smin32=0,smax=umax=smax32=umax32=264,var_off=(0x0; 0x1f8))\n"
	  "invalid access to map value, value_size=264 off=264 size=8\n"
	  "R0 max value is outside of the allowed memory range\n",
	  { "idx_limit=33", "idx_mask=31", "idx_mask_narrower=1" },
	  { "`if (idx >= 33) return 0;`", "`idx &= 31;`", "33 is not a power of two" } },
	{ "map value: a constant offset names the element count", "kprobe",
	  "9: (63) *(u32 *)(r0 +16) = r1        ; R0=map_value(map=stats,ks=4,vs=16)\n"
	  "invalid access to map value, value_size=16 off=16 size=4\n",
	  { "elem_fit=4", "elem_last=3", "elem_index=4" },
	  { "`if (idx >= 4) return 0;", "indexes 0 to 3" } },
	{ "stack: an uninitialized byte, its slot and the written slots", "kprobe",
	  "2: (7b) *(u64 *)(r10 -24) = r1        ; R1=scalar() R10=fp0 fp-24=scalar()\n"
	  "4: (7b) *(u64 *)(r10 -8) = r1         ; R1=scalar() R10=fp0 fp-8=scalar()\n"
	  "6: (07) r2 += -24                     ; R2=fp-24\n"
	  "11: (85) call bpf_ringbuf_output#130\n"
	  "invalid read from stack R2 off -24+12 size 24\n",
	  { "stack_unwritten=12", "stack_unwritten_slot=16", "stack_written=fp-24, fp-8" },
	  { "fp-12 (in the 8-byte slot fp-16)", "Write fp-16 before the read", "__builtin_memset(&obj, 0, 24)" } },
	{ "stack: below the frame by how much", "socket_filter",
	  "0: (79) r0 = *(u64 *)(r10 -600)\ninvalid read from stack R10 off=-600 size=8\n",
	  { "stack_below_by=88", "stack_need=600" },
	  { "88 byte(s) past the bottom of the frame", "needs 600 bytes of frame" } },
	{ "stack: an access that straddles the frame top", "socket_filter",
	  "1: (7b) *(u64 *)(r10 -4) = r1\ninvalid write to stack R10 off=-4 size=8\n",
	  { "stack_above_by=4", "stack_fit_off=8" },
	  { "ends 4 byte(s) above R10", "start at fp-8 or lower" } },
	{ "stack size: the frames from 'stack depth', the largest named", "xdp",
	  "combined stack size of 3 calls is 608. Too large\nverification time 12 usec\n"
	  "stack depth 96+480+32\nprocessed 45 insns (limit 1000000) max_states_per_insn 0 total_states 4 peak_states 4 mark_read 3\n",
	  { "stack_over=96", "stack_nframes=3", "stack_largest_name=subprogram 1" },
	  { "96 more than 512", "main 96 bytes, subprogram 1 480 bytes, subprogram 2 32 bytes",
	    "Take at least 96 bytes off", "starting with subprogram 1 (480 bytes)" } },
	{ "ctx: a modified ctx pointer lands on a named field", "xdp",
	  "1: (07) r2 += 4                       ; R2_w=ctx(off=4)\n2: (61) r1 = *(u32 *)(r2 +0)\n"
	  "dereference of modified ctx ptr R2 off=4 disallowed\n",
	  { "ctx_access_off=4", "ctx_field=data_end", "ctx_field_type=__u32" },
	  { "offset 4 of the context: `xdp_md.data_end`", "`__u32 v = ctx->data_end;`" } },
	{ "ctx: a load of the wrong width says the field's", "sched_cls",
	  "0: (79) r1 = *(u64 *)(r1 +8)\ninvalid bpf_context access off=8 size=8\n",
	  { "ctx_field=mark", "ctx_size_wrong=1", "ctx_field_size=4" },
	  { "with its own width, 4 bytes, not 8", "`__u32 v = __sk_buff->mark;`" } },
	{ "ctx: past the end of xdp_md", "xdp",
	  "0: (61) r1 = *(u32 *)(r1 +40)\ninvalid bpf_context access off=40 size=4\n",
	  { "ctx_struct_size=24", "ctx_past_end=1", "!ctx_field" },
	  { "`struct xdp_md` is 24 bytes long, so offset 40 is past its end" } },
	{ "return value: a 6.1 tnum is a constant and a range", "cgroup_sock",
	  "4: (95) exit\nAt program exit the register R0 has value (0xffffffffffffffff; 0x0) should have been in (0x0; 0x1)\n",
	  { "ret_value=-1", "ret_lo=0", "ret_hi=1" },
	  { "returns the constant -1", "Return a value in [0, 1] instead of -1" } },
	{ "return value: a range above the allowed one, the clamp", "lsm",
	  "17: (95) exit\nAt program exit the register R0 has smin=-128 smax=127 should have been in [-4095, 0]\n",
	  { "ret_above=1", "!ret_below", "!ret_value" },
	  { "above 0 (up to 127)", "`if (ret > 0) ret = 0;`" } },
	{ "too complex: 4.x's limit and the hottest instruction's source line", "kprobe",
	  "0: R1=ctx() R10=fp0\n; for (i = 0; i < n; i++) { @ t.bpf.c:12\n5: (07) r1 += 1\n6: (05) goto pc-2\n"
	  "from 6 to 5: R1=scalar()\n5: (07) r1 += 1\n6: (05) goto pc-2\n"
	  "mark_precise: frame0: last_idx 6 first_idx 5\n"
	  "BPF program is too large. Processed 131073 insn\n",
	  { "limit_hit=131072", "limit_not_1m=1", "hot_src_line=12" },
	  { "This kernel stopped at 131072", "source line 12" } },
	{ "arg type: the key size of the map in R1", "xdp",
	  "1: (18) r1 = 0xffff                   ; R1_w=map_ptr(map=by_ifindex,ks=4,vs=8)\n"
	  "2: (bf) r2 = r6                       ; R2_w=ctx()\n3: (85) call bpf_map_lookup_elem#1\n"
	  "R2 type=ctx expected=fp, pkt, pkt_meta, map_key, map_value\n",
	  { "arg_mem_size=4", "arg_mem_what=key", "arg_c_type=__u32", "arg_map=by_ifindex" },
	  { "reads 4 bytes there", "`__u32 key = ...;`" } },
	{ "packet: a variable offset gets no invented bound", "xdp",
	  "165: (71) r5 = *(u8 *)(r6 +0)\ninvalid access to packet, off=20 size=1, R6(id=2,off=20,r=20)\n",
	  { "access_end=21" },
	  { "`if ((void *)p + 21 > data_end) return XDP_PASS;`", "The offset is variable (id=2)" } },
};

/* The whole answer: no '{' left and no "?" where a number was meant. */
static int text_has(const struct vx_record *r, const char *want)
{
	if (r->explanation && strstr(r->explanation, want))
		return 1;
	for (size_t i = 0; i < r->nfixes; i++)
		if (strstr(r->fixes[i], want))
			return 1;
	return 0;
}

static int unfilled(const char *t)
{
	for (const char *p = t; p && (p = strchr(p, '{')); p++)
		if (p[1] == '?' || p[1] == '!' || (p[1] >= 'a' && p[1] <= 'z'))
			return 1; /* "{name": a placeholder the expansion left */
	return t && (strstr(t, " ? ") || strstr(t, "(?") || strstr(t, "?)"));
}

static void check_case(const struct num_case *c, const struct vx_record *r)
{
	char tname[240];
	for (size_t k = 0; k < ARRAY_SIZE(c->vars) && c->vars[k]; k++) {
		const char *w = c->vars[k], *eq = strchr(w, '=');
		char name[64];
		int unset = *w == '!';
		snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - w) : (int)strlen(w) - unset, w + unset);
		const char *got = vx_record_var(r, name);
		snprintf(tname, sizeof(tname), "numbers: %s: %s", c->name, w);
		if (unset)
			CHECK(tname, !got, "got '%s'", got);
		else
			CHECK_STR(tname, got, eq + 1);
	}
	for (size_t k = 0; k < ARRAY_SIZE(c->says) && c->says[k]; k++) {
		snprintf(tname, sizeof(tname), "numbers: %s: says \"%s\"", c->name, c->says[k]);
		CHECK(tname, text_has(r, c->says[k]), "explanation: %s", r->explanation);
	}
	int bad = unfilled(r->explanation) || unfilled(r->title);
	for (size_t i = 0; i < r->nfixes; i++)
		bad |= unfilled(r->fixes[i]);
	snprintf(tname, sizeof(tname), "numbers: %s: no placeholder left", c->name);
	CHECK(tname, !bad, "title '%s', explanation '%s'", r->title, r->explanation);
}

static void test_numbers(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct num_case *c = &cases[i];
		struct vx_hints h = { .prog_type = c->type, .prog_type_from = "option" };
		struct vx_record **recs;
		size_t n;
		char tname[200];
		vx_explain_buffer(db, &h, c->log, strlen(c->log), &recs, &n);
		snprintf(tname, sizeof(tname), "numbers: %s: one rejection", c->name);
		CHECK(tname, n == 1 && recs[0]->verdict == VX_REJECTED, "n=%zu", n);
		if (n == 1)
			check_case(c, recs[0]);
		for (size_t k = 0; k < n; k++)
			vx_record_free(recs[k]);
		free(recs);
	}
}

/* The knowledge tables (patterns/ TSV files) are read, and a malformed one is a
 * problem `patterns check` reports. */
static void test_tables(void)
{
	size_t n;
	const struct vx_ctx_field *f = vx_ctx_fields(&n);
	CHECK("tables: ctx-fields.tsv read", n >= 40 && !strcmp(f[0].st, "__sk_buff") &&
	      !strcmp(f[0].name, "len"), "n=%zu", n);
	CHECK_STR("tables: releases.tsv: bpf_sk_lookup_tcp", vx_release_of("bpf_sk_lookup_tcp"),
		  "bpf_sk_release()");
	CHECK("tables: releases.tsv: bpf_task_release is a release",
	      vx_is_release("bpf_task_release") && !vx_is_release("bpf_task_acquire"), "no");
	CHECK_STR("tables: map-types.tsv: 27", vx_map_type_name(27), "BPF_MAP_TYPE_RINGBUF");
	CHECK_STR("tables: progtypes.tsv ctx column", vx_prog_type_ctx("flow_dissector"), "__sk_buff");
	CHECK("tables: no ctx for tracepoint", !vx_prog_type_ctx("tracepoint"), "set");
	const char *fam[4];
	CHECK("tables: bpf_probe_read_str is in probe_read_family",
	      vx_helper_families(45, fam, 4) == 1 && !strcmp(fam[0], "probe_read_family"), "no");
	CHECK_INT("tables: the built-in tables have no problem", vx_tables_check(NULL, stderr), 0);

	char dir[] = "/tmp/vx-unit-tables-XXXXXX", path[64], *buf = NULL;
	size_t len = 0;
	if (!mkdtemp(dir)) {
		FAIL("tables: a malformed table is reported", "mkdtemp failed");
		return;
	}
	snprintf(path, sizeof(path), "%s/releases.tsv", dir);
	FILE *t = fopen(path, "w");
	fprintf(t, "# comment\nbpf_sk_lookup_tcp\tbpf_sk_release()\nbpf_x only-one-field\n");
	fclose(t);
	FILE *out = open_memstream(&buf, &len);
	int problems = vx_tables_check(dir, out);
	fclose(out);
	CHECK("tables: a malformed releases.tsv is reported with its line",
	      problems == 1 && buf && strstr(buf, "releases.tsv:3: "), "%d problems: %s", problems, buf);
	free(buf);
	unlink(path);

	/* helper-args.tsv, libbpf-poison.tsv and ctx-fields.tsv's element column */
	static const struct {
		const char *file, *text;
		int problems;
		const char *says;
	} bad[] = {
		{ "helper-args.tsv", "bpf_map_lookup_elem\t2\tkey\nbpf_nope\t2\tkey\n", 1,
		  ":2: names a helper" },
		{ "helper-args.tsv", "bpf_map_lookup_elem\t1\tkey\n", 1, ":1: the register" },
		{ "helper-args.tsv", "bpf_map_lookup_elem\t2\tvalues\n", 1, ":1: the role" },
		{ "libbpf-poison.tsv", "core\t195896080\t1\nmap\t4\t1000\n", 1,
		  ":2: first must be" },
		{ "libbpf-poison.tsv", "core\t195896080\n", 1, ":1: want kind" },
		{ "ctx-fields.tsv", "__sk_buff\t48\t20\tcb\t4\n__sk_buff\t48\t20\tcb\t3\n", 1,
		  ":2: an element size" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char name[160];
		snprintf(path, sizeof(path), "%s/%s", dir, bad[i].file);
		t = fopen(path, "w");
		fputs(bad[i].text, t);
		fclose(t);
		buf = NULL;
		out = open_memstream(&buf, &len);
		problems = vx_tables_check(dir, out);
		fclose(out);
		snprintf(name, sizeof(name), "tables: %s: %s", bad[i].file, bad[i].says);
		CHECK(name, problems == bad[i].problems && strstr(buf, bad[i].says),
		      "%d problems: %s", problems, buf);
		free(buf);
		unlink(path);
	}

	/* progtypes.tsv: the probe's lines name type lines and say how to load */
	snprintf(path, sizeof(path), "%s/progtypes.tsv", dir);
	t = fopen(path, "w");
	fprintf(t, "type\txdp\tBPF_PROG_TYPE_XDP\t6\txdp_md\n"
		   "probe\txdp\tBPF_XDP\t37\tplain\t-\n"
		   "probe\tnope\t-\t-\tplain\t-\n"
		   "probe\txdp\tBPF_XDP\t-\tplain\t-\n"
		   "probe\txdp\t-\t-\tmaybe\t-\n"
		   "probe\txdp\t-\t-\tbtf\t-\n"
		   "probe\txdp\t-\t-\tbtf\ta,b,c,d\n"
		   "probe\txdp\t-\t-\tskip\t-\n"
		   "refusal\t%%s#%%d\n"
		   "ctx\txdp_buff\tnope\n"
		   "sections\txdp\txdp\t-\t-\n");
	fclose(t);
	buf = NULL;
	out = open_memstream(&buf, &len);
	problems = vx_tables_check(dir, out);
	fclose(out);
	CHECK("tables: progtypes.tsv's bad probe, refusal, ctx and unknown lines are reported",
	      problems == 9 && strstr(buf, "progtypes.tsv:3: the name") &&
		      strstr(buf, "progtypes.tsv:4: attach and value") &&
		      strstr(buf, "progtypes.tsv:5: how") &&
		      strstr(buf, "progtypes.tsv:6: btf wants") &&
		      strstr(buf, "progtypes.tsv:7: btf wants") &&
		      strstr(buf, "progtypes.tsv:8: skip wants") &&
		      strstr(buf, "progtypes.tsv:9: want refusal") &&
		      strstr(buf, "progtypes.tsv:10: the name") &&
		      strstr(buf, "progtypes.tsv:11: the first"),
	      "%d problems: %s", problems, buf);
	free(buf);
	unlink(path);
	rmdir(dir);
}

/* One record of LOG, or NULL (freed by the caller with vx_record_free). */
static struct vx_record *explain_one(const char *log)
{
	struct vx_record **recs = NULL, *r = NULL;
	size_t n = 0;
	vx_explain_buffer(db, NULL, log, strlen(log), &recs, &n);
	for (size_t i = 0; i < n; i++) {
		if (i == 0)
			r = recs[0];
		else
			vx_record_free(recs[i]);
	}
	free(recs);
	return r;
}

#define PROCESSED \
	"processed 1 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n"

/* vexplain's own words are messages.tsv's: a verdict no entry knows (with
 * its instruction, 0 included, or without one), a cut log, and the kernel's
 * own diagnosis added to an entry's answer. */
static void test_messages(void)
{
	const struct vx_message *unknown = vx_message("unknown");
	CHECK("messages: unknown has its words",
	      unknown && unknown->title && unknown->nexplain == 2 && unknown->nfix == 2, "missing");
	CHECK("messages: no words for an id the file does not define", !vx_message("nope"),
	      "found");

	struct vx_record *r = explain_one(
		"0: R1=ctx() R10=fp0\n0: (b7) r0 = 0\nfrobnicated the widget\n" PROCESSED);
	CHECK("messages: unknown verdict at insn 0 names the instruction",
	      r && r->verdict == VX_REJECTED && !r->pattern && !strcmp(r->category, "other") &&
		      strstr(r->explanation, "at instruction 0 ((b7) r0 = 0) with a message") &&
		      strstr(r->explanation, "\"frobnicated the widget\"") && r->nfixes == 2 &&
		      !strcmp(r->title, unknown->title),
	      "%s", r ? r->explanation : "no record");
	vx_record_free(r);
	r = explain_one("frobnicated the widget\n" PROCESSED);
	CHECK("messages: unknown verdict without an instruction",
	      r && r->explanation && !strstr(r->explanation, "instruction") &&
		      strstr(r->explanation, "rejected the program with a message"),
	      "%s", r ? r->explanation : "no record");
	vx_record_free(r);
	r = explain_one("func#0 @0\n0: R1=ctx() R10=fp0\n0: (b7) r0 = 0\n1: (95) exit\n");
	CHECK("messages: a cut log",
	      r && r->verdict == VX_TRUNCATED && !r->category &&
		      !strcmp(r->title, vx_message("truncated")->title) &&
		      strstr(r->explanation, "This kernel log stops at instruction 1 ") &&
		      r->nfixes == 3,
	      "%s", r ? r->explanation : "no record");
	vx_record_free(r);
	r = explain_one(
		"0: R1=ctx() R10=fp0\n0: (79) r2 = *(u64 *)(r1 +0)\nR1 invalid mem access 'scalar'\n"
		"Verification failed: Memory Safety: Invalid memory access\n"
		"Reason: R1 holds a scalar, not a pointer\nAt: insn 0\nCausal path: insn 0\n"
		"Suggestion: check the pointer before use\n" PROCESSED);
	const char *tail =
		"\n\nThe kernel's own diagnosis: Memory Safety: Invalid memory access. R1 holds a scalar, not a pointer";
	CHECK("messages: the kernel's diagnosis ends the explanation, its suggestion is the first fix",
	      r && r->pattern && strlen(r->explanation) > strlen(tail) &&
		      !strcmp(r->explanation + strlen(r->explanation) - strlen(tail), tail) &&
		      r->nfixes > 1 &&
		      !strcmp(r->fixes[0], "The kernel suggests: check the pointer before use"),
	      "%s", r ? r->explanation : "no record");
	vx_record_free(r);

	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int problems = vx_messages_check("m.tsv",
					 "# c\n"
					 "unknown\ttitle\tt\n"
					 "unknown\texplain\te\n"
					 "unknown\tfix\tf\n"
					 "truncated\ttitle\tt\n"
					 "truncated\texplain[!cut]\te\n"
					 "nope\tfix\tf\n"
					 "unknown\tfixes\tf\n"
					 "unknown\ttitle[x]\tt\n"
					 "unknown\tfix[a b]\tf\n"
					 "unknown\ttitle\tagain\n"
					 "unknown\tfix\n",
					 out);
	fclose(out);
	CHECK("messages: check reports each bad line and the incomplete id",
	      problems == 9 && strstr(buf, "m.tsv:7: the id") &&
		      strstr(buf, "m.tsv: no-log needs a fix") && strstr(buf, "m.tsv:8: the key") &&
		      strstr(buf, "m.tsv:9: a condition") && strstr(buf, "m.tsv:10: a condition") &&
		      strstr(buf, "m.tsv:11: a second title") && strstr(buf, "m.tsv:12: want") &&
		      strstr(buf, "truncated needs a title, an explain and a fix"),
	      "%d problems: %s", problems, buf);
	free(buf);
}

int main(void)
{
	db = tl_builtin_db();
	if (!db)
		return 1;
	test_numbers();
	test_tables();
	test_messages();
	vx_db_free(db);
	TL_EXIT();
}
