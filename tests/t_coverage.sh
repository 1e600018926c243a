#!/bin/bash
# tools/coverage.py on a small kernel tree made here: which formats it finds,
# how it classifies them, what the report says; and its database check.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

mkdir -p "$T/ksrc/kernel/bpf"
cat >"$T/ksrc/kernel/bpf/verifier.c" <<'EOF'
static int check_a(struct bpf_verifier_env *env, int regno)
{
	if (regno > 10) {
		verbose(env, "R%d invalid mem access '%s'\n", regno, "scalar");
		return -EACCES;
	}
	verbose(env, "processed %d insns (limit %d) max_states_per_insn %d total_states %d peak_states %d mark_read %d\n",
		1, 2, 3, 4, 5, 6);
	return 0;
}

static int check_b(struct bpf_verifier_env *env, int i)
{
	verbose(env, "R%d type=%s expected=", 1, "x");
	for (i = 0; i < 3; i++)
		verbose(env, "%s, ", "y");
	verbose(env, "%s\n", "z");
	return -EACCES;
}

static int check_c(struct bpf_verifier_env *env)
{
	int err;

	verbose(env, "this message no pattern knows %d"
		     " (split over two literals)\n", 1);
	err = -EINVAL;
	goto out;
out:
	return err;
}

static void verbose_thing(struct bpf_verifier_env *env)
{
	verbose(env, "thing %d is wrong\n", 1);
}

static int check_d(struct bpf_verifier_env *env)
{
	verbose_thing(env);
	return -EINVAL;
}

static int check_e(struct bpf_verifier_env *env, int x)
{
	switch (x) {
	case 1:
		verbose(env, "invalid access to map value, value_size=%d off=%d size=%d\n", 1, 2, 3);
		break;
	default:
		verbose(env, "invalid access to memory, mem_size=%u off=%d size=%d\n", 1, 2, 3);
	}
	return -EACCES;
}

static int check_f(struct bpf_verifier_env *env, int known)
{
	verbose(env, "At program exit the register R%d ", 0);
	if (known)
		verbose(env, "has value %s", "(0x2; 0x0)");
	else
		verbose(env, "has unknown scalar value");
	verbose(env, " should have been in %s\n", "(0x0; 0x1)");
	return -EINVAL;
}
EOF

list=$(python3 tools/coverage.py "$T/ksrc" --list all 2>&1)
kind() { # format-substring -> kind<TAB>status
	printf '%s\n' "$list" | grep -F -- "$1" | head -1 | cut -f2,3
}
expect() { # name, format substring, expected "kind<TAB>status"
	local got
	got=$(kind "$2")
	if [ "$got" = "$3" ]; then pass "$1"; else fail "$1" "got '$got' for '$2'"; fi
}
TAB=$'\t'
expect coverage-reject-covered "invalid mem access" "reject${TAB}covered"
expect coverage-info "processed %d insns" "info${TAB}info-known"
expect coverage-fragments-joined "R%d type=%s expected=%s, %s" "reject${TAB}covered"
expect coverage-literals-joined "no pattern knows %d (split over two literals)" "reject${TAB}uncovered"
expect coverage-helper-callers "thing %d is wrong" "reject${TAB}uncovered"
expect coverage-switch-break "invalid access to map value" "reject${TAB}covered"
expect coverage-if-else-alternative-1 "R%d has value %s should have been in %s" "reject${TAB}covered"
expect coverage-if-else-alternative-2 "R%d has unknown scalar value should have been in %s" "reject${TAB}covered"
expect coverage-switch-default "invalid access to memory" "reject${TAB}covered"

report=$(python3 tools/coverage.py "$T/ksrc")
report_rc=$?
if grep -q '| rejection formats (followed by an error return) | 8 |' <<<"$report" &&
	grep -q '| \*\*rejection coverage\*\* | \*\*75.0%\*\* |' <<<"$report"; then
	pass coverage-report-totals
else
	fail coverage-report-totals "$(grep -E 'rejection (formats|coverage)' <<<"$report" | tr '\n' ' ')"
fi
if grep -q '^- `kernel/bpf/verifier.c:[0-9]*` verbose_thing: `thing %d is wrong`' <<<"$report"; then
	pass coverage-report-uncovered-list
else
	fail coverage-report-uncovered-list "no file:line entry for the uncovered format"
fi
python3 tools/coverage.py "$T/ksrc" --min 100 >/dev/null
rc=$?
if [ "$report_rc" -eq 0 ] && [ "$rc" -eq 1 ]; then
	pass coverage-min-fails
else
	fail coverage-min-fails "exit $report_rc without --min (want 0), $rc with --min 100 (want 1)"
fi

# The database check: the real one passes, a broken copy fails.
if out=$(python3 tools/coverage.py --check 2>&1); then
	pass coverage-check-database
else
	fail coverage-check-database "$(tail -3 <<<"$out" | tr '\n' ' ')"
fi
mkdir -p "$T/pat"
cp patterns/*.pat "$T/pat/"
cat >>"$T/pat/other.pat" <<'EOF'

id: other-shadowed
category: other
match: ^div by zero$
title: shadowed
explain: x
fix: y
example: div by zero
EOF
out=$(python3 tools/coverage.py --check --patterns "$T/pat" 2>&1)
if [ $? -ne 0 ] && grep -q "other-shadowed: example 'div by zero' matched by" <<<"$out"; then
	pass coverage-check-detects-shadowing
else
	fail coverage-check-detects-shadowing "$(tail -2 <<<"$out" | tr '\n' ' ')"
fi
