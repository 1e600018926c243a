// SPDX-License-Identifier: GPL-2.0
/* A helper is called while a bpf_spin_lock is held; only a few helpers
 * (and no other calls) are allowed inside the critical section. */
// vx-what: tc program calls bpf_ktime_get_ns while holding a bpf_spin_lock
// vx-type: sched_cls
// vx-log: lock_call_held locking - bpftool
// vx-verdict: function calls are not allowed while holding a lock
#include "vx.h"

struct val {
	struct bpf_spin_lock lock;
	__u64 last_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct val);
} stamp SEC(".maps");

SEC("tc")
int tc_stamp(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct val *v = bpf_map_lookup_elem(&stamp, &key);

	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	v->last_ns = bpf_ktime_get_ns();
	bpf_spin_unlock(&v->lock);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
