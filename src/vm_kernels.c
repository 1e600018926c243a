// SPDX-License-Identifier: MIT
/* The kernels the VM boots (vx_vm_kernel_image, see vm.h): a bzImage path
 * as it is, or a Debian linux-image package fetched with apt-get download
 * into the cache on first use, then unpacked to an uncompressed vmlinux
 * that qemu enters through PVH when the kernel has that note (a TCG boot
 * is much faster without the decompressor). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progress.h"
#include "util.h"
#include "util_fs.h"
#include "util_proc.h"
#include "vm.h"
#include "vm_int.h"

char *vx_vm_cache_root(void)
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

/* A fetch's progress line: "kernel 6.12: apt-get download
 * linux-image-6.12.48+deb13-amd64 (2/4)... 12.3 s". */
struct fetch_progress {
	struct vx_progress line;
	const char *kernel;
	int step, steps;
};

static void fetch_stage(struct fetch_progress *fp, const char *what, const char *pkg)
{
	fp->step += fp->step < fp->steps;
	vx_progress_stage(&fp->line, "kernel %s: %s%s%s (%d/%d)...", fp->kernel, what,
			  pkg ? " " : "", pkg ? pkg : "", fp->step, fp->steps);
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
		rc = vx_vm_fail(-ENOENT, "apt-cache not found: kernels by version come from Debian's "
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
static int fetch_package(const char *pkg, const char *work, const char *dest,
			 struct fetch_progress *fp)
{
	struct strbuf out = STRBUF_INIT;
	const char *dl[] = { "apt-get", "download", pkg, NULL };
	char *deb = NULL, *boot = NULL, *image = NULL, *path = NULL;
	int rc;

	fetch_stage(fp, "apt-get download", pkg);
	rc = run_capture(dl, work, &out);
	if (rc) {
		char *t = tail_lines(sb_str(&out), strlen(sb_str(&out)), 3, 0);
		rc = vx_vm_fail(-EIO, "apt-get download %s failed (%d; apt-get update may help): %s",
			     pkg, rc, t);
		free(t);
		goto out;
	}
	deb = find_prefixed(work, pkg);
	if (!deb) {
		rc = vx_vm_fail(-EIO, "apt-get download %s left no .deb in %s", pkg, work);
		goto out;
	}

	/* dpkg-deb | tar: positional arguments, so no path needs quoting. */
	const char *x[] = { "sh", "-c",
			    "dpkg-deb --fsys-tarfile \"$1\" | tar -x -C \"$2\" --wildcards "
			    "'./boot/vmlinuz-*' './boot/config-*'",
			    "sh", deb, dest, NULL };
	sb_reset(&out);
	fetch_stage(fp, "unpacking", pkg);
	rc = run_capture(x, work, &out);
	boot = xasprintf("%s/boot", dest);
	image = find_prefixed(boot, "vmlinuz-");
	if (rc || !image) {
		char *t = tail_lines(sb_str(&out), strlen(sb_str(&out)), 3, 0);
		rc = vx_vm_fail(-EIO, "unpacking %s/%s failed (%d): %s", work, deb, rc, t);
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
static int fetch_version(const char *root, const char *version, const char *final,
			 struct fetch_progress *fp)
{
	char **names = NULL;
	size_t count = 0;
	char *tmpl = NULL, *dest = NULL;
	int rc;

	fetch_stage(fp, "looking up Debian's linux-image packages", NULL);
	rc = list_packages(version, &names, &count);
	if (rc)
		goto out;
	if (!count) {
		rc = vx_vm_fail(-ENOPKG,
			     "apt knows no package linux-image-%s.*-amd64: run apt-get update "
			     "(Debian bookworm has 6.1 and 6.12), or give a bzImage with --kernel PATH",
			     version);
		goto out;
	}
	rc = mkdir_p(root, 0755);
	if (rc) {
		rc = vx_vm_fail(rc, "cannot create %s: %s", root, strerror(-rc));
		goto out;
	}
	tmpl = xasprintf("%s/.fetch-%s-XXXXXX", root, version);
	if (!mkdtemp(tmpl)) {
		rc = vx_vm_fail(-errno, "cannot create a directory in %s: %s", root, strerror(errno));
		goto out;
	}
	dest = xasprintf("%s/kernel", tmpl);
	if (mkdir(dest, 0755) < 0) {
		rc = -errno;
		goto out;
	}
	/* The newest name first; an older one only if the newest is gone. */
	for (size_t i = 0; i < count && i < 3; i++) {
		fp->step = 1; /* an older package: its download and unpack again */
		rc = fetch_package(names[i], tmpl, dest, fp);
		if (!rc)
			break;
	}
	if (rc)
		goto out;
	if (rename(dest, final) < 0 && errno != EEXIST && errno != ENOTEMPTY)
		rc = vx_vm_fail(-errno, "cannot move the kernel to %s: %s", final, strerror(errno));
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
	rc = c ? write_file(in, d + off, plen) : -EOPNOTSUPP;
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
static char *cached_vmlinux(const char *dir, const char *vmlinuz, struct fetch_progress *fp)
{
	char *vmlinux = xasprintf("%s/vmlinux", dir), *none = xasprintf("%s/vmlinux.none", dir);
	int rc;

	if (access(vmlinux, R_OK) == 0)
		goto out;
	rc = access(none, F_OK) == 0 || !has_pvh(dir) ? -ENOEXEC : 0;
	if (!rc) {
		if (!fp->line.on) /* the image was cached, its vmlinux not */
			vx_progress_start(&fp->line, "kernel %s", fp->kernel);
		fetch_stage(fp, "uncompressing vmlinux for a PVH boot", NULL);
		rc = unpack_vmlinux(vmlinuz, vmlinux);
	}
	if (rc) {
		if (access(none, F_OK) < 0)
			write_file(none, "", 0);
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
		return vx_vm_fail(-EINVAL, "no kernel given: a version (6.1, 6.12) or a bzImage path");
	if (!is_version(kernel)) {
		if (access(kernel, R_OK) < 0)
			return vx_vm_fail(-ENOENT, "kernel image %s: %s (give a bzImage, or a "
						"version such as 6.1 or 6.12)", kernel, strerror(errno));
		*image = xstrdup(kernel);
		return 0;
	}

	root = vx_vm_cache_root();
	dir = xasprintf("%s/kernels", root);
	path = xasprintf("%s/%s", dir, kernel);
	char *vmlinuz = xasprintf("%s/vmlinuz", path);
	struct fetch_progress fp = { .kernel = kernel, .steps = 1 };
	rc = 0;
	if (access(vmlinuz, R_OK) < 0) {
		fp.steps = 4;
		vx_progress_start(&fp.line, "kernel %s", kernel);
		rc = fetch_version(dir, kernel, path, &fp);
	}
	if (!rc && access(vmlinuz, R_OK) < 0)
		rc = vx_vm_fail(-ENOENT, "no kernel image at %s after fetching it", vmlinuz);
	if (!rc) {
		*image = cached_vmlinux(path, vmlinuz, &fp);
		if (!*image)
			*image = vmlinuz;
		else
			free(vmlinuz);
	} else {
		free(vmlinuz);
	}
	vx_progress_done(&fp.line);
	free(root);
	free(dir);
	free(path);
	return rc;
}

int vx_vm_kernel_check(const char *kernel)
{
	char **names = NULL, *root, *cached;
	size_t count = 0;
	struct stat st;
	int rc;

	if (!kernel || !*kernel)
		return vx_vm_fail(-EINVAL,
				  "no kernel given: a version (6.1, 6.12) or a bzImage path");
	if (!is_version(kernel)) {
		if (stat(kernel, &st) < 0 || access(kernel, R_OK) < 0)
			return vx_vm_fail(-errno,
					  "kernel image %s: %s (give a bzImage, or a version "
					  "such as 6.1 or 6.12)",
					  kernel, strerror(errno));
		if (!S_ISREG(st.st_mode))
			return vx_vm_fail(-EISDIR,
					  "kernel image %s: not a file (give a bzImage, or "
					  "a version such as 6.1 or 6.12)",
					  kernel);
		return 0;
	}
	root = vx_vm_cache_root();
	cached = xasprintf("%s/kernels/%s/vmlinuz", root, kernel);
	rc = access(cached, R_OK) == 0 ? 0 : list_packages(kernel, &names, &count);
	if (!rc && access(cached, R_OK) < 0 && !count)
		rc = vx_vm_fail(-ENOPKG,
				"apt knows no package linux-image-%s.*-amd64: run apt-get update "
				"(Debian bookworm has 6.1 and 6.12), or give a bzImage path",
				kernel);
	free_strv(names, count);
	free(cached);
	free(root);
	return rc;
}
