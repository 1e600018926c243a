/* SPDX-License-Identifier: MIT */
/* unwrap: raw bytes -> clean log lines and loader framing events.
 * Splits lines (any length: a longer line than VX_LINE_MAX is cut and the rest
 * skipped), strips CR, ANSI colour, Markdown quotes and fences, per-line
 * prefixes (inferred from the lines that hold verifier output: prefix.h;
 * loaders.pat's prefix rules where a rule knows more), reads logs inside
 * quoted values (quote.h) and pasted as one escaped string, and turns loader
 * framing lines into START/END/META/SAID events. A loader's own line keeps
 * its words without the loader's tag (libbpf's "libbpf: prog 'x': ": a META
 * event names the program) and comes classified as VL_LOADER. Lines wait in a short
 * window (VX_WINDOW lines) so that a prefix learned from the log's first
 * lines is stripped from the loader's lines before them too. */
#ifndef VX_UNWRAP_H
#define VX_UNWRAP_H

#include <stddef.h>

#define VX_LINE_MAX (1 << 20)

struct vx_db;

enum vx_ev_kind {
	VX_EV_LINE,  /* a cleaned line */
	VX_EV_START, /* a loader says a program's log begins */
	VX_EV_END,   /* a loader says the open log ends */
	VX_EV_META,  /* a loader names the program (prog/section/type); with
		      * the text alone: words unwrap took off a line (a per-line
		      * prefix, the head before a log line, a logger's other
		      * values), for the clue stage, once per distinct text */
	VX_EV_SAID,  /* a loader states the error (text): the verdict of a
		      * program whose log shows nothing else */
};

struct vx_event {
	enum vx_ev_kind kind;
	const char *text; /* LINE: the line, NUL-terminated; SAID: the error */
	size_t len;
	int line_kind; /* LINE: its vx_line_kind + 1 when unwrap classified it, else 0 */
	int stable;    /* LINE: text stays valid until vx_unwrap_feed returns */
	size_t tag;    /* LINE: bytes of a loader's tag unwrap took off before text
			* ("libbpf: prog 'x': "): the line as printed is text - tag;
			* META: the same, for the name the next line's tag gave */
	const char *loader, *prog, *section, *type, *kernel; /* START/META, may be NULL */
	int failed; /* START/META: the framing says the load failed (group failed) */
};

typedef int (*vx_event_fn)(void *ctx, const struct vx_event *ev);

struct vx_unwrap;
struct vx_unwrap *vx_unwrap_new(const struct vx_db *db, vx_event_fn fn, void *ctx);
/* Returns 0 or the callback's non-zero value. */
int vx_unwrap_feed(struct vx_unwrap *u, const char *buf, size_t len);
/* The same, but buf is the caller's scratch and is written to: a bare
 * verifier line (the bulk of a huge log) is then read where it lies, not
 * copied, and handed on already classified (event line_kind, stable). */
int vx_unwrap_feed_inplace(struct vx_unwrap *u, char *buf, size_t len);
int vx_unwrap_finish(struct vx_unwrap *u);
/* Forget a partial line (the input jumps: see vx_pipeline_gap); one that
 * had reached VX_LINE_MAX counts as cut. */
void vx_unwrap_drop_partial(struct vx_unwrap *u);
/* Input statistics for messages: lines, lines cut at VX_LINE_MAX, NUL bytes. */
void vx_unwrap_stats(const struct vx_unwrap *u, size_t *lines, size_t *cut, size_t *nuls);
void vx_unwrap_free(struct vx_unwrap *u);

/* Exposed for tests and fuzzing: clean one line in place (CR, ANSI, NUL);
 * returns the new length. */
size_t vx_clean_line(char *s, size_t len);

#endif
