# Lines that look like verdicts but are not: statistics, register and stack
# dumps, precision tracking, branch and call markers, warnings printed before
# the real verdict. vexplain never takes these for the rejection.
# Every match is anchored on both ends: this file is read before the
# categories named k..z, so a loose pattern here would hide their verdicts.

id: info-stats
category: info
match: ^(?:processed \d+ insns \(limit \d+\) max_states_per_insn \d+ total_states \d+ peak_states \d+ mark_read \d+|processed \d+ insns(?: \(limit \d+\))?,? stack depth \d+(?:\+\d+)*|verification time \d+ usec|stack depth \d+(?:\+\d+)*\+?)$
title: verifier statistics
explain: The summary the verifier prints at the end of every log, accepted or not: instructions processed, states, stack depth.
fix: Not a verdict: the rejection, if any, is stated just before these lines.
example: processed 1000001 insns (limit 1000000) max_states_per_insn 35 total_states 49983 peak_states 4233 mark_read 16
example: verification time 1234 usec
example: processed 12 insns (limit 131072), stack depth 0
example: stack depth 24+0

id: info-precision
category: info
match: ^(?:mark_precise: frame\d+: .*|force_precise: frame\d+: .*|last_idx \d+ first_idx \d+(?: subseq_idx -?\d+)?|parent (?:didn't have|already had) regs=.*|regs=\S+ stack=\S+ before \d+: .*|frame \d+: propagating (?:r|fp-?)\d+(?:,(?:r|fp-?)\d+)*)$
title: precision tracking (log level 2)
explain: Backtracking the verifier does to decide which scalars must be tracked exactly; informational.
fix: Not a verdict.
example: mark_precise: frame0: last_idx 14 first_idx 9 subseq_idx -1
example: mark_precise: frame0: regs=r2 stack= before 13: (bf) r2 = r0

id: info-branch
category: info
match: ^(?:from \d+ to \d+(?: \(speculative execution\)|\S*)?:(?: .*)?|\d+: safe|func#\d+ @\d+|Func#\d+ \('[^']*'\) is (?:global and assumed valid\.|safe for any args that match its prototype)|Validating \S+\(\) func#\d+\.\.\.|(?:caller|callee|returning from callee|cur state|old state):|to caller at \d+:|propagating (?:r|fp-?)\d+)$
title: branch, call and subprogram markers
explain: Where the verifier resumes a pending branch, which subprograms it found, and calls and returns between BPF functions.
fix: Not a verdict.
example: from 12 to 15: R0=scalar() R1=ctx() R10=fp0
example: func#0 @0
example: Func#1 ('helper') is global and assumed valid.
example: 17: safe

id: info-state
category: info
match: ^(?:\d+: )?(?:frame\d+: )?(?:R\d+(?:_[rwD]+)?=\S.*|fp-?\d+(?:_[rwD]+)?=\S.*)$
title: register and stack state
explain: The verifier's view of the registers and stack slots at an instruction.
fix: Not a verdict.
example: 0: R1=ctx() R10=fp0
example: R1=ctx(id=0,off=0,imm=0) R10=fp0

id: info-insn
category: info
match: ^(?:\d+: \([0-9a-f]{2}\) .*|; .*)$
title: an instruction or a source line
explain: The instruction the verifier is checking, or the source line (from BTF line info) it came from.
fix: Not a verdict.
example: 12: (85) call bpf_probe_read#4
example: ; pid_t tgid = BPF_CORE_READ(task, tgid); @ probes.bpf.c:488

id: info-btf-dump
category: info
match: ^(?:(?:magic|version|flags|hdr_len|type_off|type_len|str_off|str_len|btf_total_size): \S+|vmlinux_cand_cache:|module_cand_cache:|CO-RE relocating .*: found target candidate \[\d+\]|func '[^']*' arg\d+ has btf_id \d+ type \S+ '[^']*'|marking pointer arg\d+ as scalar as it may encode error)$
title: BTF header dump and CO-RE/tracing notes
explain: Details the kernel prints while loading BTF or applying relocations; not a rejection.
fix: Not a verdict.
example: magic: 0xeb9f
example: func 'security_file_open' arg0 has btf_id 1234 type STRUCT 'file'

id: info-warnings
category: info
match: ^(?:btf_vmlinux is malformed|reg type unsupported for arg#\d+ .*|arg#\d+ type tag fetching failure: -?\d+|Cannot find btf of tracepoint template, fall back to .*|Note, BPF_LSM_CGROUP that attach to void LSM hooks can't modify return value!|\[nfp\] warning: .*|\[netdevsim\] .*|frame\d+ bpf_loop iteration limit reached|REG INVARIANTS VIOLATION .*|verifier internal error: invalid spi when querying dynptr type|mark_reg_(?:known_zero|unknown|not_init)\(regs, \d+\))$
title: a warning printed before the verdict
explain: The kernel prints these while it carries on (global function argument checks falling back, BTF notes, invariant warnings); the real rejection, if any, follows.
fix: Not a verdict: read on to the line that states the rejection.
kernels: `reg type unsupported for arg#N function X#N` is printed by 5.x-6.1 when a global function's argument check falls back, before the real verdict.
example: reg type unsupported for arg#0 function handle_tp#3
example: btf_vmlinux is malformed

id: info-btf-types
category: info
match: ^(?:\[\d+\] [A-Z_0-9]+ \S*(?: .*)?|\s*\S* ?type_id=\d+ (?:bitfield_size=\d+ )?bits_offset=\d+|\s*type_id=\d+ offset=\d+ size=\d+)$
title: BTF type listing
explain: While loading BTF with a log, the kernel lists each type it checks (`[id] KIND name details`) and its members; the error, if any, is the line that adds a complaint to such an entry (see btf.pat, read before this file).
fix: Not a verdict.
example: [1] STRUCT task_struct size=9792 vlen=2
example: pid type_id=5 bits_offset=0


id: info-elision
category: info
match: ^(?:(?:\.{3,}|…) ?(?:[A-Za-z][A-Za-z ]*[A-Za-z])? ?(?:\.{3,}|…)|\[[^\[\]]*\]|<[^<>]*>|-+ ?(?:snip|cut|8<) ?-+|(?i:truncated|snip|snipped))$
title: a paste's elision marker
explain: What a person puts where they cut a log (`[...]`, `<snip>`, `... TRUNCATED ...`, `[full log attached]`): the kernel prints nothing like it. Text after it is not where the verdict sits.
fix: Not a verdict: a log that ends at such a marker was cut before its verdict; paste the end of the log (the lines before `processed N insns`).
example: [...]
example: <snip>
example: ... TRUNCATED ...
example: [full stacktrace attached to this ticket]

id: info-stack-trace
category: info
match: ^(?:goroutine \d+ \[[^\]]+\]:|(?:main|runtime|[\w.~-]+(?:/[\w.~-]+)+)\.(?:\(\*?[\w.]+\)\.)?[\w.]+(?:\(.*\))?|/\S+\.go:\d+(?: \+0x[0-9a-f]+)?|File "[^"]+", line \d+, in \S+|at \S+\(\S+:\d+(?::\d+)?\)|#\d+ +0x[0-9a-f]+ in \S+.*)$
title: a stack trace of the loader's own program
explain: A Go goroutine dump (`github.com/x/y.(*T).Load(...)` then `/path/file.go:123 +0x1f`), a Python traceback frame or a C/C++ backtrace printed after the loader failed: the loader's code, not the verifier's words.
fix: Not a verdict: the rejection is in the verifier log or the loader's error before the trace; a log that ends here was cut before its verdict.
example: github.com/kubearmor/KubeArmor/KubeArmor/log.Errf
example: /usr/local/go/src/runtime/proc.go:271
example: github.com/cilium/ebpf.(*Collection).LoadAndAssign(0xc0001a2000, {0x1234560, 0xc00001c0a8}, 0x0)
example: goroutine 1 [running]:
example: main.main()
example: File "/usr/lib/python3/dist-packages/bcc/__init__.py", line 526, in load_func

# libbpf goes on without the object's BTF: the BTF log's own line before it
# says why; a program that needed the BTF fails after it with its own words
id: info-libbpf-btf-optional
category: info
match: ^(?:libbpf: )?Error loading \.BTF into kernel: -?\d+\. BTF is optional, ignoring\.$
title: libbpf drops the object's BTF and goes on
explain: The kernel refused the object's BTF and libbpf continues without it (the BTF load log before this line says why); programs and maps that need the BTF (func_info and line_info, BTF-defined maps with locks or kptrs, global functions) may fail to load after it.
fix: Not a verdict: look at the BTF load log's last line before it, and at the program's own failure after it.
example: libbpf: Error loading .BTF into kernel: -22. BTF is optional, ignoring.

# libbpf retries a map without its BTF when the kernel refused it with BTF:
# a warning; a failure of the retry has its own line after it
id: info-libbpf-map-retry-without-btf
category: info
match: ^(?:libbpf: )?Error in bpf_create_map_xattr\([^)]*\):[^(]*\(-?\d+\)\. Retrying without BTF\.$
title: libbpf creates a map again without its BTF
explain: The kernel refused the map with the BTF of its key and value (it cannot use BTF for this map type or does not know a kind in it); libbpf retries without BTF. If nothing fails after this line, the map was created; features that need the BTF (spin locks, timers, kptrs in the value) fail later.
fix: Not a verdict: a failure of the retry, or of a program using the map, comes after it.
example: libbpf: Error in bpf_create_map_xattr(events):Invalid argument(-22). Retrying without BTF.
