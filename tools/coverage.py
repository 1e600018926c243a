#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Coverage of the kernel's verifier messages by the pattern database.

    tools/coverage.py KSRC [--patterns DIR] [--out FILE] [--list] [--check]

Extracts every format string that the verifier and the code around it write
into the verifier log (verbose(), bpf_log(), btf_verifier_log*(),
bpf_verifier_log_write(), verbose_linfo(), and functions that pass a format
through to them), tells rejections (the message is followed by an error
return) from informational lines, turns each rejection format into a sample
line and asks vexplain which entry of the pattern database answers it
(`vexplain patterns match --json -`: files in name order, entries in file
order, first match wins), so the database has one parser, vexplain's own.

--check runs `vexplain patterns check` on the database (every example
matches its own entry and no earlier one). --no-other fails (exit 1) when a
rejection format is answered by a pattern of category `other`.

Standard library only; needs a built vexplain (--vexplain, $VEXPLAIN, or
the one at the top of the repository).
"""

import argparse
import json
import os
import re
import subprocess
import sys

# ---------------------------------------------------------------------------
# Lexing C just well enough: strings, chars, identifiers, numbers, punctuation.
# Comments and preprocessor lines are dropped (both sides of an #ifdef are
# kept, which is what we want: both messages exist in some build).

TOKEN_RE = re.compile(r'''
    (?P<ws>[ \t\r\f\v]+)
  | (?P<nl>\n)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<str>L?"(?:\\.|[^"\\\n])*")
  | (?P<chr>'(?:\\.|[^'\\\n])+')
  | (?P<id>[A-Za-z_]\w*)
  | (?P<num>\.?\d(?:[eEpP][+-]|[\w.])*)
  | (?P<punct>->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^!=<>]=|\.\.\.|\#\#|[^\s])
''', re.S | re.X)


class Tok:
    __slots__ = ('kind', 'text', 'line')

    def __init__(self, kind, text, line):
        self.kind, self.text, self.line = kind, text, line

    def __repr__(self):
        return '%s:%r@%d' % (self.kind, self.text, self.line)


def strip_preprocessor(src):
    """Blank out preprocessor lines (with their continuations), keeping
    line numbers. #define bodies are kept aside: some define log macros."""
    out = []
    defines = []
    lines = src.split('\n')
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith('#'):
            block = [line]
            while line.endswith('\\') and i + 1 < len(lines):
                i += 1
                line = lines[i]
                block.append(line)
            defines.append((i - len(block) + 2, '\n'.join(block)))
            out.extend([''] * len(block))
        else:
            out.append(line)
        i += 1
    return '\n'.join(out), defines


def lex(src):
    toks = []
    line = 1
    pos = 0
    n = len(src)
    while pos < n:
        m = TOKEN_RE.match(src, pos)
        if not m:
            pos += 1
            continue
        kind = m.lastgroup
        text = m.group()
        if kind == 'nl':
            line += 1
        elif kind == 'comment':
            line += text.count('\n')
        elif kind != 'ws':
            toks.append(Tok(kind, text, line))
        pos = m.end()
    return toks


def unescape_c(s):
    """Body of a C string literal (without quotes) -> text."""
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c != '\\':
            out.append(c)
            i += 1
            continue
        i += 1
        e = s[i] if i < len(s) else ''
        simple = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '"': '"',
                  "'": "'", 'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v', '0': '\0'}
        if e == 'x':
            j = i + 1
            while j < len(s) and s[j] in '0123456789abcdefABCDEF':
                j += 1
            out.append(chr(int(s[i + 1:j] or '0', 16)))
            i = j
        elif e.isdigit():
            j = i
            while j < len(s) and j < i + 3 and s[j] in '01234567':
                j += 1
            out.append(chr(int(s[i:j], 8)))
            i = j
        else:
            out.append(simple.get(e, e))
            i += 1
    return ''.join(out)


def match_close(toks, i):
    """toks[i] is an opening bracket: index of its partner."""
    pairs = {'(': ')', '[': ']', '{': '}'}
    opener = toks[i].text
    closer = pairs[opener]
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j].text
        if toks[j].kind != 'punct':
            continue
        if t == opener:
            depth += 1
        elif t == closer:
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def split_args(toks, lp, rp):
    """Arguments of a call whose parentheses are at lp..rp: token slices."""
    args = []
    cur = []
    depth = 0
    for t in toks[lp + 1:rp]:
        if t.kind == 'punct' and t.text in '([{':
            depth += 1
        elif t.kind == 'punct' and t.text in ')]}':
            depth -= 1
        if depth == 0 and t.kind == 'punct' and t.text == ',':
            args.append(cur)
            cur = []
            continue
        cur.append(t)
    if cur or args:
        args.append(cur)
    return args


# ---------------------------------------------------------------------------
# Which calls write to the verifier log, and where their format is.

# name -> (index of the format argument, text the function prints before it)
BASE_LOGGERS = {
    'verbose': (1, ''),
    'bpf_log': (1, ''),
    'bpf_verifier_log_write': (1, ''),
    '__btf_verifier_log': (1, ''),
    'btf_verifier_log': (1, ''),
    # "[id] KIND name <details> fmt"
    'btf_verifier_log_type': (2, '[%u] %s %s '),
    'btf_verifier_log_basic': (2, '[%u] %s %s '),
    '__btf_verifier_log_type': (3, '[%u] %s %s '),
    # "\tname type_id=%u bits_offset=%u fmt"
    'btf_verifier_log_member': (3, '\t%s type_id=%u bits_offset=%u '),
    'btf_verifier_log_vsi': (3, '\t type_id=%u offset=%u size=%u '),
    'verbose_linfo': (2, ''),
}

# Drivers define their own: #define pr_vlog(env, fmt, ...) bpf_verifier_log_write(env, "[nfp] " fmt, ...)
DEFINE_LOGGER_RE = re.compile(r'#define\s+(\w+)\(\s*\w+\s*,\s*fmt\s*,\s*\.\.\.\s*\)[\s\\]*'
                              r'(?:bpf_verifier_log_write|bpf_log|verbose)\(\s*\w+\s*,\s*"([^"]*)"\s*fmt')

# Loggers that end the line themselves.
NEWLINE_LOGGERS = {'btf_verifier_log_type', 'btf_verifier_log_basic', '__btf_verifier_log_type',
                   'btf_verifier_log_member', 'btf_verifier_log_vsi', 'verbose_linfo'}

# Functions that only print (they format a value or a prefix): their output
# is a fragment of the caller's line, never a line of its own.
FRAGMENT_PRINTERS = {'verbose_unum', 'verbose_snum', 'print_liveness', 'print_scalar_ranges',
                     'print_reg_state', 'print_verifier_state', 'print_insn_state',
                     'print_verification_stats', 'print_bpf_insn', 'verbose_insn'}

# Files (relative to KSRC) that write the verifier log. Everything under these
# directories is searched; files that never call a logger are ignored.
SEARCH_DIRS = ['kernel/bpf', 'kernel/trace', 'net', 'drivers/hid', 'drivers/net/ethernet/netronome',
               'drivers/net/netdevsim', 'fs', 'security', 'kernel/sched', 'include/linux']
LOGGER_CALL_RE = re.compile(r'\b(verbose|bpf_log|btf_verifier_log\w*|bpf_verifier_log_write|'
                            r'verbose_linfo|pr_vlog)\s*\(\s*(\w+)')


def find_files(ksrc):
    files = []
    for d in SEARCH_DIRS:
        top = os.path.join(ksrc, d)
        for root, _dirs, names in os.walk(top):
            for name in sorted(names):
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(root, name)
                try:
                    with open(path, encoding='utf-8', errors='replace') as f:
                        text = f.read()
                except OSError:
                    continue
                # verbose() is a common name (lockdep, ...): require a
                # verifier-ish first argument.
                for m in LOGGER_CALL_RE.finditer(text):
                    if m.group(2) in ('env', 'log', 'vlog', 'private_data', 'cbs', 'data',
                                      'venv', 'verifier_log', 'bpf_log', 'fmt'):
                        files.append(path)
                        break
    return sorted(set(files))


# ---------------------------------------------------------------------------
# Functions: where they start and end, their parameters.

class Func:
    def __init__(self, name, params, body_lo, body_hi, line):
        self.name, self.params = name, params
        self.lo, self.hi = body_lo, body_hi
        self.line = line


def find_functions(toks):
    funcs = []
    depth = 0
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == 'punct' and t.text == '{' and depth == 0:
            # walk back over attributes to a ')' closing the parameter list
            j = i - 1
            while j >= 0 and toks[j].kind == 'id':
                j -= 1
            if j >= 0 and toks[j].text == ')':
                # find its '('
                d = 0
                k = j
                while k >= 0:
                    if toks[k].text == ')':
                        d += 1
                    elif toks[k].text == '(':
                        d -= 1
                        if d == 0:
                            break
                    k -= 1
                if k > 0 and toks[k - 1].kind == 'id':
                    name = toks[k - 1].text
                    params = []
                    for a in split_args(toks, k, j):
                        ids = [x.text for x in a if x.kind == 'id']
                        params.append(ids[-1] if ids else '')
                    end = match_close(toks, i)
                    funcs.append(Func(name, params, i, end, toks[k - 1].line))
                    i = end + 1
                    continue
            end = match_close(toks, i)
            i = end + 1
            continue
        i += 1
    return funcs


def func_at(funcs, i):
    for f in funcs:
        if f.lo <= i <= f.hi:
            return f
    return None


# ---------------------------------------------------------------------------
# Formats: the string(s) a format argument can be.

def arg_formats(toks, arg, func):
    """Alternatives of a format argument: list of strings, or [] if unknown.
    Handles "a" "b" concatenation, cond ? "x" : "y", and a local variable
    assigned string literals in the same function."""
    if not arg:
        return []
    # ternary at depth 0: split into alternatives
    depth = 0
    q = None
    for idx, t in enumerate(arg):
        if t.text in '([{' and t.kind == 'punct':
            depth += 1
        elif t.text in ')]}' and t.kind == 'punct':
            depth -= 1
        elif depth == 0 and t.text == '?' and q is None:
            q = idx
        elif depth == 0 and t.text == ':' and q is not None:
            return arg_formats(toks, arg[q + 1:idx], func) + arg_formats(toks, arg[idx + 1:], func)
    strs = [t for t in arg if t.kind == 'str']
    ids = [t for t in arg if t.kind == 'id']
    if strs:
        # adjacent literals, possibly around a macro that expands to one
        return [''.join(unescape_c(t.text[1:-1]) if t.kind == 'str' else '' for t in arg
                        if t.kind in ('str',))]
    if len(ids) == 1 and func is not None:
        name = ids[0].text
        alts = []
        for k in range(func.lo, func.hi):
            if toks[k].kind == 'id' and toks[k].text == name and toks[k + 1].text == '=' \
                    and toks[k + 2].kind == 'str':
                j = k + 2
                s = ''
                while toks[j].kind == 'str':
                    s += unescape_c(toks[j].text[1:-1])
                    j += 1
                alts.append(s)
        return alts
    return []


# ---------------------------------------------------------------------------
# What follows a log call: an error return (rejection) or not.

ERRNO_RE = re.compile(r'^E[A-Z0-9]+$')


def statement_end(toks, i):
    """toks[i] starts a statement: index just past it."""
    t = toks[i]
    if t.text == '{':
        return match_close(toks, i) + 1
    if t.kind == 'id' and t.text in ('if', 'for', 'while', 'switch'):
        j = i + 1
        if toks[j].text == '(':
            j = match_close(toks, j) + 1
        j = statement_end(toks, j)
        if t.text == 'if' and j < len(toks) and toks[j].text == 'else':
            j = statement_end(toks, j + 1)
        return j
    if t.kind == 'id' and t.text == 'do':
        j = statement_end(toks, i + 1)
        while j < len(toks) and toks[j].text != ';':
            j += 1
        return j + 1
    depth = 0
    j = i
    while j < len(toks):
        x = toks[j]
        if x.kind == 'punct' and x.text in '([{':
            depth += 1
        elif x.kind == 'punct' and x.text in ')]}':
            if depth == 0:
                return j
            depth -= 1
        elif x.kind == 'punct' and x.text == ';' and depth == 0:
            return j + 1
        j += 1
    return j


def classify_return(stmt):
    """'reject', 'info' or None (not a return)."""
    texts = [t.text for t in stmt]
    if not texts or texts[0] != 'return':
        return None
    rest = texts[1:-1] if texts[-1] == ';' else texts[1:]
    if not rest:
        return 'info'
    if any(rest[k] == '-' and ERRNO_RE.match(rest[k + 1]) for k in range(len(rest) - 1)):
        return 'reject'
    if rest[0] in ('ERR_PTR', 'ERR_CAST'):
        return 'reject'
    if rest[0] in ('false', 'NULL') and len(rest) == 1:
        return 'reject'
    if rest[0] in ('PTR_ERR', 'ERR_PTR', 'ERR_CAST'):
        return 'reject'
    # return err; return btf; (an error value or a NULL the caller checks)
    if len(rest) == 1 and re.match(r'^[a-z_]\w*$', rest[0]) and rest[0] != 'true':
        return 'reject'
    if rest[0] == '-' and len(rest) == 2:
        return 'reject'  # return -err
    return 'info'


def block_end(toks, i):
    """Index of the '}' closing the block that contains toks[i]."""
    depth = 0
    for j in range(i, len(toks)):
        x = toks[j]
        if x.kind != 'punct':
            continue
        if x.text == '{':
            depth += 1
        elif x.text == '}':
            if depth == 0:
                return j
            depth -= 1
    return len(toks) - 1


def block_start(toks, i):
    """Index of the '{' opening the block that contains toks[i]."""
    depth = 0
    for j in range(i - 1, -1, -1):
        x = toks[j]
        if x.kind != 'punct':
            continue
        if x.text == '}':
            depth += 1
        elif x.text == '{':
            if depth == 0:
                return j
            depth -= 1
    return 0


def breakable_end(toks, i):
    """Just past the loop or switch that a break at toks[i] leaves."""
    j = i
    while True:
        lb = block_start(toks, j)
        rb = block_end(toks, j)
        if lb <= 0:
            return rb
        k = lb - 1
        if toks[k].text == 'do':
            return statement_end(toks, k)
        if toks[k].text == ')':
            d = 0
            while k >= 0:
                if toks[k].text == ')':
                    d += 1
                elif toks[k].text == '(':
                    d -= 1
                    if d == 0:
                        break
                k -= 1
            if k > 0 and toks[k - 1].text in ('for', 'while', 'switch'):
                return rb + 1
            if k > 0 and toks[k - 1].kind == 'id' and toks[k - 1].text not in ('if',):
                return rb  # a function body: stop there
        j = lb


GOTO_ERR_RE = re.compile(r'err|out|fail|free|put|unlock|clean|bad|abort|unwind|release|reject')


def follows(toks, i, func_hi, limit=6):
    """Classify by the statements after index i (just past a call's ';'):
    'reject', 'info', or 'end' (the function ends without saying)."""
    n = 0
    while n < limit:
        if i >= len(toks) or i >= func_hi:
            return 'end'
        t = toks[i]
        if t.text == '}':
            # leave the block; skip an else branch; go on after it
            i += 1
            if i < len(toks) and toks[i].text == 'else':
                i = statement_end(toks, i + 1)
            n += 1
            continue
        end = statement_end(toks, i)
        if end <= i:
            return 'info'
        stmt = toks[i:end]
        texts = [x.text for x in stmt]
        r = classify_return(stmt)
        if r:
            return r
        if texts[0] == 'goto':
            return 'reject' if len(texts) > 1 and GOTO_ERR_RE.search(texts[1]) else 'info'
        if texts[0] == 'break':
            i = breakable_end(toks, i)
            n += 1
            continue
        if texts[0] == 'continue':
            return 'info'
        # err = -EINVAL;   ret = -EACCES;
        if len(texts) >= 4 and stmt[0].kind == 'id' and texts[1] == '=' and texts[2] == '-' \
                and ERRNO_RE.match(texts[3]):
            return 'reject'
        if len(texts) >= 3 and stmt[0].kind == 'id' and texts[1] == '=' and texts[2] == 'PTR_ERR':
            return 'reject'
        # if (err) return err;
        if texts[:2] == ['if', '('] and len(texts) >= 6 and texts[3] == ')' and \
                texts[4] == 'return' and texts[5] == texts[2]:
            return 'reject'
        i = end
        n += 1
    return 'info'


# ---------------------------------------------------------------------------
# Extraction.

class Msg:
    def __init__(self, path, line, fmt, func, kind, logger):
        self.path, self.line, self.fmt = path, line, fmt
        self.func, self.kind, self.logger = func, kind, logger
        self.sample = None
        self.match = None     # (sample line, entry or None) for each sample line
        self.status = None
        self.category = None  # the category of the first verdict entry that matches


def discover_passthrough(toks, funcs, loggers):
    """Functions whose parameter is passed as the format of a logger become
    loggers themselves (fixpoint)."""
    changed = True
    while changed:
        changed = False
        for f in funcs:
            if f.name in loggers:
                continue
            for k in range(f.lo, f.hi):
                t = toks[k]
                if t.kind != 'id' or t.text not in loggers or toks[k + 1].text != '(':
                    continue
                idx, prefix = loggers[t.text]
                rp = match_close(toks, k + 1)
                args = split_args(toks, k + 1, rp)
                if idx >= len(args):
                    continue
                a = args[idx]
                if len(a) == 1 and a[0].kind == 'id' and a[0].text in f.params:
                    loggers[f.name] = (f.params.index(a[0].text), prefix)
                    changed = True
                    break


def extract_file(path, ksrc, loggers_global):
    with open(path, encoding='utf-8', errors='replace') as fh:
        src = fh.read()
    code, defines = strip_preprocessor(src)
    toks = lex(code)
    toks.append(Tok('punct', '}', 0))
    funcs = find_functions(toks)
    loggers = dict(loggers_global)
    for _line, text in defines:
        m = DEFINE_LOGGER_RE.search(text)
        if m:
            loggers[m.group(1)] = (1, unescape_c(m.group(2)))
    discover_passthrough(toks, funcs, loggers)
    rel = os.path.relpath(path, ksrc)
    calls = []  # (tok index, fmt alternatives, end index, logger)
    defined = {f.name for f in funcs}
    for k, t in enumerate(toks):
        if t.kind != 'id' or t.text not in loggers or k + 1 >= len(toks) or toks[k + 1].text != '(':
            continue
        if k > 0 and toks[k - 1].kind == 'id' and toks[k - 1].text in ('void', 'static', 'int'):
            continue  # a declaration or definition
        f = func_at(funcs, k)
        if f is not None and f.name == t.text:
            continue  # recursion guard; never happens in practice
        if f is not None and f.lo == k:
            continue
        idx, prefix = loggers[t.text]
        rp = match_close(toks, k + 1)
        args = split_args(toks, k + 1, rp)
        # skip the function's own definition header
        if f is None:
            continue
        if idx >= len(args):
            continue
        if len(args[idx]) == 1 and args[idx][0].text == 'NULL':
            continue  # btf_verifier_log_type(env, t, NULL): a type dump
        fmts = arg_formats(toks, args[idx], f)
        if t.text in NEWLINE_LOGGERS:
            fmts = [x + '\n' for x in fmts]
        # a pass-through logger's own body: its format is its parameter
        if not fmts and len(args[idx]) == 1 and args[idx][0].text in f.params \
                and f.name in loggers:
            continue
        end = rp + 1
        if end < len(toks) and toks[end].text == ';':
            end += 1
        calls.append((k, [prefix + x for x in fmts] if fmts else None, end, t.text, f))
    return rel, toks, funcs, calls, loggers, defined


def merge_fragments(toks, calls):
    """A format without a trailing newline is continued by the next log
    call(s) in the same function (the kernel builds one line from several
    prints, often across an if or a loop). Returns messages:
    (first call, [formats], last call end, logger, func)."""
    out = []
    i = 0
    while i < len(calls):
        k, fmts, end, logger, f = calls[i]
        if fmts is None:
            out.append((k, None, end, logger, f))
            i += 1
            continue
        cur = list(fmts)
        prev = cur
        j = i
        while any(not x.endswith('\n') for x in cur) and j + 1 < len(calls):
            nk, nfmts, nend, _nl, nf = calls[j + 1]
            if nf is not f or nfmts is None or toks[nk].line - toks[calls[j][0]].line > 30:
                break
            # a return or goto in between ends the message
            # a return, goto or break in between ends the message; so does a
            # state dump, which the fragment was the label of
            if any(x.kind == 'id' and (x.text in ('return', 'goto', 'break', 'continue') or
                                       x.text in FRAGMENT_PRINTERS)
                   for x in toks[calls[j][2]:nk]):
                break
            # the two prints are the two branches of an if/else: alternatives
            between = toks[calls[j][2]:nk]
            if any(x.kind == 'id' and x.text == 'else' for x in between):
                cur = (cur + [a + b for a in prev for b in nfmts])[:8]
            else:
                prev = cur
                cur = [a + b for a in cur for b in nfmts][:8]
            j += 1
            end = nend
        out.append((k, cur, calls[j][2], logger, f))
        i = j + 1
    return out


def call_site_kind(toks, k, caller):
    """What happens after a call at toks[k]: 'reject' when the caller
    returns the call's error or fails right after it."""
    if toks[k - 1].text == 'return':
        return 'reject'
    e = match_close(toks, k + 1) + 1
    if toks[e].text == ';':
        return follows(toks, e + 1, caller.hi)
    # inside a condition: if (f(...)) return -EINVAL;  if (!f(...)) { ... }
    while e < len(toks) and toks[e].text == ')':
        e += 1
    if toks[e].text == '{':
        e += 1
    return follows(toks, e, caller.hi, limit=2)


def extract(ksrc):
    msgs = []
    dynamic = []
    files = find_files(ksrc)
    for path in files:
        rel, toks, funcs, calls, loggers, _ = extract_file(path, ksrc, BASE_LOGGERS)
        merged = merge_fragments(toks, calls)
        # A message that reaches the end of its function (a helper that
        # prints, then returns to its caller) is a rejection when a caller
        # fails right after calling it.
        by_name = {}
        for k, t in enumerate(toks):
            if t.kind == 'id' and k + 1 < len(toks) and toks[k + 1].text == '(' \
                    and toks[k - 1].text not in ('void', 'static', 'int', 'bool'):
                by_name.setdefault(t.text, []).append(k)
        helper_kind = {}
        for f in funcs:
            if f.name in loggers or f.name in FRAGMENT_PRINTERS:
                continue
            kinds = set()
            for k in by_name.get(f.name, []):
                caller = func_at(funcs, k)
                if caller is None or caller is f:
                    continue
                kinds.add(call_site_kind(toks, k, caller))
            helper_kind[f.name] = 'reject' if 'reject' in kinds else 'info'
        for k, fmts, end, logger, f in merged:
            line = toks[k].line
            if fmts is None:
                dynamic.append((rel, line, f.name if f else '?', logger))
                continue
            kind = follows(toks, end, f.hi)
            # "cur state:" and the like label the state dump printed next
            if all(not x.endswith('\n') for x in fmts) and end < len(toks) and \
                    toks[end].text in FRAGMENT_PRINTERS:
                kind = 'info'
            if kind == 'end' and f is not None and f.name in helper_kind:
                kind = helper_kind[f.name]
            if kind == 'end':
                kind = 'info'
            if logger == 'verbose_linfo' or (f is not None and f.name in FRAGMENT_PRINTERS):
                kind = 'info'
            if logger == 'verbose' and rel.endswith('disasm.c'):
                kind = 'info'  # instruction dumps
            for fmt in dict.fromkeys(fmts):
                if not fmt.strip():
                    continue
                msgs.append(Msg(rel, line, fmt, f.name if f else '?', kind, logger))
    return files, msgs, dynamic


# ---------------------------------------------------------------------------
# Sample lines from formats.

CONV_RE = re.compile(r'%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|z|j|t|L)?([diouxXcspn%])'
                     r'((?<=p)[a-zA-Z]+)?')


# A %s printed right after these is a tnum, "(value; mask)", which has a space
# in it: the sample must have one too, or a pattern written with \S+ passes.
TNUM_BEFORE = ('var_off=', 'var_off ', 'has value ', 'off ')


def sample_of(fmt):
    def repl(m):
        conv = m.group(5)
        if conv == '%':
            return '%'
        if conv in 'di':
            return '3'
        if conv in 'ou':
            return '3'
        if conv in 'xX':
            return '1f'
        if conv == 'c':
            return 'x'
        if conv == 'p':
            return '00000000a1b2c3d4'
        if fmt[:m.start()].endswith(TNUM_BEFORE):
            return '(0x0; 0x7)'
        # "misaligned %saccess": a string glued to the next word brings its
        # own trailing space ("stack ")
        if fmt[m.end():m.end() + 1].isalpha():
            return 'foo_bar '
        return 'foo_bar'
    return CONV_RE.sub(repl, fmt)


def sample_lines(fmt):
    """The lines a format prints; empty lines and bare whitespace dropped."""
    return [x.rstrip() for x in sample_of(fmt).split('\n') if x.strip()]


# ---------------------------------------------------------------------------
# The pattern database, read and matched by vexplain itself (`patterns dump
# --json`, `patterns match --json -`, `patterns check`): one parser of the
# .pat format, one regex engine (PCRE2), so what is reported here is what
# vexplain answers.

class Entry:
    """What `patterns match --json` says of a line (None when nothing matched)."""
    __slots__ = ('id', 'category', 'kind')

    def __init__(self, id_, category, kind):
        self.id, self.category, self.kind = id_, category, kind


class Db:
    def __init__(self, vexplain, patdir):
        self.vexplain, self.patdir = vexplain, patdir
        self.entries = [json.loads(ln) for ln in self.run('dump', '--json').splitlines()]
        # loaders.pat frames logs; statements.pat answers loader statements
        # with no kernel log: neither answers a kernel format
        self.entries = [e for e in self.entries if e['kind'] not in ('loader', 'statement')]
        self.cache = {}

    def run(self, *args, stdin=None, ok=(0,)):
        cmd = [self.vexplain, 'patterns'] + list(args) + ['--patterns', self.patdir]
        p = subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                           errors='surrogateescape')
        if p.returncode not in ok:
            raise SystemExit('%s: exit %d: %s' % (' '.join(cmd), p.returncode,
                                                   (p.stderr or p.stdout).strip()))
        return p.stdout

    def classify(self, lines):
        """The first entry that matches each line, as vexplain matches it."""
        todo = list(dict.fromkeys(ln for ln in lines if ln not in self.cache))
        if todo:
            out = self.run('match', '--json', '-', stdin='\n'.join(todo) + '\n', ok=(0, 1))
            answers = [json.loads(ln) for ln in out.splitlines()]
            if len(answers) != len(todo):
                raise SystemExit('vexplain patterns match: %d answers for %d lines' %
                                 (len(answers), len(todo)))
            for ln, r in zip(todo, answers):
                self.cache[ln] = Entry(r['id'], r['category'], r['kind']) if r['id'] else None
        return [self.cache[ln] for ln in lines]

    def check(self):
        """vexplain patterns check: its problem lines (the summary left out)."""
        out = self.run('check', ok=(0, 1))
        return [ln for ln in out.splitlines() if ln and not ln.startswith('patterns check:')]


def find_vexplain(given):
    path = given or os.environ.get('VEXPLAIN') or \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'vexplain')
    if not os.access(path, os.X_OK):
        raise SystemExit('%s: not an executable vexplain (build it with make, or give --vexplain)'
                         % path)
    return path


# ---------------------------------------------------------------------------
# The report.

def kernel_version(ksrc):
    try:
        with open(os.path.join(ksrc, 'Makefile')) as fh:
            head = fh.read(400)
        v = dict(re.findall(r'^(VERSION|PATCHLEVEL|SUBLEVEL) = (\d+)', head, re.M))
        return '%s.%s.%s' % (v['VERSION'], v['PATCHLEVEL'], v.get('SUBLEVEL', '0'))
    except (OSError, KeyError):
        base = os.path.basename(os.path.abspath(ksrc))
        m = re.search(r'(\d+\.\d+(?:\.\d+)?)', base)
        return m.group(1) if m else base


def evaluate(db, msgs):
    for m in msgs:
        m.sample = sample_lines(m.fmt)
    db.classify([ln for m in msgs for ln in m.sample])
    for m in msgs:
        hits = list(zip(m.sample, db.classify(m.sample)))
        m.match = hits
        m.category = None
        if m.kind == 'reject':
            verdicts = [e for _ln, e in hits if e is not None and e.category != 'info']
            if verdicts:
                m.status = 'covered'
                m.category = verdicts[0].category
            elif any(e is not None for _ln, e in hits):
                m.status = 'context'
            else:
                m.status = 'uncovered'
        else:
            cats = [e.category for _ln, e in hits if e is not None]
            m.status = 'info-known' if cats and all(c == 'info' for c in cats) else \
                ('info-as-verdict' if any(c != 'info' for c in cats) else 'info-unmatched')


def md_escape(s):
    return s.replace('|', '\\|').replace('`', "'")


def report(ksrc, files, msgs, dynamic, db, problems):
    ver = kernel_version(ksrc)
    rej = [m for m in msgs if m.kind == 'reject']
    inf = [m for m in msgs if m.kind != 'reject']
    cov = [m for m in rej if m.status == 'covered']
    ctx = [m for m in rej if m.status == 'context']
    unc = [m for m in rej if m.status == 'uncovered']
    pct = 100.0 * (len(cov) + len(ctx)) / len(rej) if rej else 100.0
    known = [m for m in inf if m.status == 'info-known']
    wrong = [m for m in inf if m.status == 'info-as-verdict']
    other = [m for m in cov if m.category == 'other']
    out = []
    w = out.append
    w('# Verifier message coverage: Linux %s' % ver)
    w('')
    w('Generated by `make coverage KSRC=...` (tools/coverage.py) from the kernel sources and '
      'the pattern database in patterns/. A rejection format is covered when a sample line '
      'built from it (each `%d` -> 3, `%s` -> foo_bar, or `(0x0; 0x7)` where the kernel prints '
      'a tnum, ...) is matched by a pattern of a category other than `info`; the first '
      'matching entry wins, as in vexplain.')
    w('')
    w('| | count |')
    w('|---|---:|')
    w('| source files that write the verifier log | %d |' % len(files))
    w('| message formats | %d |' % len(msgs))
    w('| rejection formats (followed by an error return) | %d |' % len(rej))
    w('| rejection formats matched by a verdict pattern | %d |' % len(cov))
    w('| rejection formats info.pat treats as context (see below) | %d |' % len(ctx))
    w('| **rejection coverage** | **%.1f%%** |' % pct)
    w('| rejection formats answered `other` (see below) | %d |' % len(other))
    w('| informational formats | %d |' % len(inf))
    w('| informational formats matched by info.pat | %d |' % len(known))
    w('| informational formats that a verdict pattern matches | %d |' % len(wrong))
    w('| formats not known at compile time (not counted) | %d |' % len(dynamic))
    w('| pattern entries | %d |' % len(db.entries))
    w('')
    bycat = {}
    for m in cov:
        bycat[m.category] = bycat.get(m.category, 0) + 1
    w('## Covered rejections by category')
    w('')
    w('| category | formats |')
    w('|---|---:|')
    for c, n in sorted(bycat.items(), key=lambda x: (-x[1], x[0])):
        w('| %s | %d |' % (c, n))
    w('')
    byfile = {}
    for m in rej:
        t = byfile.setdefault(m.path, [0, 0])
        t[0] += 1
        t[1] += m.status == 'covered'
    w('## Rejections by source file')
    w('')
    w('| file | rejections | covered |')
    w('|---|---:|---:|')
    for p, (a, b) in sorted(byfile.items()):
        w('| %s | %d | %d |' % (p, a, b))
    w('')
    if ctx:
        w('## Rejection formats treated as context (%d)' % len(ctx))
        w('')
        w('The function that prints these returns an error, but its caller carries on (a global '
          'function\'s argument check falling back, a note before the real verdict), so the '
          'line is not the verdict: info.pat names them so that vexplain reads on to the real one.')
        w('')
        for m in sorted(ctx, key=lambda x: (x.path, x.line)):
            w('- `%s:%d` %s: `%s`' % (m.path, m.line, m.func,
                                      md_escape(m.fmt.strip().replace('\n', '\\n'))))
        w('')
    w('## Rejection formats answered `other` (%d)' % len(other))
    w('')
    w('`other` is for what fits no category of patterns/categories.tsv; a format of the kernel '
      'that lands there wants a pattern of its own category.')
    w('')
    if not other:
        w('None.')
    for m in sorted(other, key=lambda x: (x.path, x.line)):
        ids = ', '.join(sorted({e.id for _l, e in m.match if e is not None}))
        w('- `%s:%d` %s: `%s` (%s)' % (m.path, m.line, m.func,
                                      md_escape(m.fmt.strip().replace('\n', '\\n')), ids))
    w('')
    w('## Uncovered rejection formats (%d)' % len(unc))
    w('')
    if not unc:
        w('None.')
    for m in sorted(unc, key=lambda x: (x.path, x.line)):
        extra = ''
        w('- `%s:%d` %s: `%s`%s' % (m.path, m.line, m.func, md_escape(m.fmt.strip().replace('\n', '\\n')),
                                     extra))
    w('')
    if wrong:
        w('## Informational formats matched by a verdict pattern (%d)' % len(wrong))
        w('')
        w('These print before a verdict (or instead of one) and a verdict pattern would take '
          'them for the rejection: worth an info.pat entry or a narrower pattern.')
        w('')
        for m in sorted(wrong, key=lambda x: (x.path, x.line)):
            ids = ', '.join(sorted({e.id for _l, e in m.match if e is not None}))
            w('- `%s:%d`: `%s` (%s)' % (m.path, m.line, md_escape(m.fmt.strip().replace('\n', '\\n')), ids))
        w('')
    if dynamic:
        w('## Formats not known at compile time')
        w('')
        for p, ln, fn, lg in dynamic:
            w('- `%s:%d` %s(): %s() with a computed format' % (p, ln, fn, lg))
        w('')
    if problems:
        w('## Pattern database problems (%d)' % len(problems))
        w('')
        for p in problems:
            w('- %s' % md_escape(p))
        w('')
    return '\n'.join(out), pct, len(other)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('ksrc', nargs='?', help='kernel source tree')
    ap.add_argument('--patterns', default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                       '..', 'patterns'))
    ap.add_argument('--vexplain', help='the vexplain to ask (default: $VEXPLAIN, or ../vexplain)')
    ap.add_argument('--out', help='write the Markdown report here (default: stdout)')
    ap.add_argument('--list', choices=['reject', 'info', 'all', 'uncovered', 'other'],
                    help='print extracted formats (debugging) instead of the report: '
                    'path:line, kind, status, category, entry ids, function, format')
    ap.add_argument('--check', action='store_true', help='only validate the pattern database')
    ap.add_argument('--min', type=float, default=0.0,
                    help='exit 1 when rejection coverage is below this percentage')
    ap.add_argument('--no-other', action='store_true',
                    help='exit 1 when a rejection format is answered `other`')
    a = ap.parse_args()
    db = Db(find_vexplain(a.vexplain), a.patterns)
    problems = db.check()
    if a.check:
        for p in problems:
            print(p)
        print('%d entries, %d problems' % (len(db.entries), len(problems)))
        return 1 if problems else 0
    if not a.ksrc:
        ap.error('KSRC is required (a kernel source tree)')
    if not os.path.isfile(os.path.join(a.ksrc, 'kernel', 'bpf', 'verifier.c')):
        ap.error('%s: no kernel/bpf/verifier.c' % a.ksrc)
    files, msgs, dynamic = extract(a.ksrc)
    evaluate(db, msgs)
    if a.list:
        for m in msgs:
            if a.list == 'all' or a.list == m.kind or \
                    (a.list == 'uncovered' and m.kind == 'reject' and m.status != 'covered') or \
                    (a.list == 'other' and m.category == 'other'):
                ids = ','.join(e.id for _l, e in m.match if e is not None) or '-'
                print('%s:%d\t%s\t%s\t%s\t%s\t%s\t%r' % (m.path, m.line, m.kind, m.status,
                                                        m.category or '-', ids, m.func, m.fmt))
        return 0
    text, pct, nother = report(a.ksrc, files, msgs, dynamic, db, problems)
    if a.out:
        with open(a.out, 'w') as fh:
            fh.write(text + '\n')
        print('%s: %.1f%% of rejection formats covered, %d answered `other`' % (a.out, pct, nother))
    else:
        print(text)
    return 1 if pct < a.min or problems or (a.no_other and nother) else 0


if __name__ == '__main__':
    sys.exit(main())
