#!/bin/bash
# vexplain load: real objects (tests/bpf/*.bpf.c, compiled here with clang)
# loaded into the running kernel. Prints PASS/FAIL/SKIP lines (tests/run.sh).
cd "$(dirname "$0")/.." || exit 2
VEXPLAIN=${VEXPLAIN:-$PWD/vexplain}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }
check() { # name, condition-exit-status, why
	if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}
jqv() { jq -r "$1" 2>/dev/null; }

# Names of every program the tests load (bpftool shows at most 15 chars).
OURS='story_egress|pass_xdp|allow_ingress|prk_egress|prk_rewrite|big_xdp|odd_section'
ours_loaded() {
	bpftool prog show 2>/dev/null | grep -cE "name ($OURS)( |$)"
}
all_loaded() {
	bpftool prog show 2>/dev/null | grep -cE '^[0-9]+: '
}

# --- errors that need no kernel ---------------------------------------------
"$VEXPLAIN" load "$tmp/missing.o" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "no such file" "$tmp/err"
check load-missing-file $? "exit $rc, stderr: $(cat "$tmp/err")"

"$VEXPLAIN" load "$tmp" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "is a directory" "$tmp/err"
check load-directory $? "exit $rc, stderr: $(cat "$tmp/err")"

printf 'just text\n' >"$tmp/text.o"
"$VEXPLAIN" load "$tmp/text.o" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "not a BPF object file" "$tmp/err"
check load-not-elf $? "exit $rc, stderr: $(cat "$tmp/err")"

# An ELF that is not a BPF object: a host executable.
"$VEXPLAIN" load /bin/true >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "not a BPF object file" "$tmp/err"
check load-host-elf $? "exit $rc, stderr: $(cat "$tmp/err")"

"$VEXPLAIN" load --log-level 3 /bin/true >"$tmp/out" 2>"$tmp/err"
check load-bad-level $(($? != 2)) "--log-level 3 not refused with exit 2"

# --- compile the test programs ----------------------------------------------
if ! command -v clang >/dev/null; then
	skip load-bpf "clang is not installed (make deps)"
	exit 0
fi
for src in tests/bpf/*.bpf.c; do
	obj="$tmp/$(basename "${src%.c}").o"
	if ! clang -g -O2 -target bpf -I/usr/include/"$(uname -m)"-linux-gnu \
		-c "$src" -o "$obj" 2>"$tmp/cc.err"; then
		fail "compile-$(basename "$src")" "$(head -5 "$tmp/cc.err")"
		exit 1
	fi
done
STORY=$tmp/story_probe_read.bpf.o
ACCEPTED=$tmp/accepted.bpf.o
PRK=$tmp/probe_read_kernel.bpf.o
BIG=$tmp/big_log.bpf.o

"$VEXPLAIN" load "$ACCEPTED" --prog nosuch >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "no program named 'nosuch'" "$tmp/err"
check load-prog-not-found $? "exit $rc, stderr: $(cat "$tmp/err")"

"$VEXPLAIN" load "$ACCEPTED" --type no_such_type >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "unknown program type 'no_such_type'" "$tmp/err"
check load-bad-type $? "exit $rc, stderr: $(cat "$tmp/err")"

# --- is bpf() permitted here? -----------------------------------------------
"$VEXPLAIN" load --raw "$ACCEPTED" >"$tmp/probe" 2>&1
if grep -q "Operation not permitted" "$tmp/probe" || ! grep -q "loaded" "$tmp/probe"; then
	skip load-kernel "bpf() is not permitted here (not root, or unprivileged BPF disabled): $(head -3 "$tmp/probe")"
	exit 0
fi

before_ours=$(ours_loaded)
before_all=$(all_loaded)

# --- the story: cgroup_skb calling bpf_probe_read ---------------------------
"$VEXPLAIN" load --json "$STORY" >"$tmp/story.json" 2>"$tmp/err"
rc=$?
check story-exit-1 $(($rc != 1)) "exit $rc, want 1 (a rejection): $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/story.json")" -eq 1 ]
check story-one-record $? "$(wc -l <"$tmp/story.json") records"
got=$(jqv .category <"$tmp/story.json")
[ "$got" = helper-unavailable ]
check story-category $? "category '$got'"
got=$(jqv .helper.id <"$tmp/story.json")/$(jqv .helper.name <"$tmp/story.json")
[ "$got" = 4/bpf_probe_read ]
check story-helper $? "helper '$got'"
got=$(jqv '.prog_type + " " + .prog_type_from' <"$tmp/story.json")
[ "$got" = "cgroup_skb loader" ]
check story-prog-type $? "prog_type/from '$got'"
got=$(jqv '.prog_name + " " + .section + " " + .loader' <"$tmp/story.json")
[ "$got" = "story_egress cgroup_skb/egress libbpf" ]
check story-names $? "'$got'"
got=$(jqv .message <"$tmp/story.json")
[ "$got" = "program of this type cannot use helper bpf_probe_read#4" ]
check story-message $? "message '$got'"
got=$(jqv .rewritten <"$tmp/story.json")
[ "$got" = null ]
check story-not-rewritten $? "the source calls bpf_probe_read itself, yet rewritten=$got"

# Text output: the verdict and the program's name.
"$VEXPLAIN" load "$STORY" >"$tmp/story.txt" 2>&1
grep -q "story_egress" "$tmp/story.txt" &&
	grep -q "cannot use helper bpf_probe_read#4" "$tmp/story.txt"
check story-text $? "$(head -3 "$tmp/story.txt")"

# The libbpf framing (--raw) read back by the plain pipeline gives the same.
"$VEXPLAIN" load --raw "$STORY" >"$tmp/story.raw" 2>&1
grep -q "^libbpf: prog 'story_egress': -- BEGIN PROG LOAD LOG --" "$tmp/story.raw" &&
	grep -q "^-- END PROG LOAD LOG --" "$tmp/story.raw"
check raw-framing $? "$(head -3 "$tmp/story.raw")"
got=$("$VEXPLAIN" --json <"$tmp/story.raw" | jqv '.prog_name + " " + .category')
[ "$got" = "story_egress helper-unavailable" ]
check raw-roundtrip $? "vexplain on load --raw output: '$got'"

# libbpf refuses an unknown section before the verifier: still a rejection.
"$VEXPLAIN" load --json "$tmp/unknown_section.bpf.o" >"$tmp/unk.json" 2>"$tmp/err"
rc=$?
got=$(jqv '.verdict + " | " + .message' <"$tmp/unk.json")
[ $rc -eq 1 ] && [ "$got" = "rejected | prog 'odd_section': missing BPF prog type, check ELF section name 'not_a_known_section'" ]
check loader-refusal $? "exit $rc, '$got' $(cat "$tmp/err")"
"$VEXPLAIN" load --json --type socket "$tmp/unknown_section.bpf.o" >"$tmp/unk2.json" 2>"$tmp/err"
got=$(jqv '.prog_type + " " + .verdict' <"$tmp/unk2.json")
[ "$got" = "socket_filter accepted" ]
check type-section-override $? "--type socket: '$got'"

# --type overrides the section: as a kprobe the same call is allowed.
"$VEXPLAIN" load --json --type kprobe "$STORY" >"$tmp/kp.json" 2>"$tmp/err"
got=$(jqv '.prog_type + " " + .verdict' <"$tmp/kp.json")
[ "$got" = "kprobe accepted" ]
check type-override $? "--type kprobe: '$got' $(cat "$tmp/err")"

# --- accepted programs -------------------------------------------------------
"$VEXPLAIN" load --json "$ACCEPTED" >"$tmp/acc.json" 2>"$tmp/err"
rc=$?
check accepted-exit-0 $rc "exit $rc: $(cat "$tmp/err")"
got=$(jq -r '.prog_name + ":" + .verdict' "$tmp/acc.json" 2>/dev/null | tr '\n' ' ')
[ "$got" = "pass_xdp:accepted allow_ingress:accepted " ]
check accepted-verdicts $? "'$got'"
got=$(jq -r 'select(.prog_name == "pass_xdp") | "\(.stats.processed_insns) \(.verified_insns) \(.verification_usec)"' "$tmp/acc.json")
read -r processed verified usec <<<"$got"
[ "${processed:-0}" -gt 0 ] 2>/dev/null && [ "$processed" = "$verified" ] && [ "${usec:-x}" -ge 0 ] 2>/dev/null
check accepted-stats $? "processed/verified_insns/usec: '$got'"
"$VEXPLAIN" load "$ACCEPTED" --prog allow_ingress >"$tmp/acc.txt" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "allow_ingress: accepted" "$tmp/acc.txt" && ! grep -q pass_xdp "$tmp/acc.txt"
check accepted-prog-option $? "exit $rc: $(cat "$tmp/acc.txt")"

# The map asks to be pinned by name: a load must not leave a pin behind.
if mount | grep -q ' /sys/fs/bpf '; then
	[ ! -e /sys/fs/bpf/vx_t_load_count ]
	check no-pin-left $? "/sys/fs/bpf/vx_t_load_count exists after load"
else
	# Without bpffs an auto-pin fails the load; the pass above shows none was tried.
	pass no-pin-left
fi

# --- bpf_probe_read_kernel in cgroup_skb, as root ----------------------------
# 6.18 offers bpf_probe_read_kernel to cgroup_skb when the loader has
# CAP_PERFMON: root loads both programs.
"$VEXPLAIN" load --json "$PRK" >"$tmp/prk.json" 2>"$tmp/err"
rc=$?
got=$(jq -r '.prog_name + ":" + .verdict' "$tmp/prk.json" 2>/dev/null | tr '\n' ' ')
[ $rc -eq 0 ] && [ "$got" = "prk_egress:accepted prk_rewrite:accepted " ]
check probe-read-kernel-root $? "exit $rc, '$got' $(cat "$tmp/err")"

# --- libbpf rewrites probe_read_kernel -> probe_read, for real ---------------
# Without CAP_PERFMON and CAP_SYS_ADMIN, libbpf 1.1's FEAT_PROBE_READ_KERN
# probe (a kprobe program) fails with EPERM and bpf_object__sanitize_prog()
# turns call #113 into #4; CAP_BPF and CAP_NET_ADMIN still load cgroup_skb.
if ! command -v setpriv >/dev/null; then
	skip rewrite-detected "setpriv (util-linux) is not installed"
else
	setpriv --bounding-set -perfmon,-sys_admin --inh-caps -perfmon,-sys_admin -- \
		"$VEXPLAIN" load --json --prog prk_rewrite "$PRK" >"$tmp/rw.json" 2>"$tmp/err"
	rc=$?
	got=$(jqv '"\(.rewritten.object)->\(.rewritten.loaded)"' <"$tmp/rw.json")
	[ $rc -eq 1 ] && [ "$got" = "113->4" ]
	check rewrite-detected $? "exit $rc, rewritten '$got': $(head -c 300 "$tmp/rw.json") $(cat "$tmp/err")"
	got=$(jqv .message <"$tmp/rw.json")
	[ "$got" = "program of this type cannot use helper bpf_probe_read#4" ]
	check rewrite-verdict $? "message '$got'"
	jqv .explanation <"$tmp/rw.json" | grep -q "bpf_object__sanitize_prog" &&
		jqv '.fixes[0]' <"$tmp/rw.json" | grep -q "CAP_PERFMON"
	check rewrite-explained $? "explanation/fix do not name the libbpf behaviour"
	# prk_egress is refused at bpf_get_current_task#35 (also perfmon-only),
	# before the verifier reaches the call: the instructions still show it.
	setpriv --bounding-set -perfmon,-sys_admin --inh-caps -perfmon,-sys_admin -- \
		"$VEXPLAIN" load --json --prog prk_egress "$PRK" >"$tmp/rw2.json" 2>"$tmp/err"
	got=$(jqv '"\(.helper.id) \(.rewritten.object)->\(.rewritten.loaded)@\(.rewritten.insn)"' <"$tmp/rw2.json")
	[[ "$got" =~ ^35\ 113-\>4@[0-9]+$ ]]
	check rewrite-from-insns $? "helper/rewritten '$got'"
fi

# --- no BPF capabilities at all: libbpf's own message is the verdict -------
if command -v setpriv >/dev/null; then
	drop=-bpf,-sys_admin,-perfmon,-net_admin
	setpriv --bounding-set $drop --inh-caps $drop -- \
		"$VEXPLAIN" load --json --prog pass_xdp "$ACCEPTED" >"$tmp/perm.json" 2>"$tmp/err"
	rc=$?
	got=$(jqv '"\(.verdict) \(.category) \(.errno)"' <"$tmp/perm.json")
	[ $rc -eq 1 ] && [ "$got" = "rejected permission 1" ]
	check no-caps-permission $? "exit $rc, '$got': $(head -c 300 "$tmp/perm.json") $(cat "$tmp/err")"
fi

# --- a level-2 log larger than the first buffer comes back whole ------------
"$VEXPLAIN" load --json --log-level 2 "$BIG" >"$tmp/big.json" 2>"$tmp/err"
rc=$?
got=$(jqv '"\(.log_attempts) \(.log_size) \(.log_capped) \(.verdict)"' <"$tmp/big.json")
read -r attempts size capped verdict <<<"$got"
[ $rc -eq 1 ] && [ "${attempts:-0}" -gt 1 ] && [ "${size:-0}" -gt 65536 ] &&
	[ "$capped" = false ] && [ "$verdict" = rejected ]
check big-log-grown $? "exit $rc, attempts/size/capped/verdict: '$got'"
"$VEXPLAIN" load --raw --log-level 2 "$BIG" >"$tmp/big.raw" 2>&1
bytes=$(sed -n '/BEGIN PROG LOAD LOG/,/END PROG LOAD LOG/p' "$tmp/big.raw" | wc -c)
# Complete: starts at insn 0, holds the verdict, ends with the summary line.
grep -q "^0: R1=ctx() R10=fp0" "$tmp/big.raw" &&
	grep -q "^invalid access to packet, off=64 size=1" "$tmp/big.raw" &&
	sed -n '/END PROG LOAD LOG/{x;p;q};h' "$tmp/big.raw" | grep -q "^processed [0-9]* insns" &&
	[ "$bytes" -gt 65536 ]
check big-log-complete $? "level-2 log of $bytes bytes is not whole"
got=$(jqv .message <"$tmp/big.json")
case "$got" in *packet*) true ;; *) false ;; esac
check big-log-verdict $? "message '$got' is not the log's last word about the packet"

# --- interrupted: SIGINT while loading leaves nothing -----------------------
# Send it while the load holds SIGINT (SigBlk of /proc/PID/status has bit 2
# set from the object's open to its close): the process finishes the
# program, closes the object, and only then dies of the signal.
# A background job of a script starts with SIGINT ignored: restore it.
env --default-signal=INT "$VEXPLAIN" load --log-level 2 "$BIG" >/dev/null 2>&1 &
pid=$!
held=no
for _ in $(seq 500); do
	blk=$(awk '/^SigBlk:/ {print $2}' /proc/$pid/status 2>/dev/null)
	if [ -n "$blk" ] && (( (16#$blk & 2) != 0 )); then
		held=yes
		break
	fi
	sleep 0.005
done
kill -INT $pid 2>/dev/null
wait $pid
rc=$?
# Killed by SIGINT (130); 1 if the load finished before the signal came.
[ $rc -eq 130 ] || { [ $rc -eq 1 ] && [ $held = no ]; }
check sigint-exit $? "exit $rc (signal sent while held: $held)"

# --- nothing left behind ----------------------------------------------------
after_ours=$(ours_loaded)
after_all=$(all_loaded)
[ "$after_ours" -eq "$before_ours" ]
check no-programs-left $? "programs named like ours: $before_ours before, $after_ours after (all: $before_all -> $after_all)"

# --- another kernel in a VM (needs qemu and a cached kernel) ----------------
cache=${XDG_CACHE_HOME:-$HOME/.cache}/vexplain/kernels/6.1
if ! command -v qemu-system-x86_64 >/dev/null; then
	skip load-vm-6.1 "qemu-system-x86 is not installed (make deps)"
elif [ ! -d "$cache" ]; then
	skip load-vm-6.1 "no cached 6.1 kernel in $cache (vexplain load --kernel 6.1 fetches it)"
else
	timeout 300 "$VEXPLAIN" load --json --kernel 6.1 "$STORY" >"$tmp/vm.json" 2>"$tmp/err"
	rc=$?
	got=$(jqv '.message + " | " + .category + " | " + .kernel' <"$tmp/vm.json")
	[ $rc -eq 1 ] && case "$got" in "unknown func bpf_probe_read#4 | helper-unavailable | 6.1."*) true ;; *) false ;; esac
	check load-vm-6.1 $? "exit $rc, '$got' $(tail -3 "$tmp/err")"
fi

# --matrix: this kernel, 6.1 and 6.12, rows grouped by program.
if ! command -v qemu-system-x86_64 >/dev/null || [ ! -d "$cache" ] || [ ! -d "${cache%/6.1}/6.12" ]; then
	skip load-matrix "needs qemu and cached 6.1 and 6.12 kernels (vexplain load --kernel 6.12 fetches one)"
else
	timeout 600 "$VEXPLAIN" load --matrix "$STORY" >"$tmp/matrix.txt" 2>"$tmp/err"
	rc=$?
	# Three rows in this order: host, 6.1 (its own wording), 6.12.
	awk 'NR > 1' "$tmp/matrix.txt" | sed 's/  */ /g' >"$tmp/rows"
	[ $rc -eq 1 ] && [ "$(wc -l <"$tmp/rows")" -eq 3 ] &&
		sed -n 1p "$tmp/rows" | grep -qF "story_egress $(uname -r) (host) rejected helper-unavailable program of this type cannot use helper bpf_probe_read#4" &&
		sed -n 2p "$tmp/rows" | grep -qE '^story_egress 6\.1\.[^ ]* rejected helper-unavailable unknown func bpf_probe_read#4$' &&
		sed -n 3p "$tmp/rows" | grep -qE '^story_egress 6\.12\.[^ ]* rejected helper-unavailable program of this type cannot use helper bpf_probe_read#4$'
	check load-matrix $? "exit $rc: $(cat "$tmp/matrix.txt") $(tail -3 "$tmp/err")"
fi
exit 0
