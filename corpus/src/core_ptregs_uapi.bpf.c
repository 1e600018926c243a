// SPDX-License-Identifier: GPL-2.0
/* PT_REGS_PARM2_CORE without vmlinux.h: bpf_tracing.h then uses the UAPI
 * names of <linux/ptrace.h> (rsi), but the kernel's struct pt_regs calls the
 * field si, so the CO-RE relocation finds nothing and libbpf poisons it. */
// vx-what: tp_btf reads a syscall argument with PT_REGS_PARM2_CORE using UAPI pt_regs field names (rsi) that the kernel's BTF lacks
// vx-type: tracing
// vx-log: core_ptregs_uapi core-relocation - bpftool
// vx-verdict: failed to resolve CO-RE relocation <byte_off> [6] struct pt_regs.rsi (0:13 @ offset 104)
#include "vx.h"

extern int bpf_copy_from_user_str(void *dst, __u32 dst__sz, const void *unsafe_ptr__ign,
				  __u64 flags) __ksym;

SEC("tp_btf/sys_enter")
int BPF_PROG(on_enter, struct pt_regs *regs, long id)
{
	char path[64];

	if (id != 257 /* openat */)
		return 0;
	bpf_copy_from_user_str(path, sizeof(path), (void *)PT_REGS_PARM2_CORE(regs), 0);
	return path[0] == '/';
}

char LICENSE[] SEC("license") = "GPL";
