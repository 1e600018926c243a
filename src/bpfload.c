// SPDX-License-Identifier: MIT
/* Load an object's programs one at a time with libbpf and keep each one's
 * verifier log. Only libbpf + libc + util.c (the VM agent links this). */
#include "bpfload.h"
#include "util.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define BPF_LOG_STATS_BIT 4	/* adds "verification time N usec" */
/* The kernel refuses log buffers of UINT_MAX >> 2 bytes and more. */
#define KERNEL_LOG_MAX ((size_t)(UINT_MAX >> 2))
/* Helper ids are small; "invalid func unknown#195896080" is CO-RE's poison
 * and kfunc calls print BTF ids, neither is a helper. */
#define HELPER_ID_MAX 1024

/* libbpf's warnings during the current load; the print callback has no
 * context pointer, hence the static. */
static struct strbuf *cur_msgs;

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_WARN || !cur_msgs)
		return 0;
	/* whole, however long: libbpf prints its BTF log as one message */
	char *tmp = NULL;
	int n = vasprintf(&tmp, fmt, ap);
	if (n < 0)
		return 0;
	size_t len = n;
	/* libbpf puts its name in front; the printer adds it back. */
	const char *p = tmp;
	if (starts_with(p, "libbpf: ")) {
		p += 8;
		len -= 8;
	}
	sb_add(cur_msgs, p, len);
	if (len && p[len - 1] != '\n')
		sb_addc(cur_msgs, '\n');
	free(tmp);
	return n;
}

static void add_id(int **ids, size_t *n, int id)
{
	for (size_t i = 0; i < *n; i++)
		if ((*ids)[i] == id)
			return;
	*ids = xrealloc(*ids, (*n + 1) * sizeof(**ids));
	(*ids)[(*n)++] = id;
}

static bool is_helper_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0;
}

/* After bpf_object__load() (accepted or not) the program's instructions are
 * the ones sent to the kernel: relocated, subprograms appended at the end,
 * and sanitized. The object's own instructions keep their indices, so a
 * helper call whose id differs at the same index was rewritten. */
static void find_rewrites(const struct bpf_insn *pre, size_t pre_cnt,
			  const struct bpf_program *prog, struct vx_load_result *r)
{
	const struct bpf_insn *post = bpf_program__insns(prog);
	size_t cnt = bpf_program__insn_cnt(prog);

	free(r->rewrites);
	r->rewrites = NULL;
	r->nrewrites = 0;
	for (size_t i = 0; post && i < pre_cnt && i < cnt; i++) {
		if (!is_helper_call(&pre[i]) || !is_helper_call(&post[i]) ||
		    pre[i].imm == post[i].imm)
			continue;
		r->rewrites = xrealloc(r->rewrites, (r->nrewrites + 1) * sizeof(*r->rewrites));
		r->rewrites[r->nrewrites++] = (struct vx_load_rewrite){
			.insn = (int)i, .from = pre[i].imm, .to = post[i].imm,
		};
	}
}

/* Helper calls in the program's own instructions, as the compiler wrote
 * them: src_reg 0 is a helper, 1 a bpf-to-bpf call, 2 a kfunc. */
static void obj_helper_ids(const struct bpf_program *prog, struct vx_load_result *r)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t cnt = bpf_program__insn_cnt(prog);

	for (size_t i = 0; insn && i < cnt; i++) {
		if (!is_helper_call(&insn[i]))
			continue;
		add_id(&r->obj_helpers, &r->nobj_helpers, insn[i].imm);
	}
}

/* NAME#N right after p; returns N or -1. */
static long name_hash_id(const char *p)
{
	const char *q = p;

	while (isalnum((unsigned char)*q) || *q == '_')
		q++;
	if (q == p || *q != '#' || !isdigit((unsigned char)q[1]))
		return -1;
	return strtol(q + 1, NULL, 10);
}

/* Helper ids in "call NAME#N" / "NAME#N" verifier lines of LOG, in order of
 * first appearance, no repeats. Returns the count; *ids is malloc'ed. */
static size_t log_helper_ids(const char *log, int **ids)
{
	static const char *const lead[] = { "call ", "helper ", "func " };
	size_t n = 0;

	*ids = NULL;
	for (const char *p = log; p && *p; p++) {
		for (size_t k = 0; k < ARRAY_SIZE(lead); k++) {
			size_t l = strlen(lead[k]);

			if (strncmp(p, lead[k], l) != 0)
				continue;
			long id = name_hash_id(p + l);
			if (id >= 0 && id < HELPER_ID_MAX)
				add_id(ids, &n, (int)id);
		}
	}
	return n;
}

/* The number after the last occurrence of KEY in LOG, or -1. */
static long last_number_after(const char *log, const char *key)
{
	long v = -1;

	for (const char *p = strstr(log, key); p; p = strstr(p + 1, key))
		v = strtol(p + strlen(key), NULL, 10);
	return v;
}

static const char *kernel_release(void)
{
	static struct utsname u;

	if (!u.release[0] && uname(&u) < 0)
		return "unknown";
	return u.release;
}

/* --type: a libbpf section name first, then a bare type name. */
static int parse_type(const char *type, enum bpf_prog_type *pt, enum bpf_attach_type *at)
{
	const char *name = type;

	if (libbpf_prog_type_by_name(type, pt, at) == 0)
		return 0;
	if (strncasecmp(name, "BPF_PROG_TYPE_", 14) == 0)
		name += 14;
	for (int t = 0;; t++) {
		const char *s = libbpf_bpf_prog_type_str(t);

		if (!s)
			return -EINVAL;
		if (strcasecmp(s, name) == 0) {
			*pt = t;
			*at = 0;
			return 0;
		}
	}
}

static int check_file(const char *path)
{
	struct stat st;
	unsigned char magic[4];

	if (stat(path, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -ENOEXEC;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, magic, sizeof(magic));
	close(fd);
	if (n != sizeof(magic) || memcmp(magic, "\177ELF", 4) != 0)
		return -ENOEXEC;
	return 0;
}

static struct bpf_object *open_obj(const char *path, int *err)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	long e = libbpf_get_error(obj);

	if (!e)
		return obj;
	/* libbpf's own codes (LIBBPF_ERRNO__FORMAT, ...) mean "not a
	 * BPF object we can read". */
	*err = e <= -__LIBBPF_ERRNO__START ? -ENOEXEC : (int)e;
	return NULL;
}

/* Never pin: a pinned map would outlive us (and reuse a stale one). */
static void unpin_maps(struct bpf_object *obj)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj)
		bpf_map__set_pin_path(map, NULL);
}

/* Open a fresh object with only NAME to be loaded; fill what can be known
 * before the load. */
static int prepare(struct bpf_object *obj, const char *name, const struct vx_load_opts *o,
		   struct bpf_program **target)
{
	struct bpf_program *prog;
	int err = 0;

	*target = NULL;
	bpf_object__for_each_program(prog, obj) {
		bool me = strcmp(bpf_program__name(prog), name) == 0;

		bpf_program__set_autoload(prog, me);
		if (me)
			*target = prog;
	}
	if (!*target)
		return -ESRCH;
	if (o->type) {
		enum bpf_prog_type pt;
		enum bpf_attach_type at;

		err = parse_type(o->type, &pt, &at);
		if (err)
			return err;
		bpf_program__set_type(*target, pt);
		bpf_program__set_expected_attach_type(*target, at);
	}
	unpin_maps(obj);
	return 0;
}

static bool log_was_cut(int err, const char *buf, size_t size)
{
	if (err == -ENOSPC)
		return true;
	/* Older kernels may fill the buffer without saying so. */
	return strnlen(buf, size) + 1 >= size;
}

static void fill_info(struct bpf_program *prog, struct vx_load_result *r)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	int fd = bpf_program__fd(prog);

	memset(&info, 0, sizeof(info));
	if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &len) == 0 &&
	    len > offsetof(struct bpf_prog_info, verified_insns))
		r->verified_insns = info.verified_insns;
}

/* One load of NAME in a fresh object with a SIZE byte log. */
static int load_once(const char *path, const char *name, const struct vx_load_opts *o,
		     size_t size, struct vx_load_result *r, char **buf)
{
	struct strbuf msgs = STRBUF_INIT;
	struct bpf_program *prog;
	struct bpf_insn *pre = NULL;
	int err = 0;

	struct bpf_object *obj = open_obj(path, &err);
	if (!obj)
		return err;
	err = prepare(obj, name, o, &prog);
	if (err)
		goto out;
	free(r->section);
	r->section = xstrdup(bpf_program__section_name(prog));
	if (!r->attempts)
		obj_helper_ids(prog, r);
	/* The object's own instructions, before the hook or libbpf change
	 * them, to find the calls they rewrite. */
	size_t pre_cnt = bpf_program__insn_cnt(prog);
	pre = xmalloc(pre_cnt * sizeof(*pre) + 1);
	memcpy(pre, bpf_program__insns(prog), pre_cnt * sizeof(*pre));
	if (o->before_load) {
		err = o->before_load(prog, o->ctx);
		if (err)
			goto out;
	}
	const char *ts = libbpf_bpf_prog_type_str(bpf_program__type(prog));
	free(r->type);
	r->type = xstrdup(ts ? ts : "unspec");

	*buf = xrealloc(*buf, size);
	(*buf)[0] = '\0';
	bpf_program__set_log_buf(prog, *buf, size);
	bpf_program__set_log_level(prog, r->log_level | BPF_LOG_STATS_BIT);

	cur_msgs = &msgs;
	err = bpf_object__load(obj);
	cur_msgs = NULL;
	r->attempts++;
	find_rewrites(pre, pre_cnt, prog, r);
	if (!err)
		fill_info(prog, r);
	free(r->loader_msgs);
	r->loader_msgs = sb_detach(&msgs);
out:
	bpf_object__close(obj);
	sb_free(&msgs);
	free(pre);
	return err;
}

static bool signal_pending(void)
{
	sigset_t set;

	if (sigpending(&set) < 0)
		return false;
	return sigismember(&set, SIGINT) || sigismember(&set, SIGTERM) ||
	       sigismember(&set, SIGHUP);
}

static size_t log_cap(const struct vx_load_opts *o, int level)
{
	size_t max = o->log_max;

	if (!max)
		max = level >= 2 ? VX_LOAD_LOG_MAX_L2 : VX_LOAD_LOG_MAX_L1;
	return max > KERNEL_LOG_MAX ? KERNEL_LOG_MAX : max;
}

/* Load NAME, growing the log until it is whole or the cap is reached.
 * Returns 0 when the kernel gave a verdict (accepted or not), or a
 * negative errno when the program could not be tried at all. */
static int load_prog(const char *path, const char *name, const struct vx_load_opts *o,
		     struct vx_load_result *r)
{
	size_t max = log_cap(o, r->log_level);
	size_t size = o->log_size ? o->log_size : VX_LOAD_LOG_INITIAL;
	char *buf = NULL;
	int err;

	if (size > max)
		size = max;
	for (;;) {
		err = load_once(path, name, o, size, r, &buf);
		/* Not even tried (open, --type, hook): no verdict to report. */
		if (err && !r->attempts)
			goto out;
		if (!log_was_cut(err, buf, size) || signal_pending())
			break;
		if (size >= max) {
			r->log_capped = true;
			break;
		}
		size = size > max / 4 ? max : size * 4;
	}
	r->err = err;
	r->accepted = err == 0;
	r->log_size = size;
	r->log_len = strnlen(buf, size);
	r->log = xstrndup(buf, r->log_len);
	r->processed_insns = last_number_after(r->log, "processed ");
	r->verify_usec = last_number_after(r->log, "verification time ");
	r->nlog_helpers = log_helper_ids(r->log, &r->log_helpers);
	err = 0;
out:
	free(buf);
	return err;
}

static void result_init(struct vx_load_result *r, const char *name, const struct vx_load_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->name = xstrdup(name);
	r->log_level = o->log_level ? o->log_level : 1;
	r->kernel = xstrdup(kernel_release());
	r->verified_insns = r->processed_insns = r->verify_usec = -1;
}

/* Program names in object order (libbpf skips subprograms). */
static int list_programs(const char *path, const char *only, char ***names, size_t *n)
{
	struct bpf_program *prog;
	int err = 0;

	*names = NULL;
	*n = 0;
	struct bpf_object *obj = open_obj(path, &err);
	if (!obj)
		return err;
	bpf_object__for_each_program(prog, obj) {
		const char *name = bpf_program__name(prog);

		if (only && strcmp(only, name) != 0)
			continue;
		*names = xrealloc(*names, (*n + 1) * sizeof(**names));
		(*names)[(*n)++] = xstrdup(name);
	}
	bpf_object__close(obj);
	return *n ? 0 : only ? -ESRCH : -ENOMSG;
}

int vx_load_object(const char *path, const struct vx_load_opts *opts,
		   struct vx_load_result **out, size_t *nout)
{
	struct vx_load_opts o = opts ? *opts : (struct vx_load_opts){ 0 };
	struct vx_load_result *res = NULL;
	sigset_t block, old;
	char **names = NULL;
	size_t n = 0, done = 0;
	int err;

	*out = NULL;
	*nout = 0;
	if (o.log_level < 0 || o.log_level > 2)
		return -EINVAL;
	err = check_file(path);
	if (err)
		return err;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	/* Library code does not print: libbpf's messages are kept per load
	 * (cur_msgs) and dropped outside one. */
	libbpf_print_fn_t old_print = libbpf_set_print(capture_print);

	struct strbuf open_msgs = STRBUF_INIT;
	cur_msgs = &open_msgs;
	err = list_programs(path, o.prog, &names, &n);
	cur_msgs = NULL;
	if (err && err != -ESRCH && err != -ENOMSG && err != -ENOEXEC && open_msgs.len) {
		/* libbpf refused the object itself ("BTF is required, but is
		 * missing or corrupted"): that is the answer, as a result of
		 * its own, with libbpf's words as the loader's messages */
		res = xcalloc(1, sizeof(*res));
		const char *base = strrchr(path, '/');
		result_init(res, base ? base + 1 : path, &o);
		res->err = err;
		res->log = xstrdup("");
		res->loader_msgs = sb_detach(&open_msgs);
		*out = res;
		*nout = 1;
		err = 0;
		goto out;
	}
	sb_free(&open_msgs);
	if (err)
		goto out;
	res = xcalloc(n, sizeof(*res));
	for (; done < n; done++) {
		if (signal_pending()) {
			err = -EINTR;
			break;
		}
		result_init(&res[done], names[done], &o);
		err = load_prog(path, names[done], &o, &res[done]);
		if (err) {
			vx_load_results_free(res, done + 1);
			res = NULL;
			done = 0;
			break;
		}
	}
	*out = res;
	*nout = done;
out:
	free_strv(names, n);
	libbpf_set_print(old_print);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return err;
}

static void result_free(struct vx_load_result *r)
{
	free(r->name);
	free(r->section);
	free(r->type);
	free(r->log);
	free(r->loader_msgs);
	free(r->kernel);
	free(r->obj_helpers);
	free(r->log_helpers);
	free(r->rewrites);
}

const char *vx_load_strerror(int err, const struct vx_load_opts *opts)
{
	static __thread char buf[256];

	switch (err) {
	case -ENOENT:
		return "no such file";
	case -EISDIR:
		return "is a directory, not a BPF object file";
	case -ENOEXEC:
		return "not a BPF object file (ELF, e.g. from clang -target bpf)";
	case -ESRCH:
		snprintf(buf, sizeof(buf), "no program named '%s'",
			 opts && opts->prog ? opts->prog : "");
		return buf;
	case -ENOMSG:
		return "holds no BPF programs";
	case -EINVAL:
		if (!opts || !opts->type)
			return "bad log level";
		snprintf(buf, sizeof(buf), "unknown program type '%s': give a libbpf section name "
			 "(cgroup_skb/egress, kprobe/x) or a type name (cgroup_skb)", opts->type);
		return buf;
	case -EINTR:
		return "interrupted";
	}
	return strerror(-err);
}

void vx_load_results_free(struct vx_load_result *res, size_t n)
{
	for (size_t i = 0; res && i < n; i++)
		result_free(&res[i]);
	free(res);
}

static void print_ids(FILE *f, const int *ids, size_t n)
{
	if (!n)
		fputc('-', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%d", i ? "," : "", ids[i]);
}

/* Every line of TEXT with PREFIX in front. */
static void print_prefixed(FILE *f, const char *prefix, const char *text)
{
	while (text && *text) {
		size_t l = strcspn(text, "\n");

		fprintf(f, "%s%.*s\n", prefix, (int)l, text);
		text += l + (text[l] == '\n');
	}
}

static void print_one(FILE *f, const struct vx_load_result *r)
{
	fprintf(f, "libbpf: prog '%s': section '%s', type %s, kernel %s\n", r->name,
		r->section ? r->section : "", r->type ? r->type : "unspec",
		r->kernel ? r->kernel : "unknown");
	/* libbpf prints the log right after "BPF program load failed: ..."
	 * and its other messages after the log: keep that order. */
	const char *msgs = r->loader_msgs ? r->loader_msgs : "";
	const char *cut = strstr(msgs, "BPF program load failed");
	size_t head = cut ? (size_t)(cut - msgs) + strcspn(cut, "\n") + 1 : strlen(msgs);
	char *before = xstrndup(msgs, head < strlen(msgs) ? head : strlen(msgs));

	print_prefixed(f, "libbpf: ", before);
	free(before);
	if (r->log && r->log[0]) {
		fprintf(f, "libbpf: prog '%s': -- BEGIN PROG LOAD LOG --\n%s", r->name, r->log);
		if (r->log[strlen(r->log) - 1] != '\n')
			fputc('\n', f);
		fputs("-- END PROG LOAD LOG --\n", f);
	}
	if (head < strlen(msgs))
		print_prefixed(f, "libbpf: ", msgs + head);
	/* libbpf's own "failed to load" is usually among its messages. */
	if (r->accepted)
		fprintf(f, "libbpf: prog '%s': loaded\n", r->name);
	else if (!r->loader_msgs || !strstr(r->loader_msgs, "': failed to load: "))
		fprintf(f, "libbpf: prog '%s': failed to load: %d\n", r->name, r->err);
	fprintf(f, "vexplain-load: prog '%s' err=%d attempts=%d log_level=%d log_size=%zu "
		"capped=%d verified_insns=%ld processed_insns=%ld verify_usec=%ld obj_helpers=",
		r->name, r->err, r->attempts, r->log_level, r->log_size, r->log_capped,
		r->verified_insns, r->processed_insns, r->verify_usec);
	print_ids(f, r->obj_helpers, r->nobj_helpers);
	fputs(" log_helpers=", f);
	print_ids(f, r->log_helpers, r->nlog_helpers);
	fputs(" rewrites=", f);
	if (!r->nrewrites)
		fputc('-', f);
	for (size_t i = 0; i < r->nrewrites; i++)
		fprintf(f, "%s%d:%d>%d", i ? "," : "", r->rewrites[i].insn, r->rewrites[i].from,
			r->rewrites[i].to);
	fputc('\n', f);
}

int vx_load_print(FILE *f, const struct vx_load_result *res, size_t n)
{
	for (size_t i = 0; i < n; i++)
		print_one(f, &res[i]);
	if (fflush(f) == EOF || ferror(f))
		return -EIO;
	return 0;
}

/* Parser state for vx_load_parse. */
struct lp {
	struct vx_load_result *res;
	size_t n;
	struct vx_load_result *cur;	/* opened by the section line */
	struct strbuf log, msgs;
	bool in_log;
};

/* "'NAME'" at p: the name (malloc'ed) and the text after the quote. */
static char *quoted(const char *p, const char **end)
{
	if (*p != '\'')
		return NULL;
	const char *q = strchr(p + 1, '\'');
	if (!q)
		return NULL;
	*end = q + 1;
	return xstrndup(p + 1, q - p - 1);
}

static void lp_close(struct lp *s)
{
	if (!s->cur)
		return;
	free(s->cur->loader_msgs);
	s->cur->loader_msgs = sb_detach(&s->msgs);
	if (!s->cur->log) {
		s->cur->log_len = s->log.len;
		s->cur->log = sb_detach(&s->log);
	}
	s->cur = NULL;
}

static void lp_open(struct lp *s, const char *line)
{
	const char *p;
	char *name = quoted(line + strlen("libbpf: prog "), &p);
	char sec[512] = "", type[128] = "", kern[256] = "";

	if (!name)
		return;
	/* the section may be empty (an object libbpf refused as a whole):
	 * %[ matches no empty field */
	if (sscanf(p, ": section '%511[^']', type %127[^,], kernel %255s", sec, type, kern) < 2 &&
	    sscanf(p, ": section '', type %127[^,], kernel %255s", type, kern) < 1) {
		free(name);
		return;
	}
	lp_close(s);
	s->res = xrealloc(s->res, (s->n + 1) * sizeof(*s->res));
	s->cur = &s->res[s->n++];
	memset(s->cur, 0, sizeof(*s->cur));
	s->cur->name = name;
	s->cur->section = xstrdup(sec);
	s->cur->type = xstrdup(type);
	s->cur->kernel = xstrdup(kern[0] ? kern : "unknown");
	s->cur->verified_insns = s->cur->processed_insns = s->cur->verify_usec = -1;
	sb_reset(&s->log);
	sb_reset(&s->msgs);
}

static void parse_ids(const char *v, int **ids, size_t *n)
{
	char *end;

	while (v && isdigit((unsigned char)*v)) {
		add_id(ids, n, (int)strtol(v, &end, 10));
		v = *end == ',' ? end + 1 : NULL;
	}
}

/* " rewrites=9:113>4,12:112>4" */
static void parse_rewrites(const char *v, struct vx_load_result *r)
{
	struct vx_load_rewrite w;
	int used;

	if (!v)
		return;
	v += strlen(" rewrites=");
	while (sscanf(v, "%d:%d>%d%n", &w.insn, &w.from, &w.to, &used) == 3) {
		r->rewrites = xrealloc(r->rewrites, (r->nrewrites + 1) * sizeof(*r->rewrites));
		r->rewrites[r->nrewrites++] = w;
		v += used;
		if (*v++ != ',')
			break;
	}
}

static void lp_stats(struct lp *s, const char *line)
{
	struct vx_load_result *r = s->cur;
	const char *p;
	char *name = quoted(line + strlen("vexplain-load: prog "), &p);
	int capped = 0;

	if (!name || !r || strcmp(name, r->name) != 0) {
		free(name);
		return;
	}
	free(name);
	sscanf(p, " err=%d attempts=%d log_level=%d log_size=%zu capped=%d verified_insns=%ld "
	       "processed_insns=%ld verify_usec=%ld", &r->err, &r->attempts, &r->log_level,
	       &r->log_size, &capped, &r->verified_insns, &r->processed_insns, &r->verify_usec);
	r->log_capped = capped;
	r->accepted = r->err == 0;
	parse_ids(strstr(p, " obj_helpers=") ? strstr(p, " obj_helpers=") + 13 : NULL,
		  &r->obj_helpers, &r->nobj_helpers);
	parse_ids(strstr(p, " log_helpers=") ? strstr(p, " log_helpers=") + 13 : NULL,
		  &r->log_helpers, &r->nlog_helpers);
	parse_rewrites(strstr(p, " rewrites="), r);
	lp_close(s);
}

static void lp_line(struct lp *s, const char *line, size_t len)
{
	if (s->in_log) {
		if (strcmp(line, "-- END PROG LOAD LOG --") == 0) {
			s->in_log = false;
			return;
		}
		sb_add(&s->log, line, len);
		sb_addc(&s->log, '\n');
		return;
	}
	if (starts_with(line, "vexplain-load: prog ")) {
		lp_stats(s, line);
		return;
	}
	if (!starts_with(line, "libbpf: "))
		return;
	if (starts_with(line, "libbpf: prog '") && strstr(line, "': section '")) {
		lp_open(s, line);
		return;
	}
	if (!s->cur)
		return;
	if (strstr(line, "': -- BEGIN PROG LOAD LOG --")) {
		s->in_log = true;
		return;
	}
	/* The printer's own verdict line; libbpf's "failed to load" stays
	 * among its messages. */
	if (strstr(line, "': loaded"))
		return;
	sb_adds(&s->msgs, line + strlen("libbpf: "));
	sb_addc(&s->msgs, '\n');
}

int vx_load_parse(const char *text, size_t len, struct vx_load_result **out, size_t *nout)
{
	struct lp s = { .log = STRBUF_INIT, .msgs = STRBUF_INIT };
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		/* Serial consoles add CRs. */
		size_t ll = l && p[l - 1] == '\r' ? l - 1 : l;
		char *line = xstrndup(p, ll);
		lp_line(&s, line, ll);
		free(line);
		p += l + 1;
	}
	lp_close(&s);
	sb_free(&s.log);
	sb_free(&s.msgs);
	for (size_t i = 0; i < s.n; i++) {
		struct vx_load_result *r = &s.res[i];
		if (!r->log)
			r->log = xstrdup("");
		if (!r->loader_msgs)
			r->loader_msgs = xstrdup("");
		r->log_len = strlen(r->log);
	}
	*out = s.res;
	*nout = s.n;
	return s.n ? 0 : -ENOMSG;
}
