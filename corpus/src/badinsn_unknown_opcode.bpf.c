// SPDX-License-Identifier: GPL-2.0
/* socket filter (raw bytes) with opcode 0xe7, an ALU64 operation no kernel defines */
// vx-what: socket filter (raw bytes) with opcode 0xe7, an ALU64 operation no kernel defines
// vx-type: socket_filter
// vx-log: badinsn_unknown_opcode bad-insn - loadlog -l 1
// vx-verdict: unknown opcode e7
#include "vx.h"

SEC("socket")
__attribute__((naked)) int badinsn_unknown_opcode(struct __sk_buff *skb)
{
	asm volatile("r0 = 0\n"
		     /* class BPF_ALU64, operation 0xe0: not in the instruction set */
		     ".byte 0xe7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00\n"
		     "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
