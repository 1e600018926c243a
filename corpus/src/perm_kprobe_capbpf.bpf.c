// SPDX-License-Identifier: GPL-2.0
/* A kprobe loaded with CAP_BPF but without CAP_PERFMON: tracing program
 * types need CAP_PERFMON (or CAP_SYS_ADMIN) as well. */
// vx-what: kprobe loaded with CAP_BPF only (no CAP_PERFMON)
// vx-type: kprobe
// vx-log: perm_kprobe_capbpf permission - capbpf:bpftool
// vx-verdict: libbpf: prog 'sleeps': BPF program load failed: Operation not permitted
#include "vx.h"

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(sleeps)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
