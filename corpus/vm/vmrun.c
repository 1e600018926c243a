// SPDX-License-Identifier: MIT
/* vmrun: run the VM agent on another kernel through src/vm.c, for
 * corpus/vm/gen.sh (logs and probe tables of kernels this machine does not
 * run). `vexplain load --kernel` and `vexplain probe --kernel` use the same
 * API; this stays as the plain way to reach the agent.
 *
 *   vmrun KERNEL [-t TIMEOUT] [-f FILE]... -- AGENT-ARGS...
 *
 * Prints the agent's output on stdout, and on stderr one line
 * "# kernel RELEASE accel ACCEL boot S initramfs BYTES". Exit status: the
 * agent's, or 4 when the VM could not run it (the reason on stderr). */
#include "util.h"
#include "vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int usage(void)
{
	fprintf(stderr, "usage: vmrun KERNEL [-t TIMEOUT] [-f FILE]... -- AGENT-ARGS...\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char **files = xcalloc(argc + 1, sizeof(*files));
	char *out = NULL, *release = NULL;
	int timeout = 300, nfiles = 0, c, rc;
	size_t len = 0;

	if (argc < 2 || argv[1][0] == '-')
		return usage();
	const char *kernel = argv[1];
	/* "+": options end at the first non-option or at "--" (skipped). */
	argc--;
	argv++;
	while ((c = getopt(argc, argv, "+t:f:")) != -1) {
		switch (c) {
		case 't':
			timeout = atoi(optarg);
			break;
		case 'f':
			files[nfiles++] = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind >= argc)
		return usage();

	rc = vx_vm_run(kernel, (const char *const *)argv + optind, files, timeout, &out,
		       &len, &release);
	if (rc) {
		fprintf(stderr, "vmrun: %s\n", vx_vm_strerror(rc));
		return 4;
	}
	const struct vx_vm_stats *st = vx_vm_last_stats();
	fwrite(out, 1, len, stdout);
	fprintf(stderr, "# kernel %s accel %s boot %.2f initramfs %zu\n", release, st->accel,
		st->boot_s, st->initramfs_bytes);
	free(out);
	free(release);
	free(files);
	return st->agent_status;
}
