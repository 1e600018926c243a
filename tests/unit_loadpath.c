// SPDX-License-Identifier: MIT
/* The one load-and-explain path (src/load_explain.c) on load results made
 * here: the kernel's answer and the loader's facts reach the record through
 * the pipeline's hints, and a load's printed form explains the same. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#include "bpfload.h"
#include "helpers.h"
#include "load_explain.h"
#include "patterns.h"
#include "pipeline.h"
#include "util.h"

static const char story_log[] =
	"func#0 @0\n"
	"0: R1=ctx() R10=fp0\n"
	"0: (bf) r3 = r1                       ; R1=ctx() R3_w=ctx()\n"
	"1: (b7) r2 = 4                        ; R2_w=4\n"
	"2: (bf) r1 = r10                      ; R1_w=fp0 R10=fp0\n"
	"3: (07) r1 += -8                      ; R1_w=fp-8\n"
	"4: (85) call bpf_probe_read#4\n"
	"program of this type cannot use helper bpf_probe_read#4\n"
	"processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n";

static struct vx_load_result result(const char *name, int err, const char *log, const char *msgs)
{
	struct vx_load_result r = {
		.name = xstrdup(name),
		.section = xstrdup("cgroup_skb/egress"),
		.type = xstrdup("cgroup_skb"),
		.err = err,
		.accepted = err == 0,
		.log = xstrdup(log),
		.loader_msgs = xstrdup(msgs),
		.kernel = xstrdup("6.12.0-test"),
		.log_len = strlen(log),
		.log_level = 1,
		.attempts = 1,
		.verified_insns = -1,
		.processed_insns = -1,
		.verify_usec = -1,
	};
	return r;
}

static void set_ids(int **ids, size_t *n, int a)
{
	*ids = xcalloc(1, sizeof(**ids));
	(*ids)[0] = a;
	*n = 1;
}

static struct vx_record *explain(const struct vx_db *db, const struct vx_load_result *r)
{
	struct vx_record *rec = NULL;
	int err = vx_load_explain(db, r, &rec);

	if (err || !rec) {
		FAIL("load-explain", "vx_load_explain: %d", err);
		exit(1);
	}
	return rec;
}

/* libbpf gave up before the verifier, in words no pattern knows. */
static void refused(const struct vx_db *db)
{
	struct vx_load_result r = result("p", -22, "",
		"prog 'p': missing BPF prog type, check ELF section name 'x'\n"
		"prog 'p': failed to load: -22\n");
	struct vx_record *rec = explain(db, &r);

	CHECK_STR("refused-verdict", vx_verdict_name(rec->verdict), "rejected");
	CHECK_STR("refused-pattern", rec->pattern, "loader-refused");
	CHECK_STR("refused-message", rec->message,
		  "prog 'p': missing BPF prog type, check ELF section name 'x'");
	CHECK_STR("refused-load-error", vx_record_var(rec, "load_error"), "Invalid argument");
	CHECK("refused-explained", rec->explanation &&
	      strstr(rec->explanation, "libbpf stopped before the kernel's verifier"),
	      "'%s'", rec->explanation);
	vx_record_free(rec);
	free(r.name), free(r.section), free(r.type), free(r.log), free(r.loader_msgs), free(r.kernel);
}

/* The kernel accepted the program: a line of its log that reads as a
 * verdict does not make it a rejection. */
static void accepted(const struct vx_db *db)
{
	struct vx_load_result r = result("p", 0, "0: (b7) r0 = 0\n1: (95) exit\n"
					 "program of this type cannot use helper bpf_probe_read#4\n", "");
	struct vx_record *rec = explain(db, &r);

	CHECK_STR("accepted-verdict", vx_verdict_name(rec->verdict), "accepted");
	CHECK("accepted-no-pattern", !rec->pattern && !rec->message && !rec->nfixes,
	      "pattern '%s', message '%s', %zu fixes", rec->pattern, rec->message, rec->nfixes);
	vx_record_free(rec);
	free(r.name), free(r.section), free(r.type), free(r.log), free(r.loader_msgs), free(r.kernel);
}

/* libbpf turned the object's probe_read_kernel (#113) into probe_read (#4):
 * from the instructions, and without them from the helpers seen. */
static void rewritten(const struct vx_db *db)
{
	struct vx_load_result r = result("p", -22, story_log, "");
	struct vx_record *rec;

	r.rewrites = xcalloc(1, sizeof(*r.rewrites));
	r.rewrites[0] = (struct vx_load_rewrite){ .insn = 4, .from = 113, .to = 4 };
	r.nrewrites = 1;
	rec = explain(db, &r);
	CHECK_STR("rewrite-pattern", rec->pattern, "helper-prog-type");
	CHECK_STR("rewrite-var", vx_record_var(rec, "rewritten"), "113->4");
	CHECK_STR("rewrite-insn", vx_record_var(rec, "rewritten_insn"), "4");
	CHECK_STR("rewrite-at-verdict", vx_record_var(rec, "rewritten_at_verdict"), "1");
	CHECK("rewrite-explained", rec->explanation &&
	      strstr(rec->explanation, "the object calls bpf_probe_read_kernel#113 at instruction 4, "
				       "the kernel was given bpf_probe_read#4") &&
	      strstr(rec->explanation, "bpf_object__sanitize_prog()"), "'%s'", rec->explanation);
	CHECK("rewrite-fix-first", rec->nfixes && strstr(rec->fixes[0], "CAP_PERFMON"), "fix 0 '%s'",
	      rec->nfixes ? rec->fixes[0] : "");
	vx_record_free(rec);
	free(r.rewrites);
	r.rewrites = NULL;
	r.nrewrites = 0;
	set_ids(&r.obj_helpers, &r.nobj_helpers, 113);
	set_ids(&r.log_helpers, &r.nlog_helpers, 4);
	rec = explain(db, &r);
	CHECK("rewrite-from-helpers", tl_streq(vx_record_var(rec, "rewritten"), "113->4") &&
	      !vx_record_var(rec, "rewritten_insn"), "rewritten '%s' insn '%s'",
	      vx_record_var(rec, "rewritten"), vx_record_var(rec, "rewritten_insn"));
	vx_record_free(rec);
	/* the object calls #4 itself: nothing was rewritten */
	r.obj_helpers[0] = 4;
	rec = explain(db, &r);
	CHECK("rewrite-none", !vx_record_var(rec, "rewritten") &&
	      !strstr(rec->explanation, "rewrote a helper call"), "rewritten '%s': '%s'",
	      vx_record_var(rec, "rewritten"), rec->explanation);
	vx_record_free(rec);
	free(r.obj_helpers), free(r.log_helpers);
	free(r.name), free(r.section), free(r.type), free(r.log), free(r.loader_msgs), free(r.kernel);
}

/* What a load printed (bisect --object reads it from the step's log, the
 * VM's agent prints it) gives the records vx_load_explain gives. */
static void printed(const struct vx_db *db)
{
	struct vx_load_result r[2] = {
		result("a", -22, "", "prog 'a': missing BPF prog type, check ELF section name 'x'\n"),
		result("b", -13, story_log, ""),
	};
	struct vx_record **recs = NULL;
	char *buf = NULL;

	/* libbpf refused the object as a whole: no section */
	free(r[0].section);
	r[0].section = xstrdup("");
	size_t len = 0, n = 0;
	FILE *f = open_memstream(&buf, &len);

	vx_load_print(f, r, 2);
	fclose(f);
	int err = vx_load_explain_output(db, NULL, buf, len, &recs, &n);
	CHECK("printed-two", !err && n == 2, "err %d, %zu records", err, n);
	for (size_t i = 0; i < n && i < 2; i++) {
		struct vx_record *direct = explain(db, &r[i]);
		CHECK("printed-same-verdict", recs[i]->verdict == direct->verdict &&
		      tl_streq(recs[i]->pattern, direct->pattern) &&
		      tl_streq(recs[i]->message, direct->message),
		      "%s: printed %s/%s, direct %s/%s", r[i].name, recs[i]->pattern, recs[i]->message,
		      direct->pattern, direct->message);
		vx_record_free(direct);
	}
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);
	free(buf);
	/* any other text is explained as a log */
	err = vx_load_explain_output(db, NULL, story_log, strlen(story_log), &recs, &n);
	CHECK("printed-fallback", !err && n == 1 && tl_streq(recs[0]->pattern, "helper-prog-type"),
	      "err %d, %zu records", err, n);
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);
	for (int i = 0; i < 2; i++) {
		free(r[i].name), free(r[i].section), free(r[i].type), free(r[i].log);
		free(r[i].loader_msgs), free(r[i].kernel);
	}
}

static void relation(void)
{
	const char *why = NULL;

	CHECK_INT("rewrite-relation", vx_helper_rewritten("libbpf", 113, &why), 4);
	CHECK_STR("rewrite-relation-why", why, "probe_read_kern");
	CHECK_INT("rewrite-relation-str", vx_helper_rewritten("libbpf", 114, NULL), 45);
	CHECK_INT("rewrite-relation-none", vx_helper_rewritten("libbpf", 4, NULL), -1);
	CHECK_INT("rewrite-relation-loader", vx_helper_rewritten("aya", 113, NULL), -1);
	/* one way, and not a "what to call instead" family */
	int rel[32];
	size_t n = vx_helper_related(113, rel, NULL, 32), fours = 0;
	for (size_t i = 0; i < n && i < 32; i++)
		fours += rel[i] == 4;
	CHECK_INT("rewrite-not-family", fours, 1);
}

int main(void)
{
	struct vx_db *db = NULL;
	struct strbuf err = STRBUF_INIT;

	if (vx_db_load(NULL, &db, &err)) {
		FAIL("db", "%s", sb_str(&err));
		return 1;
	}
	sb_free(&err);
	relation();
	refused(db);
	accepted(db);
	rewritten(db);
	printed(db);
	vx_db_free(db);
	TL_EXIT();
}
