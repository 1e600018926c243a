// SPDX-License-Identifier: GPL-2.0
/* A ring buffer record of 16 bytes is reserved, but the program writes a
 * third 8-byte field, as if the struct had grown without the reserve size. */
// vx-what: tracepoint reserves 16 bytes in a ring buffer and writes 8 bytes at offset 16
// vx-type: tracepoint
// vx-log: ringbuf_oob mem-bounds - bpftool
// vx-log: ringbuf_oob_bare mem-bounds - loadlog -l 1
// vx-verdict: invalid access to memory, mem_size=16 off=16 size=8
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct event_v1 {
	__u64 pid;
	__u64 ts;
};

struct event_v2 {
	__u64 pid;
	__u64 ts;
	__u64 uid;
};

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat(void *ctx)
{
	struct event_v2 *e = bpf_ringbuf_reserve(&events, sizeof(struct event_v1), 0);

	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ts = bpf_ktime_get_ns();
	e->uid = bpf_get_current_uid_gid();
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
