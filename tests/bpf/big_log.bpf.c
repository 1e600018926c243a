// SPDX-License-Identifier: GPL-2.0
/* A program whose level-2 log is far larger than the first 64 KiB buffer:
 * many unrolled branches on packet bytes, each printing register state.
 * It ends in a real rejection (reading past data_end) so the verdict is at
 * the very end of the log and only a complete log shows it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int big_xdp(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	__u64 acc = 0;

	if (data + 64 > end)
		return XDP_PASS;
#pragma clang loop unroll(full)
	for (int i = 0; i < 80; i++) {
		if (data[i & 63] > i)
			acc += data[(i * 7) & 63];
		else
			acc ^= i;
	}
	/* No bounds check covers offset 64: the verifier says
	 * "invalid access to packet". */
	return data[64] + acc ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
