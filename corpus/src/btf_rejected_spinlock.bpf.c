// SPDX-License-Identifier: GPL-2.0
/* A hand-written (naked) function has no parameter names, and clang 14
 * emits its BTF prototype with an unnamed argument, which the kernel
 * refuses ("Invalid arg#1"). libbpf then drops the object's BTF as
 * optional and creates the maps without it, but a map value holding a
 * bpf_spin_lock needs BTF: the verifier rejects the program. */
// vx-what: naked-asm tc program whose BTF the kernel refuses, so its spin-lock map is created without BTF
// vx-type: sched_cls
// vx-log: btf_rejected_spinlock btf - bpftool
// vx-log: btf_rejected_spinlock_bare btf - loadlog -l 1
// vx-verdict: map 'stats' has to have BTF in order to use bpf_spin_lock
#include "vx.h"

struct val {
	struct bpf_spin_lock lock;
	__u64 packets;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct val);
} stats SEC(".maps");

SEC("tc")
__attribute__((naked)) int tc_locked(struct __sk_buff *skb)
{
	asm volatile("r1 = 0\n"
		     "*(u32 *)(r10 - 4) = r1\n"
		     "r2 = r10\n"
		     "r2 += -4\n"
		     "r1 = %[stats] ll\n"
		     "call %[lookup]\n"
		     "if r0 == 0 goto 1f\n"
		     "r6 = r0\n"
		     "r1 = r0\n"
		     "call %[lock]\n"
		     "r1 = r6\n"
		     "call %[unlock]\n"
		     "1:\n"
		     "r0 = 0\n"
		     "exit\n"
		     :
		     : [stats] "i"(&stats), [lookup] "i"(BPF_FUNC_map_lookup_elem),
		       [lock] "i"(BPF_FUNC_spin_lock), [unlock] "i"(BPF_FUNC_spin_unlock)
		     : "memory");
}

char LICENSE[] SEC("license") = "GPL";
