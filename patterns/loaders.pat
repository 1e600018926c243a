# How loaders frame a verifier log. Read by unwrap (src/unwrap.c) for every
# line that is not plainly verifier output, in this order; the first match wins.
# Actions: prefix (read on with group rest), start, glued (start; group rest is
# the first log line, group insn an instruction printed before it; a group
# complete that matched says the line holds the whole log, a one-line summary:
# the log ends after it), end, meta, mute (drop lines up to the next end: a log
# that is not a program's).
# Groups prog, section, type name the program; a group failed (empty) says the
# line is printed only when the program's load failed (a log then holding only
# its summary lost its verdict: truncated, not accepted); a group err marks the line as
# the loader's statement of the error (the verdict of a program that shows no
# kernel log, through entries with action: said); a group msg is that statement
# as the record gives it (without the loader's tag, bcc's "bpf: "). See
# patterns/README.md.

# --- per-line prefixes -------------------------------------------------------
# Per-line prefixes are inferred (src/prefix.c): the text before the lines
# that have a verifier line's shape is learned and stripped from the whole
# block, whatever wrote it (klog, logrus, journald, docker-compose, kubectl,
# timestamps, test runners, CI runners). A rule here is for a prefix that
# says more than where the line starts.

id: level-libbpf
loader: libbpf
action: prefix
match: ^\[?(?:WARN|WARNING|INFO|DEBUG|ERROR|ERR|TRACE)\]?:?\s+(?<rest>libbpf: .*)$
example: WARN libbpf: prog 'skb_egress': -- BEGIN PROG LOAD LOG --

id: cxx-terminate-what
loader: c++
action: prefix
match: ^what\(\):\s+(?<rest>.+)$
example: what():  libscap: bpf_load_program() event=raw_tracepoint/filler/sys_unshare_e: Operation not permitted

# --- libbpf (and bpftool, libbpf-rs, every libbpf-based loader) --------------

id: vexplain-load-meta
loader: libbpf
action: meta
match: ^libbpf: prog '(?<prog>[^']+)': section '(?<section>[^']*)', type (?<type>\S+), kernel (?<kernel>\S+)$
example: libbpf: prog 'story_egress': section 'cgroup_skb/egress', type cgroup_skb, kernel 6.18.44-fc-v669

id: vexplain-load-stats
loader: libbpf
action: meta
match: ^vexplain-load: .*$
example: vexplain-load: prog 'story_egress' err=-22 attempts=1 log_level=1 log_size=65536 capped=0 verified_insns=-1 processed_insns=9 verify_usec=71 obj_helpers=35,4 log_helpers=35,4 rewrites=-

id: libbpf-begin
loader: libbpf
action: start
match: ^libbpf: prog '(?<prog>[^']+)': -- BEGIN PROG LOAD LOG --$
example: libbpf: prog 'skb_egress': -- BEGIN PROG LOAD LOG --

# the same block without libbpf's prefix: libscap's (falco's legacy probe),
# which prints it only for a load that failed
id: libscap-begin
loader: libscap
action: start
match: ^(?<failed>)-- BEGIN PROG LOAD LOG --$
example: -- BEGIN PROG LOAD LOG --

id: libbpf-end
loader: libbpf
action: end
match: ^(?:libbpf: (?:prog '[^']+': )?)?-- END (?:PROG LOAD )?LOG --$
example: -- END PROG LOAD LOG --
example: libbpf: -- END LOG --

id: libbpf-btf-log
loader: libbpf
action: mute
match: ^libbpf: -- BEGIN BTF LOAD LOG ---$
example: libbpf: -- BEGIN BTF LOAD LOG ---

id: libbpf-btf-log-end
loader: libbpf
action: end
match: ^(?:libbpf: )?-- END BTF LOAD LOG --$
example: -- END BTF LOAD LOG --
example: libbpf: -- END BTF LOAD LOG --

id: libbpf-begin-old
loader: libbpf
action: start
match: ^libbpf: -- BEGIN DUMP LOG ---$
example: libbpf: -- BEGIN DUMP LOG ---

id: libbpf-load-failed
loader: libbpf
action: meta
match: (?J)^libbpf: prog '(?<prog>[^']+)': (?:(?<failed>)BPF program load failed(?!: (?:Operation not permitted|Permission denied))|(?<failed>)failed to load|failed to attach).*$
example: libbpf: prog 'skb_egress': BPF program load failed: Invalid argument

id: libbpf-load-failed-old
loader: libbpf
action: meta
match: ^libbpf: (?<failed>)(?:load bpf program failed|failed to load program '(?<prog>[^']+)').*$
example: libbpf: load bpf program failed: Permission denied
example: libbpf: failed to load program 'xdp_prog'

id: libbpf-tools-error
loader: libbpf
action: end
match: ^(?:Error: )?[Ff]ailed to (?:load|open|attach)(?: and verify)? BPF (?:object|skeleton|programs?)(?::\s*(?:(?<err>-1)|.*))?$
example: failed to load BPF object: -2
example: failed to load BPF skeleton: -1
example: Error: failed to load BPF object
example: Failed to load and verify BPF skeleton

id: bpftool-error
loader: bpftool
action: end
match: ^Error: failed to (?:load|open) (?:object|program).*$
example: Error: failed to load object file

# --- Aya (Rust error chain: Error: ... Caused by: 0: ... 1: ...) -----------------

id: aya-verifier-output
loader: aya
action: glued
match: ^(?:(?:\d+|Error): )?(?:[\w ]*: )?the BPF_PROG_LOAD syscall failed\. Verifier output:\s?(?<rest>.*)$
example: 1: the BPF_PROG_LOAD syscall failed. Verifier output: 0: R1=ctx() R10=fp0
example: Error: the BPF_PROG_LOAD syscall failed. Verifier output: R1 type=ctx expected=fp

id: aya-program-load
loader: aya
action: meta
match: ^(?:(?:\d+|Error): )?failed program load (?<section>\S+) (?<prog>\S+)$
example: 0: failed program load cgroup_skb/egress skb_egress

# Aya before 0.11 named the program and put the log on the lines after
# (ProgramError::LoadFailed: "the BPF_PROG_LOAD syscall for `{program}`
# failed: {io_error}\nVerifier output:\n{log}")
id: aya-load-failed-old
loader: aya
action: meta
match: ^(?:(?:\d+|Error): )?(?:[\w ]*: )?the BPF_PROG_LOAD syscall for `(?<prog>[^`]+)` failed\b.*$
example: Error: the BPF_PROG_LOAD syscall for `tc_probe` failed: Permission denied (os error 13)
example: 1: the BPF_PROG_LOAD syscall for `xdp_firewall` failed: Invalid argument (os error 22)

id: aya-os-error
loader: aya
action: end
match: ^(?:\d+: )?.*\(os error \d+\)$
example: 2: Invalid argument (os error 22)

id: aya-caused-by
loader: aya
action: end
match: ^Caused by:$
example: Caused by:

# --- cilium/ebpf (Go) -----------------------------------------------------------

id: cilium-oneline-insn
loader: cilium-ebpf
action: glued
match: ^(?:.*?\bprogram (?<prog>[\w.]+): )?(?:.*?)load program: (?<err>[a-z][a-z ]*[a-z]): (?<insn>\d+: \([0-9a-f]{2}\) [^:]*): (?<rest>.+?)(?<complete> \((?:truncated, )?\d+ line\(s\) omitted\)?)?$
example: Error: program tail_nodeport_nat_egress_ipv4: load program: permission denied: 1030: (71) r1 = *(u8 *)(r9 +23): R9 invalid mem access 'inv' (646 line(s) omitted)
example: load program: no space left on device: 174: (79) r1 = *(u64 *)(r0 +0): R0_w=map_value(id=0,off=0,ks=4,vs=8,imm=0) R6=c (truncated, 557 line(s) omitted)

# the same summary quoted without its "load program: " (in prose, or by a
# wrapper that drops it): the errno's words, the instruction, the verdict and
# the elision count say it is one
id: cilium-oneline-bare
loader: cilium-ebpf
action: glued
match: ^(?:.*?: )?(?<err>[a-z][a-z ]*[a-z]): (?<insn>\d+: \([0-9a-f]{2}\) [^:]*): (?<rest>.+?)(?<complete> \((?:truncated, )?\d+ line\(s\) omitted\)?)$
example: 2. In the generated code, it failed to pass the verifier in kernel, the error is: permission denied: 21: (69) r2 = *(u16 *)(r0 +12): R0 invalid mem access 'inv' (26 line(s) omitted)

id: cilium-load-program
loader: cilium-ebpf
action: glued
match: ^(?:.*?\bprogram (?<prog>[\w.]+): )?(?:.*?)(?<![Tt]o )load program: (?:RLIMIT_MEMLOCK may be too low: )?(?<err>[a-zA-Z][a-zA-Z -]*[a-zA-Z])(?: \((?:RLIMIT_)?MEMLOCK may be too low[^)]*\))?(?::\s*(?<rest>.*?))?(?<complete>\s*\((?:truncated, )?\d+ line\(s\) omitted\)?)?$
example: load program: invalid argument:
example: Error: loading objects: field Egress: program egress: load program: operation not permitted
example: program carrier_down_count_show: load program: bad CO-RE relocation: invalid func unknown#195896080 (19 line(s) omitted)
example: Program fentry_tc: load program: invalid argument: Subprog __send_drop_notify doesn't exist (5 line(s) omitted
example: field Egress: program egress: load program: operation not permitted (MEMLOCK may be too low, consider rlimit.RemoveMemlock)

id: cilium-omitted
loader: cilium-ebpf
action: meta
match: ^\(\d+ line\(s\) omitted\)$
example: (638 line(s) omitted)

# the summary's elision count at the end of a line of its own (a summary
# wrapped over two lines: "... Unreleased " / "reference id=3 ... (28 line(s)
# omitted)"): the line without it
id: cilium-omitted-tail
loader: cilium-ebpf
action: prefix
match: ^(?<rest>.*\S)\s*\(\d+ line\(s\) omitted\)?$
example: reference id=3 alloc_insn=10 (28 line(s) omitted)

# --- bcc (Python) ---------------------------------------------------------------

# bcc's own sentence for E2BIG, one printf with the errno's words in it: the
# whole line is the statement
id: bcc-e2big
loader: bcc
action: glued
match: ^(?<rest>bpf: Argument list too long\. Program\s+(?:\S+\s+)?too large \(\d+ insns\), at most \d+ insns)$
example: bpf: Argument list too long. Program  too large (3999 insns), at most 4096 insns

id: bcc-failed
loader: bcc
action: glued
match: ^bpf: (?<msg>(?:Failed to load program: )?(?<err>[A-Z][a-z]+(?: [a-z]+)*))(?:\. (?<rest>.*))?$
example: bpf: Failed to load program: Invalid argument
example: bpf: Permission denied

id: bcc-hint
loader: bcc
action: end
match: ^HINT: .*$
example: HINT: The invalid mem access 'inv' error can happen if you try to dereference memory without first using bpf_probe_read_kernel() to copy it to the BPF stack.

id: bcc-exception
loader: bcc
action: end
match: ^(?:Exception: )?Failed to load BPF program b?'(?<prog>[^']+)'.*$
example: Exception: Failed to load BPF program b'trace_entry': Permission denied

id: cilium-prog-arrays
loader: cilium
action: end
match: ^Error filling program arrays!$
example: Error filling program arrays!

id: python-traceback
loader: bcc
action: end
match: ^Traceback \(most recent call last\):$
example: Traceback (most recent call last):

# --- bpftrace -------------------------------------------------------------------

id: bpftrace-error-log
loader: bpftrace
action: glued
match: ^(?:Kernel )?[Ee]rror [Ll]og:\s?(?<rest>.*)$
example: Error log:
example: Kernel error log: 
example: Error Log:

id: bpftrace-error
loader: bpftrace
action: meta
match: ^(?:ERROR: )?(?<failed>)Error loading program: (?<section>\S+).*$
example: ERROR: Error loading program: kfunc:vfs_open (try -v)
example: Error loading program: kprobe:do_nanosleep

# --- iproute2 (tc, ip link ... xdp) ----------------------------------------------

# its words before the log: the section it loaded ("classifier", "action",
# "xdp", cilium's "2/10"), then " - Type: N", "Verifier analysis:"
id: iproute2-prog-section
loader: iproute2
action: meta
match: ^Prog section '(?<section>[^']+)' (?:rejected|loaded)\b.*$
example: Prog section 'classifier' rejected: Permission denied (13)!
example: Prog section 'tc_action/test' rejected: Permission denied (13)!

# --- libscap (falco) ------------------------------------------------------------

id: libscap-load
loader: libscap
action: end
match: ^libscap: bpf_load_program\(\) event=(?<section>\S+): .*$
example: libscap: bpf_load_program() event=raw_tracepoint/filler/sys_unshare_e: Operation not permitted (1)

# --- libpman (falco's modern probe, over a libbpf skeleton) -----------------------

# its statement of the failed load, after libbpf's own lines: the errno is
# the verdict of a program whose log shows nothing else
id: libpman-load
loader: libpman
action: end
match: ^(?:.*?: )?libpman: (?<msg>failed to load BPF (?:object|skeleton|program)s? \(errno: (?<err>\d+) \| message: [^)]*\))$
example: libpman: failed to load BPF object (errno: 524 | message: Unknown error 524)
example: Wed Nov 27 10:15:51 2024: [libs]: libpman: failed to load BPF object (errno: 22 | message: Invalid argument)
