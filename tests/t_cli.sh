#!/bin/bash
# Command-line behaviour of `vexplain [explain]`: formats, exit statuses, and
# bad input (binary, empty, no verdict, huge lines, invalid UTF-8, closed
# stdout, unreadable and directory arguments): a clear message and a defined
# status, never a crash.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
story=examples/aya-cgroup-skb-probe-read.log

expect_status "story: exit 1 (rejection explained)" 1 $V "$story"
expect_grep "story: names the helper" "$T/out" 'bpf_probe_read (#4)'
expect_grep "story: names the program type and how" "$T/out" 'cgroup_skb (from section)'
expect_grep "story: points at the source line" "$T/out" 'probes.bpf.c:488'
expect_grep "story: fixes name probe_read_kernel and bisect" "$T/out" 'bpf_probe_read_kernel' 'vexplain bisect'

expect_status "stdin: same answer from a pipe" 1 sh -c "cat $story | $V"
expect_status "json: exit 1" 1 $V --json "$story"
expect_json "json: one valid record with the spec's keys" "$T/out" '
assert len(lines) == 1, lines
for k in ["verdict", "message", "category", "pattern", "insn", "register", "helper", "prog_type",
          "prog_type_from", "source", "loader", "explanation", "fixes"]:
    assert k in d, k
assert d["verdict"] == "rejected" and d["helper"] == {"id": 4, "name": "bpf_probe_read"}
assert d["prog_type"] == "cgroup_skb" and d["prog_type_from"] == "section"
assert d["source"]["line"] == 488 and d["loader"] == "aya" and d["insn"] == 8'
expect_status "markdown: exit 1" 1 $V --markdown "$story"
expect_grep "markdown: heading and fenced excerpt" "$T/out" '^### `skb_egress` rejected' '^```$'
check "markdown: an excerpt, not the whole log" "$(( $(grep -c '' "$T/out") >= 80 ))" "too long: $(wc -l <"$T/out") lines"
expect_status "prog-type option" 1 $V --json -t xdp "$story"
expect_grep "prog-type option wins" "$T/out" '"prog_type":"xdp","prog_type_from":"option"'

NO_COLOR= $V --color=always "$story" >"$T/c" 2>&1
expect_grep "colour: --color=always colours" "$T/c" $'\033\['
$V "$story" >"$T/c" 2>&1
expect_no_grep "colour: none when stdout is not a terminal" "$T/c" $'\033\['

# bad input
: >"$T/empty"
expect_status "empty input: exit 3" 3 $V "$T/empty"
expect_grep "empty input: says so" "$T/out" 'no verifier log'
head -c 200000 /dev/urandom >"$T/binary"
expect_status "binary input: exit 3, no crash" 3 $V "$T/binary"
printf '0: R1=ctx() R10=fp0\n0: (b7) r2 = 0\n1: (b7) r3 = 0\n' >"$T/cut"
expect_status "log without verdict: exit 3" 3 $V --json "$T/cut"
expect_grep "log without verdict: truncated record" "$T/out" '"verdict":"truncated"'
python3 -c "import sys; sys.stdout.write('x' * 10_000_000 + '\n'); sys.stdout.write(open('$story').read())" >"$T/longline"
expect_status "10 MB line then a log: still explained" 1 $V "$T/longline"
printf '0: R1=ctx() R10=fp0\n0: (95) exit\nsomething the verifier said \xff\xfe\x80 here\n' >"$T/utf8"
$V --json "$T/utf8" >"$T/out" 2>&1
expect_json "invalid UTF-8: escaped in valid JSON" "$T/out" '"\\xff" in d["message"]'
expect_status "missing file: exit 2" 2 $V "$T/nope.log"
expect_grep "missing file: says so" "$T/err" 'No such file'
expect_status "directory: exit 2" 2 $V "$T"
expect_grep "directory: says so" "$T/err" 'is a directory'
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
expect_grep "help: documents exit statuses" "$T/out" 'Exit status'
expect_status "patterns check passes" 0 $V patterns check
# every command's messages start "vexplain: CMD: ", getopt's too; exit 2
for cmd in explain load probe helper triage bisect; do
	expect_status "$cmd: unknown option: exit 2" 2 $V "$cmd" --frobnicate
	head -1 "$T/err" >"$T/err1"
	expect_grep "$cmd: unknown option: 'vexplain: $cmd: ' message" "$T/err1" "^vexplain: $cmd: .*frobnicate"
done
expect_status "unknown option without a command: exit 2" 2 $V --frobnicate
expect_grep "unknown option without a command: 'vexplain: ' message" "$T/err" "^vexplain: unrecognized option '--frobnicate'"
expect_status "unknown program type: exit 2" 2 $V -t frobnicator "$story"
expect_grep "unknown program type: says so" "$T/err" "unknown program type 'frobnicator'"
expect_status "program type given as a section" 1 $V --json -t cgroup_skb/ingress corpus/logs/cgskb_probe_read.log
expect_grep "section given to -t maps to its type" "$T/out" '"prog_type":"cgroup_skb","prog_type_from":"option"'
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
expect_json "huge file: verdict from the tail, program from the head, skipped bytes said" "$T/out" '
assert d["message"] == "program of this type cannot use helper bpf_probe_read#4" and d["insn"] == 13
assert d["prog_type"] == "xdp" and d["prog_type_from"] == "loader"
assert d["stats"]["skipped_bytes"] > 60 * 1024 * 1024 and d["stats"]["log_lines"] is None'
expect_grep "huge file: says on stderr what it read" "$T/err" 'read its first 1 MiB and its last 8 MiB'
expect_status "huge file --full: exit 1" 1 $V --full --json "$T/huge.log"
expect_json "huge file --full: every line read" "$T/out" 'd["stats"]["log_lines"] > 900000 and "skipped_bytes" not in d["stats"]'
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
