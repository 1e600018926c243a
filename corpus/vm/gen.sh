#!/bin/bash
# Logs and probe tables from kernels this machine does not run, made in qemu
# by `vexplain load --kernel` and `vexplain probe --kernel` (src/vm.c and
# the agent, tools/agent.c):
#   corpus/vm/NAME-KERNEL.log + .meta   the story's program loaded on KERNEL
#                                       (NAME_l2: at log level 2)
#   patterns/kernels/KERNEL.tsv         which helpers each program type may
#                                       call there (with --probe)
# usage: corpus/vm/gen.sh [--probe] [KERNEL...]   (default: 6.1 6.12)
# Kernels are Debian's, fetched into ~/.cache/vexplain/kernels on first use.
set -u
SELF=$(readlink -f "$0")
cd "$(dirname "$SELF")/../.." || exit 2
OUT=corpus/vm
BUILD=corpus/build
CLANG=${CLANG:-clang}
BPF_CFLAGS="-g -O2 -target bpf -D__TARGET_ARCH_x86 -I/usr/include/x86_64-linux-gnu -Wall -Wno-unused-variable"
# The story's program (see corpus/src/cgskb_probe_read.bpf.c).
STORY=cgskb_probe_read
PROBE=0
[ "${1:-}" = --probe ] && { PROBE=1; shift; }
KERNELS=("$@")
[ ${#KERNELS[@]} -eq 0 ] && KERNELS=(6.1 6.12)

make -s vexplain build/vexplain-agent || exit 2
mkdir -p "$BUILD"
OBJ=$BUILD/$STORY.bpf.o
# shellcheck disable=SC2086 # flags are words
$CLANG $BPF_CFLAGS -c "corpus/src/$STORY.bpf.c" -o "$OBJ" || exit 2

fail=0
one_log() { # kernel level name
	local k=$1 level=$2 name=$3 cmd rc t0 t1 release
	cmd="vexplain load --kernel $k --raw --log-level $level $OBJ"
	t0=$(date +%s.%N)
	# shellcheck disable=SC2086 # the command as the .meta shows it
	./$cmd >"$OUT/$name.log" 2>"$OUT/.stderr"
	rc=$?
	t1=$(date +%s.%N)
	release=$(sed -n "1s/^libbpf: prog '[^']*': .*, kernel \(.*\)$/\1/p" "$OUT/$name.log")
	if [ -z "$release" ]; then
		echo "gen.sh: $name: $(cat "$OUT/.stderr")" >&2
		rm -f "$OUT/$name.log"
		fail=$((fail + 1))
		return
	fi
	{
		echo "source: corpus/src/$STORY.bpf.c"
		echo "command: $cmd"
		echo "kernel: $release"
		echo "kernel_package: $(head -1 "${XDG_CACHE_HOME:-$HOME/.cache}/vexplain/kernels/$k/package" 2>/dev/null || echo unknown) (Debian)"
		echo "prog_type: cgroup_skb"
		echo "expect_category: helper-unavailable"
		echo "expect_helper: bpf_probe_read#4"
		echo "exit_status: $rc"
	} >"$OUT/$name.meta"
	echo "gen.sh: $OUT/$name.log ($release, $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s)"
}

for k in "${KERNELS[@]}"; do
	one_log "$k" 1 "$STORY-$k"
	one_log "$k" 2 "${STORY}_l2-$k"
	[ $PROBE = 1 ] || continue
	tsv=patterns/kernels/$k.tsv
	if ./vexplain probe --tsv --kernel "$k" >"$tsv.tmp" 2>"$OUT/.stderr" &&
		grep -q '	ok	' "$tsv.tmp"; then
		mv "$tsv.tmp" "$tsv"
		echo "gen.sh: $tsv ($(grep '^# loads' "$tsv"))"
	else
		echo "gen.sh: $k probe: $(cat "$OUT/.stderr")" >&2
		rm -f "$tsv.tmp"
		fail=$((fail + 1))
	fi
done
rm -f "$OUT/.stderr"
[ $fail -eq 0 ]
