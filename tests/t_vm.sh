#!/bin/bash
# `vexplain load --kernel` for real: boots Debian's 6.1 in qemu (src/vm.c,
# the agent tools/agent.c), loads the story's cgroup_skb object there and
# checks 6.1's own wording; a tiny timeout, a missing kernel and a missing
# qemu are clear errors, not hangs. Fetches what it needs: qemu (apt-get
# install, as root) and the kernel (apt-get download, by vexplain itself).
# SKIPs only where qemu cannot be installed or the archive is unreachable.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

# Errors that need no VM come first: they hold wherever the test runs.
clang -g -O2 -target bpf -I/usr/include/x86_64-linux-gnu \
	-c tests/bpf/story_probe_read.bpf.c -o "$T/story.bpf.o" 2>"$T/cc.err"
if [ ! -s "$T/story.bpf.o" ]; then
	skip vm_load "clang cannot build tests/bpf/story_probe_read.bpf.c: $(head -1 "$T/cc.err")"
	exit 0
fi

"$V" load --kernel /nonexistent/bzImage "$T/story.bpf.o" >"$T/out" 2>"$T/err"
rc=$?
check vm_missing_kernel_status $((rc != 4)) "exit $rc, want 4"
grep -q 'kernel image /nonexistent/bzImage: No such file' "$T/err"
check vm_missing_kernel_message $? "stderr: $(cat "$T/err")"

VEXPLAIN_QEMU=/nonexistent/qemu "$V" load --kernel 6.1 "$T/story.bpf.o" >"$T/out" 2>"$T/err"
rc=$?
check vm_missing_qemu_status $((rc != 4)) "exit $rc, want 4"
grep -q 'apt-get install qemu-system-x86' "$T/err"
check vm_missing_qemu_message $? "stderr: $(cat "$T/err")"

if ! command -v qemu-system-x86_64 >/dev/null; then
	if [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-x86 >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-x86 \
					>/dev/null 2>&1; }
	fi
	if ! command -v qemu-system-x86_64 >/dev/null; then
		skip vm_load "qemu-system-x86_64 is missing and could not be installed (apt-get install qemu-system-x86)"
		exit 0
	fi
fi

# The first use fetches the kernel; apt needs current package lists for that.
start=$(date +%s.%N)
"$V" load --kernel 6.1 --json "$T/story.bpf.o" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 4 ] && grep -qE 'apt knows no package|apt-get download' "$T/err" &&
	[ "$(id -u)" = 0 ]; then
	apt-get update -qq >/dev/null 2>&1
	start=$(date +%s.%N)
	"$V" load --kernel 6.1 --json "$T/story.bpf.o" >"$T/out" 2>"$T/err"
	rc=$?
fi
if [ $rc -eq 4 ] && grep -qE 'apt knows no package|apt-get download .* failed' "$T/err"; then
	skip vm_load "Debian's archive is unreachable: $(head -1 "$T/err")"
	exit 0
fi
echo "# 6.1 load in qemu: $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }") s"
check vm_load_status $((rc != 1)) "exit $rc, want 1 (rejected); stderr: $(head -5 "$T/err")"
grep -q '"message":"unknown func bpf_probe_read#4"' "$T/out"
check vm_load_wording_6.1 $? "no 'unknown func bpf_probe_read#4' verdict: $(head -c 400 "$T/out")"
grep -q '"category":"helper-unavailable"' "$T/out"
check vm_load_category $? "$(head -c 400 "$T/out")"
grep -qE '"kernel":"6\.1\.[0-9]+-[0-9]+-amd64"' "$T/out"
check vm_load_release $? "the record does not name a 6.1 kernel: $(head -c 400 "$T/out")"

start=$(date +%s)
VEXPLAIN_VM_TIMEOUT=1 "$V" load --kernel 6.1 "$T/story.bpf.o" >"$T/out" 2>"$T/err"
rc=$?
took=$(($(date +%s) - start))
check vm_timeout_status $((rc != 4)) "exit $rc, want 4"
grep -q 'did not finish within 1 s' "$T/err"
check vm_timeout_message $? "stderr: $(cat "$T/err")"
check vm_timeout_fast $((took > 4)) "took $took s for a 1 s timeout"
# Killed mid-boot, vexplain takes its VM with it (a hung KVM guest would
# otherwise run forever). The wrapper tells qemu's pid.
printf '#!/bin/sh\necho $$ >"%s"\nexec qemu-system-x86_64 "$@"\n' "$T/qemu.pid" >"$T/qemu-wrap"
chmod +x "$T/qemu-wrap"
VEXPLAIN_QEMU=$T/qemu-wrap "$V" load --kernel 6.1 "$T/story.bpf.o" >/dev/null 2>&1 &
vx=$!
for _ in $(seq 50); do [ -s "$T/qemu.pid" ] && break; sleep 0.1; done
qpid=$(cat "$T/qemu.pid" 2>/dev/null)
kill -9 $vx
wait $vx 2>/dev/null
gone=1
# dead is enough: a zombie waiting for a slow reaper (pid 1 here) is not running
for _ in $(seq 100); do
	state=$(awk '{ print $3 }' "/proc/$qpid/stat" 2>/dev/null)
	if [ -n "$qpid" ] && { [ -z "$state" ] || [ "$state" = Z ]; }; then gone=0; break; fi
	sleep 0.1
done
check vm_killed_takes_qemu $gone "qemu (pid ${qpid:-unknown}) outlived its vexplain"
[ $gone -ne 0 ] && [ -n "$qpid" ] && kill -9 "$qpid" 2>/dev/null
exit 0
