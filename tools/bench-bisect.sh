#!/bin/bash
# bench-bisect.sh [COMMITS] [BUILD_SECONDS]: wall time of `vexplain bisect`
# (--jobs 1, 2, 4, and --jobs 2, 4 --multisect) against `git bisect run` on
# the same generated history (merges included), where every build takes
# about BUILD_SECONDS; then the same on a history whose builds fail in a
# window of 32 commits (build fails -> skip) around the first midpoint.
# Not a test: it prints the figures and the ratios (called by `make bench`).
set -e
cd "$(dirname "$0")/.."
V=${VEXPLAIN:-$PWD/vexplain}
n=${1:-256} secs=${2:-1}
T=$(mktemp -d /tmp/vx-bench-bisect.XXXXXX)
trap 'rm -rf "$T"' EXIT
export HOME=$T GIT_CONFIG_NOSYSTEM=1
git config --global user.name B; git config --global user.email b@example.org
read -r good bad < <(tests/bisect/make-history.sh "$T/repo" 12345 "$n" $((n * 7 / 10)) 0)
check='test ! -e bug'
now() { date +%s.%N; }
summary() { tail -1 "$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["first_bad"], d["steps"], d["builds"])'; }

bench() { # title build
	local title=$1 build=$2 t0 t1 g first
	rm -rf "$T/git"
	git clone -q "$T/repo" "$T/git"
	t0=$(now)
	(cd "$T/git" && git bisect start "$bad" "$good" >/dev/null &&
		git bisect run sh -c "$build || exit 125; $check" >"$T/git.out" 2>&1)
	t1=$(now)
	g=$(grep -c '^running' "$T/git.out")
	first=$(grep -o '^[0-9a-f]\{40\} is the first bad commit' "$T/git.out" | cut -c1-40)
	echo "$title"
	printf '%-34s %7.2f s  %3d steps              ratio 1.00\n' "git bisect run" "$(echo "$t1 - $t0" | bc)" "$g"
	local base
	base=$(echo "$t1 - $t0" | bc)
	for run in "1" "2" "4" "2 --multisect" "4 --multisect"; do
		"$V" bisect -C "$T/repo" reset >/dev/null 2>&1 || true
		local s e f st bu
		s=$(now)
		# shellcheck disable=SC2086 # $run is the jobs count and a flag
		"$V" bisect -C "$T/repo" "$good..$bad" --jobs $run --build "$build" --test "$check" \
			--json >"$T/vx.out" 2>/dev/null || true
		e=$(now)
		read -r f st bu < <(summary "$T/vx.out")
		printf '%-34s %7.2f s  %3d steps %3d builds  ratio %.2f%s\n' "vexplain bisect --jobs $run" \
			"$(echo "$e - $s" | bc)" "$st" "$bu" "$(echo "($e - $s) / $base" | bc -l)" \
			"$([ "$f" = "$first" ] || echo "  (ANSWER DIFFERS: $f, git $first)")"
	done
}
bench "history: $n commits with merges, build ~$secs s per step" "sleep $secs"
# the builds of the commits that have c<w> but not c<w+32> fail
w=$((n / 2 - 16))
bench "the same with a window of 32 broken builds (commits with c$w but not c$((w + 32)))" \
	"sleep $secs; ! { test -e c$w && ! test -e c$((w + 32)); }"
