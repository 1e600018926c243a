# The control flow graph: loops, unreachable code, jumps out of range.

id: cfg-back-edge
category: control-flow
match: ^(?:\d+: )?back-edge from insn (?<from>\d+) to (?<to>\d+)$
title: a loop (back-edge from insn {from} to {to}) on a kernel or in a mode that does not allow loops
explain: Instruction {from} jumps back to {to}: a loop. Kernels before 5.3 reject every loop, and later kernels still reject them for unprivileged loaders (no CAP_BPF/CAP_SYS_ADMIN); the check runs on the control flow graph before any path is simulated.
fix: Unroll the loop: `#pragma unroll` before a loop with a constant trip count, or `for (int i = 0; i < N; i++)` with small constant N and -O2.
fix: On 5.17+ use bpf_loop(n, callback, ctx, 0), or on 6.4+ an open-coded iterator (bpf_for(i, 0, n)); and load with CAP_BPF so bounded loops are allowed.
kernels: every loop before 5.3; 5.3+ only without CAP_BPF/CAP_SYS_ADMIN (prefixed by the source line on 6.x).
example: back-edge from insn 23 to 17

id: cfg-jump-out-of-range
category: control-flow
match: ^(?:\d+: )?(?:jump out of range from insn (?<from>\d+) to (?<to>-?\d+)|jump into the middle of ldimm64 insn (?<insn2>\d+)|call to invalid destination|last insn is not an exit or jmp|invalid insn idx \d+ insn_cnt \d+)$
title: the program jumps outside itself or into the middle of an instruction
explain: A jump or bpf-to-bpf call targets an instruction that does not exist{to| (here insn {to}{from|, jumped to from insn {from}})} or the second half of a 16-byte ldimm64, or the last instruction can fall through past the end. Compilers do not emit this: the bytecode was written by hand, patched by a loader, or truncated.
fix: If you write bytecode by hand (BPF_JMP_IMM offsets), recount the offsets: they are relative to the next instruction, and ldimm64 counts as two.
fix: If a loader rewrote the program (poisoned calls, inlined subprograms), update the loader; end every function with `return`.
example: jump out of range from insn 11 to 42
example: last insn is not an exit or jmp

id: cfg-unreachable
category: control-flow
match: ^unreachable insn (?<unreach>\d+)$
title: instruction {unreach} can never be reached
explain: The verifier rejects dead code: instruction {unreach} is not reachable from the program's entry by any jump or fall-through. Compilers remove dead code, so this comes from hand-written bytecode, inline asm, or a loader that removed a branch but not its target.
fix: Remove the unreachable instructions; in inline asm, check the jump offsets.
example: unreachable insn 17

id: cfg-infinite-loop
category: control-flow
match: ^(?:; )?infinite loop detected at insn (?<loop_insn>\d+)$
title: an infinite loop at insn {loop_insn}: the state repeats without progress
explain: The verifier reached instruction {loop_insn} a second time in exactly the same state (registers and stack), so the loop as written can run forever: its exit condition does not depend on anything that changes.
fix: Make the loop bound explicit and constant: `for (int i = 0; i < MAX && cond; i++)`, or use bpf_loop() / bpf_for().
fix: Check that the loop variable actually changes and that the exit test uses it.
example: infinite loop detected at insn 42

id: cfg-callback
category: control-flow
match: ^(?:callback function not static|callback function cannot be the main program|callback function not allowed for map|cannot call exception cb directly|insn \d+ cannot call exception cb directly|cannot tail call within exception cb|exception cb only supports single integer argument|multiple exception callback tags for main subprog|exception callback '[^']*' (?:could not be found in BTF|must have global linkage)|kfunc \S+#\d+ failed callback verification)$
title: a callback (bpf_loop, timer, for_each_map_elem, exception) is not a valid callback function
explain: Functions passed as callbacks must be static BPF functions of the program (with BTF), not the main program, and must match what the helper or kfunc expects; exception callbacks must be global and are only entered through bpf_throw.
fix: Declare the callback `static long cb(u32 idx, void *ctx)` (or `static int` for map callbacks) in the same object, compiled with `-g`, and pass it by name.
example: callback function not static

id: cfg-jit-required
category: control-flow
match: ^(?:JIT doesn't support bpf-to-bpf calls|mixing of tail_calls and bpf-to-bpf calls is not supported|tail_calls are not allowed in programs with bpf-to-bpf calls|function calls in offloaded programs are not supported yet|tail_calls are not allowed in non-JITed programs with bpf-to-bpf calls|callbacks are not allowed in non-JITed programs|calling kernel functions are not allowed in non-JITed programs|JIT does not support calling kernel function|JIT is required for calling kernel function|JIT does not support calling kfunc \S+#\d+|JIT is required to use arena|JIT doesn't support arena)$
title: the program needs the BPF JIT, which is disabled or lacks this feature here
explain: bpf-to-bpf calls mixed with tail calls, callbacks, kfunc calls and arenas only work with a JIT that supports them. The kernel runs the interpreter (net.core.bpf_jit_enable=0, or CONFIG_BPF_JIT_ALWAYS_ON unset and JIT off), or this architecture's JIT lacks the feature.
fix: Enable the JIT: `sysctl -w net.core.bpf_jit_enable=1`.
fix: Otherwise inline the subprograms (`static __always_inline`) and avoid tail calls from programs with subprograms.
example: tail_calls are not allowed in programs with bpf-to-bpf calls
example: callbacks are not allowed in non-JITed programs

id: cfg-subprog-limits
category: control-flow
match: ^(?:too many subprograms|verifier bug\. No program starts at insn \d+)$
title: the program has too many bpf-to-bpf functions
explain: A program may have at most 256 subprograms (BPF functions called with bpf-to-bpf calls, callbacks included).
fix: Inline small helpers with `static __always_inline`, or split the program into several programs joined by tail calls.
example: too many subprograms
