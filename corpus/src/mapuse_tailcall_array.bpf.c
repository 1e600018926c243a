// SPDX-License-Identifier: GPL-2.0
/* bpf_tail_call jumps through a BPF_MAP_TYPE_PROG_ARRAY; a plain array of
 * program ids is not one. */
// vx-what: xdp tail-calls through a BPF_MAP_TYPE_ARRAY instead of a PROG_ARRAY
// vx-type: xdp
// vx-log: mapuse_tailcall_array map-usage bpf_tail_call#12 bpftool
// vx-verdict: expected prog array map for tail call
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} jump_table SEC(".maps");

SEC("xdp")
int xdp_dispatch(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jump_table, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
