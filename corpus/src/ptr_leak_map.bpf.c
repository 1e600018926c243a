// SPDX-License-Identifier: GPL-2.0
/* The program stores a kernel address (its context pointer) in a map, where
 * user space could read it. Only loaders with CAP_PERFMON may leak
 * addresses; this one has only CAP_BPF. */
// vx-what: socket filter stores its ctx pointer into a map value (loaded with CAP_BPF only)
// vx-type: socket_filter
// vx-log: ptr_leak_map pointer-arith - capbpf:bpftool
// vx-log: ptr_leak_map_bare pointer-arith - capbpf:loadlog -l 1
// vx-verdict: R6 leaks addr into map
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} last SEC(".maps");

SEC("socket")
int sock_last(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&last, &key);

	if (v)
		*v = (__u64)skb;
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
