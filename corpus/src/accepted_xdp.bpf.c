// SPDX-License-Identifier: GPL-2.0
/* The fixed version of pkt_short_check/pkt_no_check: every packet access
 * is covered by a data_end check. Accepted. */
// vx-what: accepted: xdp that checks data_end before each header it reads
// vx-type: xdp
// vx-log: accepted_xdp none - loadlog -l 1
// vx-log: accepted_xdp_l2 none - loadlog -l 2
#include "vx.h"

SEC("xdp")
int xdp_ttl(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	return ip->ttl <= 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
