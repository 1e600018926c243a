// SPDX-License-Identifier: GPL-2.0
/* A kfunc-acquired task reference is released twice: the first release
 * invalidates the register, so the second call gets a plain number where
 * it needs a task pointer. */
// vx-what: tp_btf program takes a task reference with bpf_task_from_pid and calls bpf_task_release on it twice
// vx-type: tracing
// vx-log: argtype_release_twice arg-type - loadlog -l 1
// vx-verdict: arg#0 pointer type STRUCT task_struct must point to scalar, or struct with scalar
#include "vx.h"

struct task_struct *bpf_task_from_pid(__s32 pid) __ksym;
void bpf_task_release(struct task_struct *p) __ksym;

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec)
{
	struct task_struct *t = bpf_task_from_pid(1);

	if (!t)
		return 0;
	bpf_task_release(t);
	bpf_task_release(t);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
