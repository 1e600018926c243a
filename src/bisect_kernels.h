/* SPDX-License-Identifier: MIT */
/* `vexplain bisect --kernels K1,...,Kn OBJ`: the first kernel of an ordered
 * list on which an object's outcome differs from its outcome on the first
 * kernel. In git bisect's other terms, the first kernel's outcome is "old",
 * a different one "new"; one change along the list is assumed, as git
 * bisect assumes one along a history, so the first and the last kernel are
 * loaded and then the list is halved (--linear loads every kernel). Each
 * kernel is loaded as `load --matrix --kernels` loads it (load_explain.c:
 * vx_load_on, vx_load_explain). bisect_cmd.c hands the command over when
 * --kernels is given; nothing here knows of commits. */
#ifndef VX_BISECT_KERNELS_H
#define VX_BISECT_KERNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Is this a bisect over kernels: a --kernels option before any "--"? */
bool bisect_kernels_wanted(int argc, char **argv);
/* The command; argv[0] is "bisect". Returns the exit status. */
int cmd_bisect_kernels(int argc, char **argv);
/* The part of `vexplain bisect --help` about --kernels. */
void bisect_kernels_usage(FILE *f);

/* ---- the search, apart from loading (tests/unit_bisect_kernels.c) ---- */

/* What is known of a kernel: not loaded yet, the first kernel's outcome,
 * another one, or not loadable (the VM failed, ...). */
enum vx_kb { VX_KB_NONE, VX_KB_OLD, VX_KB_NEW, VX_KB_SKIP };

enum vx_kb_outcome {
	VX_KB_TEST,	    /* load kernel .at next */
	VX_KB_FOUND,	    /* .at is the first new kernel, .last_old the last old one */
	VX_KB_SAME,	    /* every kernel loaded is old (.last_old the last of them) */
	VX_KB_ONLY_SKIPPED, /* the first new is .at or a skipped one after .last_old */
	VX_KB_NO_ENDS,	    /* kernel .at, which the search needs (the first; the
			     * last unless linear), could not be loaded */
};

struct vx_kb_pick {
	enum vx_kb_outcome outcome;
	size_t at, last_old;
	size_t left;   /* VX_KB_TEST: kernels left to load after this one, at most */
	int est_steps; /* ... and the loads that takes, roughly */
};

/* The next step, from what is known of the N kernels in V: the first, then
 * (unless LINEAR) the last, then the kernel nearest the middle of the
 * untested ones between the last old and the first new; LINEAR: each kernel
 * in order. */
void vx_kb_next(const enum vx_kb *v, size_t n, bool linear, struct vx_kb_pick *p);

#endif
