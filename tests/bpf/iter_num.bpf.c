// SPDX-License-Identifier: GPL-2.0
/* An open-coded loop over the bpf_iter_num kfuncs, which came in 6.4: 6.1
 * has no bpf_iter_num_* in its BTF, so libbpf refuses the object there
 * ("extern (func ksym) ...: not found in kernel or module BTFs"), while
 * 6.12 and later load it. tests/t_bisect_kernels.sh bisects that change.
 * Bookworm's UAPI headers (6.1) lack struct bpf_iter_num: the kernel only
 * needs a struct of that name and size on the stack. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_iter_num {
	__u64 __opaque[1];
} __attribute__((aligned(8)));

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

SEC("xdp")
int iter_sum(struct xdp_md *ctx)
{
	struct bpf_iter_num it;
	int *v, sum = 0;

	bpf_iter_num_new(&it, 0, 16);
	while ((v = bpf_iter_num_next(&it)))
		sum += *v;
	bpf_iter_num_destroy(&it);
	return sum > 100 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
