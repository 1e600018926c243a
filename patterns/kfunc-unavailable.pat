# Kernel function (kfunc) calls: not found, not allowed, not resolved.

id: kfunc-not-allowed
category: kfunc-unavailable
match: ^calling kernel function (?<kfunc>\w+) is not allowed$
title: {prog_type|this program type} may not call the kfunc {kfunc}
explain: kfuncs are registered per program type (and sometimes per attach point) in kfunc sets; {kfunc} exists in this kernel but is not in the set of {prog_type|this program type}.
fix: Check which program types the kfunc's set is registered for (`register_btf_kfunc_id_set(BPF_PROG_TYPE_..., ...)` in the kernel source) and use one of them, e.g. move the call into a tracing (fentry/tp_btf) or syscall program.
fix: Some kfuncs need a sleepable or a specific attach type (e.g. struct_ops of one subsystem); check the kfunc's documentation in Documentation/bpf/kfuncs.rst.
example: calling kernel function bpf_cpumask_create is not allowed

id: kfunc-not-found
category: kfunc-unavailable
match: ^(?:kernel btf_id \d+ is not a function|kernel function btf_id \d+ does not have a valid func_proto|cannot find address for kernel function (?<kfunc>\w+)|address of kernel function (?<xkfunc>\w+) is out of range|failed to find BTF for kernel function|too many different (?:kernel function calls|module BTFs)|kfunc offset > 0 without fd_array is invalid|invalid module BTF fd specified|BTF fd for kfunc is not a module BTF|negative offset disallowed for kernel module function call|invalid kernel function call not eliminated in verifier pass|(?<devbound>metadata kfuncs (?:require device-bound program|can't be offloaded))|invalid func unknown#(?<poison>2002\d{6})|\d+: <invalid kfunc call>|kfunc '(?<ykfunc>[^']*)' is referenced but wasn't resolved)$
title: {?devbound:XDP metadata kfuncs need a device-bound program}{!devbound:kernel function {kfunc|{xkfunc|{ykfunc|(name not in the message)}}} cannot be found or used by this program}
explain[devbound]: The program calls an XDP metadata kfunc (bpf_xdp_metadata_rx_timestamp, bpf_xdp_metadata_rx_hash, bpf_xdp_metadata_rx_vlan_tag): they read the RX descriptor of one driver, so the program must be loaded for that device (device-bound: BPF_F_XDP_DEV_BOUND_ONLY and the interface's ifindex) and cannot be offloaded to the NIC.
explain[!devbound]: The program calls a kfunc that the loader did not resolve in this kernel (libbpf then poisons the call with 2002000000 + its index) or that the kernel cannot find: it does not exist on this kernel, lives in a module that is not loaded, or its BTF is missing.
fix[devbound]: Load it device-bound before attaching: libbpf `bpf_program__set_flags(prog, BPF_F_XDP_DEV_BOUND_ONLY)` and `bpf_program__set_ifindex(prog, ifindex)` (kernel 6.3+; the flag is `1U << 6` in <linux/bpf.h> of 6.3+, older headers lack it), then attach it to that interface only, in native (driver) mode.
fix[!devbound]: Check that the kfunc exists: `bpftool btf dump file /sys/kernel/btf/vmlinux | grep -w NAME` (or the module's BTF under /sys/kernel/btf/).
fix[!devbound]: Declare it `extern ... __ksym __weak;` and guard the call with `if (bpf_ksym_exists(NAME))` so the program loads on kernels without it.
example: cannot find address for kernel function bpf_foo
example: invalid func unknown#2002000001
example: kfunc 'bpf_task_from_pid' is referenced but wasn't resolved

id: kfunc-reference
category: kfunc-unavailable
match: ^(?:kfunc (?<kfunc>\w+)#(?<id>\d+) (?:reference has not been acquired before|conversion of owning ref to non-owning failed)|acquire kernel function does not return PTR_TO_BTF_ID|kernel function (?<xkfunc>\w+) (?:unhandled dynamic return type|returns pointer type .+ is not supported))$
title: {kfunc|{xkfunc|the kfunc}} is used with a reference the verifier does not track
explain: Release kfuncs must get a pointer that an acquire kfunc returned and that is still held; kfuncs whose return type the verifier cannot model are refused.
fix: Pass the pointer returned by the matching acquire kfunc (bpf_task_acquire/bpf_task_release, bpf_obj_new/bpf_obj_drop, ...), exactly once on every path.
example: kfunc bpf_task_release#12345 reference has not been acquired before

id: kfunc-args-count
category: kfunc-unavailable
match: ^(?:Function (?<kfunc>\w+) has \d+ > \d+ args|2 or more rdonly/rdwr_buf_size parameters for kfunc|Unrecognized arg#\d+ type \S+|(?:local type ID argument must be in range \[0, U32_MAX\]|bpf_obj_new/bpf_percpu_obj_new (?:requires prog BTF|type ID argument must be of a struct)|bpf_percpu_obj_new type (?:size \(\d+\) is greater than \d+|ID argument must be of a struct of scalars|ID argument must not contain special fields)|kfunc bpf_rdonly_cast type ID argument must be of a struct)|css_task_iter is only allowed in bpf_lsm, bpf_iter and sleepable progs|destructive kfunc calls require CAP_SYS_BOOT capabilit(?:y|ies)|expected an RCU CS when using \S+)$
title: the kfunc call does not meet the kfunc's requirements
explain: The kfunc has conditions beyond argument types: a maximum number of arguments, a local (program BTF) struct type for bpf_obj_new, an RCU read section or sleepable program for some iterators, CAP_SYS_BOOT for destructive kfuncs.
fix: Read the kfunc's requirements in Documentation/bpf/kfuncs.rst and the kernel source, and meet them: e.g. `bpf_obj_new(struct my_node)` with a struct defined in the program, `bpf_rcu_read_lock()` around the iterator.
example: bpf_obj_new/bpf_percpu_obj_new requires prog BTF

id: kfunc-libbpf-extern
category: kfunc-unavailable
match: ^(?:libbpf: )?extern \((?:func|var) ksym\) '(?<kfunc>[^']*)': not found in kernel or module BTFs$
title: the kfunc or ksym {kfunc} is not in this kernel
explain: libbpf resolves `extern ... __ksym` declarations against the kernel's and modules' BTF before loading; {kfunc} is in neither, so it does not exist on this kernel (too old, renamed, or its module is not loaded).
fix: Declare it `__weak` (`extern ... __ksym __weak;`) and guard the call with `if (bpf_ksym_exists({kfunc}))`, so the program loads without it.
fix: Check: `bpftool btf dump file /sys/kernel/btf/vmlinux | grep -w {kfunc}`; load the module that provides it, or run a kernel that has it.
kernels: printed by libbpf before the program is loaded.
example: libbpf: extern (func ksym) 'bpf_skb_get_fancy_hash': not found in kernel or module BTFs

id: kfunc-throw-from-callback
category: kfunc-unavailable
match: ^bpf_throw kfunc \(insn (?<throw_insn>\d+)\) cannot be called from callback subprog (?<subprog>\d+)$
title: bpf_throw() is called from a callback (subprog {subprog}), where it is not allowed
explain: bpf_throw() (BPF exceptions, 6.7+) unwinds the program's frames up to the main program and runs its exception callback; the verifier can do that only from the main program and the functions it calls directly. Insn {throw_insn} calls it from callback subprog {subprog} (a function run by bpf_loop(), bpf_for_each_map_elem(), a timer or an rbtree comparison), whose frames belong to the helper, so the kfunc is refused in that context.
fix: Return an error value from the callback (most callback helpers stop on a nonzero return), record the failure in the context you pass it, and call bpf_throw() in the caller after the helper returns.
kernels: BPF exceptions exist from 6.7.
example: bpf_throw kfunc (insn 23) cannot be called from callback subprog 2

id: kfunc-libbpf-extern-proto
category: kfunc-unavailable
match: ^(?:libbpf: )?extern \(func ksym\) '(?<kfunc>[^']*)': func_proto \[(?<local_id>\d+)\] incompatible with (?<target>\S+) \[(?<target_id>\d+)\]$
title: the kfunc {kfunc} exists but its prototype differs from the one the program declares
explain: libbpf resolves `extern ... __ksym` functions against the kernel's BTF and checks that the prototypes agree; {kfunc}'s prototype in {target} (BTF type {target_id}) is not compatible with the program's declaration (type {local_id}). Either the kfunc changed its signature in this kernel, or the kernel's BTF describes it wrongly (a kernel built with an old pahole emits broken kfunc prototypes).
fix: Compare them: `bpftool btf dump file /sys/kernel/btf/vmlinux format c | grep -w {kfunc}` against the declaration the program was built with (vmlinux.h or a header); rebuild against this kernel's vmlinux.h if the signature changed.
fix: If the kernel's prototype is wrong, the kernel was built with too old a pahole/dwarves: use a kernel built with pahole 1.26+ (dwarves 1.31+ for newer kfunc annotations).
fix: Declare the kfunc `__weak` and guard its use with `bpf_ksym_exists({kfunc})` so the program can load without it.
kernels: printed by libbpf (1.x) before any program is loaded.
example: libbpf: extern (func ksym) 'scx_bpf_create_dsq': func_proto [1864] incompatible with vmlinux [60765]
