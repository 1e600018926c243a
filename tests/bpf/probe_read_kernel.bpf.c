// SPDX-License-Identifier: GPL-2.0
/* The story's program written with bpf_probe_read_kernel#113 instead: 6.18
 * lets cgroup_skb call it when the loader has CAP_PERFMON (it is in the
 * base helper set behind perfmon_capable()); without CAP_PERFMON libbpf 1.1
 * rewrites it to bpf_probe_read#4 (bpf_object__sanitize_prog, because its
 * FEAT_PROBE_READ_KERN probe, a kprobe program, fails). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TGID_OFF 2464

SEC("cgroup_skb/egress")
int prk_egress(struct __sk_buff *skb)
{
	char *task = (char *)bpf_get_current_task();
	int tgid = 0;

	bpf_probe_read_kernel(&tgid, sizeof(tgid), task + TGID_OFF);
	return tgid != 1;
}

/* The same call without bpf_get_current_task (itself a perfmon-only helper
 * for cgroup_skb): a loader without CAP_PERFMON gets as far as the rewritten
 * call, and the verifier names bpf_probe_read#4, which the source never
 * calls. */
SEC("cgroup_skb/egress")
int prk_rewrite(struct __sk_buff *skb)
{
	__u32 src = skb->len, dst = 0;

	bpf_probe_read_kernel(&dst, sizeof(dst), &src);
	return dst != 0;
}

char LICENSE[] SEC("license") = "GPL";
