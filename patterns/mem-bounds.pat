# Memory other than packets and map values, and unbounded indexes.

id: mem-min-negative
category: mem-bounds
match: ^(?<reg>R(?<regno>\d+)) min value is negative(?: \((?<min>-?\d+)\))?, either use unsigned (?:index or do a if \(index >=0\) check\.|or 'var &= const')$
title: R{regno} may be negative where it is used as an index or a size
explain[reg_is_scalar]: R{regno} is used as an offset or size{insn| at insn {insn} (`{insn_text}`{src_text|, `{src_text}`})}, and the verifier's range for it includes negative values: {?smin_unbounded:it has no lower bound at all}{!smin_unbounded:its smallest possible value is {reg_smin|{min|below 0}}}{reg_smax|, its largest {reg_smax}}. A signed variable whose lower bound was never checked would access memory before the buffer (or pass a negative size).
explain[!reg_is_scalar]: R{regno} is a {reg_type|pointer} plus a variable offset{insn|, used at insn {insn} (`{insn_text}`{src_text|, `{src_text}`})}, and the range the verifier proved for that offset includes negative values: {?smin_unbounded:it has no lower bound at all (a signed index was added without any check)}{!smin_unbounded:its smallest possible value is {reg_smin|{min|below 0}}{reg_smax|, its largest {reg_smax}}}. A negative offset would access memory before the {?reg_is_pkt:packet}{?reg_is_map_value:map value}{!reg_is_pkt:{!reg_is_map_value:object}}.
fix: Make the variable unsigned (`__u32 idx`) or check both bounds right before use: `if (idx < 0 || idx >= MAX) return 0;`.
fix: For a size passed to a helper: `if (len <= 0 || len > sizeof(buf)) return 0;` or `len &= (sizeof(buf) - 1);`.
example: R1 min value is negative, either use unsigned index or do a if (index >=0) check.
example: R2 min value is negative, either use unsigned or 'var &= const'

id: mem-unbounded
category: mem-bounds
match: ^(?<reg>R(?<regno>\d+)) (?:unbounded memory access, (?:make sure to bounds check any (?:such access|array access into a map)|use 'var &= const' or 'if \(var < const\)')|(?<bound>min|max) value is outside of the (?:allowed memory range|array range|memory region))$
follows: map-value-out-of-bounds
follows: mem-invalid-access
follows: packet-out-of-range
title: R{regno}'s range is not bounded enough for this memory access
explain: The access{insn| at insn {insn} (`{insn_text}`{src_text|, `{src_text}`})} uses R{regno} {?reg_is_scalar:as an offset or size}{!reg_is_scalar:(a {reg_type|pointer} plus a variable offset)}{bound|, and the {bound}imum of its range is outside the memory}: the verifier proved {?reg_umax:only that it is at most {reg_umax}{reg_smin|, at least {reg_smin}}}{!reg_umax:{reg_smin|no upper bound (lower: {reg_smin})}{!reg_smin:no bound at all}}{reg_var_off| (var_off={reg_var_off})}, so some value it considers possible would access outside the memory.
explain[helper]: R{regno} is an argument of {helper}(){?reg_is_scalar:: a size argument must be proven to fit the buffer it describes (and, for most helpers, be more than 0)}.
explain[size_buf_max]: The size describes the buffer in {size_buf_reg}, {size_buf_what}: the verifier accepts a size of at most {size_buf_max} there, and R{regno} may be up to {reg_umax|any value}.
explain[fit_max]: R{regno} is {fit_what} plus a variable offset, and the instruction accesses {fit_width} byte(s) at {fit_fixed} past it: the variable part must be at most {fit_max} for the access to stay inside, and the verifier proved only {reg_umax|no upper bound}.
fix[size_buf_max]: Bound the size right before the call, on the variable passed: `if (len > {size_buf_max}) return 0;` (or `len &= {size_mask};`, which keeps it at most {size_mask}); with `sizeof(buf)` if the buffer is smaller than the {size_buf_max} bytes {size_buf_reg} has room for. A check made earlier on another copy of the value does not count.
fix[fit_max]: Bound the offset right before the access: `if (off > {fit_max}) return 0;`, or mask it: `off &= {fit_mask};` (at most {fit_mask}); copy it to a local after the check if the compiler reuses an unchecked register.
fix[helper]: {!size_buf_max:Bound the size right before the call, on the variable passed: `if (len > sizeof(buf)) return 0;` (or `len &= sizeof(buf) - 1;` with a power-of-two buffer); a check made earlier on another copy of the value does not count.}
fix[!fit_max]: {!size_buf_max:Add an explicit check right before the access, against the size of the memory: `if (off > sizeof(buf) - size) return 0;` — the verifier follows the comparison only if the compiler keeps it on the same register.}
fix[!fit_max]: {!size_buf_max:Mask the index (`off &= MASK;`, MASK one less than a power of two that fits) so the maximum is provably in range; copy the value to a local after the check if the compiler reuses an unchecked register.}
example: R2 unbounded memory access, make sure to bounds check any such access
example: R1 max value is outside of the allowed memory range
kernels: after `invalid access to map value ...`, `invalid access to memory ...` or `invalid access to packet ...` this line only says which bound of the register failed: that earlier line stays the verdict. Kernels before 5.x word it `R%d max value is outside of the array range` (map values) and `unbounded memory access, make sure to bounds check any array access into a map`.
example: R2 unbounded memory access, use 'var &= const' or 'if (var < const)'
example: R3 max value is outside of the array range
example: R1 unbounded memory access, make sure to bounds check any array access into a map

id: mem-invalid-access
category: mem-bounds
match: ^invalid access to memory, mem_size=(?<mem_size>\d+) off=(?<off>-?\d+) size=(?<size>\d+)$
title: {size}-byte access at offset {off} ends at byte {access_end} of a {mem_size}-byte memory region
explain: {reg|The pointer} refers to memory of known size {mem_size}{reg_type| ({reg_type})}{insn|, and insn {insn} (`{insn_text}`{src_text|, `{src_text}`})} accesses {size} byte(s) at offset {off}: up to byte {access_end}, {access_over} byte(s) past the end. An access of this size must start at offset {access_max_off} or lower.
explain[reg_is_ringbuf_mem]: The memory is a ring buffer record, and its size is the size argument of the bpf_ringbuf_reserve() call that returned it: {mem_size} bytes were reserved, and the program writes a field at bytes {off}..{access_end} — the struct it fills is larger than what it reserved.
explain[!reg_is_ringbuf_mem]: The size comes from where the pointer was made: a ringbuf record's reserved size, a helper's or kfunc's returned buffer (its size argument), a dynptr slice, or a tracing buffer.
fix[reg_is_ringbuf_mem]: Reserve the whole struct: `e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);` (at least {access_end} bytes, not {mem_size}), with the same struct type the program writes.
fix: Request or reserve at least {access_end} bytes where the pointer is made, or keep the access below offset {access_max_off} (+{size} bytes) of this {mem_size}-byte region; for a variable offset, bound it against {access_max_off} right before the access.
example: invalid access to memory, mem_size=16 off=16 size=8

id: mem-buffer-btf
category: mem-bounds
match: ^(?:R\d+ invalid (?:\S+ buffer access: off=-?\d+, size=\d+|variable buffer offset: off=-?\d+, var_off=(?:\([^)]*\)|\S+))|R\d+ is ptr_\S+ (?:invalid negative access: off=-?\d+|invalid variable offset: off=-?\d+, var_off=(?:\([^)]*\)|\S+)|access user memory: off=-?\d+|access percpu memory: off=-?\d+)|access beyond struct \S+ at off \d+ size \d+|access beyond the end of member \S+ \(mend:\d+\) in struct \S+ with off \d+ size \d+|struct \S+ doesn't have field at offset -?\d+|Type '[^']*' is not a struct|field \S+ doesn't have size|direct access to \S+ is disallowed|R\d+ cannot write into \S+)$
title: a typed kernel pointer (BTF) or buffer is accessed outside its object
explain: Pointers to kernel structs obtained through BTF (fentry arguments, tp_btf, iterators, kfunc results) can be read field by field; the verifier checks the offset against the struct's BTF layout. This access is outside the struct or its member, at a variable offset, into user or per-CPU memory that needs a helper, or a write to read-only memory.
fix: Access fields by name through the typed pointer (`task->pid`), not by casting and indexing; for user memory use bpf_probe_read_user(), for per-CPU memory bpf_per_cpu_ptr()/bpf_this_cpu_ptr().
fix: If the field exists only on some kernels, use CO-RE (`BPF_CORE_READ`, `bpf_core_field_exists`).
example: access beyond struct task_struct at off 9800 size 4
example: R1 is ptr_task_struct invalid negative access: off=-8

id: mem-btf-ptr-member
category: mem-bounds
match: ^cannot access ptr member (?<member>\S+) with moff (?<moff>\d+) in struct (?<struct>\S+) with off (?<off>\d+) size (?<size>\d+)$
title: member {member} of struct {struct} is a pointer and must be read whole (8 bytes), not with size {size}
explain: Through a typed (BTF) pointer, a pointer member such as {struct}.{member} can only be loaded as a whole 8-byte pointer at its own offset, so that the verifier can type the result; a {size}-byte read at offset {off} would split it.
fix: Read the member as a pointer (`struct x *p = s->{member};`), or if you need its raw value use bpf_probe_read_kernel(&v, sizeof(v), &s->{member}).
fix: Check that your struct definition (vmlinux.h) matches the kernel, so that the compiler reads the field with its real size.
example: cannot access ptr member ops with moff 0 in struct bpf_map with off 0 size 4

id: mem-misaligned
category: mem-bounds
match: ^misaligned (?!(?:packet|stack) access )(?<what>[\w ]+? )?access off (?<off>.+) size (?<size>\d+)$
title: a misaligned {what|pointer }access of {size} bytes
explain: With strict alignment (BPF_F_STRICT_ALIGNMENT, or an architecture without efficient unaligned access) the verifier requires each access through a {what|typed }pointer to be aligned to its size; the offset {off} (variable part + fixed offset of the pointer + offset of the access) is not a multiple of {size}.
fix: Access the field at its natural offset and size (as declared in the UAPI or vmlinux.h struct), not a sub-word of it at an odd offset.
fix: Load without BPF_F_STRICT_ALIGNMENT if you set it for testing; on architectures that need alignment, read with bpf_probe_read_kernel() into an aligned local.
example: misaligned access off (0x0; 0x0)+0+2 size 4
example: misaligned sock access off (0x0; 0x0)+0+2 size 4
example: misaligned flow keys access off (0x0; 0x0)+0+2 size 4
