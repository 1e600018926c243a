#!/bin/bash
# vexplain diff OLD NEW on real logs and objects: the same program on two
# kernels, an accepted and a rejected run, programs only one side has, bad
# input; objects loaded here and in VMs (--kernels), answered as load does.
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

# an ELF that is no BPF object: loading it fails, usage status
printf '\177ELF\002\001\001' >"$T/obj.o"
"$V" diff "$T/obj.o" corpus/logs/nullderef_map.log >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'obj.o: not a BPF object file' "$T/err"
check diff-bad-object $? "exit $rc: $(cat "$T/err")"

"$V" diff --kernels 6.1 corpus/logs/nullderef_map.log >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q -- '--kernels takes two kernels' "$T/err"
check diff-kernels-one $? "exit $rc: $(cat "$T/err")"
"$V" diff --kernels host,6.1 corpus/logs/nullderef_map.log >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q -- 'this is a log' "$T/err"
check diff-kernels-log $? "exit $rc: $(cat "$T/err")"

# --- objects: loaded here (and in VMs), through vexplain load's path ---------
if ! command -v clang >/dev/null || ! command -v jq >/dev/null; then
	skip diff-objects "clang or jq is not installed (make deps)"
	exit 0
fi
cc_bpf() { # obj < source
	clang -g -O2 -target bpf -I/usr/include/"$(uname -m)"-linux-gnu -x c -c - -o "$1"
}
# three versions of one program: it works, it calls a helper cgroup_skb may
# not, its section is one libbpf does not know
cat >"$T/old.c" <<'EOF'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
SEC("cgroup_skb/egress")
int df_egress(struct __sk_buff *skb)
{
	return skb->len > 0;
}
char LICENSE[] SEC("license") = "GPL";
EOF
cat >"$T/new.c" <<'EOF'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
SEC("cgroup_skb/egress")
int df_egress(struct __sk_buff *skb)
{
	long v = 0;

	bpf_probe_read(&v, sizeof(v), (void *)(long)skb->len);
	return v > 0;
}
char LICENSE[] SEC("license") = "GPL";
EOF
sed 's|SEC("cgroup_skb/egress")|SEC("not_a_known_section")|' "$T/old.c" >"$T/refused.c"
for k in old new refused; do
	cc_bpf "$T/$k.o" <"$T/$k.c" 2>"$T/cc.err" || { fail "diff-compile-$k" "$(head -3 "$T/cc.err")"; exit 1; }
done
cc_bpf "$T/story.o" <tests/bpf/story_probe_read.bpf.c || { fail diff-compile-story "cc"; exit 1; }
"$V" load --raw "$T/old.o" >"$T/probe" 2>&1
if ! grep -q "': loaded" "$T/probe"; then
	skip diff-objects "bpf() is not permitted here: $(head -3 "$T/probe")"
	exit 0
fi
"$V" diff "$T/old.o" "$T/new.o" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -qF "old: $T/old.o on $(uname -r)" "$T/out" &&
	grep -q '^! df_egress .*accepted -> rejected helper-unavailable' "$T/out" &&
	grep -q 'new: program of this type cannot use helper bpf_probe_read#4' "$T/out" &&
	grep -q '1 of 1 program changed verdict' "$T/out"
check diff-objects-verdict $? "exit $rc: $(cat "$T/out" "$T/err")"
# the answers are vexplain load's, field for field, libbpf's refusal too
"$V" diff --json "$T/new.o" "$T/refused.o" >"$T/out" 2>"$T/err"
rc=$?
"$V" load --json "$T/new.o" >"$T/l1" 2>/dev/null
"$V" load --json "$T/refused.o" >"$T/l2" 2>/dev/null
[ $rc -eq 0 ] && python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).read())
l1, l2 = (json.loads(open(f).read()) for f in sys.argv[2:4])
p = d["programs"]
assert d["verdict_changed"] == 0 and d["reason_changed"] == 1 and len(p) == 1, d
for side, l in (("old", l1), ("new", l2)):
    for k in ("verdict", "category", "pattern", "message"):
        assert p[0][side][k] == l[k], (side, k, p[0][side][k], l[k])
assert p[0]["new"]["pattern"] == "loader-refused", p
assert d["old_input"]["kernel"] == l1["kernel"], d
' "$T/out" "$T/l1" "$T/l2" 2>"$T/err2"
check diff-objects-as-load $? "exit $rc: $(cat "$T/out" "$T/err" "$T/err2")"

# --kernels: one object on two kernels, in qemu
cache=${XDG_CACHE_HOME:-$HOME/.cache}/vexplain/kernels
if ! command -v qemu-system-x86_64 >/dev/null || [ ! -d "$cache/6.1" ] || [ ! -d "$cache/6.12" ]; then
	skip diff-kernels "needs qemu and cached 6.1 and 6.12 kernels"
	exit 0
fi
timeout 600 "$V" diff "$T/story.o" --kernels 6.1,6.12 >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q "^old: .*story.o on 6\.1\." "$T/out" &&
	grep -q "^new: .*story.o on 6\.12\." "$T/out" &&
	grep -q '^~ story_egress .*rejected helper-unavailable -> rejected helper-unavailable' "$T/out" &&
	grep -q 'old: unknown func bpf_probe_read#4' "$T/out" &&
	grep -q 'new: program of this type cannot use helper bpf_probe_read#4' "$T/out"
check diff-kernels $? "exit $rc: $(cat "$T/out" "$T/err")"
# this kernel and a VM, JSON: the host side is vexplain load's answer here
timeout 300 "$V" diff --json "$T/new.o" --kernels host,6.1 >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).read())
l = json.loads(open(sys.argv[2]).read())
p = d["programs"][0]
assert p["old"]["message"] == l["message"] and d["old_input"]["kernel"] == l["kernel"], d
assert d["new_input"]["kernel"].startswith("6.1."), d
assert p["new"]["message"] == "unknown func bpf_probe_read#4", p
' "$T/out" "$T/l1" 2>"$T/err2"
check diff-kernels-host-vm $? "exit $rc: $(cat "$T/out" "$T/err" "$T/err2")"
exit 0
