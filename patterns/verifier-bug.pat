# The verifier itself failed: internal errors and BUG lines about its own
# state (mostly -EFAULT). Not the program's fault, although an unusual
# instruction sequence or feature combination is what reaches them: report
# upstream with the kernel version, try another kernel, reshape the code.

id: verifier-bug-backtracking
category: verifier-bug
match: ^BUG (?:backtrack(?:ing|ing func entry|ing \(stack slot)|backtracing func entry|regs|spi|stack slots|subprog (?:enter|exit) from frame)\b.*$
title: the verifier's precision tracking hit an internal inconsistency{insn| at insn {insn}}
explain: To prune its search the verifier walks back from a jump or an index to find which registers and stack slots the outcome depends on ("mark_precise", the `last_idx`/`regs=` lines of a level-2 log). While walking back{insn| from insn {insn}} it reached a state it believed impossible and stopped rather than guess, refusing the program (EFAULT). This is a verifier bug: such cases (spills of constants, subprogram boundaries, callbacks, may_goto loops) have been fixed one by one across the 6.x kernels.
fix: Try a newer kernel (or the newest stable one of your series); if it still fails there, report it to bpf@vger.kernel.org with the kernel version, the object and the full level-2 log (`bpftool prog load OBJ PIN -d`, or log_level 2).
fix: Meanwhile, reshape the code around the instruction{src_line| (line {src_line})}: keep the value in a register instead of spilling it to the stack, or move the loop or callback into a separate `__noinline` function, so that the walk back takes another path.
kernels: `BUG regs`, `BUG spi`, `BUG stack slots`, `BUG backtracking idx` and the func entry / subprog enter/exit forms come from backtrack_insn() and __mark_chain_precision(); rare since 6.4's rework, not gone.
ref: https://lore.kernel.org/bpf/
example: BUG regs 1
example: BUG backtracking idx 27
example: BUG backtracking func entry subprog 1 reg_mask 2 stack_mask 0
example: BUG backtracing func entry subprog 1 reg_mask 2 stack_mask 0
example: BUG backtracking (stack slot 3, total slots 2)
example: BUG spi 64
example: BUG subprog exit from frame 0

id: verifier-bug-misconfigured
category: verifier-bug
match: ^bpf verifier (?:is|narrow ctx (?:access|load)) misconfigured$
title: the kernel's verifier tables for this program type are inconsistent
explain: The verifier rewrites context accesses and some instructions into kernel code using per-program-type callbacks (convert_ctx_access, gen_prologue, gen_ld_abs) supplied by the subsystem; one of them is missing or returned something impossible{insn| for insn {insn}}. That is a bug in the kernel (or in an out-of-tree module that defines a program type or a struct_ops), not in the program.
fix: Try another kernel version; if the program type comes from a module (a struct_ops, a driver), update or report that module.
fix: Report it to bpf@vger.kernel.org with the kernel version, the program type and the instruction; a different access to the same context field (another size or offset) may avoid it meanwhile.
example: bpf verifier is misconfigured
example: bpf verifier narrow ctx access misconfigured

id: verifier-bug-helper-proto
category: verifier-bug
match: ^(?:Helper has invalid btf(?:/btf_id|_id) in R(?<regno>\d+)|(?:invalid|unknown) return type (?<ret_type>\d+) of func (?<helper>\w+)#(?<helper_id>\d+)|unable to resolve the size of type '(?<type>[^']*)': (?<err>-?\d+)|kern ctx type id (?<type_id>\d+) is not a struct)$
title: the kernel's description of {helper|a helper}{type| (type `{type}`)} is inconsistent
explain: The verifier checks calls against each helper's prototype and the kernel's BTF; here that description itself is wrong: {helper_id|an argument's BTF id is missing (R{regno})}{?helper_id:{helper}#{helper_id} declares return type {ret_type}, which the verifier does not handle}{?type: the type `{type}` a helper returns has no size ({err})}. A kernel built with mismatched BTF (a patched or out-of-tree kernel, a module built for another kernel) or a kernel bug gives this, not the program.
fix: Try another kernel; on a custom kernel check that CONFIG_DEBUG_INFO_BTF is on and pahole matches the compiler, and that modules were built against this kernel.
fix: Report it with the kernel version and the helper{helper| ({helper})} to bpf@vger.kernel.org; calling another helper for the same job avoids it meanwhile.
example: Helper has invalid btf_id in R2
example: Helper has invalid btf/btf_id in R1
example: invalid return type 12 of func bpf_map_lookup_elem#1
example: unknown return type 12 of func bpf_foo#212
example: unable to resolve the size of type 'task_struct': -22
example: kern ctx type id 5 is not a struct

id: verifier-bug-tail-call-track
category: verifier-bug
match: ^(?:adding tail call poke descriptor failed|tracking tail call prog failed)$
title: the kernel could not record a tail call site
explain: For each tail call through a constant index the verifier records a "poke descriptor" so that the JIT can patch a direct jump when the prog array changes, and registers the program with the prog array map. That bookkeeping failed: the kernel ran out of memory, or the program has more tail call sites than the descriptor table holds. Nothing in the program's logic is wrong.
fix: Retry the load; if it persists, reduce the number of tail call sites with a constant index (or use a variable index, which needs no descriptor), and report it with the kernel version if memory is not short.
example: adding tail call poke descriptor failed
example: tracking tail call prog failed

id: verifier-bug-nfp
category: verifier-bug
match: ^\[nfp\] BUG: (?<what>.+)$
title: the Netronome NFP offload driver hit an internal inconsistency
explain: The program is offloaded to a Netronome NFP NIC and the driver's own bookkeeping disagrees with the verifier's ({what}): a driver bug, not the program's fault.
fix: Load the program without offload, or try another kernel; report it to the nfp driver maintainers (drivers/net/ethernet/netronome) with the kernel version.
example: [nfp] BUG: number of processed BPF functions is not consistent (processed 2, expected 3)

id: verifier-bug-internal
category: verifier-bug
match: ^(?:verifier internal error(?::\s?(?<what>.*))?|(?<what6>unsupported arg_type \d+)|[Vv]erifier (?:bug|BUG)\b[.:]?\s?(?<what2>.*)|BUG:? (?<what3>.+)|bug: (?<what4>.+)|(?<what5>\S+(?: \S+)?) internal bug)$
title: the verifier reported an internal error (a kernel bug, not the program)
explain: The verifier found its own state inconsistent ({what|{what2|{what3|{what4|{what5|{what6|no detail}}}}}}){insn| at insn {insn}} and refused the program rather than risk accepting an unsafe one; the load fails with EFAULT. This is a bug in the verifier, not a mistake in the program, although an unusual instruction sequence or combination of features (dynptrs, kptrs, iterators, callbacks, bpf_obj_new lists and trees) is what reaches it.
fix: Try a newer kernel (or the newest stable one of your series): most of these are fixed upstream as they are found.
fix: If it reproduces there, report it to bpf@vger.kernel.org with the kernel version, the object and the level-2 log (`bpftool prog load OBJ PIN -d`); meanwhile reshape the code that triggers it{src_line| (line {src_line})}: a different helper or kfunc order, an extra NULL check, the code moved into a `__noinline` function.
example: unsupported arg_type 12
example: verifier internal error: more than one release argument
example: verifier internal error: unexpected iterator state 2 (active)
example: verifier internal error
example: verifier bug. zext_dst is set, but no reg is defined
example: verifier bug: helper bpf_loop#181 not marked as callback-calling
example: Verifier bug in function foo()
example: Verifier bug
example: verifier BUG type scalar var_off 5 off 0
example: BUG: in callback at 12, callsite 8 !calls_callback
example: bug: bad parent state for iter next call
example: insn state internal bug
example: pop stack internal bug
