// SPDX-License-Identifier: MIT
/* The search of `bisect --kernels` (vx_kb_next), on every list of up to 33
 * kernels with the change at every place, with and without kernels that
 * cannot be loaded: the answer, the order of the loads, and their number
 * against the binary search's bound. The loads themselves are tested on
 * real kernels by tests/t_bisect_kernels.sh. */
#include "testlib.h"
#include "bisect_kernels.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define MAXN 33

/* Run the search over N kernels whose outcome turns new at kernel C (N: no
 * change); kernels in SKIPMASK cannot be loaded. The loads in ORDER. */
static struct vx_kb_pick search(size_t n, size_t c, unsigned skipmask, bool linear, size_t *order,
				size_t *nsteps)
{
	enum vx_kb v[MAXN] = { 0 };
	struct vx_kb_pick p;

	*nsteps = 0;
	for (;;) {
		vx_kb_next(v, n, linear, &p);
		if (p.outcome != VX_KB_TEST)
			return p;
		if (v[p.at] != VX_KB_NONE || *nsteps >= n) {
			p.outcome = VX_KB_NO_ENDS + 1; /* a kernel twice, or endless */
			return p;
		}
		order[(*nsteps)++] = p.at;
		v[p.at] = skipmask >> p.at & 1 ? VX_KB_SKIP : p.at >= c ? VX_KB_NEW : VX_KB_OLD;
	}
}

static int log2_ceil(size_t n)
{
	int s = 0;

	while (((size_t)1 << s) < n)
		s++;
	return s;
}

static void every_change_is_found(void)
{
	int bad = 0, over = 0, same_bad = 0, linear_bad = 0;
	size_t order[MAXN], steps;

	for (size_t n = 2; n <= MAXN; n++) {
		for (size_t c = 1; c < n; c++) {
			struct vx_kb_pick p = search(n, c, 0, false, order, &steps);

			bad += p.outcome != VX_KB_FOUND || p.at != c || p.last_old != c - 1;
			over += (int)steps > 2 + log2_ceil(n - 1);
			p = search(n, c, 0, true, order, &steps);
			linear_bad += p.outcome != VX_KB_FOUND || p.at != c || steps != n;
		}
		struct vx_kb_pick p = search(n, n, 0, false, order, &steps);
		same_bad += p.outcome != VX_KB_SAME || steps != 2 || p.last_old != n - 1;
	}
	CHECK("kb-found-everywhere", !bad, "%d of the (n, change) pairs answered wrong", bad);
	CHECK("kb-loads-within-bound", !over, "%d searches took over 2 + ceil(log2(n - 1)) loads",
	      over);
	CHECK("kb-no-change-two-loads", !same_bad,
	      "%d lists without a change were not 'same' "
	      "after their two ends",
	      same_bad);
	CHECK("kb-linear-loads-all", !linear_bad, "%d linear searches wrong", linear_bad);
}

static void order_is_bisection(void)
{
	size_t order[MAXN], steps;
	struct vx_kb_pick p = search(9, 5, 0, false, order, &steps);
	char got[64] = "";

	for (size_t i = 0; i < steps; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%zu", i ? "," : "",
			 order[i]);
	/* the ends, then the middle of (0,8), of (4,8), of (4,6) */
	CHECK_STR("kb-order-9-change-at-5", got, "0,8,4,6,5");
	CHECK_INT("kb-order-9-answer", p.at, 5);
}

/* With kernels that cannot be loaded: never a wrong answer. A found one is
 * the change; else the change is among the candidates, all skipped but the
 * last; the ends are needed. */
static void skips_never_mislead(void)
{
	int wrong = 0, cases = 0, ambiguous = 0;
	size_t order[MAXN], steps;

	for (size_t n = 2; n <= 9; n++)
		for (size_t c = 1; c <= n; c++)
			for (unsigned m = 0; m < 1u << n; m++) {
				struct vx_kb_pick p = search(n, c, m, false, order, &steps);
				bool first = m & 1, last = m >> (n - 1) & 1;

				cases++;
				if (first || last) {
					wrong += p.outcome != VX_KB_NO_ENDS ||
						 p.at != (first ? 0 : n - 1);
					continue;
				}
				if (p.outcome == VX_KB_FOUND) {
					wrong += p.at != c;
				} else if (p.outcome == VX_KB_ONLY_SKIPPED) {
					ambiguous++;
					wrong += !(p.last_old < c && c <= p.at);
					for (size_t i = p.last_old + 1; i < p.at; i++)
						wrong += !(m >> i & 1);
				} else if (p.outcome == VX_KB_SAME) {
					wrong += c != n;
				} else {
					wrong++;
				}
			}
	CHECK("kb-skips-never-mislead", !wrong, "%d of %d searches with skips answered wrong",
	      wrong, cases);
	CHECK("kb-skips-can-leave-candidates", ambiguous > 0, "no search ended with candidates");
}

static void one_skip_example(void)
{
	size_t order[MAXN], steps;
	/* 6.1, a bad image, 6.12, host: the change at 6.12, the image between */
	struct vx_kb_pick p = search(4, 2, 1u << 1, false, order, &steps);

	CHECK("kb-skip-candidates", p.outcome == VX_KB_ONLY_SKIPPED && p.last_old == 0 && p.at == 2,
	      "outcome %d, last_old %zu, at %zu", p.outcome, p.last_old, p.at);
	p = search(4, 2, 1u << 3, false, order, &steps);
	CHECK("kb-last-needed", p.outcome == VX_KB_NO_ENDS && p.at == 3, "outcome %d, at %zu",
	      p.outcome, p.at);
	p = search(4, 2, 1u << 3, true, order, &steps);
	CHECK("kb-linear-last-not-needed", p.outcome == VX_KB_FOUND && p.at == 2,
	      "outcome %d, at %zu", p.outcome, p.at);
	p = search(4, 2, 1u, true, order, &steps);
	CHECK("kb-first-needed", p.outcome == VX_KB_NO_ENDS && p.at == 0 && steps == 1,
	      "outcome %d, at %zu after %zu loads", p.outcome, p.at, steps);
}

int main(void)
{
	every_change_is_found();
	order_is_bisection();
	skips_never_mislead();
	one_skip_example();
	TL_EXIT();
}
