// SPDX-License-Identifier: MIT
/* render.c's Markdown against backticks in what it quotes, util_tsv.c's
 * splitting, and probecore's table parser on malformed tables. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probecore.h"
#include "record.h"
#include "render.h"
#include "testlib.h"
#include "util.h"
#include "util_tsv.h"

static char *markdown(const struct vx_record *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	vx_render_markdown_section(f, r, 3, 0);
	fclose(f);
	return buf;
}

/* The lines between the fence that opens after "Log excerpt" and the one
 * that closes it, CommonMark's way: a closing fence is a line of at least
 * as many backticks as the opening, and nothing else. */
static int excerpt_lines(const char *md, size_t *nlines, size_t *open_len)
{
	const char *p = strstr(md, "Log excerpt");
	size_t n = 0, ticks;

	if (!p || !(p = strstr(p, "\n\n")))
		return -1;
	p += 2;
	ticks = strspn(p, "`");
	if (ticks < 3 || p[ticks] != '\n')
		return -1;
	*open_len = ticks;
	for (p += ticks + 1; *p; p = strchr(p, '\n') + 1) {
		size_t t = strspn(p, "`");

		if (t >= ticks && p[t] == '\n')
			return (*nlines = n), 0;
		n++;
		if (!strchr(p, '\n'))
			break;
	}
	return -1;
}

static void test_fence(void)
{
	struct vx_record r = { .verdict = VX_REJECTED, .insn = -1, .helper_id = -1 };
	char *lines[] = { "0: R1=ctx() R10=fp0", "```", "  ````  ", "x ``` y", "R0 !read_ok" };
	size_t n = 0, open = 0;
	char *md;

	r.message = "R0 !read_ok";
	memcpy(r.excerpt, lines, sizeof(lines));
	r.nexcerpt = 5;
	md = markdown(&r);
	CHECK("md: excerpt fence outlasts ``` and ```` lines",
	      !excerpt_lines(md, &n, &open) && n == 5, "fenced block of %zu lines (want 5): %s", n,
	      md);
	CHECK_INT("md: fence is one longer than the longest run", open, 5);
	free(md);
	r.nexcerpt = 1;
	md = markdown(&r);
	CHECK("md: plain excerpt keeps a ``` fence",
	      strstr(md, "\n\n```\n0: R1=ctx() R10=fp0\n```\n") != NULL, "%s", md);
	free(md);
}

static void test_code_span(void)
{
	struct vx_record r = { .verdict = VX_REJECTED, .insn = -1, .helper_id = -1 };
	char *md;

	r.message = "a `x` and ``y`` here";
	md = markdown(&r);
	CHECK("md: code span around `` uses ```",
	      strstr(md, " rejected: ``` a `x` and ``y`` here ```\n") != NULL, "%s", md);
	free(md);
	r.message = "no ticks";
	md = markdown(&r);
	CHECK("md: code span without backticks stays `...`",
	      strstr(md, " rejected: `no ticks`\n") != NULL, "%s", md);
	free(md);
	r.message = "m";
	r.src_file = "a`b.c";
	r.src_line = 3;
	md = markdown(&r);
	CHECK("md: a source path with a backtick is one code span",
	      strstr(md, "`` a`b.c:3 ``") != NULL, "%s", md);
	free(md);
}

static void test_tsv(void)
{
	char text[] = "a\tb\tc\td\r\n\n# c\nlast";
	char *pos = text, *line, *f[3];
	size_t n;

	line = tsv_next_line(&pos);
	n = tsv_split(line, f, 3);
	CHECK("tsv: three fields, the last keeps its tab", n == 3 && !strcmp(f[2], "c\td"),
	      "n=%zu last='%s'", n, n == 3 ? f[2] : "");
	CHECK_STR("tsv: a blank line is returned", tsv_next_line(&pos), "");
	CHECK_STR("tsv: a comment line is returned", tsv_next_line(&pos), "# c");
	CHECK_STR("tsv: a last line without newline", tsv_next_line(&pos), "last");
	CHECK("tsv: then the end", tsv_next_line(&pos) == NULL, "more lines");
}

static void test_probe_tsv(void)
{
	static const char good[] =
		"# kernel: 6.1.0\nxdp\tok\t1,2,4\t5\r\nlsm\tnot-probed\tno BTF\there\n";
	struct vx_probe_result *r = NULL;
	const struct vx_probe_type *t;

	CHECK("probe tsv: parses", !vx_probe_parse_tsv(good, sizeof(good) - 1, &r) && r, "error");
	if (!r)
		return;
	CHECK_STR("probe tsv: kernel header", r->release, "6.1.0");
	t = vx_probe_find(r, "xdp");
	CHECK("probe tsv: allowed and unclear ids",
	      t && t->allowed[4] == VX_HELPER_ALLOWED && t->allowed[5] == VX_HELPER_UNCLEAR &&
		      t->allowed[3] == VX_HELPER_REFUSED,
	      "xdp row");
	t = vx_probe_find(r, "lsm");
	CHECK_STR("probe tsv: a reason keeps its tabs", t ? t->reason : NULL, "no BTF\there");
	vx_probe_free(r);
	CHECK("probe tsv: an unknown status is refused",
	      vx_probe_parse_tsv("xdp\tmaybe\t1\n", 12, &r) == -EINVAL, "accepted");
	CHECK("probe tsv: a bad id list is refused",
	      vx_probe_parse_tsv("xdp\tok\t1;2\n", 11, &r) == -EINVAL, "accepted");
	CHECK("probe tsv: NUL bytes are refused",
	      vx_probe_parse_tsv("xdp\tok\t1\0\n", 10, &r) == -EINVAL, "accepted");
}

int main(void)
{
	test_fence();
	test_code_span();
	test_tsv();
	test_probe_tsv();
	TL_EXIT();
}
