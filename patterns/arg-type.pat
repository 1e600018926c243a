# Helper and kfunc arguments of the wrong type, size or provenance.
# This file is read first of all (name order): keep every match anchored and
# specific, or it takes lines that belong to a later category.

id: arg-reg-type-expected
category: arg-type
match: ^(?<reg>R(?<regno>\d+)) type=(?<type>\w*?(?<or_null>_or_null|or_null_)\w*|\S+?),? expected=(?<expected>.+)$
category[or_null]: null-deref
title: argument {regno} of {helper|the call} (R{regno}) is `{type}`, but {helper|the helper} wants {expected}
explain: The verifier checks every helper argument against the helper's prototype{helper|: argument {regno} of {helper}() must be one of: {expected}}{!helper:; argument register R{regno} must hold one of: {expected}}. {insn|At insn {insn} (`{insn_text}`{src_text|, `{src_text}`}) }R{regno} holds `{type}`{reg_state| ({reg_state})}.
explain[or_null]: `{type}` means the pointer may be NULL: it comes from a lookup or reserve call whose result was not checked before being passed on.
explain[reg_is_ctx]: `ctx` is the program's context pointer itself: it was passed where {helper|the helper} needs a pointer to memory it reads (a key, a buffer). Copy the value you mean (a field of the context) into a local variable and pass the local's address.
explain[reg_is_scalar]: A plain number was passed where {helper|the helper} needs a pointer: often the value itself instead of its address (`key` instead of `&key`), or a pointer that lost its type by going through an integer, a map or a spill the verifier could not follow.
explain[!or_null]: {!reg_is_ctx:{!reg_is_scalar:When the type is `scalar` (or `inv` on 4.14-5.x, `imm` on older kernels) the pointer was lost: it was computed by arithmetic the verifier cannot follow, read back from memory as a plain number, or it is an integer cast to a pointer.}}
fix[arg_mem_size]: Pass the address of the map's {arg_mem_what} on the stack: {helper} reads {arg_mem_size} bytes there{arg_map| (the {arg_mem_what} size map `{arg_map}` was created with)}, so declare {?arg_c_type:`{arg_c_type} {arg_mem_what} = ...;`}{!arg_c_type:a {arg_mem_size}-byte struct, zeroed (`= {}`) and then filled,}{?reg_is_ctx: holding the context field you mean,} and pass `&{arg_mem_what}` as argument {regno}.
fix[reg_is_ctx]: {!arg_mem_size:Pass a copy, not the context: copy the field you mean into a local (`__u32 key = ctx->ingress_ifindex;`, say) and pass `&key` to {helper|the helper} as argument {regno}.}
fix: Pass a pointer of an accepted kind: for `fp` put the buffer on the stack (`char buf[64] = {};`) and pass `buf`; for `map_value` pass the pointer returned by bpf_map_lookup_elem after `if (!p) return 0;`.
fix: If R{regno} was loaded from a map value, a struct or another register spill, keep the original pointer in a local variable instead and pass that.
fix[or_null]: Add the NULL check before the call (`if (!ptr) return 0;`).
kernels: a plain number is `type=imm` on 4.x up to about 4.13, `type=inv` on 4.14-5.x, `type=scalar` on 6.x; the list of expected types grew over time (`fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_`).
ref: https://docs.kernel.org/bpf/verifier.html
example: R1 type=inv expected=fp
example: R2 type=imm expected=map_ptr
example: R2 type=map_value_or_null expected=fp
example: R2 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_

id: arg-reg-is-of-type
category: arg-type
match: ^(?<reg>R(?<regno>\d+)) is of type (?<type>\S+) but (?<expected>\S+) is expected$
title: R{regno} points to {type}, the call needs {expected}
explain: The argument in R{regno} is a pointer to a kernel type `{type}` (from BTF), but the helper or kfunc is declared to take a pointer to `{expected}`. The verifier compares BTF types exactly, including through nested first members.
fix: Pass a pointer of type `{expected}`: if you hold a {type}, use the kernel's accessor or a bpf_skc_to_*/bpf_rdonly_cast conversion to get the right object.
fix: Check that the BTF of your vmlinux.h matches the running kernel: regenerate it with `bpftool btf dump file /sys/kernel/btf/vmlinux format c > vmlinux.h`.
example: R1 is of type task_struct but sock is expected

id: arg-kfunc-ptr-mismatch
category: arg-type
match: ^kernel function (?<kfunc>\w+) args#(?<arg>\d+) expected pointer to (?<expected>.+?)(?: but (?<reg>R(?<regno>\d+)) has a pointer to (?<type>.+))?$
title: argument {arg} of {kfunc} must point to {expected}
explain: The kfunc {kfunc} declares argument {arg} as a pointer to {expected}; the verifier found {reg|the register} pointing to {type|another type}. kfunc arguments are checked against kernel BTF, and the types must match exactly.
fix: Pass a pointer of the declared type; convert with bpf_rdonly_cast() or a bpf_skc_to_* helper where one exists, or obtain the object from an acquire kfunc that returns {expected}.
fix: Make sure the kfunc's declaration in your program (`extern ... __ksym;`) matches the kernel's prototype exactly.
example: kernel function bpf_task_release args#0 expected pointer to STRUCT task_struct but R1 has a pointer to STRUCT cgroup

id: arg-kfunc-ptr-unsupported
category: arg-type
match: ^kernel function (?<kfunc>\w+) args#(?<arg>\d+) pointer type (?<type>.+) is not supported$
title: kfunc {kfunc} argument {arg} has a pointer type the verifier cannot check
explain: The verifier does not know how to verify a pointer of type {type} as argument {arg} of {kfunc}: only pointers to ctx, to scalars or structs of scalars with a size argument, to known kernel objects, dynptrs, iterators and callbacks are supported.
fix: If you declared the kfunc yourself, fix the prototype (`extern ... __ksym;`) to match the kernel's; if it is a kernel kfunc, the kernel you run does not support calling it this way: upgrade or use another kfunc.
example: kernel function bpf_foo args#1 pointer type STRUCT bar is not supported

id: arg-global-func-ctx
category: arg-type
match: ^arg#(?<arg>\d+) (?:expected pointer to ctx, but got (?<type>.+)|expects pointer to ctx)$
title: argument {arg} must be the program's context pointer
explain: Argument {arg} is declared as the program's context (`struct __sk_buff *`, `struct xdp_md *`, ... or a type tagged `__arg_ctx`), but the caller passed {type|another pointer}. Only the ctx pointer the program received (unmodified) may be passed there.
fix: Pass the program's own ctx argument unchanged (not a copy with an offset, not a pointer read from memory).
fix: For a global subprogram, declare the parameter with the exact context type of {prog_type|this program type} (or tag it `__arg_ctx` on 6.8+).
example: arg#0 expected pointer to ctx, but got PTR
example: arg#1 expects pointer to ctx

id: arg-kfunc-arg-generic
category: arg-type
match: ^(?:kernel function (?<kfunc>\w+) )?arg#(?<arg>\d+)(?: arg#\d+)? (?!type tag fetching failure|reference type\('[^']*'\) size cannot be determined)(?<problem>.+)$
title: argument {arg} of {kfunc|{call_name|the call}} is rejected: {problem}
explain: The verifier checks each argument of a kfunc or global function against its BTF prototype; argument {arg} failed: "{problem}". kfunc arguments must be exactly the kind of object the prototype declares (a referenced or trusted kernel pointer, a stack pointer with a size, an initialized dynptr or iterator, a map value holding the right special field).
explain[arg_reg]: Argument {arg} is passed in {arg_reg}, which holds {arg_reg_state}{?arg_reg_is_scalar:: a plain number, not the pointer the prototype wants}.
explain[call_is_release]: {call_name}() is a release function: it takes a pointer the program still holds a reference to.{prev_call_insn| {call_name}() was already called at insn {prev_call_insn}{prev_call_src_line| (line {prev_call_src_line})}{?arg_reg_is_scalar:: after a release the verifier turns every copy of the released pointer into a plain number, so this second release{src_line| at line {src_line}} passes a scalar — the object is released twice on this path}.}
fix[prev_call_insn]: {?arg_reg_is_scalar:Release the object once on each path: remove the second {call_name}() call{src_line| (line {src_line})}, or set the variable to NULL after the first release and test it before releasing again.}
fix: Read the kfunc's prototype in the kernel (kernel/bpf/helpers.c or the subsystem's kfunc set) and pass the object kind it expects for argument {arg}.
fix: For memory-and-size pairs, make the size a bounded scalar (`if (len > sizeof(buf)) return 0;`) and the memory a stack buffer or map value of at least that size.
fix: For objects from acquire kfuncs (bpf_obj_new, bpf_task_acquire, ...), pass the pointer you got back, unmodified, not a copy read from a map.
example: arg#0 pointer type STRUCT bpf_dynptr must be valid and initialized
example: arg#1 arg#2 memory, len pair leads to invalid memory access
example: arg#0 expected pointer to allocated object

id: arg-global-func-args
category: arg-type
match: ^(?:Caller passes invalid args into func#(?<func>\d+)(?: \('(?<name>[^']*)'\))?|(?<reg>R(?<regno>\d+)) is not a (?:scalar|pointer to arena or scalar\.)|arg(?<argn>\d+) expected pointer to func)$
title: the arguments passed to {name|the called function} do not match its BTF prototype
explain: A global (non-static) BPF function is verified once, on its own, assuming only what its BTF prototype says about its arguments. Each call must then pass arguments of those types: scalars where the prototype has integers, the ctx pointer or a tagged pointer where it has pointers.
fix: Make the function `static` (then it is verified in the context of each call, with the real argument values) or `static __always_inline`.
fix: Change the prototype so that pointer arguments are the context type or tagged (`__arg_ctx`, `__arg_nonnull`, `__arg_trusted` on 6.8+) and the rest are plain integers.
example: Caller passes invalid args into func#1 ('handle_event')
example: R2 is not a scalar

id: arg-const-required
category: arg-type
match: ^(?<reg>R(?<regno>\d+)) (?:is not a known constant'?|must be a known constant|is not a const|rdonly/rdwr_buf_size exceeds u32 max)$
title: R{regno} must be a constant known at verification time
explain: This argument{helper| of {helper}() (argument {regno})} must be a constant the verifier can see (a flag, a map index, a size for a returned buffer), but R{regno} holds a value whose exact number the verifier does not know{reg_state| ({reg_state})}{?reg_umax:: anything up to {reg_umax}}.{?helper_is_bpf_ringbuf_reserve: bpf_ringbuf_reserve() needs its size as a constant because the verifier must know the size of the record it returns; for a size known only at run time use bpf_ringbuf_output() with a buffer, or reserve the largest size and fill part of it.}
fix: Pass a literal or a `const` value computed without branches; the compiler must emit `r{regno} = <const>` right before the call.
fix: If the value comes from a variable that is constant in practice, assign it from a constant in each branch or use a switch over the allowed constants.
example: R2 is not a known constant'
example: R3 must be a known constant

id: arg-zero-sized
category: arg-type
match: ^(?:(?<reg>R(?<regno>\d+)) )?invalid zero-sized read(?:: u64=\[(?<min>-?\d+),(?<max>-?\d+)\])?$
title: the size argument may be zero where the helper needs at least one byte
explain: The size passed to the helper ({reg|the size register}) can be 0 according to the verifier's range{?max: [{min|0}, {max}]}{!max: (lowest value {min|0})}, and this helper does not accept a zero-sized access.
fix: Check the size before the call so that the verifier sees it is at least 1: `if (len < 1 || len > sizeof(buf)) return 0;`.
fix: On kernels before 5.x, use a helper variant that accepts zero (`ARG_CONST_SIZE_OR_ZERO`), or add 1 to the size and read one byte more into a larger buffer.
example: R2 invalid zero-sized read: u64=[0,64]
example: invalid zero-sized read

id: arg-dynptr-iter
category: arg-type
match: ^(?:Expected an initialized dynptr as arg #(?<arg>\d+)|Expected a dynptr of type (?<type>\S+) as arg #(?<xarg>\d+)|Dynptr has to be an uninitialized dynptr|cannot pass pointer to const bpf_dynptr, the helper mutates it|cannot release unowned const bpf_dynptr|expected (?:valid iter pointer|uninitialized iter_\w+|an initialized iter_\w+) as arg #\d+|cannot overwrite referenced dynptr|potential write to dynptr at off=-?\d+ disallowed|Unsupported reg type \S+ for bpf_dynptr_from_mem data|(?:\S+ has to be at a constant offset)|cannot pass in \S+ at an offset(?:=-?\d+)?)$
title: a dynptr or iterator argument is not in the state the call requires
explain: dynptrs (struct bpf_dynptr) and open-coded iterators (struct bpf_iter_*) live on the stack and the verifier tracks their state: a constructor (bpf_ringbuf_reserve_dynptr, bpf_dynptr_from_mem, bpf_iter_*_new) needs an uninitialized slot, every other call needs an initialized one of the right type, at a constant stack offset, never overwritten in between.
fix: Declare the dynptr/iterator as a local variable (`struct bpf_dynptr ptr;`), initialize it once with its constructor, pass `&ptr` directly (no pointer arithmetic), and release/destroy it on every path.
fix: Do not write to the stack slots of a live dynptr and do not pass a `const struct bpf_dynptr *` to a helper that modifies it.
example: Expected an initialized dynptr as arg #1
example: Dynptr has to be an uninitialized dynptr
example: expected uninitialized iter_num as arg #0
follows: arg-dynptr-iter

id: arg-readonly-mem-write
category: arg-type
match: ^(?<func>\w+)\(\) may write into memory pointed by (?<reg>R(?<regno>\d+)) type=(?<type>\S+)$
title: {func}() may write into read-only memory (R{regno}: {type})
explain: {func}() writes into the buffer passed in R{regno}, but that memory is read-only for the program ({type}: a read-only map such as .rodata, a rdonly_mem returned by a helper, or a const string).
fix: Pass a writable buffer: a stack array or a value of a writable map (not a `const` global).
example: bpf_probe_read_kernel() may write into memory pointed by R1 type=map_value

id: arg-const-string
category: arg-type
match: ^(?:(?<reg>R(?<regno>\d+)) (?:does not point to a readonly map|is not a constant address)'?|string is not zero-terminated|direct value access on string failed|Invalid format string)$
title: the string argument must be a constant, NUL-terminated string in a read-only map
explain: Helpers such as bpf_snprintf, bpf_trace_vprintk and bpf_strncmp take a format or string that the verifier reads at load time: it must live in a read-only map (.rodata, i.e. a `const` global or string literal), at a constant offset, and be NUL-terminated; a format string must use only the conversions bpf_snprintf supports.
fix: Use a string literal or a `static const char fmt[] = "...";` global, not a stack buffer.
fix: Check the format: only %d %i %u %x %ld %lu %lx %lld %llu %llx %p* %s %c are supported, at most the helper's number of arguments.
example: R2 does not point to a readonly map'
example: Invalid format string

id: arg-release-reference
category: arg-type
match: ^(?:(?<reg>R(?<regno>\d+)) must (?:have zero offset when passed to release func(?: or trusted arg to kfunc)?|be referenced(?: or trusted| when passed to release function)?|be a rcu pointer|point to kernel BTF)|release kernel function \w+ expects refcounted PTR_TO_BTF_ID|allocated object must be referenced|arg \d+ is an unacquired reference|rbtree_remove node input must be non-owning ref)$
title: {reg|the argument} must be an acquired (referenced), trusted or RCU pointer, unmodified
explain: Release functions and kfuncs with trusted arguments accept only pointers whose origin the verifier knows: returned by an acquire function (bpf_task_acquire, bpf_obj_new, bpf_sk_lookup_*, ...), passed to the program as a trusted argument, or read under RCU, and with offset 0 (the pointer itself, not a field inside it).
fix: Pass the exact pointer the acquire function returned (not `&obj->field`, not a copy loaded from a map or struct).
fix: Pointers walked from another object (`task->parent`) are not trusted: acquire them first (`bpf_task_acquire(task->parent)` inside bpf_rcu_read_lock()) or use a kfunc that accepts untrusted pointers.
example: R1 must be referenced or trusted
example: R1 must have zero offset when passed to release func or trusted arg to kfunc

id: arg-nfp
category: arg-type
match: ^\[nfp\] (?:event_output: (?:(?<nfp_cpu>must use BPF_F_CURRENT_CPU), var_off: (?<var_off>.+)|unsupported ptr type: (?<ptr_type>\d+)|ptr type changed: (?<t1>\d+) (?<t2>\d+))|(?<fname>\S+): (?:unsupported ptr type (?<aptr_type>\d+)|(?<nfp_var>variable pointer)|unaligned stack pointer (?<soff>-?\d+)))$
title: the Netronome NFP offload cannot pass this argument{fname| to {fname}}
explain: The program is offloaded to a Netronome NFP NIC, whose firmware helpers take narrower arguments than the kernel's{nfp_cpu|: bpf_perf_event_output() must be called with BPF_F_CURRENT_CPU as flags (here the flags may be {var_off})}{?ptr_type:: bpf_perf_event_output() data must be on the stack, in a map value or in the packet (pointer type {ptr_type} is not)}{?t1:: the data pointer of bpf_perf_event_output() has pointer type {t1} on one path and {t2} on another}{?aptr_type:: {fname} takes a pointer of type {aptr_type}, which the NIC cannot pass}{nfp_var|: the stack pointer passed to {fname} has a variable offset}{?soff:: the stack pointer passed to {fname} (offset {soff}) is not 4-byte aligned}.
fix: Pass map keys and values from 4-byte-aligned stack slots at constant offsets, and call bpf_perf_event_output() with BPF_F_CURRENT_CPU and one kind of data pointer; or load the program without offload.
example: [nfp] event_output: must use BPF_F_CURRENT_CPU, var_off: (0x0; 0xffffffff)
example: [nfp] event_output: unsupported ptr type: 1
example: [nfp] event_output: ptr type changed: 2 5
example: [nfp] map_lookup_elem: unsupported ptr type 2
example: [nfp] map_update_elem: variable pointer
example: [nfp] map_lookup_elem: unaligned stack pointer -6
