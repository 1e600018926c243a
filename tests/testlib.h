/* SPDX-License-Identifier: MIT */
/* A minimal test harness: every check prints one line that tests/run.sh counts:
 *   PASS <name>   FAIL <name>: <why>   SKIP <name>: <why> */
#ifndef VX_TESTLIB_H
#define VX_TESTLIB_H

#include <stdio.h>
#include <string.h>

static int tl_failed;

#define PASS(name) printf("PASS %s\n", name)
#define SKIP(name, ...) (printf("SKIP %s: ", name), printf(__VA_ARGS__), printf("\n"))
#define FAIL(name, ...) (tl_failed++, printf("FAIL %s: ", name), printf(__VA_ARGS__), printf("\n"))

/* CHECK(name, condition, fmt, ...): one test line. */
#define CHECK(name, cond, ...)                                                                     \
	do {                                                                                       \
		if (cond)                                                                          \
			PASS(name);                                                                \
		else                                                                               \
			FAIL(name, __VA_ARGS__);                                                   \
	} while (0)

static inline int tl_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

#define CHECK_STR(name, got, want)                                                                 \
	do {                                                                                       \
		const char *tl_g = (got), *tl_w = (want);                                          \
		CHECK(name, tl_streq(tl_g, tl_w), "got '%s', want '%s'", tl_g ? tl_g : "(null)",   \
		      tl_w ? tl_w : "(null)");                                                     \
	} while (0)

#define CHECK_INT(name, got, want) CHECK(name, (long)(got) == (long)(want), "got %ld, want %ld", \
					 (long)(got), (long)(want))

#define TL_EXIT() return tl_failed ? 1 : 0

#endif
