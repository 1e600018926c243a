// SPDX-License-Identifier: GPL-2.0
/* Three frames of 200 bytes each along one call chain. */
// vx-what: tc program, three non-inlined functions in one call chain each copying 200 packet bytes to its stack
// vx-type: sched_cls
// vx-log: stack_three_calls stack-size - bpftool
// vx-verdict: combined stack size of 3 calls is 624. Too large
#include "vx.h"

static __noinline int leaf(struct __sk_buff *skb)
{
	__u8 b[200];

	if (bpf_skb_load_bytes(skb, 400, b, sizeof(b)) < 0)
		return 0;
	return b[0] + b[199];
}

static __noinline int middle(struct __sk_buff *skb)
{
	__u8 b[200];

	if (bpf_skb_load_bytes(skb, 200, b, sizeof(b)) < 0)
		return 0;
	return leaf(skb) + b[0] + b[199];
}

SEC("tc")
int tc_chain(struct __sk_buff *skb)
{
	__u8 b[200];

	if (bpf_skb_load_bytes(skb, 0, b, sizeof(b)) < 0)
		return 0;
	return middle(skb) + b[0] + b[199] > 1000 ? 2 : 0;
}

char LICENSE[] SEC("license") = "GPL";
