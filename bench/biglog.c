// SPDX-License-Identifier: MIT
/*
 * biglog: load every program of a BPF object at verifier log level 2 with a
 * log buffer as large as the kernel takes, and write the kernel's log to
 * stdout untouched. The benchmark's input is a real log, not a synthetic one.
 *
 * The kernel refuses log_size above UINT_MAX >> 2 (1 GiB - 1); since 6.4 a
 * log that does not fit keeps its end (the rotating log) and the load fails
 * with ENOSPC instead of the verifier's own error: say so, the log is then
 * cut at its start.
 *
 * usage: biglog OBJ > LOG    exit: 0 a log was written, 1 none, 2 usage
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#define LOG_SIZE ((1u << 30) - 1)

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	char *buf = NULL;
	int err, ret = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: biglog OBJ > LOG\n");
		return 2;
	}
	libbpf_set_print(quiet);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "biglog: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	/* one program: the benchmark's object has exactly one */
	prog = bpf_object__next_program(obj, NULL);
	buf = calloc(1, LOG_SIZE);
	if (!prog || !buf) {
		fprintf(stderr, "biglog: %s\n", prog ? "out of memory" : "no program");
		goto out;
	}
	bpf_program__set_log_level(prog, 2);
	bpf_program__set_log_buf(prog, buf, LOG_SIZE);
	err = bpf_object__load(obj);
	if (err == -ENOSPC)
		fprintf(stderr, "biglog: the log did not fit in 1 GiB; its start is lost\n");
	else if (!err)
		fprintf(stderr, "biglog: the program was accepted\n");
	size_t n = strnlen(buf, LOG_SIZE);
	if (n && fwrite(buf, 1, n, stdout) == n && fflush(stdout) == 0)
		ret = 0;
out:
	/* closing the object unloads whatever was loaded: nothing stays behind */
	bpf_object__close(obj);
	free(buf);
	return ret;
}
