# The stack read before write, out of the frame, or at a variable offset.

id: stack-read-uninit
category: stack-access
match: ^invalid(?<what>[\w -]*?) read from stack (?:(?<reg>R(?<regno>\d+)) )?(?:off (?<off>-?\d+)\+(?<pos>-?\d+)|var_off (?<var_off>\([^)]*\)|\S+)\+-?\d+|off=(?<xoff>-?\d+)) size (?<size>\d+)$
title: the program reads {size} bytes of stack at {off|{xoff|a variable offset}} that were never written
explain: The verifier requires every stack byte to be written before it is read, directly or by a helper{regno| (the buffer passed in R{regno}{helper| to {helper}()} is not fully initialized)}. {?off:Of the {size} bytes at fp{off}{src_text| (`{src_text}`)}, byte {pos} (counting from 0){stack_unwritten|, fp-{stack_unwritten}{stack_unwritten_slot| (in the 8-byte slot fp-{stack_unwritten_slot})},} was never written on the path the verifier followed{stack_written| (the log shows writes to {stack_written} in this range)}}{!off:The bytes at offset {xoff|a variable offset} are uninitialized on some path}: a struct with padding, a partially filled buffer, or a variable set only in one branch.
fix[stack_unwritten]: Write fp-{stack_unwritten_slot|{stack_unwritten}} before the read: all {size} bytes from fp{off} up to {?stack_read_end:fp-{stack_read_end}}{!stack_read_end:the top of the frame} must be written, padding included; zeroing the object first does it: `__builtin_memset(&obj, 0, {size});`.
fix: Initialize the whole object before use: `struct key k = {};` or `__builtin_memset(&k, 0, sizeof(k));` then set the fields; padding holes count as unread bytes.
fix: Set the variable on every path before it is read (or give it a default at declaration).
kernels: `invalid read from stack off -16+0 size 8` (direct), `invalid indirect read from stack R2 off -32+4 size 8` (helper argument; 6.x prints the register); `invalid variable-offset indirect read from stack` for variable offsets.
example: invalid indirect read from stack R2 off -32+4 size 8
example: invalid read from stack off -16+0 size 8
example: invalid indirect read from stack off -24+0 size 16

id: stack-out-of-frame
category: stack-access
match: ^(?:invalid(?<what>[\w -]*?) stack (?:(?<reg>R(?<regno>\d+))(?: var_off=(?:\([^)]*\)|\S+))?(?: off=(?<off>-?\d+))? size=(?<size>\d+)|R\d+)|invalid stack off=(?<xoff>-?\d+) size=(?<xsize>\d+)|invalid stack type R\d+ off=(?<yoff>-?\d+) access_size=\d+|variable stack access var_off=(?:\([^)]*\)|\S+) off=-?\d+ size=\d+|invalid variable stack read R\d+ var_off=(?:\([^)]*\)|\S+))$
title: a stack access{off| at offset {off}}{!off:{xoff| at offset {xoff}}{!xoff:{yoff| at offset {yoff}}}} is outside the 512-byte frame
explain: Each BPF function has at most 512 bytes of stack, addressed at negative offsets from R10 (fp-1 .. fp-512). The access at {off|{xoff|{yoff|a variable offset}}}{size| with size {size}}{xsize| with size {xsize}} falls outside it, or its offset is not bounded.
explain[off_nonneg]: Offset {off} is at or above the frame pointer: R10 points just past the top of the stack, so only negative offsets are inside the frame{insn| (insn {insn}: `{insn_text}`)}; a positive offset from R10 is always outside, usually hand-written asm or a pointer that should have been fp-{size|8}.
explain[off_below_frame]: Offset {off} is below fp-512{stack_below_by|, {stack_below_by} byte(s) past the bottom of the frame}: the function's locals need {stack_need|more than 512} bytes, or an index reaches past an array on the stack.
explain[stack_above_by]: {!off_nonneg:The {size}-byte access at fp{off} ends {stack_above_by} byte(s) above R10: an access of this size must start at fp-{stack_fit_off} or lower.}
fix[off_nonneg]: Address stack slots below R10: `*(u64 *)(r10 -{size|8}) = r1` in asm; in C, take the address of a local variable instead of computing it from the frame pointer.
fix[stack_below_by]: Make the locals fit in 512 bytes: this access needs {stack_need} bytes of frame, {stack_below_by} more than there are; move at least {stack_below_by} bytes of locals (a large array or struct) into a per-CPU array map used as scratch space, and check that array indexes on the stack are bounded.
fix[!off_nonneg]: {!stack_below_by:Reduce the stack use (large arrays into a per-CPU array map used as scratch space) and check that array indexes on the stack are bounded.}
fix: If the offset is variable, bound the index before use: `if (i >= ARRAY_SIZE(buf)) return 0;`.
example: invalid variable stack read R2 var_off=(0x0; 0x7)
example: invalid write to stack R1 off=-520 size=8
example: invalid stack off=-528 size=8
example: invalid stack type R1 off=-8 access_size=8
example: invalid unbounded variable-offset write to stack R2
example: invalid variable-offset read from stack R2 var_off=(0x0; 0x1f) off=-32 size=8

id: stack-spill
category: stack-access
match: ^(?:attempt to corrupt spilled pointer on stack|invalid size of register (?:spill|fill)|cannot spill pointers to stack into stack frame of the caller|spilled ptr in range of var-offset stack write; insn \d+, ptr off: -?\d+|leaking pointer from stack off -?\d+|variable offset stack pointer cannot be passed into helper function; var_off=(?:\([^)]*\)|\S+) off=-?\d+ size=\d+|corrupted spill memory|insn \d+ cannot access two stack slots fp-?\d+ and fp-?\d+)$
title: a pointer saved on the stack is partially overwritten or read back wrongly
explain: When a pointer is saved (spilled) to the stack, the verifier remembers its type only as long as all 8 bytes stay intact and it is read back with an 8-byte load. A smaller write into the slot, a variable-offset write over it, or a narrower read destroys or leaks it.
fix: Keep pointers in their own 8-byte-aligned variables and do not overlap them with other data (no unions of pointers and integers on the stack).
fix: If the compiler spills under register pressure, simplify the function (split it, fewer live pointers) or compile with a newer clang.
example: attempt to corrupt spilled pointer on stack
example: invalid size of register fill
example: insn 12 cannot access two stack slots fp-8 and fp-16

id: stack-misaligned
category: stack-access
match: ^misaligned stack access off (?<off>.+) size (?<size>\d+)$
title: a misaligned {size}-byte stack access
explain: With strict alignment (BPF_F_STRICT_ALIGNMENT, or an architecture without efficient unaligned access) every stack access must be aligned to its size; the offset {off} (variable part + frame offset + access offset) is not a multiple of {size}{src_text| (`{src_text}`)}.
fix: Align stack buffers (`__attribute__((aligned(8)))`), lay out structs on the stack by size, or copy unaligned bytes with __builtin_memcpy into an aligned variable.
example: misaligned stack access off (0x0; 0x0)+-12+0 size 8

id: stack-nfp
category: stack-access
match: ^\[nfp\] (?:(?<nfp_var>variable ptr stack access)|stack access changed location was:(?<was>-?\d+) is:(?<is>-?\d+))$
title: the Netronome NFP offload needs a fixed stack location{was| (was {was}, now {is})}
explain: The program is offloaded to a Netronome NFP NIC, whose JIT addresses the stack only at offsets it knows when translating{nfp_var|: this access has a variable offset}{?was:: this instruction reaches stack offset {was} on one path and {is} on another}.
fix: Index stack buffers with constants only (unroll the loop), or move the buffer into a map value; or load the program without offload.
example: [nfp] variable ptr stack access
example: [nfp] stack access changed location was:-8 is:-16
