#!/bin/bash
# vexplain diff OLD NEW on real logs: the same program on two kernels, an
# accepted and a rejected run, programs only one side has, bad input.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

# the story's program on 6.1 and 6.12: still rejected, in the kernel's new words
"$V" diff corpus/vm/cgskb_probe_read-6.1.log corpus/vm/cgskb_probe_read-6.12.log >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q '^~ skb_egress .*rejected helper-unavailable -> rejected helper-unavailable' "$T/out" &&
	grep -q 'old: unknown func bpf_probe_read#4' "$T/out" &&
	grep -q 'new: program of this type cannot use helper bpf_probe_read#4' "$T/out" &&
	grep -q '0 of 1 program changed verdict, 1 the reason' "$T/out"
check diff-reworded $? "exit $rc: $(cat "$T/out" "$T/err")"

# accepted -> rejected, as JSON; the work figures are the logs' own
"$V" diff --json corpus/logs/accepted_nullcheck.log corpus/logs/nullderef_map.log >"$T/out" 2>"$T/err"
rc=$?
old_insns=$(grep -oE 'processed [0-9]+' corpus/logs/accepted_nullcheck.log | tail -1 | cut -d' ' -f2)
new_insns=$(grep -oE 'processed [0-9]+' corpus/logs/nullderef_map.log | tail -1 | cut -d' ' -f2)
[ $rc -eq 1 ] && python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).read())
assert d["verdict_changed"] == 1, d
p = d["programs"][0]
assert p["verdict_changed"] and p["old"]["verdict"] == "accepted" and p["new"]["verdict"] == "rejected", p
assert p["new"]["category"] == "null-deref", p
assert p["old"]["processed_insns"] == int(sys.argv[2]) and p["new"]["processed_insns"] == int(sys.argv[3]), p
' "$T/out" "$old_insns" "$new_insns" 2>"$T/err"
check diff-accepted-to-rejected $? "exit $rc: $(cat "$T/out" "$T/err")"

# the same log twice: nothing changed, exit 0
"$V" diff corpus/logs/nullderef_map.log corpus/logs/nullderef_map.log >"$T/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q '^  ' "$T/out" && grep -q '0 of 1 program changed verdict, 0 the reason' "$T/out"
check diff-same $? "exit $rc: $(cat "$T/out")"

# a log with a program the other lacks: absent on one side, a changed verdict
cat corpus/logs/pkt_no_check.log corpus/logs/nullderef_map.log >"$T/two.log"
n=$("$V" --json "$T/two.log" | grep -c .)
"$V" diff corpus/logs/nullderef_map.log "$T/two.log" >"$T/out" 2>&1
rc=$?
[ "$n" -eq 2 ] && [ $rc -eq 1 ] && grep -q '(absent) ->' "$T/out"
check diff-absent-program $? "exit $rc, $n records: $(cat "$T/out")"

"$V" diff corpus/logs/nullderef_map.log "$T/missing.log" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'missing.log: No such file' "$T/err"
check diff-missing-file $? "exit $rc: $(cat "$T/err")"

"$V" diff corpus/logs/nullderef_map.log >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'Usage: vexplain diff' "$T/err"
check diff-one-argument $? "exit $rc: $(cat "$T/err")"

printf '\177ELF\002\001\001' >"$T/obj.o"
"$V" diff "$T/obj.o" corpus/logs/nullderef_map.log >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'a BPF object, not a log' "$T/err"
check diff-object-refused $? "exit $rc: $(cat "$T/err")"
