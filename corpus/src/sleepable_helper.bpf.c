// SPDX-License-Identifier: GPL-2.0
/* bpf_copy_from_user may sleep; a plain (non-sleepable) kprobe is not
 * offered it: it exists only for sleepable programs. */
// vx-what: kprobe (not sleepable) calls bpf_copy_from_user, a helper only sleepable programs get
// vx-type: kprobe
// vx-log: sleepable_helper sleepable bpf_copy_from_user#148 bpftool
// vx-verdict: helper call might sleep in a non-sleepable prog
#include "vx.h"

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(openat2, int dfd, const char *filename)
{
	char path[64];

	bpf_copy_from_user(path, sizeof(path), filename);
	return path[0] == '/';
}

char LICENSE[] SEC("license") = "GPL";
