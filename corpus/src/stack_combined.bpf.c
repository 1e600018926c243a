// SPDX-License-Identifier: GPL-2.0
/* Each function fits in 512 bytes of stack, but the verifier adds up the
 * frames of a call chain: 320 + 320 bytes is more than 512. */
// vx-what: xdp copies 320 packet bytes to the stack, then calls a non-inlined function that copies 320 more
// vx-type: xdp
// vx-log: stack_combined stack-size - bpftool
// vx-log: stack_combined_bare stack-size - loadlog -l 1
// vx-log: stack_combined_l2 stack-size - loadlog -l 2
// vx-verdict: combined stack size of 2 calls is 640. Too large
#include "vx.h"

static __noinline int tail_sum(struct xdp_md *ctx)
{
	__u8 buf[320];
	int i, sum = 0;

	if (bpf_xdp_load_bytes(ctx, 320, buf, sizeof(buf)) < 0)
		return 0;
	for (i = 0; i < 320; i += 64)
		sum += buf[i];
	return sum;
}

SEC("xdp")
int xdp_frames(struct xdp_md *ctx)
{
	__u8 head[320];

	if (bpf_xdp_load_bytes(ctx, 0, head, sizeof(head)) < 0)
		return XDP_PASS;
	return tail_sum(ctx) + head[0] + head[319] > 7 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
