# The verifier gave up: too many instructions, states or jumps.

id: too-complex-insns
category: too-complex
match: ^BPF program is too large\. Procc?essed (?<processed>\d+) insn$
title: the verifier gave up after {processed} instructions
explain: The verifier simulates every path through the program and stops after 1,000,000 processed instructions (4096 for unprivileged loaders; 131072 before 5.2).{?limit_not_1m: This kernel stopped at {limit_hit}: {processed} is one past its limit.}{?processed_insns: This log: {processed_insns} instructions processed{insn_limit| (limit {insn_limit})}{total_states|, {total_states} states stored{peak_states| (at most {peak_states} at once{max_states_per_insn|, up to {max_states_per_insn} for one instruction})}}.} The program itself may be small: each branch whose two sides the verifier cannot prove equivalent doubles the paths after it, and each loop iteration is a new path, so loops with many iterations and branches inside loops multiply them.
explain[hot_insn]: The instruction visited most often is insn {hot_insn} (`{hot_insn_text}`{hot_src_line|, source line {hot_src_line}}, {hot_visits} times in {?log_partial:the part of the log that was read}{!log_partial:this log}).{?hot_is_backedge: It jumps backwards: it closes a loop, and the verifier walks the loop body again for every iteration it cannot prove to end in a state it has already seen.}{!hot_is_backedge:{?log_has_loop: The log holds backward jumps (loops): the instructions around insn {hot_insn} are most likely a loop body verified once per iteration.}{!log_has_loop: The log holds no backward jump, so no loop: the paths come from branches. Every path the branches before insn {hot_insn} create reaches it, and each branch whose two sides keep different values (tracked exactly, so their states never match) doubles their number.}}
explain[!hot_insn]: {?insn:When it gave up it was exploring the path through insn {insn} (`{insn_text}`){src_text|, `{src_text}`}{src_line| (line {src_line})}. }A level-1 log shows only that last path, not which loop or branch the verifier kept coming back to.
fix[hot_insn]: {?log_has_loop:Look at the loop around insn {hot_insn} (`{hot_insn_text}`): lower its bound, move branches out of its body, or turn its body into a bpf_loop() callback.}{!log_has_loop:Look at the branches before insn {hot_insn} (`{hot_insn_text}`): compute the values they choose between without branching (masks, arithmetic), or make the value that differs per path less precise, so paths that meet at insn {hot_insn} can be pruned.}
fix[!hot_insn]: Load it again at log level 2 (`vexplain load OBJ.o --log-level 2`, or libbpf's `kernel_log_level = 2`) and vexplain names the instruction the verifier visited most: the loop or branch that multiplies the paths.
fix[!log_no_loop]: Replace long loops with bpf_loop() (5.17+) or open-coded iterators bpf_for() (6.4+): their body is verified once, not once per iteration.
fix: Let states be pruned: values that decide nothing later (counters, flags, a value that only feeds the return code) keep paths distinct when the verifier tracks them exactly; compute them without branches, mask them, or keep them in a map instead of registers.
fix: Move the work into a global function (non-static, `__noinline`, with BTF): it is verified once on its own, with its arguments as unknown values, instead of once per call site and per path as a `static __always_inline` function is; or split the program with tail calls.
example: BPF program is too large. Processed 1000001 insn

id: too-complex-jumps
category: too-complex
match: ^(?:The sequence of (?<jumps>\d+) jumps is too complex(?: for async cb)?\.|BPF program is too complex|loop is not bounded|insn \d+ cannot be patched due to 16-bit range|bpf program is too large|Program is too large)$
title: the verifier ran out of room: too many pending branches or a loop it cannot bound
explain: The verifier keeps a stack of branches still to explore (at most 8192); too many nested branches, or a loop whose exit the verifier cannot see, exhaust it.
fix: Simplify the branching (fewer conditions inside loops), bound loops with a constant, or use bpf_loop()/bpf_for() so the body is verified once.
example: The sequence of 8193 jumps is too complex.
example: BPF program is too complex

id: too-complex-bcc-e2big
category: too-complex
match: ^(?:(?:bpf: )?Argument list too long\. )?Program\s+(?:(?<name>\S+)\s+)?too large \((?<insns>\d+) insns\), at most (?<limit>\d+) insns$
title: the load failed with E2BIG: usually the verifier's processed-instruction limit, not the size
explain: bcc turns any E2BIG from the kernel into "Program too large ({insns} insns), at most {limit} insns", but the program has only {insns} instructions. On kernels since 5.2 the limit of 4096 applies only to unprivileged loaders; the usual cause is the verifier giving up after 1,000,000 processed instructions (a loop or many branches multiplied), which bcc hides because it does not show the verifier log at this level.
fix: Rerun with the log (bcc: `BPF(..., debug=BPF.DEBUG_BPF_REGISTER_STATE)` or load with bpftool) and look for `BPF program is too large. Processed 1000001 insn`.
fix: Reduce the paths: smaller constant loop bounds, fewer branches inside loops, or bpf_loop() (5.17+).
example: bpf: Argument list too long. Program  too large (113 insns), at most 4096 insns
example: bpf: Argument list too long. Program trace_exec too large (5120 insns), at most 4096 insns
