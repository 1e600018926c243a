# The context pointer (ctx) and other kernel structs the program is handed.

id: ctx-invalid-access
category: ctx-access
match: ^invalid bpf_context access off=(?<off>-?\d+) size=(?<size>\d+)$
title: {prog_type|this program type} may not {?ctx_write:write}{!ctx_write:access} {ctx_field|`{ctx_struct}.{ctx_field}`}{!ctx_field:its context at offset {off}} with size {size}
explain: Each program type has its own context struct (`struct __sk_buff` for socket filters, tc and cgroup_skb, `struct xdp_md` for XDP, `struct pt_regs` for kprobes, ...) and its own rules for which fields may be read or written and with which sizes. The {size}-byte {?ctx_write:write}{!ctx_write:access} at offset {off} of the ctx{ctx_field| — `{ctx_struct}.{ctx_field}`{ctx_field_off|, {ctx_field_off} bytes into it}{?ctx_field_size: (a {ctx_field_size}-byte field)}}{src_text| in `{src_text}`} is not allowed for {prog_type|this program type}{!ctx_field:: the field does not exist for this type, is write-protected, or is read with a size other than the field's}.
explain[ctx_field_is_tc_classid]: `tc_classid` belongs to tc: only sched_cls and sched_act programs may read or write it; cgroup_skb, socket filters and the other __sk_buff types may not even read it.
explain[ctx_field_is_data_meta]: `data_meta` is readable by tc and XDP programs only; cgroup_skb and socket filters may not read it.
explain[ctx_field_is_wire_len]: `wire_len` is readable only by tc programs (sched_cls, sched_act).
explain[ctx_field_is_mark]: {?ctx_write:Writing `mark` is allowed to tc (sched_cls, sched_act) and cgroup_skb programs only; socket filters may only read it.}{!ctx_write:`mark` is readable by every __sk_buff program type, so the size of the load is the likely problem: read it as a __u32.}
explain[ctx_field_is_priority]: {?ctx_write:Writing `priority` is allowed to tc and cgroup_skb programs (and lwt_xmit); socket filters may only read it.}
explain[ctx_field_is_data]: {!prog_is_xdp:Direct packet access through `data`/`data_end` is not offered to socket filters, and cgroup_skb needs CAP_BPF (or CAP_SYS_ADMIN) for it; other program types read packets with bpf_skb_load_bytes().}
explain[ctx_field_is_data_end]: {!prog_is_xdp:Direct packet access through `data`/`data_end` is not offered to socket filters, and cgroup_skb needs CAP_BPF (or CAP_SYS_ADMIN) for it; other program types read packets with bpf_skb_load_bytes().}
explain[ctx_past_end]: `struct {ctx_struct}` is {ctx_struct_size} bytes long, so offset {off} is past its end: the program reads the context as a larger struct than it is (another struct cast from the ctx pointer, or code written for another program type).
explain[ctx_field_off]: The access starts {ctx_field_off} bytes inside the field, not at its first byte: narrower loads are allowed only for some fields and at their start on little-endian machines.
fix[ctx_field]: {?ctx_write:Do not write `{ctx_field}` from this program type: keep the value in a map, or do the write in a program type that may (tc for mark/tc_classid/priority, cgroup_skb for mark/priority).}{!ctx_write:Read `{ctx_field}` in a program type that offers it (see above) and pass the value on through a map, or get the same information another way (a helper).}
fix[!ctx_field]: Check the field against the context struct of {prog_type|the program type} in <linux/bpf.h>: e.g. cgroup_skb may read but not write most `__sk_buff` fields, and cannot read `tc_classid` or `data_meta`.
fix[ctx_size_wrong]: Read `{ctx_field}` with its own width, {ctx_field_size} bytes, not {size}: `{ctx_field_type} v = {ctx_struct|ctx}->{ctx_field};` — a cast to a wider type or a memcpy of the whole struct makes the compiler emit other sizes.
fix[!ctx_size_ok]: {!ctx_size_wrong:Read the field with its own width (`__u32` fields with 4-byte loads): a `(__u64)` cast or a memcpy of the whole struct makes the compiler emit other sizes.}
fix[!ctx_field]: For a kernel struct that is not the context (a task_struct, a sk), use BPF_CORE_READ()/bpf_probe_read_kernel() in tracing programs, or typed BTF pointers in fentry/tp_btf programs.
ref: https://docs.kernel.org/bpf/verifier.html
example: invalid bpf_context access off=76 size=4
example: invalid bpf_context access off=0 size=8

id: ctx-modified-ptr
category: ctx-access
match: ^(?:dereference of modified (?<type>\S+) ptr (?<reg>R(?<regno>\d+)) off=(?<off>-?\d+) disallowed|negative offset (?<xtype>\S+) ptr R(?<xregno>\d+) off=(?<xoff>-?\d+) disallowed|variable (?<ytype>\S+) access var_off=(?<var_off>\([^)]*\)|\S+) disallowed)$
title: {reg|the register} is a {type|ctx} pointer with an offset added: it must be used unmodified
explain: Accesses to the context (and to sockets and other kernel objects the verifier rewrites) are converted at load time to the real kernel field offsets, so the verifier requires the base pointer to be exactly the one the program received, with the field offset in the load instruction itself. Here {reg|the register} had {off|a variable offset} added to it first{ctx_access_off|, so the access is at offset {ctx_access_off} of the context{ctx_field|: `{ctx_struct}.{ctx_field}`}}.
fix[ctx_field]: Read `{ctx_field}` straight from the ctx pointer: `{ctx_field_type|__u32} v = ctx->{ctx_field};` is one load at offset {ctx_access_off} from the unmodified pointer, which the verifier can rewrite.
fix[!ctx_field]: Read the field directly from the ctx pointer{ctx_access_off| with the offset in the load (the {ctx_access_size}-byte field at offset {ctx_access_off}: `ctx->field`, not `*(type *)((void *)ctx + {ctx_access_off})` computed into another register)}{!ctx_access_off: (`skb->len`), not through a pointer to the field or a copy with arithmetic (`void *p = (void *)skb + 8`)}.
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
match: ^(?:at the time of BPF_LD_ABS\|IND R6 != pointer to skb|BPF_LD_\[ABS\|IND\] instructions not allowed for this program type|BPF_LD_\[ABS\|IND\] cannot be mixed with socket references|BPF_LD_\[ABS\|IND\] instructions cannot be mixed with bpf-to-bpf calls|cannot use BPF_LD_\[ABS\|IND\] within callback)$
title: legacy packet loads (LD_ABS/LD_IND) are not allowed here
explain: The old socket-filter instructions LD_ABS/LD_IND (load_byte/load_half/load_word in C) read the packet through the skb in R6; only socket filters and tc programs may use them, R6 must still hold the ctx, and not together with socket references or inside callbacks.
fix: Use direct packet access (`data`/`data_end` with a bounds check) or bpf_skb_load_bytes() instead.
example: BPF_LD_[ABS|IND] instructions cannot be mixed with bpf-to-bpf calls
example: at the time of BPF_LD_ABS|IND R6 != pointer to skb

id: ctx-misaligned
category: ctx-access
match: ^misaligned context access off (?<off>.+) size (?<size>\d+)$
title: a misaligned {size}-byte context access
explain: With strict alignment (BPF_F_STRICT_ALIGNMENT, or an architecture without efficient unaligned access) each context access must be aligned to its size; the offset {off} is not a multiple of {size}: a field read at an offset inside it, or through a wrongly declared context struct.
fix: Read context fields at their own offsets and sizes, through the UAPI struct (`struct __sk_buff`, `struct xdp_md`, ...) or vmlinux.h, never through a cast to another type.
example: misaligned context access off (0x0; 0x0)+0+2 size 4

id: ctx-store-not-allowed
category: ctx-access
match: ^BPF_(?:(?<st>ST)|(?<atomic>ATOMIC|XADD)(?= stores into R\d+ (?:ctx|context) )) stores into (?<reg>R(?<regno>\d+)) (?<target>\S+) is not allowed$
title: {?atomic:an atomic update of a context field}{?st:a store of an immediate into the context}{insn| (insn {insn})}
explain: The verifier rewrites every context access (`skb->mark`, `ctx->...`) into an access to the kernel's real structure, field by field and per program type; R{regno} is the context here{insn_text| (`{insn_text}`)}.
explain[atomic]: An atomic read-modify-write (`__sync_fetch_and_add(&ctx->field, 1)`, `lock *(u32 *)(r1 + off) += r2`) cannot be rewritten that way, so it is never allowed on the context.
explain[st]: Kernels before 6.3 rewrite only register stores (BPF_STX) into the context; the compiler emitted a store of a constant (BPF_ST, `*(u32 *)(r1 + off) = 0`) for `ctx->field = CONST`.
fix[atomic]: Read the field, compute, write it back: `__u32 m = skb->mark; skb->mark = m + 1;`; keep counters that need atomics in a map value.
fix[st]: Store through a register: put the constant in a variable the compiler cannot fold (`volatile __u32 v = CONST; ctx->field = v;`), or load on 6.3 or later.
kernels: BPF_ST into the context is accepted from 6.3; atomics on the context never.
example: BPF_ATOMIC stores into R1 ctx is not allowed
example: BPF_XADD stores into R1 context is not allowed
example: BPF_ST stores into R1 ctx is not allowed

id: ctx-nfp-store
category: ctx-access
match: ^\[nfp\] (?:(?<nfp_queue>queue selection not supported by FW)|unsupported store to context field)$
title: the Netronome NFP offload cannot write this context field
explain: The program is offloaded to a Netronome NFP NIC, which supports writes to few context fields{nfp_queue|: this firmware cannot select the RX queue (`ctx->rx_queue_index`)|: this field is not one of them}.
fix: Drop the context store, or load the program without offload (in driver or generic XDP mode).
example: [nfp] queue selection not supported by FW
example: [nfp] unsupported store to context field
