// SPDX-License-Identifier: GPL-2.0
/* socket filter (raw bytes) whose exit instruction has imm 1 (must be 0) */
// vx-what: socket filter (raw bytes) whose exit instruction has imm 1 (must be 0)
// vx-type: socket_filter
// vx-log: badinsn_exit_reserved bad-insn - loadlog -l 1
// vx-verdict: BPF_EXIT uses reserved fields
#include "vx.h"

SEC("socket")
__attribute__((naked)) int badinsn_exit_reserved(struct __sk_buff *skb)
{
	asm volatile("r0 = 0\n"
		     /* BPF_JMP | BPF_EXIT with imm 1 */
		     ".byte 0x95, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00\n");
}

char LICENSE[] SEC("license") = "GPL";
