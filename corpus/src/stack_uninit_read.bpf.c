// SPDX-License-Identifier: GPL-2.0
/* An event struct is copied to a ring buffer with one field never written
 * (a field added to the struct, forgotten in the code). Privileged loaders may
 * read uninitialized stack, a loader with only CAP_BPF (no CAP_PERFMON) may
 * not: this is the classic "works as root, fails in the container" case. */
// vx-what: socket filter sends a stack struct whose 'mark' field was never written to bpf_ringbuf_output (loaded with CAP_BPF only)
// vx-type: socket_filter
// vx-log: stack_uninit_read stack-access - capbpf:bpftool
// vx-log: stack_uninit_read_bare stack-access - capbpf:loadlog -l 1
// vx-verdict: invalid read from stack R2 off -24+8 size 24
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct event {
	__u64 ifindex;
	__u64 mark;	/* new: nobody sets it yet */
	__u64 len;
};

SEC("socket")
int sock_event(struct __sk_buff *skb)
{
	struct event e;

	e.ifindex = skb->ifindex;
	e.len = skb->len;
	bpf_ringbuf_output(&events, &e, sizeof(e), 0);
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
