// SPDX-License-Identifier: MIT
/* Boot another kernel in qemu and run the agent there (see vm.h).
 *
 * The VM has no disk and no network: the initramfs, written into a memfd,
 * holds everything (the static agent as /init, its arguments in /vx/argv,
 * the files in /vx/files) and the only way out is the serial console, where
 * the agent frames its output between "@@VX-BEGIN@@ <release>" and
 * "@@VX-END@@ <status>" (see tools/agent.c). Debian kernels build BPF, BTF
 * and the 8250 console in, so no module is needed. */
#include "vm.h"
#include "bpfload.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <regex.h>
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

#define VM_UP "@@VX-UP@@ "	/* the agent started (before its action) */
#define VM_BEGIN "@@VX-BEGIN@@ "
#define VM_END "@@VX-END@@ "
#define VM_DEFAULT_TIMEOUT 120
/* A working KVM reaches /init in about a second; TCG needs 3-5 s. A KVM
 * that has not reached it in this time is taken as broken (on nested
 * hosts it can spin forever) and the boot is redone with TCG. */
#define VM_KVM_PROBE_S 6
/* Serial output beyond this is a runaway guest, not a verifier log. */
#define VM_MAX_OUTPUT (256u << 20)

static __thread char vm_msg[1024];
static __thread struct vx_vm_stats vm_stats;

static int vm_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int vm_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vm_msg, sizeof(vm_msg), fmt, ap);
	va_end(ap);
	return err;
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

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- small process and file helpers ---- */

/* Find prog in $PATH (or take it as is when it holds a slash). */
static char *which(const char *prog)
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

/* Start argv (argv[0] looked up in $PATH) in cwd (NULL: ours), stdin from
 * /dev/null, stdout and stderr into a pipe whose read end is put in *fd.
 * own_group: in a process group of its own, which a timeout kills whole,
 * and killed with us, so an interrupted vexplain leaves nothing running (a
 * hung KVM guest would run forever). keep_fd: a descriptor the program
 * inherits (-1: none). Returns the pid, or -errno. */
static pid_t spawn_piped(const char *const *argv, const char *cwd, int own_group, int keep_fd,
			 int *fd)
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
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
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

/* Run argv in cwd, stdout and stderr into out (may be NULL: discarded).
 * Returns the exit status, or -errno when it could not run. */
static int run_capture(const char *const *argv, const char *cwd, struct strbuf *out)
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

	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	remove(path);
	return 0;
}

static void rm_rf(const char *path)
{
	if (path)
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int mkdir_p(const char *path, mode_t mode)
{
	char *p = xstrdup(path);
	int err = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			err = -errno;
		*s = '/';
		if (err)
			goto out;
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		err = -errno;
out:
	free(p);
	return err;
}

/* The last lines of s, for error messages about what a tool printed. */
static char *tail_lines(const char *s, int lines)
{
	size_t len = strlen(s);

	while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	size_t i = len;
	while (i > 0) {
		if (s[i - 1] == '\n' && --lines == 0)
			break;
		i--;
	}
	struct strbuf sb = STRBUF_INIT;
	for (size_t j = i; j < len; j++)
		if (s[j] != '\r')
			sb_addc(&sb, s[j]);
	return sb_detach(&sb);
}

/* ---- kernels: a path, or a Debian package fetched into the cache ---- */

static char *cache_root(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/vexplain", xdg);

	const char *home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : "/tmp";
	}
	return xasprintf("%s/.cache/vexplain", home);
}

static int is_version(const char *s)
{
	regex_t re;
	int ok;

	if (regcomp(&re, "^[0-9]+\\.[0-9]+$", REG_EXTENDED | REG_NOSUB))
		return 0;
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static int cmp_desc(const void *a, const void *b)
{
	return strverscmp(*(char *const *)b, *(char *const *)a);
}

/* Debian's generic amd64 image packages of one MAJOR.MINOR, newest first:
 * linux-image-6.1.0-56-amd64, linux-image-6.12.117+deb12-amd64. The
 * -unsigned twins hold the same image; cloud and rt are other configs. */
static int list_packages(const char *version, char ***names, size_t *count)
{
	struct strbuf out = STRBUF_INIT, pat = STRBUF_INIT;
	char *prefix = xasprintf("linux-image-%s.", version);
	const char *argv[] = { "apt-cache", "pkgnames", prefix, NULL };
	regex_t re;
	int rc;

	*names = NULL;
	*count = 0;
	rc = run_capture(argv, NULL, &out);
	if (rc == 127 || rc == -ENOENT) {
		rc = vm_fail(-ENOENT, "apt-cache not found: kernels by version come from Debian's "
				      "archive; give a bzImage with --kernel PATH instead");
		goto out;
	}

	sb_adds(&pat, "^linux-image-");
	for (const char *v = version; *v; v++) {
		if (*v == '.')
			sb_addc(&pat, '\\');
		sb_addc(&pat, *v);
	}
	sb_adds(&pat, "\\.[0-9]+(-[0-9]+)?(\\+deb[0-9]+)?-amd64$");
	if (regcomp(&re, sb_str(&pat), REG_EXTENDED | REG_NOSUB)) {
		rc = -EINVAL;
		goto out;
	}
	for (char *line = out.buf, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (regexec(&re, line, 0, NULL, 0))
			continue;
		*names = xrealloc(*names, (*count + 1) * sizeof(**names));
		(*names)[(*count)++] = xstrdup(line);
	}
	regfree(&re);
	if (*count)
		qsort(*names, *count, sizeof(**names), cmp_desc);
	rc = 0;
out:
	sb_free(&out);
	sb_free(&pat);
	free(prefix);
	return rc;
}

/* The one file in dir whose name starts with prefix (NULL if none). */
static char *find_prefixed(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *found = NULL;

	if (!d)
		return NULL;
	while (!found && (de = readdir(d)))
		if (starts_with(de->d_name, prefix))
			found = xstrdup(de->d_name);
	closedir(d);
	return found;
}

/* apt-get download PKG into work/, then take boot/vmlinuz-* and
 * boot/config-* out of it (the modules are not needed: ~8 MB, not 400). */
static int fetch_package(const char *pkg, const char *work, const char *dest)
{
	struct strbuf out = STRBUF_INIT;
	const char *dl[] = { "apt-get", "download", pkg, NULL };
	char *deb = NULL, *boot = NULL, *image = NULL, *path = NULL;
	int rc;

	rc = run_capture(dl, work, &out);
	if (rc) {
		char *t = tail_lines(sb_str(&out), 3);
		rc = vm_fail(-EIO, "apt-get download %s failed (%d; apt-get update may help): %s",
			     pkg, rc, t);
		free(t);
		goto out;
	}
	deb = find_prefixed(work, pkg);
	if (!deb) {
		rc = vm_fail(-EIO, "apt-get download %s left no .deb in %s", pkg, work);
		goto out;
	}

	/* dpkg-deb | tar: positional arguments, so no path needs quoting. */
	const char *x[] = { "sh", "-c",
			    "dpkg-deb --fsys-tarfile \"$1\" | tar -x -C \"$2\" --wildcards "
			    "'./boot/vmlinuz-*' './boot/config-*'",
			    "sh", deb, dest, NULL };
	sb_reset(&out);
	rc = run_capture(x, work, &out);
	boot = xasprintf("%s/boot", dest);
	image = find_prefixed(boot, "vmlinuz-");
	if (rc || !image) {
		char *t = tail_lines(sb_str(&out), 3);
		rc = vm_fail(-EIO, "unpacking %s/%s failed (%d): %s", work, deb, rc, t);
		free(t);
		goto out;
	}

	/* dest/vmlinuz and dest/release: what vx_vm_kernel_image() reuses. */
	char *from = xasprintf("%s/%s", boot, image);
	path = xasprintf("%s/vmlinuz", dest);
	rc = rename(from, path) < 0 ? -errno : 0;
	free(from);
	if (rc)
		goto out;
	free(path);
	path = xasprintf("%s/package", dest);
	FILE *f = fopen(path, "w");
	if (!f) {
		rc = -errno;
		goto out;
	}
	fprintf(f, "%s\n%s\n", pkg, image + strlen("vmlinuz-"));
	rc = fclose(f) ? -errno : 0;
out:
	free(deb);
	free(boot);
	free(image);
	free(path);
	sb_free(&out);
	return rc;
}

/* The newest Debian image of version, in root/version/vmlinuz. Fetched into
 * a private directory and renamed into place, so two vexplain runs that
 * fetch at once both end with a whole image. */
static int fetch_version(const char *root, const char *version, const char *final)
{
	char **names = NULL;
	size_t count = 0;
	char *tmpl = NULL, *dest = NULL;
	int rc;

	rc = list_packages(version, &names, &count);
	if (rc)
		goto out;
	if (!count) {
		rc = vm_fail(-ENOPKG,
			     "apt knows no package linux-image-%s.*-amd64: run apt-get update "
			     "(Debian bookworm has 6.1 and 6.12), or give a bzImage with --kernel PATH",
			     version);
		goto out;
	}
	rc = mkdir_p(root, 0755);
	if (rc) {
		rc = vm_fail(rc, "cannot create %s: %s", root, strerror(-rc));
		goto out;
	}
	tmpl = xasprintf("%s/.fetch-%s-XXXXXX", root, version);
	if (!mkdtemp(tmpl)) {
		rc = vm_fail(-errno, "cannot create a directory in %s: %s", root, strerror(errno));
		goto out;
	}
	dest = xasprintf("%s/kernel", tmpl);
	if (mkdir(dest, 0755) < 0) {
		rc = -errno;
		goto out;
	}
	/* The newest name first; an older one only if the newest is gone. */
	for (size_t i = 0; i < count && i < 3; i++) {
		rc = fetch_package(names[i], tmpl, dest);
		if (!rc)
			break;
	}
	if (rc)
		goto out;
	if (rename(dest, final) < 0 && errno != EEXIST && errno != ENOTEMPTY)
		rc = vm_fail(-errno, "cannot move the kernel to %s: %s", final, strerror(errno));
out:
	rm_rf(tmpl);
	free_strv(names, count);
	free(tmpl);
	free(dest);
	return rc;
}

/* ---- a faster boot: the kernel uncompressed, entered through PVH ----
 *
 * Under TCG the decompressor of a bzImage runs emulated, and for Debian's
 * XZ-compressed 6.1 that is over half of the boot (4.7 s of CPU, against
 * 2.0 s for the same kernel uncompressed; zstd 6.12: 3.4 s against 2.4 s).
 * qemu starts an uncompressed vmlinux at its PVH entry point (CONFIG_PVH),
 * so the payload is unpacked once on the host with xz or zstd and cached
 * beside the bzImage. Any failure leaves the bzImage in use. */

struct codec {
	const char *magic;
	size_t len;
	const char *cmd;
};

static const struct codec codecs[] = {
	{ "\xfd" "7zXZ", 5, "xz -dc" },
	{ "\x28\xb5\x2f\xfd", 4, "zstd -dcq" },
	{ "\x1f\x8b", 2, "gzip -dc" },
};

static unsigned le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned)p[3] << 24;
}

static int write_all(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	size_t n = fwrite(data, 1, len, f);
	if (fclose(f) || n != len)
		return -EIO;
	return 0;
}

static int file_starts_with(const char *path, const char *magic, size_t n)
{
	char buf[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got;

	if (fd < 0)
		return 0;
	got = read(fd, buf, n < sizeof(buf) ? n : sizeof(buf));
	close(fd);
	return got == (ssize_t)n && !memcmp(buf, magic, n);
}

/* The compressed payload of a bzImage (boot protocol 2.08+: payload_offset
 * and payload_length in the setup header), without the 4-byte
 * uncompressed size the kernel build appends, which is *size. */
static int bz_payload(const unsigned char *d, size_t len, size_t *off, size_t *plen,
		      unsigned *size)
{
	if (len < 0x250 || memcmp(d + 0x202, "HdrS", 4) || (d[0x206] | d[0x207] << 8) < 0x208)
		return -ENOEXEC;
	size_t base = ((size_t)(d[0x1f1] ? d[0x1f1] : 4) + 1) * 512;
	size_t o = base + le32(d + 0x248), l = le32(d + 0x24c);
	if (l < 8 || o > len || l > len - o)
		return -ENOEXEC;
	*off = o;
	*plen = l - 4;
	*size = le32(d + o + l - 4);
	return 0;
}

static int unpack_vmlinux(const char *bz, const char *out)
{
	unsigned char *d = NULL;
	/* Names of this thread's own: vexplain runs may unpack at once. */
	char *in = xasprintf("%s.payload.%d", out, (int)gettid());
	char *tmp = xasprintf("%s.tmp.%d", out, (int)gettid());
	const struct codec *c = NULL;
	size_t len = 0, off, plen;
	unsigned size;
	struct stat st;
	int rc;

	rc = read_file(bz, 256u << 20, (char **)&d, &len);
	if (!rc)
		rc = bz_payload(d, len, &off, &plen, &size);
	if (rc)
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(codecs) && !c; i++)
		if (plen >= codecs[i].len && !memcmp(d + off, codecs[i].magic, codecs[i].len))
			c = &codecs[i];
	rc = c ? write_all(in, d + off, plen) : -EOPNOTSUPP;
	if (rc)
		goto out;
	char *script = xasprintf("%s <\"$1\" >\"$2\"", c->cmd);
	const char *argv[] = { "sh", "-c", script, "sh", in, tmp, NULL };
	rc = run_capture(argv, NULL, NULL);
	free(script);
	/* Whole and an ELF file, or not used at all. */
	if (!rc && (stat(tmp, &st) < 0 || st.st_size != size))
		rc = -EIO;
	if (!rc && !file_starts_with(tmp, "\x7f" "ELF", 4))
		rc = -ENOEXEC;
	if (!rc && rename(tmp, out) < 0)
		rc = -errno;
	if (rc > 0)
		rc = -EIO;
out:
	unlink(in);
	unlink(tmp);
	free(in);
	free(tmp);
	free(d);
	return rc;
}

/* Debian's config beside the image says whether it has the PVH entry. */
static int has_pvh(const char *dir)
{
	char *boot = xasprintf("%s/boot", dir), *name = find_prefixed(boot, "config-");
	char *cfg = name ? xasprintf("%s/%s", boot, name) : NULL, *text = NULL;
	size_t len;
	int yes = 0;

	if (cfg && read_file(cfg, 4u << 20, &text, &len) == 0)
		yes = strstr(text, "\nCONFIG_PVH=y\n") != NULL;
	free(boot);
	free(name);
	free(cfg);
	free(text);
	return yes;
}

/* dir/vmlinux when it is there or can be made, else NULL. A failed attempt
 * leaves dir/vmlinux.none so it is not tried at every boot. */
static char *cached_vmlinux(const char *dir, const char *vmlinuz)
{
	char *vmlinux = xasprintf("%s/vmlinux", dir), *none = xasprintf("%s/vmlinux.none", dir);

	if (access(vmlinux, R_OK) == 0)
		goto out;
	if (access(none, F_OK) == 0 || !has_pvh(dir) || unpack_vmlinux(vmlinuz, vmlinux)) {
		if (access(none, F_OK) < 0)
			write_all(none, "", 0);
		free(vmlinux);
		vmlinux = NULL;
	}
out:
	free(none);
	return vmlinux;
}

int vx_vm_kernel_image(const char *kernel, char **image)
{
	char *root = NULL, *dir = NULL, *path = NULL;
	int rc;

	*image = NULL;
	if (!kernel || !*kernel)
		return vm_fail(-EINVAL, "no kernel given: a version (6.1, 6.12) or a bzImage path");
	if (!is_version(kernel)) {
		if (access(kernel, R_OK) < 0)
			return vm_fail(-ENOENT, "kernel image %s: %s (give a bzImage, or a "
						"version such as 6.1 or 6.12)", kernel, strerror(errno));
		*image = xstrdup(kernel);
		return 0;
	}

	root = cache_root();
	dir = xasprintf("%s/kernels", root);
	path = xasprintf("%s/%s", dir, kernel);
	char *vmlinuz = xasprintf("%s/vmlinuz", path);
	rc = 0;
	if (access(vmlinuz, R_OK) < 0)
		rc = fetch_version(dir, kernel, path);
	if (!rc && access(vmlinuz, R_OK) < 0)
		rc = vm_fail(-ENOENT, "no kernel image at %s after fetching it", vmlinuz);
	if (!rc) {
		*image = cached_vmlinux(path, vmlinuz);
		if (!*image)
			*image = vmlinuz;
		else
			free(vmlinuz);
	} else {
		free(vmlinuz);
	}
	free(root);
	free(dir);
	free(path);
	return rc;
}

/* ---- the initramfs: a newc cpio written here, no tool needed ---- */

struct cpio {
	FILE *f;
	unsigned ino;
	size_t bytes;
};

static int cpio_put(struct cpio *c, const char *name, unsigned mode, const void *data,
		    size_t size, unsigned rmaj, unsigned rmin)
{
	static const char zeros[4];
	size_t namesize = strlen(name) + 1;
	char hdr[128];

	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 c->ino++, mode, 0, 0, S_ISDIR(mode) ? 2 : 1, 0, (unsigned)size, 0, 0, rmaj,
		 rmin, (unsigned)namesize, 0);
	fwrite(hdr, 1, 110, c->f);
	fwrite(name, 1, namesize, c->f);
	size_t pad = (4 - (110 + namesize) % 4) % 4;
	fwrite(zeros, 1, pad, c->f);
	c->bytes += 110 + namesize + pad;
	if (size) {
		fwrite(data, 1, size, c->f);
		pad = (4 - size % 4) % 4;
		fwrite(zeros, 1, pad, c->f);
		c->bytes += size + pad;
	}
	return ferror(c->f) ? -EIO : 0;
}

static int cpio_file(struct cpio *c, const char *name, const char *host, unsigned mode)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	rc = read_file(host, 1u << 30, &data, &len);
	if (rc)
		return vm_fail(rc, "cannot read %s: %s", host, strerror(-rc));
	rc = cpio_put(c, name, S_IFREG | mode, data, len, 0, 0);
	free(data);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static int write_initramfs(int fd, const char *agent, const char *const *argv,
			   const char *const *files, size_t *bytes)
{
	static const char *const dirs[] = { "dev", "proc", "sys", "tmp", "vx", "vx/files" };
	struct cpio c = { .ino = 1 };
	struct strbuf args = STRBUF_INIT;
	int rc = 0, dfd = dup(fd);

	c.f = dfd >= 0 ? fdopen(dfd, "w") : NULL;
	if (!c.f) {
		if (dfd >= 0)
			close(dfd);
		return vm_fail(-errno, "cannot write the initramfs: %s", strerror(errno));
	}
	for (size_t i = 0; i < ARRAY_SIZE(dirs) && !rc; i++)
		rc = cpio_put(&c, dirs[i], S_IFDIR | 0755, NULL, 0, 0, 0);
	/* The kernel opens /dev/console for /init's stdio before any mount. */
	if (!rc)
		rc = cpio_put(&c, "dev/console", S_IFCHR | 0600, NULL, 0, 5, 1);
	if (!rc)
		rc = cpio_file(&c, "init", agent, 0755);
	for (size_t i = 0; files && files[i] && !rc; i++) {
		/* The agent finds files by basename: two alike would clash. */
		for (size_t j = 0; j < i; j++)
			if (!strcmp(base_name(files[i]), base_name(files[j])))
				rc = vm_fail(-EINVAL, "two files named %s for the VM: %s and %s",
					     base_name(files[i]), files[j], files[i]);
		if (rc)
			break;
		char *name = xasprintf("vx/files/%s", base_name(files[i]));
		rc = cpio_file(&c, name, files[i], 0644);
		free(name);
	}
	/* The arguments, NUL-separated: no quoting through the command line. */
	for (size_t i = 0; argv && argv[i]; i++)
		sb_add(&args, argv[i], strlen(argv[i]) + 1);
	if (!rc)
		rc = cpio_put(&c, "vx/argv", S_IFREG | 0644, args.buf, args.len, 0, 0);
	if (!rc)
		rc = cpio_put(&c, "TRAILER!!!", 0, NULL, 0, 0, 0);
	if (fclose(c.f) && !rc)
		rc = -EIO;
	if (rc && !vm_msg[0])
		vm_fail(rc, "cannot write the initramfs: %s", strerror(-rc));
	*bytes = c.bytes;
	sb_free(&args);
	return rc;
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
	char *root = cache_root();
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
	char *root = cache_root(), *path = kvm_note_path();

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
	double begin_deadline; /* for the agent's VM_UP (KVM check); 0: none */
	struct strbuf console;
	int timed_out, begin_missed, end_seen;
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

/* Run qemu until the agent's end marker, qemu's exit, or a deadline. */
static int boot_once(struct boot *b)
{
	int fd = -1, status;
	pid_t pid = start_qemu(b, &fd);

	if (pid < 0)
		return vm_fail(pid, "cannot start %s: %s", b->qemu, strerror(-pid));
	for (;;) {
		double now = now_s(), until = b->deadline;
		if (b->begin_deadline && !has_line(&b->console, VM_UP)) {
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
		/* Done as soon as the agent is: no need to wait for poweroff.
		 * Only the new bytes (and a marker cut by the last read). */
		if (has_line_from(&b->console, VM_END, before > 64 ? before - 64 : 0)) {
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

	for (const char *p = strstr(console, VM_BEGIN); p; p = strstr(p + 1, VM_BEGIN))
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
	for (const char *p = strstr(body, VM_END); p; p = strstr(p + 1, VM_END))
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
	const char *r = b + strlen(VM_BEGIN);
	size_t rl = strcspn(r, " \r\n");
	unsigned long zlen;
	int n = 0;
	if (sscanf(r + rl, " zlib %lu%n", &zlen, &n) == 1 && n) {
		int rc = unpack(&out, zlen);
		if (rc) {
			sb_free(&out);
			return rc;
		}
	}
	*status = atoi(e + strlen(VM_END));
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
	double t0 = now_s();
	int rc, status = 0;

	b->deadline = t0 + timeout_s;
	b->begin_deadline = probing ? t0 + VM_KVM_PROBE_S : 0;
	rc = boot_once(b);
	if (rc)
		return rc;
	save_console(b);
	if (b->begin_missed)
		return -EAGAIN;
	vm_stats.accel = b->accel == ACCEL_KVM ? "kvm" : "tcg";
	vm_stats.boot_s = now_s() - t0;
	if (b->timed_out)
		return vm_fail(-ETIMEDOUT, "the VM (%s, %s) did not finish within %d s",
			       b->image, vm_stats.accel, timeout_s);
	rc = extract(sb_str(&b->console), output, outlen, release, &status);
	/* A KVM guest that reached the agent boots: what went wrong after
	 * that is not the accelerator's doing. */
	if (rc == -EPROTO && probing && !has_line(&b->console, VM_UP))
		return -EAGAIN;
	if (rc == -EBADMSG || rc == -EFBIG)
		return vm_fail(rc, "the VM (%s, %s) sent the agent's output damaged "
				   "(something else wrote to the console)",
			       b->image, vm_stats.accel);
	if (rc) {
		char *t = tail_lines(sb_str(&b->console), 8);
		rc = vm_fail(-EPROTO, "the VM (%s, %s) stopped without the agent's output; "
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
	*output = NULL;
	if (outlen)
		*outlen = 0;
	if (release)
		*release = NULL;
	if (timeout_s <= 0) {
		const char *t = getenv("VEXPLAIN_VM_TIMEOUT");
		timeout_s = t && atoi(t) > 0 ? atoi(t) : VM_DEFAULT_TIMEOUT;
	}

	qemu = which(env && *env ? env : "qemu-system-x86_64");
	if (!qemu) {
		rc = vm_fail(-ENOENT, "%s not found: apt-get install qemu-system-x86",
			     env && *env ? env : "qemu-system-x86_64");
		goto out;
	}
	agent = find_agent();
	if (!agent) {
		rc = vm_fail(-ENOENT, "the VM agent (vexplain-agent) was not found beside "
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
		rc = vm_fail(-errno, "memfd_create: %s", strerror(errno));
		goto out;
	}
	snprintf(b.initrd, sizeof(b.initrd), "/proc/self/fd/%d", b.initrd_fd);
	rc = write_initramfs(b.initrd_fd, agent, agent_argv, files, &vm_stats.initramfs_bytes);
	if (rc)
		goto out;

	b.qemu = qemu;
	b.image = image;
	b.accel = pick_accel(&probing);
	rc = boot_and_collect(&b, timeout_s, probing, output, outlen, release);
	if (probing && rc != -EAGAIN && has_line(&b.console, VM_UP))
		kvm_note_write(1);
	if (rc == -EAGAIN) {
		/* KVM did not reach /init: try TCG, and when that boots the
		 * same image, remember that this host's KVM is broken. */
		sb_reset(&b.console);
		b.timed_out = b.begin_missed = b.end_seen = 0;
		b.accel = ACCEL_TCG;
		rc = boot_and_collect(&b, timeout_s, 0, output, outlen, release);
		if (!rc)
			kvm_note_write(0);
	}
out:
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
