// SPDX-License-Identifier: GPL-2.0
/* The value of a map lookup is used without checking it for NULL. */
// vx-what: kprobe increments a counter through bpf_map_lookup_elem's result without a NULL check
// vx-type: kprobe
// vx-log: nullderef_map null-deref - bpftool
// vx-log: nullderef_map_l2 null-deref - loadlog -l 2
// vx-verdict: R0 invalid mem access 'map_value_or_null'
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(count_sleeps)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 *n = bpf_map_lookup_elem(&counts, &pid);

	*n += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
