#!/bin/bash
# bench-bisect.sh [COMMITS] [BUILD_SECONDS]: wall time of `vexplain bisect`
# (--jobs 1 and --jobs 2) against `git bisect run` on the same generated
# history (merges included), where every build takes about BUILD_SECONDS.
# Not a test: it prints the figures and the ratios (called by `make bench`).
set -e
cd "$(dirname "$0")/.."
V=${VEXPLAIN:-$PWD/vexplain}
n=${1:-200} secs=${2:-1}
T=$(mktemp -d /tmp/vx-bench-bisect.XXXXXX)
trap 'rm -rf "$T"' EXIT
export HOME=$T GIT_CONFIG_NOSYSTEM=1
git config --global user.name B; git config --global user.email b@example.org
read -r good bad < <(tests/bisect/make-history.sh "$T/repo" 12345 "$n" $((n * 7 / 10)) 0)
build="sleep $secs"
check='test ! -e bug'
now() { date +%s.%N; }

git clone -q "$T/repo" "$T/git"
t0=$(now)
(cd "$T/git" && git bisect start "$bad" "$good" >/dev/null &&
	git bisect run sh -c "$build; $check" >"$T/git.out" 2>&1)
t1=$(now)
gsteps=$(grep -c '^running' "$T/git.out")

run_vx() { # jobs
	"$V" bisect -C "$T/repo" reset >/dev/null 2>&1 || true
	local s e
	s=$(now)
	"$V" bisect -C "$T/repo" "$good..$bad" --jobs "$1" --build "$build" --test "$check" --json \
		>"$T/vx$1.out" 2>/dev/null || true
	e=$(now)
	echo "$s $e"
}
read -r a1 b1 < <(run_vx 1)
read -r a2 b2 < <(run_vx 2)
steps1=$(tail -1 "$T/vx1.out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["steps"], d["builds"])')
steps2=$(tail -1 "$T/vx2.out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["steps"], d["builds"])')
python3 - "$t0" "$t1" "$a1" "$b1" "$a2" "$b2" "$gsteps" "$steps1" "$steps2" "$n" "$secs" <<'PY'
import sys
t0, t1, a1, b1, a2, b2 = map(float, sys.argv[1:7])
g, s1, s2, n, secs = sys.argv[7:12]
git, j1, j2 = t1 - t0, b1 - a1, b2 - a2
print(f"history: {n} commits with merges, build ~{secs} s per step")
print(f"git bisect run         {git:7.2f} s  ({g} steps)")
print(f"vexplain bisect -j1    {j1:7.2f} s  (steps, builds: {s1})  ratio to git {j1 / git:.2f}")
print(f"vexplain bisect -j2    {j2:7.2f} s  (steps, builds: {s2})  ratio to git {j2 / git:.2f}")
PY
