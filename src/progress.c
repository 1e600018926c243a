// SPDX-License-Identifier: MIT
/* The progress line on stderr (see progress.h). One line for the process:
 * a stack of the progresses begun and not done, the newest drawn, under
 * one lock that the ticker thread shares. */
#include "progress.h"
#include "util_proc.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_PERIOD 0.1 /* s between draws: ~10 a second */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;
static bool ticker_started;
static atomic_bool quiet;
static struct vx_progress *top; /* shown; ->below the ones under it */
static size_t shown;		/* bytes of the line on the terminal now */
static double last_draw;

void vx_progress_quiet(bool q)
{
	atomic_store(&quiet, q);
}

bool vx_progress_enabled(void)
{
	return !atomic_load(&quiet) && isatty(STDERR_FILENO);
}

static void put(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(STDERR_FILENO, s, n);
		if (w <= 0)
			return; /* a closed terminal: nothing to do about it */
		s += w;
		n -= w;
	}
}

static size_t columns(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		return ws.ws_col;
	return 80;
}

/* The line is one byte short of the width: a full line would wrap on
 * some terminals, and \r would then return to the second row. */
static void draw_locked(const struct vx_progress *p, double now)
{
	char line[VX_PROGRESS_TEXT + 64], pad[VX_PROGRESS_TEXT + 64];
	double t = now - p->t0;
	size_t n, len = strlen(p->text), max = columns() - 1;
	/* "booting 6.12... 2.1 s", "probing xdp: 3/211 helpers, 0.1 s" */
	const char *sep = len >= 3 && !strcmp(p->text + len - 3, "...") ? " " : ", ";

	if (t < 60)
		n = snprintf(line, sizeof(line), "\r%s%s%.1f s", p->text, sep, t);
	else
		n = snprintf(line, sizeof(line), "\r%s%s%dm%02ds", p->text, sep, (int)t / 60,
			     (int)t % 60);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	if (n - 1 > max)
		n = max + 1;
	put(line, n);
	if (shown > n - 1) { /* spaces over the rest of a longer line before */
		size_t k = shown - (n - 1);
		memset(pad, ' ', k < sizeof(pad) ? k : sizeof(pad));
		put(pad, k < sizeof(pad) ? k : sizeof(pad));
	}
	shown = n - 1;
	last_draw = now;
}

static void clear_locked(void)
{
	char pad[VX_PROGRESS_TEXT + 64];
	size_t k = shown < sizeof(pad) - 2 ? shown : sizeof(pad) - 2;

	if (!shown)
		return;
	pad[0] = '\r';
	memset(pad + 1, ' ', k);
	pad[k + 1] = '\r';
	put(pad, k + 2);
	shown = 0;
}

/* Redraws the elapsed time while the caller waits on a child. */
static void *ticker(void *arg)
{
	pthread_mutex_lock(&lock);
	for (;;) {
		struct timespec ts;

		if (!top) {
			pthread_cond_wait(&wake, &lock);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += (long)(PROGRESS_PERIOD * 1e9);
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&wake, &lock, &ts);
		double now = vx_now();
		if (top && now - last_draw >= PROGRESS_PERIOD * 0.9)
			draw_locked(top, now);
	}
	return NULL;
}

/* A fork (bisect's step runner) must not inherit the lock held by the
 * ticker; the child has no ticker and no line of its own to clear. */
static void fork_prepare(void)
{
	pthread_mutex_lock(&lock);
}

static void fork_parent(void)
{
	pthread_mutex_unlock(&lock);
}

static void fork_child(void)
{
	top = NULL;
	shown = 0;
	ticker_started = false;
	pthread_mutex_unlock(&lock);
}

/* Called locked. Without the ticker the line still moves on updates. */
static void start_ticker_locked(void)
{
	static bool atfork;
	pthread_condattr_t ca;
	pthread_attr_t ta;
	sigset_t all, old;
	pthread_t t;

	if (ticker_started)
		return;
	ticker_started = true;
	if (!atfork) {
		atfork = true;
		pthread_atfork(fork_prepare, fork_parent, fork_child);
	}
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&wake, &ca);
	pthread_condattr_destroy(&ca);
	pthread_attr_init(&ta);
	pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
	/* Signals stay with the threads that wait for them (EINTR in poll) */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_create(&t, &ta, ticker, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&ta);
}

/* A newline or an escape in a name (a kernel path) would break the line. */
static void set_text(struct vx_progress *p, const char *fmt, va_list ap)
{
	vsnprintf(p->text, sizeof(p->text), fmt, ap);
	for (char *c = p->text; *c; c++)
		if ((unsigned char)*c < ' ' || *c == 0x7f)
			*c = ' ';
}

void vx_progress_start(struct vx_progress *p, const char *fmt, ...)
{
	va_list ap;

	memset(p, 0, sizeof(*p));
	if (!vx_progress_enabled())
		return;
	p->on = true;
	p->t0 = vx_now();
	va_start(ap, fmt);
	set_text(p, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&lock);
	start_ticker_locked();
	p->below = top;
	top = p;
	p->drawn = p->t0;
	draw_locked(p, p->t0);
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
}

static void update(struct vx_progress *p, bool now_or_never, const char *fmt, va_list ap)
{
	double now = vx_now();

	/* the caller's own last draw, not the ticker's: a tick must not
	 * hold back new words */
	if (!now_or_never && now - p->drawn < PROGRESS_PERIOD)
		return;
	pthread_mutex_lock(&lock);
	p->drawn = now;
	set_text(p, fmt, ap);
	if (top == p)
		draw_locked(p, now);
	pthread_mutex_unlock(&lock);
}

void vx_progress_update(struct vx_progress *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->on)
		return;
	va_start(ap, fmt);
	update(p, false, fmt, ap);
	va_end(ap);
}

void vx_progress_stage(struct vx_progress *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->on)
		return;
	va_start(ap, fmt);
	update(p, true, fmt, ap);
	va_end(ap);
}

void vx_progress_done(struct vx_progress *p)
{
	struct vx_progress **pp;

	if (!p->on)
		return;
	pthread_mutex_lock(&lock);
	for (pp = &top; *pp && *pp != p; pp = &(*pp)->below)
		;
	if (*pp)
		*pp = p->below;
	clear_locked();
	if (top)
		draw_locked(top, vx_now());
	pthread_mutex_unlock(&lock);
	p->on = false;
}

void vx_progress_print(FILE *f, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&lock);
	clear_locked();
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fflush(f);
	if (top)
		draw_locked(top, vx_now());
	pthread_mutex_unlock(&lock);
}
