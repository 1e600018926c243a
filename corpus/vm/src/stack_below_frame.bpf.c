// SPDX-License-Identifier: GPL-2.0
/* A VM-only source (corpus/vm/gen.sh): hand-written BPF loads 8 bytes at
 * r10 - 520, below the 512-byte frame. Root is allowed to read stack it never
 * wrote (CAP_PERFMON), but not stack outside the frame, so this is a
 * stack-access rejection the VM's root loader can still produce. */
// vx-what: socket filter (inline asm) loads 8 bytes at r10 - 520, below the 512-byte frame
// vx-type: socket_filter
#include "vx.h"

SEC("socket")
int sock_deep(struct __sk_buff *skb)
{
	asm volatile("r0 = *(u64 *)(r10 - 520)\n"
		     "r0 = 0\n"
		     ::: "r0");
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
