# Malformed or unsupported bytecode: the instruction itself is refused
# (reserved fields, unknown opcodes, a broken 64-bit immediate load, a
# constant zero divisor, an impossible shift), before or regardless of what
# the registers hold. A compiler, an assembler or a loader wrote it.

id: bad-insn-ld-imm64
category: bad-insn
match: ^(?:(?<bad_pair>invalid bpf_ld_imm64 insn|invalid BPF_LD_IMM insn|BPF_LD_IMM64 uses reserved fields)|(?<bad_pseudo>unrecognized bpf_ld_imm64 insn)|(?<fd_idx>fd_idx without fd_array is invalid)|(?<bad_fd>fd -?\d+ is not pointing to valid bpf_map))$
title: a malformed 64-bit immediate load (ld_imm64){insn| at insn {insn}}
explain: A 64-bit immediate load (`r1 = 0x... ll`, or a map reference `r1 = map[id:..]`) takes two instruction slots: the first carries the opcode 0x18 and the low 32 bits, the second must be all zero except its immediate (the high 32 bits), and the first's source-register field says what the value is (0: a number, 1: a map fd, 2: a map value, 3: a BTF id, 4: a function, 5/6: a map by index into fd_array).
explain[bad_pair]: Here the pair is broken: the second slot has a nonzero opcode, register or offset field, the load is the program's last instruction, or a jump lands on its second half. A loader that inserted or removed instructions without fixing jump offsets, or bytes that are not code, give this.
explain[bad_pseudo]: Here the source-register field holds a kind this kernel does not know: a loader newer than the kernel (a BPF_PSEUDO_* kind added later), or a map relocation the loader never resolved.
explain[fd_idx]: Here the load names a map by its index into fd_array (BPF_PSEUDO_MAP_IDX), but the load attributes carry no fd_array: the loader emitted index-based map references and then did not pass the array of map fds.
fix: Dump the instructions the loader sent (`bpftool prog load ... -d`, or `llvm-objdump -d` of the object) and look at the ld_imm64 pair{insn| at insn {insn}}: both halves must be present and the second must be zero but for its immediate.
fix: If your loader rewrites instructions (inserting a prologue, patching calls), make it adjust every jump over the inserted range and never split an ld_imm64 pair.
fix[fd_idx]: Pass fd_array in the BPF_PROG_LOAD attributes (libbpf does when it uses BPF_PSEUDO_MAP_IDX), or emit BPF_PSEUDO_MAP_FD with the fd itself.
kernels: `fd_idx without fd_array is invalid` since 5.15 (BPF_PSEUDO_MAP_IDX); the other wordings since 4.x.
ref: https://docs.kernel.org/bpf/standardization/instruction-set.html#bit-immediate-instructions
example: invalid bpf_ld_imm64 insn
example: unrecognized bpf_ld_imm64 insn
example: invalid BPF_LD_IMM insn
example: BPF_LD_IMM64 uses reserved fields
example: fd_idx without fd_array is invalid
example: fd 0 is not pointing to valid bpf_map

id: bad-insn-reserved-fields
category: bad-insn
match: ^(?<insn_kind>BPF_(?:ALU|MOV|NEG|END|JA|CALL|EXIT|ST|STX|LDX|JMP/JMP32|JMP|XADD|LD_\[ABS\|IND\])) uses reserved fields$
title: the {insn_kind} instruction{insn| at insn {insn}} sets fields that must be zero
explain: Every BPF instruction has a destination and a source register, a 16-bit offset and a 32-bit immediate; for {insn_kind}{insn_text| (`{insn_text}`)} some of them are reserved and must be zero (the source register of an immediate operation, the offset of an ALU operation, the immediate of an exit or a register store, ...), and here one of them is not.
explain: On a kernel older than 6.6 the usual cause is an object built for the v4 instruction set (`-mcpu=v4`, which newer clang versions may pick by default): signed division and modulo set the offset of BPF_ALU, sign-extending moves set the offset of BPF_MOV, unconditional byte swaps use BPF_END in the ALU64 class, and `gotol` uses BPF_JA with a 32-bit immediate. Otherwise the bytes were written by hand, by an assembler or JIT with a wrong encoding, or patched by a loader.
fix: Build for an instruction set the kernel knows: `clang -target bpf -mcpu=v3` (kernels 5.1 and later) or `-mcpu=v2` (older ones); `llvm-objdump -d --mcpu=v4` shows which instruction{insn| (insn {insn})} needs v4.
fix: If the instructions come from your own code generator or loader, fix the encoding of {insn_kind}: the kernel's instruction-set document lists which fields each opcode uses.
kernels: the v4 instructions (sdiv/smod, movsx, ldsx, bswap, gotol) are accepted from 6.6; older kernels refuse them with these messages or `unknown opcode`.
ref: https://docs.kernel.org/bpf/standardization/instruction-set.html
example: BPF_ALU uses reserved fields
example: BPF_MOV uses reserved fields
example: BPF_EXIT uses reserved fields
example: BPF_JMP/JMP32 uses reserved fields
example: BPF_XADD uses reserved fields
example: BPF_LD_[ABS|IND] uses reserved fields

id: bad-insn-unknown-opcode
category: bad-insn
match: ^(?:unknown opcode (?<opcode>(?<ldsx>8[19]|91)|[0-9a-f]+)|invalid BPF_(?<class>ALU|JMP/JMP32|JMP) opcode (?<class_opcode>[0-9a-f]+)|(?<arsh32>BPF_ARSH not supported for 32 bit ALU)|unknown insn class (?<insn_class>-?\d+)|(?<ld_mode>invalid BPF_LD mode)|BPF_ATOMIC uses invalid atomic opcode (?<atomic_op>(?<acq_rel>1[01]0)|[0-9a-f]+))$
title: an instruction this kernel does not know{opcode| (opcode 0x{opcode})}{class_opcode| (BPF_{class} operation 0x{class_opcode})}{atomic_op| (atomic operation 0x{atomic_op})}
explain: The verifier checks every instruction's opcode against the instruction set it implements before anything else, and {?opcode:opcode 0x{opcode}}{?class_opcode:BPF_{class} operation 0x{class_opcode}}{?atomic_op:atomic operation 0x{atomic_op}}{!opcode:{!class_opcode:{!atomic_op:this one}}} is not in it{insn| (insn {insn})}: the program was built for a newer instruction set than this kernel's, or the bytes are not BPF code (a data section loaded as a program, a corrupted object).
explain[ldsx]: Opcode 0x{opcode} is a sign-extending load (`r1 = *(s8 *)(r2 + 0)`, BPF_MEMSX), part of the v4 instruction set that kernels accept from 6.6: clang emits it with `-mcpu=v4`.
explain[acq_rel]: Atomic operation 0x{atomic_op} is a load-acquire or store-release (`smp_load_acquire()`/`smp_store_release()` on BPF), which kernels accept from 6.15.
explain[arsh32]: The instruction is a 32-bit arithmetic shift right (`w1 s>>= 3`, BPF_ALU|BPF_ARSH), which kernels accept from 5.0; clang emits it for a signed 32-bit `>>` with `-mcpu=v3` or alu32.
explain[ld_mode]: The instruction is in the BPF_LD class with a mode other than IMM (the 64-bit immediate load) or ABS/IND (the legacy packet loads): no such instruction exists.
fix: Build for the kernel you load on: `clang -target bpf -mcpu=v3` (or `-mcpu=v2` before 5.1), and check the instruction{insn| at insn {insn}} with `llvm-objdump -d`.
fix[acq_rel]: On kernels before 6.15, replace the acquire/release accesses with plain loads and stores plus `__sync_synchronize()`, or compile them out for old kernels.
fix: If you generate bytecode yourself, compare the opcode with the kernel's instruction-set document: class (low 3 bits), operation and source or size/mode bits.
kernels: JMP32 (class 6) from 5.1, atomics with fetch from 5.12, the v4 set (sdiv, movsx, ldsx, bswap, gotol) from 6.6, load-acquire/store-release from 6.15.
ref: https://docs.kernel.org/bpf/standardization/instruction-set.html
example: unknown opcode e7
example: unknown opcode 91
example: invalid BPF_ALU opcode e0
example: invalid BPF_JMP/JMP32 opcode f0
example: BPF_ARSH not supported for 32 bit ALU
example: unknown insn class 8
example: invalid BPF_LD mode
example: BPF_ATOMIC uses invalid atomic opcode 100

id: bad-insn-jit-unsupported
category: bad-insn
match: ^(?:bpf[-_]jit: )?(?:eBPF filter (?:opcode (?<opcode>00(?<probe_mem>[23][19])|[0-9a-f]{4})|atomic op code (?<atomic>[0-9a-f]{2})) \(@(?<jit_insn>\d+)\) unsupported|(?:not supported: opcode|unknown opcode) (?<xopcode>(?<xprobe_mem>[23][19])|[0-9a-f]{2})(?: \*\*\*)?|(?<small_atomic>1 and 2 byte atomics are not supported))$
title: the JIT compiler of this architecture cannot translate {opcode|{xopcode|an instruction}}{?jit_insn: at insn {jit_insn}}
explain: This line is the kernel's JIT compiler (dmesg), not the verifier: the verifier accepted the program, then the architecture's JIT, which turns BPF into machine code, met an instruction it does not implement{?opcode: (opcode 0x{opcode}{?jit_insn: at insn {jit_insn}})}{?atomic: (atomic operation 0x{atomic}{?jit_insn: at insn {jit_insn}})}{?xopcode: (opcode 0x{xopcode})}{?small_atomic: (a 1- or 2-byte atomic)} and refused the program. The load fails with ENOTSUPP (errno 524, "Unknown error 524": user space has no name for it), and the verifier log shows no rejection. JITs of less common architectures (ppc64, s390, mips, riscv, arm32, the 32-bit x86 one) and of older kernels lag behind x86-64 and arm64.
explain[probe_mem]: Opcode 0x{opcode} is a load in the BPF_PROBE_MEM mode, which the verifier itself writes in place of a plain load through a BTF pointer (`task->pid` on a `struct task_struct *` in fentry/tp_btf/iterators, or a CO-RE read compiled as a direct access): the JIT must emit an exception-table entry for it, and this kernel's JIT for this architecture cannot.
explain[xprobe_mem]: Opcode 0x{xopcode} is a load in the BPF_PROBE_MEM mode, which the verifier itself writes in place of a plain load through a BTF pointer (`task->pid` on a `struct task_struct *` in fentry/tp_btf/iterators, or a CO-RE read compiled as a direct access): the JIT must emit an exception-table entry for it, and this kernel's JIT for this architecture cannot.
fix: Find the instruction{?jit_insn: (insn {jit_insn} of the program the verifier saw)} with `bpftool prog dump xlated` on x86-64 or in `llvm-objdump -d` of the object, and build the program without it for this architecture: an older `-mcpu` (v2 or v3), no atomics of this kind, no 32-bit sub-register tricks the JIT lacks.
fix[probe_mem]: Read kernel memory with `bpf_probe_read_kernel()` (or BPF_CORE_READ, which uses it) instead of direct dereferences of BTF pointers, or load the program type that does not need them (a kprobe instead of fentry); a newer kernel's JIT for this architecture may support PROBE_MEM.
fix[xprobe_mem]: Read kernel memory with `bpf_probe_read_kernel()` (or BPF_CORE_READ, which uses it) instead of direct dereferences of BTF pointers, or load the program type that does not need them (a kprobe instead of fentry); a newer kernel's JIT for this architecture may support PROBE_MEM.
fix: If the kernel allows it, the interpreter runs what the JIT cannot (`sysctl net.core.bpf_jit_enable=0` on kernels built without CONFIG_BPF_JIT_ALWAYS_ON); programs that need the JIT (trampolines, kfuncs) still fail.
kernels: printed by arch/*/net/bpf_jit_comp*.c to the kernel log (dmesg), not the verifier log: ppc64 `eBPF filter opcode %04x (@%d) unsupported`, x86-32, sparc and s390 `bpf_jit: unknown opcode %02x`, mips `bpf-jit: not supported: opcode %02x ***`.
example: eBPF filter opcode 0039 (@2) unsupported
example: eBPF filter atomic op code 01 (@14) unsupported
example: bpf_jit: unknown opcode c3
example: bpf-jit: not supported: opcode d4 ***

# a load that failed with ENOTSUPP (524) and no verifier verdict: the JIT
id: bad-insn-jit-enotsupp
category: bad-insn
action: said
match: ^.*(?:\(errno: 524 \||[Uu]nknown error 524|strerror_r\(524\)|: -524$|\bENOTSUPP\b).*$
title: the load failed with ENOTSUPP (errno 524) after the verifier: most likely the JIT refused the program
explain: The load failed with errno 524, ENOTSUPP, a kernel-internal code user space has no name for ("Unknown error 524"), and the verifier printed no rejection. The verifier states its own refusals in the log; ENOTSUPP without one comes from after it, when the kernel turns the verified program into machine code: the architecture's JIT compiler does not implement one of its instructions (common on ppc64, s390, mips, riscv, arm32 and older kernels), or the program needs the JIT (kfunc calls, bpf-to-bpf calls with tail calls) where it is off. The JIT says which instruction in the kernel log.
fix: Read the kernel log right after the failure: `dmesg | tail` shows the JIT's line (`eBPF filter opcode 0039 (@2) unsupported`, `bpf_jit: unknown opcode ..`); paste it to vexplain for the instruction and what to change.
fix: Check the JIT: `sysctl net.core.bpf_jit_enable` (1 on), and whether the program uses what this architecture's JIT lacks on this kernel (BTF pointer loads in fentry/tp_btf, atomics, kfunc calls): build it without that, or run a newer kernel.
kernels: ENOTSUPP is 524 in include/linux/errno.h; libbpf before 1.0 prints it as `Unknown error 524`.
example: failed to load BPF object (errno: 524 | message: Unknown error 524)

id: bad-insn-div-zero
category: bad-insn
match: ^div by zero$
title: a division or modulo by the constant 0{insn| at insn {insn}}
explain: The instruction{insn_text| `{insn_text}`} divides by an immediate 0, and the verifier refuses a constant zero divisor outright. (A division by a register that happens to hold 0 is allowed: BPF defines its result as 0, or the dividend for modulo.) The constant usually comes from the compiler folding a divisor that is 0 in this build: a macro or a `const volatile` that was not set, a `sizeof` of an empty struct, a configuration value of 0.
fix: Find the division{src_text| (`{src_text}`)} and the constant behind its divisor; guard it (`if (d) x /= d;`) or give the constant a nonzero value for this build.
fix: If the divisor is meant to be set at load time (a `const volatile` in .rodata), it must not be visible to the compiler as 0: read it through a global the loader fills, and check for 0 before dividing.
example: div by zero

id: bad-insn-shift
category: bad-insn
match: ^invalid shift (?<shift>-?\d+)$
title: a shift by the constant {shift}, outside the register's width{insn| (insn {insn})}
explain: The instruction{insn_text| `{insn_text}`} shifts by an immediate {shift}, but a 64-bit shift takes 0 to 63 and a 32-bit (`w`) shift 0 to 31: anything else is undefined on the hardware, so the verifier refuses it. In C this is a shift of a 32-bit value by 32 or more, or by a negative count, that the compiler could not fold (`1 << 32` where the left side is an `int`).
fix: Shift a 64-bit type (`1ULL << n`) or mask the count (`x << (n & 63)`); check the constant{src_text| in `{src_text}`}.
example: invalid shift 64

id: bad-insn-atomic
category: bad-insn
match: ^(?:(?<bad_size>invalid atomic operand size)|BPF_(?:ATOMIC|XADD) stores into (?<reg>R(?<regno>\d+)) (?<target>(?!ctx\b|context\b)\S+) is not allowed)$
title: {?bad_size:an atomic operation on a byte or half-word}{?target:an atomic operation on {target} memory}{insn| (insn {insn})}
explain[bad_size]: BPF atomic instructions (`lock *(u32 *)(r1 + 0) += r2`, `__sync_fetch_and_add()`, `__atomic_*()`) work on 32-bit and 64-bit words only: the instruction{insn_text| `{insn_text}`} uses a byte or half-word size, which the compiler emits for an atomic on a `u8`/`u16` variable.
explain[target]: An atomic instruction may update map values, the stack and memory from allocations (and arena memory where the JIT supports it), but not {target} memory in R{regno}: packet data, flow keys and sockets are reached through pointers whose accesses the verifier rewrites or checks field by field, which an atomic read-modify-write cannot be.
fix[bad_size]: Make the atomic variable a `__u32` or `__u64` (or do the update without an atomic, under a bpf_spin_lock).
fix[target]: Read the field, compute, and write it back with ordinary loads and stores; keep counters that need atomics in a map value (a per-CPU array avoids the atomic altogether).
example: invalid atomic operand size
example: BPF_ATOMIC stores into R1 pkt is not allowed
example: BPF_XADD stores into R2 packet is not allowed

id: bad-insn-may-goto
category: bad-insn
match: ^invalid may_goto off (?<off>-?\d+) imm (?<imm>-?\d+)$
title: a malformed may_goto instruction (off {off}, imm {imm})
explain: `may_goto` (the instruction behind `can_loop` and `bpf_for`) must have a nonzero jump offset and an immediate of 0; this one has offset {off} and immediate {imm}. A compiler or assembler that encodes it differently from the kernel, or hand-written bytecode, gives this.
fix: Use the `can_loop`/`cond_break` macros from the kernel's bpf_experimental.h with a clang that knows may_goto (clang 19+), or encode it as BPF_JMP|BPF_JCOND with src_reg 0, imm 0 and the jump in off.
kernels: may_goto exists from 6.9.
example: invalid may_goto off 0 imm 0

id: bad-insn-arena-sx
category: bad-insn
match: ^sign extending loads from arena are not supported yet$
title: a sign-extending load from arena memory
explain: The program reads arena memory (an address in a BPF_MAP_TYPE_ARENA) with a sign-extending load (`*(s8 *)`, `*(s16 *)`, `*(s32 *)`, BPF_MEMSX){insn| at insn {insn}}; the kernel's arena address translation does not handle that instruction yet.
fix: Load the value with its unsigned type and sign-extend it afterwards: `s32 v = (s32)*(u32 *)p;` (or `(s64)(s32)` in two steps), so the compiler emits a plain load.
example: sign extending loads from arena are not supported yet

id: bad-insn-mixed-pointers
category: bad-insn
match: ^same insn cannot be used with different pointers$
title: one load or store instruction{insn| (insn {insn})} reached with different kinds of pointer
explain: The instruction{insn_text| `{insn_text}`} is reached on one path with its base register pointing to one kind of memory (the context, say) and on another path to another (the stack, a map value, a socket). The verifier rewrites each context or socket access into the kernel's real field access per instruction, so one instruction must always access one kind of memory. The compiler usually made it so, by merging two similar accesses from the two branches into one instruction after them.
fix: Keep the two accesses apart: read the context field into a local variable before the branch, or put `barrier_var(ptr)` (bpf_helpers.h) / `asm volatile("" ::: "memory")` on each path so the compiler cannot merge them.
fix: Move the access on one of the paths into a `static __noinline` function.
example: same insn cannot be used with different pointers

id: bad-insn-nfp-insn
category: bad-insn
match: ^\[nfp\] (?:instruction (?<nfp_opcode>0x[0-9a-f]+|[0-9a-f]+) not supported|(?<nfp_xregs>program uses extended registers - jit hardening\?)|unsupported instruction replacement (?<from>[0-9a-f]+) -> (?<to>[0-9a-f]+)|branch hard wire at (?<at>\d+) changes target (?<from_target>\d+) -> (?<to_target>\d+)|ptr type changed for instruction (?<ptr_from>\d+) -> (?<ptr_to>\d+)|unsupported ptr type: (?<ptr_type>\d+))$
title: the Netronome NFP offload cannot translate an instruction{nfp_opcode| (opcode {nfp_opcode})}
explain: The program is loaded for hardware offload to a Netronome NFP NIC; the driver's JIT turns each BPF instruction into NFP microcode and refuses what it has no translation for{nfp_opcode|: opcode {nfp_opcode} is one of them}.
explain[nfp_xregs]: The program uses BPF's hidden register (R11), which the kernel adds when it hardens JITed code (the net.core.bpf_jit_harden sysctl blinds constants through R11); the NIC has no such register.
explain[from]: The verifier replaced an instruction (dead code removal or a rewrite) with one of another opcode ({from} -> {to}), which the NIC JIT cannot follow.
explain[at]: The verifier changed the target of a branch the NIC JIT had already fixed (at {at}, {from_target} -> {to_target}).
explain[ptr_from]: A load or store reached with different pointer types on different paths (types {ptr_from} and {ptr_to}): the NIC translates each memory instruction for one kind of memory only.
explain[ptr_type]: A load or store goes through a pointer of type {ptr_type}; the NIC reaches only the context, the stack, packet data and map values.
fix: Load the program without offload (drop the offload ifindex / `xdpoffload`, attach in driver or generic mode) if the NIC cannot run it.
fix[nfp_xregs]: Set `sysctl net.core.bpf_jit_harden=0` (or 1, which hardens unprivileged programs only) for the offloaded load.
fix[!nfp_xregs]: Rewrite the code at that instruction with the operations the NIC supports (drivers/net/ethernet/netronome/nfp/bpf/jit.c lists them), keeping each memory access to one pointer type.
ref: https://www.kernel.org/doc/html/latest/networking/device_drivers/ethernet/netronome/nfp.html
example: [nfp] instruction 0xd4 not supported
example: [nfp] program uses extended registers - jit hardening?
example: [nfp] unsupported instruction replacement 7 -> 5
example: [nfp] branch hard wire at 12 changes target 20 -> 18
example: [nfp] ptr type changed for instruction 5 -> 2
example: [nfp] unsupported ptr type: 9

id: bad-insn-nfp-alu
category: bad-insn
match: ^\[nfp\] (?:(?<nfp_mul>multiplier is not within u32 value range|multiplicand is not within u32 value range|sign extended multiplicand won't be within u32 value range)|(?<nfp_div>dividend is not within u32 value range|divisor is not constant|divisor is not within u32 value range|divide by negative constant is not supported))$
title: the Netronome NFP offload cannot do this {?nfp_mul:multiplication}{?nfp_div:division}
explain[nfp_mul]: The program is offloaded to a Netronome NFP NIC, whose JIT multiplies only values the verifier has proven to fit in 32 unsigned bits; an operand of this multiplication{insn| (insn {insn})} may be larger, or negative once sign-extended.
explain[nfp_div]: The program is offloaded to a Netronome NFP NIC, whose JIT divides only a value proven to fit in 32 unsigned bits by a positive constant that also fits; this division{insn| (insn {insn})} has a divisor that is not a known constant, is negative, or is too large, or a dividend that may not fit.
fix: Bound the operands before the operation so the verifier proves they fit in a u32 (`x &= 0xffffffff`, or compare against a limit), and divide by a constant.
fix: Load the program without offload if the arithmetic cannot be narrowed.
example: [nfp] multiplier is not within u32 value range
example: [nfp] sign extended multiplicand won't be within u32 value range
example: [nfp] divisor is not constant
example: [nfp] divide by negative constant is not supported

id: bad-insn-nfp-atomic
category: bad-insn
match: ^\[nfp\] atomic (?:(?<nfp_atomic_op>op not implemented: (?<code>\d+))|add not to a map value pointer: (?<ptr_type>\d+)|add not of a scalar: (?<val_type>\d+))$
title: the Netronome NFP offload cannot do this atomic operation
explain: The program is offloaded to a Netronome NFP NIC, whose JIT implements only atomic add of a plain number to a map value{nfp_atomic_op|; operation {code} is not implemented}{ptr_type|; this one adds to a pointer of type {ptr_type}, not to a map value}{val_type|; this one adds a register of type {val_type}, not a number}.
fix: Keep atomics to `__sync_fetch_and_add(&value->counter, n)` on map values with a scalar n, or load the program without offload.
example: [nfp] atomic op not implemented: 225
example: [nfp] atomic add not to a map value pointer: 2
example: [nfp] atomic add not of a scalar: 1
