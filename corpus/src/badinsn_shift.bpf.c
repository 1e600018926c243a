// SPDX-License-Identifier: GPL-2.0
/* socket filter shifts a 64-bit register by the constant 64 */
// vx-what: socket filter shifts a 64-bit register by the constant 64
// vx-type: socket_filter
// vx-log: badinsn_shift bad-insn - loadlog -l 1
// vx-verdict: invalid shift 64
#include "vx.h"

SEC("socket")
__attribute__((naked)) int badinsn_shift(struct __sk_buff *skb)
{
	asm volatile("r0 = 1\n"
		     "r0 <<= 64\n"
		     "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
