// SPDX-License-Identifier: GPL-2.0
/* Two programs every kernel accepts, and a map that asks to be pinned (a
 * load must not leave a pin behind). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vx_t_load_count SEC(".maps");

SEC("xdp")
int pass_xdp(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&vx_t_load_count, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	return XDP_PASS;
}

SEC("cgroup_skb/ingress")
int allow_ingress(struct __sk_buff *skb)
{
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
