// SPDX-License-Identifier: GPL-2.0
/* A variable index is bounded with <= instead of <: the last accepted
 * index is one past the array. */
// vx-what: kprobe indexes a 16-entry map-value array with an index checked as idx <= 16
// vx-type: kprobe
// vx-log: mapval_off_by_one map-value-bounds - bpftool
// vx-log: mapval_off_by_one_bare map-value-bounds - loadlog -l 1
// vx-verdict: invalid access to map value, value_size=128 off=128 size=8
#include "vx.h"

struct slots {
	__u64 s[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct slots);
} hist SEC(".maps");

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(record)
{
	__u32 key = 0, idx = bpf_get_prandom_u32() & 0xff;
	struct slots *v = bpf_map_lookup_elem(&hist, &key);

	if (!v || idx > 16)
		return 0;
	v->s[idx] += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
