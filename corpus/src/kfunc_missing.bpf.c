// SPDX-License-Identifier: GPL-2.0
/* A kfunc from a newer kernel (or a module that is not loaded) is declared
 * and called; this kernel has no such function. */
// vx-what: tc program calls the kfunc bpf_skb_get_fancy_hash, which this kernel does not have
// vx-type: sched_cls
// vx-log: kfunc_missing kfunc-unavailable - bpftool
// vx-verdict: libbpf: extern (func ksym) 'bpf_skb_get_fancy_hash': not found in kernel or module BTFs
#include "vx.h"

extern __u32 bpf_skb_get_fancy_hash(struct __sk_buff *skb) __ksym;

SEC("tc")
int tc_hash(struct __sk_buff *skb)
{
	return bpf_skb_get_fancy_hash(skb) & 1;
}

char LICENSE[] SEC("license") = "GPL";
