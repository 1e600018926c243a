// SPDX-License-Identifier: GPL-2.0
/* The context pointer is advanced and then dereferenced; the verifier
 * rewrites ctx accesses by their constant offset from the unmodified
 * pointer, so it refuses a moved one. */
// vx-what: xdp (inline asm) adds 4 to the ctx pointer, then loads through it
// vx-type: xdp
// vx-log: ctx_modified_ptr ctx-access - loadlog -l 1
// vx-verdict: dereference of modified ctx ptr R2 off=4 disallowed
#include "vx.h"

SEC("xdp")
int xdp_ctx_move(struct xdp_md *ctx)
{
	int ret;

	asm volatile("r2 = %[ctx]\n"
		     "r2 += 4\n"
		     "%[ret] = *(u32 *)(r2 + 0)\n"
		     : [ret] "=r"(ret)
		     : [ctx] "r"(ctx)
		     : "r2");
	return ret ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
