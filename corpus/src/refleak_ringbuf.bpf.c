// SPDX-License-Identifier: GPL-2.0
/* A ring buffer record is reserved but, on an early-return path, neither
 * submitted nor discarded. */
// vx-what: tracepoint reserves a ring buffer record and returns early without bpf_ringbuf_submit or _discard
// vx-type: tracepoint
// vx-log: refleak_ringbuf reference-leak - bpftool
// vx-verdict: Unreleased reference id=2 alloc_insn=4
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct event {
	__u32 pid;
	__u32 uid;
};

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat(void *ctx)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 0;
	e->uid = bpf_get_current_uid_gid();
	if (e->uid == 0)
		return 0;	/* root: not interesting, but e is still reserved */
	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
