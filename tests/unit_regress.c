// SPDX-License-Identifier: MIT
/* Hostile input, replayed: every file of tests/regress/ (inputs that once
 * broke a fuzz target, and hand-made nasty ones) goes through the four fuzz
 * harnesses of fuzz/harness.h (unwrap whole and chunked, line parsing,
 * pattern matching, the whole pipeline rendered in every format). In a
 * normal build this catches crashes and broken invariants; `make test SAN=1`
 * runs it under ASan and UBSan. Then a few inputs too big for files. */
#include <dirent.h>

#include "../fuzz/harness.h"
#include "testlib.h"

#define REGRESS_DIR "tests/regress"

static const struct {
	const char *name;
	int (*fn)(const uint8_t *, size_t);
} harnesses[] = {
	{ "unwrap", fz_unwrap },
	{ "vlog", fz_vlog },
	{ "patterns", fz_patterns },
	{ "pipeline", fz_pipeline },
};

static void replay(const char *label, const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(harnesses); i++) {
		char name[512];
		snprintf(name, sizeof(name), "regress %s: %s", label, harnesses[i].name);
		CHECK(name, harnesses[i].fn(data, size) == 0, "an invariant broke (see fuzz/harness.h)");
	}
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void replay_dir(void)
{
	struct dirent **ents;
	int n = scandir(REGRESS_DIR, &ents, NULL, by_name);
	if (n < 0) {
		FAIL("regress: " REGRESS_DIR, "cannot read the directory");
		return;
	}
	int files = 0;
	for (int i = 0; i < n; i++) {
		char path[1024];
		char *buf;
		size_t len;
		if (ents[i]->d_name[0] == '.' || !strcmp(ents[i]->d_name, "README.md"))
			goto next;
		snprintf(path, sizeof(path), "%s/%s", REGRESS_DIR, ents[i]->d_name);
		if (read_file(path, 64 << 20, &buf, &len)) {
			FAIL(path, "cannot read");
			goto next;
		}
		replay(ents[i]->d_name, (const uint8_t *)buf, len);
		free(buf);
		files++;
next:
		free(ents[i]);
	}
	free(ents);
	CHECK("regress: the directory holds inputs", files > 0, "no file in " REGRESS_DIR);
}

/* Inputs built here: sizes around the line limit and deep nesting. */
static void replay_built(void)
{
	size_t big = VX_LINE_MAX + 17;
	char *s = xmalloc(big + 64);
	/* a state line of one register whose value never closes its parentheses */
	memset(s, '(', big);
	memcpy(s, "0: R1=", 6);
	s[big - 1] = '\n';
	CHECK("built: unclosed parentheses past the line limit: pipeline",
	      fz_pipeline((uint8_t *)s, big) == 0, "invariant");
	CHECK("built: unclosed parentheses: line parser", fz_vlog((uint8_t *)s, VX_LINE_MAX / 4) == 0,
	      "invariant");
	/* exactly the limit, one less and one more, then a verdict */
	for (long d = -1; d <= 1; d++) {
		size_t n = VX_LINE_MAX + d;
		memset(s, 'x', n);
		s[n] = '\n';
		char name[64];
		snprintf(name, sizeof(name), "built: a line of VX_LINE_MAX%+ld bytes", d);
		CHECK(name, fz_unwrap((uint8_t *)s, n + 1) == 0, "whole and chunked differ");
	}
	/* an escaped log whose backslashes never end */
	memset(s, '\\', big);
	memcpy(s, "\"0: (b7) r1 = 0\\n", 17);
	CHECK("built: endless backslashes", fz_pipeline((uint8_t *)s, big) == 0, "invariant");
	free(s);
}

int main(void)
{
	replay_dir();
	replay_built();
	TL_EXIT();
}
