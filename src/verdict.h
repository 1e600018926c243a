/* SPDX-License-Identifier: MIT */
/* verdict: which line of a program's log states the rejection. The one home
 * of that rule (the parser keeps facts, the pipeline wires stages):
 *   - the last line that is not verifier bookkeeping and not informational
 *     (patterns/info.pat), unless its entry `follows` the verdict before it;
 *   - a loader's own line (libbpf: ...) only when a pattern knows it;
 *   - after a verdict pasted alone (no instruction seen), only lines a
 *     pattern knows replace it: prose and service noise follow;
 *   - the kernel prints its verdict after the last instruction it checked,
 *     so a line followed by more instructions was not the verdict (a BTF
 *     note before the log, a second copy's head);
 *   - a line no pattern knows that follows a gap after the log (a blank or
 *     an elision marker) or reads as a person's sentence is the verdict only
 *     if the summary ("processed N insns") confirms it: a truncated paste
 *     that ends in prose is truncated, not rejected;
 *   - a loader's statement of the error (EPERM, "permission denied") is the
 *     verdict only of a program that shows no kernel log at all. */
#ifndef VX_VERDICT_H
#define VX_VERDICT_H

#include <stddef.h>
#include <string.h>

#include "patterns.h"
#include "vlog.h"

/* An entry with `action: said` knows a loader's statement of the error
 * ("load program: operation not permitted"): it answers only for a program
 * with no log (vx_verdict_finish); the same words on a line of their own,
 * after a log, are not a verdict. */
static inline int vx_pattern_said(const struct vx_pattern *p)
{
	return p && p->action && p->kind == VX_PAT_VERDICT && !strcmp(p->action, "said");
}

/* A line of kind VL_OTHER or VL_LOADER with the database's match (NULL:
 * none); caps are moved when taken. */
void vx_verdict_consider(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len,
			 const struct vx_pattern *pattern, struct vx_caps *caps);
/* A line no pattern knows, right after a candidate no pattern knows: a
 * verdict wrapped over two lines by a paste or a terminal ("Unreleased " /
 * "reference id=3 alloc_insn=10"), when the two joined are a known verdict.
 * Returns 1 when it took the joined line (the line is then consumed). */
int vx_verdict_join(struct vx_vlog *v, const struct vx_db *db, const char *s, size_t len);
/* Any other line (instructions, states, blanks, the summary). */
void vx_verdict_note(struct vx_vlog *v, enum vx_line_kind kind);
/* The loader said why (group `err` of its framing): keep it for a log that
 * turns out to hold nothing else. */
void vx_verdict_said(struct vx_vlog *v, const struct vx_db *db, const char *s);
/* The program's log is complete: a statement kept by vx_verdict_said stands
 * when the log shows no instruction, verdict or summary. */
void vx_verdict_finish(struct vx_vlog *v, const struct vx_db *db);

#endif
