/* SPDX-License-Identifier: MIT */
/* One line of progress on stderr for the slow things (a VM boot, a probe,
 * a kernel download, a bisect step): what is being done, steps done and
 * left when the caller says them, and the elapsed time, rewritten in place
 * with \r and cleared when the work is done.
 *
 *   struct vx_progress p;
 *
 *   vx_progress_start(&p, "probing %s", type);
 *   for (i = 0; i < n; i++) {
 *           vx_progress_update(&p, "probing %s: %zu/%zu helpers", type, i, n);
 *           ...
 *   }
 *   vx_progress_done(&p);
 *
 * draws "probing kprobe: 120/211 helpers, 3.2 s". The module appends the
 * elapsed time (since start) itself, after ", " or, when the text ends in
 * "...", after a space ("booting 6.12 in qemu (TCG)... 2.1 s"); the
 * caller's text says the rest: what is being done, and steps done and left
 * when it knows them ("bisect: testing 1a2b3c4 (step 3, about 4 left)").
 *
 * Silent, and every call a cheap no-op, unless stderr is a terminal and no
 * command asked for quiet (vx_progress_quiet(), from --quiet). It writes to
 * stderr only, so --json's stdout never sees it.
 *
 * Rate: updates are drawn at most ~10 times a second (one clock read per
 * call that is not drawn: fine after every bpf() load); a ticker thread
 * redraws the elapsed time while the caller is blocked in a child (apt-get,
 * qemu). The line is cut to the terminal's width, so \r always reaches its
 * start.
 *
 * Nesting: a start while another progress is shown takes the line; its done
 * gives the line back to the one before (a kernel download inside a VM
 * boot). Threads may each run their own; the newest is shown.
 *
 * Other output while a progress is shown: write it with vx_progress_print()
 * (it clears the line, writes and flushes, then redraws), or call
 * vx_progress_done() first. Plain printf to the same terminal would land on
 * the end of the progress line.
 */
#ifndef VX_PROGRESS_H
#define VX_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#define VX_PROGRESS_TEXT 160

struct vx_progress {
	bool on;		     /* drawing (stderr a terminal, not quiet) */
	double t0;		     /* vx_now() at start */
	double drawn;		     /* vx_now() of the last words drawn */
	char text[VX_PROGRESS_TEXT]; /* the caller's words, without the time */
	struct vx_progress *below;   /* the one shown before this one */
};

/* --quiet: no progress from here on, in any thread. */
void vx_progress_quiet(bool quiet);

/* Would a progress be drawn? (false: quiet, or stderr not a terminal) */
bool vx_progress_enabled(void);

/* Begin, with the words for what is being done, and draw at once. */
void vx_progress_start(struct vx_progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* New words (steps done, the commit being tested, ...); drawn when the last
 * draw is 0.1 s old or more, else dropped (the next update or the ticker
 * draws). */
void vx_progress_update(struct vx_progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The same, but always drawn now: a new stage worth seeing even if it is
 * left within 0.1 s (rare events: a bisect step, a boot after the KVM
 * check). */
void vx_progress_stage(struct vx_progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Clear the line (and draw the progress below this one, if any). p may be
 * done twice; a zeroed struct is done already. */
void vx_progress_done(struct vx_progress *p);

/* A message line of its own on F while progress may be shown (stderr or
 * stdout on the same terminal): clears the line, prints, flushes, redraws.
 * Without a progress shown it is just fprintf. */
void vx_progress_print(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
