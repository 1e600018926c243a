// SPDX-License-Identifier: GPL-2.0
/* socket filter (raw bytes) with r0 += 1 whose src_reg field is set (must be 0 for an immediate operand) */
// vx-what: socket filter (raw bytes) with r0 += 1 whose src_reg field is set (must be 0 for an immediate operand)
// vx-type: socket_filter
// vx-log: badinsn_alu_reserved bad-insn - loadlog -l 1
// vx-verdict: BPF_ALU uses reserved fields
#include "vx.h"

SEC("socket")
__attribute__((naked)) int badinsn_alu_reserved(struct __sk_buff *skb)
{
	asm volatile("r0 = 0\n"
		     /* BPF_ALU64 | BPF_ADD | BPF_K, dst r0, src r1 (reserved), imm 1 */
		     ".byte 0x07, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00\n"
		     "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
