#!/usr/bin/env python3
"""Writes patterns/progtype-ctx.tsv: every program type's context, as the
offsets a program may read from it, from the kernel's UAPI headers.

  tools/gen-progtype-ctx.py [BPF_H] > patterns/progtype-ctx.tsv

BPF_H: the newest include/uapi/linux/bpf.h at hand (the table was written
from linux 6.12's, /var/tmp/ksrc/linux-source-6.12 after `make coverage`;
/usr/include/linux/bpf.h, Debian 12's, is 6.1's): a read past the end of a
struct is ruled out, so a field a newer kernel adds at the end is evidence
against its own type until the table is regenerated.

The struct a type's context is comes from patterns/progtypes.tsv (its ctx
column); each such struct's members are read from linux/bpf.h (default
/usr/include/linux/bpf.h) and their offsets and sizes asked of the compiler
(offsetof, sizeof: a small C program built with cc). The types whose context
is no UAPI struct of fields (pt_regs, a tracepoint's buffer, BTF arguments,
a syscall program's user memory) are the REGIONS below, from the kernels'
is_valid_access functions. Re-run it when the header grows a field."""
import os, re, subprocess, sys, tempfile

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
HEADER = sys.argv[1] if len(sys.argv) > 1 else "/usr/include/linux/bpf.h"
# structs of progtypes.tsv's ctx column that are not a struct of fields in bpf.h
NOT_FIELDS = {"-", "pt_regs", "bpf_raw_tracepoint_args", "bpf_perf_event_data", "bpf_nf_ctx"}

# region<TAB>types<TAB>from<TAB>to<TAB>align<TAB>why: a read at off, size is
# valid when from <= off, off + size <= to, off % size == 0 and off % align == 0
REGIONS = [
    ("kprobe", 0, 168, 1, "struct pt_regs, x86_64 (kprobe_prog_is_valid_access: any aligned read inside it)"),
    ("kprobe", 0, 336, 1, "struct pt_regs, arm64 (user_pt_regs and the kernel's fields after it)"),
    ("kprobe", 0, 288, 1, "struct pt_regs, riscv64"),
    ("perf_event", 0, 184, 1, "struct bpf_perf_event_data, x86_64: regs (pt_regs, 168), sample_period, addr"),
    ("perf_event", 0, 288, 1, "struct bpf_perf_event_data, arm64: regs (user_pt_regs, 272), sample_period, addr"),
    ("tracepoint", 8, 2048, 1, "the tracepoint's record after its common header (tp_prog_is_valid_access: "
     "off < sizeof(void *) or >= PERF_MAX_TRACE_SIZE is refused)"),
    ("raw_tracepoint,raw_tracepoint_writable", 0, 96, 1,
     "struct bpf_raw_tracepoint_args: u64 args[MAX_BPF_FUNC_ARGS] (bpf_tracing_ctx_access)"),
    ("tracing,lsm,struct_ops", 0, 96, 8,
     "the BTF function's u64 arguments (bpf_tracing_btf_ctx_access: off % 8, off < 8 * MAX_BPF_FUNC_ARGS)"),
    ("syscall", 0, 65535, 1, "user memory the caller passes (syscall_prog_is_valid_access: off < U16_MAX)"),
    ("netfilter", 0, 16, 8, "struct bpf_nf_ctx (not UAPI): const struct nf_hook_state *state, struct sk_buff *skb"),
    ("lirc_mode2", 0, 4, 1, "the u32 sample (lirc_mode2_is_valid_access)"),
]


def ctx_structs():
    out = {}
    with open(os.path.join(TOP, "patterns", "progtypes.tsv")) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "type" and len(p) >= 5:
                out.setdefault(p[4], []).append(p[1])
    return out


def members(text, name):
    m = re.search(r"^struct %s \{(.*?)^\};" % re.escape(name), text, re.S | re.M)
    if not m:
        return None
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    body = re.sub(r"//[^\n]*", "", body)
    body = re.sub(r"\b(?:union|struct)\s*\{", ";", body).replace("}", ";")
    out = []
    for stmt in body.split(";"):
        stmt = " ".join(stmt.split())
        if not stmt or re.search(r":\s*\d+$", stmt):
            continue
        p = re.search(r"__bpf_md_ptr\([^,]+,\s*(\w+)\s*\)", stmt) or re.search(r"(\w+)\s*(?:\[[^\]]*\])?$", stmt)
        if p:
            out.append(p.group(1))
    return out


VERSION = None


def main():
    global VERSION
    m = re.search(r"linux-source-([\d.]+)", os.path.abspath(HEADER))
    VERSION = m.group(1) + " include/uapi/linux/bpf.h" if m else None
    with open(HEADER) as f:
        text = f.read()
    structs = ctx_structs()
    want = {}
    for st in structs:
        if st in NOT_FIELDS:
            continue
        ms = members(text, st)
        if ms is None:
            print("gen-progtype-ctx.py: struct %s is not in %s" % (st, HEADER), file=sys.stderr)
            return 1
        want[st] = ms
    prog = ["#include <stddef.h>", "#include <stdio.h>", "#include <linux/bpf.h>", "int main(void) {"]
    for st, ms in want.items():
        prog.append('printf("size %s %%zu\\n", sizeof(struct %s));' % (st, st))
        for m in ms:
            prog.append('printf("member %s %%zu %%zu %s\\n", offsetof(struct %s, %s), sizeof(((struct %s *)0)->%s));'
                        % (st, m, st, m, st, m))
    prog.append("return 0; }")
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "c.c"), os.path.join(tmp, "c")
        with open(src, "w") as f:
            f.write("\n".join(prog) + "\n")
        # this header as linux/bpf.h, the rest (linux/types.h) the system's
        os.mkdir(os.path.join(tmp, "linux"))
        with open(os.path.join(tmp, "linux", "bpf.h"), "w") as f:
            f.write(text)
        subprocess.run(["cc", "-I", tmp, "-o", exe, src], check=True)
        lines = subprocess.run([exe], check=True, capture_output=True, text=True).stdout.splitlines()
    size, fields = {}, {}
    for l in lines:
        p = l.split()
        if p[0] == "size":
            size[p[1]] = int(p[2])
        else:
            fields.setdefault(p[1], []).append((int(p[2]), int(p[3]), p[4]))
    print(HEAD.strip())
    print("# Generated from %s." % ("linux " + VERSION if VERSION else HEADER))
    for st in want:
        fs = sorted(fields[st])
        print()
        print("# struct %s (%d bytes): %s" % (st, size[st], ", ".join(structs[st])))
        for i, (off, sz, name) in enumerate(fs):
            nxt = [o for o, _, _ in fs if o > off]
            end = max(off + sz, min(nxt) if nxt else size[st])
            print("field\t%s\t%d\t%d\t%d\t%s" % (st, off, sz, end - off, name))
    print()
    print("# contexts that are no UAPI struct of fields")
    for types, lo, hi, align, why in REGIONS:
        print("region\t%s\t%d\t%d\t%d\t%s" % (types, lo, hi, align, why))
    return 0


HEAD = """
# What a program may read from its context, type by type: the evidence a
# context load in a log gives (src/progtype_ctx.c). A load the verifier went
# past ("(61) r2 = *(u32 *)(r6 +8)" with r6 the context, then another
# instruction) leaves the types whose context has a field there; the load's
# source line naming the field ("ctx->user_ip6[0]") leaves the types whose
# field of that name is there. Written by tools/gen-progtype-ctx.py from
# linux/bpf.h (do not edit by hand: re-run it); the type a struct belongs to
# is patterns/progtypes.tsv's ctx column.
#
# field<TAB>struct<TAB>off<TAB>size<TAB>span<TAB>name
#   a member (an array or union is one member); span: the bytes up to the
#   next member, its padding included. A read at off, size fits it when it
#   lies inside [off, off + span) and off % size == 0. Which reads of a field
#   a type really allows (narrow loads, pointers, per-type refusals, writes)
#   is finer than this: the table only rules out what no kernel allows
#
# region<TAB>types<TAB>from<TAB>to<TAB>align<TAB>why
#   a context with no fields of its own: a read fits when from <= off,
#   off + size <= to, off % size == 0 and off % align == 0. A type with
#   several rows (one per architecture) allows what any of them does
"""

if __name__ == "__main__":
    sys.exit(main())
