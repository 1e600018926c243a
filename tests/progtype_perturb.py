#!/usr/bin/env python3
"""The program type survives the ways users' pastes differ. Each dev log of
corpus/public whose meta gives expect_prog_type, and that vexplain answers
right as it is, is perturbed as pastes differ and must give the same type:

  prefix-*   a per-line prefix: a timestamp, journald, docker compose,
             kubectl logs --prefix, klog, a fixed loader tag
  json       the paste as one JSON string value ({"msg":"...\\n..."})
  logfmt     the paste as one logfmt value (level=error msg="...\\n...")
  quote      a Markdown quote ("> " before every line)
  indent     four blanks / a tab before every line
  moved      the line that tells the type (found by deleting lines one at a
             time: without it the type is lost, the verdict is not) moved to
             the other side of the log
  in-prefix  that line's words as the per-line prefix of every line
  pair-*     two pastes one after the other (another dev log of another
             type): each answer keeps its own type
  cut        the paste's first line cut in the middle (its end lost, or its
             first third: cut-head): the type is the same or none (null),
             never another
  crlf, ansi, details, gotest, rust-debug, wrap
             CRLF line ends, colour, a <details> block, Go test output's
             "file_test.go:N: ", the paste as a Rust Debug string, long lines
             wrapped at 76 columns (a mail, a terminal)

A perturbed paste that loses its type with its verdict is counted apart
(SKIP verdict-lost: the verdict stage's question), as are two pastes the pipeline
reads as one program's or whose second takes the first's name. Only dev
logs are read (tools/split.py --list dev). Prints PASS/FAIL lines per
perturbation class (tests/run.sh counts them); -v lists each miss.

  tests/progtype_perturb.py [-v] [--only CLASS] [--log NAME]"""
import json, os, re, subprocess, sys

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(TOP, "tools"))
from split import meta_of, names, part_of, tuned_before  # noqa: E402

PUBLIC = os.path.join(TOP, "corpus", "public")
VEXPLAIN = os.environ.get("VEXPLAIN", os.path.join(TOP, "vexplain"))
# a verifier line's shape: never a clue line to move
LOGLINE = re.compile(r"^\s*(\d+: \(|\d+: R\d|R\d+[=_ ]|; |processed \d+ insns|from \d+ to \d+|"
                     r"mark_precise|func#\d|last_idx|regs=|parent didn't|\d+: safe|"
                     r"propagating|frame\d|caller:|callee:|stack depth|verification time)")


def given(v):
    return v is not None and v != "" and v.lower() not in ("none", "unknown", "null", "-")


def run(text, args):
    p = subprocess.run([VEXPLAIN, "--json"] + args, input=text.encode("utf-8", "surrogateescape"),
                       capture_output=True, timeout=60)
    recs = []
    for l in p.stdout.decode("utf-8", "replace").splitlines():
        try:
            recs.append(json.loads(l))
        except ValueError:
            pass
    return recs


def last(recs):
    rej = [r for r in recs if r.get("verdict") == "rejected"]
    return (rej or recs or [{}])[-1]


def first(recs):
    rej = [r for r in recs if r.get("verdict") == "rejected"]
    return (rej or recs or [{}])[0]


def esc(lines):
    return json.dumps("\n".join(lines))[1:-1]


PREFIXES = {
    "prefix-ts": lambda i: "2024-05-01T10:20:%02d.%06dZ " % (i % 60, 1000 + 7 * i),
    "prefix-journald": lambda i: "May 01 10:20:%02d node-1 agent[4242]: " % (i % 60),
    "prefix-compose": lambda i: "agent-1  | ",
    "prefix-kubectl": lambda i: "[pod/agent-7d9f4/agent] ",
    "prefix-klog": lambda i: "E0501 10:20:%02d.%06d    4242 loader.go:%d] " % (i % 60, 1000 + 7 * i, 40 + i % 9),
    "prefix-tag": lambda i: "loader[42]: ",
}


def wrap(line, width):
    """A mail client's or a terminal's wrapping: at the last blank before
    the width, else at the width."""
    out = []
    while len(line) > width:
        cut = line.rfind(" ", 1, width)
        cut = cut if cut > 0 else width
        out.append(line[:cut])
        line = line[cut:].lstrip(" ")
    return out + [line]


def perturbations(lines):
    """(class, text, how the answer is judged: 'same' or 'same-or-null')"""
    for cls, f in PREFIXES.items():
        yield cls, "".join(f(i) + l + "\n" for i, l in enumerate(lines)), "same"
    yield "json", '{"level":"error","ts":"2024-05-01T10:20:30Z","msg":"%s"}\n' % esc(lines), "same"
    yield "logfmt", 'time="2024-05-01T10:20:30Z" level=error msg="%s"\n' % esc(lines), "same"
    yield "quote", "".join("> " + l + "\n" for l in lines), "same"
    yield "indent", "".join("    " + l + "\n" for l in lines), "same"
    yield "indent-tab", "".join("\t" + l + "\n" for l in lines), "same"
    yield "crlf", "".join(l + "\r\n" for l in lines), "same"
    yield "ansi", "".join("\x1b[31m" + l + "\x1b[0m\n" for l in lines), "same"
    yield "details", "<details>\n<summary>log</summary>\n\n```\n" + "".join(l + "\n" for l in lines) + "```\n</details>\n", "same"
    yield "gotest", "".join("    loader_test.go:%d: " % (40 + i % 7) + l + "\n" for i, l in enumerate(lines)), "same"
    yield "rust-debug", 'Error: Load(%s)\n' % json.dumps("\n".join(lines)), "same"
    yield "wrap", "".join(w + "\n" for l in lines for w in wrap(l, 76)), "same"
    nonblank = [i for i, l in enumerate(lines) if l.strip()]
    if nonblank and not LOGLINE.match(lines[nonblank[0]]):
        i = nonblank[0]
        cut = lines[:i] + [lines[i][: max(1, len(lines[i]) // 2)]] + lines[i + 1:]
        yield "cut", "".join(l + "\n" for l in cut), "same-or-null"
        cut = lines[:i] + [lines[i][len(lines[i]) // 3:]] + lines[i + 1:]
        yield "cut-head", "".join(l + "\n" for l in cut), "same-or-null"


def clue_line(lines, args, want, message):
    """The one line whose deletion loses the type and keeps the verdict."""
    cands = [i for i, l in enumerate(lines) if l.strip() and not LOGLINE.match(l)]
    if len(cands) > 40:
        return None
    for i in cands:
        rec = last(run("".join(l + "\n" for j, l in enumerate(lines) if j != i), args))
        if rec.get("prog_type") != want and rec.get("message") == message:
            return i
    return None


def log_span(lines):
    idx = [i for i, l in enumerate(lines) if LOGLINE.match(l)]
    return (idx[0], idx[-1]) if idx else None


def moved(lines, i):
    span = log_span(lines)
    if not span:
        return None
    rest = lines[:i] + lines[i + 1:]
    if i < span[0]:
        return rest + [lines[i]]
    if i > span[1]:
        return [lines[i]] + rest
    return None


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    only = args[args.index("--only") + 1] if "--only" in args else None
    one = args[args.index("--log") + 1] if "--log" in args else None
    legacy = tuned_before()
    # as tools/corpus-check.py does: a dev log not yet tuned for
    # (corpus/public/untuned.txt) is reported, not held to the answer
    with open(os.path.join(PUBLIC, "untuned.txt")) as f:
        pending = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    logs = []
    for n in names(PUBLIC):
        if part_of(n, legacy) != "dev" or n in pending or (one and n != one):
            continue
        meta = meta_of(os.path.join(PUBLIC, n + ".meta"))
        want = meta.get("expect_prog_type")
        if not given(want):
            continue
        with open(os.path.join(PUBLIC, n + ".log"), encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
        a = meta.get("vexplain_args", "").split()
        base = last(run(text, a))
        if base.get("prog_type") != want:
            continue  # not answered right as it is: the accuracy figure says so
        logs.append((n, text.splitlines(), a, want, base))
    tally = {}

    lost_verdict = []

    def judge(cls, name, got, want, how):
        ok = got == want or (how == "same-or-null" and got is None)
        t = tally.setdefault(cls, [0, 0, []])
        t[1] += 1
        t[0] += ok
        if not ok:
            t[2].append("%s: got %s, want %s" % (name, got, want))

    for n, lines, a, want, base in logs:
        for cls, text, how in perturbations(lines):
            if only and cls != only:
                continue
            rec = last(run(text, a))
            if (how != "same-or-null" and rec.get("prog_type") != want and
                    rec.get("message") != base.get("message")):
                # the type lost with the verdict (a Markdown quote inside a
                # JSON string, a summary wrapped in two): the verdict
                # stage's question, counted apart
                lost_verdict.append("%s %s" % (cls, n))
                continue
            judge(cls, n, rec.get("prog_type"), want, how)
        if only not in (None, "moved", "in-prefix"):
            continue
        i = clue_line(lines, a, want, base.get("message"))
        if i is None:
            continue
        m = moved(lines, i)
        if m and only in (None, "moved"):
            judge("moved", n, last(run("".join(l + "\n" for l in m), a)).get("prog_type"), want, "same")
        words = lines[i].strip()
        rest = [l for j, l in enumerate(lines) if j != i]
        # a logger's record (msg="...") is no per-line prefix of its own
        if only in (None, "in-prefix") and 0 < len(words) <= 120 and not re.search(r'\w="', words) and sum(1 for l in rest if l.strip()) >= 2:
            text = "".join(words + ": " + l + "\n" for l in rest)
            judge("in-prefix", n, last(run(text, a)).get("prog_type"), want, "same")
    # two programs: each answer keeps its own type
    merged, handover = [], []
    counts = {}

    def answers(lines, a):
        key = id(lines)
        if key not in counts:
            counts[key] = len(run("".join(l + "\n" for l in lines), a))
        return counts[key]

    if only in (None, "pair"):
        by_type = {}
        for entry in logs:
            by_type.setdefault(entry[3], []).append(entry)
        types = sorted(by_type)
        for k, (n, lines, a, want, base) in enumerate(logs):
            if a:
                continue
            others = [e for t in types if t != want for e in by_type[t] if not e[2]]
            if not others:
                continue
            o = others[k % len(others)]
            text = "".join(l + "\n" for l in lines) + "\n" + "".join(l + "\n" for l in o[1])
            recs = run(text, [])
            pair = "%s+%s" % (n, o[0])
            if len(recs) != answers(lines, a) + answers(o[1], o[2]):
                # the two pastes read as one program's (a loader's statement
                # before the second log taken as its verdict): the verdict
                # stage's question, counted apart
                merged.append(pair)
                continue
            if base.get("verdict") == "rejected":
                judge("pair-first", pair, first(recs).get("prog_type"), want, "same")
            a_text, b_text = "\n".join(lines), "\n".join(o[1])
            handed = [last(recs).get(k) for k in ("prog_name", "section")]
            if any(v and v in a_text and v not in b_text for v in handed):
                # the first paste's name or section, printed after its log
                # (old libbpf's "failed to load program 'x'", bpftrace's
                # "Error loading program: kfunc:x"), went to the second
                # program: the pipeline's question, counted apart
                handover.append(pair)
                continue
            judge("pair-last", pair, last(recs).get("prog_type"), o[3], "same")
    if merged:
        print("SKIP progtype-perturb pair-apart: %d pairs read as one program's log%s" % (
            len(merged), ": " + "; ".join(merged) if verbose else ""))
    if lost_verdict:
        print("SKIP progtype-perturb verdict-lost: %d perturbed logs lose their verdict%s" % (
            len(lost_verdict), ": " + "; ".join(lost_verdict) if verbose else ""))
    if handover:
        print("SKIP progtype-perturb pair-names: %d pairs give the second program the first's name%s" % (
            len(handover), ": " + "; ".join(handover) if verbose else ""))
    failed = 0
    for cls in sorted(tally):
        ok, asked, misses = tally[cls]
        if ok == asked:
            print("PASS progtype-perturb %s (%d logs)" % (cls, asked))
        else:
            failed += 1
            print("FAIL progtype-perturb %s: %d of %d keep the type; %s" % (
                cls, ok, asked, "; ".join(misses if verbose else misses[:3])))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
