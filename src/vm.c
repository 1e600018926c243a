// SPDX-License-Identifier: MIT
/* Boot another kernel in qemu and run the agent there (see vm.h): the
 * agent lookup, qemu (KVM or TCG), and the console protocol (vm_agent.h).
 * The kernel image comes from vm_kernels.c, the initramfs from
 * vm_initramfs.c.
 *
 * The VM has no disk and no network: the initramfs, written into a memfd,
 * holds everything (the static agent as /init, its arguments in /vx/argv,
 * the files in /vx/files) and the only way out is the serial console, where
 * the agent frames its output between "@@VX-BEGIN@@ <release>" and
 * "@@VX-END@@ <status>" (see tools/agent.c). Debian kernels build BPF, BTF
 * and the 8250 console in, so no module is needed. */
#include "vm.h"
#include "bpfload.h"
#include "progress.h"
#include "util.h"
#include "util_fs.h"
#include "util_proc.h"
#include "vm_agent.h"
#include "vm_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define VM_DEFAULT_TIMEOUT 120
/* A working KVM reaches /init in about a second; TCG needs 3-5 s. A KVM
 * that has not reached it in this time is taken as broken (on nested
 * hosts it can spin forever) and the boot is redone with TCG. */
#define VM_KVM_PROBE_S 6
/* Serial output beyond this is a runaway guest, not a verifier log. */
#define VM_MAX_OUTPUT (256u << 20)

static __thread char vm_msg[1024];
static __thread struct vx_vm_stats vm_stats;

int vx_vm_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vm_msg, sizeof(vm_msg), fmt, ap);
	va_end(ap);
	return err;
}

int vx_vm_has_msg(void)
{
	return vm_msg[0] != '\0';
}

const char *vx_vm_strerror(int err)
{
	if (vm_msg[0])
		return vm_msg;
	return strerror(err < 0 ? -err : err);
}

const struct vx_vm_stats *vx_vm_last_stats(void)
{
	return &vm_stats;
}

/* ---- the agent binary ---- */

static char *find_agent(void)
{
	static const char *const rel[] = { "vexplain-agent", "build/vexplain-agent",
					   "../vexplain-agent", "../lib/vexplain/vexplain-agent" };
	const char *env = getenv("VEXPLAIN_AGENT");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env)
		return access(env, R_OK) == 0 ? xstrdup(env) : NULL;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(rel); i++) {
		char *p = xasprintf("%s/%s", exe, rel[i]);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

/* ---- qemu ---- */

enum accel { ACCEL_TCG, ACCEL_KVM };

static char *kvm_note_path(void)
{
	char *root = vx_vm_cache_root();
	char *p = xasprintf("%s/kvm-check", root);
	free(root);
	return p;
}

/* What an earlier boot found out about KVM on this host kernel:
 * 1 works, 0 broken, -1 not known. */
static int kvm_note_read(void)
{
	struct utsname u;
	char *path = kvm_note_path(), *data = NULL;
	size_t len;
	int known = -1;

	uname(&u);
	if (read_file(path, 4096, &data, &len) == 0) {
		char word[16], rel[sizeof(u.release)];
		if (sscanf(data, "%15s %64s", word, rel) == 2 && !strcmp(rel, u.release))
			known = !strcmp(word, "works");
	}
	free(data);
	free(path);
	return known;
}

static void kvm_note_write(int works)
{
	struct utsname u;
	char *root = vx_vm_cache_root(), *path = kvm_note_path();

	uname(&u);
	if (mkdir_p(root, 0755) == 0) {
		FILE *f = fopen(path, "w");
		if (f) {
			fprintf(f, "%s %s\n", works ? "works" : "broken", u.release);
			fclose(f);
		}
	}
	free(root);
	free(path);
}

static enum accel pick_accel(int *probing)
{
	const char *env = getenv("VEXPLAIN_VM_ACCEL");

	*probing = 0;
	if (env && !strcmp(env, "tcg"))
		return ACCEL_TCG;
	if (env && !strcmp(env, "kvm"))
		return ACCEL_KVM;
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return ACCEL_TCG;
	close(fd);
	switch (kvm_note_read()) {
	case 1:
		return ACCEL_KVM;
	case 0:
		return ACCEL_TCG;
	}
	*probing = 1;
	return ACCEL_KVM;
}

struct boot {
	const char *qemu, *image;
	int initrd_fd;	       /* a memfd: nothing to clean up on any exit */
	char initrd[40];       /* /proc/self/fd/N, as qemu sees it */
	enum accel accel;
	double deadline;       /* for the whole boot */
	double begin_deadline; /* for the agent's VX_AGENT_UP (KVM check); 0: none */
	struct strbuf console;
	int timed_out, begin_missed, end_seen, agent_up;
	/* the progress line: "booting 6.12 in qemu (TCG)... 2.1 s" */
	struct vx_progress progress;
	const char *kernel, *agent_cmd;
};

static pid_t start_qemu(struct boot *b, int *fd)
{
	const char *argv[32];
	int n = 0;

	argv[n++] = b->qemu;
	argv[n++] = "-accel";
	argv[n++] = b->accel == ACCEL_KVM ? "kvm" : "tcg";
	if (b->accel == ACCEL_KVM) {
		argv[n++] = "-cpu";
		argv[n++] = "host";
	}
	/* No default devices (VGA, NIC, ...): less to probe at boot. The
	 * crypto self-tests cost a quarter of a second of emulated CPU and
	 * test nothing the agent uses. */
	const char *rest[] = { "-m", "512", "-smp", "1", "-nodefaults", "-no-user-config",
			       "-display", "none", "-serial", "stdio", "-no-reboot",
			       "-kernel", b->image, "-initrd", b->initrd, "-append",
			       "console=ttyS0 panic=-1 quiet cryptomgr.notests", NULL };
	for (int i = 0; rest[i]; i++)
		argv[n++] = rest[i];
	argv[n] = NULL;
	/* the initrd stays open: qemu opens it by its /proc/self/fd path */
	return spawn_piped(argv, NULL, 1, b->initrd_fd, fd);
}

/* A whole line starting with marker, at or after offset from of sb. */
static int has_line_from(const struct strbuf *sb, const char *marker, size_t from)
{
	const char *s = sb_str(sb);

	for (const char *p = strstr(s + from, marker); p; p = strstr(p + 1, marker))
		if ((p == s || p[-1] == '\n') && strchr(p, '\n'))
			return 1;
	return 0;
}

static int has_line(const struct strbuf *sb, const char *marker)
{
	return has_line_from(sb, marker, 0);
}

static const char *accel_name(enum accel a)
{
	return a == ACCEL_KVM ? "KVM" : "TCG";
}

/* The agent's first words are on the console: the boot is over. */
static void note_agent_up(struct boot *b, size_t from)
{
	if (b->agent_up || !has_line_from(&b->console, VX_AGENT_UP, from))
		return;
	b->agent_up = 1;
	vx_progress_stage(&b->progress, "%s in qemu (%s): the agent runs %s...", b->kernel,
			  accel_name(b->accel), b->agent_cmd);
}

/* Run qemu until the agent's end marker, qemu's exit, or a deadline. */
static int boot_once(struct boot *b)
{
	int fd = -1, status;
	pid_t pid = start_qemu(b, &fd);

	if (pid < 0)
		return vx_vm_fail(pid, "cannot start %s: %s", b->qemu, strerror(-pid));
	for (;;) {
		double now = vx_now(), until = b->deadline;
		if (b->begin_deadline && !has_line(&b->console, VX_AGENT_UP)) {
			if (now >= b->begin_deadline) {
				b->begin_missed = 1;
				break;
			}
			until = b->begin_deadline < until ? b->begin_deadline : until;
		}
		if (now >= b->deadline) {
			b->timed_out = 1;
			break;
		}
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int ms = (int)((until - now) * 1000) + 1;
		int r = poll(&p, 1, ms);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		char buf[65536];
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* qemu exited */
		size_t before = b->console.len;
		sb_add(&b->console, buf, n);
		note_agent_up(b, before > 64 ? before - 64 : 0);
		/* Done as soon as the agent is: no need to wait for poweroff.
		 * Only the new bytes (and a marker cut by the last read). */
		if (has_line_from(&b->console, VX_AGENT_END, before > 64 ? before - 64 : 0)) {
			b->end_seen = 1;
			break;
		}
		if (b->console.len > VM_MAX_OUTPUT)
			break;
	}
	kill(-pid, SIGKILL);
	close(fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return 0;
}

/* VEXPLAIN_VM_CONSOLE=FILE keeps the whole serial console (boot messages
 * and all) for when the agent's output is not what was expected. */
static void save_console(const struct boot *b)
{
	const char *path = getenv("VEXPLAIN_VM_CONSOLE");
	FILE *f;

	if (!path || !*path || !(f = fopen(path, "a")))
		return;
	fprintf(f, "==== %s, %s\n", b->image, b->accel == ACCEL_KVM ? "kvm" : "tcg");
	fwrite(sb_str(&b->console), 1, b->console.len, f);
	fclose(f);
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* The agent sends large output zlib-compressed in base64 (see
 * tools/agent.c): decode sb in place into the rawlen bytes it was. */
static int unpack(struct strbuf *sb, unsigned long rawlen)
{
	unsigned char *z = xmalloc(sb->len / 4 * 3 + 3);
	size_t zlen = 0;
	unsigned v = 0;
	int bits = 0, rc = 0;

	for (size_t i = 0; i < sb->len; i++) {
		unsigned char c = sb->buf[i];
		if (c == '=' || c == '\n' || c == '\r')
			continue;
		int d = b64_value(c);
		if (d < 0) {
			rc = -EBADMSG; /* something else on the console */
			goto out;
		}
		v = v << 6 | d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			z[zlen++] = v >> bits & 0xff;
		}
	}
	if (rawlen > VM_MAX_OUTPUT * 8UL) {
		rc = -EFBIG;
		goto out;
	}
	char *raw = xmalloc(rawlen + 1);
	uLongf got = rawlen;
	if (uncompress((Bytef *)raw, &got, z, zlen) != Z_OK || got != rawlen) {
		free(raw);
		rc = -EBADMSG;
		goto out;
	}
	raw[rawlen] = '\0';
	free(sb->buf);
	sb->buf = raw;
	sb->len = rawlen;
	sb->cap = rawlen + 1;
out:
	free(z);
	return rc;
}

/* Cut the agent's output out of the console text. */
static int extract(const char *console, char **output, size_t *outlen, char **release,
		   int *status)
{
	const char *b = NULL, *e = NULL;

	for (const char *p = strstr(console, VX_AGENT_BEGIN); p; p = strstr(p + 1, VX_AGENT_BEGIN))
		if (p == console || p[-1] == '\n') {
			b = p;
			break;
		}
	if (!b)
		return -EPROTO;
	const char *body = strchr(b, '\n');
	if (!body)
		return -EPROTO;
	body++;
	for (const char *p = strstr(body, VX_AGENT_END); p; p = strstr(p + 1, VX_AGENT_END))
		if (p[-1] == '\n' || p == body) {
			e = p;
			break;
		}
	if (!e)
		return -EPROTO;

	/* The agent turns the console's \n -> \r\n off; drop any \r left. */
	struct strbuf out = STRBUF_INIT;
	for (const char *p = body; p < e; p++)
		if (!(*p == '\r' && p[1] == '\n'))
			sb_addc(&out, *p);
	/* The agent starts its end marker on a line of its own. */
	if (out.len && out.buf[out.len - 1] == '\n')
		out.buf[--out.len] = '\0';
	if (!out.buf)
		sb_adds(&out, "");
	const char *r = b + strlen(VX_AGENT_BEGIN);
	size_t rl = strcspn(r, " \r\n");
	unsigned long zlen;
	int n = 0;
	if (sscanf(r + rl, " " VX_AGENT_ZLIB " %lu%n", &zlen, &n) == 1 && n) {
		int rc = unpack(&out, zlen);
		if (rc) {
			sb_free(&out);
			return rc;
		}
	}
	*status = atoi(e + strlen(VX_AGENT_END));
	if (outlen)
		*outlen = out.len;
	*output = sb_detach(&out);
	if (release)
		*release = xstrndup(r, rl);
	return 0;
}

static int boot_and_collect(struct boot *b, int timeout_s, int probing, char **output,
			    size_t *outlen, char **release)
{
	double t0 = vx_now();
	int rc, status = 0;

	b->deadline = t0 + timeout_s;
	b->begin_deadline = probing ? t0 + VM_KVM_PROBE_S : 0;
	vx_progress_stage(&b->progress, "booting %s in qemu (%s)...", b->kernel,
			  accel_name(b->accel));
	rc = boot_once(b);
	if (rc)
		return rc;
	save_console(b);
	if (b->begin_missed)
		return -EAGAIN;
	vm_stats.accel = b->accel == ACCEL_KVM ? "kvm" : "tcg";
	vm_stats.boot_s = vx_now() - t0;
	if (b->timed_out)
		return vx_vm_fail(-ETIMEDOUT, "the VM (%s, %s) did not finish within %d s",
			       b->image, vm_stats.accel, timeout_s);
	rc = extract(sb_str(&b->console), output, outlen, release, &status);
	/* A KVM guest that reached the agent boots: what went wrong after
	 * that is not the accelerator's doing. */
	if (rc == -EPROTO && probing && !has_line(&b->console, VX_AGENT_UP))
		return -EAGAIN;
	if (rc == -EBADMSG || rc == -EFBIG)
		return vx_vm_fail(rc, "the VM (%s, %s) sent the agent's output damaged "
				   "(something else wrote to the console)",
			       b->image, vm_stats.accel);
	if (rc) {
		char *t = tail_lines(sb_str(&b->console), strlen(sb_str(&b->console)), 8, 0);
		rc = vx_vm_fail(-EPROTO, "the VM (%s, %s) stopped without the agent's output; "
				      "its console ended with:\n%s",
			     b->image, vm_stats.accel, *t ? t : "(nothing)");
		free(t);
		return rc;
	}
	vm_stats.agent_status = status;
	return 0;
}

int vx_vm_run(const char *kernel, const char *const *agent_argv, const char *const *files,
	      int timeout_s, char **output, size_t *outlen, char **release)
{
	struct boot b = { .console = STRBUF_INIT, .initrd_fd = -1 };
	char *qemu = NULL, *image = NULL, *agent = NULL;
	const char *env = getenv("VEXPLAIN_QEMU");
	int rc, probing;

	vm_msg[0] = '\0';
	memset(&vm_stats, 0, sizeof(vm_stats));
	b.kernel = kernel && *kernel ? kernel : "?";
	b.agent_cmd = agent_argv && agent_argv[0] ? agent_argv[0] : "";
	vx_progress_start(&b.progress, "preparing a VM for %s...", b.kernel);
	*output = NULL;
	if (outlen)
		*outlen = 0;
	if (release)
		*release = NULL;
	if (timeout_s <= 0) {
		const char *t = getenv("VEXPLAIN_VM_TIMEOUT");
		timeout_s = t && atoi(t) > 0 ? atoi(t) : VM_DEFAULT_TIMEOUT;
	}

	qemu = vx_which(env && *env ? env : "qemu-system-x86_64");
	if (!qemu) {
		rc = vx_vm_fail(-ENOENT, "%s not found: apt-get install qemu-system-x86",
			     env && *env ? env : "qemu-system-x86_64");
		goto out;
	}
	agent = find_agent();
	if (!agent) {
		rc = vx_vm_fail(-ENOENT, "the VM agent (vexplain-agent) was not found beside "
				      "vexplain: run make, or set VEXPLAIN_AGENT");
		goto out;
	}
	rc = vx_vm_kernel_image(kernel, &image);
	if (rc)
		goto out;

	/* In memory, not in a temporary directory: an interrupted vexplain
	 * (qemu dies with it) leaves no file behind. */
	b.initrd_fd = memfd_create("vexplain-initramfs", MFD_CLOEXEC);
	if (b.initrd_fd < 0) {
		rc = vx_vm_fail(-errno, "memfd_create: %s", strerror(errno));
		goto out;
	}
	snprintf(b.initrd, sizeof(b.initrd), "/proc/self/fd/%d", b.initrd_fd);
	rc = vx_vm_initramfs(b.initrd_fd, agent, agent_argv, files, &vm_stats.initramfs_bytes);
	if (rc)
		goto out;

	b.qemu = qemu;
	b.image = image;
	b.accel = pick_accel(&probing);
	rc = boot_and_collect(&b, timeout_s, probing, output, outlen, release);
	if (probing && rc != -EAGAIN && has_line(&b.console, VX_AGENT_UP))
		kvm_note_write(1);
	if (rc == -EAGAIN) {
		/* KVM did not reach /init: try TCG, and when that boots the
		 * same image, remember that this host's KVM is broken. */
		sb_reset(&b.console);
		b.timed_out = b.begin_missed = b.end_seen = b.agent_up = 0;
		b.accel = ACCEL_TCG;
		rc = boot_and_collect(&b, timeout_s, 0, output, outlen, release);
		if (!rc)
			kvm_note_write(0);
	}
out:
	vx_progress_done(&b.progress);
	if (b.initrd_fd >= 0)
		close(b.initrd_fd);
	sb_free(&b.console);
	free(qemu);
	free(image);
	free(agent);
	return rc;
}

int vx_vm_load(const char *kernel, const char *object, const struct vx_load_opts *opts,
	       int timeout_s, char **output, size_t *outlen, char **release)
{
	const char *argv[10], *files[] = { object, NULL };
	const char *base = strrchr(object, '/') ? strrchr(object, '/') + 1 : object;
	char level[4];
	size_t k = 0;

	snprintf(level, sizeof(level), "%d", opts->log_level ? opts->log_level : 1);
	argv[k++] = "load";
	argv[k++] = base;
	argv[k++] = "--log-level";
	argv[k++] = level;
	if (opts->prog) {
		argv[k++] = "--prog";
		argv[k++] = opts->prog;
	}
	if (opts->type) {
		argv[k++] = "--type";
		argv[k++] = opts->type;
	}
	argv[k] = NULL;
	return vx_vm_run(kernel, argv, files, timeout_s, output, outlen, release);
}
