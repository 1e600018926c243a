/* SPDX-License-Identifier: MIT */
/* Run the agent (tools/agent.c, build/vexplain-agent) on another kernel in qemu.
 *
 * vx_vm_run() builds an initramfs that holds the agent as /init, the files
 * and the agent's arguments, boots the kernel in qemu (KVM when a boot with
 * it works on this machine, TCG otherwise), and returns what the agent
 * printed between its markers on the serial console.
 *
 *   const char *argv[] = { "load", "prog.bpf.o", "--log-level", "1", NULL };
 *   const char *files[] = { "build/prog.bpf.o", NULL };
 *   err = vx_vm_run("6.1", argv, files, 60, &out, &len, &release);
 *   if (err)
 *           fprintf(stderr, "vexplain: %s\n", vx_vm_strerror(err));
 *
 * kernel: "6.1", "6.12" (any MAJOR.MINOR Debian packages as linux-image-*):
 * the newest such Debian kernel, fetched with apt-get download into
 * $XDG_CACHE_HOME/vexplain/kernels/MAJOR.MINOR/ (default ~/.cache/...) on
 * first use and reused after (remove that directory to take a newer one);
 * it boots uncompressed through PVH when it can (much faster under TCG).
 * Or a path to a bzImage, booted as it is. No modules are loaded: Debian
 * builds BPF, BTF, the serial console and initramfs support in. The VM has
 * 512 MB of memory, no disk and no network.
 * agent_argv: the agent's command line without the program name (see
 * tools/agent.c: "load OBJ [--prog NAME] [--log-level N]", "probe ...",
 * "uname"). NULL-terminated.
 * files: host paths copied into the VM; the agent runs in the directory that
 * holds them, so agent_argv names each by its basename. NULL-terminated, or
 * NULL for none.
 * timeout_s: for the whole boot (qemu is killed after it); <= 0 means
 * $VEXPLAIN_VM_TIMEOUT, or 120 s.
 * On success (the agent ran, whatever it found): *output (NUL-terminated,
 * *outlen bytes without the NUL) is what the agent printed;
 * *release is the booted kernel's release ("6.1.0-56-amd64"). Both are the
 * caller's to free; outlen and release may be NULL. The agent's exit status
 * is in vx_vm_last_stats()->agent_status.
 *
 * Returns 0 or a negative errno; vx_vm_strerror() then says what went wrong
 * and which command fixes it:
 *   -ENOENT     qemu, the kernel image, the agent or a file is missing
 *   -ENOPKG     no Debian package for that kernel version (apt-get update?)
 *   -ETIMEDOUT  the VM did not finish within timeout_s
 *   -EPROTO     the VM stopped without the agent's output (panic, bad image)
 *   -EIO        fetching or unpacking the kernel package failed
 *   -EBADMSG    the agent's (compressed) output came back damaged
 *   -EINVAL     two files with the same basename
 *
 * Environment: VEXPLAIN_AGENT (path of the agent; default: beside the
 * vexplain binary, or build/ under it), VEXPLAIN_VM_ACCEL=kvm|tcg (skip the
 * KVM check), VEXPLAIN_QEMU (the qemu binary), VEXPLAIN_VM_CONSOLE=FILE
 * (append the whole serial console there, for debugging), XDG_CACHE_HOME.
 *
 * Threads: several calls may run at once (each has its own temporary
 * directory and qemu; messages and stats are per thread), e.g. one per
 * kernel of a matrix.
 *
 * KVM: /dev/kvm can exist and still never run a guest (nested hosts). The
 * first boot on a host kernel tries KVM and waits a few seconds for the
 * agent's first words; without them it boots again with TCG and notes the
 * outcome in $XDG_CACHE_HOME/vexplain/kvm-check, so later boots pick at once.
 */
#ifndef VX_VM_H
#define VX_VM_H

#include <stddef.h>

int vx_vm_run(const char *kernel, const char *const *agent_argv, const char *const *files,
	      int timeout_s, char **output, size_t *outlen, char **release);

/* vx_vm_run() of the agent's load command: OBJECT's programs (only opts'
 * prog, as opts' type, at its log level) on KERNEL. The output is
 * vx_load_print()'s text, for vx_load_parse() or the pipeline. */
struct vx_load_opts;
int vx_vm_load(const char *kernel, const char *object, const struct vx_load_opts *opts,
	       int timeout_s, char **output, size_t *outlen, char **release);

/* The message for the last failed vx_vm_run() of this thread (err is its
 * return value, used when there is no message). */
const char *vx_vm_strerror(int err);

/* Resolve a kernel argument to the image qemu boots (fetching a Debian
 * kernel into the cache when needed): the bzImage, or for a cached Debian
 * kernel its unpacked vmlinux. *image is the caller's to free. */
int vx_vm_kernel_image(const char *kernel, char **image);

/* Can KERNEL be booted, as far as can be told without fetching or booting
 * it: a readable file, or a version that is cached or that apt knows a
 * package of. 0, or -errno with vx_vm_strerror()'s message. */
int vx_vm_kernel_check(const char *kernel);

/* Timings of the last vx_vm_run() of this thread, for reports and tests. */
struct vx_vm_stats {
	const char *accel;	/* "kvm" or "tcg" */
	double boot_s;		/* qemu start to the agent's end marker */
	size_t initramfs_bytes;
	int agent_status;	/* the agent's exit status (0: it did its work) */
};
const struct vx_vm_stats *vx_vm_last_stats(void);

#endif
