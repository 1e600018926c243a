#!/bin/bash
# vexplain helper NAME|ID: lookups, related helpers, the per-kernel program
# types from the shipped tables, JSON, and unknown helpers.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
check() { # name, got, want
	[ "$2" = "$3" ] && pass "$1" || fail "$1" "got '$2', want '$3'"
}

out=$("$V" helper probe_read)
check helper-text-rc $? 0
grep -q '^bpf_probe_read (#4)$' <<<"$out" && pass helper-text-title || fail helper-text-title "$out"
grep -q 'bpf_probe_read_kernel *#113' <<<"$out" && grep -q 'bpf_probe_read_user *#112' <<<"$out" &&
	pass helper-text-related || fail helper-text-related "$out"
line=$(grep '^  6\.18 ' <<<"$out")
grep -qw kprobe <<<"$line" && ! grep -qw cgroup_skb <<<"$line" && pass helper-text-6.18 ||
	fail helper-text-6.18 "line '$line'"

# Every way of naming it gives the same helper
for arg in 4 bpf_probe_read probe_read BPF_FUNC_probe_read '#4'; do
	check "helper-lookup $arg" "$("$V" helper "$arg" --json | jq -r '"\(.id) \(.name)"')" "4 bpf_probe_read"
done
check helper-lookup-211 "$("$V" helper 211 --json | jq -r .name)" bpf_cgrp_storage_delete
check helper-lookup-0 "$("$V" helper 0 --json | jq -r .name)" bpf_unspec

# JSON: the record of issue 3, keys the shipped kernels
js=$("$V" helper 4 --json)
check helper-json-related "$(jq -r '[.related[].name] | sort | join(",")' <<<"$js")" \
	"bpf_probe_read_kernel,bpf_probe_read_user"
check helper-json-6.18-kprobe "$(jq -r '.prog_types["6.18"] | index("kprobe") != null' <<<"$js")" true
check helper-json-6.18-cgroup_skb "$(jq -r '.prog_types["6.18"] | index("cgroup_skb") != null' <<<"$js")" false
shipped=$(ls patterns/kernels/*.tsv | xargs -n1 basename | sed 's/\.tsv$//' | sort -V | tr '\n' ' ')
check helper-json-kernels "$(jq -r '.prog_types | keys[]' <<<"$js" | sort -V | tr '\n' ' ')" "$shipped"
# the story's alternative: probe_read_kernel is offered to cgroup_skb on 6.18
check helper-json-113-cgroup_skb \
	"$("$V" helper probe_read_kernel --json | jq -r '.prog_types["6.18"] | index("cgroup_skb") != null')" true

# The VM-probed tables: cgrp_storage_get came in 6.2, so 6.1 offers it to no type
if [ -f patterns/kernels/6.1.tsv ]; then
	check helper-json-6.1-cgrp_storage "$("$V" helper cgrp_storage_get --json |
		jq -r '"\(.prog_types["6.1"] | length) \(.prog_types["6.12"] | length > 0)"')" "0 true"
	check helper-json-6.1-unknown-netfilter "$("$V" helper 1 --json |
		jq -r '.prog_types_unknown["6.1"] | index("netfilter") != null')" true
else
	echo "SKIP helper-json-6.1: no 6.1 table shipped"
fi

# helper's per-kernel list is the shipped table's column for that helper
from_probe=$("$V" probe --shipped 6.18 --helper 26 --json |
	jq -r '.prog_types | to_entries[] | select(.value.allowed) | .key' | sort | tr '\n' ' ')
from_helper=$("$V" helper skb_load_bytes --json | jq -r '.prog_types["6.18"][]' | sort | tr '\n' ' ')
check helper-agrees-probe "$from_helper" "$from_probe"

# tools/gen-helpers.sh on the system's (6.1) bpf.h gives a subset of the
# shipped table, which was made from 6.12's: same ids, same names
if [ -r /usr/include/linux/bpf.h ]; then
	gen=$(tools/gen-helpers.sh /usr/include/linux/bpf.h | grep -v '^#')
	n=$(wc -l <<<"$gen")
	extra=$(comm -23 <(sort <<<"$gen") <(grep -v '^#' patterns/helpers.tsv | sort) | head -3)
	[ "$n" -ge 200 ] && [ -z "$extra" ] && pass "gen-helpers: $n ids from /usr/include/linux/bpf.h" ||
		fail gen-helpers "$n ids; not in helpers.tsv: $extra"
else
	echo "SKIP gen-helpers: no /usr/include/linux/bpf.h"
fi

# Unknown helpers and bad usage: a clear message, exit 2
for arg in no_such_helper 212 -1 bpf_; do
	err=$("$V" helper -- "$arg" 2>&1 >/dev/null)
	rc=$?
	[ $rc -eq 2 ] && grep -q "unknown helper '$arg'" <<<"$err" && pass "helper-unknown $arg" ||
		fail "helper-unknown $arg" "exit $rc, '$err'"
done
"$V" helper >/dev/null 2>&1
check helper-no-arg $? 2
