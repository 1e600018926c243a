// SPDX-License-Identifier: GPL-2.0
/* The value is 4 counters (16 bytes); the program writes a fifth. */
// vx-what: kprobe writes counters[4] of a map value that holds counters[0..3]
// vx-type: kprobe
// vx-log: mapval_const_off map-value-bounds - bpftool
// vx-verdict: invalid access to map value, value_size=16 off=16 size=4
#include "vx.h"

struct counters {
	__u32 c[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counters);
} stats SEC(".maps");

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(bump)
{
	__u32 key = 0;
	struct counters *v = bpf_map_lookup_elem(&stats, &key);
	volatile __u32 *p;

	if (!v)
		return 0;
	p = v->c;
	p[4] = 1;	/* one past the end */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
