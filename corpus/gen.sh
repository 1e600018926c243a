#!/bin/bash
# Regenerate corpus/logs/ from corpus/src/ on the running kernel.
#
# Each corpus/src/NAME.bpf.c says how to load it and what the verifier should
# say, in comment lines:
#   // vx-cflags: EXTRA        clang flags beyond the defaults (optional)
#   // vx-what: TEXT           what the program does wrong (README)
#   // vx-log: LOG CATEGORY HELPER LOADER [ARGS...]
#        one per log to produce: LOG is the log's name, CATEGORY one of
#        ../shared/spec/categories.tsv (or "none" for an accepted program),
#        HELPER "name#id" or "-", LOADER one of
#          bpftool     bpftool prog load OBJ PIN ARGS   (libbpf's framing)
#          bpftool-d   the same with -d (libbpf's debug output too)
#          loadlog     corpus/build/loadlog ARGS OBJ    (the bare kernel log)
#        optionally prefixed "capbpf:" (only CAP_BPF, as an unprivileged
#        user with a BPF token would be) or "nocaps:" (no capabilities).
#   // vx-type: TYPE           libbpf's program type name (the .meta's prog_type)
#   // vx-note: LOG TEXT       a note for that log's .meta (optional)
#   // vx-verdict: TEXT        the line in which the verifier (or libbpf) says
#        why, as I read the log: the .meta's verdict for every rejected log of
#        this source; "// vx-verdict[LOG]: TEXT" overrides it for one log
#
# usage: gen.sh [LOG...]   (no argument: every log)
# Run as root. Loads happen in a private mount namespace with its own bpffs
# at /sys/fs/bpf, so pins vanish with it; loadlog closes what it loads.
set -u
SELF=$(readlink -f "$0")
cd "$(dirname "$SELF")/.." || exit 2
CORPUS=corpus
BUILD=$CORPUS/build
CLANG=${CLANG:-clang}
BPF_CFLAGS="-g -O2 -target bpf -D__TARGET_ARCH_x86 -I/usr/include/x86_64-linux-gnu -Wall -Wno-unused-variable"
MAX_LOG=$((200 * 1024))

if [ -z "${VX_IN_NS:-}" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "gen.sh: must run as root (it loads BPF programs)" >&2
		exit 2
	fi
	# A private mount namespace: the bpffs and every pin in it die with it.
	exec env VX_IN_NS=1 unshare --mount --propagation private "$SELF" "$@"
fi
mount -t bpf bpf /sys/fs/bpf || { echo "gen.sh: cannot mount bpffs" >&2; exit 2; }
mkdir -p "$BUILD" "$CORPUS/logs"
KERNEL=$(uname -r)
fail=0 made=0

# setpriv wrappers: the capabilities the process keeps across exec.
priv_prefix() {
	case $1 in
	capbpf) echo "setpriv --inh-caps=-all,+bpf --ambient-caps=-all,+bpf --bounding-set=-all,+bpf" ;;
	nocaps) echo "setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-all" ;;
	*) echo "" ;;
	esac
}

compile() { # src obj
	local extra
	extra=$(sed -n 's|^// vx-cflags: *||p' "$1")
	# shellcheck disable=SC2086
	$CLANG $BPF_CFLAGS $extra -c "$1" -o "$2"
}

verdict_of() { # src log: the "verdict:" line for this log
	local v
	v=$(sed -n "s|^// vx-verdict\[$2\]: *||p" "$1")
	[ -n "$v" ] || v=$(sed -n 's|^// vx-verdict: *||p' "$1")
	[ -n "$v" ] && echo "verdict: $v"
}

one_log() { # src obj log category helper loader args...
	local src=$1 obj=$2 log=$3 cat=$4 helper=$5 loader=$6
	shift 6
	local priv="" cmd out rc type args=${*:+ $*}
	case $loader in
	*:*) priv=$(priv_prefix "${loader%%:*}"); loader=${loader#*:} ;;
	esac
	case $loader in
	bpftool) cmd="bpftool prog load $obj /sys/fs/bpf/vx_corpus_$log$args 2>&1" ;;
	bpftool-d) cmd="bpftool -d prog load $obj /sys/fs/bpf/vx_corpus_$log$args 2>&1" ;;
	loadlog) cmd="$BUILD/loadlog$args $obj 2>/dev/null" ;;
	*) echo "gen.sh: $src: unknown loader $loader" >&2; return 1 ;;
	esac
	[ -n "$priv" ] && cmd="$priv $cmd"
	out=$(bash -c "$cmd"; echo "rc=$?")
	rc=${out##*rc=}
	out=${out%rc=*}
	rm -f "/sys/fs/bpf/vx_corpus_$log"
	if [ ${#out} -gt $MAX_LOG ]; then
		echo "gen.sh: $log: log is ${#out} bytes (> $MAX_LOG): make the program smaller" >&2
		return 1
	fi
	if [ "$cat" = none ] && [ "$rc" != 0 ]; then
		echo "gen.sh: $log: expected to load, exit status $rc" >&2
	elif [ "$cat" != none ] && [ "$rc" = 0 ]; then
		echo "gen.sh: $log: expected a rejection, but it loaded" >&2
	fi
	printf '%s' "$out" >"$CORPUS/logs/$log.log"
	type=$(sed -n 's|^// vx-type: *||p' "$src")
	{
		echo "source: $src"
		echo "command: $cmd"
		echo "kernel: $KERNEL"
		echo "prog_type: $type"
		echo "expect_category: $cat"
		[ "$helper" != - ] && echo "expect_helper: $helper"
		[ "$cat" != none ] && verdict_of "$src" "$log"
		sed -n "s|^// vx-note: $log |note: |p" "$src"
		echo "exit_status: $rc"
	} >"$CORPUS/logs/$log.meta"
	made=$((made + 1))
}

wanted() { # log: is it asked for on the command line (or nothing asked)?
	local w
	[ ${#WANT[@]} -eq 0 ] && return 0
	for w in "${WANT[@]}"; do [ "$w" = "$1" ] && return 0; done
	return 1
}

WANT=("$@")
for src in "$CORPUS"/src/*.bpf.c; do
	name=$(basename "$src" .bpf.c)
	obj=$BUILD/$name.bpf.o
	lines=$(sed -n 's|^// vx-log: *||p' "$src")
	[ -z "$lines" ] && continue
	todo=0
	while read -r log _; do
		wanted "$log" && todo=1
	done <<<"$lines"
	[ $todo = 0 ] && continue
	if ! compile "$src" "$obj"; then
		echo "gen.sh: $src does not compile" >&2
		fail=$((fail + 1))
		continue
	fi
	while read -r log cat helper loader args; do
		wanted "$log" || continue
		# shellcheck disable=SC2086
		one_log "$src" "$obj" "$log" "$cat" "$helper" "$loader" $args || fail=$((fail + 1))
	done <<<"$lines"
done
# The README's table of logs, rebuilt from the vx- lines of every source
# (between its two marker lines) so that it cannot drift from src/.
write_index() {
	local readme=$CORPUS/README.md tmp src log cat helper loader args what
	[ -f "$readme" ] || return 0
	tmp=$(mktemp)
	{
		sed '/^<!-- logs:begin -->$/q' "$readme"
		echo "| log | expected category | loader | what the program does wrong |"
		echo "|---|---|---|---|"
		for src in "$CORPUS"/src/*.bpf.c; do
			what=$(sed -n 's|^// vx-what: *||p' "$src")
			while read -r log cat helper loader args; do
				[ -n "$log" ] || continue
				echo "| $log | $cat | $loader${args:+ $args} | $what |"
			done <<<"$(sed -n 's|^// vx-log: *||p' "$src")"
		done
		sed -n '/^<!-- logs:end -->$/,$p' "$readme"
	} >"$tmp" && cat "$tmp" >"$readme"
	rm -f "$tmp"
}
[ ${#WANT[@]} -eq 0 ] && write_index

echo "gen.sh: $made logs written to $CORPUS/logs, $fail failed"
[ $fail -eq 0 ]
