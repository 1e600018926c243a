// SPDX-License-Identifier: GPL-2.0
/* An XDP program reads the Ethernet header without comparing against
 * data_end first. */
// vx-what: xdp reads eth->h_proto without checking data + sizeof(*eth) <= data_end
// vx-type: xdp
// vx-log: pkt_no_check packet-bounds - bpftool
// vx-log: pkt_no_check_bare packet-bounds - loadlog -l 1
// vx-verdict: invalid access to packet, off=12 size=1, R1(id=0,off=12,r=0)
#include "vx.h"

SEC("xdp")
int xdp_proto(struct xdp_md *ctx)
{
	struct ethhdr *eth = (void *)(long)ctx->data;

	return eth->h_proto == bpf_htons(ETH_P_IP) ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
