// SPDX-License-Identifier: GPL-2.0
/* A loop whose condition never changes: with bounded loops allowed the
 * verifier walks it and finds it returns to an identical state. */
// vx-what: socket filter (inline asm) loops on a jump whose condition never changes
// vx-type: socket_filter
// vx-log: cf_infinite control-flow - bpftool
// vx-verdict: infinite loop detected at insn 2
#include "vx.h"

SEC("socket")
__attribute__((naked)) int sock_spin(struct __sk_buff *skb)
{
	asm volatile("r0 = 0\n"
		     "r2 = 1\n"
		     "if r2 != 0 goto -1\n"
		     "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
