#!/bin/bash
# Logs and probe tables from kernels this machine does not run, made in qemu
# by the VM agent (src/vm.c, tools/agent.c):
#   corpus/vm/NAME-KERNEL.log + .meta   the story's program loaded on KERNEL
#   patterns/kernels/KERNEL.tsv         which helpers each program type may
#                                       call there (--probe)
# usage: corpus/vm/gen.sh [--probe] [KERNEL...]   (default: 6.1 6.12)
# Kernels are Debian's, fetched by src/vm.c into ~/.cache/vexplain/kernels.
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

make -s build/vm.o build/util.o build/vexplain-agent || exit 2
mkdir -p "$BUILD"
cc -O2 -g -D_GNU_SOURCE -Isrc -o "$BUILD/vmrun" "$OUT/vmrun.c" build/vm.o build/util.o || exit 2
export VEXPLAIN_AGENT=$PWD/build/vexplain-agent
$CLANG $BPF_CFLAGS -c "corpus/src/$STORY.bpf.c" -o "$BUILD/$STORY.bpf.o" || exit 2

fail=0
for k in "${KERNELS[@]}"; do
	log=$OUT/$STORY-$k.log
	cmd="$BUILD/vmrun $k -f $BUILD/$STORY.bpf.o -- load $STORY.bpf.o"
	$cmd >"$log" 2>"$OUT/.stderr"
	rc=$?
	info=$(grep '^# kernel ' "$OUT/.stderr")
	if [ -z "$info" ]; then
		echo "gen.sh: $k: $(cat "$OUT/.stderr")" >&2
		rm -f "$log"
		fail=$((fail + 1))
		continue
	fi
	set -- $info # "# kernel RELEASE accel ACCEL boot S initramfs BYTES"
	pkg=$(head -1 "${XDG_CACHE_HOME:-$HOME/.cache}/vexplain/kernels/$k/package" 2>/dev/null)
	{
		echo "source: corpus/src/$STORY.bpf.c"
		echo "command: $cmd"
		echo "kernel: $3"
		echo "kernel_package: ${pkg:-unknown} (Debian)"
		echo "vm: qemu -accel $5, boot-to-output $7 s"
		echo "prog_type: cgroup_skb"
		echo "expect_category: helper-unavailable"
		echo "expect_helper: bpf_probe_read#4"
		echo "exit_status: $rc"
	} >"$OUT/$STORY-$k.meta"
	echo "gen.sh: $log ($3, $5, $7 s)"

	[ $PROBE = 1 ] || continue
	tsv=patterns/kernels/$k.tsv
	made="corpus/vm/gen.sh --probe $k (vexplain-agent probe in qemu on Debian ${pkg:-$3})"
	if $BUILD/vmrun "$k" -t 600 -- probe --made-by "$made" >"$tsv.tmp" 2>"$OUT/.stderr" &&
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
