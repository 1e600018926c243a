// SPDX-License-Identifier: GPL-2.0
/* The story's other half: the same read written with BPF_CORE_READ, which
 * libbpf's headers expand to bpf_probe_read_kernel (#113; the object file
 * says "call 113"). Loaded as root it is accepted (cgroup_skb gets #113
 * with CAP_PERFMON). Loaded with CAP_BPF only, libbpf 1.1's feature probe
 * for probe_read_kernel (made with a tracepoint program, which needs
 * CAP_PERFMON) fails, libbpf concludes the kernel lacks the helper and
 * rewrites the call to bpf_probe_read (#4), which cgroup_skb never gets:
 * the kernel names a helper the source never called. */
// vx-what: cgroup_skb/egress reads sock->skc_family with BPF_CORE_READ (#113); without CAP_PERFMON libbpf rewrites the call to bpf_probe_read (#4)
// vx-type: cgroup_skb
// vx-log: cgskb_core_read helper-unavailable bpf_probe_read#4 capbpf:bpftool
// vx-log: cgskb_core_read_bare helper-unavailable bpf_probe_read#4 capbpf:loadlog -l 1
// vx-log: cgskb_core_read_root none - loadlog -l 1
// vx-note: cgskb_core_read the object calls bpf_probe_read_kernel#113 (llvm-objdump: call 113); libbpf 1.1 rewrote it to #4 because its tracepoint-program feature probe failed without CAP_PERFMON
// vx-note: cgskb_core_read_bare the object calls bpf_probe_read_kernel#113 (llvm-objdump: call 113); libbpf 1.1 rewrote it to #4 because its tracepoint-program feature probe failed without CAP_PERFMON
// vx-note: cgskb_core_read_root the same object loaded as root: libbpf keeps #113, which cgroup_skb may call with CAP_PERFMON
// vx-verdict: program of this type cannot use helper bpf_probe_read#4
#include "vx.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);	/* socket cookie */
	__type(value, __u64);	/* struct sock *, saved by a kprobe */
} socks SEC(".maps");

SEC("cgroup_skb/egress")
int skb_egress(struct __sk_buff *skb)
{
	__u64 cookie = bpf_get_socket_cookie(skb);
	struct sock *sk;
	__u64 *addr;

	addr = bpf_map_lookup_elem(&socks, &cookie);
	if (!addr)
		return 1;
	sk = (struct sock *)*addr;
	return BPF_CORE_READ(sk, __sk_common.skc_family) == 10 ? 0 : 1;
}

char LICENSE[] SEC("license") = "GPL";
