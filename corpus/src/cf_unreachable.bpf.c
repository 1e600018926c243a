// SPDX-License-Identifier: GPL-2.0
/* Hand-written BPF jumps over an instruction that nothing else reaches:
 * the verifier refuses dead code. */
// vx-what: socket filter (inline asm) jumps over an instruction no path reaches
// vx-type: socket_filter
// vx-log: cf_unreachable control-flow - bpftool
// vx-log: cf_unreachable_bare control-flow - loadlog -l 1
// vx-verdict: unreachable insn 2
#include "vx.h"

SEC("socket")
__attribute__((naked)) int sock_dead(struct __sk_buff *skb)
{
	asm volatile("r0 = 0\n"
		     "goto +1\n"
		     "r0 = 1\n"
		     "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
