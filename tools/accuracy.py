#!/usr/bin/env python3
"""How often vexplain is right on real public logs: vexplain --json on each log of
corpus/public, compared with the fields its collector wrote in NAME.meta (see
corpus/public/README.md). Prints, for one part of the split (tools/split.py):

  verdict line exact   message == meta verdict (or no rejection where the meta has none)
  category             category == expect_category (truncated-log: verdict "truncated" or "no-log")
  failing instruction  insn == expect_insn           (logs whose meta gives one)
  helper               helper name#id == expect_helper (logs about a helper)
  program type         prog_type == expect_prog_type (logs whose text tells the type)
  source line          source.text == expect_source  (logs with source annotations)

  tools/accuracy.py [--part test|dev|all] [--collected DATE] [--batch NAME] [--failures] [--json] [--check]

--collected DATE counts only the logs whose meta says `collected: DATE` (a batch
gathered that day: its test logs were never measured before, so its figure is the
one nobody could have tuned for). --batch NAME counts the logs whose meta says
`batch: NAME`, for a day with more than one batch. --failures lists each miss, and is refused on the
test part: reading its misses turns them into tuning data. --check exits 1 when a
figure is below issue 10's floor."""
import json, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split import meta_of, part_of, names, tuned_before  # noqa: E402

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PUBLIC = os.path.join(TOP, "corpus", "public")
VEXPLAIN = os.environ.get("VEXPLAIN", os.path.join(TOP, "vexplain"))
FLOOR = {"verdict": 98.0, "category": 95.0, "prog_type": 90.0, "insn": 95.0}
LABEL = [("verdict", "verdict line exact"), ("category", "category"),
         ("insn", "failing instruction"), ("helper", "helper"),
         ("prog_type", "program type"), ("source", "source line")]


def given(v):
    return v is not None and v != "" and v.lower() not in ("none", "unknown", "null", "-")


def answer(log, meta):
    args = [VEXPLAIN, "--json"] + meta.get("vexplain_args", "").split()
    p = subprocess.run(args + [log], capture_output=True, timeout=60)
    recs = []
    for l in p.stdout.decode("utf-8", "replace").splitlines():
        try:
            recs.append(json.loads(l))
        except ValueError:
            pass
    rejected = [r for r in recs if r.get("verdict") == "rejected"]
    return rejected[-1] if rejected else (recs[-1] if recs else {})


def judge(rec, meta, legacy=False):
    """Each field: True (right), False (wrong), None (not asked of this log).
    legacy: a log from before these fields, whose verdict: may keep libbpf's
    "libbpf: prog 'x': " prefix (corpus-check.py's reading of it)."""
    out = {}
    want_verdict = meta.get("verdict", "")
    want_cat = meta.get("expect_category", "")
    rejected = rec.get("verdict") == "rejected"
    if want_verdict.startswith("(none") or want_cat in ("none", "truncated-log"):
        out["verdict"] = not rejected or (want_cat == "truncated-log" and rec.get("category") == "truncated-log")
    else:
        msg = rec.get("message") or ""
        out["verdict"] = rejected and (msg == want_verdict or (legacy and msg and want_verdict.endswith(msg)))
    if want_cat == "truncated-log":
        # the paste holds no verdict (README: "truncated-log when the paste has
        # no verdict"): the record's two no-verdict answers, truncated (a log
        # cut before its verdict) and no-log (no log at all: an empty one)
        out["category"] = rec.get("verdict") in ("truncated", "no-log") or rec.get("category") == "truncated-log"
    elif want_cat == "none":
        out["category"] = rec.get("verdict") == "accepted"
    else:
        out["category"] = rejected and rec.get("category") == want_cat
    want = meta.get("expect_insn")
    out["insn"] = (str(rec.get("insn")) == want) if given(want) else None
    want = meta.get("expect_helper")
    h = rec.get("helper") or {}
    out["helper"] = ("%s#%s" % (h.get("name"), h.get("id")) == want) if given(want) else None
    want = meta.get("expect_prog_type")
    out["prog_type"] = (rec.get("prog_type") == want) if given(want) else None
    want = meta.get("expect_source")
    src = rec.get("source") or {}
    out["source"] = ((src.get("text") or "").strip() == want.strip()) if given(want) else None
    return out


def main():
    args = sys.argv[1:]
    part = "test"
    if "--part" in args:
        part = args[args.index("--part") + 1]
    if part not in ("test", "dev", "all"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if "--failures" in args and part != "dev":
        print("accuracy.py: --failures lists misses of the dev part only (--part dev)", file=sys.stderr)
        return 2
    legacy = tuned_before()
    chosen = [n for n in names(PUBLIC) if part == "all" or part_of(n, legacy) == part]
    batch, batch_key = None, None
    for flag, key in (("--collected", "collected"), ("--batch", "batch")):
        # several batches can be collected on one day: `batch:` names one
        if flag in args:
            batch, batch_key = args[args.index(flag) + 1], key
            chosen = [n for n in chosen if meta_of(os.path.join(PUBLIC, n + ".meta")).get(key) == batch]
    # logs from before the accuracy fields carry no expect_insn etc.: only the fields they have count
    tally = {k: [0, 0] for k, _ in LABEL}
    misses = []
    for n in chosen:
        meta = meta_of(os.path.join(PUBLIC, n + ".meta"))
        try:
            rec = answer(os.path.join(PUBLIC, n + ".log"), meta)
        except subprocess.TimeoutExpired:
            rec = {}
        for k, ok in judge(rec, meta, n in legacy).items():
            if ok is None:
                continue
            tally[k][1] += 1
            tally[k][0] += bool(ok)
            if not ok:
                misses.append((n, k, rec))
    if "--json" in args:
        print(json.dumps({"part": part, "collected": batch, "logs": len(chosen),
                          "fields": {k: {"right": r, "asked": a} for k, (r, a) in tally.items()}}))
    else:
        print("accuracy on the %s part of corpus/public%s: %d logs" % (
            part, " (%s %s)" % (batch_key, batch) if batch else "", len(chosen)))
        for k, label in LABEL:
            r, a = tally[k]
            pct = 100.0 * r / a if a else 0.0
            floor = " (floor %g%%%s)" % (FLOOR[k], "" if pct >= FLOOR[k] else ": BELOW") if k in FLOOR and a else ""
            print("  %-20s %4d / %-4d %6.1f%%%s" % (label, r, a, pct, floor))
    if "--failures" in args:
        for n, k, rec in misses:
            print("MISS %s %s: got message=%r category=%r insn=%r prog_type=%r helper=%r" % (
                n, k, rec.get("message"), rec.get("category"), rec.get("insn"), rec.get("prog_type"), rec.get("helper")))
    if "--check" in args:
        for k, floor in FLOOR.items():
            r, a = tally[k]
            if a and 100.0 * r / a < floor:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
