// SPDX-License-Identifier: GPL-2.0
/* cgroup/sock_create programs return 1 (allow) or 0 (deny); -1 (EPERM in
 * the author's mind) is neither. */
// vx-what: cgroup/sock_create returns -1 to deny raw sockets; it may return only 0 or 1
// vx-type: cgroup_sock
// vx-log: retval_sock_create return-value - bpftool
// vx-verdict: At program exit the register R0 has smin=-1 smax=-1 should have been in [0, 1]
#include "vx.h"

SEC("cgroup/sock_create")
int deny_raw(struct bpf_sock *sk)
{
	if (sk->type == 3 /* SOCK_RAW */)
		return -1;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
