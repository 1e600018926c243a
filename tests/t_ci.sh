#!/bin/bash
# --format github and --format sarif: GitHub Actions workflow commands and
# SARIF 2.1.0, checked against GitHub's documented command syntax and the
# SARIF 2.1.0 JSON schema (tests/sarif/, with python3-jsonschema), on corpus
# logs and on a real object loaded into this kernel.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

# Debian's python3 has python3-jsonschema (make deps); another python3 first
# on PATH may not.
PY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done

# validate FILE: 0 when it is a valid SARIF 2.1.0 log
validate() {
	"$PY" - "$1" <<'EOF'
import json, sys, jsonschema
schema = json.load(open("tests/sarif/sarif-schema-2.1.0.json"))
jsonschema.validators.validator_for(schema)(schema).validate(json.load(open(sys.argv[1])))
EOF
}

LOGS="examples/aya-cgroup-skb-probe-read.log corpus/logs/nullderef_map.log
corpus/logs/pkt_no_check.log corpus/logs/accepted_xdp.log corpus/logs/truncated_fixed.log
corpus/public/aya-1233-cgroup-skb-probe-read.log"

if [ -z "$PY" ]; then
	skip sarif-schema "no python3 with jsonschema (make deps installs python3-jsonschema)"
else
	# the validator must be able to say no, or the checks below prove nothing
	printf '{"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]}\n' >"$T/bad.sarif"
	! validate "$T/bad.sarif" 2>/dev/null
	check sarif-schema-rejects-invalid $? "a log without tool.driver.name passed the schema"
	for log in $LOGS; do
		name=$(basename "$log" .log)
		"$V" --format sarif "$log" >"$T/$name.sarif"
		rc=$?
		[ $rc -le 3 ] && validate "$T/$name.sarif" 2>"$T/err"
		check "sarif-valid-$name" $? "exit $rc: $(tail -3 "$T/err")"
	done
fi

# Each SARIF result is the JSON record's rejection: rule id = pattern, line =
# source line, one result per rejected or cut program, none for an accepted one.
for log in $LOGS; do
	name=$(basename "$log" .log)
	"$V" --json "$log" >"$T/$name.json"
	"$V" --format sarif "$log" >"$T/$name.sarif"
	python3 - "$T/$name.json" "$T/$name.sarif" <<'EOF' >"$T/err" 2>&1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
sarif = json.load(open(sys.argv[2]))
results = sarif["runs"][0]["results"]
want = [r for r in recs if r["verdict"] in ("rejected", "truncated")]
assert len(results) == len(want), (len(results), len(want))
rules = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
for rec, res in zip(want, results):
    assert res["ruleId"] == (rec["pattern"] or "truncated-log"), res["ruleId"]
    assert rules[res["ruleIndex"]] == res["ruleId"]
    assert res["level"] == ("error" if rec["verdict"] == "rejected" else "warning")
    loc = res["locations"][0]["physicalLocation"]
    if rec["source"] and rec["source"]["file"]:
        assert loc["artifactLocation"]["uri"] == rec["source"]["file"], loc
        assert loc["region"]["startLine"] == rec["source"]["line"], loc
    if rec["message"]:
        assert rec["message"] in res["message"]["text"]
    if rec.get("explanation"):
        assert rec["explanation"] in res["message"]["text"]
EOF
	check "sarif-matches-json-$name" $? "$(tail -3 "$T/err")"
done

# GitHub's workflow command syntax (docs: "Workflow commands for GitHub
# Actions"): ::error|warning|notice [file=F,line=N,title=T]::message on one
# line; %, CR and LF escaped in the message, also : and , in properties.
for log in $LOGS; do
	name=$(basename "$log" .log)
	"$V" --format github "$log" >"$T/$name.gh"
	python3 - "$T/$name.json" "$T/$name.gh" <<'EOF' >"$T/err" 2>&1
import json, re, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
lines = open(sys.argv[2]).read().splitlines()
want = [r for r in recs if r["verdict"] in ("rejected", "truncated")]
assert len(lines) == len(want), (len(lines), len(want))
cmd = re.compile(r"^::(error|warning|notice)(?: ((?:file|line|endLine|col|endColumn|title)=[^,:]*(?:,(?:file|line|endLine|col|endColumn|title)=[^,:]*)*))?::(.*)$")
unescape = lambda s: s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
for rec, line in zip(want, lines):
    m = cmd.match(line)
    assert m, "not a workflow command: %r" % line[:120]
    assert m.group(1) == ("error" if rec["verdict"] == "rejected" else "warning")
    props = dict(p.split("=", 1) for p in m.group(2).split(",")) if m.group(2) else {}
    props = {k: unescape(v) for k, v in props.items()}
    if rec["source"] and rec["source"]["file"]:
        assert props.get("file") == rec["source"]["file"], props
        assert props.get("line") == str(rec["source"]["line"]), props
    assert props.get("title", "").startswith("vexplain: ")
    msg = unescape(m.group(3))
    assert (rec["message"] or "") in msg
    for fix in rec.get("fixes") or []:
        assert fix in msg, fix
EOF
	check "github-syntax-$name" $? "$(tail -3 "$T/err")"
done

"$V" --format nosuch examples/aya-cgroup-skb-probe-read.log >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q -- "--format takes" "$T/err"
check format-unknown $? "exit $rc: $(cat "$T/err")"

# vexplain load --format sarif|github on a real object in this kernel
if ! command -v clang >/dev/null; then
	skip load-ci-formats "clang is not installed (make deps)"
	exit 0
fi
if ! clang -g -O2 -target bpf -I/usr/include/"$(uname -m)"-linux-gnu \
	-c tests/bpf/story_probe_read.bpf.c -o "$T/story.o" 2>"$T/cc.err"; then
	fail load-ci-compile "$(head -3 "$T/cc.err")"
	exit 0
fi
"$V" load "$T/story.o" --json >"$T/load.json" 2>"$T/err"
rc=$?
if [ $rc -eq 4 ] && grep -qiE "operation not permitted|permission" "$T/err"; then
	skip load-ci-formats "bpf() is not permitted here: $(head -1 "$T/err")"
	exit 0
fi
"$V" load "$T/story.o" --format sarif >"$T/load.sarif" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && { [ -z "$PY" ] || validate "$T/load.sarif"; } &&
	python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
r = s["runs"][0]["results"]
assert len(r) == 1 and r[0]["ruleId"] == "helper-prog-type", r
loc = r[0]["locations"][0]["physicalLocation"]
assert loc["region"]["startLine"] > 0, loc
' "$T/load.sarif" 2>"$T/err"
check load-format-sarif $? "exit $rc: $(tail -3 "$T/err")"
"$V" load "$T/story.o" --format github >"$T/load.gh" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -qE '^::error file=[^,]*story_probe_read\.bpf\.c,line=[0-9]+,title=vexplain%3A ' "$T/load.gh"
check load-format-github $? "exit $rc: $(head -c 300 "$T/load.gh") $(cat "$T/err")"

# many programs: a summary table after the explanations, one row each
if clang -g -O2 -target bpf -I/usr/include/"$(uname -m)"-linux-gnu \
	-c tests/bpf/probe_read_kernel.bpf.c -o "$T/prk.o" 2>"$T/cc.err"; then
	"$V" load "$T/prk.o" >"$T/out" 2>"$T/err"
	rc=$?
	names=$(grep -oE '^[a-z_]+ +cgroup_skb +(accepted|rejected)' "$T/out" | awk '{print $1}' | tr '\n' ' ')
	[ $rc -le 1 ] && grep -qE '^program +type +verdict +category +message$' "$T/out" && [ "$names" = "prk_egress prk_rewrite " ]
	check load-summary-table $? "exit $rc, rows: $names; $(tail -4 "$T/out")"
	"$V" load "$T/prk.o" --prog prk_egress >"$T/out" 2>&1
	! grep -qE '^program +type +verdict' "$T/out"
	check load-one-program-no-table $? "$(tail -3 "$T/out")"
else
	fail load-summary-compile "$(head -3 "$T/cc.err")"
fi
