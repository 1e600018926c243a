// SPDX-License-Identifier: GPL-2.0
/* cgroup_skb programs return 0 (drop) or 1 (allow), plus bit 1 for
 * congestion notification on egress: 5 is none of those. */
// vx-what: cgroup_skb/egress returns 5; it may return only 0..3
// vx-type: cgroup_skb
// vx-log: retval_cgskb return-value - bpftool
// vx-log: retval_cgskb_bare return-value - loadlog -l 1
// vx-verdict: At program exit the register R0 has smin=5 smax=5 should have been in [0, 3]
#include "vx.h"

SEC("cgroup_skb/egress")
int skb_verdict(struct __sk_buff *skb)
{
	if (skb->len > 1500)
		return 5;	/* meant: a "drop with reason" code */
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
