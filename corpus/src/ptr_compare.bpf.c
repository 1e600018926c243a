// SPDX-License-Identifier: GPL-2.0
/* Two map value pointers are compared to see which element is smaller in
 * memory; without CAP_PERFMON pointer comparisons are refused (they leak
 * address bits). */
// vx-what: socket filter compares two map value pointers (loaded with CAP_BPF only)
// vx-type: socket_filter
// vx-log: ptr_compare pointer-arith - capbpf:loadlog -l 1
// vx-verdict: R0 pointer comparison prohibited
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

SEC("socket")
int sock_cmp(struct __sk_buff *skb)
{
	__u32 k0 = 0, k1 = 1;
	__u64 *a = bpf_map_lookup_elem(&slots, &k0);
	__u64 *b = bpf_map_lookup_elem(&slots, &k1);

	if (!a || !b)
		return 0;
	if (a < b)
		return skb->len;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
