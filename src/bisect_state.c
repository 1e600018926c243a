// SPDX-License-Identifier: MIT
/* The bisect state under <git dir>/vexplain-bisect: see bisect_state.h. */
#include "bisect_state.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "util_fs.h"

/* Field 22 of /proc/PID/stat: tells a live holder from a reused pid. */
static unsigned long long proc_starttime(int pid)
{
	char path[64], buf[1024];
	unsigned long long t = 0;
	ssize_t n;
	char *p;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the command name may hold spaces */
	if (!p)
		return 0;
	for (int field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p)
		t = strtoull(p + 1, NULL, 10);
	return t;
}

int vx_bisect_lock_holder(const char *dir)
{
	char *path = xasprintf("%s/lock", dir);
	char *text = NULL;
	size_t len;
	int pid = 0;
	unsigned long long start = 0;

	if (read_file(path, 4096, &text, &len) == 0 &&
	    sscanf(text, "%d %llu", &pid, &start) >= 1 && pid > 0) {
		if (kill(pid, 0) < 0 && errno == ESRCH)
			pid = 0;
		else if (start && proc_starttime(pid) != start)
			pid = 0;
	} else {
		pid = 0;
	}
	free(text);
	free(path);
	return pid;
}

int vx_bisect_lock(const char *dir, int *holder)
{
	char *path = xasprintf("%s/lock", dir);
	char *tmp = xasprintf("%s/lock.%d", dir, (int)getpid());
	char line[64];
	int fd, err = 0, n;

	*holder = 0;
	n = snprintf(line, sizeof(line), "%d %llu\n", (int)getpid(), proc_starttime(getpid()));
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	/* a short write leaves errno as it was: it must not pass for success */
	err = write_all(fd, line, n);
	if (err)
		goto out;
	/* link() is atomic: exactly one of two racing processes wins */
	for (int tries = 0; tries < 3; tries++) {
		if (link(tmp, path) == 0)
			goto out;
		if (errno != EEXIST) {
			err = -errno;
			goto out;
		}
		*holder = vx_bisect_lock_holder(dir);
		if (*holder) {
			err = -EBUSY;
			goto out;
		}
		unlink(path); /* stale: its process is gone */
	}
	err = -EBUSY;
out:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	free(path);
	return err;
}

void vx_bisect_unlock(const char *dir)
{
	char *path = xasprintf("%s/lock", dir);

	if (vx_bisect_lock_holder(dir) == (int)getpid())
		unlink(path);
	free(path);
}

int vx_bisect_save_args(const char *dir, int argc, char **argv)
{
	char *path = xasprintf("%s/args", dir);
	char *tmp = xasprintf("%s/args.tmp", dir);
	int fd, err = 0;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	for (int i = 0; !err && i < argc; i++)
		err = write_all(fd, argv[i], strlen(argv[i]) + 1);
	if (!err && fsync(fd) < 0)
		err = -errno;
	close(fd);
	if (!err && rename(tmp, path) < 0)
		err = -errno;
out:
	free(tmp);
	free(path);
	return err;
}

int vx_bisect_load_args(const char *dir, int *argc, char ***argv)
{
	char *path = xasprintf("%s/args", dir);
	char *text = NULL;
	size_t len = 0;
	int err, n = 0;
	char **v;

	err = read_file(path, 1 << 20, &text, &len);
	free(path);
	if (err)
		return err;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\0';
	v = xcalloc(n + 1, sizeof(*v));
	n = 0;
	for (size_t i = 0; i < len; i += strlen(text + i) + 1)
		v[n++] = xstrdup(text + i);
	free(text);
	*argc = n;
	*argv = v;
	return 0;
}

static char *next_field(char **p)
{
	char *s = *p, *e;

	if (!s)
		return NULL;
	e = strchr(s, ' ');
	if (e) {
		*e = '\0';
		*p = e + 1;
	} else {
		*p = NULL;
	}
	return s;
}

static int parse_verdict_line(char *line, struct vx_bisect_verdict *v)
{
	char *p = line;
	char *id = next_field(&p), *verdict = next_field(&p);
	char *key = next_field(&p), *source = next_field(&p);

	if (!id || !verdict || !key || !source || git_oid_fromstr(&v->commit, id) < 0)
		return -EINVAL;
	v->v = vx_bv_parse(verdict);
	if (v->v == VX_BV_NONE)
		return -EINVAL;
	v->key = xstrdup(key);
	v->source = xstrdup(source);
	v->summary = xstrdup(p ? p : "");
	return 0;
}

int vx_bisect_verdicts_load(const char *dir, struct vx_bisect_verdict **out, size_t *n)
{
	char *path = xasprintf("%s/verdicts", dir);
	char *text = NULL, *line, *save = NULL;
	size_t len = 0, cap = 0;
	int err;

	*out = NULL;
	*n = 0;
	err = read_file(path, 64 << 20, &text, &len);
	free(path);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct vx_bisect_verdict v = { 0 };
		/* a line cut by a kill has no newline yet: strtok keeps it,
		 * parse_verdict_line rejects it when incomplete */
		if (parse_verdict_line(line, &v) < 0)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		(*out)[(*n)++] = v;
	}
	free(text);
	return 0;
}

int vx_bisect_verdict_append(const char *dir, const struct vx_bisect_verdict *v)
{
	char *path = xasprintf("%s/verdicts", dir);
	char id[GIT_OID_HEXSZ + 1];
	struct strbuf sb = STRBUF_INIT;
	int fd, err;

	git_oid_tostr(id, sizeof(id), &v->commit);
	sb_addf(&sb, "%s %s %s %s ", id, vx_bv_name(v->v), v->key, v->source);
	for (const char *s = v->summary ? v->summary : ""; *s; s++)
		sb_addc(&sb, *s == '\n' || *s == '\r' ? ' ' : *s);
	sb_addc(&sb, '\n');
	fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	err = fd < 0 ? -errno : 0;
	if (!err) {
		/* a killed writer may have left half a line: end it first */
		struct stat stt;
		char last = '\n';
		if (fstat(fd, &stt) == 0 && stt.st_size > 0 &&
		    pread(fd, &last, 1, stt.st_size - 1) == 1 && last != '\n')
			err = write_all(fd, "\n", 1);
	}
	if (!err)
		err = write_all(fd, sb.buf, sb.len);
	if (fd >= 0) {
		if (!err && fdatasync(fd) < 0)
			err = -errno;
		close(fd);
	}
	sb_free(&sb);
	free(path);
	return err;
}

void vx_bisect_verdicts_free(struct vx_bisect_verdict *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].source);
		free(v[i].summary);
	}
	free(v);
}

int vx_bisect_range_check(const char *dir, const git_oid *bad, const git_oid *goods,
			  size_t ngoods)
{
	char *path = xasprintf("%s/range", dir), *text = NULL;
	struct strbuf want = STRBUF_INIT;
	size_t len;
	int err;

	sb_addf(&want, "bad %s\n", git_oid_tostr_s(bad));
	for (size_t i = 0; i < ngoods; i++)
		sb_addf(&want, "good %s\n", git_oid_tostr_s(&goods[i]));
	err = read_file(path, 1 << 20, &text, &len);
	if (err == -ENOENT) {
		FILE *f = fopen(path, "w");
		err = f ? 0 : -errno;
		if (f) {
			fputs(sb_str(&want), f);
			if (fclose(f))
				err = -errno;
		}
	} else if (!err && strcmp(text, sb_str(&want))) {
		err = -EEXIST;
	}
	free(text);
	free(path);
	sb_free(&want);
	return err;
}

/* ---- terms ---- */

void vx_bisect_terms_default(struct vx_bisect_terms *t)
{
	snprintf(t->old_, sizeof(t->old_), "good");
	snprintf(t->new_, sizeof(t->new_), "bad");
}

bool vx_bisect_terms_are_default(const struct vx_bisect_terms *t)
{
	return !strcmp(t->old_, "good") && !strcmp(t->new_, "bad");
}

const char *vx_bisect_term(const struct vx_bisect_terms *t, enum vx_bv v)
{
	if (t && v == VX_BV_GOOD)
		return t->old_;
	if (t && v == VX_BV_BAD)
		return t->new_;
	return vx_bv_name(v);
}

enum vx_bv vx_bisect_term_parse(const struct vx_bisect_terms *t, const char *word)
{
	if (!strcmp(word, "skip"))
		return VX_BV_SKIP;
	if (!strcmp(word, t->old_))
		return VX_BV_GOOD;
	if (!strcmp(word, t->new_))
		return VX_BV_BAD;
	if (vx_bisect_terms_are_default(t)) /* git takes old/new for good/bad */
		return !strcmp(word, "old") ? VX_BV_GOOD :
		       !strcmp(word, "new") ? VX_BV_BAD :
					      VX_BV_NONE;
	return VX_BV_NONE;
}

int vx_bisect_terms_save(const char *dir, const struct vx_bisect_terms *t)
{
	char *path = xasprintf("%s/terms", dir);
	FILE *f = fopen(path, "w");
	int err = f ? 0 : -errno;

	if (f) {
		fprintf(f, "%s\n%s\n", t->old_, t->new_);
		if (fclose(f))
			err = -errno;
	}
	free(path);
	return err;
}

int vx_bisect_terms_load(const char *dir, struct vx_bisect_terms *t)
{
	char *path = xasprintf("%s/terms", dir), *text = NULL, *nl;
	size_t len;
	int err = read_file(path, 4096, &text, &len);

	free(path);
	vx_bisect_terms_default(t);
	if (err)
		return err;
	nl = strchr(text, '\n');
	if (!nl || !nl[1] || strlen(text) >= sizeof(t->old_) + sizeof(t->new_)) {
		free(text);
		return -EINVAL;
	}
	*nl = '\0';
	nl[strcspn(nl + 1, "\n") + 1] = '\0';
	snprintf(t->old_, sizeof(t->old_), "%s", text);
	snprintf(t->new_, sizeof(t->new_), "%s", nl + 1);
	free(text);
	return 0;
}

/* ---- the log ---- */

static void log_steps(FILE *f, git_repository *repo, const struct vx_bisect_log *log)
{
	for (size_t i = 0; i < log->nsteps; i++) {
		const struct vx_bisect_log_step *s = &log->steps[i];
		char *subj = vx_bisect_subject(repo, s->commit);
		bool built = !strcmp(s->how, "built");

		const char *word = vx_bisect_term(log->terms, s->v);

		fprintf(f, "# %s: [%s] %s -- %s%s%s\n", word, git_oid_tostr_s(s->commit), subj,
			built ? "" : s->how, built ? "" : ": ", s->summary);
		fprintf(f, "git bisect %s %s\n", word, git_oid_tostr_s(s->commit));
		free(subj);
	}
}

int vx_bisect_log_write(const char *dir, git_repository *repo, const struct vx_bisect_log *log)
{
	char *path = xasprintf("%s/log", dir), *tmp = xasprintf("%s/log.tmp", dir);
	FILE *f = fopen(tmp, "w");
	int err = 0, failed;

	if (!f) {
		err = -errno;
		goto out;
	}
	fprintf(f, "# vexplain bisect log (replay: vexplain bisect replay FILE, "
		   "or git bisect replay FILE)\n");
	fprintf(f, "git bisect start");
	if (log->terms && !vx_bisect_terms_are_default(log->terms))
		fprintf(f, " '--term-old' '%s' '--term-new' '%s'", log->terms->old_,
			log->terms->new_);
	fprintf(f, " '%s'", git_oid_tostr_s(log->bad));
	for (size_t i = 0; i < log->ngoods; i++)
		fprintf(f, " '%s'", git_oid_tostr_s(&log->goods[i]));
	fprintf(f, "\n");
	log_steps(f, repo, log);
	if (log->first_bad) {
		char *subj = vx_bisect_subject(repo, log->first_bad);
		fprintf(f, "# first %s commit: [%s] %s\n", vx_bisect_term(log->terms, VX_BV_BAD),
			git_oid_tostr_s(log->first_bad), subj);
		free(subj);
	}
	for (size_t i = 0; i < log->ncand; i++)
		fprintf(f, "# possible first %s commit: [%s]\n",
			vx_bisect_term(log->terms, VX_BV_BAD), git_oid_tostr_s(&log->cands[i]));
	/* a log cut short (a full disk) must not replace the last whole one */
	failed = ferror(f);
	if (fclose(f) || failed) {
		err = -EIO;
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) < 0)
		err = -errno;
out:
	free(tmp);
	free(path);
	return err;
}
