// SPDX-License-Identifier: MIT
/* bpf_trace_printk is GPL-only; the program declares a non-GPL license. */
// vx-what: kprobe with license "Proprietary" calls bpf_trace_printk, a GPL-only helper
// vx-type: kprobe
// vx-log: license_trace_printk license bpf_trace_printk#6 bpftool
// vx-log: license_trace_printk_bare license bpf_trace_printk#6 loadlog -l 1
// vx-verdict: cannot call GPL-restricted function from non-GPL compatible program
#include "vx.h"

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(hello)
{
	bpf_printk("nanosleep");
	return 0;
}

char LICENSE[] SEC("license") = "Proprietary";
