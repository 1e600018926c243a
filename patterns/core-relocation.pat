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

# libbpf's (and the kernel's, for light skeletons: the same relo_core.c) own
# refusals of a relocation record before any program is loaded
id: core-relo-record
category: core-relocation
match: ^(?:libbpf: )?(?:prog '(?<prog>[^']*)': )?(?:relo #(?<relo_idx>\d+): (?:(?<spec_parse>parsing) \[(?<local_id>\d+)\] (?<kind>\w+) (?<type>\S+) \+ (?<spec>\S+) failed: (?<err>-?\d+)|(?<unrec>unrecognized) CO-RE relocation (?<relo_kind_name>\S+) \((?<relo_kind_num>\d+)\) at insn #(?<relo_insn>\d+)|<(?<anon_kind>[^>]+)> \(\d+\) relocation doesn't support (?<anon>anonymous) types|(?<ambig>field offset ambiguity|relocation decision ambiguity): .+|error matching (?<cand>candidate) #\d+ .+: -?\d+|(?:unexpected insn #(?<xinsn>\d+) \((?:ALU/ALU64|LDX/ST/STX|LDIMM64)\) value: got \d+, exp \d+ -> \d+|insn #(?<yinsn>\d+) \((?:LDX/ST/STX\) (?:value too big: \d+|accesses field incorrectly\..*|unexpected mem size: got \d+, exp \d+|invalid new mem size: \d+)|LDIMM64\) has unexpected form)|trying to relocate unrecognized insn #(?<zinsn>\d+), .*))|relo \d+ at insn #(?<winsn>\d+) can't be (?:applied to array access|satisfied for (?<bitfield>bitfield)))$
title: libbpf refused CO-RE relocation{relo_idx| #{relo_idx}}{prog| of '{prog}'}{?spec_parse:: its access string `{spec}` cannot be parsed}{?unrec:: kind {relo_kind_name} is unknown to it}{?ambig:: the candidates disagree}
explain: A CO-RE relocation is a record the compiler writes next to an instruction: which type and field (an access string of field indices, `0:1:2`) the instruction reads, so the loader can rewrite the offset for the running kernel. The loader refused this record before any program reached the verifier, so the load stops here.
explain[spec_parse]: The access string `{spec}` for {kind} {type} (local type [{local_id}]) is not a valid list of field indices: the compiler wrote a broken relocation (clang 12's development versions wrote a '.' into access strings under the new pass manager, llvm D88855, fixed by D88942), or a tool rewrote the object's .BTF or .BTF.ext so the two no longer agree.
explain[unrec]: Relocation kind {relo_kind_name} ({relo_kind_num}) at insn #{relo_insn} is newer than this libbpf: the compiler emits a CO-RE builtin (`bpf_core_type_matches()`, `bpf_core_enum_value_exists()`, ...) that the loader's libbpf does not know yet.
explain[anon]: A `<{anon_kind}>` relocation needs a named type, and the record points at an anonymous one (an unnamed struct or a typedef-less union): the type must be found by name in the kernel's BTF.
explain[ambig]: Several candidate types of the kernel's BTF (flavours such as `task_struct___v1`, or duplicate types in module BTF) match the relocation with different offsets or results, so libbpf cannot choose one.
explain[cand]: Matching a candidate type of the kernel's BTF against the local one failed with an error (not a mismatch): the kernel's or a module's BTF is malformed or of a kind this libbpf cannot read.
explain[bitfield]: The relocated access reads a bitfield whose position cannot be reached with the instruction the compiler emitted: read bitfields with `BPF_CORE_READ_BITFIELD()` / `BPF_CORE_READ_BITFIELD_PROBED()`.
fix[spec_parse]: Build with another clang (a release rather than a development snapshot), and check the record: `bpftool btf dump file prog.bpf.o` and `llvm-objdump -r prog.bpf.o` show the relocation; report it to LLVM with the access string `{spec}`.
fix[unrec]: Update the loader's libbpf (or the tool bundling it), or avoid the newer CO-RE builtin.
fix[ambig]: Make the local type identify one kernel type: remove or rename conflicting `___flavour` definitions, or read the field through a type that exists once.
fix: Rebuild the object with the compiler and libbpf versions the loader expects, and run the load with libbpf's debug output (`LIBBPF_LOG_LEVEL=debug`, `bpftool -d prog load`) to see every relocation's candidates.
kernels: libbpf's relo_core.c (also built into the kernel for light skeletons, whose errors go to the verifier log).
ref: https://reviews.llvm.org/D88942
example: libbpf: prog 'socket_post_create': relo #0: parsing [28] struct socket + 0:0.1 failed: -22
example: libbpf: prog 'handle_tp': relo #3: unrecognized CO-RE relocation TYPE_MATCHES (15) at insn #12
example: libbpf: prog 'tp_sched': relo #1: relocation decision ambiguity: exists 1 != exists 0
follows: core-relo-record

# libbpf restating a relocation it could not apply (after the line that says
# why, or alone when that line is lost)
id: core-relo-failed
category: core-relocation
match: ^(?:libbpf: )?(?:(?:prog '(?<prog>[^']*)': )?relo #(?<relo_idx>\d+): failed to relocate: (?<err>-?\w+)|failed to perform CO-RE relocations: (?<xerr>-?\w+))$
title: libbpf could not apply a CO-RE relocation{prog| of '{prog}'}
explain: libbpf stopped while adjusting the object's CO-RE relocations (field offsets and type facts it rewrites for the running kernel) with error {err|{xerr}}{relo_idx|, at relocation #{relo_idx}}: no program reached the verifier. libbpf's line before this one names the relocation and the reason; a failure to find the field in this kernel is not this (libbpf then poisons the instruction and the verifier reports it), this is a record libbpf could not process at all.
fix: Look at libbpf's lines before this one (`relo #N: ...`); with `LIBBPF_LOG_LEVEL=debug` (or `bpftool -d`) libbpf prints every relocation and its candidates.
fix: Rebuild the object with a released clang and load it with a current libbpf; check that the kernel's BTF (/sys/kernel/btf/vmlinux) is readable (`bpftool btf dump file /sys/kernel/btf/vmlinux | head`).
kernels: printed by libbpf 0.x and 1.x.
example: libbpf: prog 'socket_post_create': relo #0: failed to relocate: -22
example: libbpf: failed to perform CO-RE relocations: -22
follows: core-relo-record
follows: core-relo-failed
follows: core-libbpf-rewritten
