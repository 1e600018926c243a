// SPDX-License-Identifier: GPL-2.0
/* The context pointer is passed where the helper wants a pointer to a key
 * on the stack (or in a map value, or packet): the key must be copied out. */
// vx-what: xdp passes its ctx pointer as the key of bpf_map_lookup_elem
// vx-type: xdp
// vx-log: argtype_ctx_key arg-type - bpftool
// vx-log: argtype_ctx_key_bare arg-type - loadlog -l 1
// vx-verdict: R2 type=ctx expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} by_ifindex SEC(".maps");

SEC("xdp")
int xdp_lookup(struct xdp_md *ctx)
{
	/* meant: &ctx->ingress_ifindex copied to a local */
	__u64 *n = bpf_map_lookup_elem(&by_ifindex, ctx);

	return n ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
