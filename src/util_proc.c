// SPDX-License-Identifier: MIT
/* Processes and time: see util_proc.h. */
#include "util_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double vx_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* In the child: stdin from /dev/null, stdout and stderr to FD. */
static void child_stdio(int fd)
{
	int null = open("/dev/null", O_RDONLY);

	if (null >= 0)
		dup2(null, 0);
	dup2(fd, 1);
	dup2(fd, 2);
}

/* The exit status of PID, 128 + N for signal N, or -errno. */
static int wait_status(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

char *vx_which(const char *prog)
{
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0 ? xstrdup(prog) : NULL;

	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
	while (*path) {
		size_t n = strcspn(path, ":");
		char *cand = xasprintf("%.*s/%s", (int)n, path, prog);
		if (n && access(cand, X_OK) == 0)
			return cand;
		free(cand);
		path += n + (path[n] == ':');
	}
	return NULL;
}

pid_t spawn_piped(const char *const *argv, const char *cwd, int own_group, int keep_fd, int *fd)
{
	pid_t parent = getpid();
	int pfd[2];

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0) {
		int err = -errno;
		close(pfd[0]);
		close(pfd[1]);
		return err;
	}
	if (pid == 0) {
		if (own_group) {
			setpgid(0, 0);
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(127);
		}
		child_stdio(pfd[1]);
		if (keep_fd >= 0)
			fcntl(keep_fd, F_SETFD, 0);
		if (cwd && chdir(cwd) < 0)
			_exit(126);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (own_group)
		setpgid(pid, pid); /* also here: no race with a kill before the child's */
	close(pfd[1]);
	*fd = pfd[0];
	return pid;
}

int run_capture(const char *const *argv, const char *cwd, struct strbuf *out)
{
	int fd;
	pid_t pid = spawn_piped(argv, cwd, 0, -1, &fd);

	if (pid < 0)
		return pid;

	char buf[4096];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (out)
			sb_add(out, buf, n);
	}
	close(fd);

	return wait_status(pid);
}

int run_sh(const char *cmd, int fd)
{
	pid_t pid = fork();
	int rc;

	if (pid < 0)
		return 127;
	if (pid == 0) {
		child_stdio(fd);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	rc = wait_status(pid);
	return rc < 0 ? 127 : rc;
}

