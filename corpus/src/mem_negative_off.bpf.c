// SPDX-License-Identifier: GPL-2.0
/* An offset checked to lie in [-4, 63] is added to a map value pointer:
 * the range is bounded, but it may be negative. */
// vx-what: kprobe indexes a map value with a signed offset checked as -4 <= off < 64
// vx-type: kprobe
// vx-log: mem_negative_off mem-bounds - bpftool
// vx-verdict: R0 min value is negative, either use unsigned index or do a if (index >=0) check.
#include "vx.h"

struct table {
	__u8 bytes[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct table);
} tbl SEC(".maps");

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(pick)
{
	__u32 key = 0;
	int off = (int)bpf_get_prandom_u32();
	struct table *t = bpf_map_lookup_elem(&tbl, &key);

	if (!t || off >= 64 || off < -4)
		return 0;
	t->bytes[off] = 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
