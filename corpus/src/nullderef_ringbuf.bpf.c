// SPDX-License-Identifier: GPL-2.0
/* bpf_ringbuf_reserve returns NULL when the ring buffer is full; the record
 * is written without checking. */
// vx-what: tracepoint writes into a bpf_ringbuf_reserve record without a NULL check
// vx-type: tracepoint
// vx-log: nullderef_ringbuf null-deref - loadlog -l 1
// vx-verdict: R6 invalid mem access 'ringbuf_mem_or_null'
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct event {
	__u32 pid;
	__u64 ts;
};

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat(void *ctx)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ts = bpf_ktime_get_ns();
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
