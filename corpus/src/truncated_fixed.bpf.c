// SPDX-License-Identifier: GPL-2.0
/* A program rejected after a few dozen instructions, loaded with a
 * 512-byte log buffer in fixed mode (log_level | 8, BPF_LOG_FIXED): the
 * kernel keeps the log's first 511 bytes and fails with ENOSPC, so the log
 * ends mid-line with no verdict. libbpf 1.1 refuses the FIXED bit, so
 * loadlog -r makes that load with the bpf(2) syscall itself. Without
 * BPF_LOG_FIXED, kernels since 6.4 keep the end of the log instead, verdict
 * included (truncated_rotating). */
// vx-what: xdp with a missing data_end check, loaded with a 512-byte fixed-mode log buffer
// vx-type: xdp
// vx-log: truncated_fixed truncated-log - loadlog -r -l 9 -s 512
// vx-log: truncated_fixed_l2 truncated-log - loadlog -r -l 10 -s 2048
// vx-log: truncated_rotating packet-bounds - loadlog -l 1 -s 512
// vx-note: truncated_rotating rotating log mode (no BPF_LOG_FIXED): the kernel kept the last 511 bytes, so the log starts mid-line but still ends with the verdict; the load failed with ENOSPC
// vx-verdict: (none: the log was cut by a BPF_LOG_FIXED buffer before the verdict)
// vx-verdict[truncated_rotating]: invalid access to packet, off=22 size=1, R1(id=0,off=22,r=14)
#include "vx.h"

SEC("xdp")
int xdp_parse(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	__u32 sum = 0;
	int i;

	if (data + sizeof(*eth) > end)
		return XDP_PASS;
	for (i = 0; i < 6; i++)
		sum += eth->h_dest[i] + eth->h_source[i];
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	return ip->ttl + sum > 64 ? XDP_DROP : XDP_PASS;	/* ip not checked */
}

char LICENSE[] SEC("license") = "GPL";
