# GPL-only helpers and kfuncs from programs without a GPL-compatible license.

id: license-gpl-only
category: license
match: ^(?:cannot call GPL(?:-restricted| only) function from (?:non-GPL compatible|proprietary) program|cannot call kernel function from non-GPL compatible program|(?:LSM|struct ops) programs must have a GPL compatible license|Cannot access kernel 'struct (?<type>[^']*)' from non-GPL compatible program)$
title: a GPL-only helper, kfunc or kernel struct is used by a program whose license is not GPL-compatible
explain: Helpers such as bpf_probe_read*, bpf_trace_printk, bpf_get_stack and all kfuncs{insn_text| (here: `{insn_text}`)} are exported to GPL-compatible programs only; the program's license comes from its `license` section, and anything but "GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL" or "Dual MPL/GPL" counts as non-GPL.
fix: Declare a GPL-compatible license in the BPF object: `char LICENSE[] SEC("license") = "Dual BSD/GPL";` (Aya: `#[no_mangle] #[link_section = "license"] pub static LICENSE: [u8; 13] = *b"Dual MIT/GPL\0";`).
fix: If the loader sets the license itself (cilium/ebpf ProgramSpec.License, bcc, raw bpf()), pass "GPL" there.
example: cannot call GPL-restricted function from non-GPL compatible program
example: LSM programs must have a GPL compatible license
example: cannot call GPL only function from proprietary program
kernels: `cannot call GPL only function from proprietary program` up to 4.x; `cannot call GPL-restricted function from non-GPL compatible program` since.
