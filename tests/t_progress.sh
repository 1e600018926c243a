#!/bin/bash
# The progress line (src/progress.c) on a real terminal: `script` (util-linux)
# runs vexplain on a pseudo-terminal and keeps what reached it. A probe and,
# when qemu and the cached kernels are there, a VM boot must show progress
# on the terminal and clear it; with stderr in a file, or with --quiet,
# nothing but real messages may be written, and --json's stdout never holds
# a progress line.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

if ! command -v script >/dev/null; then
	skip progress "script (util-linux) is missing: apt-get install util-linux"
	exit 0
fi

# on_tty OUT CMD...: run CMD on a pseudo-terminal of 60 columns, what the
# terminal got into OUT; the status is CMD's.
on_tty() {
	local out=$1 cmd
	shift
	printf -v cmd '%q ' "$@"
	script -qfec "stty cols 60 2>/dev/null; $cmd" /dev/null </dev/null >"$out"
}

# drawn OUT TEXT: a progress line holding TEXT was drawn (each draw starts
# with \r), and every draw fits in the 59 columns of a 60-column terminal.
drawn() {
	python3 - "$1" "$2" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
draws = [d.split("\n")[0] for d in data.split("\r")[1:]]
want = [d for d in draws if sys.argv[2] in d]
wide = [d for d in draws if len(d) > 59]
if not want:
    sys.exit("no progress line with %r in %r" % (sys.argv[2], data[:300]))
if wide:
    sys.exit("a draw wider than the terminal: %r" % wide[0])
EOF
}

# cleared OUT TEXT: after the last draw holding TEXT the line is blanked
# (\r, spaces, \r) before anything else is written.
cleared() {
	python3 - "$1" "$2" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
at = data.rfind(sys.argv[2])
if at < 0:
    sys.exit("no %r" % sys.argv[2])
rest = data[at:]
m = re.match(r"[^\r\n]*(\r[^\r\n]*)*?\r +\r", rest)
if not m:
    sys.exit("the progress line is not cleared: %r" % rest[:200])
EOF
}

# --- a probe of the running kernel ------------------------------------------
out=$("$V" probe --type socket_filter --helper 1 2>&1)
if [ $? -eq 4 ] && grep -q 'not permitted' <<<"$out"; then
	skip progress-probe "bpf() is not permitted here: $out"
else
	on_tty "$T/tty" "$V" probe --type xdp
	rc=$?
	msg=$(drawn "$T/tty" "probing xdp" 2>&1)
	[ $rc -eq 0 ] && [ -z "$msg" ]
	check progress-probe-shown $? "exit $rc: $msg"
	msg=$(cleared "$T/tty" "probing xdp" 2>&1)
	check progress-probe-cleared $? "$msg"
	grep -qa 'bpf_xdp_adjust_head' "$T/tty"
	check progress-probe-output $? "the probe's answer is not on the terminal: $(head -c 300 "$T/tty")"

	# every type: the line says which type of how many, and stays in 59 columns
	on_tty "$T/tty" "$V" probe
	msg=$(drawn "$T/tty" "probing" 2>&1)
	check progress-probe-all-fits $? "$msg"

	# stderr in a file: nothing there, nothing drawn on the terminal
	on_tty "$T/tty" sh -c '"$1" probe --type xdp 2>"$2"' sh "$V" "$T/err"
	rc=$?
	[ $rc -eq 0 ] && [ ! -s "$T/err" ] && ! grep -qa probing "$T/tty"
	check progress-probe-stderr-file $? "exit $rc, stderr: $(head -c 200 "$T/err" | od -c | head -3)"

	# --quiet and -q on a terminal: the answer, no progress
	for q in --quiet -q; do
		on_tty "$T/tty" "$V" probe "$q" --type xdp
		rc=$?
		[ $rc -eq 0 ] && ! grep -qa probing "$T/tty" && grep -qa bpf_xdp_adjust_head "$T/tty"
		check "progress-probe$q" $? "exit $rc: $(head -c 200 "$T/tty")"
	done

	# --json: stdout (a file) is JSON alone while stderr draws on the terminal
	on_tty "$T/tty" sh -c '"$1" probe --json --type xdp >"$2"' sh "$V" "$T/json"
	rc=$?
	[ $rc -eq 0 ] && ! grep -q $'\r' "$T/json" &&
		python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$T/json" &&
		grep -qa "probing xdp" "$T/tty"
	check progress-probe-json $? "exit $rc: $(head -c 200 "$T/json")"
fi

# --- a VM boot (qemu and the cached 6.1 and 6.12 kernels) --------------------
cache=${XDG_CACHE_HOME:-$HOME/.cache}/vexplain/kernels
if ! command -v qemu-system-x86_64 >/dev/null; then
	skip progress-vm "qemu-system-x86 is not installed (make deps)"
	exit 0
elif [ ! -e "$cache/6.1/vmlinuz" ] || [ ! -e "$cache/6.12/vmlinuz" ]; then
	skip progress-vm "no cached 6.1 and 6.12 kernels in $cache (vexplain load --kernel 6.12 fetches one)"
	exit 0
fi
clang -g -O2 -target bpf -I/usr/include/x86_64-linux-gnu \
	-c tests/bpf/story_probe_read.bpf.c -o "$T/story.bpf.o" 2>"$T/cc.err"
if [ ! -s "$T/story.bpf.o" ]; then
	skip progress-vm "clang cannot build tests/bpf/story_probe_read.bpf.c: $(head -1 "$T/cc.err")"
	exit 0
fi

# --matrix --json: each kernel's boot and agent run on the terminal, JSON alone
# in stdout (the story's program is rejected everywhere: exit 1)
on_tty "$T/tty" sh -c '"$1" load --matrix --json "$2" >"$3"' sh "$V" "$T/story.bpf.o" "$T/json"
rc=$?
msg=$(drawn "$T/tty" "booting 6.1 in qemu" 2>&1 && drawn "$T/tty" "booting 6.12 in qemu" 2>&1 &&
	cleared "$T/tty" "6.12 in qemu" 2>&1)
[ $rc -eq 1 ] && [ -z "$msg" ]
check progress-vm-matrix-shown $? "exit $rc: $msg"
[ "$(grep -c . "$T/json")" -eq 3 ] && ! grep -q $'\r' "$T/json" &&
	python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/json"
check progress-vm-matrix-json $? "$(head -c 300 "$T/json")"
grep -qa 'the agent runs load' "$T/tty"
check progress-vm-agent $? "$(tr '\r' '\n' <"$T/tty" | grep -a qemu | head -3)"

# stderr in a file: the rejection on stdout, stderr empty (no real message
# for a load that worked), nothing drawn
on_tty "$T/tty" sh -c '"$1" load --kernel 6.12 "$2" 2>"$3"' sh "$V" "$T/story.bpf.o" "$T/err"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$T/err" ] && ! grep -qa 'qemu' "$T/tty" &&
	grep -qa 'bpf_probe_read' "$T/tty"
check progress-vm-stderr-file $? "exit $rc, stderr: $(head -c 300 "$T/err")"

# --quiet on a terminal; a real message (an unknown kernel image) still shows
on_tty "$T/tty" "$V" load --quiet --kernel 6.12 "$T/story.bpf.o"
rc=$?
[ $rc -eq 1 ] && ! grep -qa 'qemu' "$T/tty" && grep -qa 'bpf_probe_read' "$T/tty"
check progress-vm-quiet $? "exit $rc: $(head -c 300 "$T/tty")"
on_tty "$T/tty" "$V" load -q --kernel "$T/no-such-bzImage" "$T/story.bpf.o"
rc=$?
[ $rc -eq 4 ] && grep -qa 'no-such-bzImage: No such file' "$T/tty" && ! grep -qa $'\r[a-z]' "$T/tty"
check progress-vm-quiet-message $? "exit $rc: $(head -c 300 "$T/tty" | od -c | head -5)"
exit 0
