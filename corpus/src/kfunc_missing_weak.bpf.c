// SPDX-License-Identifier: GPL-2.0
/* The same missing kfunc declared __weak, as CO-RE code does for optional
 * kfuncs, but called without checking bpf_ksym_exists() first: libbpf
 * loads the program with the call poisoned. */
// vx-what: tc program calls a __weak kfunc that this kernel lacks without a bpf_ksym_exists() guard
// vx-type: sched_cls
// vx-log: kfunc_missing_weak uninit-register - bpftool
// vx-log: kfunc_missing_weak_bare uninit-register - loadlog -r -l 1
// vx-note: kfunc_missing_weak libbpf 1.1 leaves an unresolved __weak kfunc call as "call #0" (newer libbpf poisons it as 2002000000 + extern index); 6.18 passes over it and the next use of R0 fails, so the verdict names R0, not the kfunc
// vx-note: kfunc_missing_weak_bare libbpf 1.1 leaves an unresolved __weak kfunc call as "call #0" (newer libbpf poisons it as 2002000000 + extern index); 6.18 passes over it and the next use of R0 fails, so the verdict names R0, not the kfunc
// vx-verdict: R0 !read_ok
#include "vx.h"

extern __u32 bpf_skb_get_fancy_hash(struct __sk_buff *skb) __ksym __weak;

SEC("tc")
int tc_hash(struct __sk_buff *skb)
{
	return bpf_skb_get_fancy_hash(skb) & 1;
}

char LICENSE[] SEC("license") = "GPL";
