#!/usr/bin/env python3
"""Leave the clues out: how the program type is inferred on a log whose text
never states it. For each dev log of corpus/public whose meta gives
expect_prog_type, the words the answer's type came from ({prog_type_clue} of
`vexplain -v`: the section, the loader's words, the name, the signature...)
and the words the meta's prog_type_clue quotes are removed from the input
(every occurrence), and vexplain is run again:

  one clue out     the answer after that one removal: right, wrong or null
  every clue out   the same removal repeated on what the new answer names,
                   until the answer is null or comes from no words (the log's
                   evidence: its context loads, the helpers it called)

A right answer is expect_prog_type; null is no type. A wrong type shown to a
user costs more than none: the figure to watch is wrong. "verdict lost"
counts the logs whose verdict line changed with the removal (the clue was
on the verdict's line or in the framing that finds the log): their type is
counted as it came out.

Only dev logs are read (tools/split.py --list dev).

  tools/progtype-ablate.py [-v] [--log NAME] [--rounds N] [--json]"""
import json, os, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split import meta_of, names, part_of, tuned_before  # noqa: E402

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PUBLIC = os.path.join(TOP, "corpus", "public")
VEXPLAIN = os.environ.get("VEXPLAIN", os.path.join(TOP, "vexplain"))
CLUE_VAR = re.compile(r"^\s*\{prog_type_clue\} = (.+)$", re.M)
# what a meta's prog_type_clue quotes: "...", '...', and the words after
# "section" / "probe" / SEC(
META_QUOTED = re.compile(r'"([^"\n]{3,})"|\'([^\'\n]{3,})\'|\b(?:section|probe)\s+([\w./:+-]{3,})|'
                         r'SEC\("([^"]+)"\)')
# what the answer came from when no words are behind it
EVIDENCE = {"access", "helper", "context-access", "return", "evidence"}


def given(v):
    return v is not None and v != "" and v.lower() not in ("none", "unknown", "null", "-")


def run(path, args, verbose=False):
    cmd = [VEXPLAIN] + (["-v"] if verbose else ["--json"]) + args + [path]
    p = subprocess.run(cmd, capture_output=True, timeout=60)
    return p.stdout.decode("utf-8", "replace")


def answer(path, args):
    recs = []
    for line in run(path, args).splitlines():
        try:
            recs.append(json.loads(line))
        except ValueError:
            pass
    rej = [r for r in recs if r.get("verdict") == "rejected"]
    return rej[-1] if rej else (recs[-1] if recs else {})


def clue_texts(path, args):
    """The words every record's type came from (vexplain -v)."""
    return [m.group(1).rstrip() for m in CLUE_VAR.finditer(run(path, args, verbose=True))]


def meta_texts(meta):
    out = []
    for m in META_QUOTED.finditer(meta.get("prog_type_clue", "")):
        t = next(g for g in m.groups() if g)
        out.append(t)
    return out


def remove(text, words):
    """Every occurrence of each word (longest first); the words removed."""
    done = []
    for w in sorted(set(words), key=len, reverse=True):
        w = w.strip()
        if len(w) >= 3 and w in text:
            text = text.replace(w, "")
            done.append(w)
    return text, done


def verdict_of(rec):
    return (rec.get("verdict"), rec.get("message"))


def judge(rec, want):
    t = rec.get("prog_type")
    return "null" if not t else ("right" if t == want else "wrong")


def ablate(name, rounds):
    meta = meta_of(os.path.join(PUBLIC, name + ".meta"))
    want = meta.get("expect_prog_type")
    args = meta.get("vexplain_args", "").split()
    with open(os.path.join(PUBLIC, name + ".log"), encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    res = {"name": name, "want": want}
    with tempfile.TemporaryDirectory(prefix="vx-ablate-") as tmp:
        path = os.path.join(tmp, name + ".log")

        def write(t):
            with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(t)

        write(text)
        rec0 = answer(path, args)
        res["as_is"] = judge(rec0, want)
        res["from0"] = rec0.get("prog_type_from")
        words = clue_texts(path, args) + meta_texts(meta)
        removed = []
        rec = rec0
        for i in range(rounds):
            text, done = remove(text, words)
            removed += done
            if not done and i:
                break
            write(text)
            rec = answer(path, args)
            if i == 0:
                res["one"] = judge(rec, want)
                res["one_got"] = (rec.get("prog_type"), rec.get("prog_type_from"))
                res["one_lost"] = verdict_of(rec) != verdict_of(rec0)
            if not rec.get("prog_type") or rec.get("prog_type_from") in EVIDENCE:
                break
            words = clue_texts(path, args)
        res["every"] = judge(rec, want)
        res["every_got"] = (rec.get("prog_type"), rec.get("prog_type_from"))
        res["every_lost"] = verdict_of(rec) != verdict_of(rec0)
        res["removed"] = removed
    return res


def tally(results, key):
    t = {"right": 0, "wrong": 0, "null": 0, "lost": 0}
    for r in results:
        t[r[key]] += 1
        t["lost"] += r[key + "_lost"]
    return t


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 6
    legacy = tuned_before()
    chosen = [n for n in names(PUBLIC) if part_of(n, legacy) == "dev"]
    if "--log" in args:
        want = args[args.index("--log") + 1]
        if want not in chosen:
            print("progtype-ablate.py: %s is not a dev log" % want, file=sys.stderr)
            return 2
        chosen = [want]
    chosen = [n for n in chosen if given(meta_of(os.path.join(PUBLIC, n + ".meta")).get("expect_prog_type"))]
    results = [ablate(n, rounds) for n in chosen]
    one, every = tally(results, "one"), tally(results, "every")
    as_is = sum(r["as_is"] == "right" for r in results)
    if "--json" in args:
        print(json.dumps({"logs": len(results), "as_is_right": as_is, "one_clue_out": one,
                          "every_clue_out": every}))
    else:
        if verbose:
            for r in results:
                print("%-60s want %-16s one: %-5s %-28s every: %-5s %-28s%s removed %s" % (
                    r["name"], r["want"], r["one"], "%s/%s" % r["one_got"], r["every"],
                    "%s/%s" % r["every_got"], " (verdict lost)" if r["every_lost"] else "",
                    r["removed"]))
        print("leave-clues-out on the dev part of corpus/public: %d logs that tell their type "
              "(%d right as they are)" % (len(results), as_is))
        for label, t in (("one clue out", one), ("every clue out", every)):
            print("  %-15s right %3d  wrong %3d  null %3d   (verdict lost in %d)" % (
                label, t["right"], t["wrong"], t["null"], t["lost"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
