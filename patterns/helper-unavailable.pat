# Helper calls that this kernel or this program type does not offer.

id: helper-prog-type
category: helper-unavailable
match: ^(?:program of this type cannot use helper|unknown func) (?:(?<helper>\w+)#)?(?<helper_id>\d+)$
title: {prog_type|this program type} cannot call {helper}#{helper_id}
explain[!helper_allowed]: Each program type has its own set of helpers, chosen by the subsystem that runs it, and the verifier rejects a call outside that set. {helper} (#{helper_id}) is not in the set of {prog_type|this program type}{helper_allowed_types|; on the probed kernels it is offered to: {helper_allowed_types}}.{?probe_read_family: bpf_probe_read and the other probe_read helpers are for tracing types (kprobe, tracepoint, perf_event, raw_tracepoint, fentry/fexit, ...), which run where reading arbitrary kernel memory is expected.}
explain[helper_allowed]: {prog_type|This program type} normally may call {helper} (#{helper_id}), so the program type is not the cause. The likely cause is kernel lockdown: with Secure Boot in lockdown's confidentiality mode (`cat /sys/kernel/security/lockdown` shows `[confidentiality]`), the kernel withdraws bpf_probe_read, bpf_probe_read_kernel, bpf_probe_read_str and the other helpers that read kernel memory from every program type, and the verifier then reports them as unavailable.
explain[probe_read_refused]: BPF_CORE_READ() expands to bpf_probe_read_kernel() (#113) in current libbpf headers, not to bpf_probe_read() (#4). If your source uses BPF_CORE_READ or bpf_probe_read_kernel and the log still shows {helper}#{helper_id}, the loader rewrote the call: libbpf and Aya replace probe_read_kernel with probe_read when their feature probe concludes that the kernel lacks bpf_probe_read_kernel. A broken probe does this on kernels that have it (Aya commit 942ea51 introduced such a rewrite, fixed in aya PR #1235).
explain[rewritten]: {loader|The loader} rewrote a helper call before loading: the object calls {rewritten_from_name}#{rewritten_from}{rewritten_insn| at instruction {rewritten_insn}}, the kernel was given {rewritten_to_name}#{rewritten_to}.{?rewritten_because_probe_read_kern: bpf_object__sanitize_prog() replaces bpf_probe_read_kernel/_user with bpf_probe_read (and the _str variants with bpf_probe_read_str) when its FEAT_PROBE_READ_KERN probe fails; that probe loads a kprobe program calling bpf_probe_read_kernel, which fails on kernels before 5.5 and when the loader lacks CAP_PERFMON (and CAP_SYS_ADMIN).}{?rewritten_at_verdict: The verifier's complaint is about the rewritten call, which the source never makes.}
explain[!prog_type]: The log does not name the program type{ctx_struct| (its context is `struct {ctx_struct}`, which may be shared by several types)}: `vexplain -t TYPE` gives the answer for that type, with the helpers it may call instead.
fix[rewritten_because_probe_read_kern]: Let libbpf's probe succeed so {rewritten_from_name}#{rewritten_from} reaches the verifier unchanged: run the loader with CAP_PERFMON (or CAP_SYS_ADMIN) besides CAP_BPF, on a kernel >= 5.5.
fix[!prog_type]: {?probe_read_family:If this is not a tracing program (cgroup_skb, tc, XDP, a socket filter, ...): read the fields you need from the context directly, use bpf_probe_read_kernel() (#113) where the kernel offers it to that type, or move the read into a tracing program and share the value through a map. If it is a kprobe, tracepoint or perf_event program, which may call {helper}, check kernel lockdown (`cat /sys/kernel/security/lockdown`).}
fix[helper_allowed]: Check lockdown: `cat /sys/kernel/security/lockdown`; in `[confidentiality]` mode reading kernel memory from BPF is refused. Boot with `lockdown=integrity` (or `lockdown=none`), disable Secure Boot's kernel lockdown, or use helpers and BTF accesses (fentry/tp_btf typed pointers) that do not need probe_read.
fix[probe_read_refused]: For a field of the packet or socket buffer, read it from the context directly (`skb->len`, `skb->protocol`, `skb->ifindex`, ...): the verifier checks ctx accesses and needs no helper.
fix[probe_read_refused]: Use bpf_probe_read_kernel() (#113) instead of {helper}: recent kernels offer it to more program types than the tracing ones (cgroup_skb among them) when the loader has CAP_PERFMON (or CAP_SYS_ADMIN); `vexplain helper bpf_probe_read_kernel` lists where.
fix[probe_read_refused]: Move the read into a tracing program (kprobe, fentry, tracepoint) attached where the data is available, and share the value with this program through a map (a hash keyed by pid or socket cookie, or task/sk local storage).
fix[probe_read_refused]: If the source already calls bpf_probe_read_kernel or BPF_CORE_READ, the loader rewrote #113 into #4: check the loader version and its feature probes, and run `vexplain bisect` across the loader's commits to find the change that introduced the rewrite.
fix[helper_type_alternatives]: Helpers {prog_type|this program type} may call instead: {helper_type_alternatives}.
fix[!probe_read_family]: Do this work in a program type that offers {helper}{helper_allowed_types| ({helper_allowed_types})}, or split the program: the part that needs {helper} runs there and passes its result through a map.
fix: List what this kernel offers to the program type with `vexplain probe --type {prog_type|TYPE}` (bpftool 7.1's `feature probe` does not understand the 6.x wording and lists every helper as supported).
kernels: `unknown func N` (id only) on 4.4-4.14; `unknown func X#N` from 4.15 to 6.1; `program of this type cannot use helper X#N` from about 6.2 (6.12 and 6.18 print it). Both mean: not offered to this program type on this kernel.
ref: https://docs.kernel.org/bpf/helpers.html
ref: https://github.com/aya-rs/aya/pull/1235
example: program of this type cannot use helper bpf_probe_read#4
example: unknown func bpf_probe_read#4
example: unknown func 4
example: program of this type cannot use helper bpf_get_current_task#35

id: helper-invalid-func
category: helper-unavailable
match: ^invalid func (?:(?<helper>\w+)#)?(?<helper_id>(?!195896080$)(?!2002\d{6}$)(?!2001\d{6}$)\d+)$
title: helper #{helper_id} does not exist on this kernel
explain: The program calls helper {helper_id}{helper| ({helper})}, which this kernel does not know: the helper was added in a later kernel than the one running the program{kernel| ({kernel})}. The verifier prints `unknown` as the name when the id is beyond its table.
fix: Check when {helper|the helper} was added (`man bpf-helpers`, or the kernel's include/uapi/linux/bpf.h history) and run a kernel that has it, or use an older helper with the same effect.
fix: Probe for it at run time with libbpf_probe_bpf_helper() and load a program variant without the call on older kernels.
fix: If the id is absurdly large, the loader poisoned the call: see the CO-RE and map entries (195896080, 2001000000+, 2002000000+).
example: invalid func unknown#212
example: invalid func 212
example: invalid func bpf_loop#181

id: helper-get-func-ip
category: helper-unavailable
match: ^func (?<helper>\w+)#(?<helper_id>\d+) (?:supported only for fentry/fexit/fmod_ret programs|not supported for program type \d+|not supported without CONFIG_PERF_EVENTS)$
title: {helper}#{helper_id} is not available for {prog_type|this program} here
explain: {helper} is offered to only some attach types of the program type, or needs a kernel feature this kernel lacks (bpf_get_func_ip in kprobes needs a kprobe at a function entry on 5.15+; the stack helpers need CONFIG_PERF_EVENTS).
fix: Attach the program as fentry/fexit (or kprobe at the function entry on 5.15+) if it calls bpf_get_func_ip; otherwise drop the call.
example: func bpf_get_func_ip#173 supported only for fentry/fexit/fmod_ret programs

id: helper-in-probe
category: helper-unavailable
match: ^(?:helper call is not allowed in probe|cannot get callchain buffer for func \w+#\d+|kernel subsystem misconfigured func \w+#\d+(?:: r1 != ctx)?)$
title: {helper|the helper} cannot be used {section|in `{section}`}{!section:in this context}
explain: The verifier refuses {helper|the helper}{helper_id| (#{helper_id})}{insn| at insn {insn}} although the program type offers it: `helper call is not allowed in probe` means the helper has a rule of its own about where it may be called (the function or hook the program attaches to), `cannot get callchain buffer` that the perf callchain buffers of the stack helpers could not be allocated, and `kernel subsystem misconfigured` a kernel bug.
explain[helper_is_bpf_d_path]: bpf_d_path() may be called only from BPF iterators, LSM programs on hooks that may sleep (`lsm/file_open`, ...), and fentry/fexit programs attached to a short allowlist of functions whose path argument is safe to walk: security_file_permission, security_inode_getattr, security_file_open, security_path_truncate, vfs_truncate, vfs_fallocate, dentry_open, vfs_getattr, filp_close{section|; this program is attached by `{section}`, which is not one of them}.
explain[helper_is_bpf_ima_inode_hash]: bpf_ima_inode_hash() may be called only from sleepable LSM programs (`lsm.s/...`) on hooks that may sleep.
explain[helper_is_bpf_ima_file_hash]: bpf_ima_file_hash() may be called only from sleepable LSM programs (`lsm.s/...`) on hooks that may sleep.
explain[helper_is_bpf_sk_storage_get]: In tracing programs, bpf_sk_storage_get() is refused when attached to the functions that free or clone socket storage (bpf_sk_storage_free, ...), where the storage may be going away.
explain[helper_is_bpf_sk_storage_delete]: In tracing programs, bpf_sk_storage_delete() is refused when attached to the functions that free or clone socket storage (bpf_sk_storage_free, ...), where the storage may be going away.
fix[helper_is_bpf_d_path]: Attach to one of the allowed functions instead (`fentry/security_file_open`, `fentry/vfs_getattr`, `fentry/filp_close`, ...) or an LSM program on a hook that sees the same file (`lsm/file_open`); elsewhere, read the name piece by piece with bpf_probe_read_kernel_str() from the dentry (`file->f_path.dentry->d_name.name`).
fix[helper_is_bpf_ima_inode_hash]: Move the call into a sleepable LSM program (`SEC("lsm.s/bprm_committed_creds")`, ...).
fix[helper_is_bpf_ima_file_hash]: Move the call into a sleepable LSM program (`SEC("lsm.s/bprm_committed_creds")`, ...).
fix: For bpf_get_stack/bpf_get_stackid, check `sysctl kernel.perf_event_max_stack` and memory; for a kernel bug (`misconfigured`), update the kernel.
example: helper call is not allowed in probe

id: helper-nfp
category: helper-unavailable
match: ^\[nfp\] (?:unsupported function id: (?<helper_id>\d+)|(?<nfp_helper>adjust_head|adjust_tail|event_output) not supported by FW|(?<nfp_meta>adjust_head: FW requires shifting metadata, not supported by the driver)|(?<nfp_rand>bpf_get_prandom_u32\(\)): FW doesn't support random number generation|event_output: (?<nfp_out>not supported by FW)|(?<nfp_map_helper>\S+): not supported by FW)$
title: the Netronome NFP offload cannot call {helper|{nfp_helper|{nfp_map_helper|this helper}}}
explain: The program is offloaded to a Netronome NFP NIC, whose firmware implements only a few helpers (map lookup/update/delete, bpf_xdp_adjust_head/tail, bpf_perf_event_output, bpf_get_prandom_u32), each only from some firmware versions on{helper_id|; helper #{helper_id}{helper| ({helper})} is not one of them}{nfp_helper|; this NIC's firmware does not offer {nfp_helper}}{nfp_meta|; bpf_xdp_adjust_head here would need the firmware to move packet metadata, which the driver does not do}{nfp_rand|; this firmware has no random number generator}{nfp_out|; this firmware has no perf event output}{nfp_map_helper|; this firmware does not offer {nfp_map_helper}}.
fix: Load the program without offload (in driver or generic XDP mode), or update the NIC firmware; keep offloaded programs to the helpers the firmware lists.
example: [nfp] unsupported function id: 12
example: [nfp] adjust_head not supported by FW
example: [nfp] adjust_head: FW requires shifting metadata, not supported by the driver
example: [nfp] bpf_get_prandom_u32(): FW doesn't support random number generation
example: [nfp] event_output: not supported by FW
example: [nfp] map_delete_elem: not supported by FW
