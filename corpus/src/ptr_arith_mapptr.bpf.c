// SPDX-License-Identifier: GPL-2.0
/* Hand-written BPF adds an offset to a map pointer (the map itself, not a
 * value from it): a map pointer may only be passed to helpers. */
// vx-what: xdp (inline asm) adds 8 to a map pointer before a lookup
// vx-type: xdp
// vx-log: ptr_arith_mapptr pointer-arith - bpftool
// vx-verdict: R1 pointer arithmetic on map_ptr prohibited
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} vals SEC(".maps");

SEC("xdp")
int xdp_mapptr(struct xdp_md *ctx)
{
	void *m = &vals;

	asm volatile("%[m] += 8\n" : [m] "+r"(m));
	return m ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
