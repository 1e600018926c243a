// SPDX-License-Identifier: MIT
/*
 * loadlog: load every program of a BPF object with libbpf and print the
 * kernel's verifier log exactly as the kernel wrote it, with no framing.
 *
 * The corpus needs bare kernel logs (the form users paste from
 * bpf_prog_load()'s log buffer) at log levels libbpf does not use by
 * default, and logs cut by a small buffer; bpftool only gives libbpf's own
 * framing at level 1. libbpf's messages go to stderr only with -v, so
 * stdout holds nothing but the kernel's text.
 *
 * With -r, a program that libbpf failed to load is loaded once more with
 * the bpf(2) syscall from the instructions libbpf relocated, and only that
 * log is printed: libbpf 1.x rewrites some kernel lines in the logs it
 * hands back (a poisoned CO-RE call becomes "<invalid CO-RE relocation>"),
 * while users of other loaders see the kernel's own words; and libbpf 1.1
 * refuses the BPF_LOG_FIXED level bit that keeps a cut log's beginning.
 *
 * usage: loadlog [-v] [-r] [-l LEVEL] [-s LOG_SIZE] [-t TYPE] [-S] OBJ
 * exit: 0 all programs loaded, 1 a load failed, 2 usage or open error
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#define MAX_PROGS 16
#define DEFAULT_LOG_SIZE (16u << 20)

static int verbose;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!verbose || level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void usage(void)
{
	fprintf(stderr, "usage: loadlog [-v] [-r] [-l LEVEL] [-s LOG_SIZE] [-t TYPE] [-S] OBJ\n"
			"  -l LEVEL     verifier log level (1, 2, 4; +8 keeps the log's start)\n"
			"  -s LOG_SIZE  bytes of log buffer per program (default 16 MiB)\n"
			"  -t TYPE      program type as a libbpf section name (xdp, kprobe, ...)\n"
			"  -S           load as sleepable (BPF_F_SLEEPABLE)\n"
			"  -r           reload a failed program's relocated instructions with\n"
			"               the bpf(2) syscall (no BTF) and print that raw log\n"
			"  -v           show libbpf's warnings on stderr\n");
}

struct opts {
	unsigned int level;
	size_t log_size;
	const char *type;
	int sleepable;
	int raw;
	const char *path;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
	int c;

	o->level = 1;
	o->log_size = DEFAULT_LOG_SIZE;
	while ((c = getopt(argc, argv, "vrl:s:t:S")) != -1) {
		switch (c) {
		case 'v':
			verbose = 1;
			break;
		case 'l':
			o->level = strtoul(optarg, NULL, 0);
			break;
		case 's':
			o->log_size = strtoul(optarg, NULL, 0);
			break;
		case 't':
			o->type = optarg;
			break;
		case 'S':
			o->sleepable = 1;
			break;
		case 'r':
			o->raw = 1;
			break;
		default:
			return -EINVAL;
		}
	}
	if (optind != argc - 1 || !o->log_size)
		return -EINVAL;
	o->path = argv[optind];
	return 0;
}

/* Apply -t and -S to one program; libbpf otherwise takes both from SEC(). */
static int setup_prog(struct bpf_program *prog, const struct opts *o)
{
	enum bpf_prog_type type;
	enum bpf_attach_type atype;
	int err;

	if (o->type) {
		err = libbpf_prog_type_by_name(o->type, &type, &atype);
		if (err)
			return err;
		bpf_program__set_type(prog, type);
		bpf_program__set_expected_attach_type(prog, atype);
	}
	if (o->sleepable)
		bpf_program__set_flags(prog, bpf_program__flags(prog) | BPF_F_SLEEPABLE);
	/* libbpf 1.1 takes levels 1, 2 and 4 only; -r passes the rest on. */
	return bpf_program__set_log_level(prog, o->raw ? (o->level & 7) | 1 : o->level);
}

/*
 * Load prog's instructions as libbpf left them (relocated, CO-RE poisoned)
 * with the bpf(2) syscall itself, and print the kernel's log untouched.
 * The syscall is made directly because libbpf 1.1 refuses log levels it
 * does not know (BPF_LOG_FIXED, 8). Map references are gone once the
 * object failed to load, so this is for programs without maps; libbpf 1.1
 * does not tell the object's license, so the reload says GPL: -r is not
 * for license logs.
 */
static int reload_raw(struct bpf_program *prog, const struct opts *o, char *buf)
{
	const struct bpf_insn *insns = bpf_program__insns(prog);
	size_t cnt = bpf_program__insn_cnt(prog);
	union bpf_attr attr;
	int fd;

	if (!insns || !cnt)
		return -ENOENT;
	buf[0] = '\0';
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = bpf_program__type(prog);
	attr.expected_attach_type = bpf_program__expected_attach_type(prog);
	attr.prog_flags = bpf_program__flags(prog);
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = cnt;
	attr.license = (unsigned long)"GPL";
	attr.log_level = o->level;
	attr.log_size = o->log_size;
	attr.log_buf = (unsigned long)buf;
	strncpy(attr.prog_name, bpf_program__name(prog), sizeof(attr.prog_name) - 1);
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return -errno;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj = NULL;
	struct bpf_program *prog;
	char *bufs[MAX_PROGS] = { 0 };
	struct opts o = { 0 };
	int n = 0, i, err, ret = 2;

	if (parse_opts(argc, argv, &o)) {
		usage();
		return 2;
	}
	libbpf_set_print(print_fn);
	obj = bpf_object__open_file(o.path, NULL);
	if (!obj) {
		fprintf(stderr, "loadlog: %s: %s\n", o.path, strerror(errno));
		return 2;
	}
	bpf_object__for_each_program(prog, obj) {
		if (n == MAX_PROGS) {
			fprintf(stderr, "loadlog: more than %d programs\n", MAX_PROGS);
			goto out;
		}
		bufs[n] = calloc(1, o.log_size);
		if (!bufs[n]) {
			fprintf(stderr, "loadlog: out of memory\n");
			goto out;
		}
		err = setup_prog(prog, &o);
		if (!err)
			err = bpf_program__set_log_buf(prog, bufs[n], o.log_size);
		if (err) {
			fprintf(stderr, "loadlog: %s: %s\n", bpf_program__name(prog), strerror(-err));
			goto out;
		}
		n++;
	}
	err = bpf_object__load(obj);
	if (err && o.raw) {
		/* The failed program is the last one with a log. */
		for (i = n - 1; i > 0 && !bufs[i][0]; i--)
			;
		prog = NULL;
		for (int k = 0; k <= i; k++)
			prog = bpf_object__next_program(obj, prog);
		if (prog && reload_raw(prog, &o, bufs[i]) == -ENOENT)
			fprintf(stderr, "loadlog: %s: no instructions to reload\n",
				bpf_program__name(prog));
		fwrite(bufs[i], 1, strnlen(bufs[i], o.log_size), stdout);
	} else {
		/* The log of every program that was tried, in object order. */
		for (i = 0; i < n; i++)
			fwrite(bufs[i], 1, strnlen(bufs[i], o.log_size), stdout);
	}
	fflush(stdout);
	if (err)
		fprintf(stderr, "loadlog: load failed: %s\n", strerror(-err));
	ret = err ? 1 : 0;
out:
	/* Closing the object unloads its programs and maps: nothing stays behind. */
	bpf_object__close(obj);
	for (i = 0; i < MAX_PROGS; i++)
		free(bufs[i]);
	return ret;
}
