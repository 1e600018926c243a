#!/bin/bash
# make-libbpf-prog-repo.sh DIR [BUNDLE]
# A BPF program repository that keeps libbpf as a git submodule, as
# libbpf-bootstrap does: DIR/libbpf.git is the library (cloned from BUNDLE,
# default tests/bisect/libbpf-releases.bundle: real upstream releases, one
# commit each), DIR/prog the program with the submodule at libbpf/, pinned
# to v1.1.2. `make` there builds libbpf statically from the submodule and a
# loader linked with it; the BPF object comes from the system's headers, so
# it is the same object whichever libbpf the loader links.
#
# prog.bpf.c is a cgroup_skb program calling bpf_probe_read_kernel (#113).
# The loader (loader.c) asks libbpf whether cgroup_skb programs may call
# bpf_probe_read (#4) and, if libbpf says yes, rewrites the call into #4, as
# a loader that prefers the older helper for older kernels does. The probe
# of libbpf v1.1.2 and v1.4.6 counts only "invalid func" and "unknown func"
# as "not supported"; newer kernels (6.12, 6.18; not 6.1) say "program of
# this type cannot use helper bpf_probe_read#4" instead, so with those
# releases the loader emits #4 and the verifier rejects it. libbpf v1.5.0
# knows the wording: the loader keeps #113 and the program loads. On such a
# kernel the submodule's history holds a fix: v1.1.2 broken, v1.5.0 the
# first fixed release of the bundle's.
set -e
dir=$1
bundle=${2:-$(cd "$(dirname "$0")" && pwd)/libbpf-releases.bundle}
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
git clone -q --bare "$bundle" libbpf.git
git init -q -b main prog
cd prog
git config user.name "Prog Dev"; git config user.email "dev@example.org"
t=1760000000
commit() { t=$((t + 60)); GIT_AUTHOR_DATE="@$t +0000" GIT_COMMITTER_DATE="@$t +0000" git commit -q -m "$1"; }

git -c protocol.file.allow=always submodule add -q ../libbpf.git libbpf >/dev/null 2>&1
git -C libbpf checkout -q v1.1.2
cat >Makefile <<'EOF'
# libbpf from the submodule, built statically into .output (as libbpf-bootstrap does)
OUTPUT := .output
LIBBPF_SRC := $(abspath libbpf/src)
LIBBPF_OBJ := $(abspath $(OUTPUT)/libbpf.a)
INCLUDES := -I$(OUTPUT) -Ilibbpf/include/uapi

all: loader prog.bpf.o

$(OUTPUT) $(OUTPUT)/libbpf:
	mkdir -p $@

$(LIBBPF_OBJ): $(wildcard $(LIBBPF_SRC)/*.[ch] $(LIBBPF_SRC)/Makefile) | $(OUTPUT)/libbpf
	$(MAKE) -C $(LIBBPF_SRC) BUILD_STATIC_ONLY=1 OBJDIR=$(dir $@)/libbpf \
		DESTDIR=$(dir $@) INCLUDEDIR= LIBDIR= UAPIDIR= install

# the BPF object from the system's headers: the same object whatever libbpf is linked
prog.bpf.o: prog.bpf.c
	clang -g -O2 -target bpf -I/usr/include/$(shell $(CC) -dumpmachine) -c prog.bpf.c -o $@

loader: loader.c $(LIBBPF_OBJ)
	cc -O2 -Wall $(INCLUDES) loader.c $(LIBBPF_OBJ) -lelf -lz -o $@

clean:
	rm -rf $(OUTPUT) loader prog.bpf.o
.PHONY: all clean
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
/* Loads prog.bpf.o. Older kernels have no bpf_probe_read_kernel: when libbpf
 * says cgroup_skb programs may call bpf_probe_read, use that one. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void use_probe_read(struct bpf_program *p)
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

int main(void)
{
	struct bpf_object *obj = bpf_object__open_file("prog.bpf.o", NULL);
	struct bpf_program *p;
	int have, err;

	if (!obj) {
		fprintf(stderr, "loader: cannot open prog.bpf.o\n");
		return 2;
	}
	have = libbpf_probe_bpf_helper(BPF_PROG_TYPE_CGROUP_SKB, BPF_FUNC_probe_read, NULL);
	printf("loader: libbpf %s: cgroup_skb may call bpf_probe_read: %s (%d)\n",
	       libbpf_version_string(), have == 1 ? "yes" : "no", have);
	fflush(stdout);
	if (have == 1)
		bpf_object__for_each_program(p, obj)
			use_probe_read(p);
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
printf 'loader\nprog.bpf.o\n.output/\n' >.gitignore
echo "# prog: a cgroup_skb counter and its loader (libbpf as a submodule)" >README
git add -A; commit "prog: cgroup_skb counter, loader, libbpf v1.1.2 as a submodule"
echo "Build: make (libbpf comes from the submodule)." >>README
git add README; commit "README: how to build"
git tag v0.1
