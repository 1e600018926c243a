// SPDX-License-Identifier: GPL-2.0
/* The benchmark's program: a level-2 verifier log of about 600 MB on 6.18.
 *
 * 24 independent random branches in a row, each adding a different power of
 * two to r6 (as corpus/src/toocomplex_1m.bpf.c): the return value of a
 * cgroup_skb program is checked, so r6 is precise, no two paths are alike,
 * none can be pruned, and the verifier gives up at 1M processed
 * instructions. Three callee-saved registers and three stack slots hold
 * scalars with known ranges, so every full state the level-2 log prints
 * ("from X to Y:", mark_precise's "parent state") is long, as in a real
 * program with some context. Their number sets the log's size (about 65 MB
 * each on 6.18): none 270 MB, six about 600 MB. They are never read again,
 * so the paths stay as short as possible (reading them back at the end
 * lengthens each path and the verifier explores fewer of them).
 *
 * Written in asm: clang turns "if (rand & 1) sum += k" into branchless code. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define LEVEL(k)                                                                                   \
	"call %[rand]\n"                                                                           \
	"if r0 s> 0 goto +1\n"                                                                     \
	"r6 += " #k "\n"

SEC("cgroup_skb/egress")
__attribute__((naked)) int skb_huge(struct __sk_buff *skb)
{
	asm volatile("r6 = 0\n"
		     "r7 = *(u32 *)(r1 + 0)\n"	/* skb->len: a scalar with a range */
		     "r7 &= 0xfff\n"
		     "r8 = r7\n"
		     "r8 += 17\n"
		     "r9 = *(u32 *)(r1 + 4)\n"	/* skb->pkt_type */
		     "r9 &= 0x3f\n"
		     "*(u64 *)(r10 - 8) = r7\n"
		     "*(u64 *)(r10 - 16) = r8\n"
		     "*(u64 *)(r10 - 24) = r9\n"
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
