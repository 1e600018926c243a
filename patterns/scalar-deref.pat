# A plain number dereferenced as if it were a pointer.

id: scalar-mem-access
category: scalar-deref
match: ^(?<reg>R(?<regno>\d+)) invalid mem access '(?<type>scalar|inv|imm|[^']*)'$
title: R{regno} is dereferenced but the verifier sees a plain number ({type}), not a pointer
explain: The instruction{insn_text| `{insn_text}`}{src_text| (`{src_text}`)} reads or writes memory through R{regno}, which holds a `{type}`: a number the verifier cannot treat as a pointer.{!reg_origin_text: Typical causes: a kernel pointer read from a struct field without a helper (`task->mm->...` in a kprobe, where only the first level is a typed pointer), a pointer saved in a map or in a struct and read back, an integer cast to a pointer, or a pointer whose NULL check made the compiler merge paths.}
explain[reg_origin_text]: R{regno} got that value at insn {reg_origin_insn} (`{reg_origin_text}`){reg_origin_src_line|, source line {reg_origin_src_line}}.{?reg_origin_is_load: That is a load from memory, and whatever pointer was stored there comes back as a plain number: a kprobe's argument read out of pt_regs, a pointer field of a kernel struct read through a scalar, or a pointer the program saved in a map, a global or a struct. The verifier only lets a program dereference pointers whose type it tracked from their origin.}{?reg_origin_is_call: The call returns a number, not a pointer the verifier tracks (bpf_get_current_task() returns a u64, for instance).}{!reg_origin_is_load:{!reg_origin_is_call: Arithmetic or a move produced it; whatever it was computed from was already a number (or the arithmetic turned a pointer into one).}}
fix: In kprobes and tracepoints read kernel memory through BPF_CORE_READ(task, mm, arg_start) or bpf_probe_read_kernel(&dst, sizeof(dst), src), one hop at a time; only fentry/fexit/tp_btf/iterator programs may follow BTF pointers directly.
fix: Do not store pointers in maps or globals and dereference them later: store the data (or an id) instead.
fix: If R{regno} came from a helper that returns a number (bpf_get_current_task() returns u64), cast it with bpf_core_cast() / bpf_rdonly_cast() on 6.x, or read through bpf_probe_read_kernel().
kernels: `imm`/`inv` on 4.x-5.x, `scalar` on 6.x: the same plain number.
example: R1 invalid mem access 'scalar'
example: R1 invalid mem access 'inv'
