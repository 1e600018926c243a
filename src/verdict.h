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
 *   - a line no pattern knows that follows a gap after the log (a blank, an
 *     elision marker, a loader's own line, a logger's record) or reads as a
 *     person's sentence (a heading, a shell prompt) is the verdict only if
 *     the summary ("processed N insns") confirms it: a truncated paste that
 *     ends in prose is truncated, not rejected, and a loader's restatement
 *     after the log does not replace its verdict;
 *   - a loader's statement of the error (EPERM, "permission denied") is the
 *     verdict only of a program that shows no kernel log at all;
 *   - outside any log, only a line a verdict pattern knows opens a program
 *     (the verdict pasted alone), and the last unknown line is the verdict
 *     of a log that then shows only its summary (vx_verdict_outside);
 *   - a verdict glued to the summary or to an instruction is split off
 *     (vx_verdict_glued); a foreign line after the summary, or instruction 0
 *     again after a finished log, ends the program (vx_verdict_over).
 * The pipeline (pipeline.c) calls these in its order: for each line of an
 * open log vx_verdict_join, the parse (vx_vlog_add), vx_verdict_line. */
#ifndef VX_VERDICT_H
#define VX_VERDICT_H

#include <stddef.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* A line of the open log, after the parse took it (vx_vlog_add): pattern
 * and caps are the database's match for a VL_OTHER or VL_LOADER line (NULL:
 * none); caps are moved when the line is taken. Lines of the kernel's
 * diagnosis block are its facts, never the verdict. */
void vx_verdict_line(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len,
		     const struct vx_pattern *pattern, struct vx_caps *caps);
/* The same for a line of a kind no verdict is (an instruction, a state, a
 * blank or source line, precision tracking, the summary): what it says of
 * the candidate before it (an instruction after it: it was not the
 * verdict; the summary confirms one held back). */
void vx_verdict_note(struct vx_vlog *v, enum vx_line_kind kind);
/* Before the parse: a line of kind VL_OTHER that no pattern knows (pattern
 * NULL), right after a candidate no pattern knows, may be the second half
 * of a verdict wrapped over two lines by a paste or a terminal ("Unreleased
 * " / "reference id=3 alloc_insn=10"), when the two joined are a known
 * verdict. Returns 1 when it took the joined line (the line is then
 * consumed: the caller neither parses it nor hands it on). */
int vx_verdict_join(struct vx_vlog *v, const struct vx_db *db, enum vx_line_kind kind,
		    const char *s, size_t len, const struct vx_pattern *pattern);
/* Is the open log over before this line of kind k? A line no verifier
 * prints after the summary ("processed N insns") is the loader's or the
 * person's again; when the log is not framed by a loader's markers,
 * instruction 0 (or func#0) after a finished log starts the next program. */
int vx_verdict_over(const struct vx_vlog *v, enum vx_line_kind k, const char *s, int framed);
/* The open log shows no instruction and no summary yet: what it holds (a
 * loader's words before the log, libbpf's "load failed: Permission
 * denied") gives way to a log that starts now, which says why. */
static inline int vx_verdict_before_log(const struct vx_vlog *v)
{
	return !v->saw_insn && !v->saw_processed;
}

/* Some kernels' messages lack their newline, so the summary is glued to the
 * verdict ("expected prog array map for tail callprocessed 3 insns (limit
 * ...") and the 1M limit's verdict to the last instruction at level 1
 * ("...; BPF program is too large. Processed 1000001 insn"). Where the
 * second message starts in s (a line of kind k), or 0 when s holds one
 * message (and for lines of other kinds than VL_OTHER and VL_INSN). */
size_t vx_verdict_glued(enum vx_line_kind k, const char *s, size_t len);
/* vx_verdict_glued's prefilter, for the pipeline's fast path (inline: it
 * asks it of every instruction line): could s hold a glued message
 * ("processed ", " BPF program is too large. ")? Their pairs "d " and "BP",
 * sixteen at a time: cheaper on the instruction lines of a level-2 log than
 * either search. 0: s holds one message. */
static inline int vx_verdict_may_be_glued(const char *s, size_t len)
{
	size_t i = 0;
#ifdef __SSE2__
	if (len >= 17) {
		for (;; i += 16) {
			if (i + 17 > len)
				i = len - 17; /* the last pairs, again in part */
			__m128i a = _mm_loadu_si128((const __m128i *)(s + i));
			__m128i b = _mm_loadu_si128((const __m128i *)(s + i + 1));
			__m128i d = _mm_and_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8('d')),
						  _mm_cmpeq_epi8(b, _mm_set1_epi8(' ')));
			__m128i bp = _mm_and_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8('B')),
						   _mm_cmpeq_epi8(b, _mm_set1_epi8('P')));
			if (_mm_movemask_epi8(_mm_or_si128(d, bp)))
				return 1;
			if (i + 17 >= len)
				return 0;
		}
	}
#endif
	for (; i + 1 < len; i++)
		if ((s[i] == 'd' && s[i + 1] == ' ') || (s[i] == 'B' && s[i + 1] == 'P'))
			return 1;
	return 0;
}

/* Lines outside any program's log: the last one no pattern knows is held,
 * since a log of two lines, verdict and summary (stack size checks print
 * nothing else), shows its verdict before anything only a verifier prints. */
struct vx_verdict_held {
	struct strbuf line, taken;
	struct strbuf joined; /* the held line and the next, when they are one verdict */
	int loader_line;      /* the held line is a loader's (libbpf: ...): joined only */
};
/* A line of kind k outside any log (not blank, no source line, none that
 * starts a log): returns the verdict pattern that knows it (caps filled),
 * and the line then opens a program (a user may paste the verdict alone);
 * else NULL, and a line no pattern knows is held. A line no pattern knows
 * that makes a verdict with the held one before it (a paste or a mail
 * client wrapped it) is that verdict: h->joined holds the joined text. */
const struct vx_pattern *vx_verdict_outside(struct vx_verdict_held *h, const struct vx_db *db,
					    enum vx_line_kind k, const char *s, size_t len,
					    struct vx_caps *caps);
/* A log opens (not at a loader's marker) with a line of kind k: the held
 * line when it is that log's verdict (k is the summary), valid until the
 * next call on h; else NULL. The held line is dropped either way. */
const struct strbuf *vx_verdict_opening(struct vx_verdict_held *h, enum vx_line_kind k);
void vx_verdict_held_free(struct vx_verdict_held *h);

/* The loader said why (group `err` of its framing): keep it for a log that
 * turns out to hold nothing else. */
void vx_verdict_said(struct vx_vlog *v, const struct vx_db *db, const char *s);
/* The program's log is complete: a statement kept by vx_verdict_said stands
 * when the log shows no instruction, verdict or summary. A log that holds
 * only the summary ("processed N insns", no instruction: what a successful
 * load prints at log level 1) while the loader says the load failed (its
 * statement, or load_failed: a framing line that says so) lost its verdict:
 * it is cut, not accepted. */
void vx_verdict_finish(struct vx_vlog *v, const struct vx_db *db, int load_failed);

/* An input with no kernel log: the loader's own statement of the failure
 * (src/statement.c) is the verdict, explained by its statements.pat entry
 * p; caps (the entry's and the statement's variables) are moved. */
void vx_verdict_stated(struct vx_vlog *v, const char *s, const struct vx_pattern *p,
		       struct vx_caps *caps);

#endif
