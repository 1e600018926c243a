/* SPDX-License-Identifier: MIT */
/* What the files of the VM runner (vm.c: qemu and the console; vm_kernels.c;
 * vm_initramfs.c) share. Not for other callers: vm.h is the interface. */
#ifndef VX_VM_INT_H
#define VX_VM_INT_H

#include <stddef.h>

/* Set this thread's message for vx_vm_strerror() and return ERR. */
int vx_vm_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Has this thread's message been set since the run began? */
int vx_vm_has_msg(void);

/* $XDG_CACHE_HOME/vexplain (or ~/.cache/vexplain), allocated. */
char *vx_vm_cache_root(void);

/* Write the newc cpio initramfs into FD: the AGENT as /init, its ARGV, the
 * FILES; *bytes: its size. 0 or -errno (with a message). */
int vx_vm_initramfs(int fd, const char *agent, const char *const *argv, const char *const *files,
		    size_t *bytes);

#endif
