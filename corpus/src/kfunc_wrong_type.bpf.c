// SPDX-License-Identifier: GPL-2.0
/* Code moved from tc to XDP keeps bpf_dynptr_from_skb; XDP programs have
 * no sk_buff and get bpf_dynptr_from_xdp instead. */
// vx-what: xdp calls the kfunc bpf_dynptr_from_skb, which is registered for skb programs, not XDP
// vx-type: xdp
// vx-log: kfunc_wrong_type kfunc-unavailable - bpftool
// vx-log: kfunc_wrong_type_bare kfunc-unavailable - loadlog -l 1
// vx-verdict: calling kernel function bpf_dynptr_from_skb is not allowed
#include "vx.h"

extern int bpf_dynptr_from_skb(struct __sk_buff *skb, __u64 flags,
			       struct bpf_dynptr *ptr__uninit) __ksym;

SEC("xdp")
int xdp_dynptr(struct xdp_md *ctx)
{
	struct bpf_dynptr ptr;

	if (bpf_dynptr_from_skb((struct __sk_buff *)ctx, 0, &ptr))
		return XDP_PASS;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
