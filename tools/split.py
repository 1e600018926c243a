#!/usr/bin/env python3
"""Which part of corpus/public a log belongs to: `dev` (patterns and unwrapping are
tuned on it) or `test` (only measured, by `make accuracy`).

  tools/split.py NAME...      prints "NAME dev|test" for each
  tools/split.py --list dev   prints the names of one part (from corpus/public)

The rule was fixed on 2026-12-03 before any new log was collected, so nobody chose
where a log went: the logs that existed then (tuned-before-split.txt) are dev; every
later log is test when the first byte of sha256(SALT + name) is below 128 (one half),
dev otherwise. Changing SALT or the rule would move logs someone has already looked
at; don't."""
import hashlib, os, sys

SALT = "vexplain-split-2026-12-03/"
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "public")


def tuned_before():
    try:
        with open(os.path.join(HERE, "tuned-before-split.txt")) as f:
            return {l.strip() for l in f if l.strip()}
    except FileNotFoundError:
        return set()


def meta_of(path):
    """A .meta file's key: value lines (the first of a repeated key wins); {}
    when there is none."""
    meta = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if ":" in line:
                    k, v = line.split(":", 1)
                    meta.setdefault(k.strip(), v.strip())
    except FileNotFoundError:
        pass
    return meta


def part_of(name, legacy=None):
    if name in (tuned_before() if legacy is None else legacy):
        return "dev"
    return "test" if hashlib.sha256((SALT + name).encode()).digest()[0] < 128 else "dev"


def names(directory=HERE):
    return sorted(n[:-4] for n in os.listdir(directory) if n.endswith(".log"))


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--list" and args[1] in ("dev", "test"):
        legacy = tuned_before()
        for n in names():
            if part_of(n, legacy) == args[1]:
                print(n)
        return 0
    if not args or args[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for n in args:
        n = os.path.basename(n)
        n = n[:-4] if n.endswith((".log", ".meta")) else n
        print(n, part_of(n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
