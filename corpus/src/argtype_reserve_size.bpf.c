// SPDX-License-Identifier: GPL-2.0
/* bpf_ringbuf_reserve needs a size the verifier knows exactly (it checks
 * every access to the record against it); a size from a map is not one. */
// vx-what: tracepoint reserves a ring buffer record whose size is read from a map
// vx-type: tracepoint
// vx-log: argtype_reserve_size arg-type - bpftool
// vx-verdict: R2 is not a known constant'
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cfg SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat(void *ctx)
{
	__u32 key = 0, *size;
	char *rec;

	size = bpf_map_lookup_elem(&cfg, &key);
	if (!size || *size < 8 || *size > 256)
		return 0;
	rec = bpf_ringbuf_reserve(&events, *size, 0);
	if (!rec)
		return 0;
	rec[0] = 1;
	bpf_ringbuf_submit(rec, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
