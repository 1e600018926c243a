// SPDX-License-Identifier: GPL-2.0
/* bpf_ringbuf_output takes a BPF_MAP_TYPE_RINGBUF map; the events map was
 * declared as a hash. */
// vx-what: tracepoint passes a hash map to bpf_ringbuf_output
// vx-type: tracepoint
// vx-log: mapuse_ringbuf_hash map-usage bpf_ringbuf_output#130 bpftool
// vx-log: mapuse_ringbuf_hash_bare map-usage bpf_ringbuf_output#130 loadlog -l 1
// vx-verdict: cannot pass map_type 1 into func bpf_ringbuf_output#130
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat(void *ctx)
{
	__u64 ts = bpf_ktime_get_ns();

	bpf_ringbuf_output(&events, &ts, sizeof(ts), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
