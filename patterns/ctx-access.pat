# The context pointer (ctx) and other kernel structs the program is handed.

id: ctx-invalid-access
category: ctx-access
match: ^invalid bpf_context access off=(?<off>-?\d+) size=(?<size>\d+)$
title: {prog_type|this program type} may not access its context at offset {off} with size {size}
explain: Each program type has its own context struct (`struct __sk_buff` for socket filters, tc and cgroup_skb, `struct xdp_md` for XDP, `struct pt_regs` for kprobes, ...) and its own rules for which fields may be read or written and with which sizes. The {size}-byte access at offset {off} of the ctx{src_text| in `{src_text}`} is not allowed for {prog_type|this program type}: the field does not exist for this type, is write-protected, or is read with a size other than the field's.
fix: Check the field against the context struct of {prog_type|the program type} in <linux/bpf.h>: e.g. cgroup_skb may read but not write most `__sk_buff` fields, and cannot read `tc_classid` or `data_meta`.
fix: Read the field with its own width (`__u32` fields with 4-byte loads): a `(__u64)` cast or a memcpy of the whole struct makes the compiler emit other sizes.
fix: For a kernel struct that is not the context (a task_struct, a sk), use BPF_CORE_READ()/bpf_probe_read_kernel() in tracing programs, or typed BTF pointers in fentry/tp_btf programs.
ref: https://docs.kernel.org/bpf/verifier.html
example: invalid bpf_context access off=76 size=4
example: invalid bpf_context access off=0 size=8

id: ctx-modified-ptr
category: ctx-access
match: ^(?:dereference of modified (?<type>\S+) ptr (?<reg>R(?<regno>\d+)) off=(?<off>-?\d+) disallowed|negative offset (?<xtype>\S+) ptr R(?<xregno>\d+) off=(?<xoff>-?\d+) disallowed|variable (?<ytype>\S+) access var_off=(?<var_off>\([^)]*\)|\S+) disallowed)$
title: {reg|the register} is a {type|ctx} pointer with an offset added: it must be used unmodified
explain: Accesses to the context (and to sockets and other kernel objects the verifier rewrites) are converted at load time to the real kernel field offsets, so the verifier requires the base pointer to be exactly the one the program received, with the field offset in the load instruction itself. Here {reg|the register} had {off|a variable offset} added to it first.
fix: Read the field directly from the ctx pointer (`skb->len`), not through a pointer to the field or a copy with arithmetic (`void *p = (void *)skb + 8`).
fix: If the compiler hoisted the offset (common with -O2 and loops), read the fields into locals at the top of the program, or add `asm volatile("" ::: "memory")` between accesses; a `volatile` read also keeps the load as written.
kernels: `dereference of modified ctx ptr` since 4.x; the pointer type name is printed from 5.x (ctx, sock, tcp_sock, flow_keys, ...).
example: dereference of modified ctx ptr R1 off=8 disallowed
example: negative offset ctx ptr R1 off=-8 disallowed

id: ctx-sock-flow-access
category: ctx-access
match: ^(?:(?<reg>R(?<regno>\d+)) invalid (?<type>\S+) access off=(?<off>-?\d+) size=(?<size>\d+)|invalid access to flow keys off=(?<xoff>-?\d+) size=(?<xsize>\d+))$
title: invalid {type|flow keys} access at offset {off|{xoff}} size {size|{xsize}}
explain: Socket pointers (from bpf_sk_lookup_*, skb->sk, bpf_skc_to_*) and flow keys have fixed readable fields: `struct bpf_sock`, `struct bpf_tcp_sock`, `struct bpf_xdp_sock`, `struct bpf_flow_keys`. The access is outside those fields or uses the wrong size.
fix: Use only the fields of the corresponding UAPI struct in <linux/bpf.h>, with their own size; for other socket fields use bpf_skc_to_tcp_sock() and BTF access in a program type that allows it.
example: R1 invalid sock access off=80 size=4

id: ctx-struct-ops-write
category: ctx-access
match: ^(?:write access for struct \S+ at off -?\d+ with size \d+|write access to this struct is not supported|write access at off -?\d+ with size \d+(?: on read-only part of \S+| beyond the member of \S+ ended at \d+)?|only access to bpf_dummy_ops_state is supported|only read is supported|no write support to \S+ at off -?\d+)$
title: the program writes to a kernel struct field it may only read
explain: Programs that receive typed kernel pointers (struct_ops, tracing, TCP congestion control, netfilter conntrack) may read fields through BTF, but writes are allowed only to the few fields the subsystem lists.
fix: Only read the field; to change kernel state use the helper or kfunc the subsystem offers (e.g. bpf_setsockopt() for socket options).
fix: For tcp_congestion_ops, only the fields of `struct tcp_sock` that the kernel's bpf_tcp_ca allows (snd_cwnd, snd_ssthresh, ...) are writable.
example: no write support to tcp_sock at off 1234
example: only read is supported

id: ctx-ld-abs
category: ctx-access
match: ^(?:at the time of BPF_LD_ABS\|IND R6 != pointer to skb|BPF_LD_\[ABS\|IND\] instructions not allowed for this program type|BPF_LD_\[ABS\|IND\] cannot be mixed with socket references|cannot use BPF_LD_\[ABS\|IND\] within callback)$
title: legacy packet loads (LD_ABS/LD_IND) are not allowed here
explain: The old socket-filter instructions LD_ABS/LD_IND (load_byte/load_half/load_word in C) read the packet through the skb in R6; only socket filters and tc programs may use them, R6 must still hold the ctx, and not together with socket references or inside callbacks.
fix: Use direct packet access (`data`/`data_end` with a bounds check) or bpf_skb_load_bytes() instead.
example: at the time of BPF_LD_ABS|IND R6 != pointer to skb
