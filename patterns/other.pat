# Rejections that fit no other category: malformed instructions, verifier
# internal errors, offload (nfp) limits.

id: other-reserved-fields
category: other
match: ^(?:BPF_\w+(?:/\w+)? uses reserved fields|BPF_LD_\[ABS\|IND\] uses reserved fields|invalid BPF_(?:ALU|JMP/JMP32) opcode [0-9a-fx]+|invalid BPF_LD_IMM insn|invalid BPF_LD mode|invalid bpf_ld_imm64 insn|unrecognized bpf_ld_imm64 insn|unknown opcode [0-9a-fx]+|unknown insn class -?\d+|invalid atomic operand size|BPF_ATOMIC uses invalid atomic opcode [0-9a-fx]+|BPF_(?:ATOMIC|ST) stores into R\d+ \S+ is not allowed|invalid may_goto off -?\d+ imm -?\d+|fd_idx without fd_array is invalid|sign extending loads from arena are not supported yet|same insn cannot be used with different pointers|div by zero|invalid shift -?\d+)$
title: a malformed or unsupported instruction
explain: The instruction{insn_text| `{insn_text}`} is not a valid BPF instruction for this kernel: reserved fields set, an opcode this kernel does not know (a newer compiler targeting a newer ISA: `-mcpu=v4` instructions such as sign-extending loads, BPF_JMP32 before 5.1, atomics before 5.12), or an operation the verifier forbids (atomic ops on ctx/packet, division by a constant zero, an out-of-range shift), or the same instruction used with different pointer types on different paths.
fix: Compile for an older ISA: `clang -target bpf -mcpu=v2` (or v3) when the kernel is older than the compiler's default.
fix: For "same insn cannot be used with different pointers", make the access on each path separate (the compiler merged two loads from ctx and from a map into one instruction): add a barrier or read into separate variables.
example: BPF_ALU uses reserved fields
example: same insn cannot be used with different pointers
example: div by zero

id: other-verifier-bug
category: other
match: ^(?:verifier internal error.*|[Vv]erifier (?:bug|BUG)\b.*|BUG:? .*|bug: .*|.* internal bug|kern ctx type id \d+ is not a struct|Helper has invalid btf(?:/btf_id)?(?:_id)? in R\d+|unable to resolve the size of type '[^']*': -?\d+|(?:invalid|unknown) return type \d+ of func \w+#\d+|bpf verifier (?:is|narrow ctx (?:access|load)) misconfigured|\S+ internal bug|kernel subsystem misconfigured .*|adding tail call poke descriptor failed|tracking tail call prog failed|invalid func info rec size .*|Verifier bug in function \S+\(\)|max struct nesting depth exceeded)$
title: the verifier hit an internal inconsistency
explain: This message reports a bug or an internal limit of the verifier rather than a mistake in the program; it is usually triggered by an unusual instruction sequence or a feature combination the kernel did not expect.
fix: Try a newer kernel (these are fixed upstream as they are found); rearrange the code that triggers it (inline or un-inline the function, change the order of the checks).
fix: If it reproduces on the latest kernel, report it to bpf@vger.kernel.org with the program and `bpftool prog load -d` output.
example: verifier internal error: more than one release argument
example: verifier bug. zext_dst is set, but no reg is defined
example: BUG regs 1

id: other-nfp-offload
category: other
match: ^\[nfp\] (?<problem>.+)$
title: the Netronome NFP offload cannot run this program: {problem}
explain: The program was loaded for hardware offload to a Netronome NFP NIC, whose firmware supports only a subset of BPF; the driver's verifier refused: {problem}.
fix: Load the program without offload (drop `xdpoffload`/BPF_F_XDP_DEV_BOUND_ONLY and the ifindex), or restrict it to what the NIC supports (see drivers/net/ethernet/netronome/nfp/bpf/verifier.c).
example: [nfp] unsupported function id: 12

id: other-exception
category: other
match: ^(?:bpf_throw kfunc \(insn \d+\) cannot be called from callback subprog \d+|verifier bug\. subprog has tail_call and async cb)$
title: bpf_throw used where exceptions are not supported
explain: bpf_throw() can only be called where the verifier can unwind the frames: not from callbacks, and not in programs that also use tail calls with async callbacks.
fix: Return an error code from the callback instead of throwing, and throw in the main program after the helper returns.
example: bpf_throw kfunc (insn 23) cannot be called from callback subprog 2

id: other-misaligned
category: other
match: ^misaligned (?<what>\S*) ?access off (?<off>.+) size (?<size>\d+)$
title: a misaligned {what|memory} access of {size} bytes
explain: With strict alignment (BPF_F_STRICT_ALIGNMENT, or an architecture without efficient unaligned access) the verifier requires each access to be aligned to its size; the offset {off} (base+variable+constant parts) is not.
fix: Align the data (`__attribute__((aligned(8)))` on stack buffers, structs laid out by size) or read with a smaller size / bpf_probe_read_kernel into an aligned buffer.
example: misaligned stack access off (0x0; 0x0)+-12+0 size 8

id: other-btf-ptr-member
category: other
match: ^cannot access ptr member (?<member>\S+) with moff (?<moff>\d+) in struct (?<struct>\S+) with off (?<off>\d+) size (?<size>\d+)$
title: member {member} of struct {struct} is a pointer and must be read whole (8 bytes), not with size {size}
explain: Through a typed (BTF) pointer, a pointer member such as {struct}.{member} can only be loaded as a whole 8-byte pointer at its own offset, so that the verifier can type the result; a {size}-byte read at offset {off} would split it.
fix: Read the member as a pointer (`struct x *p = s->{member};`), or if you need its raw value use bpf_probe_read_kernel(&v, sizeof(v), &s->{member}).
fix: Check that your struct definition (vmlinux.h) matches the kernel, so that the compiler reads the field with its real size.
example: cannot access ptr member ops with moff 0 in struct bpf_map with off 0 size 4
