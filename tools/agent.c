// SPDX-License-Identifier: MIT
/* vexplain-agent: the loader that runs inside a VM (see src/vm.h).
 *
 * Statically linked, it is /init of the initramfs that src/vm.c builds: it
 * mounts what libbpf needs, reads its arguments from /vx/argv, runs the
 * action in /vx/files, prints "@@VX-UP@@ <kernel release>" as it starts and
 * the result on the serial console, when done, between
 *   @@VX-BEGIN@@ <kernel release> [zlib <length>]
 *   @@VX-END@@ <exit status>
 * (with "zlib", the output is zlib-compressed and base64-encoded) and
 * powers the VM off. Run by hand (not as pid 1) it only runs the action,
 * which is how its actions are tested on the host.
 *
 *   vexplain-agent load OBJ [--prog NAME] [--type TYPE] [--log-level N]
 *       load with src/bpfload.c, print with vx_load_print() (libbpf framing
 *       that the pipeline reads; vx_load_parse() reads it back)
 *   vexplain-agent probe [--type TYPE] [--helper ID] [--made-by TEXT]
 *       src/probecore.c's probe, printed as patterns/kernels/<release>.tsv
 *   vexplain-agent uname
 *       print the kernel release (boot checks) */
#include "bpfload.h"
#include "probecore.h"
#include "util_fs.h"
#include "vm_agent.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>
#include <zlib.h>

#define ARGV_FILE "/" VX_AGENT_ARGV
#define FILES_DIR "/" VX_AGENT_FILES
#define MAX_ARGS 64
#define OUT_FILE "/tmp/vx.out"
#define RAW_MAX (32u << 10) /* larger output travels compressed */

static void usage(void)
{
	puts("usage: vexplain-agent load OBJ [--prog NAME] [--type TYPE] [--log-level 1|2]\n"
	     "       vexplain-agent probe [--type TYPE] [--helper ID] [--made-by TEXT]\n"
	     "       vexplain-agent uname");
}

static int act_load(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "prog", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "log-level", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct vx_load_opts opts = { 0 };
	struct vx_load_result *res = NULL;
	size_t n = 0;
	int c, err;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			opts.prog = optarg;
			break;
		case 't':
			opts.type = optarg;
			break;
		case 'l':
			opts.log_level = atoi(optarg);
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind + 1 != argc) {
		usage();
		return 2;
	}
	err = vx_load_object(argv[optind], &opts, &res, &n);
	if (n && vx_load_print(stdout, res, n) < 0)
		err = -EIO;
	vx_load_results_free(res, n);
	if (err) {
		printf("vexplain-agent: load %s: %s\n", argv[optind], vx_load_strerror(err, &opts));
		return 4;
	}
	return 0;
}

static int act_probe(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "helper", required_argument, NULL, 'h' },
		{ "made-by", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct vx_probe_opts opts = { .helper = -1, .made_by = "vexplain-agent probe" };
	struct vx_probe_result *r = NULL;
	int c, err;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			opts.type = optarg;
			break;
		case 'h':
			opts.helper = atoi(optarg);
			break;
		case 'm':
			opts.made_by = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	err = vx_probe_run(&opts, &r);
	if (err) {
		printf("vexplain-agent: probe: %s\n", strerror(-err));
		return 4;
	}
	err = vx_probe_write_tsv(r, stdout);
	vx_probe_free(r);
	return err ? 4 : 0;
}

static int act_uname(void)
{
	struct utsname u;

	uname(&u);
	printf("%s %s %s\n", u.sysname, u.release, u.machine);
	return 0;
}

static int run_action(int argc, char **argv)
{
	if (argc < 1) {
		usage();
		return 2;
	}
	if (!strcmp(argv[0], "load"))
		return act_load(argc, argv);
	if (!strcmp(argv[0], "probe"))
		return act_probe(argc, argv);
	if (!strcmp(argv[0], "uname"))
		return act_uname();
	printf("vexplain-agent: unknown action '%s'\n", argv[0]);
	usage();
	return 2;
}

/* ---- as /init ---- */

static void write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (write(fd, s, strlen(s)) < 0) {
		/* Nothing to do about it: the file is a nicety. */
	}
	close(fd);
}

/* What libbpf expects of a system: /proc, /sys (BTF at
 * /sys/kernel/btf/vmlinux comes with it), bpffs, tracefs for kprobes.
 * Errors are left for the action to meet and report. */
static void setup_system(void)
{
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("bpffs", "/sys/fs/bpf", "bpf", 0, NULL);
	mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	/* Keep kernel messages off the console: they would land inside the
	 * output the host cuts out between the markers. */
	write_str("/proc/sys/kernel/printk", "1 4 1 7");
}

/* The console turns \n into \r\n; the host wants the agent's bytes as is. */
static void raw_console(void)
{
	struct termios t;

	if (tcgetattr(1, &t) == 0) {
		t.c_oflag &= ~OPOST;
		tcsetattr(1, TCSANOW, &t);
	}
}

/* /vx/argv: the arguments, each NUL-terminated. */
static int read_args(char *buf, size_t size, char **argv)
{
	int fd = open(ARGV_FILE, O_RDONLY | O_CLOEXEC);
	ssize_t len;
	int argc = 0;

	if (fd < 0)
		return -errno;
	len = read(fd, buf, size - 1);
	close(fd);
	if (len < 0)
		return -EIO;
	buf[len] = '\0';
	for (ssize_t i = 0; i < len && argc < MAX_ARGS; i += strlen(buf + i) + 1)
		argv[argc++] = buf + i;
	argv[argc] = NULL;
	return argc;
}

/* zlib-compressed and base64-encoded, 76 characters a line. */
static char *pack(const unsigned char *data, size_t len, size_t *outlen)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uLongf zlen = compressBound(len);
	unsigned char *z = malloc(zlen);
	char *out = NULL, *o;

	if (!z || compress2(z, &zlen, data, len, 6) != Z_OK)
		goto out;
	out = malloc((zlen + 2) / 3 * 4 + zlen / 57 + 4);
	if (!out)
		goto out;
	o = out;
	for (size_t i = 0; i < zlen; i += 3) {
		unsigned v = z[i] << 16 | (i + 1 < zlen ? z[i + 1] << 8 : 0) |
			     (i + 2 < zlen ? z[i + 2] : 0);
		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = i + 1 < zlen ? b64[v >> 6 & 63] : '=';
		*o++ = i + 2 < zlen ? b64[v & 63] : '=';
		if ((i / 3 + 1) % 19 == 0)
			*o++ = '\n';
	}
	*o++ = '\n';
	*outlen = o - out;
out:
	free(z);
	return out;
}

/* Send what the action wrote to OUT_FILE over the console. The 8250
 * console of a TCG guest moves about 270 KB/s, and a level-2 log is
 * megabytes: anything beyond a screenful goes compressed (20x smaller for
 * verifier logs), and the host unpacks it (src/vm.c). */
static int send_output(int con, const char *release, int status)
{
	char *data = NULL, *packed = NULL, head[160];
	size_t len = 0, plen = 0;
	struct stat st;
	int fd, rc = -EIO;

	fd = open(OUT_FILE, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0) {
		len = st.st_size;
		data = malloc(len + 1);
		if (data && read(fd, data, len) != (ssize_t)len)
			len = 0;
	}
	if (fd >= 0)
		close(fd);
	if (len > RAW_MAX)
		packed = pack((unsigned char *)data, len, &plen);
	if (packed)
		snprintf(head, sizeof(head), "\n" VX_AGENT_BEGIN "%s " VX_AGENT_ZLIB " %zu\n", release, len);
	else
		snprintf(head, sizeof(head), "\n" VX_AGENT_BEGIN "%s\n", release);
	rc = write_all(con, head, strlen(head));
	if (!rc)
		rc = packed ? write_all(con, packed, plen) : write_all(con, data ? data : "", len);
	snprintf(head, sizeof(head), "\n" VX_AGENT_END "%d\n", status);
	if (!rc)
		rc = write_all(con, head, strlen(head));
	free(data);
	free(packed);
	return rc;
}

static void __attribute__((noreturn)) run_as_init(void)
{
	static char buf[16384];
	char *argv[MAX_ARGS + 1];
	struct utsname u;
	int argc, rc, con, fd;

	setup_system();
	raw_console();
	uname(&u);
	/* Up: the host's check that this VM boots at all (src/vm.c gives a
	 * KVM guest a few seconds to say it) must not wait for the action. */
	printf("\n" VX_AGENT_UP "%s\n", u.release);
	fflush(stdout);
	/* The action writes to a file (stdout and stderr, in order), sent
	 * over the console when it is done. */
	con = dup(1);
	fd = open(OUT_FILE, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0) {
		dup2(fd, 1);
		close(fd);
	}
	dup2(1, 2);
	setvbuf(stdout, NULL, _IOLBF, 0);

	argc = read_args(buf, sizeof(buf), argv);
	if (argc < 0) {
		printf("vexplain-agent: %s: %s\n", ARGV_FILE, strerror(-argc));
		rc = 2;
	} else if (chdir(FILES_DIR) < 0) {
		printf("vexplain-agent: %s: %s\n", FILES_DIR, strerror(errno));
		rc = 2;
	} else {
		rc = run_action(argc, argv);
	}
	fflush(stdout);
	if (fd < 0 || send_output(con, u.release, rc) < 0) {
		dprintf(con, "\n" VX_AGENT_BEGIN "%s\nvexplain-agent: cannot send the output of "
			     "the action (%s)\n\n" VX_AGENT_END "%d\n",
			u.release, OUT_FILE, rc ? rc : 4);
	}
	tcdrain(con);
	sync();
	reboot(RB_POWER_OFF);
	/* pid 1 must not exit; the kernel would panic (and, with panic=-1
	 * and -no-reboot, stop qemu, which is also fine). */
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	if (getpid() == 1)
		run_as_init();
	return run_action(argc - 1, argv + 1);
}
