// SPDX-License-Identifier: MIT
/* src/progress.c on a pseudo-terminal of its own: stderr is made the slave
 * side (raw, 40 columns) and the master side is read back, so each check
 * sees the exact bytes a terminal would get. */
#include "progress.h"
#include "testlib.h"
#include "util_proc.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static int master = -1;
static char got[8192];

/* What reached the terminal since the last call (NUL-terminated). */
static const char *drain(void)
{
	size_t n = 0;
	struct pollfd p = { .fd = master, .events = POLLIN };

	while (n < sizeof(got) - 1 && poll(&p, 1, 20) > 0) {
		ssize_t r = read(master, got + n, sizeof(got) - 1 - n);
		if (r <= 0)
			break;
		n += r;
	}
	got[n] = '\0';
	return got;
}

static int on_pty(void)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 40 };
	struct termios t;
	int slave;

	if (openpty(&master, &slave, NULL, NULL, &ws) < 0)
		return -1;
	tcgetattr(slave, &t);
	cfmakeraw(&t);
	tcsetattr(slave, TCSANOW, &t);
	fflush(stderr);
	if (dup2(slave, STDERR_FILENO) < 0)
		return -1;
	close(slave);
	return 0;
}

static void test_drawing(void)
{
	struct vx_progress p, q;
	const char *s;

	vx_progress_start(&p, "probing %s", "xdp");
	s = drain();
	CHECK("progress-start-draws", p.on && !strcmp(s, "\rprobing xdp, 0.0 s"), "got '%s'", s);

	/* within 0.1 s of the last draw: dropped, and the ticker keeps the old words */
	vx_progress_update(&p, "probing xdp: %d/%d helpers", 1, 211);
	s = drain();
	CHECK("progress-update-rate-limited", !strstr(s, "1/211"), "got '%s'", s);
	usleep(120000);
	vx_progress_update(&p, "probing xdp: %d/%d helpers", 2, 211);
	s = drain();
	CHECK("progress-update-after-period", strstr(s, "\rprobing xdp: 2/211 helpers, 0."),
	      "got '%s'", s);

	/* a stage is drawn at once; "..." takes the time after a space */
	vx_progress_stage(&p, "booting %s...", "6.12");
	s = drain();
	CHECK("progress-stage-now", strstr(s, "\rbooting 6.12... 0."), "got '%s'", s);

	/* 40 columns: at most 39 drawn; a shorter line blanks the rest */
	vx_progress_stage(&p, "%s", "a very long line that does not fit in forty columns at all");
	s = drain();
	CHECK("progress-cut-to-width", !strcmp(s, "\ra very long line that does not fit in f"),
	      "got '%s'", s);
	vx_progress_stage(&p, "short");
	s = drain();
	CHECK("progress-shorter-blanks",
	      !strncmp(s, "\rshort, 0.", 10) && strlen(s) == 40 && strspn(s + 13, " ") == 27,
	      "got '%s'", s);

	/* control characters in a name do not break the line */
	vx_progress_stage(&p, "kernel %s", "a\nb\rc");
	s = drain();
	CHECK("progress-no-control-chars", !strncmp(s, "\rkernel a b c, ", 15), "got '%s'", s);

	/* nesting: the inner one takes the line, its done gives it back */
	vx_progress_start(&q, "kernel 6.1: unpacking (3/4)...");
	drain();
	vx_progress_done(&q);
	s = drain();
	CHECK("progress-nested-back", strstr(s, "\rkernel a b c, "), "got '%s'", s);

	/* a message of its own line, the progress drawn again after it */
	vx_progress_print(stderr, "vexplain: a message\n");
	s = drain();
	CHECK("progress-print",
	      strstr(s, "\r") == s && strstr(s, "\rvexplain: a message\n\rkernel a b c"),
	      "got '%s'", s);

	/* done: blanked with \r spaces \r, and done twice is harmless */
	vx_progress_done(&p);
	s = drain();
	CHECK("progress-done-clears",
	      s[0] == '\r' && s[strlen(s) - 1] == '\r' && strspn(s + 1, " ") == strlen(s) - 2 &&
		      strlen(s) > 2,
	      "got '%s'", s);
	vx_progress_done(&p);
	s = drain();
	CHECK_STR("progress-done-twice", s, "");
}

static void test_ticker(void)
{
	struct vx_progress p;
	const char *s;

	vx_progress_start(&p, "waiting");
	usleep(350000); /* blocked, as in apt-get: the ticker moves the time */
	vx_progress_done(&p);
	s = drain();
	int draws = 0;
	for (const char *c = s; (c = strstr(c, "\rwaiting, ")); c++)
		draws++;
	CHECK("progress-ticker", draws >= 3 && strstr(s, "\rwaiting, 0.2 s"), "%d draws: '%s'",
	      draws, s);
}

/* An update that is not drawn costs a clock read and a lock. */
static void test_cost(void)
{
	struct vx_progress p;
	double t0;
	int n = 1000000;

	vx_progress_start(&p, "cost");
	t0 = vx_now();
	for (int i = 0; i < n; i++)
		vx_progress_update(&p, "cost %d", i);
	double ns = (vx_now() - t0) / n * 1e9;
	vx_progress_done(&p);
	drain();
	printf("# an update costs %.0f ns\n", ns);
	CHECK("progress-update-cheap", ns < 2000, "%.0f ns an update", ns);
}

static void test_quiet(void)
{
	struct vx_progress p;

	vx_progress_quiet(true);
	vx_progress_start(&p, "probing");
	vx_progress_update(&p, "probing %d", 1);
	vx_progress_stage(&p, "stage");
	vx_progress_done(&p);
	CHECK("progress-quiet", !p.on && !vx_progress_enabled() && !*drain(), "got '%s'", got);
	vx_progress_quiet(false);
}

static void test_not_a_tty(void)
{
	struct vx_progress p;
	int null = open("/dev/null", O_WRONLY);

	dup2(null, STDERR_FILENO);
	close(null);
	vx_progress_start(&p, "probing");
	vx_progress_stage(&p, "stage");
	vx_progress_done(&p);
	CHECK("progress-off-without-tty", !p.on && !vx_progress_enabled() && !*drain(), "got '%s'",
	      got);
}

int main(void)
{
	struct vx_progress zero = { 0 };

	vx_progress_done(&zero); /* a zeroed one is done already */
	if (on_pty() < 0) {
		SKIP("progress", "no pseudo-terminal here (openpty)");
		return 0;
	}
	test_drawing();
	test_ticker();
	test_cost();
	test_quiet();
	test_not_a_tty();
	TL_EXIT();
}
