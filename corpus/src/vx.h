/* SPDX-License-Identifier: GPL-2.0 */
/* What every corpus program includes: UAPI, libbpf's BPF-side headers, and the
 * few kernel types the programs touch, declared with preserve_access_index
 * so that libbpf relocates them against this kernel's BTF (CO-RE) instead of
 * needing a generated vmlinux.h. */
#ifndef VX_CORPUS_H
#define VX_CORPUS_H

#include <stdbool.h>
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

struct task_struct {
	int pid;
	int tgid;
	struct task_struct *real_parent;
} __attribute__((preserve_access_index));

struct sock_common {
	unsigned short skc_family;
} __attribute__((preserve_access_index));

struct sock {
	struct sock_common __sk_common;
} __attribute__((preserve_access_index));

#endif
