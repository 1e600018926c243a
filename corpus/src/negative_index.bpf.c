// SPDX-License-Identifier: GPL-2.0
/* A signed index is checked only from above: it may be as negative as an
 * int goes, and pointer + unbounded-below number is refused. */
// vx-what: kprobe indexes a map value with a signed int checked only with idx < 64
// vx-type: kprobe
// vx-log: negative_index pointer-arith - loadlog -l 1
// vx-verdict: math between map_value pointer and register with unbounded min value is not allowed
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

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(pick)
{
	__u32 key = 0;
	int idx = (int)bpf_get_prandom_u32();
	struct table *t = bpf_map_lookup_elem(&tbl, &key);

	if (!t || idx >= 64)
		return 0;
	t->slot[idx] = 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
