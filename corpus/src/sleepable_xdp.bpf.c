// SPDX-License-Identifier: GPL-2.0
/* The loader marks an XDP program sleepable (BPF_F_SLEEPABLE); only some
 * tracing-like program types may sleep. */
// vx-what: xdp program loaded with BPF_F_SLEEPABLE
// vx-type: xdp
// vx-log: sleepable_xdp sleepable - loadlog -S -l 1
// vx-verdict: Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable
#include "vx.h"

SEC("xdp")
int xdp_sleepy(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
