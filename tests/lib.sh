# shellcheck shell=bash
# What every tests/t_*.sh needs, sourced once it has changed to the top of
# the repository: the lines tests/run.sh counts (PASS, FAIL, SKIP), the
# vexplain under test ($V) and a private temporary directory ($T), removed
# on exit; and the checks that print them (check, expect_status, expect_json,
# expect_grep, expect_no_grep).
# shellcheck disable=SC2034 # V, skip and check are for the sourcing script
V=${VEXPLAIN:-$PWD/vexplain}
T=$(mktemp -d "${TMPDIR:-/tmp}/vx-${0##*/}.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }
check() { # name, condition-exit-status, why
	if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}

# expect_status NAME WANT CMD...: run CMD, its stdout in $T/out and its
# stderr in $T/err (for the checks that follow); pass when it exits WANT.
expect_status() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then pass "$name"; else
		fail "$name" "exit $rc, want $want; stderr: $(head -c 300 "$T/err")"
	fi
}

# is_json FILE [CODE]: FILE is one or more lines of JSON (blank lines
# aside), and CODE holds: a Python expression that must be true, or
# statements that assert. CODE sees d (the first line's value), ds (every
# line's), lines (FILE's lines) and json. Why it failed is in $T/json.err.
is_json() {
	python3 - "$1" "${2:-True}" >"$T/json.err" 2>&1 <<'PY'
import json, sys, traceback
path, code = sys.argv[1], sys.argv[2]
try:
    lines = open(path, encoding="utf-8").read().splitlines()
    ds = [json.loads(l) for l in lines if l.strip()]
except (OSError, ValueError) as e:
    sys.exit(f"not JSON: {e}")
if not ds:
    sys.exit("no JSON in the file")
env = {"d": ds[0], "ds": ds, "lines": lines, "json": json}
try:
    expr = compile(code, "CODE", "eval")
except SyntaxError:
    expr = None
try:
    if expr is None:
        exec(compile(code, "CODE", "exec"), env)
    elif not eval(expr, env):
        sys.exit("false: " + code.strip())
except Exception as e:
    at = [f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == "CODE"]
    src = code.splitlines()[at[-1] - 1].strip() if at else code.strip()
    sys.exit(f"{type(e).__name__}: {e} at: {src}")
PY
}

# expect_json NAME FILE [CODE]: pass when is_json FILE CODE.
expect_json() {
	if is_json "$2" "$3"; then pass "$1"; else
		fail "$1" "$(tail -c 300 "$T/json.err" | tr '\n' ' ')| $(head -c 300 "$2")"
	fi
}

# expect_grep NAME FILE PATTERN...: pass when every (grep) PATTERN matches
# a line of FILE; expect_no_grep NAME FILE PATTERN: when none does.
expect_grep() {
	local name=$1 file=$2 p
	shift 2
	for p in "$@"; do
		if ! grep -q -e "$p" "$file"; then
			fail "$name" "no line matches '$p' in: $(head -c 300 "$file")"
			return
		fi
	done
	pass "$name"
}
expect_no_grep() {
	if grep -q -e "$3" "$2"; then fail "$1" "'$3' found: $(grep -m1 -e "$3" "$2" | head -c 200)"; else pass "$1"; fi
}
