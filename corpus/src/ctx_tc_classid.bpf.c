// SPDX-License-Identifier: GPL-2.0
/* __sk_buff is one struct for every skb program type, but each type may
 * read only some fields: tc_classid is for tc programs. */
// vx-what: cgroup_skb reads __sk_buff->tc_classid, a field only tc programs may read
// vx-type: cgroup_skb
// vx-log: ctx_tc_classid ctx-access - bpftool
// vx-log: ctx_tc_classid_bare ctx-access - loadlog -l 1
// vx-verdict: invalid bpf_context access off=72 size=4
#include "vx.h"

SEC("cgroup_skb/ingress")
int skb_ingress(struct __sk_buff *skb)
{
	return skb->tc_classid == 0x10001 ? 0 : 1;
}

char LICENSE[] SEC("license") = "GPL";
