# Acquired references not released, or released twice.

id: ref-unreleased
category: reference-leak
match: ^Unreleased reference id=(?<ref_id>\d+) alloc_insn=(?<alloc_insn>\d+)$
title: the reference acquired at insn {alloc_insn} is not released on every path
explain[acquire_helper]: {acquire_helper}() at insn {alloc_insn}{acquire_src_line| (source line {acquire_src_line})} acquired reference id={ref_id}{release_helper|, which only {release_helper} gives back}. The verifier followed a path from there to the exit at insn {insn}{src_line| (after line {src_line}{src_text|, `{src_text}`})} on which it was not released; every path must release it exactly once, and the kernel refuses a program that could leak it.
explain[!acquire_helper]: Instruction {alloc_insn} acquired a reference (id={ref_id}): a socket from bpf_sk_lookup_*, a ringbuf record from bpf_ringbuf_reserve, a task from bpf_task_acquire, an object from bpf_obj_new, ... The program can reach exit on a path that did not release it, and the kernel would leak the object.
fix[acquire_helper]: Call {release_helper|the matching release function} on what {acquire_helper}() returned on every path after insn {alloc_insn}{acquire_src_line| (line {acquire_src_line})}, including the early `return`s{src_line| — the path that reached the exit passed line {src_line}{src_text| (`{src_text}`)}: release before leaving there}.
fix[!release_helper]: Release it on every path: bpf_sk_release(sk), bpf_ringbuf_submit()/bpf_ringbuf_discard(e, 0), bpf_task_release(t), bpf_obj_drop(p); check the early `return`s between insn {alloc_insn} and the exit.
fix: Do not store the only copy of the pointer somewhere the verifier loses track (a map, an untracked stack slot); keep it in a local until released.
example: Unreleased reference id=2 alloc_insn=12

id: ref-not-acquired
category: reference-leak
match: ^(?:(?:func (?<helper>\w+)#(?<helper_id>\d+) )?reference has not been acquired before|release of an unacquired reference|(?:R\d+ must be referenced when passed to release function))$
title: {helper|a release function} is called on a reference that is not held
explain: A release function (bpf_sk_release, bpf_ringbuf_submit/discard, ...) got a pointer that was not acquired, or was already released on this path; or a tail call would leave a reference held.
fix: Release each acquired pointer exactly once, and only the pointer the acquire function returned (not a copy read from elsewhere).
fix: Release references before bpf_tail_call().
example: func bpf_ringbuf_submit#132 reference has not been acquired before
example: reference has not been acquired before


id: ref-leak-at-exit
category: reference-leak
match: ^(?<what>BPF_EXIT instruction|tail_call|bpf_throw|LD_ABS|BPF_LD_\[ABS\|IND\])(?: in (?<where>main prog|subprog|callback|async callback))? would lead to reference leak$
follows: ref-unreleased
title: {what} would leave an acquired reference unreleased
explain: The program reaches {what}{where| in the {where}} while still holding a reference it acquired (the line before names it: `Unreleased reference id=N alloc_insn=N`): a socket, ringbuf record, task or allocated object that must be released on every path.
fix: Release the reference before this exit: bpf_sk_release(), bpf_ringbuf_submit()/bpf_ringbuf_discard(), bpf_task_release(), bpf_obj_drop(); check every early `return`.
kernels: 6.13+ print this after the `Unreleased reference` line; older kernels print only that line (or `tail_call would lead to reference leak`).
example: BPF_EXIT instruction in main prog would lead to reference leak
