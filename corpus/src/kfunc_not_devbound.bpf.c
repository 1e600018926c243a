// SPDX-License-Identifier: GPL-2.0
/* The XDP RX metadata kfuncs are implemented by each driver, so they may
 * only be called from a program bound to one device at load time
 * (BPF_F_XDP_DEV_BOUND_ONLY with prog_ifindex); this one is not. */
// vx-what: xdp calls the kfunc bpf_xdp_metadata_rx_timestamp without being loaded bound to a device
// vx-type: xdp
// vx-log: kfunc_not_devbound kfunc-unavailable - loadlog -l 1
// vx-verdict: metadata kfuncs require device-bound program
#include "vx.h"

extern int bpf_xdp_metadata_rx_timestamp(const struct xdp_md *ctx, __u64 *timestamp) __ksym;

SEC("xdp")
int xdp_rx_ts(struct xdp_md *ctx)
{
	__u64 ts = 0;

	if (bpf_xdp_metadata_rx_timestamp(ctx, &ts))
		return XDP_PASS;
	return ts & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
