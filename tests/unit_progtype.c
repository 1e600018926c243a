// SPDX-License-Identifier: MIT
/* The program type from every clue in the input: the rules of
 * patterns/progtype-clues.tsv (each compiles, each example gives its clue)
 * and whole inputs under tests/progtype/ (NAME.log, NAME.want: "TYPE FROM",
 * "- -" for an input that tells nothing), through the whole pipeline. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "helpers.h"
#include "patterns.h"
#include "pipeline.h"
#include "progtype.h"
#include "progtype_ctx.h"
#include "progtype_narrow.h"
#include "testlib.h"
#include "util.h"

#define FIXTURES "tests/progtype"

static void check_rules(void)
{
	const struct vx_data_file *df = vx_data_find("patterns/progtype-clues.tsv");
	size_t rules = 0, examples = 0;

	if (!df) {
		FAIL("clues: embedded", "patterns/progtype-clues.tsv is not embedded");
		return;
	}
	char *text = xstrndup(df->text, df->len), *next;
	for (char *line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (starts_with(line, "rule\t"))
			rules++;
		if (!starts_with(line, "example\t"))
			continue;
		/* example<TAB>type<TAB>from<TAB>line (the line may hold tabs) */
		char *type = line + 8, *from = strchr(type, '\t'), *ex = from ? strchr(from + 1, '\t') : NULL;
		if (!ex) {
			FAIL("clues: example format", "%s", line);
			continue;
		}
		*from++ = '\0';
		*ex++ = '\0';
		from[strcspn(from, "\t")] = '\0';
		struct vx_clue k;
		char name[160];
		int rank = vx_clue_of_line(ex, strlen(ex), &k);
		snprintf(name, sizeof(name), "clues: example %.120s", ex);
		if (!strcmp(type, "-"))
			CHECK(name, !rank, "a clue %s/%s from a line that tells nothing", k.type, k.from);
		else
			CHECK(name, rank && !strcmp(k.type, type) && !strcmp(k.from, from),
			      "got %s/%s, want %s/%s", rank ? k.type : "(none)", rank ? k.from : "", type,
			      from);
		examples++;
	}
	free(text);
	CHECK_INT("clues: every rule compiles", vx_clue_rule_count(), rules);
	CHECK("clues: examples", examples >= 30, "only %zu examples", examples);
}

static void check_section_names(void)
{
	struct vx_clue k;
	CHECK("section: libbpf", vx_clue_of_section("cgroup_skb/egress", &k) && !strcmp(k.type, "cgroup_skb") &&
	      !strcmp(k.from, "section"), "got %s", k.type);
	CHECK("section: bpftrace probe", vx_clue_of_section("kfunc:vfs_open", &k) &&
	      !strcmp(k.type, "tracing") && !strcmp(k.from, "probe"), "got %s", k.type);
	CHECK("section: unknown", !vx_clue_of_section("filler/sys_open_x", &k), "got %s", k.type);
	CHECK("section: bpftrace BEGIN tells nothing", !vx_clue_of_section("BEGIN", &k), "got %s", k.type);
}

/* The sets: a helper only one type may call names it, a base helper names
 * none, evidence that disagrees tells nothing; ext (its target's helpers)
 * is never what helpers tell. */
static void check_narrowing(void)
{
	struct vx_narrowing n;
	const char *t;

	vx_clue_rule_count(); /* the "callers" lines are read with the rules */
	CHECK("narrow: a list",
	      vx_tmask_of("sched_cls,sched_act,nonsense") ==
		      (vx_tmask_of("sched_cls") | vx_tmask_of("sched_act")),
	      "got %llx", (unsigned long long)vx_tmask_of("sched_cls,sched_act"));
	t = vx_tmask_single(vx_helper_callers(vx_helper_id("bpf_xdp_adjust_head")));
	CHECK("narrow: xdp_adjust_head is xdp's", t && !strcmp(t, "xdp"), "got %s",
	      t ? t : "(several)");
	t = vx_tmask_single(vx_helper_callers(vx_helper_id("bpf_perf_prog_read_value")));
	CHECK("narrow: perf_prog_read_value is perf_event's", t && !strcmp(t, "perf_event"),
	      "got %s", t ? t : "(several)");
	CHECK("narrow: map_lookup_elem tells nothing", !vx_tmask_single(vx_helper_callers(1)),
	      "one type");
	CHECK("narrow: a kfunc's BTF id tells nothing", vx_helper_callers(70000) == 0, "a set");
	CHECK("narrow: ext is never a helper's", !(vx_helper_callers(1) & vx_tmask_of("ext")),
	      "ext in the set");
	vx_narrowing_reset(&n);
	vx_narrowing_add(&n, vx_tmask_of("sched_cls,sched_act,cgroup_skb"), "context");
	CHECK("narrow: three left", !vx_narrowing_type(&n), "one type");
	vx_narrowing_add(&n, vx_tmask_of("cgroup_skb,sk_skb"), "helper");
	t = vx_narrowing_type(&n);
	CHECK("narrow: one left", t && !strcmp(t, "cgroup_skb") && !strcmp(n.from, "helper"),
	      "got %s", t ? t : "-");
	vx_narrowing_add(&n, vx_tmask_of("xdp"), "access");
	CHECK("narrow: a contradiction tells nothing", !vx_narrowing_type(&n), "got %s",
	      vx_narrowing_type(&n));
}

static int has(vx_tmask m, const char *type)
{
	return (m & vx_tmask_of(type)) != 0;
}

/* patterns/progtype-ctx.tsv: each type's context as the reads it allows. */
static void check_ctx_table(void)
{
	vx_tmask m;

	CHECK("ctx: rows", vx_ctx_row_count() > 100, "only %zu", vx_ctx_row_count());
	m = vx_ctx_read_types(4, 4); /* xdp_md data_end, __sk_buff pkt_type, pt_regs */
	CHECK("ctx: u32 at 4", has(m, "xdp") && has(m, "sched_cls") && has(m, "kprobe") &&
	      !has(m, "tracepoint"), "got %llx", (unsigned long long)m);
	m = vx_ctx_read_types(100, 4); /* past xdp_md's 24 bytes */
	CHECK("ctx: u32 at 100 is no xdp_md field", !has(m, "xdp") && has(m, "cgroup_skb") &&
	      has(m, "sock_ops"), "got %llx", (unsigned long long)m);
	m = vx_ctx_read_types(112, 8); /* __sk_buff: across remote_ip6 and local_ip6 */
	CHECK("ctx: u64 at 112 spans two __sk_buff fields", !has(m, "sched_cls") &&
	      has(m, "kprobe") && has(m, "tracepoint") && !has(m, "raw_tracepoint"), "got %llx",
	      (unsigned long long)m);
	m = vx_ctx_read_types(0, 8); /* a tracepoint's common header */
	CHECK("ctx: u64 at 0 is no tracepoint's", !has(m, "tracepoint") && has(m, "kprobe") &&
	      has(m, "tracing"), "got %llx", (unsigned long long)m);
	CHECK("ctx: u32 at 4 is no BTF argument", !has(vx_ctx_read_types(4, 4), "tracing"),
	      "tracing allowed");
	CHECK("ctx: a misaligned read tells nothing", vx_ctx_read_types(6, 4) == 0, "a set");
	CHECK("ctx: ext is in every set", has(vx_ctx_read_types(100, 4), "ext"), "ext left out");
	m = vx_ctx_field_types("user_ip6", 12, 4);
	CHECK("ctx: user_ip6[1] is bpf_sock_addr's", vx_tmask_single(m) &&
	      !strcmp(vx_tmask_single(m), "cgroup_sock_addr"), "got %llx", (unsigned long long)m);
	m = vx_ctx_field_types("type", 8, 4);
	CHECK("ctx: type at 8 is bpf_sock's", vx_tmask_single(m) &&
	      !strcmp(vx_tmask_single(m), "cgroup_sock"), "got %llx", (unsigned long long)m);
	CHECK("ctx: a name at another offset tells nothing", vx_ctx_field_types("type", 12, 4) == 0,
	      "a set");
	/* ctx-fields.tsv (the explanations' table) says the same of its structs */
	size_t n;
	const struct vx_ctx_field *f = vx_ctx_fields(&n);
	for (size_t i = 0; i < n; i++) {
		char name[120];
		snprintf(name, sizeof(name), "ctx: ctx-fields.tsv %s.%s agrees", f[i].st, f[i].name);
		/* a read of its first element (of u32 for an array of them) */
		int size = f[i].elem ? (int)f[i].elem : f[i].size <= 8 ? (int)f[i].size : 4;
		m = vx_ctx_field_types(f[i].name, f[i].off, size);
		CHECK(name, m && has(m, vx_prog_type_from_ctx(f[i].st) ? vx_prog_type_from_ctx(f[i].st) :
			  "sched_cls"), "not at %u in progtype-ctx.tsv", f[i].off);
	}
}

/* Following the context through instructions and states. */
static void ev_collect(void *ctx, vx_tmask m, const char *from)
{
	vx_tmask *acc = ctx;
	if (!strcmp(from, "access"))
		acc[0] = acc[0] ? acc[0] & m : m;
	else
		acc[1] = acc[1] ? acc[1] & m : m;
}

static void track(struct vx_ctx_track *t, vx_tmask *acc, const char *line)
{
	size_t len = strlen(line);
	if (line[0] == ';')
		vx_ctx_track_source(t, line, len);
	else if (strstr(line, ": (") && !strstr(line, "from "))
		vx_ctx_track_insn(t, line, len, ev_collect, acc);
	else
		vx_ctx_track_state(t, line, len);
}

static void check_ctx_track(void)
{
	struct vx_ctx_track t;
	vx_tmask acc[2] = { 0, 0 };
	static const char *const log1[] = {
		"0: (bf) r6 = r1",
		"; addr->p1 = ctx->user_ip6[0];",
		"1: (61) r2 = *(u32 *)(r6 +8)",
		"2: (b7) r0 = 1",
		NULL,
	};

	vx_ctx_track_reset(&t);
	for (size_t i = 0; log1[i]; i++)
		track(&t, acc, log1[i]);
	CHECK("track: a copy of r1 at entry", acc[0] && has(acc[0], "cgroup_sock_addr"), "no load");
	CHECK("track: the source's member", vx_tmask_single(acc[1]) &&
	      !strcmp(vx_tmask_single(acc[1]), "cgroup_sock_addr"), "got %llx",
	      (unsigned long long)acc[1]);
	/* the failing load (no instruction after it), a pointer into the
	 * context, a register a call clobbered: no evidence */
	static const char *const log2[] = {
		"0: R1=ctx() R10=fp0",
		"0: (bf) r6 = r1                       ; R1=ctx() R6_w=ctx()",
		"1: (07) r6 += 8                       ; R6_w=ctx(off=8)",
		"2: (61) r2 = *(u32 *)(r6 +100)",
		"3: (bf) r1 = r10",
		"4: (85) call bpf_ktime_get_ns#5",
		"5: (61) r2 = *(u32 *)(r1 +100)",
		"6: (b7) r0 = 0",
		"from 4 to 7: R1=ctx(id=0,off=0,imm=0) R10=fp0",
		"7: (61) r3 = *(u32 *)(r1 +100)",
		NULL,
	};
	acc[0] = acc[1] = 0;
	vx_ctx_track_reset(&t);
	for (size_t i = 0; log2[i]; i++)
		track(&t, acc, log2[i]);
	CHECK("track: no evidence from what is not the context", !acc[0], "got %llx",
	      (unsigned long long)acc[0]);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return sb_detach(&sb);
}

/* Each rejected record of a paste with several programs, in order: the
 * lines of the .want after the first (the first is the last record's). */
static void check_each(const char *name, const char *want, struct vx_record **recs, size_t n)
{
	const char *line = strchr(want, '\n');
	size_t k = 0;
	char test[300];

	for (; line && line[1]; line = strchr(line + 1, '\n')) {
		char type[64], from[32];
		if (sscanf(line + 1, "%63s %31s", type, from) != 2)
			continue;
		while (k < n && recs[k]->verdict != VX_REJECTED)
			k++;
		snprintf(test, sizeof(test), "fixture %s: program %zu", name, k + 1);
		if (k == n) {
			FAIL(test, "no such rejected record (want %s %s)", type, from);
			return;
		}
		const char *gt = recs[k]->prog_type ? recs[k]->prog_type : "-";
		const char *gf = recs[k]->prog_type_from ? recs[k]->prog_type_from : "-";
		CHECK(test, !strcmp(gt, type) && !strcmp(gf, from), "got %s %s, want %s %s", gt, gf, type,
		      from);
		k++;
	}
}

/* The last rejected record's type (or the last record's); a .want of
 * several lines names each rejected record's after that (check_each). */
static void check_fixture(const struct vx_db *db, const char *name)
{
	char path[512], want_type[64], want_from[32], test[300];
	size_t len, wlen, n = 0;
	struct vx_record **recs = NULL;

	snprintf(test, sizeof(test), "fixture %s", name);
	snprintf(path, sizeof(path), "%s/%s.want", FIXTURES, name);
	char *want = slurp(path, &wlen);
	snprintf(path, sizeof(path), "%s/%s.log", FIXTURES, name);
	char *log = slurp(path, &len);
	if (!want || !log || sscanf(want, "%63s %31s", want_type, want_from) != 2) {
		FAIL(test, "cannot read %s and its .want", path);
		goto out;
	}
	vx_explain_buffer(db, NULL, log, len, &recs, &n);
	const struct vx_record *r = n ? recs[n - 1] : NULL;
	for (size_t i = 0; i < n; i++)
		if (recs[i]->verdict == VX_REJECTED)
			r = recs[i];
	if (!r) {
		FAIL(test, "no record");
		goto out;
	}
	check_each(name, want, recs, n);
	const char *gt = r->prog_type ? r->prog_type : "-", *gf = r->prog_type_from ? r->prog_type_from : "-";
	CHECK(test, !strcmp(gt, want_type) && !strcmp(gf, want_from), "got %s %s, want %s %s", gt, gf,
	      want_type, want_from);
	/* the words of the answer were made with the type known */
	if (r->prog_type) {
		char fact[80];
		snprintf(fact, sizeof(fact), "prog_is_%s", r->prog_type);
		snprintf(test, sizeof(test), "fixture %s: templates saw the type", name);
		CHECK(test, vx_record_var(r, fact) != NULL, "no %s variable", fact);
	}
out:
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);
	free(want);
	free(log);
}

static void check_fixtures(const struct vx_db *db)
{
	DIR *d = opendir(FIXTURES);
	struct dirent *e;
	size_t count = 0;

	if (!d) {
		FAIL("fixtures", "cannot open %s (run from the repository's top)", FIXTURES);
		return;
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".log"))
			continue;
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(l - 4), e->d_name);
		check_fixture(db, name);
		count++;
	}
	closedir(d);
	CHECK("fixtures: at least ten", count >= 10, "only %zu", count);
}

/* The user's -t wins over every clue; a late clue reaches the record it
 * follows, not the next program's. */
static void check_order(const struct vx_db *db)
{
	const char *log = "0: R1=ctx() R10=fp0\n0: (79) r1 = *(u64 *)(r1 +0)\n"
			  "R1 invalid mem access 'scalar'\nprocessed 1 insns (limit 1000000) "
			  "max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n"
			  "    fn = b.load_func(\"a\", BPF.KPROBE)\n";
	struct vx_hints h = { .prog_type = "xdp", .prog_type_from = "option" };
	struct vx_record **recs;
	size_t n;

	vx_explain_buffer(db, &h, log, strlen(log), &recs, &n);
	CHECK("order: option wins", n == 1 && recs[0]->prog_type && !strcmp(recs[0]->prog_type, "xdp") &&
	      !strcmp(recs[0]->prog_type_from, "option"), "got %s", n ? recs[0]->prog_type : "-");
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);
	vx_explain_buffer(db, NULL, log, strlen(log), &recs, &n);
	CHECK("order: a late clue", n == 1 && recs[0]->prog_type && !strcmp(recs[0]->prog_type, "kprobe"),
	      "got %s", n ? recs[0]->prog_type : "-");
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);
}

int main(void)
{
	struct vx_db *db = NULL;
	struct strbuf err = STRBUF_INIT;

	check_rules();
	check_section_names();
	check_narrowing();
	check_ctx_table();
	check_ctx_track();
	if (vx_db_load(NULL, &db, &err)) {
		FAIL("db", "%s", sb_str(&err));
		TL_EXIT();
	}
	check_fixtures(db);
	check_order(db);
	vx_db_free(db);
	sb_free(&err);
	TL_EXIT();
}
