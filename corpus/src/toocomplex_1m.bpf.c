// SPDX-License-Identifier: GPL-2.0
/* 24 independent random branches in a row, each adding a different power
 * of two to r6, and r6 decides the return value. The return value of a
 * cgroup_skb program is checked, so r6 is precise, so no two paths are
 * alike and none can be pruned: 2^24 paths, and the verifier gives up at 1M
 * processed instructions. Each path is short, so even the level-1 log
 * (which holds the path being explored when it gave up) stays small.
 *
 * Written in asm on purpose: clang turns "if (rand & 1) sum += k" into
 * branchless and/neg code, and on 6.18 a long run of that
 * (maybe_fork_scalars hitting the 8192 pending-state limit) oopses the
 * kernel with a NULL dereference instead of rejecting the program. */
// vx-what: cgroup_skb with 24 unprunable random branches (2^24 paths); the verifier stops at 1,000,000 instructions
// vx-type: cgroup_skb
// vx-log: toocomplex_1m too-complex - bpftool
// vx-log: toocomplex_1m_bare too-complex - loadlog -l 1
// vx-verdict: BPF program is too large. Processed 1000001 insn
#include "vx.h"

#define LEVEL(k)                                                                                   \
	"call %[rand]\n"                                                                           \
	"if r0 s> 0 goto +1\n"                                                                     \
	"r6 += " #k "\n"

SEC("cgroup_skb/egress")
__attribute__((naked)) int skb_paths(struct __sk_buff *skb)
{
	asm volatile("r6 = 0\n"
		     LEVEL(1) LEVEL(2) LEVEL(4) LEVEL(8) LEVEL(16) LEVEL(32)
		     LEVEL(64) LEVEL(128) LEVEL(256) LEVEL(512) LEVEL(1024) LEVEL(2048)
		     LEVEL(4096) LEVEL(8192) LEVEL(16384) LEVEL(32768) LEVEL(65536)
		     LEVEL(131072) LEVEL(262144) LEVEL(524288) LEVEL(1048576)
		     LEVEL(2097152) LEVEL(4194304) LEVEL(8388608)
		     "r0 = r6\n"
		     "r0 &= 1\n"
		     "exit\n"
		     :
		     : [rand] "i"(BPF_FUNC_get_prandom_u32)
		     : "memory");
}

char LICENSE[] SEC("license") = "GPL";
