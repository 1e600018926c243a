// SPDX-License-Identifier: GPL-2.0
/* Hand-written BPF reads r3, which nothing wrote: at entry only r1 (ctx)
 * and r10 (frame pointer) hold values. */
// vx-what: socket filter (inline asm) copies r3 before anything wrote it
// vx-type: socket_filter
// vx-log: uninit_r3 uninit-register - bpftool
// vx-log: uninit_r3_bare uninit-register - loadlog -l 1
// vx-verdict: R3 !read_ok
#include "vx.h"

SEC("socket")
int sock_uninit(struct __sk_buff *skb)
{
	int ret;

	asm volatile("%[ret] = r3\n" : [ret] "=r"(ret));
	return ret;
}

char LICENSE[] SEC("license") = "GPL";
