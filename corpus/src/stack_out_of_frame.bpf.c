// SPDX-License-Identifier: GPL-2.0
/* Hand-written BPF stores above the frame pointer: the stack grows down
 * from r10, so r10 + 8 belongs to nobody. */
// vx-what: socket filter (inline asm) stores 8 bytes at r10 + 8, above the frame
// vx-type: socket_filter
// vx-log: stack_out_of_frame stack-access - bpftool
// vx-verdict: invalid write to stack R10 off=8 size=8
#include "vx.h"

SEC("socket")
int sock_asm(struct __sk_buff *skb)
{
	asm volatile("r1 = 0\n"
		     "*(u64 *)(r10 + 8) = r1\n"
		     ::: "r1");
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
