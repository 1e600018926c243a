// SPDX-License-Identifier: MIT
/* Running the steps of `vexplain bisect`: each in a worktree of its own, as
 * a process group of its own (the runner) that builds, then reloads, loads
 * the object or runs --test, with its output in .git/vexplain-bisect/jobs/;
 * killed whole on timeout or when we die. The main loop only starts and
 * reaps runners: a step's verdict is read from the files it leaves. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bisect_cmd.h"
#include "bpfload.h"
#include "util.h"
#include "util_proc.h"
#include "vm.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

void bisect_install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static void kill_group_and_exit(int sig)
{
	kill(0, SIGKILL);
	_exit(128 + sig);
}

static char *job_file(struct ctx *c, struct job *j, const char *what)
{
	return xasprintf("%s/jobs/%d.%s", c->dir, j->wt.slot, what);
}

/* --kernel: load the object on another kernel, in qemu, through the agent;
 * its output is vx_load_print()'s text, which the pipeline reads. */
static int load_object_vm(struct ctx *c, FILE *f)
{
	struct vx_load_opts lo = { .prog = c->o.prog, .type = c->o.type };
	char *abs = realpath(c->o.object, NULL), *out = NULL, *release = NULL;
	size_t len = 0;
	int err;

	if (!abs) {
		fprintf(f, "vexplain: bisect: %s: %s\n", c->o.object, strerror(errno));
		return 1;
	}
	err = vx_vm_load(c->o.kernel, abs, &lo, c->o.timeout, &out, &len, &release);
	if (err)
		fprintf(f, "vexplain: bisect: VM with kernel %s: %s\n", c->o.kernel,
			vx_vm_strerror(err));
	else
		fwrite(out, 1, len, f);
	free(out);
	free(release);
	free(abs);
	return err ? 1 : 0;
}

static int load_object_step(struct ctx *c, int fd)
{
	struct vx_load_opts lo = { .prog = c->o.prog, .type = c->o.type };
	struct vx_load_result *res = NULL;
	size_t n = 0;
	FILE *f = fdopen(fd, "w");
	int err;

	if (!f)
		return 127;
	if (c->o.kernel) {
		err = load_object_vm(c, f);
		fclose(f);
		return err;
	}
	err = vx_load_object(c->o.object, &lo, &res, &n);
	if (err)
		fprintf(f, "vexplain: bisect: cannot load %s: %s\n", c->o.object, strerror(-err));
	else
		vx_load_print(f, res, n);
	vx_load_results_free(res, n);
	fflush(f);
	return err ? 1 : 0;
}

/* The runner: a process group of its own, killed whole on timeout, and on
 * our death (PDEATHSIG -> its handler kills the group). */
static void runner(struct ctx *c, struct job *j, pid_t parent)
{
	struct sigaction sa = { .sa_handler = kill_group_and_exit };
	char *build_log = job_file(c, j, "build.log"), *run_log = job_file(c, j, "run.log");
	char *status = job_file(c, j, "status");
	FILE *st;
	int fd, rc = 0;

	setsid();
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		kill_group_and_exit(SIGTERM);
	st = fopen(status, "w");
	if (!st || chdir(j->wt.dir) < 0)
		_exit(127);
	setvbuf(st, NULL, _IONBF, 0);
	setenv("VEXPLAIN_BISECT_COMMIT", git_oid_tostr_s(node_id(c, j->node)), 1);
	setenv("VEXPLAIN_BISECT_WORKTREE", j->wt.dir, 1);
	if (c->o.build) {
		fd = open(build_log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		rc = run_sh(c->o.build, fd);
		close(fd);
		fprintf(st, "build %d\n", rc);
		if (rc)
			_exit(0);
	}
	fd = open(run_log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (c->o.object)
		rc = load_object_step(c, fd);
	else
		rc = run_sh(c->o.test ? c->o.test : c->o.reload, fd);
	fprintf(st, "run %d\n", rc);
	_exit(0);
}

int bisect_job_start(struct ctx *c, struct job *j, int node)
{
	char *files[3] = { job_file(c, j, "build.log"), job_file(c, j, "run.log"),
			   job_file(c, j, "status") };
	pid_t parent = getpid(), pid;
	int err;

	for (int i = 0; i < 3; i++) {
		unlink(files[i]);
		free(files[i]);
	}
	vx_wt_busy(&j->wt, true);
	if (c->wt_gitdir) {
		/* --submodule, --vendored: the superproject fixed, the library at the step's commit */
		struct vx_wt_sub sub = { .path = c->sm_path,
					 .gitdir = c->gitdir,
					 .vendored = c->vendored };

		git_oid_cpy(&sub.commit, node_id(c, node));
		err = vx_wt_checkout(&j->wt, c->wt_gitdir, c->dir, &c->super_tree, &sub);
	} else {
		err = vx_wt_checkout(&j->wt, c->gitdir, c->dir,
				     &vx_bisect_graph_node(c->g, node)->tree, NULL);
	}
	if (err) {
		bisect_err("checkout of %s into %s failed: %s", git_oid_tostr_s(node_id(c, node)),
			j->wt.dir, bisect_git_err());
		return err;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		j->node = node;
		runner(c, j, parent);
	}
	j->pid = pid;
	j->node = node;
	j->timed_out = false;
	j->start = vx_now();
	c->builds++;
	return 0;
}

static int read_status(struct ctx *c, struct job *j, int *build_rc, int *run_rc)
{
	char *path = job_file(c, j, "status"), *text = NULL, *p;
	size_t len;
	int err = read_file(path, 4096, &text, &len);

	*build_rc = 0;
	*run_rc = -1;
	free(path);
	if (err)
		return err;
	if ((p = strstr(text, "build ")))
		*build_rc = atoi(p + 6);
	if ((p = strstr(text, "run ")))
		*run_rc = atoi(p + 4);
	free(text);
	return 0;
}

static void keep_logs(struct ctx *c, struct job *j)
{
	const char *id = git_oid_tostr_s(node_id(c, j->node));
	char *from = job_file(c, j, "build.log"), *to = xasprintf("%s/logs/%s.build.log", c->dir, id);

	rename(from, to);
	free(from);
	free(to);
	from = job_file(c, j, "run.log");
	to = xasprintf("%s/logs/%s.log", c->dir, id);
	rename(from, to);
	free(from);
	free(to);
}

static char *read_job_log(struct ctx *c, struct job *j, const char *what, size_t *len)
{
	char *path = job_file(c, j, what), *text = NULL;

	*len = 0;
	if (read_file(path, 1u << 30, &text, len) < 0)
		text = xstrdup("");
	free(path);
	return text;
}

/* The runner of J ended: decide its verdict and record it. */
static int job_finish(struct ctx *c, struct job *j)
{
	struct vx_bisect_verdict v = { .source = "built" };
	int build_rc, run_rc;
	char *summary = NULL, *text;
	size_t len;
	int err;

	git_oid_cpy(&v.commit, node_id(c, j->node));
	v.key = (char *)bisect_node_key(c, j->node);
	read_status(c, j, &build_rc, &run_rc);
	if (j->timed_out) {
		v.v = VX_BV_SKIP;
		summary = xasprintf("timed out after %d s (process group killed)", c->o.timeout);
	} else if (build_rc) {
		text = read_job_log(c, j, "build.log", &len);
		char *l = tail_lines(text, len, 1, 160);
		v.v = VX_BV_SKIP;
		summary = xasprintf("build failed (exit %d): %s", build_rc, l);
		free(l);
		free(text);
	} else if (run_rc < 0) {
		v.v = VX_BV_SKIP;
		summary = xstrdup("the step ended without running (killed?)");
	} else if (c->o.test) {
		if (run_rc >= 128) {
			c->abort = true;
			c->abort_rc = run_rc;
			return 0;
		}
		/* git's rule: 0 old, 1-127 new; --fixed: 0 (it works) new */
		v.v = run_rc == 0 ? VX_BV_GOOD : run_rc == 125 ? VX_BV_SKIP : VX_BV_BAD;
		if (c->o.fixed && v.v != VX_BV_SKIP)
			v.v = v.v == VX_BV_GOOD ? VX_BV_BAD : VX_BV_GOOD;
		summary = xasprintf("test exited %d", run_rc);
	} else {
		text = read_job_log(c, j, "run.log", &len);
		v.v = bisect_log_verdict(&c->t, text, len, run_rc, &summary);
		free(text);
	}
	v.summary = summary;
	keep_logs(c, j);
	err = vx_bisect_verdict_append(c->dir, &v);
	c->verdicts = xrealloc(c->verdicts, (c->nverdicts + 1) * sizeof(*c->verdicts));
	c->verdicts[c->nverdicts] = v;
	c->verdicts[c->nverdicts].key = xstrdup(v.key);
	c->verdicts[c->nverdicts].source = xstrdup(v.source);
	c->nverdicts++;
	return err;
}

static void kill_job(struct job *j)
{
	if (j->pid <= 0)
		return;
	kill(-j->pid, SIGKILL);
	/* a runner not yet in its own group has started nothing: kill it alone */
	kill(j->pid, SIGKILL);
}

/* SIGKILL is asynchronous: wait (a little) until the group is really gone. */
static void wait_group_gone(pid_t pgid)
{
	struct timespec ts = { 0, 5 * 1000 * 1000 };

	for (int i = 0; i < 400 && kill(-pgid, 0) == 0; i++)
		nanosleep(&ts, NULL);
}

/* Wait until a runner ends. Returns 1 when a verdict was recorded, 0 when
 * nothing was running, -EINTR on a signal. */
int bisect_wait_one(struct ctx *c)
{
	for (;;) {
		int status, err;
		pid_t pid;

		if (interrupted)
			return -EINTR;
		pid = waitpid(-1, &status, WNOHANG);
		if (pid < 0 && errno == ECHILD)
			return 0;
		for (int i = 0; pid > 0 && i < c->njobs; i++) {
			struct job *j = &c->jobs[i];
			if (j->pid != pid)
				continue;
			j->pid = 0;
			err = job_finish(c, j);
			if (j->timed_out) {
				wait_group_gone(pid);
				vx_wt_wipe(&j->wt);
			}
			else
				vx_wt_busy(&j->wt, false);
			return err < 0 ? -EIO : 1;
		}
		if (pid > 0)
			continue;
		for (int i = 0; c->o.timeout && i < c->njobs; i++) {
			struct job *j = &c->jobs[i];
			if (j->pid > 0 && !j->timed_out && vx_now() - j->start > c->o.timeout) {
				j->timed_out = true;
				kill_job(j);
			}
		}
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

void bisect_kill_all(struct ctx *c)
{
	for (int i = 0; i < c->njobs; i++) {
		struct job *j = &c->jobs[i];
		if (j->pid <= 0)
			continue;
		kill_job(j);
		while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
			;
		wait_group_gone(j->pid);
		j->pid = 0;
		vx_wt_wipe(&j->wt);
	}
}

static enum vx_bv known(void *data, int node)
{
	struct ctx *c = data;
	const char *how;
	ssize_t k = bisect_known_verdict(c, node, &how);

	return k < 0 ? VX_BV_NONE : c->verdicts[k].v;
}

int bisect_schedule(struct ctx *c, const struct vx_bisect_state *st)
{
	int want[64];
	size_t n = vx_bisect_speculate(c->g, st, known, c, want, (size_t)c->njobs);

	/* A speculative step whose verdict turned out not to be needed is
	 * left to finish: killing it would leave its worktree half-built, and
	 * its verdict may still serve. So speculative steps start only along
	 * with git's own next step: started later, a wasted one would hold
	 * its worktree while the next real step waits. */
	for (int i = 0; n && i < c->njobs; i++)
		if (c->jobs[i].pid > 0 && c->jobs[i].node == want[0])
			return 0;
	for (size_t k = 0; k < n; k++) {
		bool running = false;
		struct job *idle = NULL;
		for (int i = 0; i < c->njobs; i++) {
			struct job *j = &c->jobs[i];
			if (j->pid > 0 && j->node == want[k])
				running = true;
			if (j->pid <= 0 && !idle)
				idle = j;
		}
		if (running || !idle)
			continue;
		int err = bisect_job_start(c, idle, want[k]);
		if (err)
			return err;
	}
	return 0;
}

void bisect_setup_jobs(struct ctx *c)
{
	c->njobs = c->o.jobs;
	c->jobs = xcalloc(c->njobs, sizeof(*c->jobs));
	for (int i = 0; i < c->njobs; i++) {
		vx_wt_init(&c->jobs[i].wt, c->dir, i);
		c->jobs[i].node = -1;
	}
}
