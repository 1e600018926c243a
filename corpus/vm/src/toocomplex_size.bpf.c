// SPDX-License-Identifier: GPL-2.0
/* A VM-only source (corpus/vm/gen.sh): corpus/src/toocomplex_1m loads on
 * 6.1, whose return-value check does not make r0 (and so r6) precise; the
 * 24 random branches then collapse into 16 states. Here r6 decides the size
 * argument of bpf_skb_load_bytes, and a helper's size argument is made
 * precise on every kernel, so no two of the 2^24 paths are alike and the
 * verifier stops at 1,000,000 instructions on 6.1 too.
 *
 * asm for the reason given in corpus/src/toocomplex_1m.bpf.c; it is loaded
 * only in the VM, never on this machine's kernel. */
// vx-what: cgroup_skb with 24 random branches that decide a helper's size argument (2^24 precise paths)
// vx-type: cgroup_skb
#include "vx.h"

#define LEVEL(k)                                                                                   \
	"call %[rand]\n"                                                                           \
	"if r0 s> 0 goto +1\n"                                                                     \
	"r6 += " #k "\n"

SEC("cgroup_skb/egress")
__attribute__((naked)) int skb_sized(struct __sk_buff *skb)
{
	asm volatile("r7 = r1\n"
		     "r6 = 0\n"
		     LEVEL(1) LEVEL(2) LEVEL(4) LEVEL(8) LEVEL(16) LEVEL(32)
		     LEVEL(64) LEVEL(128) LEVEL(256) LEVEL(512) LEVEL(1024) LEVEL(2048)
		     LEVEL(4096) LEVEL(8192) LEVEL(16384) LEVEL(32768) LEVEL(65536)
		     LEVEL(131072) LEVEL(262144) LEVEL(524288) LEVEL(1048576)
		     LEVEL(2097152) LEVEL(4194304) LEVEL(8388608)
		     "r4 = r6\n"
		     "r4 &= 63\n"
		     "r4 += 1\n"
		     "r1 = r7\n"
		     "r2 = 0\n"
		     "r3 = r10\n"
		     "r3 += -64\n"
		     "call %[load]\n"
		     "r0 = 1\n"
		     "exit\n"
		     :
		     : [rand] "i"(BPF_FUNC_get_prandom_u32), [load] "i"(BPF_FUNC_skb_load_bytes)
		     : "memory");
}

char LICENSE[] SEC("license") = "GPL";
