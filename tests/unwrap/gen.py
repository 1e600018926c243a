#!/usr/bin/env python3
# Writes tests/unwrap/*.log + *.expect: reproductions of wrappers, quoting,
# truncated pastes and permission refusals, built from real 6.18 log bodies.
import json, os
D = os.path.dirname(os.path.abspath(__file__))
W = os.path.join(D, "..", "..", "corpus", "logs")
cg = open(W + "/cgskb_probe_read_bare.log").read().splitlines()   # helper-unavailable, insn 18
mem = [l for l in open(W + "/mem_negative_off.log").read().splitlines()]
mem = mem[mem.index("libbpf: prog 'pick': -- BEGIN PROG LOAD LOG --") + 1: mem.index("-- END PROG LOAD LOG --")]
CG = dict(verdict="rejected", message="program of this type cannot use helper bpf_probe_read#4",
          category="helper-unavailable", insn="18", helper="bpf_probe_read#4")
MEM = dict(verdict="rejected", message="R0 min value is negative, either use unsigned index or do a if (index >=0) check.",
           category="mem-bounds", insn="17")
out = {}
def put(name, text, **exp):
    out[name] = (text if text.endswith("\n") else text + "\n", exp)

def framed(body, prog="skb_egress"):
    return (["libbpf: prog '%s': BPF program load failed: Permission denied" % prog,
             "libbpf: prog '%s': -- BEGIN PROG LOAD LOG --" % prog] + body +
            ["-- END PROG LOAD LOG --", "libbpf: prog '%s': failed to load: -13" % prog,
             "libbpf: failed to load object 'probes.bpf.o'"])

# --- prefixes nobody wrote a rule for --------------------------------------
# a test runner's job counter before every line (the case), with the
# runner's Python traceback after the log
poison = ["0: R1=ctx() R10=fp0", "; int BPF_PROG(trace_exec) @ exec.bpf.c:14",
          "0: (b7) r1 = 0                        ; R1=0",
          "1: (63) *(u32 *)(r10 -4) = r1         ; R1=0 R10=fp0 fp-8=0000????",
          "2: (bf) r1 = r10                      ; R1=fp0 R10=fp0",
          "3: (07) r1 += -16                     ; R1=fp-16",
          "4: (b7) r2 = 8                        ; R2=8",
          "5: (79) r3 = *(u64 *)(r6 +8)          ; R3=scalar()",
          "6: (bf) r3 = r3                       ; R3=scalar()",
          "7: (85) call unknown#113", "invalid func unknown#113",
          "processed 8 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0"]
tb = ["Traceback (most recent call last):", '  File "/src/tests/run_bpf.py", line 88, in <module>',
      "    load(obj)", '  File "/src/tests/run_bpf.py", line 41, in load',
      "    raise RuntimeError(out)", "RuntimeError: bpf_object__load failed: -22"]
put("prefix-test-counter", "\n".join("18: " + l for l in framed(poison, "trace_exec")) + "\n" + "\n".join(tb),
    verdict="rejected", message="invalid func unknown#113", category="helper-unavailable", insn="7",
    helper="bpf_probe_read_kernel#113")
# cat -n: a right-aligned increasing counter and a tab
lines = framed(cg)
put("prefix-cat-n", "\n".join("%6d\t%s" % (i + 1, l) for i, l in enumerate(lines)), **CG)
# a structured logger with a timestamp, a level and the caller, tab separated (zap console)
lvl = lambda l: "INFO" if l.startswith("libbpf: prog") and "BEGIN" not in l else "WARN"
put("prefix-zap-console", "\n".join("2026-01-05T10:11:12.%03d+0100\t%s\tloader/load.go:%d\t%s" % (i, lvl(l), 88, l)
                                     for i, l in enumerate(framed(cg))), **CG)
# journald's short-iso output: timestamp, host, unit[pid]
put("prefix-journald-iso", "\n".join("2026-01-05T10:11:12+0100 node-3 netagent[2211]: " + l for l in framed(mem, "pick")),
    **MEM)
# a CI step: every line timestamped by the runner, the tool's stderr marked ##[error]
ci = ["2026-01-01T00:00:00.0000000Z ##[group]Run sudo ./loader probes.bpf.o",
      "2026-01-01T00:00:00.0000000Z sudo ./loader probes.bpf.o",
      "2026-01-01T00:00:00.0000000Z shell: /usr/bin/bash -e {0}", "2026-01-01T00:00:00.0000000Z ##[endgroup]"]
ci += ["2026-01-01T00:00:01.%07dZ ##[error]%s" % (i * 1311, l) for i, l in enumerate(framed(cg))]
ci += ["2026-01-01T00:00:02.0000000Z ##[error]Process completed with exit code 1."]
put("prefix-ci-step", "\n".join(ci), **CG)
# Python logging's basicConfig format, levels varying
py = ["INFO:bpfloader:loading probes.bpf.o"] + ["%s:bpfloader:%s" % ("ERROR" if i else "WARNING", l)
                                               for i, l in enumerate(framed(mem, "pick"))] + ["CRITICAL:bpfloader:giving up"]
put("prefix-python-logging", "\n".join(py), **MEM)
# kubectl logs --prefix (docker-compose-like, container named in brackets)
put("prefix-kubectl", "\n".join("[pod/netagent-7d9f5/loader] " + l for l in framed(cg)), **CG)

# --- quoting ------------------------------------------------------------------
# the cilium/ebpf summary inside a logrus field
put("quote-logrus-summary",
    'time="2025-03-01T10:00:00Z" level=fatal msg="could not start" error="loading objects: field KprobeTcpSendmsg: program kprobe_tcp_sendmsg: load program: permission denied: 1241: (85) call bpf_probe_read#4: R2 min value is negative, either use unsigned or \'var &= const\' (2439 line(s) omitted)" subsys=datapath',
    verdict="rejected", message="R2 min value is negative, either use unsigned or 'var &= const'",
    category="mem-bounds", insn="1241", helper="bpf_probe_read#4")
# a JSON log line (zap/slog JSON handler) holding the whole log with \n\t escapes
body = "\n\t".join(mem).replace("\\", "\\\\")
put("quote-json-line", json.dumps({"level": "error", "ts": 1767261072.5, "caller": "loader/load.go:88",
                                   "msg": "loading failed", "error": "program pick: load program: permission denied:\n\t" + "\n\t".join(mem)}),
    **MEM)
# Go %q of the log, with a source line holding a string literal (\" inside)
qlog = cg[:]
qlog.insert(1, '; bpf_printk("cookie %llu\\n", cookie); @ cgskb_probe_read.bpf.c:22')
put("quote-go-q", "Error: verifier rejected the program: " + json.dumps("\n".join(qlog) + "\n") + " (exit status 1)", **CG)
# Rust Debug of an error struct: verifier_log: "...\n..." inside Err(...)
rs = 'Error: Err(LoadError { program: "skb_egress", io_error: Os { code: 13, kind: PermissionDenied, message: "Permission denied" }, verifier_log: ' + json.dumps("\n".join(cg) + "\n") + ' })'
put("quote-rust-debug", rs, **CG)
# a shell single-quoted paste over several lines, with the middle elided
sh = ["'" + l if i == 0 else l for i, l in enumerate(framed(mem[:8], "pick")[:2] + mem[:8])]
sh[-1] += "'"
sh += [".", ".", ".", "'" + mem[-2], mem[-1], "", "-- END PROG LOAD LOG --", "libbpf: failed to load program 'pick'", "Unable to load program'"]
put("quote-shell-multiline", "\n".join(sh), verdict="rejected", message=MEM["message"], category="mem-bounds")
# an escaped string wrapped into backslash-continued lines
esc = json.dumps("\n".join(cg) + "\n")[1:-1]
parts = esc.split("\\n")
put("quote-backslash-continued", 'log = "' + "\\n\\\n".join(parts) + '"', **CG)

# --- truncated pastes that end in prose ---------------------------------------
head = cg[:14]  # up to insn 11
T = dict(verdict="truncated", insn="9")  # the last instruction in head
put("trunc-stacktrace-attached", "\n".join(framed(head)[:-3] + ["", "[full stacktrace attached to this ticket]"]), **T)
put("trunc-marker-truncated", "\n".join(head + ["... TRUNCATED ...", "", "-- END PROG LOAD LOG --"]), **T)
put("trunc-bracket-ellipsis", "\n".join(["```"] + head + ["[...]", "```", "", "Any idea what could cause this?"]), **T)
put("trunc-snip", "\n".join(head + ["<snip>", "The same object loads fine on 5.15."]), **T)
put("trunc-cut-prose", "\n".join(["libbpf: prog 'skb_egress': -- BEGIN PROG LOAD LOG --"] + head[:6] +
                                 ["", "It goes on like this for another 2000 lines, I can send the rest if needed."]), verdict="truncated", insn="2")

# --- permission refusals with no kernel log ------------------------------------
P = dict(verdict="rejected", category="permission")
put("perm-cilium-eperm", 'Error: loading objects: field Egress: program egress: load program: operation not permitted', **P)
put("perm-failed-load-minus1", "libbpf: Failed to bump RLIMIT_MEMLOCK (err = -1), you might need to do it explicitly!\nfailed to load: -1\nError: failed to load BPF skeleton", **P)
put("perm-bcc-no-log", "bpf: Failed to load program: Permission denied\n\nTraceback (most recent call last):\n  File \"hello.py\", line 12, in <module>\n    b = BPF(text=prog)\nException: Failed to load BPF program b'hello': Permission denied", **P)
put("perm-lockdown-dmesg", "[  312.104512] Lockdown: bpftrace: use of bpf to read kernel RAM is restricted; see man kernel_lockdown.7", **P)
put("perm-bpf-syscall", "bpf(BPF_PROG_LOAD): Operation not permitted\nloader: giving up", **P)

for name, (text, exp) in out.items():
    open(os.path.join(D, name + ".log"), "w").write(text)
    open(os.path.join(D, name + ".expect"), "w").write("".join("%s: %s\n" % kv for kv in exp.items()))
print(len(out), "fixtures")
