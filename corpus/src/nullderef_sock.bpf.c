// SPDX-License-Identifier: GPL-2.0
/* bpf_sk_lookup_tcp may find no socket; its result is read before the
 * NULL check. */
// vx-what: tc program reads sk->state from bpf_sk_lookup_tcp's result before checking it for NULL
// vx-type: sched_cls
// vx-log: nullderef_sock null-deref - bpftool
// vx-verdict: R0 invalid mem access 'sock_or_null'
#include "vx.h"

SEC("tc")
int tc_lookup(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;
	__u32 state;

	tuple.ipv4.dport = bpf_htons(80);
	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	state = sk->state;
	if (sk)
		bpf_sk_release(sk);
	return state == 10 ? 2 : 0;
}

char LICENSE[] SEC("license") = "GPL";
