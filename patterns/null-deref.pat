# Possibly-NULL pointers dereferenced or passed on without a check.

id: null-mem-access
category: null-deref
match: ^(?<reg>R(?<regno>\d+)) invalid mem access '(?<type>[^']*(?:_or_null|or_null_)[^']*)'$
title: R{regno} may be NULL ({type}) and is dereferenced without a check
explain: R{regno} holds a pointer that can be NULL: `{type}`, the result of a helper such as bpf_map_lookup_elem(), bpf_sk_lookup_tcp() or bpf_ringbuf_reserve(), or a kfunc that may fail. The program reads or writes through it{src_text| at `{src_text}`} on a path where it was not compared with NULL, and the verifier rejects every path that could dereference NULL.
explain[null_origin_insn]: The maybe-NULL value was produced at insn {null_origin_insn} (`{null_origin_text}`{null_origin_src_line|, source line {null_origin_src_line}}); between that instruction and insn {insn|?} no path-wide NULL check of R{regno} survives.
fix[null_origin_insn]: Add `if (!ptr) return 0;` right after the call at insn {null_origin_insn} (`{null_origin_text}`), before dereferencing {reg|the pointer}.
fix[!null_origin_insn]: Add the check right after the call, before any use of the pointer: `v = bpf_map_lookup_elem(&map, &key); if (!v) return 0;`.
fix: If there is a check, make sure the compiler tests the same register that is dereferenced: do the check on the variable you use, not on a copy, and do not reuse the pointer after the branch that tested it was merged.
ref: https://docs.kernel.org/bpf/verifier.html
kernels: `map_value_or_null`, `ptr_or_null_`, `sock_or_null`, `mem_or_null` ... (the names changed in 5.x and 6.x: `ptr_or_null_` + type, `rdonly_mem_or_null`, `alloc_mem_or_null`).
example: R0 invalid mem access 'map_value_or_null'
example: R1 invalid mem access 'ptr_or_null_'
example: R0 invalid mem access 'sock_or_null'

id: null-passed
category: null-deref
match: ^(?:Possibly NULL pointer passed to (?:helper|trusted) arg(?<arg>\d+)|arg#(?<xarg>\d+) is expected to be non-NULL|(?<reg>R(?<regno>\d+)) pointer arithmetic on (?<type>\S+) prohibited, null-check it first)$
title: a pointer that may be NULL is passed on{arg| as argument {arg}} without a check
explain: The argument may be NULL (it came from a lookup or acquire that can fail, or a kfunc/global function argument not marked non-NULL), and this helper or kfunc does not accept NULL; arithmetic on a maybe-NULL pointer is refused for the same reason.
fix: Check it first: `if (!p) return 0;` right after the call that produced it, then pass `p`.
fix: For a global function's pointer argument, check for NULL inside the function or tag the parameter `__arg_nonnull` (6.8+).
example: Possibly NULL pointer passed to helper arg2
example: R0 pointer arithmetic on map_value_or_null prohibited, null-check it first
