// SPDX-License-Identifier: GPL-2.0
/* The length of a copy comes from a map and is never bounded, so the
 * verifier cannot prove the copy stays inside the 64-byte stack buffer. */
// vx-what: kprobe passes an unbounded length from a map as the size of bpf_probe_read_kernel into a 64-byte buffer
// vx-type: kprobe
// vx-log: mem_unbounded_size mem-bounds - bpftool
// vx-log: mem_unbounded_size_bare mem-bounds - loadlog -l 1
// vx-verdict: R2 unbounded memory access, use 'var &= const' or 'if (var < const)'
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cfg SEC(".maps");

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(copy, void *src)
{
	__u32 key = 0, *len;
	char buf[64];

	len = bpf_map_lookup_elem(&cfg, &key);
	if (!len)
		return 0;
	bpf_probe_read_kernel(buf, *len, src);
	return buf[0];
}

char LICENSE[] SEC("license") = "GPL";
