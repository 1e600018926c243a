#!/usr/bin/env python3
"""The corpus runner: vexplain --json on every corpus log, compared field by
field with its expected records (NAME.json, JSON Lines) and with the category
and verdict line its NAME.meta states (written by whoever captured the log).

  tools/corpus-check.py [--write] [DIR...]

Prints PASS/FAIL/SKIP lines for tests/run.sh. --write (re)creates NAME.json
from vexplain's current output where the output agrees with NAME.meta, so a
reviewer sees the change in `git diff` before committing it."""
import json, os, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split import meta_of, part_of  # noqa: E402  corpus/public's held-out test part is make accuracy's

KEYS = ["verdict", "message", "category", "pattern", "insn", "register", "helper",
        "prog_type", "prog_type_from", "source", "loader"]
VEXPLAIN = os.environ.get("VEXPLAIN", "./vexplain")


def run(log, meta):
    args = [VEXPLAIN, "--json"]
    if meta.get("vexplain_args"):
        args += meta["vexplain_args"].split()
    for attempt in range(10):  # a concurrent `make` may be replacing the binary
        try:
            p = subprocess.run(args + [log], capture_output=True, timeout=60)
            break
        except (PermissionError, FileNotFoundError):
            if attempt == 9:
                raise
            time.sleep(1)
    recs = [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]
    return p.returncode, recs


def agrees_with_meta(recs, meta):
    """The independent oracle: the category and verdict the capturer wrote down."""
    want_cat = meta.get("expect_category")
    rejected = [r for r in recs if r["verdict"] == "rejected"]
    want_verdict = meta.get("verdict", "")
    if want_cat == "none":
        return "rejected: %s" % rejected[-1]["message"] if rejected else None
    if want_cat == "truncated-log" or want_verdict.startswith("(none"):
        if rejected and want_cat != "truncated-log":
            return "meta says no verdict, vexplain found: %s" % rejected[-1]["message"]
        if want_cat == "truncated-log" and rejected and rejected[-1]["category"] != "truncated-log":
            return "meta says truncated-log, vexplain says %s (%s)" % (rejected[-1]["category"], rejected[-1]["message"])
        return None
    if not rejected:
        return "no rejection found (records: %s)" % [r["verdict"] for r in recs]
    last = rejected[-1]
    if want_cat and last["category"] != want_cat:
        return "category %s, meta says %s (message: %s)" % (last["category"], want_cat, last["message"])
    # libbpf's own lines are kept without their "libbpf: prog 'x': " prefix
    if want_verdict and not want_verdict.startswith("(") and not want_verdict.endswith(last["message"]):
        return "message %r, meta says %r" % (last["message"], want_verdict)
    return None


def untuned():
    """corpus/public/untuned.txt: dev logs collected but not yet tuned for, whose
    misses are reported as SKIP until they pass (then the name must go)."""
    try:
        with open(os.path.join("corpus", "public", "untuned.txt")) as f:
            return {l.strip() for l in f if l.strip() and not l.startswith("#")}
    except FileNotFoundError:
        return set()


def main():
    write = "--write" in sys.argv
    pending = untuned()
    dirs = [a for a in sys.argv[1:] if not a.startswith("--")] or ["corpus/logs", "corpus/public", "corpus/vm"]
    failed = 0
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(".log"):
                continue
            base = os.path.join(d, name[:-4])
            label = "corpus %s" % base
            if os.path.basename(os.path.normpath(d)) == "public" and part_of(name[:-4]) == "test":
                continue  # held out: only tools/accuracy.py reads it, and nothing is tuned on it
            meta = meta_of(base + ".meta")
            try:
                rc, recs = run(base + ".log", meta)
            except subprocess.TimeoutExpired:
                print("FAIL %s: vexplain took over 60 s" % label); failed += 1; continue
            if rc >= 4 or rc < 0:
                print("FAIL %s: vexplain exited %d" % (label, rc)); failed += 1; continue
            problem = agrees_with_meta(recs, meta)
            if write:
                if problem:
                    print("SKIP %s: not written: %s" % (label, problem))
                else:
                    with open(base + ".json", "w") as f:
                        for r in recs:
                            f.write(json.dumps({k: r.get(k) for k in KEYS}) + "\n")
                continue
            if problem and name[:-4] in pending:
                print("SKIP %s: not yet tuned (corpus/public/untuned.txt): %s" % (label, problem)); continue
            if name[:-4] in pending:
                print("FAIL %s: passes now: remove it from corpus/public/untuned.txt" % label); failed += 1; continue
            if problem:
                print("FAIL %s: %s" % (label, problem)); failed += 1; continue
            if not os.path.exists(base + ".json"):
                print("FAIL %s: no expected record %s.json (tools/corpus-check.py --write)" % (label, base)); failed += 1; continue
            want = [json.loads(l) for l in open(base + ".json") if l.strip()]
            diffs = []
            if len(want) != len(recs):
                diffs.append("%d records, want %d" % (len(recs), len(want)))
            for i, (w, g) in enumerate(zip(want, recs)):
                for k in KEYS:
                    if w.get(k) != g.get(k):
                        diffs.append("record %d %s: got %r, want %r" % (i, k, g.get(k), w.get(k)))
                if g["verdict"] == "rejected" and (not g.get("explanation") or not g.get("fixes")):
                    diffs.append("record %d: no explanation or fixes" % i)
            if diffs:
                print("FAIL %s: %s" % (label, "; ".join(diffs[:4]))); failed += 1
            else:
                print("PASS %s" % label)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
