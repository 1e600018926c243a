// SPDX-License-Identifier: MIT
/* vexplain: explain eBPF verifier rejections. main.c is the command table and
 * the default command (explain what is piped in or named). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "helpers.h"
#include "patterns.h"
#include "pipeline.h"
#include "render.h"
#include "unwrap.h"
#include "util.h"


struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct cmd commands[] = {
	{ "explain", cmd_explain, "explain the verifier log(s) in FILEs or stdin (the default)" },
	{ "patterns", cmd_patterns, "check, list or try the pattern database" },
	{ "probe", cmd_probe, "which helpers each program type may call on this kernel" },
	{ "helper", cmd_helper, "a helper's id, name, relatives and the program types that may call it" },
	{ "load", cmd_load, "load an object's programs (here or in a VM) and explain each verdict" },
	{ "bisect", cmd_bisect, "find the commit that made a program fail to load (GOOD..BAD)" },
	{ "triage", cmd_triage, "answer an issue: explain its logs, list its facts, ask what is missing" },
	{ "diff", cmd_diff, "compare two runs: which programs changed verdict, and the verifier's work" },
	{ "complete", cmd_complete, "the words shell completion offers (commands, types, kernels, ...)" },
};

int vx_print_command_names(FILE *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "%s\n", commands[i].name);
	return VX_EXIT_OK;
}

/* --version for every command, answered here so that no command needs its
 * own: an argument "--version" before any "--" (bisect's PATHS follow one). */
static int asks_version(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--version"))
			return 1;
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: LOADER 2>&1 | vexplain [OPTIONS]\n"
		"       vexplain [explain] [OPTIONS] [FILE...]\n"
		"       vexplain COMMAND [ARGS] (COMMAND --help for its own options)\n"
		"\n"
		"Finds the eBPF verifier log(s) in whatever a loader printed (libbpf, bpftool, Aya,\n"
		"cilium/ebpf, bcc, bpftrace, or a bare kernel log), and for each rejected program\n"
		"says why the verifier refused it and what to do.\n"
		"\n"
		"Options (explain):\n"
		"  --json               one JSON object per program (JSON Lines)\n"
		"  --markdown           Markdown to paste into an issue\n"
		"  --format FMT         text, json, markdown, github (GitHub Actions ::error\n"
		"                       annotations at the failing source line) or sarif (SARIF 2.1.0)\n"
		"  -t, --prog-type TYPE the program type, when the log does not tell it\n"
		"  -k, --kernel REL     the kernel release the log came from (e.g. 6.1)\n"
		"  -v, --verbose        also the log excerpt, references and template variables\n"
		"      --color=WHEN     always, never or auto (default: auto; NO_COLOR is honoured)\n"
		"      --patterns DIR   use the pattern database in DIR instead of the built-in one\n"
		"      --full           read a regular file over 64 MiB whole (by default: its first\n"
		"                       1 MiB and last 8 MiB, where the verdict and its context are)\n"
		"  -h, --help           this help;  --version  the version\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"Exit status:\n"
		"  0  no program was rejected (accepted, or nothing but accepted logs)\n"
		"  1  at least one rejection was explained\n"
		"  2  usage error, or an input that cannot be read\n"
		"  3  no verifier log found in the input, or only logs cut before their verdict\n"
		"  4  the command could not do its work (see its message)\n");
}

struct explain_run {
	struct vx_render_opts render;
	int full; /* --full: read huge files whole */
	int broken_pipe;
};

static int print_record(const struct vx_record *r, void *ctx)
{
	struct explain_run *run = ctx;
	if (vx_render(stdout, r, &run->render)) {
		run->broken_pipe = 1;
		return -EPIPE;
	}
	return 0;
}

/* Say on stderr what was dropped from the input, so that an answer from
 * binary data or a runaway line is not taken at face value. */
static void note_input(const struct vx_pipeline *p, const char *name)
{
	size_t lines, cut, nuls;
	vx_pipeline_stats(p, &lines, &cut, &nuls);
	if (cut)
		fprintf(stderr, "vexplain: %s: %zu line%s longer than %d KiB: only the first %d KiB of each were read\n",
			name, cut, cut == 1 ? "" : "s", VX_LINE_MAX >> 10, VX_LINE_MAX >> 10);
	if (nuls)
		fprintf(stderr, "vexplain: %s: %zu NUL byte%s ignored (binary data in the input?)\n", name,
			nuls, nuls == 1 ? "" : "s");
}

/* A regular file this large is read at its head and its tail only: the
 * verdict and its context are at the end of a log, the loader's framing and
 * the function's signature at its start, and a level-2 log of a program that
 * hits the 1M instruction limit runs to 600 MB. --full reads it all. */
#define VX_HUGE_FILE (64UL << 20)
#define VX_HEAD_BYTES (1UL << 20)
#define VX_TAIL_BYTES (8UL << 20)

static int feed_range(struct vx_pipeline *p, int fd, off_t from, off_t to, const char *name)
{
	static char buf[1 << 16];
	while (from < to) {
		size_t want = to - from < (off_t)sizeof(buf) ? (size_t)(to - from) : sizeof(buf);
		ssize_t n = pread(fd, buf, want, from);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno; /* before fprintf, which may change errno */

			fprintf(stderr, "vexplain: %s: %s\n", name, strerror(-err));
			return err;
		}
		if (n == 0)
			break;
		int rc = vx_pipeline_feed_inplace(p, buf, n);
		if (rc)
			return rc;
		from += n;
	}
	return 0;
}

/* The head, then the tail from its first whole line. */
static int feed_head_and_tail(struct vx_pipeline *p, int fd, off_t size, const char *name)
{
	int rc = feed_range(p, fd, 0, VX_HEAD_BYTES, name);
	if (rc)
		return rc;
	off_t tail = size - VX_TAIL_BYTES;
	char c = 0;
	while (tail < size && pread(fd, &c, 1, tail) == 1 && c != '\n')
		tail++; /* a line cut by the gap would be read as a line of its own */
	vx_pipeline_gap(p, tail - VX_HEAD_BYTES);
	return feed_range(p, fd, tail, size, name);
}

/* Reads of 1 MiB: a pipe's default 64 KiB buffer makes the writer and
 * vexplain take turns 16 times as often, which costs more than the parse. */
#define VX_READ_CHUNK (1 << 20)

/* Grow the pipe vexplain reads to VX_READ_CHUNK (or as far as
 * /proc/sys/fs/pipe-max-size lets an unprivileged reader); a failure only
 * keeps the default. */
static void widen_pipe(int fd)
{
	for (int size = VX_READ_CHUNK; size >= 1 << 16; size >>= 1)
		if (fcntl(fd, F_SETPIPE_SZ, size) >= 0)
			return;
}

/* Stream one input through a pipeline: memory does not grow with its size. */
static int explain_fd(const struct vx_db *db, const struct vx_hints *hints, int fd,
		      const char *name, struct explain_run *run, size_t counts[4])
{
	struct vx_pipeline *p = vx_pipeline_new(db, hints, print_record, run);
	static char buf[VX_READ_CHUNK];
	run->render.artifact = name;
	int rc = 0;
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		widen_pipe(fd);
	if (!run->full && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long)st.st_size > VX_HUGE_FILE) {
		fprintf(stderr, "vexplain: %s: %.0f MiB: read its first %lu MiB and its last %lu MiB, "
				"where the verdict is (--full reads all of it)\n",
			name, st.st_size / 1048576.0, VX_HEAD_BYTES >> 20, VX_TAIL_BYTES >> 20);
		rc = feed_head_and_tail(p, fd, st.st_size, name);
		goto done;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno; /* before fprintf, which may change errno */
			fprintf(stderr, "vexplain: %s: %s\n", name, strerror(-rc));
			break;
		}
		if (n == 0)
			break;
		if ((rc = vx_pipeline_feed_inplace(p, buf, n)))
			break;
	}
done:
	if (!rc)
		rc = vx_pipeline_finish(p);
	note_input(p, name);
	for (int v = 0; v < 4; v++)
		counts[v] += vx_pipeline_count(p, v);
	vx_pipeline_free(p);
	return rc;
}

static int load_db(const char *dir, struct vx_db **db)
{
	struct strbuf err = STRBUF_INIT;
	int r = vx_db_load(dir, db, &err);
	if (r) {
		fprintf(stderr, "vexplain: the pattern database has errors:\n%s", sb_str(&err));
		vx_db_free(*db);
		*db = NULL;
	}
	sb_free(&err);
	return r;
}

static int open_input(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vexplain: %s: %s\n", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "vexplain: %s: is a directory, not a log file\n", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* explain's options: fills run and hints; returns -1 to go on, else the
 * exit status (--help, --version, a usage error). */
static int explain_options(int argc, char **argv, struct explain_run *run, struct vx_hints *hints,
			   const char **patterns_dir)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "markdown", no_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "prog-type", required_argument, NULL, 't' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "color", optional_argument, NULL, 'C' },
		{ "colour", optional_argument, NULL, 'C' },
		{ "patterns", required_argument, NULL, 'P' },
		{ "full", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	const char *color = "auto";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jmt:k:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			run->render.format = VX_FMT_JSON;
			break;
		case 'm':
			run->render.format = VX_FMT_MARKDOWN;
			break;
		case 'f':
			if (vx_format_parse(optarg) < 0) {
				fprintf(stderr, "vexplain: --format takes text, json, markdown, github or sarif\n");
				return VX_EXIT_USAGE;
			}
			run->render.format = vx_format_parse(optarg);
			break;
		case 't':
			hints->prog_type = optarg;
			hints->prog_type_from = "option";
			break;
		case 'k':
			hints->kernel = optarg;
			break;
		case 'v':
			run->render.verbose = 1;
			break;
		case 'C':
			color = optarg ? optarg : "always";
			break;
		case 'P':
			*patterns_dir = optarg;
			break;
		case 'F':
			run->full = 1;
			break;
		case 'h':
			usage(stdout);
			return VX_EXIT_OK;
		case 'V':
			printf("vexplain %s\n", VX_VERSION);
			return VX_EXIT_OK;
		default:
			fprintf(stderr, "Try 'vexplain --help'.\n");
			return VX_EXIT_USAGE;
		}
	}
	if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
		fprintf(stderr, "vexplain: --color takes always, never or auto\n");
		return VX_EXIT_USAGE;
	}
	if (hints->prog_type && !vx_prog_type_canonical(hints->prog_type)) {
		fprintf(stderr, "vexplain: unknown program type '%s' (libbpf names such as cgroup_skb, kprobe, xdp, or a section such as cgroup_skb/egress)\n",
			hints->prog_type);
		return VX_EXIT_USAGE;
	}
	run->render.color = !strcmp(color, "always") || (!strcmp(color, "auto") && vx_color_wanted(stdout));
	return -1;
}

int cmd_explain(int argc, char **argv)
{
	struct explain_run run = { .render = { .format = VX_FMT_TEXT } };
	struct vx_hints hints = { 0 };
	const char *patterns_dir = NULL;
	int rc = explain_options(argc, argv, &run, &hints, &patterns_dir);
	if (rc >= 0)
		return rc;

	struct vx_db *db;
	if (load_db(patterns_dir, &db))
		return VX_EXIT_ERROR;
	if (run.render.format == VX_FMT_SARIF)
		run.render.sarif = vx_sarif_new(VX_VERSION);
	size_t counts[4] = { 0 };
	int input_error = 0;
	if (optind >= argc) {
		if (isatty(STDIN_FILENO))
			fprintf(stderr, "vexplain: reading a log from the terminal (end with Ctrl-D); see --help\n");
		if (explain_fd(db, &hints, STDIN_FILENO, "stdin", &run, counts) && !run.broken_pipe)
			input_error = 1;
	}
	for (int i = optind; i < argc && !run.broken_pipe; i++) {
		int fd = !strcmp(argv[i], "-") ? dup(STDIN_FILENO) : open_input(argv[i]);
		if (fd < 0) {
			input_error = 1;
			continue;
		}
		if (explain_fd(db, &hints, fd, argv[i], &run, counts) && !run.broken_pipe)
			input_error = 1;
		close(fd);
	}
	vx_db_free(db);
	if (run.render.sarif) {
		if (vx_sarif_print(stdout, run.render.sarif))
			run.broken_pipe = 1;
		vx_sarif_free(run.render.sarif);
	}
	if (input_error)
		return VX_EXIT_USAGE;
	if (counts[VX_REJECTED])
		return VX_EXIT_REJECTED;
	if (counts[VX_ACCEPTED])
		return VX_EXIT_OK;
	return VX_EXIT_NOLOG;
}

int main(int argc, char **argv)
{
	/* a closed stdout (vexplain | head -1) is an ordinary end, not a signal */
	signal(SIGPIPE, SIG_IGN);
	/* getopt's own messages ("unrecognized option") begin with argv[0]:
	 * "vexplain: CMD" makes them read like the commands' own */
	if (argc > 1 && argv[1][0] != '-') {
		for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
			if (strcmp(argv[1], commands[i].name))
				continue;
			if (asks_version(argc - 1, argv + 1)) {
				printf("vexplain %s %s\n", commands[i].name, VX_VERSION);
				return VX_EXIT_OK;
			}
			char *label = xasprintf("vexplain: %s", commands[i].name);
			argv[1] = label;
			int rc = commands[i].fn(argc - 1, argv + 1);
			free(label);
			return rc;
		}
		if (!strcmp(argv[1], "help")) {
			usage(stdout);
			return VX_EXIT_OK;
		}
	}
	/* no command: explain, with every argument an option or a file */
	argv[0] = "vexplain";
	return cmd_explain(argc, argv);
}
