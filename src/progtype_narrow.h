/* SPDX-License-Identifier: MIT */
/* enrich: the sets of program types a log's evidence leaves. A context load
 * that gives a packet pointer, a helper the verifier let the program call,
 * a struct __sk_buff in its source: each allows some types only. Their
 * intersection over one program's log is a clue when one type is left
 * (src/progtype.c; the sets are data: patterns/progtype-clues.tsv "access",
 * "narrow" and "callers", and the helper tables of patterns/kernels/). */
#ifndef VX_PROGTYPE_NARROW_H
#define VX_PROGTYPE_NARROW_H

#include <stdint.h>

/* A set of types: bit i is vx_prog_type_name(i). */
typedef uint64_t vx_tmask;

/* "sched_cls,sched_act" as a set (names it does not know are left out). */
vx_tmask vx_tmask_of(const char *list);
/* The one type of the set, NULL when it holds none or several. */
const char *vx_tmask_single(vx_tmask m);

/* progtype-clues.tsv's "callers TYPE base IDS" / "callers TYPE target": what
 * a type no kernel table probed may call. Call before the first
 * vx_helper_callers(). */
void vx_narrow_callers(const char *type, const char *how, const char *ids);
/* The types that may call helper ID on some shipped kernel; 0 for an id no
 * table knows (a kfunc's BTF id): such a call tells nothing. */
vx_tmask vx_helper_callers(int id);

struct vx_narrowing {
	vx_tmask mask;	  /* the types still possible */
	const char *from; /* the last evidence that narrowed it: "helper", ... */
	int steps;	  /* 0: nothing seen; -1: the evidence contradicts itself */
};

void vx_narrowing_reset(struct vx_narrowing *n);
/* Intersect with m (0: tells nothing, ignored). */
void vx_narrowing_add(struct vx_narrowing *n, vx_tmask m, const char *from);
/* The type left, NULL when none or several are. */
const char *vx_narrowing_type(const struct vx_narrowing *n);
/* Does the evidence leave TYPE possible? 1 with no evidence (or evidence
 * that contradicts itself), for a type it does not know, and for a type
 * whose helpers are another program's (ext: helpers cannot rule it out). */
int vx_narrowing_allows(const struct vx_narrowing *n, const char *type);

#endif
