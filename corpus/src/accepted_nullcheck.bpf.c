// SPDX-License-Identifier: GPL-2.0
/* The fixed version of nullderef_map: the lookup result is checked. */
// vx-what: accepted: kprobe counter with the NULL check after bpf_map_lookup_elem
// vx-type: kprobe
// vx-log: accepted_nullcheck none - loadlog -l 1
// vx-log: accepted_nullcheck_bpftool none - bpftool-d
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
	__u64 one = 1, *n = bpf_map_lookup_elem(&counts, &pid);

	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&counts, &pid, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
