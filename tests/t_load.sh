#!/bin/bash
# vexplain load: real objects (tests/bpf/*.bpf.c, compiled here with clang)
# loaded into the running kernel. Prints PASS/FAIL/SKIP lines (tests/run.sh).
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
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
"$V" load "$T/missing.o" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "no such file" "$T/err"
check load-missing-file $? "exit $rc, stderr: $(cat "$T/err")"

"$V" load "$T" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "is a directory" "$T/err"
check load-directory $? "exit $rc, stderr: $(cat "$T/err")"

printf 'just text\n' >"$T/text.o"
"$V" load "$T/text.o" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "not a BPF object file" "$T/err"
check load-not-elf $? "exit $rc, stderr: $(cat "$T/err")"

# An ELF that is not a BPF object: a host executable.
"$V" load /bin/true >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "not a BPF object file" "$T/err"
check load-host-elf $? "exit $rc, stderr: $(cat "$T/err")"

"$V" load --log-level 3 /bin/true >"$T/out" 2>"$T/err"
check load-bad-level $(($? != 2)) "--log-level 3 not refused with exit 2"

# --- compile the test programs ----------------------------------------------
if ! command -v clang >/dev/null; then
	skip load-bpf "clang is not installed (make deps)"
	exit 0
fi
for src in tests/bpf/*.bpf.c; do
	obj="$T/$(basename "${src%.c}").o"
	if ! clang -g -O2 -target bpf -I/usr/include/"$(uname -m)"-linux-gnu \
		-c "$src" -o "$obj" 2>"$T/cc.err"; then
		fail "compile-$(basename "$src")" "$(head -5 "$T/cc.err")"
		exit 1
	fi
done
STORY=$T/story_probe_read.bpf.o
ACCEPTED=$T/accepted.bpf.o
PRK=$T/probe_read_kernel.bpf.o
BIG=$T/big_log.bpf.o

"$V" load "$ACCEPTED" --prog nosuch >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "no program named 'nosuch'" "$T/err"
check load-prog-not-found $? "exit $rc, stderr: $(cat "$T/err")"

"$V" load "$ACCEPTED" --type no_such_type >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "unknown program type 'no_such_type'" "$T/err"
check load-bad-type $? "exit $rc, stderr: $(cat "$T/err")"

# --matrix explains every load: --raw (no pattern database) and --markdown
# are refused, not a crash
for f in --raw --markdown; do
	"$V" load --matrix $f "$ACCEPTED" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q -- "--matrix prints a table" "$T/err"
	check "load-matrix$f-refused" $? "exit $rc, stderr: $(cat "$T/err")"
done

# --- is bpf() permitted here? -----------------------------------------------
"$V" load --raw "$ACCEPTED" >"$T/probe" 2>&1
if grep -q "Operation not permitted" "$T/probe" || ! grep -q "loaded" "$T/probe"; then
	skip load-kernel "bpf() is not permitted here (not root, or unprivileged BPF disabled): $(head -3 "$T/probe")"
	exit 0
fi

before_ours=$(ours_loaded)
before_all=$(all_loaded)

# --- the story: cgroup_skb calling bpf_probe_read ---------------------------
"$V" load --json "$STORY" >"$T/story.json" 2>"$T/err"
rc=$?
check story-exit-1 $(($rc != 1)) "exit $rc, want 1 (a rejection): $(cat "$T/err")"
[ "$(wc -l <"$T/story.json")" -eq 1 ]
check story-one-record $? "$(wc -l <"$T/story.json") records"
got=$(jqv .category <"$T/story.json")
[ "$got" = helper-unavailable ]
check story-category $? "category '$got'"
got=$(jqv .helper.id <"$T/story.json")/$(jqv .helper.name <"$T/story.json")
[ "$got" = 4/bpf_probe_read ]
check story-helper $? "helper '$got'"
got=$(jqv '.prog_type + " " + .prog_type_from' <"$T/story.json")
[ "$got" = "cgroup_skb loader" ]
check story-prog-type $? "prog_type/from '$got'"
got=$(jqv '.prog_name + " " + .section + " " + .loader' <"$T/story.json")
[ "$got" = "story_egress cgroup_skb/egress libbpf" ]
check story-names $? "'$got'"
got=$(jqv .message <"$T/story.json")
[ "$got" = "program of this type cannot use helper bpf_probe_read#4" ]
check story-message $? "message '$got'"
got=$(jqv .rewritten <"$T/story.json")
[ "$got" = null ]
check story-not-rewritten $? "the source calls bpf_probe_read itself, yet rewritten=$got"

# Text output: the verdict and the program's name.
"$V" load "$STORY" >"$T/story.txt" 2>&1
grep -q "story_egress" "$T/story.txt" &&
	grep -q "cannot use helper bpf_probe_read#4" "$T/story.txt"
check story-text $? "$(head -3 "$T/story.txt")"

# The libbpf framing (--raw) read back by the plain pipeline gives the same.
"$V" load --raw "$STORY" >"$T/story.raw" 2>&1
grep -q "^libbpf: prog 'story_egress': -- BEGIN PROG LOAD LOG --" "$T/story.raw" &&
	grep -q "^-- END PROG LOAD LOG --" "$T/story.raw"
check raw-framing $? "$(head -3 "$T/story.raw")"
got=$("$V" --json <"$T/story.raw" | jqv '.prog_name + " " + .category')
[ "$got" = "story_egress helper-unavailable" ]
check raw-roundtrip $? "vexplain on load --raw output: '$got'"

# libbpf refuses an unknown section before the verifier: still a rejection.
"$V" load --json "$T/unknown_section.bpf.o" >"$T/unk.json" 2>"$T/err"
rc=$?
got=$(jqv '.verdict + " | " + .message' <"$T/unk.json")
[ $rc -eq 1 ] && [ "$got" = "rejected | prog 'odd_section': missing BPF prog type, check ELF section name 'not_a_known_section'" ]
check loader-refusal $? "exit $rc, '$got' $(cat "$T/err")"
"$V" load --json --type socket "$T/unknown_section.bpf.o" >"$T/unk2.json" 2>"$T/err"
got=$(jqv '.prog_type + " " + .verdict' <"$T/unk2.json")
[ "$got" = "socket_filter accepted" ]
check type-section-override $? "--type socket: '$got'"

# --type overrides the section: as a kprobe the same call is allowed.
"$V" load --json --type kprobe "$STORY" >"$T/kp.json" 2>"$T/err"
got=$(jqv '.prog_type + " " + .verdict' <"$T/kp.json")
[ "$got" = "kprobe accepted" ]
check type-override $? "--type kprobe: '$got' $(cat "$T/err")"

# --- accepted programs -------------------------------------------------------
"$V" load --json "$ACCEPTED" >"$T/acc.json" 2>"$T/err"
rc=$?
check accepted-exit-0 $rc "exit $rc: $(cat "$T/err")"
got=$(jq -r '.prog_name + ":" + .verdict' "$T/acc.json" 2>/dev/null | tr '\n' ' ')
[ "$got" = "pass_xdp:accepted allow_ingress:accepted " ]
check accepted-verdicts $? "'$got'"
got=$(jq -r 'select(.prog_name == "pass_xdp") | "\(.stats.processed_insns) \(.verified_insns) \(.verification_usec)"' "$T/acc.json")
read -r processed verified usec <<<"$got"
[ "${processed:-0}" -gt 0 ] 2>/dev/null && [ "$processed" = "$verified" ] && [ "${usec:-x}" -ge 0 ] 2>/dev/null
check accepted-stats $? "processed/verified_insns/usec: '$got'"
"$V" load "$ACCEPTED" --prog allow_ingress >"$T/acc.txt" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "allow_ingress: accepted" "$T/acc.txt" && ! grep -q pass_xdp "$T/acc.txt"
check accepted-prog-option $? "exit $rc: $(cat "$T/acc.txt")"

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
"$V" load --json "$PRK" >"$T/prk.json" 2>"$T/err"
rc=$?
got=$(jq -r '.prog_name + ":" + .verdict' "$T/prk.json" 2>/dev/null | tr '\n' ' ')
[ $rc -eq 0 ] && [ "$got" = "prk_egress:accepted prk_rewrite:accepted " ]
check probe-read-kernel-root $? "exit $rc, '$got' $(cat "$T/err")"

# --- libbpf rewrites probe_read_kernel -> probe_read, for real ---------------
# Without CAP_PERFMON and CAP_SYS_ADMIN, libbpf 1.1's FEAT_PROBE_READ_KERN
# probe (a kprobe program) fails with EPERM and bpf_object__sanitize_prog()
# turns call #113 into #4; CAP_BPF and CAP_NET_ADMIN still load cgroup_skb.
if ! command -v setpriv >/dev/null; then
	skip rewrite-detected "setpriv (util-linux) is not installed"
else
	setpriv --bounding-set -perfmon,-sys_admin --inh-caps -perfmon,-sys_admin -- \
		"$V" load --json --prog prk_rewrite "$PRK" >"$T/rw.json" 2>"$T/err"
	rc=$?
	got=$(jqv '"\(.rewritten.object)->\(.rewritten.loaded)"' <"$T/rw.json")
	[ $rc -eq 1 ] && [ "$got" = "113->4" ]
	check rewrite-detected $? "exit $rc, rewritten '$got': $(head -c 300 "$T/rw.json") $(cat "$T/err")"
	got=$(jqv .message <"$T/rw.json")
	[ "$got" = "program of this type cannot use helper bpf_probe_read#4" ]
	check rewrite-verdict $? "message '$got'"
	jqv .explanation <"$T/rw.json" | grep -q "bpf_object__sanitize_prog" &&
		jqv '.fixes[0]' <"$T/rw.json" | grep -q "CAP_PERFMON"
	check rewrite-explained $? "explanation/fix do not name the libbpf behaviour"
	# prk_egress is refused at bpf_get_current_task#35 (also perfmon-only),
	# before the verifier reaches the call: the instructions still show it.
	setpriv --bounding-set -perfmon,-sys_admin --inh-caps -perfmon,-sys_admin -- \
		"$V" load --json --prog prk_egress "$PRK" >"$T/rw2.json" 2>"$T/err"
	got=$(jqv '"\(.helper.id) \(.rewritten.object)->\(.rewritten.loaded)@\(.rewritten.insn)"' <"$T/rw2.json")
	[[ "$got" =~ ^35\ 113-\>4@[0-9]+$ ]]
	check rewrite-from-insns $? "helper/rewritten '$got'"
fi

# --- no BPF capabilities at all: libbpf's own message is the verdict -------
if command -v setpriv >/dev/null; then
	drop=-bpf,-sys_admin,-perfmon,-net_admin
	setpriv --bounding-set $drop --inh-caps $drop -- \
		"$V" load --json --prog pass_xdp "$ACCEPTED" >"$T/perm.json" 2>"$T/err"
	rc=$?
	got=$(jqv '"\(.verdict) \(.category) \(.errno)"' <"$T/perm.json")
	[ $rc -eq 1 ] && [ "$got" = "rejected permission 1" ]
	check no-caps-permission $? "exit $rc, '$got': $(head -c 300 "$T/perm.json") $(cat "$T/err")"
fi

# --- a level-2 log larger than the first buffer comes back whole ------------
"$V" load --json --log-level 2 "$BIG" >"$T/big.json" 2>"$T/err"
rc=$?
got=$(jqv '"\(.log_attempts) \(.log_size) \(.log_capped) \(.verdict)"' <"$T/big.json")
read -r attempts size capped verdict <<<"$got"
[ $rc -eq 1 ] && [ "${attempts:-0}" -gt 1 ] && [ "${size:-0}" -gt 65536 ] &&
	[ "$capped" = false ] && [ "$verdict" = rejected ]
check big-log-grown $? "exit $rc, attempts/size/capped/verdict: '$got'"
"$V" load --raw --log-level 2 "$BIG" >"$T/big.raw" 2>&1
bytes=$(sed -n '/BEGIN PROG LOAD LOG/,/END PROG LOAD LOG/p' "$T/big.raw" | wc -c)
# Complete: starts at insn 0, holds the verdict, ends with the summary line.
grep -q "^0: R1=ctx() R10=fp0" "$T/big.raw" &&
	grep -q "^invalid access to packet, off=64 size=1" "$T/big.raw" &&
	sed -n '/END PROG LOAD LOG/{x;p;q};h' "$T/big.raw" | grep -q "^processed [0-9]* insns" &&
	[ "$bytes" -gt 65536 ]
check big-log-complete $? "level-2 log of $bytes bytes is not whole"
got=$(jqv .message <"$T/big.json")
case "$got" in *packet*) true ;; *) false ;; esac
check big-log-verdict $? "message '$got' is not the log's last word about the packet"

# --- interrupted: SIGINT while loading leaves nothing -----------------------
# Send it while the load holds SIGINT (SigBlk of /proc/PID/status has bit 2
# set from the object's open to its close): the process finishes the
# program, closes the object, and only then dies of the signal.
# A background job of a script starts with SIGINT ignored: restore it.
env --default-signal=INT "$V" load --log-level 2 "$BIG" >/dev/null 2>&1 &
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
	timeout 300 "$V" load --json --kernel 6.1 "$STORY" >"$T/vm.json" 2>"$T/err"
	rc=$?
	got=$(jqv '.message + " | " + .category + " | " + .kernel' <"$T/vm.json")
	[ $rc -eq 1 ] && case "$got" in "unknown func bpf_probe_read#4 | helper-unavailable | 6.1."*) true ;; *) false ;; esac
	check load-vm-6.1 $? "exit $rc, '$got' $(tail -3 "$T/err")"
fi

# --matrix: this kernel, 6.1 and 6.12, rows grouped by program.
if ! command -v qemu-system-x86_64 >/dev/null || [ ! -d "$cache" ] || [ ! -d "${cache%/6.1}/6.12" ]; then
	skip load-matrix "needs qemu and cached 6.1 and 6.12 kernels (vexplain load --kernel 6.12 fetches one)"
else
	timeout 600 "$V" load --matrix "$STORY" >"$T/matrix.txt" 2>"$T/err"
	rc=$?
	# Three rows in this order: host, 6.1 (its own wording), 6.12.
	awk 'NR > 1' "$T/matrix.txt" | sed 's/  */ /g' >"$T/rows"
	[ $rc -eq 1 ] && [ "$(wc -l <"$T/rows")" -eq 3 ] &&
		sed -n 1p "$T/rows" | grep -qF "story_egress $(uname -r) (host) rejected helper-unavailable program of this type cannot use helper bpf_probe_read#4" &&
		sed -n 2p "$T/rows" | grep -qE '^story_egress 6\.1\.[^ ]* rejected helper-unavailable unknown func bpf_probe_read#4$' &&
		sed -n 3p "$T/rows" | grep -qE '^story_egress 6\.12\.[^ ]* rejected helper-unavailable program of this type cannot use helper bpf_probe_read#4$'
	check load-matrix $? "exit $rc: $(cat "$T/matrix.txt") $(tail -3 "$T/err")"
fi
exit 0
