/* SPDX-License-Identifier: MIT */
/* The one pipeline every command uses: bytes in, one vx_record per program out.
 *   unwrap -> parse (vlog) -> classify (patterns) -> enrich (helpers) -> explain
 * Input is fed in chunks of any size as it arrives; memory does not grow with
 * the length of the log. Records are handed to the callback as soon as a
 * program's log is complete, in input order, duplicates (the same rejection
 * printed twice) dropped. */
#ifndef VX_PIPELINE_H
#define VX_PIPELINE_H

#include <stddef.h>
#include "record.h"

struct vx_db;
struct vx_pattern;

struct vx_hints {
	const char *prog_type;	    /* -t/--prog-type, or what a producer knows */
	const char *prog_type_from; /* "option" for -t, "loader" for load, ... */
	const char *prog_name;	    /* what a producer (load) knows */
	const char *section;
	const char *loader;	    /* force the loader name ("libbpf" for load) */
	const char *kernel;	    /* kernel release the log came from, if known */
	/* Facts a producer (load) knows besides the log, passed instead of
	 * editing records afterwards: explain.c makes them template variables
	 * (patterns/README.md) and lets the kernel's own answer decide the
	 * verdict where the log cannot. Zero: not known. */
	int accepted_by_kernel;	    /* the load succeeded: accepted, whatever the log shows */
	int load_errno;		    /* the load failed with this errno (positive) */
	/* The loader's words when the load failed and the log shows no
	 * verdict (libbpf gave up before the verifier said anything):
	 * they are the verdict, explained by loader_refused_entry. */
	const char *loader_refused;
	const struct vx_pattern *loader_refused_entry;
	/* The loader changed a helper call before the load (helper ids,
	 * 0: no rewrite; rewritten_insn -1 when not known), and why: the
	 * reason key of patterns/helper-families.tsv's `rewrite` row. */
	int rewritten_from, rewritten_to;
	long rewritten_insn;
	const char *rewritten_why;
};

/* Return non-zero to stop the pipeline (e.g. stdout closed). */
typedef int (*vx_record_fn)(const struct vx_record *rec, void *ctx);

struct vx_pipeline;

struct vx_pipeline *vx_pipeline_new(const struct vx_db *db, const struct vx_hints *hints,
				    vx_record_fn fn, void *ctx);
/* Feed raw bytes. Returns 0, or the callback's non-zero value. */
int vx_pipeline_feed(struct vx_pipeline *p, const char *buf, size_t len);
/* The same from the caller's scratch buffer, which it writes to: the bulk
 * of a huge log is then parsed where it lies (vx_unwrap_feed_inplace). */
int vx_pipeline_feed_inplace(struct vx_pipeline *p, char *buf, size_t len);
/* The input skips SKIPPED bytes here (a huge file read at its head and its
 * tail): the partial line before the gap is dropped, and the program open
 * across the gap (or the first one opened after it) records the skipped
 * bytes, since its statistics then cover only what was read. */
void vx_pipeline_gap(struct vx_pipeline *p, size_t skipped);
/* End of input: flush the last program. Emits a single VX_NO_LOG record when
 * nothing was found at all. Returns 0 or the callback's value. */
int vx_pipeline_finish(struct vx_pipeline *p);
/* Counts of what was emitted so far. */
size_t vx_pipeline_count(const struct vx_pipeline *p, enum vx_verdict v);
/* What the input held: lines, lines cut at VX_LINE_MAX, NUL bytes dropped. */
void vx_pipeline_stats(const struct vx_pipeline *p, size_t *lines, size_t *cut, size_t *nuls);
void vx_pipeline_free(struct vx_pipeline *p);

/* Convenience for producers (load, bisect, triage): explain a whole buffer and
 * return the records (caller frees each with vx_record_free and the array). */
int vx_explain_buffer(const struct vx_db *db, const struct vx_hints *hints, const char *buf,
		      size_t len, struct vx_record ***out, size_t *nout);

#endif
