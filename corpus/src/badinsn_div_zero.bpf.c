// SPDX-License-Identifier: GPL-2.0
/* socket filter divides r0 by the constant 0 */
// vx-what: socket filter divides r0 by the constant 0
// vx-type: socket_filter
// vx-log: badinsn_div_zero bad-insn - loadlog -l 1
// vx-log: badinsn_div_zero_bpftool bad-insn - bpftool
// vx-verdict: div by zero
#include "vx.h"

SEC("socket")
__attribute__((naked)) int badinsn_div_zero(struct __sk_buff *skb)
{
	asm volatile("r0 = 1\n"
		     "r0 /= 0\n"
		     "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
