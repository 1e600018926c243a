// SPDX-License-Identifier: GPL-2.0
/* The story: a cgroup_skb program reads the current task's tgid with
 * bpf_probe_read (what BPF_CORE_READ expands to on loaders that fall back to
 * it). cgroup_skb may not call bpf_probe_read#4 on any kernel: 6.18 says
 * "program of this type cannot use helper bpf_probe_read#4". */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Offset of task_struct.tgid does not matter: the verifier rejects the
 * call before anything is read. */
#define TGID_OFF 2464

SEC("cgroup_skb/egress")
int story_egress(struct __sk_buff *skb)
{
	char *task = (char *)bpf_get_current_task();
	int tgid = 0;

	bpf_probe_read(&tgid, sizeof(tgid), task + TGID_OFF);
	return tgid != 1;
}

char LICENSE[] SEC("license") = "GPL";
