// SPDX-License-Identifier: GPL-2.0
/* A socket filter sets skb->mark; socket filters may read the context but
 * may write only the cb[] scratch area. */
// vx-what: socket filter writes __sk_buff->mark
// vx-type: socket_filter
// vx-log: ctx_write_mark ctx-access - bpftool
// vx-verdict: invalid bpf_context access off=8 size=4
#include "vx.h"

SEC("socket")
int sock_mark(struct __sk_buff *skb)
{
	skb->mark = 42;
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
