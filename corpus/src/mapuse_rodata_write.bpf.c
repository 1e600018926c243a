// SPDX-License-Identifier: GPL-2.0
/* A "const volatile" global lives in .rodata, which libbpf freezes and
 * marks read-only for programs; the program writes it anyway. */
// vx-what: xdp writes a const volatile global (.rodata, read-only to programs) through a cast
// vx-type: xdp
// vx-log: mapuse_rodata_write map-usage - bpftool
// vx-verdict: write into map forbidden, value_size=4 off=0 size=4
#include "vx.h"

const volatile __u32 drop_proto = 17;

SEC("xdp")
int xdp_cfg(struct xdp_md *ctx)
{
	*(volatile __u32 *)&drop_proto = 6;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
