#!/bin/bash
# Runs every test and ends with "N passed, N failed, N skipped".
# Unit tests: $BUILD/tests/unit_* (C). Command tests: tests/t_*.sh.
# Each prints lines "PASS name", "FAIL name: why", "SKIP name: why".
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
export VEXPLAIN=${VEXPLAIN:-$PWD/vexplain}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pass=0 fail=0 skip=0
run_one() { # name, command...
	local name=$1; shift
	local log="$out/${name//\//_}.log"
	"$@" >"$log" 2>&1
	local rc=$?
	local p f s
	p=$(grep -c '^PASS ' "$log"); f=$(grep -c '^FAIL ' "$log"); s=$(grep -c '^SKIP ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name: exited $rc without a FAIL line"; tail -5 "$log" | sed 's/^/    /'
		f=1
	fi
	grep -E '^(FAIL|SKIP) ' "$log"
	[ -n "$VERBOSE" ] && grep '^PASS ' "$log"
	printf '%-28s %4d passed %3d failed %3d skipped\n' "$name" "$p" "$f" "$s"
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
}
# TESTS: names or globs to run (e.g. "unit_* t_cli"); default all
wanted() {
	[ -z "${TESTS:-}" ] && return 0
	local w
	for w in $TESTS; do
		# shellcheck disable=SC2053
		[[ $1 == $w ]] && return 0
	done
	return 1
}
for t in "$BUILD"/tests/unit_*; do
	[ -x "$t" ] && wanted "$(basename "$t")" && run_one "$(basename "$t")" "$t"
done
for t in tests/t_*.sh; do
	[ -f "$t" ] && wanted "$(basename "$t" .sh)" && run_one "$(basename "$t" .sh)" bash "$t"
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
