// SPDX-License-Identifier: GPL-2.0
/* bpf_copy_from_user_str may fault in user memory, so it may sleep; a
 * tp_btf program runs in a tracepoint and must not. */
// vx-what: tp_btf program (not sleepable) calls the sleepable kfunc bpf_copy_from_user_str
// vx-type: tracing
// vx-log: sleepable_kfunc sleepable - bpftool
// vx-log: sleepable_kfunc_bare sleepable - loadlog -l 1
// vx-verdict: program must be sleepable to call sleepable kfunc bpf_copy_from_user_str
#include "vx.h"

extern int bpf_copy_from_user_str(void *dst, __u32 dst__sz, const void *unsafe_ptr__ign,
				  __u64 flags) __ksym;

struct pt_regs___kernel {
	unsigned long si;
} __attribute__((preserve_access_index));

SEC("tp_btf/sys_enter")
int BPF_PROG(on_enter, struct pt_regs *regs, long id)
{
	char path[64];

	if (id != 257 /* openat */)
		return 0;
	bpf_copy_from_user_str(path, sizeof(path), (void *)((struct pt_regs___kernel *)regs)->si, 0);
	return path[0] == '/';
}

char LICENSE[] SEC("license") = "GPL";
