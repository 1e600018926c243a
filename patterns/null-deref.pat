# Possibly-NULL pointers dereferenced or passed on without a check.

id: null-mem-access
category: null-deref
match: ^(?<reg>R(?<regno>\d+)) invalid mem access '(?<type>[^']*(?:_or_null|or_null_)[^']*)'$
title: R{regno} may be NULL ({type}) and is dereferenced without a check
explain: R{regno} holds a pointer that can be NULL (`{type}`){!null_origin_insn:: the result of a helper such as bpf_map_lookup_elem(), bpf_sk_lookup_tcp() or bpf_ringbuf_reserve(), or a kfunc that may fail}. The program reads or writes through it{src_text| at `{src_text}`} on a path where it was not compared with NULL, and the verifier rejects every path that could dereference NULL.
explain[null_origin_insn]: {?null_checked_reg:R{regno} is a copy of the pointer in {null_checked_reg}: insn {null_origin_insn} (`{null_origin_text}`) checks {null_checked_reg} for NULL, but the dereference at insn {insn} goes through R{regno}, a copy made before the check that the verifier (on this kernel) does not link to it, so R{regno} is still maybe-NULL.}{!null_checked_reg:The maybe-NULL pointer comes from insn {null_origin_insn} (`{null_origin_text}`){null_origin_src_line|, source line {null_origin_src_line}}{null_origin_src_text|: `{null_origin_src_text}`}. On the path the verifier followed from there to insn {insn} (`{insn_text}`){src_line|, line {src_line}}, R{regno} was never compared with NULL: the check is missing, or it was made on another copy of the pointer or on a path that does not lead here.}
fix[null_origin_insn]: {?null_checked_reg:Dereference the pointer you checked (the variable held in {null_checked_reg}), or test the copy itself: `if (!p) return 0;` on the same variable that is used at insn {insn}.}{!null_checked_reg:Right after {null_origin_src_text|`{null_origin_src_text}`}{!null_origin_src_text:the call at insn {null_origin_insn} (`{null_origin_text}`)}{null_origin_src_line| (line {null_origin_src_line})}, add `if (!{null_origin_var|ptr}) return 0;`, before {src_text|`{src_text}`}{!src_text:the use at insn {insn}}{src_line| (line {src_line})}.}
fix: If there is a check, make sure the compiler tests the same register that is dereferenced: do the check on the variable you use, not on a copy, and do not reuse the pointer after the branch that tested it was merged.
ref: https://docs.kernel.org/bpf/verifier.html
kernels: `map_value_or_null`, `ptr_or_null_`, `sock_or_null`, `mem_or_null` ... (the names changed in 5.x and 6.x: `ptr_or_null_` + type, `rdonly_mem_or_null`, `alloc_mem_or_null`). A ring buffer record from bpf_ringbuf_reserve is `alloc_mem_or_null` on 6.1 and `ringbuf_mem_or_null` on 6.12 and 6.18.
example: R0 invalid mem access 'map_value_or_null'
example: R1 invalid mem access 'ptr_or_null_'
example: R0 invalid mem access 'sock_or_null'
example: R6 invalid mem access 'alloc_mem_or_null'

id: null-passed
category: null-deref
match: ^(?:Possibly NULL pointer passed to (?:helper|trusted) arg(?<arg>\d+)|arg#(?<xarg>\d+) is expected to be non-NULL)$
title: a pointer that may be NULL is passed on{arg| as argument {arg}} without a check
explain: The argument may be NULL (it came from a lookup or acquire that can fail, or a kfunc/global function argument not marked non-NULL), and this helper or kfunc does not accept NULL.
fix: Check it first: `if (!p) return 0;` right after the call that produced it, then pass `p`.
fix: For a global function's pointer argument, check for NULL inside the function or tag the parameter `__arg_nonnull` (6.8+).
example: Possibly NULL pointer passed to helper arg2
