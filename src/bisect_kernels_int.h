/* SPDX-License-Identifier: MIT */
/* What the two files of `bisect --kernels` share: bisect_kernels.c (the
 * options, the search, the loads) and bisect_kernels_report.c (the steps'
 * JSON and the report). Not for other callers: bisect_kernels.h is the
 * interface. */
#ifndef VX_BISECT_KERNELS_INT_H
#define VX_BISECT_KERNELS_INT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "bisect_kernels.h"
#include "bpfload.h"
#include "record.h"

struct vx_db;

enum kb_change { CHANGE_VERDICT, CHANGE_REASON, CHANGE_WORDING };
/* "verdict", "reason", "wording" */
extern const char *const kb_change_names[];

enum kb_out { KB_TEXT, KB_JSON, KB_MD };

struct kb_kernel {
	char *name;		 /* as given: host, 6.1, a path */
	const char *arg;	 /* for vx_load_on(): NULL is this kernel */
	char *release;		 /* the kernel that loaded it */
	struct vx_record **recs; /* one per program, vx_load_explain()'s */
	size_t nrecs;
	char *why;   /* the step's why: the programs' verdicts, or the error */
	size_t step; /* when it was loaded (1-based); 0: not loaded */
	double secs;
	bool object_fault; /* the load failed for the object's sake */
};

struct kb_ctx {
	const char *obj;
	struct vx_load_opts lo;
	enum kb_change change;
	bool linear;
	enum kb_out out;
	struct kb_kernel *k;
	enum vx_kb *v;
	size_t n;
	size_t nsteps;
	struct vx_db *db;
	bool progress; /* stderr a terminal and no --quiet */
	double t0;
};

/* Is B (one program on a kernel) the same outcome as A, for --change? */
bool kb_same_prog(const struct vx_record *a, const struct vx_record *b, enum kb_change ch);
/* Program R's name (or, unnamed, position POS) on kernel K, or NULL. */
const struct vx_record *kb_prog_of(const struct kb_kernel *k, const struct vx_record *r,
				   size_t pos);
bool kb_same_outcome(const struct kb_kernel *a, const struct kb_kernel *b, enum kb_change ch);
/* "old", "new", "skip" */
const char *kb_name(enum vx_kb v);

/* bisect_kernels_report.c: step I as JSON (with its programs when PROGRAMS),
 * and the answer in the chosen format; returns the exit status. */
cJSON *kb_step_json(const struct kb_ctx *c, size_t i, bool programs);
int kb_report(const struct kb_ctx *c, const struct vx_kb_pick *p);

#endif
