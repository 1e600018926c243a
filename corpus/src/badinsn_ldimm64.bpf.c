// SPDX-License-Identifier: GPL-2.0
/* socket filter (raw bytes) whose 64-bit immediate load has a second half that is not all zero */
// vx-what: socket filter (raw bytes) whose 64-bit immediate load has a second half that is not all zero
// vx-type: socket_filter
// vx-log: badinsn_ldimm64 bad-insn - loadlog -l 1
// vx-verdict: invalid bpf_ld_imm64 insn
#include "vx.h"

SEC("socket")
__attribute__((naked)) int badinsn_ldimm64(struct __sk_buff *skb)
{
	asm volatile(/* BPF_LD | BPF_IMM | BPF_DW r0 = imm64: two slots, the second with code 0x07 */
		     ".byte 0x18, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00\n"
		     ".byte 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00\n"
		     "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
