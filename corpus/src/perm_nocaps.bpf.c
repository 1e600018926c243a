// SPDX-License-Identifier: GPL-2.0
/* A plain socket filter loaded by a process without capabilities while the
 * kernel has unprivileged BPF disabled (kernel.unprivileged_bpf_disabled). */
// vx-what: socket filter loaded by a process with no capabilities; unprivileged BPF is disabled on this kernel
// vx-type: socket_filter
// vx-log: perm_nocaps permission - nocaps:bpftool
// vx-verdict: libbpf: Error in bpf_object__probe_loading():Operation not permitted(1). Couldn't load trivial BPF program. Make sure your kernel supports BPF (CONFIG_BPF_SYSCALL=y) and/or that RLIMIT_MEMLOCK is set to big enough value.
#include "vx.h"

SEC("socket")
int sock_all(struct __sk_buff *skb)
{
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
