#!/bin/bash
# make-loader-repo.sh DIR
# A real loader project: a cgroup_skb program (prog.bpf.c) calling
# bpf_probe_read_kernel (#113), and a libbpf loader (loader.c) that probes
# whether the kernel offers that helper and, if not, rewrites the call into
# bpf_probe_read (#4) before loading, as Aya did before its 942ea51. At the
# commit tagged first-bad the probe is broken (its result read the wrong way
# round), so on this kernel the loader rewrites the call and the verifier
# says "program of this type cannot use helper bpf_probe_read#4".
# On the way: a side branch merged back (merges), a commit whose program has
# another rejection (packet access without a bounds check), and a commit
# whose build is broken. Tags: good, other-rejection, build-broken,
# first-bad, bad.
set -e
dir=$1
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
git init -q -b main .
git config user.name "Loader Dev"; git config user.email "dev@example.org"
t=1700000000
commit() { t=$((t + 60)); GIT_AUTHOR_DATE="@$t +0000" GIT_COMMITTER_DATE="@$t +0000" git commit -q -m "$1"; }

cat >Makefile <<'EOF'
all: loader prog.bpf.o
prog.bpf.o: prog.bpf.c
	clang -g -O2 -target bpf -I/usr/include/x86_64-linux-gnu -c prog.bpf.c -o prog.bpf.o
loader: loader.c
	cc -O1 -o loader loader.c -lbpf
EOF
cat >prog.bpf.c <<'EOF'
// SPDX-License-Identifier: GPL-2.0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup_skb/egress")
int count_egress(struct __sk_buff *skb)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), (const void *)(long)skb->mark);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
EOF
cat >loader.c <<'EOF'
// SPDX-License-Identifier: MIT
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does this kernel let cgroup_skb programs call bpf_probe_read_kernel? */
static int have_probe_read_kernel(void)
{
	return libbpf_probe_bpf_helper(BPF_PROG_TYPE_CGROUP_SKB, BPF_FUNC_probe_read_kernel, NULL) == 1;
}

/* Older kernels only have bpf_probe_read: rewrite the calls. */
static void fall_back(struct bpf_program *p)
{
	size_t n = bpf_program__insn_cnt(p);
	struct bpf_insn *insns = malloc(n * sizeof(*insns));

	memcpy(insns, bpf_program__insns(p), n * sizeof(*insns));
	for (size_t i = 0; i < n; i++)
		if (insns[i].code == (BPF_JMP | BPF_CALL) && insns[i].src_reg == 0 &&
		    insns[i].imm == BPF_FUNC_probe_read_kernel)
			insns[i].imm = BPF_FUNC_probe_read;
	bpf_program__set_insns(p, insns, n);
	free(insns);
}

int main(int argc, char **argv)
{
	struct bpf_object *obj = bpf_object__open_file("prog.bpf.o", NULL);
	struct bpf_program *p;
	int err;

	if (!obj) {
		fprintf(stderr, "loader: cannot open prog.bpf.o\n");
		return 2;
	}
	bpf_object__for_each_program(p, obj)
		if (!have_probe_read_kernel())
			fall_back(p);
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	if (err) {
		fprintf(stderr, "loader: load failed: %d\n", err);
		return 1;
	}
	printf("loader: loaded\n");
	return 0;
}
EOF
echo "# loader" >README
git add -A; commit "loader: first version"; git tag good
echo "Loads prog.bpf.o." >>README; git add README; commit "README: what it does"
sed -i 's/-O1/-O2/' Makefile; git add Makefile; commit "build: -O2"

# a side branch, merged back later
git checkout -q -b docs
echo "Needs libbpf." >>README; git add README; commit "README: dependencies"
echo "Run as root." >>README; git add README; commit "README: privileges"
git checkout -q main

# another rejection on the way: direct packet access without a bounds check
sed -i 's|\treturn 1;|\treturn *(__u8 *)(long)skb->data \& 1;|' prog.bpf.c
git add prog.bpf.c; commit "prog: look at the first byte"; git tag other-rejection
echo "Checks the first byte." >>NOTES; git add NOTES; commit "notes: the first byte"
sed -i 's|\treturn \*(__u8 \*)(long)skb->data \& 1;|\treturn 1;|' prog.bpf.c
git add prog.bpf.c; commit "prog: revert the first byte check"

# a broken build in the middle
sed -i 's|int main(int argc, char \*\*argv)|int main(int argc, char **argv) oops|' loader.c
git add loader.c; commit "loader: start option parsing"; git tag build-broken
echo "Options: none yet." >>NOTES; git add NOTES; commit "notes: options"
sed -i 's|int main(int argc, char \*\*argv) oops|int main(int argc, char **argv)|' loader.c
git add loader.c; commit "loader: fix the build"

t=$((t + 60)); GIT_AUTHOR_DATE="@$t +0000" GIT_COMMITTER_DATE="@$t +0000" \
	git merge -q --no-ff -m "Merge branch 'docs'" docs
echo "v0.2" >VERSION; git add VERSION; commit "version 0.2"

# the regression: libbpf_probe_bpf_helper() returns 1 when supported
sed -i 's|NULL) == 1;|NULL) == 0; /* 0 means success */|' loader.c
git add loader.c; commit "loader: simplify the helper probe"; git tag first-bad
echo "v0.3" >VERSION; git add VERSION; commit "version 0.3"
echo "More docs." >>README; git add README; commit "README: more"
echo "v0.4" >VERSION; git add VERSION; commit "version 0.4"; git tag bad
