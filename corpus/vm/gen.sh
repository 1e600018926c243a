#!/bin/bash
# Logs and probe tables from kernels this machine does not run, made in qemu
# by `vexplain load --kernel` and `vexplain probe --kernel` (src/vm.c and
# the agent, tools/agent.c):
#   corpus/vm/NAME-KERNEL.log + .meta   corpus/src/NAME.bpf.c (or corpus/vm/src/:
#                                       the VM's own, for what root cannot make
#                                       of corpus/src there) loaded on KERNEL
#                                       (NAME_l2: at log level 2)
#   patterns/kernels/KERNEL.tsv         which helpers each program type may
#                                       call there (with --probe)
# usage: corpus/vm/gen.sh [--probe] [KERNEL...]   (default: 6.1 6.12)
#        ONLY="name ..." corpus/vm/gen.sh          only these sources
#        JOBS=N (default 2)                        VMs booted at once
#        corpus/vm/gen.sh --meta   rewrite every .meta from expect.tsv, no VM
# Kernels are Debian's, fetched into ~/.cache/vexplain/kernels on first use.
#
# The .meta's expect_category, expect_helper and verdict are not vexplain's:
# they come from corpus/vm/expect.tsv, which a person fills in after reading
# each log (what the kernel says there). A log with no line in it gets
# "expect_category: unread" and a warning; a verdict that is no longer in the
# new log (the kernel's words changed) gets a warning too.
#
# Every load happens inside the VM, which is gone when `vexplain load`
# returns: nothing stays loaded or pinned on this machine.
set -u
SELF=$(readlink -f "$0")
cd "$(dirname "$SELF")/../.." || exit 2
OUT=corpus/vm
BUILD=corpus/build
EXPECT=$OUT/expect.tsv
CLANG=${CLANG:-clang}
BPF_CFLAGS="-g -O2 -target bpf -D__TARGET_ARCH_x86 -I/usr/include/x86_64-linux-gnu -Icorpus/src -Wall -Wno-unused-variable"
JOBS=${JOBS:-2}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/vexplain/kernels

# Sources that make no sense here, and why (corpus/README.md lists them too).
# vexplain load runs as root in the VM and cannot drop capabilities, set
# BPF_F_SLEEPABLE on an XDP program, or cut the log buffer.
declare -A SKIP=(
	[cgskb_core_read]="needs CAP_BPF without CAP_PERFMON; as root it is accepted_*"
	[perm_kprobe_capbpf]="needs CAP_BPF without CAP_PERFMON"
	[perm_nocaps]="needs a loader without capabilities"
	[ptr_compare]="needs CAP_BPF only; root may compare pointers"
	[ptr_leak_map]="needs CAP_BPF only; root may leak pointers"
	[stack_uninit_read]="needs CAP_BPF only; root may read uninitialized stack"
	[sleepable_xdp]="needs BPF_F_SLEEPABLE on an xdp program (loadlog -S)"
	[truncated_fixed]="needs a small fixed log buffer; vexplain load grows it"
	[btf_missing]="vexplain load reports libbpf's open failure as 'no such file', with no log"
)
# Level 2 too for these (besides every source with a level-2 log on 6.18):
# a second log, in the other format, where a category has few on 6.1/6.12.
L2_EXTRA=" btf_rejected_spinlock license_trace_printk sleepable_helper stack_out_of_frame "

PROBE=0 META=0
[ "${1:-}" = --probe ] && { PROBE=1; shift; }
[ "${1:-}" = --meta ] && { META=1; shift; }
KERNELS=("$@")
[ ${#KERNELS[@]} -eq 0 ] && KERNELS=(6.1 6.12)

[ -f "$EXPECT" ] || : >"$EXPECT"

compile() { # src obj
	local extra
	extra=$(sed -n 's|^// vx-cflags: *||p' "$1")
	# shellcheck disable=SC2086 # flags are words
	$CLANG $BPF_CFLAGS $extra -c "$1" -o "$2"
}

# The expectation a person wrote for a log: "category<TAB>helper<TAB>verdict
# [<TAB>note]".
expect_of() { # log
	awk -F'\t' -v n="$1" '$1 == n { print $2 "\t" $3 "\t" $4 "\t" $5; exit }' "$EXPECT"
}

write_meta() { # src name kernel-release cmd rc
	local src=$1 name=$2 release=$3 cmd=$4 rc=$5 e cat helper verdict note k
	k=${name##*-}
	e=$(expect_of "$name")
	IFS=$'\t' read -r cat helper verdict note <<<"$e"
	if [ -z "$e" ]; then
		cat=unread helper=- verdict="(unread: add $name to $EXPECT)"
		echo "gen.sh: $name: not in $EXPECT yet: read the log and add it" >&2
	elif [ "${verdict:0:1}" != "(" ] && ! grep -qF -- "$verdict" "$OUT/$name.log"; then
		echo "gen.sh: $name: the log no longer says: $verdict" >&2
	fi
	{
		echo "source: $src"
		echo "command: $cmd"
		echo "kernel: $release"
		echo "kernel_package: $(head -1 "$CACHE/$k/package" 2>/dev/null || echo unknown) (Debian)"
		echo "prog_type: $(sed -n 's|^// vx-type: *||p' "$src")"
		echo "expect_category: $cat"
		[ "$helper" != - ] && echo "expect_helper: $helper"
		[ "$cat" != none ] && echo "verdict: $verdict"
		[ -n "$note" ] && echo "note: $note"
		echo "exit_status: $rc"
	} >"$OUT/$name.meta"
}

one_log() { # src obj kernel level name
	local src=$1 obj=$2 k=$3 level=$4 name=$5 cmd rc t0 t1 release err try
	err=$OUT/.stderr.$name
	cmd="vexplain load --kernel $k --raw --log-level $level $obj"
	t0=$(date +%s.%N)
	for try in 1 2 3 4 5; do
		# shellcheck disable=SC2086 # the command as the .meta shows it
		./$cmd >"$OUT/$name.log" 2>"$err"
		rc=$?
		# 126: a concurrent make is replacing ./vexplain; wait for it
		[ $rc = 126 ] || break
		sleep 2
	done
	t1=$(date +%s.%N)
	release=$(sed -n "1s/^libbpf: prog '[^']*': .*, kernel \(.*\)$/\1/p" "$OUT/$name.log")
	if [ -z "$release" ]; then
		echo "gen.sh: $name: no log (exit $rc): $(cat "$err")" >&2
		rm -f "$OUT/$name.log" "$OUT/$name.meta" "$err"
		return 1
	fi
	rm -f "$err"
	write_meta "$src" "$name" "$release" "$cmd" "$rc"
	echo "gen.sh: $OUT/$name.log ($release, exit $rc, $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s)"
}

# --meta: the logs stay, their .meta files are rewritten from expect.tsv
# (after a person read a new log and added its line), keeping the command,
# kernel release and exit status they were made with.
if [ $META = 1 ]; then
	for log in "$OUT"/*-*.log; do
		name=$(basename "$log" .log)
		old=$OUT/$name.meta
		src=${name%-*}
		src=${src%_l2}.bpf.c
		[ -f corpus/src/$src ] && src=corpus/src/$src || src=$OUT/src/$src
		[ -f "$old" ] || { echo "gen.sh: $name: no .meta to keep" >&2; continue; }
		write_meta "$src" "$name" "$(sed -n 's/^kernel: //p' "$old")" \
			"$(sed -n 's/^command: //p' "$old")" "$(sed -n 's/^exit_status: //p' "$old")"
	done
	exit 0
fi

make -s vexplain build/vexplain-agent || exit 2
mkdir -p "$BUILD"

# Run one_log in the background, at most JOBS at a time; failures are
# counted from the jobs' exit statuses.
fail=0
running=0
spawn() {
	if [ $running -ge "$JOBS" ]; then
		wait -n || fail=$((fail + 1))
		running=$((running - 1))
	fi
	one_log "$@" &
	running=$((running + 1))
}

wanted() { # name: asked for in ONLY (or ONLY empty)?
	[ -z "${ONLY:-}" ] && return 0
	case " $ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}

for src in corpus/src/*.bpf.c "$OUT"/src/*.bpf.c; do
	name=$(basename "$src" .bpf.c)
	wanted "$name" || continue
	if [ -n "${SKIP[$name]:-}" ]; then
		echo "gen.sh: skip $name: ${SKIP[$name]}"
		continue
	fi
	obj=$BUILD/$name.bpf.o
	if ! compile "$src" "$obj"; then
		echo "gen.sh: $src does not compile" >&2
		fail=$((fail + 1))
		continue
	fi
	# Level 2 too where the 6.18 corpus has a level 2 log of this source.
	l2=0
	grep -q '^// vx-log: .* -l 2$' "$src" && l2=1
	case $L2_EXTRA in *" $name "*) l2=1 ;; esac
	for k in "${KERNELS[@]}"; do
		spawn "$src" "$obj" "$k" 1 "$name-$k"
		[ $l2 = 1 ] && spawn "$src" "$obj" "$k" 2 "${name}_l2-$k"
	done
done
while [ $running -gt 0 ]; do
	wait -n || fail=$((fail + 1))
	running=$((running - 1))
done

if [ $PROBE = 1 ]; then
	for k in "${KERNELS[@]}"; do
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
fi
echo "gen.sh: $fail failed"
[ $fail -eq 0 ]
