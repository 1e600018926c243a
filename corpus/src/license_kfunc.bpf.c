// SPDX-License-Identifier: MIT
/* kfuncs are only for GPL-compatible programs. */
// vx-what: tp_btf program with license "Dual MIT/Proprietary" calls the kfunc bpf_task_from_pid
// vx-type: tracing
// vx-log: license_kfunc license - bpftool
// vx-verdict: cannot call kernel function from non-GPL compatible program
#include "vx.h"

struct task_struct *bpf_task_from_pid(__s32 pid) __ksym;
void bpf_task_release(struct task_struct *p) __ksym;

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec)
{
	struct task_struct *t = bpf_task_from_pid(1);

	if (t)
		bpf_task_release(t);
	return 0;
}

char LICENSE[] SEC("license") = "Dual MIT/Proprietary";
