# Forbidden arithmetic, comparison or leak of a pointer.

id: ptr-leak
category: pointer-arith
match: ^(?<reg>R(?<regno>\d+)) leaks addr (?:into (?<where>map|mem|ctx|packet|flow keys|helper function)|as return value)$
title: {reg} holds a kernel address that would leak into {where|the return value}
explain: Storing a pointer into a map, memory visible to user space, the packet or the return value would expose a kernel address. Only privileged loaders (CAP_PERFMON) may do this, and never for some destinations.
fix: Store a value derived from the object instead (an id, a pid, a cookie from bpf_get_socket_cookie()), not the pointer itself.
fix: If this is intended (debugging), load with CAP_BPF and CAP_PERFMON.
example: R1 leaks addr into map
example: R0 leaks addr as return value

id: ptr-arith-or-null
category: pointer-arith
match: ^(?<reg>R(?<regno>\d+)) pointer arithmetic on (?<type>\S+) prohibited, null-check it first$
title: {reg} may be NULL ({type}): arithmetic on it before the NULL check
explain: {reg} holds a pointer that may be NULL (`{type}`: the result of a map lookup, a socket lookup or a ring buffer reservation that can fail). At insn {insn} (`{insn_text}`){src_text|, `{src_text}`} the program computes with it{?alu_imm: (`{alu_op} {alu_imm}`)} before it was compared with NULL on this path. The verifier refuses any arithmetic on a maybe-NULL pointer: NULL plus an offset no longer looks like NULL, so the check that should follow could not catch it.
explain[null_origin_insn]: The pointer comes from insn {null_origin_insn} (`{null_origin_text}`){null_origin_src_line|, source line {null_origin_src_line}}{null_origin_src_text|: `{null_origin_src_text}`}; between there and insn {insn} {reg} was not compared with NULL.
explain: When the source does check the pointer first, the compiler has moved the address of a field (`&v->field`, `v + off`) above the `if (!v)`: taking an address cannot fault in C, so clang may compute it early.
fix: Check the pointer right after the call that returns it{null_origin_src_line| (line {null_origin_src_line})}, before any `&v->field` or `v->field`: `if (!v) return 0;`.
fix: If the check is already there, keep the compiler from hoisting the arithmetic above it: `barrier_var(v);` (libbpf's bpf_helpers.h) or `asm volatile("" : "+r"(v));` right after the check, or read the fields into locals only after it (cilium's fix in cilium/cilium#33709).
ref: https://github.com/cilium/cilium/pull/33709
kernels: worded `R%d pointer arithmetic on %s prohibited, null-check it first` since 4.x (`map_value_or_null`); newer kernels print the type as `map_value_or_null`, `ptr_or_null_`, `sock_or_null`, ...
example: R0 pointer arithmetic on map_value_or_null prohibited, null-check it first
example: R9 pointer arithmetic on map_value_or_null prohibited, null-check it first

id: ptr-arith-prohibited
category: pointer-arith
match: ^(?<reg>R(?<regno>\d+)) (?:pointer arithmetic on (?<type>\S+) prohibited|32-bit pointer arithmetic prohibited|tried to subtract pointer from scalar|subtraction from stack pointer prohibited|bitwise operator \S+ on pointer prohibited|pointer arithmetic with \S+ operator prohibited|pointer \S+ pointer prohibited|pointer arithmetic prohibited|sign-extension part of pointer|partial copy of pointer|pointer comparison prohibited)$
title: {reg}: this arithmetic on a {type|pointer} is not allowed
explain: The verifier tracks pointers with their type and offset and allows only addition and subtraction of bounded scalars on most of them; some pointer types (ctx, sockets, map pointers, `*_or_null`) allow no arithmetic at all, and pointers cannot be compared, masked, multiplied, truncated to 32 bits or combined with another pointer.
fix: Do the arithmetic on an offset (an integer) and add it to the pointer once, right before the access; do not compute with the ctx or socket pointer itself.
fix: If the compiler produced the arithmetic (e.g. comparing pointers to data_end with an offset), rewrite the comparison as `ptr + len > data_end` on the packet pointer.
example: R1 pointer arithmetic on ctx prohibited
example: R2 pointer comparison prohibited
example: R1 32-bit pointer arithmetic prohibited

id: ptr-math-bounds
category: pointer-arith
match: ^(?:math between (?<type>\S+) pointer and (?:register with unbounded min value|-?\d+) is not allowed|(?<xtype>\S+) pointer offset -?\d+ is not allowed|value -?\d+ makes (?<ytype>\S+) pointer be out of bounds|addition of negative constant to (?<ztype>\S+) pointer is not allowed|R\d+ has unknown scalar with mixed signed bounds, .*|R\d+ has pointer with unsupported alu operation, .*|R\d+ tried to \S+ (?:from different maps, paths or scalars|beyond pointer bounds), .*|R\d+ tried to \S+ from different (?:maps or paths|pointers or scalars)|R\d+ could not be pushed for speculative verification, .*)$
title: pointer arithmetic with an offset the verifier cannot bound
explain: An offset added to a pointer{type| ({type})}{xtype| ({xtype})}{ytype| ({ytype})}{ztype| ({ztype})} is unbounded, negative, too large (beyond 2^29), or has mixed signed bounds; for unprivileged loaders the verifier also refuses arithmetic that could go out of bounds under speculative execution (Spectre v1 mitigation).
explain[src_reg]: At insn {insn} (`{insn_text}`){src_text|, `{src_text}`}, the offset in {src_reg} has {?src_reg_smin:the range [{src_reg_smin}, {src_reg_smax|{src_reg_umax|no upper bound}}]}{!src_reg_smin:no lower bound the verifier knows{src_reg_smax| (only an upper one: {src_reg_smax})}}{src_reg_var_off|; var_off={src_reg_var_off}}. A signed index (`int idx`) that was checked only against an upper bound, or a value shifted or multiplied after its check, gives such a range.
fix[src_reg]: Right before {src_text|`{src_text}`}{!src_text:insn {insn}}, give the index both bounds: make it unsigned (`__u32 idx`) and check `if (idx >= N) return 0;`, or check `if (idx < 0 || idx >= N) return 0;` on the same variable that is then used.
fix: Bound the offset before adding it: `if (off > MAX) return 0;` (an unsigned compare gives both bounds), or mask it with `off &= MAX - 1;`.
fix: Load with CAP_BPF and CAP_PERFMON to lift the speculative-execution restrictions.
example: math between map_value pointer and register with unbounded min value is not allowed
example: addition of negative constant to packet pointer is not allowed
example: R2 tried to add beyond pointer bounds, pointer arithmetic with it prohibited for !root
example: R1 tried to add from different maps or paths
