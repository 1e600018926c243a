# The attach target (BTF id, kernel function, hook, struct_ops member).

id: attach-function-address
category: attach-target
match: ^The address of function (?<func>\S+) cannot be found$
title: the kernel has BTF for {func} but no address: it cannot be attached to
explain: fentry/fexit/fmod_ret/LSM programs attach to a kernel function by its BTF id; the verifier then looks up its address in kallsyms. {func} is described in BTF but has no symbol address: it was inlined everywhere, is static and optimized away, or is in a module that is not loaded.
fix: Attach to a caller of {func} that is not inlined (check `grep -w {func} /proc/kallsyms`), or use a kprobe, which can attach to more places.
fix: If {func} is in a module, load the module before loading the program and pass the module's BTF (libbpf does this when the module is loaded).
example: The address of function do_sys_open cannot be found

id: attach-btf-id
category: attach-target
match: ^(?:attach_btf_id (?<btf_id>\d+) (?:is not a function|is invalid|doesn't have a name|is not a typedef|is not a supported struct|points to (?:wrong type name|disabled hook) (?<name>\S+))|Tracing programs must provide btf_id|(?:vmlinux|kernel) BTF is not supported|FENTRY/FEXIT program can only be attached to another program annotated with BTF)$
title: the attach target{btf_id| (BTF id {btf_id})} is not something this program type can attach to
explain: Tracing, LSM, struct_ops and extension programs name their target by a BTF id in the load attributes; the verifier checks that the id names the right kind of thing (a function for fentry/fexit, a `bpf_lsm_*` hook for LSM, a `btf_trace_*` typedef for tp_btf). Here it does not{name|: the target is {name}}.
fix: Let libbpf resolve the target from the section name (`SEC("fentry/do_unlinkat")`, `SEC("lsm/file_open")`, `SEC("tp_btf/sched_switch")`) and check the name exists in this kernel: `bpftool btf dump file /sys/kernel/btf/vmlinux | grep -w NAME`.
fix: For LSM programs the hook must be enabled: `lsm=...,bpf` on the kernel command line (see /sys/kernel/security/lsm).
example: attach_btf_id 1234 is not a function
example: attach_btf_id 53321 points to disabled hook bpf_lsm_file_open

id: attach-struct-ops
category: attach-target
match: ^(?:struct_ops module \S+ is not found|attach to (?:invalid member (?:idx \d+|\S+\(@idx \d+\))|unsupported member \S+) of struct (?<struct>\S+))$
title: the struct_ops program does not match a member of {struct|the struct_ops type}
explain: A struct_ops program implements one member (function pointer) of a kernel struct such as tcp_congestion_ops or sched_ext_ops. The member it names must exist in this kernel's version of the struct and be one the subsystem lets BPF implement.
fix: Check the member names against this kernel's struct (`bpftool btf dump file /sys/kernel/btf/vmlinux | grep -A30 'struct {struct|NAME} {'`) and drop the programs for members it lacks.
example: attach to unsupported member release of struct tcp_congestion_ops

id: attach-extension-target
category: attach-target
match: ^(?:Cannot replace (?:static|kernel) functions|Extension programs should be JITed|Extension program changes packet data, while original does not|Can attach to only JITed progs|Cannot nest tracing program attach more than once|Cannot recursively attach|Cannot extend fentry/fexit|Only FENTRY/FEXIT progs are attachable to another BPF prog|Program extension requires BTF|Subprog \S+ doesn't exist|Target program bound device mismatch|\S+ programs cannot attach to exception callback|\S+\(\) is not a global function|\S+\(\) has \d+ args while \S+\(\) has \d+ args|Return type \S+ of \S+\(\) doesn't match type \S+ of \S+\(\)|arg\d+ in \S+\(\) (?:is \S+ while \S+\(\) has \S+|has size \d+ while \S+\(\) has \d+|has unrecognized type|is not a pointer to context)|arg\d+ \S+\(struct \S+ \*\) doesn't match \S+\(struct \S+ \*\))$
title: the BPF program this program attaches to or replaces is not a valid target
explain: freplace (extension) programs replace a global function of another loaded BPF program and must have the same prototype; fentry/fexit on BPF programs need a JITed target with BTF. The verifier compared the target and found a mismatch.
fix: Make the replaced function global (not static) in the target program and give the extension exactly the same prototype (argument count, sizes, pointer-to-ctx arguments).
fix: Load the target program with BTF (compile with `-g`) and with the JIT enabled (`sysctl net.core.bpf_jit_enable=1`).
example: Cannot replace static functions
example: arg1 in foo() is int while bar() has ptr

id: attach-func-proto
category: attach-target
match: ^(?:The function (?<func>\S+) (?:has \d+ arguments\. Too many\.|return type \S+ is unsupported\.|with variable args is unsupported\.|arg\d+ type \S+ is unsupported\.|has malformed void argument\.)|Attach to function \S+ with a >8 byte return value is not supported for this attach type|Attaching fexit/fmod_ret to __noreturn functions is rejected\.|\S+\(\) is not modifiable|can't modify return codes of BPF programs|ret type \S+ not allowed for fmod_ret)$
title: {func|the target function} cannot be traced this way
explain: fentry/fexit/fmod_ret trampolines need a target whose arguments and return value fit in registers: at most 6 (12 on newer kernels) arguments, no varargs, no struct returned by value larger than 8 bytes; fmod_ret needs a function on the error-injection list; fexit cannot attach to functions that never return.
fix: Attach to a different function (a caller or callee with a simpler prototype), or use a kprobe/kretprobe, which reads registers instead of typed arguments.
fix: For fmod_ret, pick a function marked ALLOW_ERROR_INJECTION (see /sys/kernel/debug/error_injection/list) or an LSM hook.
example: The function vfs_read has 13 arguments. Too many.

id: attach-tracing-denied
category: attach-target
match: ^Attaching tracing programs to function '(?<func>[^']+)' is rejected\.$
title: '{func}' is on the verifier's list of functions tracing programs may not attach to
explain: fentry/fexit/fmod_ret programs run from a BPF trampoline, and the trampoline itself calls a few functions on the way in and out (migrate_disable and migrate_enable, __rcu_read_lock and __rcu_read_unlock, rcu_read_unlock_strict, preempt_count_add and preempt_count_sub, depending on the kernel's configuration). Tracing one of them would recurse into the program, so the verifier keeps them in a deny list (`btf_id_deny`) and refuses the attach target '{func}' whatever the program does.
fix: Attach to another function: a caller of '{func}' or the code path you want to observe, or trace the event with a tracepoint.
fix: If you need '{func}' itself, use a kprobe (`SEC("kprobe/{func}")`): kprobes do not go through the trampoline (they may still be refused by the kprobe blacklist, /sys/kernel/debug/kprobes/blacklist).
kernels: printed since 6.17; older kernels refuse the same targets with EINVAL and no message (the log then holds only the processed line).
ref: https://lore.kernel.org/bpf/20250722153434.20571-3-kafai.wan@linux.dev/
example: Attaching tracing programs to function 'migrate_disable' is rejected.
example: Attaching tracing programs to function '__rcu_read_unlock' is rejected.

id: attach-tracing-ctx
category: attach-target
match: ^(?:func '(?<func>[^']+)' (?:offset -?\d+ is not multiple of 8|doesn't have \d+-th argument|arg\d+ '[^']*' has type \S+\. Only pointer access is allowed|size \d+ must be 8|arg\d+ type \S+ is not a struct)|invalid btf_id for context argument offset \d+)$
title: the program reads an argument of {func|the traced function} that does not exist or has another type
explain: A tracing program (fentry/fexit/tp_btf/lsm) reads the traced function's arguments as an array of 8-byte slots whose types come from BTF. The read is at an offset that is not an argument slot, or treats a scalar argument as a pointer.
fix: Use the BPF_PROG() macro (bpf_tracing.h) with the exact argument list of {func|the function} on this kernel; check it with `bpftool btf dump file /sys/kernel/btf/vmlinux | grep -A3 "{func|FUNC}"`.
fix: If the function's prototype changed between kernels, use CO-RE (`bpf_core_type_exists`, different programs per version) instead of a fixed argument list.
example: func 'tcp_sendmsg' doesn't have 4-th argument

# libbpf attaching a program the kernel accepted: the target is missing or
# refuses it (after a successful load, so no verifier log goes with it)
id: attach-libbpf-perf-event
category: attach-target
match: (?J)^(?:libbpf: )?(?:prog '(?<prog>[^']*)': )?(?:(?:failed to create (?<probe>k(?:ret)?probe|u(?:ret)?probe|tracepoint) '(?<target>[^'+:]+)[^']*' perf event|failed to determine (?:(?<xprobe>tracepoint) '(?<xtarget>[^'+:]+)[^']*' perf event ID|legacy (?<yprobe>[ku]probe) event id for '?(?<ytarget>[^'+:]+)[^']*'?)|failed to add legacy (?<zprobe>[ku]probe) event for '?(?<ztarget>[^'+:]+)[^']*'?|failed to attach to raw tracepoint '(?<rtarget>[^'+:]+)[^']*'|legacy (?<wprobe>[ku]probe) perf_event_open\(\) failed|failed to attach to perf_event FD \d+): (?:(?<enoent>No such file or directory|-ENOENT|-2)|(?<einval>Invalid argument|-EINVAL|-22)|(?<eperm>Operation not permitted|Permission denied|-EPERM|-EACCES|-1|-13)|(?<ebusy>Device or resource busy|-EBUSY|-16)|(?<enotsup>Operation not supported|Unknown error 524|-EOPNOTSUPP|-ENOTSUPP|-95|-524)|(?<eother>[\w -]+))|failed to create BPF link for perf_event FD \d+: -?\d+ \((?:(?<enoent>No such file or directory|-ENOENT|-2)|(?<einval>Invalid argument|-EINVAL|-22)|(?<eperm>Operation not permitted|Permission denied|-EPERM|-EACCES|-1|-13)|(?<ebusy>Device or resource busy|-EBUSY|-16)|(?<enotsup>Operation not supported|Unknown error 524|-EOPNOTSUPP|-ENOTSUPP|-95|-524)|(?<eother>[\w -]+))\))$
title: the program loaded, but attaching it{target| to {probe} '{target}'}{xtarget| to tracepoint '{xtarget}'}{ytarget| to {yprobe} '{ytarget}'}{ztarget| to {zprobe} '{ztarget}'}{rtarget| to raw tracepoint '{rtarget}'} failed{?enoent:: it does not exist on this kernel}
explain: The verifier accepted the program; the failure is in attaching it, when libbpf opens the {probe|{xprobe|{yprobe|{zprobe|kprobe, uprobe or tracepoint}}}} event{target| for '{target}'}{xtarget| '{xtarget}'}{ytarget| for '{ytarget}'}{ztarget| for '{ztarget}'}{rtarget| '{rtarget}'} and links the program to it.
explain[enoent]: ENOENT: the target does not exist on this kernel. A kprobe's function may be renamed, inlined or static and compiled away (`grep -w NAME /proc/kallsyms`, `/sys/kernel/tracing/available_filter_functions`), a syscall's wrapper has an architecture prefix (`__x64_sys_openat`, `__arm64_sys_openat`), a tracepoint's category or name changed (`ls /sys/kernel/tracing/events/CATEGORY/`), or tracefs is not mounted where libbpf looks (`/sys/kernel/tracing` or `/sys/kernel/debug/tracing`).
explain[einval]: EINVAL: the kernel refused the probe point itself: the function is on the kprobe blacklist (`/sys/kernel/debug/kprobes/blacklist`), the offset is not an instruction boundary, or the uprobe's offset does not fall in an executable mapping of the file.
explain[eperm]: EPERM/EACCES: opening perf events needs CAP_PERFMON (or CAP_SYS_ADMIN), `kernel.perf_event_paranoid` may forbid it, and kernel lockdown refuses kprobes on some kernels.
explain[ebusy]: EBUSY: the event is taken: another program is attached to it with an interface that does not allow sharing, or a stale legacy kprobe event of the same name exists in `/sys/kernel/tracing/kprobe_events`.
explain[enotsup]: EOPNOTSUPP: this kernel lacks the attach interface libbpf tried (BPF links for perf events came in 5.15, kprobe-multi in 5.18, uprobe-multi in 6.6); a newer libbpf falls back to older interfaces by itself.
fix[enoent]: Pick a target this kernel has: check `grep -w '{target|{ytarget|{ztarget|FUNC}}}' /proc/kallsyms` (or the tracepoint under /sys/kernel/tracing/events/), use `SEC("ksyscall/NAME")` for syscalls (libbpf adds the architecture prefix), or attach to a caller that is not inlined; make the attachment optional (`bpf_program__set_autoload(prog, false)`) when the target exists only on some kernels.
fix[einval]: Attach to a function that is not blacklisted (a caller, or fentry if BTF is available), at offset 0.
fix[eperm]: Run the loader with CAP_PERFMON and CAP_BPF (or as root), check `sysctl kernel.perf_event_paranoid` and `cat /sys/kernel/security/lockdown`.
fix[ebusy]: Remove stale events (`echo '-:NAME' >> /sys/kernel/tracing/kprobe_events`, or detach the other program: `bpftool perf list`), then attach again.
fix[enotsup]: Update libbpf (it falls back to legacy tracefs attachment), or run a newer kernel.
fix: Ask libbpf for the details: `LIBBPF_LOG_LEVEL=debug` (or `bpftool -d`) prints each attach step.
kernels: printed by libbpf 0.x and 1.x (1.6+ spells the errno `-ENOENT`).
example: libbpf: prog 'kprobe_do_sys_open': failed to create kprobe 'do_sys_open+0x0' perf event: No such file or directory
example: libbpf: prog 'handle_tp': failed to create tracepoint 'syscalls/sys_enter_openat2' perf event: -ENOENT
example: libbpf: prog 'on_exec': failed to determine tracepoint 'sched/sched_process_exec' perf event ID: No such file or directory
example: libbpf: prog 'trace_vfs': failed to add legacy kprobe event for 'vfs_read+0x0': Device or resource busy
example: libbpf: prog 'rtp': failed to attach to raw tracepoint 'sys_enter_foo': No such file or directory
example: libbpf: prog 'kp': failed to create BPF link for perf_event FD 12: -95 (Operation not supported)
follows: attach-libbpf-perf-event

# libbpf's restatement after the attach step's own line
# a restatement: the line before it names the attach step and why, and
# src/statement.c takes that one; alone, the statement rule reads it
id: attach-libbpf-auto-attach
category: attach-target
action: said
match: ^(?:libbpf: )?(?:prog '(?<prog>[^']*)': )?failed to auto-attach: (?<err>-?\w+)$
title: libbpf could not attach {prog|a program} of the skeleton ({err})
explain: The skeleton's programs loaded, and attaching {prog|one} failed with {err}; libbpf's line before this one names the attach step (the kprobe, tracepoint or link it could not create) and why.
fix: Look at libbpf's line before this one; with `LIBBPF_LOG_LEVEL=debug` libbpf prints each attach step.
fix: Check that the target exists on this kernel (`/proc/kallsyms`, `/sys/kernel/tracing/events/`), and that the loader may open perf events (CAP_PERFMON, `kernel.perf_event_paranoid`).
kernels: printed by libbpf 1.x (bpf_object__attach_skeleton).
example: libbpf: prog 'handle_exec': failed to auto-attach: -2
follows: attach-libbpf-perf-event

# bcc's and bpftrace's words for a probe they could not attach (the program
# itself loaded)
id: attach-probe-loader
category: attach-target
match: ^(?:Failed to attach BPF (?:program )?b?'?(?<prog>[^' ]*)'? to (?<probe>k(?:ret)?probe|u(?:ret)?probe|tracepoint|raw tracepoint|kfunc|kretfunc|lsm) b?'?(?<target>[^' ,]*)'?(?<notrace>, it's not traceable \(either non-existing, inlined, or marked as "notrace"\))?|cannot attach (?<xprobe>[ku]probe), (?:(?<enoent>probe entry may not exist)|(?<err_text>.+))|(?:Error attaching probe|Unable to attach probe): '?(?<yprobe>[\w-]+):(?<ytarget>[^' .]+(?:\.[^' .]+)*)'?(?:\..*)?|Could not resolve symbol: (?<sym>\S+))$
title: {!sym:the program loaded, but }attaching it{target| to {probe} '{target}'}{ytarget| to {yprobe}:{ytarget}}{sym| to {sym}} failed
explain: {!sym:The verifier accepted the program; the loader}{?sym:The loader} could not attach it to its probe point{target| ({probe} '{target}')}{ytarget| ({yprobe}:{ytarget})}{sym| ({sym})}. {?notrace:The loader says why: the function is not traceable on this kernel: it does not exist, was inlined by the compiler, or is marked `notrace`.}{?enoent:The probe point does not exist on this kernel.}{?sym:The symbol is not in the binary or library named (stripped, renamed, or in another library the program links).}{!notrace:{!enoent:{!sym:The usual cause is a target that does not exist on this kernel (a renamed, inlined or static function, a tracepoint that moved), then privilege (perf events need CAP_PERFMON) or a probe point the kernel refuses (the kprobe blacklist).}}}
fix: Check the target on this kernel: `grep -w '{target|{ytarget|FUNC}}' /proc/kallsyms` and `/sys/kernel/tracing/available_filter_functions` for kprobes and fentry, `ls /sys/kernel/tracing/events/` for tracepoints, `nm -D` or `readelf -s` on the binary for uprobes; `bpftrace -l '{yprobe|kprobe}:*{ytarget|{target|NAME}}*'` lists what matches.
fix: Attach to a caller or callee that is not inlined, use the syscall's tracepoint instead of its wrapper function (which has an architecture prefix: `__x64_sys_openat`), or make the probe optional where the target exists only on some kernels (bpftrace: `config = { missing_probes = "warn" }`).
fix: Run as root or with CAP_PERFMON and CAP_BPF; check `sysctl kernel.perf_event_paranoid`.
kernels: printed by bcc (`cannot attach kprobe, ...`, the Python exception `Failed to attach BPF program ...`) and bpftrace (`Error attaching probe`, newer `Unable to attach probe`, `Could not resolve symbol`).
example: Failed to attach BPF program b'trace_entry' to kprobe b'do_sys_open', it's not traceable (either non-existing, inlined, or marked as "notrace")
example: cannot attach kprobe, probe entry may not exist
example: Error attaching probe: 'kprobe:do_nanosleep'
example: Unable to attach probe: kprobe:vfs_readx. If this is expected, set the 'missing_probes' config variable to 'warn'.
example: Could not resolve symbol: /bin/bash:readline
follows: attach-probe-loader

id: attach-libbpf-no-btf-id
category: attach-target
match: ^(?:libbpf: )?(?:prog '(?<prog>[^']*)': )?(?:failed to find kernel BTF type ID of '(?<target>[^']*)': -?\d+|(?<sec>\w+)/(?<xtarget>\S+) is not found in vmlinux BTF)$
title: the attach target {target|{xtarget}} does not exist in this kernel's BTF
explain: libbpf looked up the function, LSM hook or tracepoint named in the section ({sec|SEC("...")}) in the kernel's BTF before loading and did not find {target|{xtarget}}: the name is misspelled, the function was renamed or inlined in this kernel, it lives in a module (module BTF must be loaded), or the kernel lacks that hook.
fix: Check the name: `bpftool btf dump file /sys/kernel/btf/vmlinux | grep -w '{target|{xtarget}}'` (for LSM hooks look for `bpf_lsm_<hook>`, for tp_btf `btf_trace_<event>`).
fix: If it is a module function, load the module first (`modprobe`) so its BTF appears under /sys/kernel/btf/; otherwise attach to a caller that exists on this kernel, or use a kprobe.
kernels: printed by libbpf (not the kernel) before the program is loaded.
example: libbpf: prog 'check_open': failed to find kernel BTF type ID of 'file_open_old': -3
example: libbpf: fentry/xfs_file_read_iter is not found in vmlinux BTF
