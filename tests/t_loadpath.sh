#!/bin/bash
# One load-and-explain path (src/load_explain.c): `load`, `load --matrix` and
# `bisect --object` give the same verdict on the same object, also when
# libbpf refuses the program before the verifier runs with words no pattern
# knows. Real objects (clang -target bpf), the live kernel, a repository the
# test creates; a VM (6.1) when qemu and a cached kernel are there.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-$HOME/.cache}
export GIT_CONFIG_NOSYSTEM=1 HOME=$T LC_ALL=C
git config --global user.name T
git config --global user.email t@example.org

if ! command -v clang >/dev/null || ! command -v jq >/dev/null; then
	skip loadpath "clang or jq is not installed (make deps)"
	exit 0
fi
S=$T/src
mkdir -p "$S"
# The sources: accepted, refused by libbpf for its section (no pattern
# knows libbpf's words), refused by libbpf for its legacy map definition
# (an object-level refusal), and rejected by the verifier.
cat >"$S/accepted.c" <<'EOF'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
SEC("xdp")
int lp_prog(struct xdp_md *ctx)
{
	return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
EOF
sed 's/SEC("xdp")/SEC("not_a_known_section")/' "$S/accepted.c" >"$S/section.c"
cat >"$S/legacy.c" <<'EOF'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
struct bpf_map_def { unsigned int type, key_size, value_size, max_entries, map_flags; };
struct bpf_map_def SEC("maps") lp_counts = {
	.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 1,
};
SEC("xdp")
int lp_prog(struct xdp_md *ctx)
{
	int k = 0;
	long *v = bpf_map_lookup_elem(&lp_counts, &k);

	if (v)
		(*v)++;
	return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
EOF
cp tests/bpf/story_probe_read.bpf.c "$S/verifier.c"
cc_bpf() { # src obj
	clang -g -O2 -target bpf -I/usr/include/"$(uname -m)"-linux-gnu -c "$1" -o "$2"
}
for k in accepted section legacy verifier; do
	if ! cc_bpf "$S/$k.c" "$T/$k.o" 2>"$T/cc.err"; then
		fail "compile-$k" "$(head -3 "$T/cc.err")"
		exit 1
	fi
done
"$V" load --raw "$T/accepted.o" >"$T/probe" 2>&1
if ! grep -q "': loaded" "$T/probe"; then
	skip loadpath-kernel "bpf() is not permitted here: $(head -3 "$T/probe")"
	exit 0
fi

# verdict|category|pattern|message of each program, one line each
vline() { jq -r '"\(.prog_name)|\(.verdict)|\(.category)|\(.pattern)|\(.message)"' 2>/dev/null; }

# --- load and load --matrix, on this kernel ---------------------------------
declare -A want=([accepted]=accepted [section]=rejected [legacy]=rejected [verifier]=rejected)
for k in accepted section legacy verifier; do
	"$V" load --json "$T/$k.o" 2>"$T/err" | vline >"$T/$k.load"
	"$V" load --matrix --kernels host --json "$T/$k.o" 2>"$T/err2" | vline >"$T/$k.matrix"
	v=$(cut -d'|' -f2 "$T/$k.load")
	[ "$v" = "${want[$k]}" ] && [ "$(wc -l <"$T/$k.load")" -eq 1 ]
	check "load-$k" $? "load: '$(cat "$T/$k.load")' (want ${want[$k]}) $(head -2 "$T/err")"
	cmp -s "$T/$k.load" "$T/$k.matrix"
	check "matrix-same-$k" $? "load '$(cat "$T/$k.load")' vs --matrix '$(cat "$T/$k.matrix")' $(head -2 "$T/err2")"
done
got=$(cut -d'|' -f3- "$T/section.load")
[ "$got" = "other|loader-refused|prog 'lp_prog': missing BPF prog type, check ELF section name 'not_a_known_section'" ]
check load-refused-words $? "'$got'"
"$V" load "$T/section.o" >"$T/section.txt" 2>&1
grep -q 'libbpf stopped before' "$T/section.txt" &&
	grep -q "Invalid argument" "$T/section.txt"
check load-refused-explained $? "$(head -8 "$T/section.txt")"
"$V" load --matrix --kernels host "$T/verifier.o" "$T/x" >/dev/null 2>&1
check matrix-one-object $(($? != 2)) "two objects not refused with exit 2"
"$V" load --matrix --kernels host,, "$T/accepted.o" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q -- "--kernels takes a list" "$T/err"
check matrix-kernels-bad-list $? "exit $rc: $(cat "$T/err")"

# --- bisect --object over a repository made here ----------------------------
# accepted -> accepted -> refused (section) -> refused (legacy maps) -> verifier
P=$T/repo
mkdir -p "$P"
printf 'prog.o: prog.c\n\tclang -g -O2 -target bpf -I/usr/include/%s-linux-gnu -c prog.c -o prog.o\n' \
	"$(uname -m)" >"$P/Makefile"
(cd "$P" && git init -q -b main && cp "$S/accepted.c" prog.c && git add -A &&
	git commit -qm accepted && git tag good &&
	echo '/* tweak */' >>prog.c && git commit -qam tweak &&
	cp "$S/section.c" prog.c && git commit -qam section && git tag section &&
	cp "$S/legacy.c" prog.c && git commit -qam legacy && git tag legacy &&
	cp "$S/verifier.c" prog.c && git commit -qam verifier && git tag bad)
# the verdict load gives on each commit's object, as bisect's terms
load_term() { # commit
	git -C "$P" show "$1:prog.c" >"$T/c.c" && cc_bpf "$T/c.c" "$T/c.o" &&
		case "$("$V" load --json "$T/c.o" 2>/dev/null | vline | cut -d'|' -f2)" in
		accepted) echo good ;; rejected) echo bad ;; *) echo other ;;
		esac
}
bisect_agrees() { # name json-output
	local name=$1 out=$2 commit term want bad=0 n=0
	while read -r commit term; do
		want=$(load_term "$commit")
		n=$((n + 1))
		if [ "$term" != "$want" ]; then
			fail "$name" "commit $commit: bisect says $term, load says $want"
			bad=1
		fi
	done < <(tail -1 "$out" | jq -r '.verdicts | to_entries[] | "\(.key) \(.value)"')
	[ $bad = 0 ] && [ $n -gt 0 ] && pass "$name"
	[ $n -gt 0 ] || fail "$name" "no verdicts: $(tail -1 "$out" | cut -c1-200)"
}
# the first bad commit is where libbpf starts refusing the program
"$V" bisect -C "$P" good..bad --build 'make prog.o' --object prog.o --json >"$T/b1" 2>"$T/b1.err"
rc=$?
first=$(tail -1 "$T/b1" | jq -r .first_bad)
[ $rc -eq 1 ] && [ "$first" = "$(git -C "$P" rev-parse section)" ]
check bisect-object-refused-first-bad $? "rc=$rc first_bad=$first, want section $(git -C "$P" rev-parse section) $(tail -3 "$T/b1.err")"
bisect_agrees bisect-object-agrees-with-load "$T/b1"
grep -q "loader-refused: prog 'lp_prog': missing BPF prog type" "$T/b1"
check bisect-object-says-why $? "no step names libbpf's refusal: $(grep -o '"summary":"[^"]*"' "$T/b1" | head -3)"
"$V" bisect -C "$P" reset >/dev/null 2>&1
# the given bad, refused for its maps (an object-level refusal), is bad too
"$V" bisect -C "$P" good..legacy --build 'make prog.o' --object prog.o --json >"$T/b4" 2>"$T/b4.err"
rc=$?
got=$(tail -1 "$T/b4" | jq -r '"\(.first_bad) \(.bad_reproduced)"')
[ $rc -eq 1 ] && [ "$got" = "$(git -C "$P" rev-parse section) true" ]
check bisect-object-refused-object $? "rc=$rc '$got' $(tail -3 "$T/b4.err")"
"$V" bisect -C "$P" reset >/dev/null 2>&1
# --match a verifier category: libbpf's refusals are other rejections (skip)
"$V" bisect -C "$P" good..bad --build 'make prog.o' --object prog.o --match helper-unavailable \
	--json >"$T/b2" 2>"$T/b2.err"
rc=$?
first=$(tail -1 "$T/b2" | jq -r .first_bad)
sk=$(tail -1 "$T/b2" | jq -r '[.verdicts[] | select(. == "skip")] | length')
[ "$first" != "$(git -C "$P" rev-parse good)" ] && [ "${sk:-0}" -ge 1 ] &&
	! tail -1 "$T/b2" | jq -e --arg c "$(git -C "$P" rev-parse section)" '.verdicts[$c] == "good"' >/dev/null
check bisect-object-match-skips-refused $? "rc=$rc first_bad=$first skips=$sk: $(tail -1 "$T/b2" | cut -c1-300)"
"$V" bisect -C "$P" reset >/dev/null 2>&1

# --- the same on 6.1 in a VM --------------------------------------------------
cache=$XDG_CACHE_HOME/vexplain/kernels/6.1
if ! command -v qemu-system-x86_64 >/dev/null || [ ! -d "$cache" ]; then
	skip loadpath-vm "needs qemu and a cached 6.1 kernel (vexplain load --kernel 6.1 fetches it)"
	exit 0
fi
timeout 300 "$V" load --json --kernel 6.1 "$T/section.o" 2>"$T/err" | vline >"$T/vm.load"
timeout 300 "$V" load --json --matrix --kernels 6.1 "$T/section.o" 2>"$T/err2" | vline >"$T/vm.matrix"
[ "$(cut -d'|' -f2,4 "$T/vm.load")" = "rejected|loader-refused" ] && cmp -s "$T/vm.load" "$T/vm.matrix"
check vm-load-matrix-same $? "--kernel 6.1 '$(cat "$T/vm.load")' vs --matrix '$(cat "$T/vm.matrix")' $(tail -2 "$T/err")"
timeout 600 "$V" bisect -C "$P" good..legacy --build 'make prog.o' --object prog.o --kernel 6.1 \
	--json >"$T/b3" 2>"$T/b3.err"
rc=$?
first=$(tail -1 "$T/b3" | jq -r .first_bad)
[ $rc -eq 1 ] && [ "$first" = "$(git -C "$P" rev-parse section)" ] &&
	tail -1 "$T/b3" | jq -e '.bad_reproduced' >/dev/null
check vm-bisect-object-refused $? "rc=$rc first_bad=$first $(tail -3 "$T/b3.err")"
"$V" bisect -C "$P" reset >/dev/null 2>&1
exit 0
