# The verifier gave up: too many instructions, states or jumps.

id: too-complex-insns
category: too-complex
match: ^BPF program is too large\. Procc?essed (?<processed>\d+) insn$
title: the verifier gave up after {processed} instructions
explain: The verifier simulates every path through the program and stops after 1,000,000 processed instructions{processed_insns| (this log: {processed_insns} processed, {total_states|?} states in total, at most {peak_states|?} at once)}; the limit is 4096 for unprivileged loaders and was 131072 before 5.2. Loops with many iterations and branches inside loops multiply the paths; the program itself may be small.
explain[hot_insn]: The instruction visited most often is insn {hot_insn} (`{hot_insn_text}`, {hot_visits} times in this log): that is where the paths multiply, usually the head of a loop or a branch inside one.
fix[hot_insn]: Look at the loop or branch around insn {hot_insn} (`{hot_insn_text}`): lower its bound, move branches out of its body, or turn its body into a bpf_loop() callback.
fix: Reduce the paths: move work out of loops, give loops small constant bounds, make values that need no exact tracking opaque (e.g. mask them) so more states are pruned.
fix: Replace long loops with bpf_loop() (5.17+) or open-coded iterators bpf_for() (6.4+): their body is verified once.
fix: Split the program with tail calls or into global functions (verified separately).
example: BPF program is too large. Processed 1000001 insn

id: too-complex-jumps
category: too-complex
match: ^(?:The sequence of (?<jumps>\d+) jumps is too complex(?: for async cb)?\.|loop is not bounded|insn \d+ cannot be patched due to 16-bit range|bpf program is too large|Program is too large)$
title: the verifier ran out of room: too many pending branches or a loop it cannot bound
explain: The verifier keeps a stack of branches still to explore (at most 8192); too many nested branches, or a loop whose exit the verifier cannot see, exhaust it.
fix: Simplify the branching (fewer conditions inside loops), bound loops with a constant, or use bpf_loop()/bpf_for() so the body is verified once.
example: The sequence of 8193 jumps is too complex.

id: too-complex-bcc-e2big
category: too-complex
match: ^(?:(?:bpf: )?Argument list too long\. )?Program\s+too large \((?<insns>\d+) insns\), at most (?<limit>\d+) insns$
title: the load failed with E2BIG: usually the verifier's processed-instruction limit, not the size
explain: bcc turns any E2BIG from the kernel into "Program too large ({insns} insns), at most {limit} insns", but the program has only {insns} instructions. On kernels since 5.2 the limit of 4096 applies only to unprivileged loaders; the usual cause is the verifier giving up after 1,000,000 processed instructions (a loop or many branches multiplied), which bcc hides because it does not show the verifier log at this level.
fix: Rerun with the log (bcc: `BPF(..., debug=BPF.DEBUG_BPF_REGISTER_STATE)` or load with bpftool) and look for `BPF program is too large. Processed 1000001 insn`.
fix: Reduce the paths: smaller constant loop bounds, fewer branches inside loops, or bpf_loop() (5.17+).
example: bpf: Argument list too long. Program  too large (113 insns), at most 4096 insns
