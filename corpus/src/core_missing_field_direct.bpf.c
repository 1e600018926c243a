// SPDX-License-Identifier: GPL-2.0
/* A tp_btf program dereferences a BTF pointer directly (no probe_read) at a
 * field that does not exist in this kernel: libbpf poisons the load. */
// vx-what: tp_btf/sched_switch reads prev->state_old directly; the field is not in this kernel's task_struct
// vx-type: tracing
// vx-log: core_missing_field_direct core-relocation - bpftool
// vx-verdict: failed to resolve CO-RE relocation <byte_off> [6] struct task_struct___v4.state_old (0:0 @ offset 0)
#include "vx.h"

struct task_struct___v4 {
	long state_old;
} __attribute__((preserve_access_index));

SEC("tp_btf/sched_switch")
int BPF_PROG(on_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct___v4 *p = (void *)prev;

	return p->state_old == 0;
}

char LICENSE[] SEC("license") = "GPL";
