// SPDX-License-Identifier: GPL-2.0
/* Hand-written BPF jumps past the end of the program. */
// vx-what: socket filter (inline asm) jumps 100 instructions forward, past the program's end
// vx-type: socket_filter
// vx-log: cf_jump_out control-flow - loadlog -l 1
// vx-verdict: jump out of range from insn 1 to 102
#include "vx.h"

SEC("socket")
__attribute__((naked)) int sock_far(struct __sk_buff *skb)
{
	asm volatile("r0 = 0\n"
		     "if r1 == 0 goto +100\n"
		     "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
