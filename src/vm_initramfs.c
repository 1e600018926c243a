// SPDX-License-Identifier: MIT
/* The VM's initramfs: a newc cpio written here, no tool needed. It holds
 * the agent as /init, its arguments and its files (vm_agent.h's paths). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "vm_agent.h"
#include "vm_int.h"

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
		return vx_vm_fail(rc, "cannot read %s: %s", host, strerror(-rc));
	rc = cpio_put(c, name, S_IFREG | mode, data, len, 0, 0);
	free(data);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int vx_vm_initramfs(int fd, const char *agent, const char *const *argv, const char *const *files,
		    size_t *bytes)
{
	static const char *const dirs[] = { "dev", "proc", "sys", "tmp", "vx", VX_AGENT_FILES };
	struct cpio c = { .ino = 1 };
	struct strbuf args = STRBUF_INIT;
	int rc = 0, dfd = dup(fd);

	c.f = dfd >= 0 ? fdopen(dfd, "w") : NULL;
	if (!c.f) {
		if (dfd >= 0)
			close(dfd);
		return vx_vm_fail(-errno, "cannot write the initramfs: %s", strerror(errno));
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
				rc = vx_vm_fail(-EINVAL, "two files named %s for the VM: %s and %s",
					     base_name(files[i]), files[j], files[i]);
		if (rc)
			break;
		char *name = xasprintf(VX_AGENT_FILES "/%s", base_name(files[i]));
		rc = cpio_file(&c, name, files[i], 0644);
		free(name);
	}
	/* The arguments, NUL-separated: no quoting through the command line. */
	for (size_t i = 0; argv && argv[i]; i++)
		sb_add(&args, argv[i], strlen(argv[i]) + 1);
	if (!rc)
		rc = cpio_put(&c, VX_AGENT_ARGV, S_IFREG | 0644, args.buf, args.len, 0, 0);
	if (!rc)
		rc = cpio_put(&c, "TRAILER!!!", 0, NULL, 0, 0, 0);
	if (fclose(c.f) && !rc)
		rc = -EIO;
	if (rc && !vx_vm_has_msg())
		vx_vm_fail(rc, "cannot write the initramfs: %s", strerror(-rc));
	*bytes = c.bytes;
	sb_free(&args);
	return rc;
}
