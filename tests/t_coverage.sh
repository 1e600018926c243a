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
if [ $? -ne 0 ] && grep -q "other-shadowed: example is taken by the earlier entry" <<<"$out"; then
	pass coverage-check-detects-shadowing
else
	fail coverage-check-detects-shadowing "$(tail -2 <<<"$out" | tr '\n' ' ')"
fi

# The answers come from vexplain (PCRE2), not from a parser of its own: a
# pattern only PCRE2 knows (\h) answers, and the format lands in `other`,
# which the report lists and --no-other refuses.
mkdir -p "$T/pat2"
cp patterns/*.pat patterns/categories.tsv "$T/pat2/"
cat >>"$T/pat2/other.pat" <<'EOF'

id: other-test-only
category: other
match: ^this message no pattern knows\h\d+ \(split over two literals\)$
title: a test entry
explain: x
fix: y
example: this message no pattern knows 3 (split over two literals)
EOF
list=$(python3 tools/coverage.py "$T/ksrc" --patterns "$T/pat2" --list all 2>&1)
expect coverage-pcre2-answers "no pattern knows %d (split over two literals)" "reject${TAB}covered"
report=$(python3 tools/coverage.py "$T/ksrc" --patterns "$T/pat2")
if grep -q '| rejection formats answered `other` (see below) | 1 |' <<<"$report" &&
	grep -q '^- `kernel/bpf/verifier.c:[0-9]*` check_c: `this message no pattern knows %d (split over two literals)` (other-test-only)' <<<"$report" &&
	grep -q '^| other | 1 |$' <<<"$report"; then
	pass coverage-report-other
else
	fail coverage-report-other "$(grep -E 'other' <<<"$report" | head -5 | tr '\n' ' ')"
fi
python3 tools/coverage.py "$T/ksrc" --patterns "$T/pat2" --no-other >/dev/null
rc_other=$?
python3 tools/coverage.py "$T/ksrc" --no-other >/dev/null
rc_none=$?
if [ "$rc_other" -eq 1 ] && [ "$rc_none" -eq 0 ]; then
	pass coverage-no-other
else
	fail coverage-no-other "exit $rc_other with an other answer (want 1), $rc_none without (want 0)"
fi
if grep -q '^| scalar-deref | 1 |$' <<<"$report" && grep -q '^| map-value-bounds | 1 |$' <<<"$report"; then
	pass coverage-report-per-category
else
	fail coverage-report-per-category "$(sed -n '/by category/,/^$/p' <<<"$report" | tr '\n' ' ')"
fi
out=$(VEXPLAIN=$T/none python3 tools/coverage.py "$T/ksrc" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && grep -q 'not an executable vexplain' <<<"$out"; then
	pass coverage-needs-vexplain
else
	fail coverage-needs-vexplain "exit $rc: $out"
fi

# patterns match: LINE arguments and - (stdin), text and JSON; exit 1 when a
# line matched nothing.
out=$(printf '%s\n' "R1 invalid mem access 'scalar'" "no such verifier line" |
	$V patterns match --json -)
rc=$?
if [ "$rc" -eq 1 ] && python3 -c '
import json, sys
a = [json.loads(l) for l in sys.stdin]
assert len(a) == 2, a
assert a[0]["id"] == "scalar-mem-access" and a[0]["category"] == "scalar-deref", a[0]
assert a[0]["kind"] == "verdict" and a[0]["captures"]["reg"] == "R1", a[0]
assert a[0]["line"] == "R1 invalid mem access \x27scalar\x27", a[0]
assert a[1]["id"] is None and a[1]["captures"] == {}, a[1]
' <<<"$out"; then
	pass patterns-match-json-stdin
else
	fail patterns-match-json-stdin "exit $rc: $out"
fi
out=$($V patterns match "processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0")
if [ $? -eq 0 ] && [ "$(cut -f2 <<<"$out")" = info ]; then
	pass patterns-match-text
else
	fail patterns-match-text "$out"
fi
$V patterns match --bogus x >/dev/null 2>&1
check patterns-match-bad-option $(($? != 2)) "an unknown option is a usage error (2)"
$V patterns match >/dev/null 2>&1
check patterns-match-no-line $(($? != 2)) "no LINE is a usage error (2)"

# patterns dump --json: every entry, with the fields the C parser read.
dump=$($V patterns dump --json --patterns "$T/pat2")
if [ $? -eq 0 ] && python3 -c '
import json, sys
d = [json.loads(l) for l in sys.stdin]
ids = [e["id"] for e in d]
assert len(ids) == len(set(ids)), "duplicate ids"
t = [e for e in d if e["id"] == "other-test-only"][0]
assert t["category"] == "other" and t["kind"] == "verdict" and t["file"].endswith("other.pat"), t
assert t["explain"] == [{"if": None, "negate": False, "text": "x"}], t
assert t["examples"] == ["this message no pattern knows 3 (split over two literals)"], t
assert any(e["kind"] == "loader" and e["action"] for e in d)
assert any(e["kind"] == "info" for e in d)
assert any(c["if"] for e in d for c in e["category_if"]), "no category[VAR] read"
' <<<"$dump"; then
	pass patterns-dump-json
else
	fail patterns-dump-json "$(head -c 300 <<<"$dump")"
fi
n_list=$($V patterns list | wc -l)
n_dump=$($V patterns dump --json | grep -vc '"kind":"loader"')
check patterns-dump-equals-list $((n_list != n_dump)) "list has $n_list entries, dump $n_dump"
