// SPDX-License-Identifier: GPL-2.0
/* The program checks that the Ethernet header fits, then reads the IP
 * header after it: the check does not cover the second read. */
// vx-what: tc checks only sizeof(struct ethhdr) against data_end, then reads the IPv4 header's protocol
// vx-type: sched_cls
// vx-log: pkt_short_check packet-bounds - bpftool
// vx-verdict: invalid access to packet, off=23 size=1, R1(id=0,off=23,r=14)
#include "vx.h"

SEC("tc")
int tc_proto(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if (data + sizeof(*eth) > end)
		return 0;
	return ip->protocol == 17 ? 2 : 0;
}

char LICENSE[] SEC("license") = "GPL";
