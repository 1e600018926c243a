// SPDX-License-Identifier: GPL-2.0
/* A socket filter tries to rewrite the packet it filters; socket filters
 * only read packets, so bpf_skb_store_bytes is not offered to them. */
// vx-what: socket filter calls bpf_skb_store_bytes (#9); socket filters may not modify packets
// vx-type: socket_filter
// vx-log: sockfilter_store_bytes helper-unavailable bpf_skb_store_bytes#9 loadlog -l 1
// vx-verdict: program of this type cannot use helper bpf_skb_store_bytes#9
#include "vx.h"

SEC("socket")
int sock_rewrite(struct __sk_buff *skb)
{
	__u8 ttl = 1;

	bpf_skb_store_bytes(skb, 22, &ttl, sizeof(ttl), 0);
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
