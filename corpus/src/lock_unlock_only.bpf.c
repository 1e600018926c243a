// SPDX-License-Identifier: GPL-2.0
/* The unlock of a bpf_spin_lock on a path where the lock was not taken. */
// vx-what: tc program calls bpf_spin_unlock on a map value's lock it never locked
// vx-type: sched_cls
// vx-log: lock_unlock_only locking - bpftool
// vx-log: lock_unlock_only_bare locking - loadlog -l 1
// vx-verdict: bpf_spin_unlock without taking a lock
#include "vx.h"

struct val {
	struct bpf_spin_lock lock;
	__u64 packets;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct val);
} stats SEC(".maps");

SEC("tc")
int tc_count(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct val *v = bpf_map_lookup_elem(&stats, &key);

	if (!v)
		return 0;
	v->packets++;
	bpf_spin_unlock(&v->lock);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
