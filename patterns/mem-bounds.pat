# Memory other than packets and map values, and unbounded indexes.

id: mem-min-negative
category: mem-bounds
match: ^(?<reg>R(?<regno>\d+)) min value is negative(?: \((?<min>-?\d+)\))?, either use unsigned (?:index or do a if \(index >=0\) check\.|or 'var &= const')$
title: R{regno} may be negative where it is used as an index or a size
explain: R{regno} is used as an offset or size, and the verifier's range for it includes negative values{reg_state| ({reg_state})}: a signed variable whose lower bound was never checked. A negative index would access memory before the buffer.
fix: Make the variable unsigned (`__u32 idx`) or check both bounds right before use: `if (idx < 0 || idx >= MAX) return 0;`.
fix: For a size passed to a helper: `if (len <= 0 || len > sizeof(buf)) return 0;` or `len &= (sizeof(buf) - 1);`.
example: R1 min value is negative, either use unsigned index or do a if (index >=0) check.
example: R2 min value is negative, either use unsigned or 'var &= const'

id: mem-unbounded
category: mem-bounds
match: ^(?<reg>R(?<regno>\d+)) (?:unbounded memory access, (?:make sure to bounds check any such access|use 'var &= const' or 'if \(var < const\)')|(?<bound>min|max) value is outside of the allowed memory range)$
follows: map-value-out-of-bounds
follows: mem-invalid-access
follows: packet-out-of-range
title: R{regno}'s range is not bounded enough for this memory access
explain: The access uses R{regno} as an offset or size, and the range the verifier proved for it{reg_state| ({reg_state})} goes beyond the memory (or is unbounded), so some value the verifier considers possible would access outside it.
fix: Add an explicit check right before the access, against the real size: `if (off > sizeof(buf) - size) return 0;` — the verifier follows the comparison only if the compiler keeps it on the same register.
fix: Mask the index (`off &= MASK;`) so the maximum is provably in range; copy the value to a local after the check if the compiler reuses an unchecked register.
example: R2 unbounded memory access, make sure to bounds check any such access
example: R1 max value is outside of the allowed memory range
kernels: after `invalid access to map value ...`, `invalid access to memory ...` or `invalid access to packet ...` this line only says which bound of the register failed: that earlier line stays the verdict.
example: R2 unbounded memory access, use 'var &= const' or 'if (var < const)'

id: mem-invalid-access
category: mem-bounds
match: ^invalid access to memory, mem_size=(?<mem_size>\d+) off=(?<off>-?\d+) size=(?<size>\d+)$
title: a {size}-byte access at offset {off} of a {mem_size}-byte memory region
explain: The pointer refers to memory of known size {mem_size} (a ringbuf record, a helper's returned buffer, a dynptr slice, arena or a tracing buffer), and the access at offset {off} of {size} bytes reaches past it.
fix: Reserve or request at least off+size bytes (`bpf_ringbuf_reserve(&rb, sizeof(*e), 0)` with the real struct size), or bound the offset against {mem_size}.
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
