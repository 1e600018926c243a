/* SPDX-License-Identifier: MIT */
/* The protocol between vexplain and its agent (tools/agent.c), which runs
 * as /init of the VM's initramfs (vm_initramfs.c) and talks back only over
 * the serial console (read by vm.c). Shared by both sides so that the
 * markers and paths are spelled once. On the console, each marker starts a
 * line:
 *
 *   @@VX-UP@@ <kernel release>          the agent started, before its action
 *   @@VX-BEGIN@@ <kernel release> [zlib <length>]
 *   <the action's output; with "zlib": zlib-compressed, base64, 76 a line>
 *   @@VX-END@@ <exit status> */
#ifndef VX_VM_AGENT_H
#define VX_VM_AGENT_H

#define VX_AGENT_UP "@@VX-UP@@ "
#define VX_AGENT_BEGIN "@@VX-BEGIN@@ "
#define VX_AGENT_END "@@VX-END@@ "
#define VX_AGENT_ZLIB "zlib"

/* In the initramfs: the agent's arguments (NUL-separated) and its files,
 * the directory it runs in. Without the leading slash, as cpio names them. */
#define VX_AGENT_ARGV "vx/argv"
#define VX_AGENT_FILES "vx/files"

#endif
