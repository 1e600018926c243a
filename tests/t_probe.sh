#!/bin/bash
# vexplain probe on the live kernel: a sample of (program type, helper)
# pairs against what the verifier is known to answer on 6.2+, and the whole
# probe against the shipped table when this kernel is the one it was made on.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

# bpf() at all: probe prints why and exits 4 when it is not permitted
out=$("$V" probe --type socket_filter --helper 1 2>&1)
rc=$?
if [ $rc -eq 4 ] && grep -q 'not permitted' <<<"$out"; then
	echo "SKIP probe-live: bpf() is not permitted here: $out"
	exit 0
fi
[ $rc -eq 0 ] || { fail probe-live "exit $rc: $out"; exit 1; }

# Known answers of the verifier on 6.2+ (kernel/trace/bpf_trace.c,
# net/core/filter.c): probe_read is for tracing types, skb_load_bytes for skb
# types, probe_read_kernel and get_current_pid_tgid are in the base set.
major=$(uname -r | cut -d. -f1) minor=$(uname -r | cut -d. -f2)
known="kprobe:probe_read:yes kprobe:probe_read_kernel:yes kprobe:get_current_pid_tgid:yes
kprobe:skb_load_bytes:no cgroup_skb:probe_read:no cgroup_skb:probe_read_kernel:yes
cgroup_skb:get_current_pid_tgid:yes cgroup_skb:skb_load_bytes:yes xdp:probe_read:no
xdp:probe_read_kernel:yes xdp:get_current_pid_tgid:yes xdp:skb_load_bytes:no
socket_filter:probe_read:no socket_filter:probe_read_kernel:yes
socket_filter:get_current_pid_tgid:yes socket_filter:skb_load_bytes:yes"
if [ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -ge 2 ]; }; then
	for k in $known; do
		IFS=: read -r type helper want <<<"$k"
		got=$("$V" probe --type "$type" --helper "$helper" | awk -v t="$type" '$1 == t { print $2 }')
		[ "$got" = "$want" ] && pass "probe-live $type x $helper" ||
			fail "probe-live $type x $helper" "got '$got', want '$want'"
	done
else
	echo "SKIP probe-live-known: kernel $(uname -r) predates 6.2's wording and helper sets"
fi

# The same pairs in JSON
got=$("$V" probe --json --type xdp --helper skb_load_bytes |
	jq -r '"\(.helper.id) \(.helper.name) \(.prog_types.xdp.status) \(.prog_types.xdp.allowed)"')
[ "$got" = "26 bpf_skb_load_bytes ok false" ] && pass probe-json ||
	fail probe-json "got '$got'"

# The whole probe, and the shipped table of this kernel's major.minor
tmp=$T/table
start=$(date +%s%N)
"$V" probe --tsv >"$tmp" || fail probe-full "exit $?"
end=$(date +%s%N)
nok=$(grep -c $'\tok\t' "$tmp")
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
[ "$nok" -ge 25 ] && pass "probe-full: $nok program types probed in $secs s" ||
	fail probe-full "only $nok program types probed"
ship=patterns/kernels/$major.$minor.tsv
if [ -f "$ship" ]; then
	# Types probed both here and in the table must agree helper by helper;
	# a type that only one side could probe (a machine whose policy refuses
	# tracing programs) is reported, not failed.
	diffs=$(awk -F'\t' '
		FNR == 1 { file++ }
		/^#/ { next }
		file == 1 { st[$1] = $2; ids[$1] = $3 }
		file == 2 && ($1 in st) {
			if (st[$1] != $2) { print "status " $1 ": " st[$1] " in the table, " $2 " here"; next }
			if ($2 == "ok" && ids[$1] != $3) print "helpers " $1 " differ"
			else if ($2 == "ok") ok++
		}
		END { print "compared " ok + 0 }' "$ship" "$tmp")
	compared=$(sed -n 's/^compared //p' <<<"$diffs")
	ndiff=$(grep -c '^helpers' <<<"$diffs")
	# The table was probed on one build of this release; another build
	# (its own config: no CONFIG_IPV6_SEG6_BPF, say) may lack a feature.
	# The same build must agree on every type, another on all but 2.
	built=$(sed -n 's/^# kernel: //p' "$ship" | head -1)
	allowed=0
	[ "$built" = "$(uname -r)" ] || allowed=2
	if [ "$ndiff" -gt "$allowed" ]; then
		fail "probe-agrees-$major.$minor" "$(grep '^helpers' <<<"$diffs" | head -3 | tr '\n' ';') (table from $built)"
	elif [ "$ndiff" -gt 0 ]; then
		echo "SKIP probe-agrees-build: $(grep '^helpers' <<<"$diffs" | tr '\n' ';') here ($(uname -r)), unlike the table's build $built"
		pass "probe-agrees-$major.$minor: $compared program types, $ndiff differ by build"
	elif [ "$compared" -ge 20 ]; then
		pass "probe-agrees-$major.$minor: $compared program types"
	else
		fail "probe-agrees-$major.$minor" "only $compared program types compared"
	fi
	grep '^status' <<<"$diffs" | sed "s/^/SKIP probe-agrees-status: /"
	# and the sample pairs answer the same through --shipped
	same=1
	for k in $known; do
		IFS=: read -r type helper want <<<"$k"
		a=$("$V" probe --type "$type" --helper "$helper" | awk -v t="$type" '$1 == t { print $2 }')
		b=$("$V" probe --shipped "$major.$minor" --type "$type" --helper "$helper" | awk -v t="$type" '$1 == t { print $2 }')
		[ "$a" = "$b" ] || { fail "probe-shipped $type x $helper" "live '$a', shipped '$b'"; same=0; }
	done
	[ $same -eq 1 ] && pass "probe-shipped-sample"
else
	echo "SKIP probe-agrees: no shipped table for $major.$minor"
fi

# Usage errors
"$V" probe --type no_such_type >/dev/null 2>&1
[ $? -eq 2 ] && pass probe-bad-type || fail probe-bad-type "exit $?"
"$V" probe --helper no_such_helper >/dev/null 2>&1
[ $? -eq 2 ] && pass probe-bad-helper || fail probe-bad-helper "exit $?"
"$V" probe --shipped 2.6 >/dev/null 2>&1
[ $? -eq 2 ] && pass probe-bad-shipped || fail probe-bad-shipped "exit $?"
