// SPDX-License-Identifier: GPL-2.0
/* A hand-written program exits without setting r0, the return value. */
// vx-what: xdp (naked inline asm) exits without writing r0
// vx-type: xdp
// vx-log: uninit_r0_exit uninit-register - loadlog -l 1
// vx-verdict: R0 !read_ok
#include "vx.h"

SEC("xdp")
__attribute__((naked)) int xdp_noret(struct xdp_md *ctx)
{
	asm volatile("r2 = 1\n"
		     "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
