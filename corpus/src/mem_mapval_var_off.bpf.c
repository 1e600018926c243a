// SPDX-License-Identifier: GPL-2.0
/* An offset into a 4 KiB map value is read from the traced function's
 * argument and used without any bound. */
// vx-what: kprobe writes a map value at an offset it never bounds
// vx-type: kprobe
// vx-log: mem_mapval_var_off mem-bounds - loadlog -l 1
// vx-verdict: R0 unbounded memory access, make sure to bounds check any such access
#include "vx.h"

struct page {
	char bytes[4096];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct page);
} pages SEC(".maps");

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(poke, __u32 off)
{
	__u32 key = 0;
	struct page *p = bpf_map_lookup_elem(&pages, &key);

	if (!p)
		return 0;
	p->bytes[off + 2] = 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
