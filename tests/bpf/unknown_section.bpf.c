// SPDX-License-Identifier: GPL-2.0
/* A section name libbpf does not know: libbpf refuses the program before
 * the kernel sees it, so there is no verifier log, only libbpf's message
 * ("missing BPF prog type, check ELF section name"). --type fixes it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("not_a_known_section")
int odd_section(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
