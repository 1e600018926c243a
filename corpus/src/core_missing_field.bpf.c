// SPDX-License-Identifier: GPL-2.0
/* A CO-RE read of a field this kernel's task_struct does not have (the
 * program was written against a different kernel). libbpf cannot relocate
 * it and poisons the instruction with call 0xbad2310 (195896080). */
// vx-what: kprobe reads task_struct->no_such_field with BPF_CORE_READ; the field is not in this kernel's BTF
// vx-type: kprobe
// vx-log: core_missing_field core-relocation - bpftool
// vx-log: core_missing_field_bare core-relocation - loadlog -r -l 1
// vx-verdict: failed to resolve CO-RE relocation <byte_off> [7] struct task_struct___old.no_such_field (0:0 @ offset 0)
// vx-verdict[core_missing_field_bare]: invalid func unknown#195896080
#include "vx.h"

struct task_struct___old {
	int no_such_field;
} __attribute__((preserve_access_index));

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(nanosleep_enter)
{
	struct task_struct___old *t = (void *)bpf_get_current_task();
	int v = BPF_CORE_READ(t, no_such_field);

	return v > 0;
}

char LICENSE[] SEC("license") = "GPL";
