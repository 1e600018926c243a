// SPDX-License-Identifier: GPL-2.0
/* socket filter adds to a field of its context (skb->mark) with an atomic instruction */
// vx-what: socket filter adds to a field of its context (skb->mark) with an atomic instruction
// vx-type: socket_filter
// vx-log: ctx_atomic_add ctx-access - loadlog -l 1
// vx-verdict: BPF_ATOMIC stores into R1 ctx is not allowed
#include "vx.h"

SEC("socket")
__attribute__((naked)) int ctx_atomic_add(struct __sk_buff *skb)
{
	asm volatile("r2 = 1\n"
		     "lock *(u32 *)(r1 + 8) += r2\n"
		     "r0 = 0\n"
		     "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
