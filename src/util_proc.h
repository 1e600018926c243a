/* SPDX-License-Identifier: MIT */
/* Processes and time: running a program with its output captured. */
#ifndef VX_UTIL_PROC_H
#define VX_UTIL_PROC_H

#include <sys/types.h>

#include "util.h"

/* Seconds on the monotonic clock, for durations. */
double vx_now(void);

/* PROG looked up in $PATH (taken as it is when it holds a slash), or NULL. */
char *vx_which(const char *prog);

/* Start argv (argv[0] looked up in $PATH) in cwd (NULL: ours), stdin from
 * /dev/null, stdout and stderr into a pipe whose read end is put in *fd.
 * own_group: in a process group of its own, which a timeout kills whole,
 * and killed with us, so an interrupted vexplain leaves nothing running (a
 * hung KVM guest would run forever). keep_fd: a descriptor the program
 * inherits (-1: none). Returns the pid, or -errno. */
pid_t spawn_piped(const char *const *argv, const char *cwd, int own_group, int keep_fd, int *fd);

/* Run argv in cwd, stdout and stderr into out (may be NULL: discarded).
 * Returns the exit status (128 + N for signal N), or -errno when it could
 * not run. */
int run_capture(const char *const *argv, const char *cwd, struct strbuf *out);

/* sh -c CMD in the current directory, stdin from /dev/null, stdout and
 * stderr to FD; returns the exit status in `git bisect run`'s terms (128 +
 * N for signal N; 127 when it could not run). */
int run_sh(const char *cmd, int fd);

#endif
