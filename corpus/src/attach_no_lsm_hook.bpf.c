// SPDX-License-Identifier: GPL-2.0
/* An LSM program for a hook name that this kernel does not have (renamed
 * across versions). */
// vx-what: lsm program for the hook file_open_old, which this kernel does not have
// vx-type: lsm
// vx-log: attach_no_lsm_hook attach-target - bpftool
// vx-verdict: libbpf: prog 'check_open': failed to find kernel BTF type ID of 'file_open_old': -3
#include "vx.h"

SEC("lsm/file_open_old")
int BPF_PROG(check_open)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
