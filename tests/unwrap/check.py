#!/usr/bin/env python3
"""Reproductions of the wrappers, quoting, truncated pastes and permission
refusals that unwrap must generalise to (tests/unwrap/NAME.log): vexplain
--json on each, compared with NAME.expect (key: value for the last rejected
record, or the only record: verdict, message, category, insn, helper as
name#id). Prints PASS/FAIL lines for tests/run.sh and a count at the end."""
import json, os, subprocess, sys

VEXPLAIN = os.environ.get("VEXPLAIN", "./vexplain")
HERE = os.path.dirname(os.path.abspath(__file__))


def record(log):
    p = subprocess.run([VEXPLAIN, "--json", log], capture_output=True, timeout=60)
    recs = [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]
    rejected = [r for r in recs if r["verdict"] == "rejected"]
    return rejected[-1] if rejected else (recs[-1] if recs else {})


def field(r, k):
    v = r.get(k)
    if k == "helper" and isinstance(v, dict):
        return "%s#%s" % (v.get("name"), v.get("id"))
    return "none" if v is None else str(v)


def main():
    good = total = 0
    for name in sorted(n[:-4] for n in os.listdir(HERE) if n.endswith(".log")):
        want = {}
        for line in open(os.path.join(HERE, name + ".expect")):
            k, v = line.rstrip("\n").split(": ", 1)
            want[k] = v
        r = record(os.path.join(HERE, name + ".log"))
        bad = ["%s %r, want %r" % (k, field(r, k), v) for k, v in want.items() if field(r, k) != v]
        total += 1
        good += not bad
        print("PASS unwrap/%s" % name if not bad else "FAIL unwrap/%s: %s" % (name, "; ".join(bad)))
    print("# %d/%d reproductions right" % (good, total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
