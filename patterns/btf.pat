# The program's BTF, func_info and line_info, and the kernel's own BTF.

id: btf-map-needs-btf
category: btf
match: ^map '(?<map>[^']*)' has to have BTF in order to use (?<what>(?<helper>bpf_\w+)|\w+)$
title: map '{map}' needs BTF to hold a {what}
explain: Special fields in map values ({what}: bpf_spin_lock, bpf_timer, kptrs, ...) are found through the map's BTF: the verifier needs to know at which offset of the value the field sits. Map '{map}' was created without key/value BTF.
fix: Define the map with BTF-style definitions in `SEC(".maps")` (`__type(key, ...)`, `__type(value, struct my_val)`) and compile with `-g`, so that libbpf passes btf_key_type_id/btf_value_type_id.
fix: If the loader creates the map itself (old bpf_map_def style, iproute2 `maps` section), switch to the BTF-defined form.
example: map 'counters' has to have BTF in order to use bpf_spin_lock

id: btf-kernel-missing
category: btf
match: ^(?:kernel is missing BTF, make sure CONFIG_DEBUG_INFO_BTF=y is specified in Kconfig\.|in-kernel BTF is malformed|calling kernel function is not supported without CONFIG_DEBUG_INFO_BTF|map_ptr access not supported without CONFIG_DEBUG_INFO_BTF|Please fix kernel include/linux/bpf_types\.h|(?:libbpf: )?failed to find valid kernel BTF|(?:libbpf: )?Error loading vmlinux BTF: -?\w+)$
title: the kernel has no usable BTF (CONFIG_DEBUG_INFO_BTF)
explain: This feature (typed ksyms, kfuncs, map_ptr access, tracing arguments) needs the kernel's own BTF in /sys/kernel/btf/vmlinux, which this kernel lacks or could not parse.
fix: Run a kernel built with CONFIG_DEBUG_INFO_BTF=y (all major distributions since 2020); check `ls /sys/kernel/btf/vmlinux`.
fix: Otherwise avoid the feature: use bpf_probe_read_kernel instead of typed pointers, helpers instead of kfuncs.
example: kernel is missing BTF, make sure CONFIG_DEBUG_INFO_BTF=y is specified in Kconfig.
example: libbpf: failed to find valid kernel BTF
example: libbpf: Error loading vmlinux BTF: -3
follows: btf-kernel-missing

id: btf-ksym
category: btf
match: ^(?:invalid module BTF object FD specified\.|ldimm64 insn specifies invalid btf_id -?\d+\.|pseudo btf_id -?\d+ in ldimm64 isn't KIND_VAR(?: or KIND_FUNC|\.)|ldimm64 failed to find the address for kernel symbol '(?<sym>[^']*)'\.|ldimm64 unable to resolve the size of type '(?<type>[^']*)': -?\d+)$
title: the typed kernel symbol {sym|(__ksym)} could not be resolved
explain: The program references a kernel variable through `extern ... __ksym` (an ldimm64 with a BTF id). The loader resolved it to a BTF id, but the kernel cannot find {sym|the symbol}'s address or its type: it is not exported in kallsyms, lives in a module that is not loaded, or has no sized type.
fix: Check that the symbol exists: `grep -w {sym|NAME} /proc/kallsyms`; for per-CPU variables use bpf_per_cpu_ptr()/bpf_this_cpu_ptr().
fix: Declare it `__ksym __weak` and test `if (&sym)` at run time if it may be missing on some kernels.
example: ldimm64 failed to find the address for kernel symbol 'runqueues'.

id: btf-func-info
category: btf
match: ^(?:missing btf func_info|invalid func info rec size \d+|nonzero tailing record in func info|nonzero insn_off \d+ for the first func info record|same or smaller insn offset \(\d+\) than previous func info record \(\d+\)|invalid type id -?\d+ in func info|number of funcs in func_info doesn't match number of subprogs|func_info BTF section doesn't match subprog layout in BPF program|invalid btf id for main subprog in func_info|exception callback type id not found in func_info|invalid exception callback insn_off in func_info: \d+|BTF of func#\d+ doesn't point to KIND_FUNC|BTF of func_id \d+ doesn't point to KIND_FUNC|Invalid BTF of func \S+|Global functions need valid BTF|Global function \S+\(\) with \d+ > \d+ args\. Buggy compiler\.|Invalid type of function \S+\(\)|(?:LD_ABS|tail_call) is not allowed in subprogs without BTF|(?:LD_ABS|tail_call) is only allowed in functions that return 'int'\.)$
title: the program's func_info (BTF of its functions) is missing or does not match the code
explain: With several functions (bpf-to-bpf calls, callbacks, global functions) the kernel needs func_info: one BTF FUNC record per subprogram, in instruction order. It is missing or does not match the instructions, which happens when the object was built without `-g`, post-processed (llvm-strip, a custom linker) or loaded by a loader that rewrote the code without fixing func_info.
fix: Compile with `clang -g -O2 -target bpf` and do not strip .BTF/.BTF.ext (`llvm-strip -g` removes them).
fix: Use a current libbpf (or Aya/cilium-ebpf) that relocates func_info when it appends subprograms; check that the loader version matches the object format.
example: missing btf func_info
example: number of funcs in func_info doesn't match number of subprogs

id: btf-line-info
category: btf
match: ^(?:Invalid line_info\[\d+\]\.(?:insn_off:\d+ \(prev_offset:\d+ prog->len:\d+\)|line_off or \.file_name_off)|Invalid insn code at line_info\[\d+\]\.insn_off|missing bpf_line_info for (?:func#\d+|\d+ funcs starting from func#\d+)|nonzero tailing record in (?:line_info|core_relo)|Invalid core_relo\[\d+\]\.insn_off:\d+ prog->len:\d+)$
title: the program's line_info (source line records) does not match the code
explain: line_info maps instructions to source lines (what the verifier prints as `; code`). Records must be sorted, point at the first instruction of each function and at real instructions, not into the middle of a 16-byte ldimm64. A loader that inserted or removed instructions without adjusting line_info, or a stripped object, breaks this.
fix: Rebuild with `clang -g -O2 -target bpf` and load with a current libbpf/bpftool; if you post-process the object, keep .BTF.ext consistent or drop it entirely.
example: Invalid line_info[7].insn_off:44 (prev_offset:40 prog->len:44)
example: missing bpf_line_info for func#1

id: btf-header-invalid
category: btf
match: ^\s*(?:Unaligned type_off|No type found|String section is not at the end|Invalid string section|Invalid section offset|Unsupported section found|Section overlap found|Total section length too long|hdr_len not found|btf_header not found|Unsupported btf_header|Invalid magic|Unsupported version|Unsupported flags|No data|Exceeded max num of types|Max chain length or cycle detected|Type tags don't precede modifiers|Invalid name_offset:\d+|\[\d+\] (?:meta_left:\d+ meta_needed:\d+|Invalid btf_info:[0-9a-fx]+|Invalid kind:\d+|Invalid name_offset:\d+)|max struct nesting depth exceeded|(?:libbpf: )?BTF is required, but is missing or corrupted\.?)$
title: the BTF blob is malformed at the header, section or type-list level
explain: The kernel could not even parse the BTF: header, string section or type list are inconsistent, or it contains a BTF kind this kernel does not know (an `Invalid kind` from a newer compiler).
fix: Load with libbpf, which drops or rewrites BTF kinds the kernel lacks; otherwise build with an older toolchain for this kernel.
fix: Check the object with `bpftool btf dump file prog.o`; if it fails there too, the file is corrupt.
example: [38] Invalid kind:19
example: Invalid magic


id: btf-type-invalid
category: btf
match: ^\[(?<type_id>\d+)\] (?:(?<kind>\w+) (?<name>\S*) ?)?.*?(?<problem>meta_left:\d+ meta_needed:\d+|vlen != 0|size != 0|type != 0|size == 0|Invalid .+|Unsupported .+|Unexpected size|Linkage not supported|Array size overflows U32_MAX|nr_bits exceeds .+|Exceeded max resolving depth:\d+|Loop detected)$
title: BTF type [{type_id}]{kind| ({kind}{name| {name}})} is malformed: {problem}
explain: The kernel validates every BTF type the program (or its object file) brings. Type [{type_id}] failed: {problem}. Usually the BTF was produced by a compiler or pahole newer than the kernel (new BTF kinds such as ENUM64, DECL_TAG, TYPE_TAG, FLOAT on an old kernel), or was damaged by a tool that rewrote it.
fix: Let libbpf sanitize BTF for older kernels (it replaces kinds the kernel lacks); with another loader, build with an older clang or strip the unsupported kinds.
fix: Run `bpftool btf dump file prog.o` to see type [{type_id}] and which tool produced it; regenerate vmlinux.h for the target kernel.
kernels: the `[id] KIND name` prefix and the details printed after it are the same from 4.18 to 6.18.
example: [12] ENUM64 foo size=8 vlen=2 Invalid btf_info kind_flag
example: [3] STRUCT task_struct size=9792 vlen=1 meta_left:0 meta_needed:12

id: btf-member-invalid
category: btf
match: ^\s*(?:(?<member>\S+) )?type_id=(?<type_id>\d+) (?:bitfield_size=\d+ )?(?:bits_offset|offset)=\d+ (?:size=\d+ )?(?!size=\d+$)(?<problem>.+)$
title: a member of a BTF struct, union or datasec is malformed: {problem}
explain: While validating a struct/union member or a DATASEC variable, the kernel found: {problem}. The BTF does not describe a layout the kernel accepts (misaligned or out-of-bounds member, invalid type id), usually because a tool generated or rewrote it wrongly.
fix: Rebuild with a clang/pahole version supported by this kernel; inspect the type with `bpftool btf dump file prog.o`.
example: pid type_id=7 bits_offset=32 Member exceeds struct_size
example: type_id=12 offset=0 size=4 Invalid offset+size

id: btf-global-func-arg
category: btf
match: ^(?:Arg#(?<arg>\d+) type (?<type>.+) in (?<fn>\w+)\(\) is not supported yet\.|arg#(?<xarg>\d+) reference type\('(?<ref_type>[^']*)'\) size cannot be determined: -?\d+)$
title: the BTF prototype of {fn|the global function} has an argument type this kernel cannot check
explain: A global (non-static) BPF function is verified on its own, from its BTF prototype in func_info. The verifier could not use the prototype's argument {arg|{xarg}}{type| of type {type}}{ref_type| (a pointer to '{ref_type}', whose size the BTF does not resolve)}: this kernel checks only scalars, the context and (from 6.x) tagged pointers there, or the BTF the compiler emitted describes a type it cannot size. Often the kernel's own BTF is at fault too (`btf_vmlinux is malformed` before the verdict), so the context type cannot be recognised.
fix: Make {fn|the function} `static` (or `static __always_inline`): static functions are verified at each call with the real arguments and need no prototype check.
fix: Pass the context or plain integers to global functions; on 6.8+ tag pointer arguments (`__arg_ctx`, `__arg_nonnull`, `__arg_trusted`).
fix: Build with the compiler and flags the project expects (a newer Clang may emit BTF an older kernel cannot resolve), and check the kernel's BTF: `bpftool btf dump file /sys/kernel/btf/vmlinux > /dev/null`.
kernels: `Arg#N type ... is not supported yet.` on 5.x (before pointer arguments of global functions were supported, 5.12+); `reference type(...) size cannot be determined` since 5.12.
example: Arg#0 type PTR in prog0() is not supported yet.
example: arg#0 reference type('UNKNOWN ') size cannot be determined: -22

id: btf-probe-trivial-einval
category: btf
match: ^(?:libbpf: )?Error in bpf_object__probe_loading\(\):Invalid argument\(22\)\..*$
title: the kernel refused even a trivial program (EINVAL, no log): most likely its own BTF is malformed
explain: libbpf first loads a two-instruction socket filter (`r0 = 0; exit`) without a log. A kernel that has BPF refuses that program with EINVAL only when the verifier fails before looking at it: the kernel's own BTF (/sys/kernel/btf/vmlinux) could not be parsed ("in-kernel BTF is malformed", which goes to the verifier log this probe did not ask for). libbpf's hint about CONFIG_BPF_SYSCALL and RLIMIT_MEMLOCK does not apply to EINVAL.
fix: Check the kernel's BTF: `bpftool btf dump file /sys/kernel/btf/vmlinux > /dev/null` (an error confirms it); rebuild the kernel with a pahole that matches its compiler, or run a distribution kernel.
fix: Load any program with a log (`bpftool prog load prog.o /sys/fs/bpf/x -d`, or log_level=1) to see the verifier's own line.
kernels: printed by libbpf 0.x/1.x before any program of the object is loaded.
example: libbpf: Error in bpf_object__probe_loading():Invalid argument(22). Couldn't load trivial BPF program. Make sure your kernel supports BPF (CONFIG_BPF_SYSCALL=y) and/or that RLIMIT_MEMLOCK is set to big enough value

id: btf-libbpf-object-btf-refused
category: btf
match: ^(?:libbpf: )?(?:Error loading BTF: (?<err_text>[A-Z][\w ]*[a-z])\((?<errno>-?\d+)\)|BTF loading error: (?<xerrno>-?\d+)|Error loading \.BTF into kernel: (?<yerrno>-?\d+)\.)$
title: the kernel refused the object's BTF{err_text| ({err_text})}
explain: Before loading programs, libbpf loads the object's own type information (the `.BTF` section clang wrote) into the kernel, and the kernel's BTF checker refused it with {err_text|errno {errno|{xerrno|{yerrno}}}}{!err_text:{!errno:{!xerrno:{!yerrno:an error}}}}. No program reached the verifier. The usual cause is an object built by a newer clang than the kernel or the loader's libbpf know: BTF kinds this kernel does not have (FLOAT, DECL_TAG, TYPE_TAG, ENUM64, a kind_flag on a type) that a new libbpf would sanitize (rewrite to kinds the kernel knows) but an old one, bundled in the loader, passes on.
fix: Update the loader's libbpf (or the bpftool that loads the object): newer versions sanitize the BTF kinds the running kernel lacks. A loader that bundles libbpf (Calico's bpftool, libbpfgo, an old static build) needs a rebuild against a current libbpf.
fix: Read the kernel's own complaint: with libbpf's debug output on (`LIBBPF_LOG_LEVEL=debug`, `bpftool -d`) the BTF load log names the type id and the problem (`[378] Invalid btf_info:8400000a`); `bpftool btf dump file prog.o` shows that type.
fix: Or build the object so its BTF suits the target kernel: an older clang, or without the features that emit the new kinds (`__attribute__((btf_decl_tag))`, `btf_type_tag`, 64-bit enums).
kernels: libbpf 0.x prints `Error loading BTF: <error>(<errno>)`, 1.x `BTF loading error: -22` with the kernel's `-- BEGIN BTF LOAD LOG ---`; `Error loading .BTF into kernel` is libbpf's object loader.
example: libbpf: Error loading BTF: Invalid argument(22)
example: libbpf: Error loading .BTF into kernel: -22.
example: libbpf: BTF loading error: -22
follows: btf-type-invalid
follows: btf-header-invalid
follows: btf-member-invalid
follows: btf-libbpf-object-btf-refused

id: btf-go-kernel-spec-missing
category: btf
match: ^(?:apply CO-RE relocations: )?load kernel spec: no BTF found for kernel version (?<release>\S+): not supported$
title: CO-RE needs the kernel's BTF, and kernel {release} has none
explain: The program carries CO-RE relocations (field offsets resolved against the running kernel's types), so the loader (cilium/ebpf) reads the kernel's BTF before loading it; kernel {release} has no /sys/kernel/btf/vmlinux (it was built without CONFIG_DEBUG_INFO_BTF) and no BTF file was found in the places the loader searches, so it stops before the program reaches the verifier.
fix: Run a kernel built with CONFIG_DEBUG_INFO_BTF=y (`ls /sys/kernel/btf/vmlinux`); most distribution kernels since 2020 have it, many vendor and embedded ones (Raspberry Pi, some Android and appliance kernels) do not.
fix: Or give the loader BTF for this exact kernel: a file from BTFHub or generated with `pahole --btf_encode_detached` from the kernel's DWARF (its -dbg package), passed as `CollectionOptions.Programs.KernelTypes` (cilium/ebpf: `btf.LoadSpec(path)`); loaders built on cilium/ebpf often take a path option for it.
fix: Or use a build of the program without CO-RE relocations (the loader's previous version, if only the new one carries them).
kernels: cilium/ebpf's words (`no BTF found for kernel version %s: not supported`); libbpf says `failed to find valid kernel BTF` for the same.
example: apply CO-RE relocations: load kernel spec: no BTF found for kernel version 6.18.39+rpt-rpi-2712: not supported
example: load kernel spec: no BTF found for kernel version 5.4.0-1-arm64: not supported

id: btf-go-kmod-btf
category: btf
match: ^load BTF for kmod (?<kmod>[\w-]+): (?<why>.+)$
title: the loader could not read the BTF of kernel module {kmod}
explain: To resolve CO-RE relocations the loader (cilium/ebpf) reads the split BTF of every loaded kernel module (/sys/kernel/btf/{kmod}) as well as vmlinux's, and parsing {kmod}'s failed: `{why}`. The program never reached the verifier; the module's BTF may be valid but unusual (a module with no types or strings of its own has an empty string table), which some versions of the loader's BTF parser refuse.
fix: Update the loader's cilium/ebpf (or the tool built on it) to a release that accepts this module's BTF; check its changelog or issue tracker for `{why}`.
fix: As a workaround, unload the module if it is not needed (`rmmod {kmod}`), or look at its BTF: `bpftool btf dump file /sys/kernel/btf/{kmod} | head`.
kernels: cilium/ebpf's words; seen with modules whose split BTF holds only the header (cilium/ebpf v0.19.0).
ref: https://github.com/cilium/ebpf/issues/1818
example: load BTF for kmod nls_cp437: read string section: string table is empty
