// SPDX-License-Identifier: GPL-2.0
/* A BTF-enabled tracepoint program for a tracepoint this kernel does not
 * have (a typo, or one from another kernel version). */
// vx-what: tp_btf program for sched_proces_exec (typo); no such raw tracepoint in this kernel's BTF
// vx-type: tracing
// vx-log: attach_no_tracepoint attach-target - bpftool
// vx-verdict: libbpf: prog 'on_exec': failed to find kernel BTF type ID of 'sched_proces_exec': -3
#include "vx.h"

SEC("tp_btf/sched_proces_exec")
int BPF_PROG(on_exec)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
