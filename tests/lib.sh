# shellcheck shell=bash
# What every tests/t_*.sh needs, sourced once it has changed to the top of
# the repository: the lines tests/run.sh counts (PASS, FAIL, SKIP), the
# vexplain under test ($V) and a private temporary directory ($T), removed
# on exit.
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
