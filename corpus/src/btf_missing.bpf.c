// SPDX-License-Identifier: GPL-2.0
/* Built without -g: clang emits no .BTF section, and libbpf cannot read
 * the BTF-defined maps in ".maps" without it. */
// vx-cflags: -g0
// vx-what: xdp program with a BTF-defined (.maps) map, compiled without -g so the object has no BTF
// vx-type: xdp
// vx-log: btf_missing btf - bpftool
// vx-verdict: libbpf: BTF is required, but is missing or corrupted.
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} pkts SEC(".maps");

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&pkts, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
