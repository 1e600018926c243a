// SPDX-License-Identifier: GPL-2.0
/* A 32 KiB per-CPU scratch value is the destination of a copy whose length
 * comes from a config map and is never bounded: the verifier cannot prove
 * the copy stays inside the map value. */
// vx-what: kprobe copies a length from a map, never bounded, into a 32768-byte map value
// vx-type: kprobe
// vx-log: mem_mapval_size mem-bounds - loadlog -l 1
// vx-verdict: R2 unbounded memory access, use 'var &= const' or 'if (var < const)'
#include "vx.h"

struct scratch {
	char buf[32768];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} heap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cfg SEC(".maps");

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(copy_big, void *src)
{
	__u32 key = 0, *len;
	struct scratch *s = bpf_map_lookup_elem(&heap, &key);

	len = bpf_map_lookup_elem(&cfg, &key);
	if (!s || !len)
		return 0;
	bpf_probe_read_kernel(s->buf, *len, src);
	return s->buf[0];
}

char LICENSE[] SEC("license") = "GPL";
