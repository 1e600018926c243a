// SPDX-License-Identifier: GPL-2.0
/* A kprobe reads a field of its pointer argument directly. Kprobe arguments
 * are plain numbers to the verifier (pt_regs values); only BTF-typed
 * programs (fentry, tp_btf) may dereference kernel pointers directly. */
// vx-what: kprobe on do_sys_openat2 dereferences its struct open_how * argument directly instead of with bpf_probe_read_kernel
// vx-type: kprobe
// vx-log: scalar_kprobe_arg scalar-deref - bpftool
// vx-log: scalar_kprobe_arg_bare scalar-deref - loadlog -l 1
// vx-verdict: R1 invalid mem access 'scalar'
#include "vx.h"

struct open_how {
	__u64 flags;
	__u64 mode;
	__u64 resolve;
};

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(openat2_enter, int dfd, const char *filename, struct open_how *how)
{
	return how->flags & 1;
}

char LICENSE[] SEC("license") = "GPL";
