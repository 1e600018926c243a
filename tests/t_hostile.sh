#!/bin/bash
# Hostile input, beyond tests/t_cli.sh: NUL bytes inside a real log, a 100 MB
# line (bounded memory, a message), invalid UTF-8 in every field of the
# JSON, logs cut at every line, a closed stdout in each format and from a
# pipe, unreadable inputs mixed with good ones, a FIFO and /dev/null, and
# lines built to make regular expressions backtrack: the harness bounds the
# time (timeout), the test asserts only that vexplain finished normally.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
story=examples/aya-cgroup-skb-probe-read.log
LIMIT=${HOSTILE_TIMEOUT:-120} # seconds; a hang shows as exit 124
run() { timeout -k 5 "$LIMIT" "$@"; }

# NUL bytes inside the lines of a real log, and a line of NULs
python3 - "$story" >"$T/nul.log" <<'PY'
import sys
data = open(sys.argv[1], "rb").read().split(b"\n")
out = []
for i, l in enumerate(data):
    out.append(l[:5] + b"\0" + l[5:] if i % 3 == 0 and len(l) > 5 else l)
    if i == 2:
        out.append(b"\0" * 4096)
sys.stdout.buffer.write(b"\n".join(out))
PY
expect_status "NUL bytes in a log: still explained (exit 1)" 1 run $V --json "$T/nul.log"
expect_json "NUL bytes in a log: valid JSON" "$T/out"
expect_grep "NUL bytes in a log: the helper named" "$T/out" '"name":"bpf_probe_read"'
expect_grep "NUL bytes: said on stderr" "$T/err" 'NUL bytes ignored'

# a 100 MB line then the log: bounded memory, a message, the answer
python3 -c "
import sys
sys.stdout.write('x' * 100_000_000 + '\n')
sys.stdout.write(open('$story').read())" >"$T/huge"
what="100 MB line: the log after it is explained (exit 1)"
if [ -x /usr/bin/time ]; then
	expect_status "$what" 1 run /usr/bin/time -f '%M' -o "$T/rss" $V --full "$T/huge"
	rss=$(tail -1 "$T/rss")
	[ "$rss" -lt 65536 ] && pass "100 MB line: peak memory under 64 MB (${rss} KB)" ||
		fail "100 MB line: memory" "maximum resident set ${rss} KB"
else
	expect_status "$what" 1 run $V --full "$T/huge"
	echo "SKIP 100 MB line: peak memory: no /usr/bin/time (make deps)"
fi
expect_grep "100 MB line: the log after it names the helper" "$T/out" 'bpf_probe_read (#4)'
expect_grep "100 MB line: said on stderr" "$T/err" 'longer than 1024 KiB'
expect_status "100 MB line, file read at its head and tail: exit 1" 1 run $V "$T/huge"
expect_grep "100 MB line, file read at its head and tail: explained" "$T/out" 'bpf_probe_read (#4)'
expect_status "100 MB line from a pipe: explained" 1 run sh -c 'cat "$1" | "$2"' sh "$T/huge" "$V"
rm -f "$T/huge"

# invalid UTF-8 in the verdict, the instruction, the source line, the program name
printf "libbpf: prog 'bad\xff\xfename': BPF program load failed: Permission denied\nlibbpf: prog 'bad\xff\xfename': -- BEGIN PROG LOAD LOG --\n0: R1=ctx() R10=fp0\n; int x = \xc0\xaf; @ s\xed\xa0\x80.c:4\n0: (85) call bpf_probe_read#4 \xf8\x88\x80\x80\x80\nprogram of this type cannot use helper bpf_probe_read#4 \x80\xbf\xf4\x90\x80\x80\nprocessed 1 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\nlibbpf: prog 'bad\xff\xfename': -- END PROG LOAD LOG --\n" >"$T/utf8.log"
run $V --json "$T/utf8.log" >"$T/out" 2>"$T/err"
expect_json "invalid UTF-8 everywhere: valid JSON" "$T/out"
expect_grep "invalid UTF-8 everywhere: bytes escaped" "$T/out" '\\\\xff'
for fmt in "" --markdown -v; do
	expect_status "invalid UTF-8: ${fmt:-text} output, exit 1" 1 run $V $fmt "$T/utf8.log"
done

# a log cut after every line: exit 1 (rejected) or 3 (cut before the verdict), valid JSON each time
n=$(wc -l <"$story")
badcuts=""
for k in $(seq 0 "$n"); do
	head -n "$k" "$story" >"$T/cut"
	run $V --json "$T/cut" >"$T/out" 2>/dev/null
	rc=$?
	if { [ $rc -ne 1 ] && [ $rc -ne 3 ]; } || ! is_json "$T/out"; then
		badcuts="$badcuts $k:$rc"
	fi
done
[ -z "$badcuts" ] && pass "log cut after each of its $n lines: exit 1 or 3, valid JSON" || fail "cut logs" "line:exit$badcuts"
# and in the middle of a line, byte by byte over the verdict's line
off=$(grep -b -m1 'program of this type' "$story" | cut -d: -f1)
badcuts=""
for k in $(seq "$off" 7 $((off + 80))); do
	head -c "$k" "$story" >"$T/cut"
	run $V --json "$T/cut" >"$T/out" 2>/dev/null
	rc=$?
	{ [ $rc -eq 1 ] || [ $rc -eq 3 ]; } && is_json "$T/out" || badcuts="$badcuts $k:$rc"
done
[ -z "$badcuts" ] && pass "log cut inside the verdict line: exit 1 or 3, valid JSON" || fail "cut inside a line" "byte:exit$badcuts"

# a closed stdout in every format, from a file and from a pipe: no signal death, no noise
for _ in $(seq 200); do cat "$story"; printf '\n0: (95) exit\nR0 !read_ok\n'; done >"$T/many"
for fmt in "" --json --markdown; do
	run $V $fmt "$T/many" 2>"$T/err" | head -c 10 >/dev/null
	rc=${PIPESTATUS[0]}
	[ "$rc" -lt 128 ] && [ ! -s "$T/err" ] && pass "closed stdout (${fmt:-text}): quiet, exit $rc" ||
		fail "closed stdout (${fmt:-text})" "exit $rc: $(head -c 200 "$T/err")"
done
cat "$T/many" | run $V 2>"$T/err" | head -1 >/dev/null
rc=${PIPESTATUS[1]}
[ "$rc" -lt 128 ] && [ ! -s "$T/err" ] && pass "closed stdout, input from a pipe: quiet" || fail "closed stdout from a pipe" "exit $rc: $(cat "$T/err")"
run $V "$story" >&- 2>"$T/err"
rc=$?
[ "$rc" -lt 128 ] && pass "stdout closed before start: no crash (exit $rc)" || fail "stdout closed before start" "exit $rc"

# bad arguments among good ones: the good ones are still explained, exit 2
mkdir "$T/dir"
expect_status "a directory and a missing file among good files: exit 2" 2 run $V --json "$T/dir" "$story" "$T/missing"
expect_grep "a directory and a missing file among good files: the good one explained" "$T/out" '"name":"bpf_probe_read"'
expect_grep "a directory and a missing file among good files: both said" "$T/err" 'is a directory' 'No such file'
expect_status "/dev/null: no log, exit 3" 3 run $V /dev/null
mkfifo "$T/fifo"
(cat "$story" >"$T/fifo" &)
expect_status "a FIFO: read as a stream, explained" 1 run $V "$T/fifo"

# lines built to make the database's expressions backtrack: finish (the
# harness's timeout catches a hang), whatever the answer
python3 - >"$T/backtrack" <<'PY'
import sys
w = sys.stdout.write
for line in ["program a: " * 90000 + "load progra",
             "( " * 500000,
             "R1 " * 340000,
             "=" * 1000000,
             "invalid access to map value, value_size=" * 25000,
             "libbpf: prog '" + "'x" * 500000,
             "0: (85) call " + "bpf_" * 250000,
             "level=warning msg=\"" + "\\\"" * 500000,
             "E0510 07:37:47.069617 " + "1 " * 500000,
             "load program: " + "permission denied: " * 50000]:
    w(line[:1048000] + "\n")
PY
for k in 1 2 3; do cat "$T/backtrack"; done >"$T/backtrack3"
run $V "$T/backtrack3" >"$T/out" 2>&1
rc=$?
[ $rc -ne 124 ] && [ $rc -lt 128 ] && pass "backtracking lines: finished (exit $rc)" || fail "backtracking lines" "exit $rc (124: timed out after ${LIMIT}s)"
run $V patterns match "$(head -c 200000 "$T/backtrack" | head -1)" >/dev/null 2>&1
rc=$?
[ $rc -ne 124 ] && [ $rc -lt 128 ] && pass "patterns match on a backtracking line: finished" || fail "patterns match" "exit $rc"

# a database entry written to backtrack (--patterns DIR: a contributor's
# mistake) on lines that trigger it: PCRE2's match and depth limits stop it
cp -r patterns "$T/db"
cat >>"$T/db/other.pat" <<'PAT'

id: hostile-catastrophic
category: other
match: ^(?:(?:a|aa)+|(?:x+x+)+y)+$
title: an entry written to backtrack
explain: nothing
fix: nothing
example: aaaa
PAT
python3 -c "
print('0: R1=ctx() R10=fp0'); print('0: (95) exit')
for i in range(200): print('a' * 60 + 'b'); print('x' * 4000)" >"$T/catastrophic"
run $V --patterns "$T/db" "$T/catastrophic" >"$T/out" 2>&1
rc=$?
[ $rc -ne 124 ] && [ $rc -lt 128 ] && pass "an entry that backtracks, on 400 lines made for it: finished (exit $rc)" ||
	fail "catastrophic entry" "exit $rc (124: timed out after ${LIMIT}s)"

# Binary data that holds a verifier shape by chance ("R7=" amid random bytes)
# and a short line of letters after it: no log, no verdict (random input made
# one in about 30 runs before text_follows and kernel_text)
printf '\xd1\x9c\x02R7=\xf5\xefd\xac\xd3\xef\xc3B\x8c\x8a[{\x13O#\x7f\n\xd9z\xb8\x14c\n\x4d\xb4sI#\xe9\n' >"$T/chance-shape.bin"
expect_status "binary with a chance verifier shape: exit 3" 3 $V "$T/chance-shape.bin"
