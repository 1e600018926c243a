#!/bin/bash
# Command-line behaviour of `vexplain [explain]`: formats, exit statuses, and
# bad input (binary, empty, no verdict, huge lines, invalid UTF-8, closed
# stdout, unreadable and directory arguments): a clear message and a defined
# status, never a crash.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
expect_status() { # name want cmd...
	local name=$1 want=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	local rc=$?
	if [ "$rc" -eq "$want" ]; then pass "$name"; else fail "$name" "exit $rc, want $want; stderr: $(head -c 300 "$T/err")"; fi
}
story=examples/aya-cgroup-skb-probe-read.log

expect_status "story: exit 1 (rejection explained)" 1 $V "$story"
grep -q 'bpf_probe_read (#4)' "$T/out" && pass "story: names the helper" || fail "story: names the helper" "$(head -20 "$T/out")"
grep -q 'cgroup_skb (from section)' "$T/out" && pass "story: names the program type and how" || fail "story: program type" "$(head -20 "$T/out")"
grep -q 'probes.bpf.c:488' "$T/out" && pass "story: points at the source line" || fail "story: source line" "$(head -20 "$T/out")"
grep -q 'bpf_probe_read_kernel' "$T/out" && grep -q 'vexplain bisect' "$T/out" && pass "story: fixes name probe_read_kernel and bisect" || fail "story: fixes" "$(cat "$T/out")"

expect_status "stdin: same answer from a pipe" 1 sh -c "cat $story | $V"
expect_status "json: exit 1" 1 $V --json "$story"
python3 - "$T/out" <<'PY' && pass "json: one valid record with the spec's keys" || fail "json: record" "$(head -c 500 "$T/out")"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
r = json.loads(lines[0])
for k in ["verdict", "message", "category", "pattern", "insn", "register", "helper", "prog_type",
          "prog_type_from", "source", "loader", "explanation", "fixes"]:
    assert k in r, k
assert r["verdict"] == "rejected" and r["helper"] == {"id": 4, "name": "bpf_probe_read"}
assert r["prog_type"] == "cgroup_skb" and r["prog_type_from"] == "section"
assert r["source"]["line"] == 488 and r["loader"] == "aya" and r["insn"] == 8
PY
expect_status "markdown: exit 1" 1 $V --markdown "$story"
grep -q '^### `skb_egress` rejected' "$T/out" && grep -q '^```$' "$T/out" && pass "markdown: heading and fenced excerpt" || fail "markdown" "$(head -c 400 "$T/out")"
[ "$(grep -c '' "$T/out")" -lt 80 ] && pass "markdown: an excerpt, not the whole log" || fail "markdown: too long" "$(wc -l <"$T/out")"
expect_status "prog-type option" 1 $V --json -t xdp "$story"
grep -q '"prog_type":"xdp","prog_type_from":"option"' "$T/out" && pass "prog-type option wins" || fail "prog-type option" "$(head -c 300 "$T/out")"

NO_COLOR= $V --color=always "$story" >"$T/c" 2>&1
grep -q $'\033\[' "$T/c" && pass "colour: --color=always colours" || fail "colour: always" "no escape"
$V "$story" >"$T/c" 2>&1
grep -q $'\033\[' "$T/c" && fail "colour: not on a pipe" "escape found" || pass "colour: none when stdout is not a terminal"

# bad input
: >"$T/empty"
expect_status "empty input: exit 3" 3 $V "$T/empty"
grep -q 'no verifier log' "$T/out" && pass "empty input: says so" || fail "empty input: message" "$(cat "$T/out")"
head -c 200000 /dev/urandom >"$T/binary"
expect_status "binary input: exit 3, no crash" 3 $V "$T/binary"
printf '0: R1=ctx() R10=fp0\n0: (b7) r2 = 0\n1: (b7) r3 = 0\n' >"$T/cut"
expect_status "log without verdict: exit 3" 3 $V --json "$T/cut"
grep -q '"verdict":"truncated"' "$T/out" && pass "log without verdict: truncated record" || fail "truncated record" "$(cat "$T/out")"
python3 -c "import sys; sys.stdout.write('x' * 10_000_000 + '\n'); sys.stdout.write(open('$story').read())" >"$T/longline"
expect_status "10 MB line then a log: still explained" 1 $V "$T/longline"
printf '0: R1=ctx() R10=fp0\n0: (95) exit\nsomething the verifier said \xff\xfe\x80 here\n' >"$T/utf8"
$V --json "$T/utf8" >"$T/out" 2>&1
python3 -c "import json,sys; r=json.loads(open('$T/out').readline()); assert '\\\\xff' in r['message'], r['message']" && pass "invalid UTF-8: escaped in valid JSON" || fail "invalid UTF-8" "$(cat -v "$T/out" | head -c 300)"
expect_status "missing file: exit 2" 2 $V "$T/nope.log"
grep -q 'No such file' "$T/err" && pass "missing file: says so" || fail "missing file message" "$(cat "$T/err")"
expect_status "directory: exit 2" 2 $V "$T"
grep -q 'is a directory' "$T/err" && pass "directory: says so" || fail "directory message" "$(cat "$T/err")"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	cp "$story" "$T/secret"; chmod 000 "$T/secret"
	expect_status "unreadable file: exit 2" 2 setpriv --reuid=65534 --regid=65534 --clear-groups $V "$T/secret"
else
	cp "$story" "$T/secret"; chmod 000 "$T/secret"
	expect_status "unreadable file: exit 2" 2 $V "$T/secret"
fi
expect_status "unknown option: exit 2" 2 $V --frobnicate
# a closed stdout: vexplain stops quietly
for i in 1 2 3 4 5 6 7 8; do cat "$story"; printf '\n0: (95) exit\nR0 !read_ok\n'; done >"$T/many"
$V "$T/many" 2>"$T/err" | head -1 >/dev/null
rc=${PIPESTATUS[0]}
[ "$rc" -lt 128 ] && [ ! -s "$T/err" ] && pass "closed stdout: no signal death, no noise" || fail "closed stdout" "exit $rc: $(cat "$T/err")"
expect_status "help: exit 0" 0 $V --help
grep -q 'Exit status' "$T/out" && pass "help: documents exit statuses" || fail "help" "no exit status section"
expect_status "patterns check passes" 0 $V patterns check
# every command's messages start "vexplain: CMD: ", getopt's too; exit 2
for cmd in explain load probe helper triage bisect; do
	expect_status "$cmd: unknown option: exit 2" 2 $V "$cmd" --frobnicate
	head -1 "$T/err" | grep -q "^vexplain: $cmd: .*frobnicate" && pass "$cmd: unknown option: 'vexplain: $cmd: ' message" ||
		fail "$cmd: unknown option message" "$(head -3 "$T/err")"
done
expect_status "unknown option without a command: exit 2" 2 $V --frobnicate
grep -q "^vexplain: unrecognized option '--frobnicate'" "$T/err" && pass "unknown option without a command: 'vexplain: ' message" ||
	fail "unknown option without a command: message" "$(head -3 "$T/err")"
expect_status "unknown program type: exit 2" 2 $V -t frobnicator "$story"
grep -q "unknown program type 'frobnicator'" "$T/err" && pass "unknown program type: says so" || fail "unknown program type message" "$(cat "$T/err")"
expect_status "program type given as a section" 1 $V --json -t cgroup_skb/ingress corpus/logs/cgskb_probe_read.log
grep -q '"prog_type":"cgroup_skb","prog_type_from":"option"' "$T/out" && pass "section given to -t maps to its type" || fail "-t section" "$(head -c 300 "$T/out")"
# a regular file over 64 MiB is read at its head and its tail (the verdict is at the end)
python3 - "$T/huge.log" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("libbpf: prog 'hot_loop': section 'xdp', type xdp, kernel 6.18.44\n")
    f.write("libbpf: prog 'hot_loop': -- BEGIN PROG LOAD LOG --\n0: R1=ctx() R10=fp0\n")
    line = "12: (07) r6 += 4194304                ; R6=scalar(smin=0,smax=0x7fffffff)\n"
    f.write(line * (72 * 1024 * 1024 // len(line)))
    f.write("13: (85) call bpf_probe_read#4\nprogram of this type cannot use helper bpf_probe_read#4\n")
    f.write("processed 1000001 insns (limit 1000000) max_states_per_insn 4 total_states 9 peak_states 6 mark_read 0\n")
    f.write("-- END PROG LOAD LOG --\n")
PY
expect_status "huge file: exit 1" 1 $V --json "$T/huge.log"
python3 - "$T/out" <<'PY' && pass "huge file: verdict from the tail, program from the head, skipped bytes said" || fail "huge file record" "$(head -c 400 "$T/out")"
import json, sys
r = json.loads(open(sys.argv[1]).readline())
assert r["message"] == "program of this type cannot use helper bpf_probe_read#4" and r["insn"] == 13
assert r["prog_type"] == "xdp" and r["prog_type_from"] == "loader"
assert r["stats"]["skipped_bytes"] > 60 * 1024 * 1024 and r["stats"]["log_lines"] is None
PY
grep -q 'read its first 1 MiB and its last 8 MiB' "$T/err" && pass "huge file: says on stderr what it read" || fail "huge file: stderr" "$(cat "$T/err")"
expect_status "huge file --full: exit 1" 1 $V --full --json "$T/huge.log"
python3 -c "import json,sys; r=json.loads(open('$T/out').readline()); assert r['stats']['log_lines'] > 900000 and 'skipped_bytes' not in r['stats']" && pass "huge file --full: every line read" || fail "huge file --full" "$(head -c 300 "$T/out")"
# the embedded category list is the project's spec (../shared, when it is beside the repository)
if [ -f ../shared/spec/categories.tsv ]; then
	cmp -s ../shared/spec/categories.tsv patterns/categories.tsv && pass "categories.tsv is the spec's" ||
		fail "categories.tsv" "patterns/categories.tsv differs from ../shared/spec/categories.tsv"
else
	echo "SKIP categories.tsv is the spec's: ../shared/spec/categories.tsv is not beside the repository"
fi
# make install: the binary and the VM agent where vm.c looks for it
if make -s install DESTDIR="$T/inst" PREFIX=/usr >"$T/inst.log" 2>&1; then
	[ -x "$T/inst/usr/bin/vexplain" ] && [ -x "$T/inst/usr/lib/vexplain/vexplain-agent" ] &&
		"$T/inst/usr/bin/vexplain" "$story" 2>/dev/null | grep -q 'bpf_probe_read (#4)' &&
		pass "make install: installed vexplain explains, agent beside it" || fail "make install" "$(find "$T/inst" -type f)"
else
	fail "make install" "$(tail -3 "$T/inst.log")"
fi
