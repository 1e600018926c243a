# CO-RE relocations the loader could not resolve, and libbpf's other poisoned calls.
# libbpf replaces the instruction with a call to an invalid helper id, so the
# verifier's complaint names a magic number: 0xbad2310 = 195896080 for CO-RE,
# 2001000000 + map index for a map that was not created, 2002000000 + extern
# index for an unresolved kfunc. Newer libbpf rewrites these lines itself.

id: core-poison-call
category: core-relocation
match: ^(?:\d+: \(85\) call unknown#195896080|invalid func unknown#195896080)$
title: a CO-RE relocation failed: the field or type does not exist in this kernel
explain: The loader (libbpf, or a loader using its algorithm such as Aya or cilium/ebpf) could not find in this kernel's BTF the field or type that an instruction reads{insn| (insn {insn})}{src_text| (`{src_text}`)}. Instead of failing the load, it replaced the instruction with a call to the invalid helper 195896080 (0xbad2310), so the verifier rejects the program if the instruction is reachable.
fix: Look at libbpf's message before the log (`prog '...': relo #N: ... failed to resolve CO-RE relocation ... [ID] struct X.field`): it names the missing field; it was renamed or removed in this kernel.
fix: Guard the access with `if (bpf_core_field_exists(s->field))` (the loader then removes the dead branch), or read the field through a `___old` flavour struct for older kernels.
fix: Regenerate vmlinux.h only if the struct really is the same; check with `bpftool btf dump file /sys/kernel/btf/vmlinux | grep -A40 'struct X {'`.
ref: https://nakryiko.com/posts/bpf-core-reference-guide/
example: invalid func unknown#195896080
example: 23: (85) call unknown#195896080

id: core-libbpf-rewritten
category: core-relocation
match: ^(?:\d+: <invalid CO-RE relocation>|failed to resolve CO-RE relocation (?<relo>.+))$
title: a CO-RE relocation failed: {?relo_field:`{relo_type}.{relo_field}` is not in this kernel's BTF}{!relo_field:{relo|the field or type does not exist in this kernel}}
explain: libbpf could not match the relocation {relo|} against this kernel's BTF{?relo_field:: the field `{relo_field}` of `struct {relo_type}` does not exist under that name or layout here}{!relo_field:: the accessed field or type does not exist under that name or layout on this kernel}. It poisoned the instruction{insn| (insn {insn})} and, after the verifier rejected it, rewrote the log line to say so.
explain[relo_type_is_pt_regs]: `struct pt_regs` in the kernel's BTF uses the kernel's register names (x86-64: di, si, dx, cx, r8, r9, sp, ip, ax, ...), not the user-space names of the UAPI header <asm/ptrace.h> (rdi, rsi, ...): `{relo_field}` is the UAPI spelling, so it is not found in any kernel.
explain[relo_flavour]: `{relo_type}` is a flavour (`___{relo_flavour}`) of `struct {relo_base_type}` that describes another kernel version: on a kernel without `{relo_field|that field}` the access must not run at all, which a `bpf_core_field_exists()` check around it guarantees (the verifier then drops the dead branch).
fix[relo_type_is_pt_regs]: Read arguments with libbpf's macros, which use the kernel's names: `PT_REGS_PARM2_CORE(regs)` (or BPF_KPROBE/BPF_KSYSCALL arguments), or include vmlinux.h and write `regs->si`; do not mix the UAPI struct pt_regs with CO-RE.
fix[relo_flavour]: Wrap the `{relo_type}` access: `if (bpf_core_field_exists(((struct {relo_type} *)t)->{relo_field|field})) ... else ...`, with the other flavour in the else branch.
fix: Guard the access with `bpf_core_field_exists()`/`bpf_core_type_exists()` and provide a fallback for kernels without it, or use a `___flavour` struct for the old layout.
fix: Check the field in the running kernel: `bpftool btf dump file /sys/kernel/btf/vmlinux format c | grep -A40 'struct {relo_base_type|NAME} {'`{relo_field|, and look for `{relo_field}` or what replaced it}.
example: failed to resolve CO-RE relocation <byte_off> [423] struct inode.i_atime.tv_sec (0:15:0 @ offset 88)

id: core-map-not-created
category: core-relocation
match: ^(?:invalid func unknown#(?<poison>2001\d{6})|\d+: <invalid BPF map reference>|BPF map '(?<map>[^']*)' is referenced but wasn't created)$
title: the program uses map {map|} that the loader did not create
explain: libbpf poisons instructions that reference a map it skipped (autocreate disabled, or its creation was optional and failed) with a call to helper 2001000000 + the map's index{poison| ({poison})}. The verifier sees an invalid call.
fix: Create the map (do not call bpf_map__set_autocreate(map, false)), or make sure the code path that uses it is removed for this kernel (e.g. behind a `const volatile` flag set before load).
example: BPF map 'events' is referenced but wasn't created
example: invalid func unknown#2001000002

id: core-kernel-relo
category: core-relocation
match: ^(?:relo #\d+: bad type id \d+|target candidate search failed for -?\d+)$
title: the kernel could not apply a CO-RE relocation itself
explain: With BPF_PROG_LOAD carrying CO-RE relocations (light skeletons, `bpftool gen skeleton -L`), the kernel resolves them. A relocation refers to a type id that does not exist in the program's BTF, or no candidate type was found in the kernel's BTF.
fix: Regenerate the light skeleton with the same bpftool/libbpf version that built the object, and check that the types used exist on this kernel.
example: relo #3: bad type id 1234
