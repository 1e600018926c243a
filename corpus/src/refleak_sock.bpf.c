// SPDX-License-Identifier: GPL-2.0
/* bpf_sk_lookup_tcp takes a reference on the socket it finds; the program
 * returns without bpf_sk_release on the path where it found one. */
// vx-what: tc program looks up a socket with bpf_sk_lookup_tcp and returns without bpf_sk_release
// vx-type: sched_cls
// vx-log: refleak_sock reference-leak - bpftool
// vx-log: refleak_sock_bare reference-leak - loadlog -l 1
// vx-log: refleak_sock_l2 reference-leak - loadlog -l 2
// vx-log: refleak_sock_debug reference-leak - bpftool-d
// vx-verdict: Unreleased reference id=2 alloc_insn=13
#include "vx.h"

SEC("tc")
int tc_has_listener(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;

	tuple.ipv4.dport = bpf_htons(8080);
	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return 0;
	if (sk->state == 10 /* TCP_LISTEN */)
		return 2;	/* leaks sk */
	bpf_sk_release(sk);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
