// SPDX-License-Identifier: GPL-2.0
/* The story's case: a cgroup_skb program reads kernel memory (the address
 * family of a socket whose address a kprobe saved in a map) the way tracing
 * programs do, with bpf_probe_read. That helper is for tracing types only. */
// vx-what: cgroup_skb/egress reads sock->skc_family with bpf_probe_read (#4), a helper of tracing program types only
// vx-type: cgroup_skb
// vx-log: cgskb_probe_read helper-unavailable bpf_probe_read#4 bpftool
// vx-log: cgskb_probe_read_bare helper-unavailable bpf_probe_read#4 loadlog -l 1
// vx-log: cgskb_probe_read_l2 helper-unavailable bpf_probe_read#4 loadlog -l 2
// vx-verdict: program of this type cannot use helper bpf_probe_read#4
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);	/* socket cookie */
	__type(value, __u64);	/* struct sock *, saved by a kprobe */
} socks SEC(".maps");

SEC("cgroup_skb/egress")
int skb_egress(struct __sk_buff *skb)
{
	__u64 cookie = bpf_get_socket_cookie(skb);
	unsigned short family = 0;
	struct sock *sk;
	__u64 *addr;

	addr = bpf_map_lookup_elem(&socks, &cookie);
	if (!addr)
		return 1;
	sk = (struct sock *)*addr;
	bpf_probe_read(&family, sizeof(family), &sk->__sk_common.skc_family);
	return family == 10 ? 0 : 1;
}

char LICENSE[] SEC("license") = "GPL";
