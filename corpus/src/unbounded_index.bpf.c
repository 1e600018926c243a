// SPDX-License-Identifier: GPL-2.0
/* An index from the packet is used on a map value without any bound. */
// vx-what: xdp uses a byte-swapped packet field, unbounded, as an index into a map value
// vx-type: xdp
// vx-log: unbounded_index map-value-bounds - bpftool
// vx-verdict: invalid access to map value, value_size=256 off=262140 size=4
#include "vx.h"

struct table {
	__u32 slot[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct table);
} tbl SEC(".maps");

SEC("xdp")
int xdp_index(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 key = 0, idx;
	struct table *t;

	if (data + sizeof(*eth) > end)
		return XDP_PASS;
	t = bpf_map_lookup_elem(&tbl, &key);
	if (!t)
		return XDP_PASS;
	idx = bpf_ntohs(eth->h_proto);
	return t->slot[idx] ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
