// SPDX-License-Identifier: GPL-2.0
/* A pointer saved in a map as a number comes back as a number: the
 * verifier does not know what it points to. */
// vx-what: xdp dereferences an address it stored as __u64 in a map value
// vx-type: xdp
// vx-log: scalar_map_ptr scalar-deref - loadlog -l 1
// vx-verdict: R1 invalid mem access 'scalar'
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} saved SEC(".maps");

SEC("xdp")
int xdp_saved(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&saved, &key);

	if (!v)
		return XDP_PASS;
	return *(__u32 *)(*v) == 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
