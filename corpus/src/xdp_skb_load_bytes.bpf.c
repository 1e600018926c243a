// SPDX-License-Identifier: GPL-2.0
/* Code moved from a tc program into XDP keeps calling the sk_buff helper
 * bpf_skb_load_bytes; XDP has no sk_buff (it uses bpf_xdp_load_bytes). */
// vx-what: xdp calls bpf_skb_load_bytes (#26), an sk_buff helper that XDP programs may not call
// vx-type: xdp
// vx-log: xdp_skb_load_bytes helper-unavailable bpf_skb_load_bytes#26 bpftool
// vx-verdict: program of this type cannot use helper bpf_skb_load_bytes#26
#include "vx.h"

SEC("xdp")
int xdp_peek(struct xdp_md *ctx)
{
	struct ethhdr eth;

	if (bpf_skb_load_bytes(ctx, 0, &eth, sizeof(eth)) < 0)
		return XDP_PASS;
	return eth.h_proto == bpf_htons(ETH_P_IPV6) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
