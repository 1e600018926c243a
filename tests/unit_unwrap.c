// SPDX-License-Identifier: MIT
/* Unit tests of unwrap's generalisation: prefix inference (prefix.c), the
 * quoted value reader (quote.c), and unwrap's use of both. */
#include "testlib.h"

#include <stdlib.h>

#include "patterns.h"
#include "prefix.h"
#include "quote.h"
#include "unwrap.h"
#include "util.h"
#include "vlog.h"

static struct vx_db *db;

struct lines {
	struct strbuf buf;
};

static int collect(void *ctx, const struct vx_event *ev)
{
	struct lines *l = ctx;
	if (ev->kind == VX_EV_LINE) {
		sb_add(&l->buf, ev->text, ev->len);
		sb_addc(&l->buf, '|');
	}
	return 0;
}

static void unwrap_case(const char *name, const char *in, const char *want)
{
	struct lines l = { STRBUF_INIT };
	struct vx_unwrap *u = vx_unwrap_new(db, collect, &l);
	vx_unwrap_feed(u, in, strlen(in));
	vx_unwrap_finish(u);
	vx_unwrap_free(u);
	CHECK_STR(name, sb_str(&l.buf), want);
	sb_free(&l.buf);
}

static void test_offset(void)
{
	CHECK_INT("prefix: a bare instruction starts at 0", vx_log_offset("85: (85) call bpf_probe_read#4"), 0);
	CHECK_INT("prefix: a bare state starts at 0", vx_log_offset("0: R1=ctx() R10=fp0"), 0);
	CHECK_INT("prefix: a counter before the index", vx_log_offset("18: 7: (85) call unknown#113"), 4);
	CHECK_INT("prefix: a counter before a state", vx_log_offset("18: 0: R1=ctx() R10=fp0"), 4);
	CHECK_INT("prefix: a verdict has no shape", vx_log_offset("18: invalid func unknown#113"), -1);
	CHECK_INT("prefix: after msg=\"", vx_log_offset("level=info msg=\"0: (b7) r1 = 0\""), 16);
	CHECK_INT("prefix: the summary", vx_log_offset("x | processed 7 insns (limit 1000000)"), 4);
	CHECK_INT("prefix: words are not registers", vx_log_offset("SR1=5 and R1 is fine"), -1);
}

static void test_learn(void)
{
	struct vx_prefix p = { 0 };
	vx_prefix_see(&p, "18: 0: R1=ctx()", 4);
	CHECK("prefix: one line confirms nothing", !vx_prefix_active(&p), "active after one line");
	vx_prefix_see(&p, "18: 1: (b7) r1 = 0", 4);
	CHECK("prefix: two in a row confirm", vx_prefix_active(&p), "not active");
	CHECK_INT("prefix: fits another counter value", vx_prefix_len(&p, "19: invalid func unknown#113"), 4);
	CHECK_INT("prefix: does not fit prose", vx_prefix_len(&p, "Traceback (most recent call last):"), 0);
	vx_prefix_see(&p, "0: (b7) r1 = 0", 0);
	vx_prefix_see(&p, "1: (95) exit", 0);
	CHECK("prefix: bare lines end it", !vx_prefix_active(&p), "still active");

	struct vx_prefix q = { 0 };
	vx_prefix_see(&q, "INFO:loader:0: R1=ctx()", 12);
	vx_prefix_see(&q, "ERROR:loader:1: (b7) r1 = 0", 13);
	CHECK("prefix: levels vary, the shape is the same", vx_prefix_active(&q), "not active");
	CHECK_INT("prefix: a level word generalised", vx_prefix_len(&q, "WARNING:loader:libbpf: x"), 15);

	struct vx_prefix r = { 0 };
	vx_prefix_see(&r, "time=\"2025\" level=info msg=\"0: R1=ctx()", 28);
	vx_prefix_see(&r, "time=\"2025\" level=error msg=\"1: (b7) r1 = 0", 29);
	CHECK("prefix: a logger's msg=\" opens a value", vx_prefix_quoted(&r), "not quoted");
	CHECK("prefix: fields without a message are an empty line",
	      vx_prefix_empty_msg(&r, "time=\"2026\" level=warning"), "not empty");
}

static void test_unquote(void)
{
	struct strbuf v = STRBUF_INIT;
	int closed;
	const char *s = "0: (b7) r1 = 0\\n\\tR2 \\\"x\\\" \\u0041\\x42\\u{43}\" rest";
	size_t n = vx_unquote(s, strlen(s), '"', &v, &closed);
	CHECK_STR("quote: escapes undone", v.buf, "0: (b7) r1 = 0\n\tR2 \"x\" ABC");
	CHECK("quote: closing quote found", closed && s[n] == ' ', "closed %d at %zu", closed, n);
	sb_reset(&v);
	vx_unquote("no end \\", 8, '"', &v, &closed);
	CHECK("quote: a value cut before its quote", !closed && !strcmp(v.buf, "no end \\"), "'%s'", v.buf);
	sb_free(&v);
}

static void test_unwrap(void)
{
	unwrap_case("unwrap: a counter prefix is stripped, the bare index kept",
		    "18: libbpf: prog 'x': -- BEGIN PROG LOAD LOG --\n18: 0: R1=ctx() R10=fp0\n"
		    "18: 7: (85) call unknown#113\n18: invalid func unknown#113\n",
		    "0: R1=ctx() R10=fp0|7: (85) call unknown#113|invalid func unknown#113|");
	unwrap_case("unwrap: a bare log keeps its indices",
		    "85: (85) call bpf_probe_read#4\n86: (95) exit\nR0 !read_ok\n",
		    "85: (85) call bpf_probe_read#4|86: (95) exit|R0 !read_ok|");
	unwrap_case("unwrap: a logfmt value holding a summary",
		    "level=fatal msg=\"x\" error=\"load program: permission denied: 12: (85) call f#4: R2 bad 'v' (3 line(s) omitted)\" k=v\n",
		    "12: (85) call f#4|R2 bad 'v'|");
	unwrap_case("unwrap: a shell quote over lines",
		    "'0: (b7) r1 = 0\n1: (95) exit'\n",
		    "0: (b7) r1 = 0|1: (95) exit|");
	unwrap_case("unwrap: balanced quotes are the text's own",
		    "R1 invalid mem access 'inv'\n", "R1 invalid mem access 'inv'|");
	unwrap_case("unwrap: backslash-continued escaped log",
		    "log = \"0: (b7) r1 = 0\\n\\\n1: (95) exit\\n\"\n", "log =|0: (b7) r1 = 0|1: (95) exit|");
	unwrap_case("unwrap: one prefixed line with a verdict",
		    "Feb 17 12:31:04 host agent[44]: R1 unbounded memory access, make sure to bounds check any such access\n",
		    "R1 unbounded memory access, make sure to bounds check any such access|");
}

/* Every event: "meta(x)" for a META naming x, the text of a LINE with
 * "=loader" when unwrap classified it VL_LOADER. */
static int collect_events(void *ctx, const struct vx_event *ev)
{
	struct lines *l = ctx;
	if (ev->kind == VX_EV_META) {
		sb_adds(&l->buf, "meta(");
		sb_adds(&l->buf, ev->prog ? ev->prog : "");
		sb_adds(&l->buf, ")|");
	}
	if (ev->kind == VX_EV_LINE) {
		sb_add(&l->buf, ev->text, ev->len);
		if (ev->line_kind == VL_LOADER + 1)
			sb_adds(&l->buf, "=loader");
		if (ev->tag && strncmp(ev->text - ev->tag, "libbpf: ", 8))
			sb_adds(&l->buf, "(bad tag)");
		sb_addc(&l->buf, '|');
	}
	return 0;
}

/* libbpf's tag is unwrap's: the pipeline gets the bare message, classified
 * as the loader's, after a META event naming the program. */
static void test_loader_tag(void)
{
	struct lines l = { STRBUF_INIT };
	struct vx_unwrap *u = vx_unwrap_new(db, collect_events, &l);
	const char *in = "libbpf: prog 'handle_exec': failed to find kernel BTF type ID of 'do_exit': -3\n"
			 "libbpf: failed to load object 'x.bpf.o'\n"
			 "0: (95) exit\n";
	vx_unwrap_feed(u, in, strlen(in));
	vx_unwrap_finish(u);
	vx_unwrap_free(u);
	CHECK_STR("unwrap: libbpf's tag becomes a META event", sb_str(&l.buf),
		  "meta(handle_exec)|failed to find kernel BTF type ID of 'do_exit': -3=loader|"
		  "failed to load object 'x.bpf.o'=loader|0: (95) exit|");
	sb_free(&l.buf);
}

int main(void)
{
	struct strbuf err = STRBUF_INIT;
	if (vx_db_load(NULL, &db, &err)) {
		FAIL("unwrap: database", "%s", sb_str(&err));
		return 1;
	}
	test_offset();
	test_learn();
	test_unquote();
	test_unwrap();
	test_loader_tag();
	vx_db_free(db);
	sb_free(&err);
	return tl_failed ? 1 : 0;
}
