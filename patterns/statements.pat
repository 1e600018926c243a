# A loader's own statement of a failure, for an input that holds no kernel
# log and whose lines no verdict entry knows. src/statement.c reads the
# statement as an error chain with the words of statement-words.tsv and
# matches the key "OBJECT ERRNO: MESSAGE" against these entries, in this
# order: OBJECT is the step the innermost component names (map, btf, core,
# attach, pin, kfunc, helper; program and generic steps are left to the log:
# a program load with no log is a truncated log), ERRNO the innermost errno
# (EINVAL, ... or - when none is given), MESSAGE the statement as a user
# quotes it (the record's verdict line). Each entry names its category; an
# example is a key, and `vexplain patterns check` reads its MESSAGE as a
# statement and wants that key back.
#
# Variables (besides the captures): said_object, said_what (the step, in
# words), said_errno, said_errno_num, said_errno_words, said_cause (the
# innermost component that is not the errno), said_line (the whole
# statement), and the facts said_object_is_OBJECT, said_errno_is_ERRNO
# (lower case). Every answer says it is read from the loader's words: there
# is no kernel log to confirm it.

# --- privilege and policy: whatever the step ----------------------------------------

id: said-permission
category: permission
match: ^\S+ (?:EPERM|EACCES): 
title: {said_what|a step of the load} was refused: {said_errno_words|operation not permitted} ({said_errno})
explain: Read from the loader's words, with no kernel log: "{said_message}". The bpf() call for {said_what|this step} failed with {said_errno} before any program reached the verifier, so nothing in the program's code is at fault.
explain[said_errno_is_eperm]: EPERM from bpf() is a privilege or policy check: the process lacks CAP_BPF (or CAP_SYS_ADMIN; tracing also needs CAP_PERFMON, networking CAP_NET_ADMIN), unprivileged BPF is disabled (`kernel.unprivileged_bpf_disabled`), kernel lockdown refuses it, or, on kernels before 5.11, the memory of maps and programs does not fit RLIMIT_MEMLOCK (those kernels report that as EPERM too, even for root).
explain[said_errno_is_eacces]: EACCES from bpf() is not a size or limit problem: a security module (SELinux, AppArmor, a BPF LSM), a seccomp filter or a user namespace without CAP_BPF in the initial namespace denies the call; for a pinned object, the file mode or owner of its bpffs path denies it.
explain[said_object_is_map]: Maps are created first: on a kernel before 5.11 a map that does not fit the locked-memory limit is the usual cause (RLIMIT_MEMLOCK, often 64 KiB or 8 MiB); in a container without CAP_BPF and CAP_SYS_ADMIN no map can be created at all.
explain[said_object_is_attach]: Attaching needs more than loading: kprobes, tracepoints and perf events need CAP_PERFMON (and `kernel.perf_event_paranoid` allows less without it), networking hooks CAP_NET_ADMIN, cgroup hooks access to the cgroup directory; lockdown refuses kprobes on some kernels.
explain[said_object_is_btf]: Loading BTF into the kernel (BPF_BTF_LOAD) needs CAP_BPF or CAP_SYS_ADMIN like the load itself; a loader without it fails here first.
fix: Check the kernel and the limits first: `uname -r`; before 5.11 raise the locked-memory limit (`ulimit -l unlimited`, `LimitMEMLOCK=infinity` in a systemd unit, `--ulimit memlock=-1` for a container, `rlimit.RemoveMemlock()` in cilium/ebpf, libbpf 1.0+ does it by itself).
fix: Check the loader's privileges where it runs: `grep Cap /proc/<pid>/status` (decode with `capsh --decode=`: CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN or CAP_SYS_ADMIN), `sysctl kernel.unprivileged_bpf_disabled`; in a container add the capabilities (`--cap-add BPF --cap-add PERFMON --cap-add NET_ADMIN`) or run it privileged.
fix: Look for a policy's denial: `cat /sys/kernel/security/lockdown`, `ausearch -m avc -ts recent`, `dmesg | grep -i -e denied -e lockdown`.
kernels: RLIMIT_MEMLOCK charges BPF memory before 5.11 only; CAP_BPF and CAP_PERFMON exist since 5.8 (before: CAP_SYS_ADMIN).
ref: https://docs.kernel.org/bpf/bpf_design_QA.html
example: map EPERM: failed to create map (name: 'flows'): operation not permitted
example: attach EACCES: failed to attach tracepoint 'sched/sched_switch': permission denied

# --- maps ----------------------------------------------------------------------------

id: said-map-einval
category: map-usage
match: ^map (?:EINVAL|EOPNOTSUPP|ENOTSUPP): 
title: the kernel refused to create a map ({said_errno}): it does not accept the map's definition
explain: Read from the loader's words, with no kernel log: "{said_message}". BPF_MAP_CREATE returned {said_errno} ({said_errno_words}): the kernel refused the map's definition before any program was loaded. No verifier ran; the program's code is not at fault.
explain: For map creation, {said_errno} most often means this kernel does not know the map type (BPF_MAP_TYPE_RINGBUF needs 5.8, BLOOM_FILTER 5.16, USER_RINGBUF 6.1, ARENA 6.9; an unknown type is refused as EINVAL), or a flag (BPF_F_MMAPABLE 5.5, BPF_F_INNER_MAP 5.10, BPF_F_NO_PREALLOC on a type that preallocates), the key or value size or max_entries do not suit the type (a ring buffer's max_entries must be a power of 2 and a multiple of the page size; an array's key is 4 bytes), or the BTF of the key and value is refused{?said_cause: }.
fix: Find the map the loader names and its definition in the program's source: its type, flags, key and value sizes, max_entries.
fix: Check the kernel: `uname -r`, and `bpftool feature probe kernel | grep map_type` lists the map types this kernel has; run on a kernel that has the type, or fall back to an older type (a perf event array instead of a ring buffer).
fix: For a ring buffer, make max_entries a power of 2 and a multiple of the page size (`getconf PAGE_SIZE`: 4096, 16384 or 65536 on arm64).
kernels: map types appeared over time: RINGBUF 5.8, BLOOM_FILTER 5.16, USER_RINGBUF 6.1, CGRP_STORAGE 6.2, ARENA 6.9.
ref: https://docs.kernel.org/bpf/maps.html
example: map EINVAL: map create: invalid argument (without BTF k/v)
example: map EINVAL: map 'events': failed to create: Invalid argument(-22)

id: said-map-size
category: map-usage
match: ^map (?:E2BIG|ENOMEM|ERANGE|ENOSPC): 
title: the kernel refused to create a map ({said_errno}): it is too large
explain: Read from the loader's words, with no kernel log: "{said_message}". BPF_MAP_CREATE returned {said_errno} ({said_errno_words}) before any program was loaded: E2BIG says a size is past what the type allows (a value past the kmalloc limit or the per-CPU limit of 32 KiB, a key past the stack's 512 bytes, more entries than the type can index), ENOMEM that the kernel could not allocate it (max_entries times value size, per CPU for per-CPU maps, charged to the memory cgroup since 5.11).
fix: Find the map and its definition: key size, value size (per CPU for per-CPU maps), max_entries; shrink what is too large, or split a large value into several maps.
fix: For ENOMEM, check the memory cgroup's limit where the loader runs (`cat /sys/fs/cgroup/<group>/memory.max`) and the kernel's free memory; on kernels before 5.11 the locked-memory limit (`ulimit -l`).
example: map E2BIG: map create: argument list too long

id: said-map
category: map-usage
match: ^map \S+: 
title: creating or using a map failed{said_errno| ({said_errno})}
explain: Read from the loader's words, with no kernel log: "{said_message}". The failure is about a map, before any program reached the verifier.
explain[said_errno_is_enoent]: ENOENT here usually means a pinned map or a path in bpffs that does not exist (bpffs not mounted at /sys/fs/bpf, or the pin was removed), or an inner map or program a map refers to that was not found.
explain[said_errno_is_eexist]: EEXIST means a map of that name is pinned already, or an element exists where the update used BPF_NOEXIST.
explain[said_errno_is_ebusy]: EBUSY means the map is in use in a way that forbids the change (a frozen map, a map of a program that is running, an update from a context that holds its lock).
explain[said_errno_is_ebadf]: EBADF means the map's file descriptor is not a map (it was closed, or an inner map or program array was given a wrong descriptor).
explain[!said_errno]: The loader gives no errno: read its words for the map's name and what it could not do (a definition it cannot read, a pinned map whose parameters differ from the definition).
fix: Find the map the loader names and compare its definition with what the loader says it could not do.
fix: For a pinned map: `ls -l /sys/fs/bpf/...`, `bpftool map show pinned PATH`; remove a pin left by an older version (`rm PATH`) so the loader creates it again, and check bpffs is mounted (`mount | grep bpf`).
example: map EEXIST: update map element: file exists
example: map -: unsupported map definition

# --- BTF ----------------------------------------------------------------------------

id: said-btf-unknown-kind
category: btf
match: ^btf \S+: .*\b(?:[Uu]nknown|[Ii]nvalid|[Uu]nsupported) (?:BTF )?kind\b
title: the loader cannot read this BTF: it meets a BTF kind it does not know
explain: Read from the loader's words, with no kernel log: "{said_message}". While reading BTF (the kernel's vmlinux BTF for CO-RE, a module's, or the program's own), the loader met a type of a kind its BTF parser does not know, and gave up before loading anything.
explain: BTF kinds were added over time: 17 DECL_TAG (5.16), 18 TYPE_TAG (5.17), 19 ENUM64 (6.0). A kernel of 6.0 or later describes itself with ENUM64, so a loader library older than that (cilium/ebpf before 0.10, libbpf before 1.0, a bundled copy in a tool) cannot read the vmlinux BTF of any newer kernel; the other way round, an old kernel refuses a program's BTF that a new compiler wrote with kinds it lacks (libbpf sanitizes those, other loaders may not).
fix: Update the loader library (or the tool that bundles it) to a release that knows the kind: cilium/ebpf 0.10+, libbpf 1.0+, a newer release of the tool.
fix: Check which side is newer: `uname -r` for the kernel, the library's version in the tool's go.mod or Cargo.lock; `bpftool btf dump file /sys/kernel/btf/vmlinux | grep -c ENUM64` shows the kernel uses ENUM64.
kernels: BTF_KIND_DECL_TAG 5.16, BTF_KIND_TYPE_TAG 5.17, BTF_KIND_ENUM64 6.0.
ref: https://docs.kernel.org/bpf/btf.html
example: btf -: apply CO-RE relocations: can't read types: type id 5639: unknown kind: Unknown (19)

id: said-btf-kernel-missing
category: btf
match: ^btf \S+: .*\b(?:no BTF found|[Nn]o such file or directory|not found|missing|kernel BTF)
title: the kernel's BTF, which CO-RE needs, was not found
explain: Read from the loader's words, with no kernel log: "{said_message}". The program carries CO-RE relocations (field offsets resolved against the running kernel's types), so the loader reads the kernel's BTF before loading it; it did not find it, and stopped before anything reached the verifier.
explain: The kernel's BTF is /sys/kernel/btf/vmlinux, present when the kernel was built with CONFIG_DEBUG_INFO_BTF=y (most distribution kernels since 5.4-5.8; not CentOS 7's 3.10, not many embedded and vendor kernels); a module's is /sys/kernel/btf/<module>.
fix: Check it: `ls -l /sys/kernel/btf/vmlinux`, `grep CONFIG_DEBUG_INFO_BTF /boot/config-$(uname -r)`.
fix: Without it, give the loader a BTF file for this exact kernel (BTFHub's archive, or one made with `pahole --btf_encode_detached`) through its option (libbpf: btf_custom_path; cilium/ebpf: CollectionOptions.Programs.KernelTypes), or run on a kernel built with CONFIG_DEBUG_INFO_BTF=y.
ref: https://github.com/aquasecurity/btfhub
example: btf ENOENT: load kernel BTF: open /sys/kernel/btf/vmlinux: no such file or directory

id: said-btf-rejected
category: btf
match: ^btf (?:EINVAL|E2BIG|EOPNOTSUPP|ENOTSUPP): 
title: the kernel refused the BTF ({said_errno})
explain: Read from the loader's words, with no kernel log: "{said_message}". BPF_BTF_LOAD returned {said_errno} ({said_errno_words}): the kernel could not accept the BTF the loader gave it, before any program was loaded. The kernel's own reason is in the BTF load log, which the loader did not print.
explain: The usual cause is a kernel older than the compiler: BTF kinds and flags it does not know (FUNC and FUNC_PROTO need 5.0, VAR and DATASEC 5.2, FLOAT 5.13, DECL_TAG 5.16, TYPE_TAG 5.17, ENUM64 6.0), or, with E2BIG, a BTF larger than the kernel accepts.
fix: Get the kernel's reason: load with a larger log level (libbpf prints `-- BEGIN BTF LOAD LOG --` at debug level; `bpftool -d prog load`), or `bpftool btf dump file prog.o` to see the kinds the object holds.
fix: Load with a loader that sanitizes BTF for old kernels (libbpf does: it rewrites kinds the kernel lacks), or build with an older toolchain for this kernel.
example: btf EINVAL: load BTF: invalid argument

id: said-btf
category: btf
match: ^btf \S+: 
title: the loader could not load or read BTF
explain: Read from the loader's words, with no kernel log: "{said_message}". The failure is in BTF (the type information of the program, of the kernel or of a module), before any program reached the verifier: the loader could not read, find or load it{?said_cause: ("{said_cause}")}.
explain: When the loader reads BTF that other tools read fine (`bpftool btf dump file /sys/kernel/btf/<name>`), the loader's BTF parser is at fault: module BTF with empty sections, kinds or layouts it does not expect; a newer release of the loader library usually reads it.
fix: Check the BTF the loader names with `bpftool btf dump file PATH` (vmlinux: /sys/kernel/btf/vmlinux, a module: /sys/kernel/btf/<module>, the program's: the object file).
fix: Update the loader library (cilium/ebpf, libbpf, the tool that bundles one) and look for the loader's words in its issue tracker.
example: btf -: load BTF for kmod nls_cp437: read string section: string table is empty

# --- CO-RE ---------------------------------------------------------------------------

id: said-core
category: core-relocation
match: ^core \S+: 
title: the loader could not apply the program's CO-RE relocations
explain: Read from the loader's words, with no kernel log: "{said_message}". A CO-RE relocation (a field offset, a type's size or existence, an enum value read from the running kernel's BTF) could not be resolved{?said_cause: ("{said_cause}")}: the field or type the program names does not exist in this kernel's BTF in the shape the program expects, so the loader stopped before the verifier ran.
fix: Find which field or type it is (libbpf prints the relocation with its spec at debug level: `[N] struct task_struct.state`), and check it in the kernel's BTF: `bpftool btf dump file /sys/kernel/btf/vmlinux format c | grep -n 'struct task_struct {'`.
fix: Guard fields that differ between kernels with `bpf_core_field_exists()` and a `___flavor` struct for the other layout, or read them with BPF_CORE_READ only where they exist.
example: core EINVAL: relo #3: failed to relocate: -22

# --- attaching -------------------------------------------------------------------------

id: said-attach-unsupported
category: attach-target
match: ^attach (?:ENOTSUPP|EOPNOTSUPP|ENOSYS|ENODEV): 
title: the program loaded, but this kernel cannot attach it: {said_errno_words} ({said_errno})
explain: Read from the loader's words, with no kernel log: "{said_message}". The failure is in attaching the program, after the verifier accepted it: the kernel returned {said_errno} ({said_errno_words}) for the attach, which says it lacks the mechanism this kind of attach needs here, or refuses this attach type for this program.
explain: Attaching fentry, fexit, fmod_ret, LSM and freplace programs goes through a BPF trampoline: arm64 has trampolines only since 6.0 (and needs CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS for them), riscv64 since 6.3, s390x since 5.19, 32-bit architectures not at all; on such a kernel the program loads and the attach fails with ENOTSUPP (524, which loaders print as "not supported" or "Unknown error 524"). LSM programs also need `bpf` in the kernel's `lsm=` list (CONFIG_BPF_LSM). Other attach kinds have their own: XDP in driver mode needs the NIC's driver support, multi-kprobes (kprobe.multi) need 5.18 and CONFIG_FPROBE, uprobe.multi 6.6.
fix: Check what the kernel has: `uname -rm`; for a trampoline, `grep -e CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS -e CONFIG_BPF_LSM /boot/config-$(uname -r)`; for LSM, `cat /sys/kernel/security/lsm` must list bpf.
fix: Use an attach kind the kernel has: a kprobe or raw tracepoint instead of fentry/fexit on an architecture without trampolines, a kernel of a version that has them, or XDP in generic (skb) mode where the driver lacks native XDP.
kernels: BPF trampolines: x86_64 5.5, arm64 6.0, s390x 5.19, riscv64 6.3; BPF LSM 5.7.
ref: https://docs.kernel.org/bpf/prog_lsm.html
example: attach ENOTSUPP: create raw tracepoint: not supported
example: attach ENOTSUPP: failed to attach: -ENOTSUPP

id: said-attach-einval
category: attach-target
match: ^attach EINVAL: 
title: the program loaded, but the kernel refused to attach it (EINVAL): the hook does not suit it
explain: Read from the loader's words, with no kernel log: "{said_message}". The failure is in attaching the program, after the verifier accepted it: the kernel returned EINVAL for the attach, which says the program and the hook do not go together as asked.
explain: The usual causes: the program's type or expected attach type (set from its section name) is not the one this hook takes (a `cgroup_skb/ingress` program attached as egress, a tracing program loaded without its attach target); the target cannot be traced (a kprobe on a function in the kprobe blacklist or at an offset that is no instruction boundary, fentry on a function with no BTF or with arguments BPF trampolines cannot pass); flags this kernel does not know for this attach (XDP mode flags, BPF_F_ALLOW_MULTI where the hook takes one program); or a uprobe's offset that falls outside the file's executable code.
fix: Check the program's section name against the hook it is attached to, and load it again with the attach type the hook wants.
fix: For a kernel function: `grep -w NAME /sys/kernel/debug/kprobes/blacklist` and `bpftool btf dump file /sys/kernel/btf/vmlinux | grep -w NAME` (fentry/fexit need it in BTF); for a uprobe, the symbol's offset in the binary (`nm -D`, `readelf -s`).
example: attach EINVAL: attach cgroup: link create: invalid argument

id: said-attach-missing
category: attach-target
match: ^attach (?:ENOENT|ESRCH|ENXIO|EADDRNOTAVAIL): 
title: the program's attach target was not found ({said_errno})
explain: Read from the loader's words, with no kernel log: "{said_message}". Attaching failed with {said_errno} ({said_errno_words}): the function, tracepoint, symbol, cgroup, interface or link the program attaches to does not exist on this system, as named.
explain: Kernel functions come and go between versions and are renamed or inlined (`do_sys_open` became `do_sys_openat2` in 5.6; a static function may be inlined and have no symbol), tracepoints move between subsystems, a user-space symbol may be missing from a stripped binary or have another name (C++ mangling, Go's ABI wrappers).
fix: Check the target exists: `grep -w NAME /proc/kallsyms` or `bpftool btf dump file /sys/kernel/btf/vmlinux | grep -w NAME` for a kernel function, `ls /sys/kernel/tracing/events/` for a tracepoint, `nm -D BINARY | grep NAME` for a uprobe.
fix: Attach to what this kernel has (another function, a tracepoint instead of a kprobe) or make the attach optional where the target is not there.
example: attach ENOENT: failed to create kprobe 'do_sys_open+0x0' perf event: No such file or directory

id: said-attach
category: attach-target
match: ^attach \S+: 
title: attaching the program failed{said_errno| ({said_errno})}
explain: Read from the loader's words, with no kernel log: "{said_message}". The failure is in attaching the program (linking it to its hook), not in loading it: the verifier is not involved.
explain[said_errno_is_ebusy]: EBUSY means the hook is taken: another program is attached where only one may be (XDP on an interface without multi-attach, a tc filter with the same handle), or an older instance of the loader still holds it.
explain[said_errno_is_eexist]: EEXIST means an attachment of the same kind exists already (a link, a pinned link, a filter with that priority).
explain[!said_errno]: The loader gives no errno: its words say which hook it tried.
fix: Check what is attached now: `bpftool link show`, `bpftool net show` (XDP and tc), `bpftool cgroup tree`, `bpftool perf show`; detach what an earlier run left, or attach with the flags that share the hook (BPF_F_ALLOW_MULTI, BPF_F_REPLACE, tc priorities).
fix: Check the attach target exists and suits the program's type (its section name says the type).
example: attach EBUSY: failed to attach XDP program: device or resource busy
example: attach -: Failed to attach BPF program b'trace_entry' to kprobe b'vfs_read'

# --- pinned objects, kfuncs, helpers ------------------------------------------------------

id: said-pin
category: map-usage
match: ^pin \S+: 
title: using a pinned object in bpffs failed{said_errno| ({said_errno})}
explain: Read from the loader's words, with no kernel log: "{said_message}". Pinned maps and programs live in the BPF filesystem (bpffs, usually /sys/fs/bpf); the loader could not pin, open or reuse one there.
explain[said_errno_is_enoent]: ENOENT: the path does not exist: bpffs is not mounted there, the directory the loader pins into was not created, or the pin was removed.
explain[said_errno_is_eexist]: EEXIST: something is pinned at that path already (an older version's map or program).
explain[said_errno_is_einval]: EINVAL: the path is not on a bpffs mount, or the pinned object is not of the kind the loader expects.
fix: Check the mount and the path: `mount | grep -w bpf` (mount it: `mount -t bpf bpf /sys/fs/bpf`; in a container, bind-mount the host's /sys/fs/bpf), `ls -l PATH`, `bpftool map show pinned PATH`.
fix: Remove a pin left by an older version (`rm PATH`) when its definition differs from the one the loader wants.
example: pin ENOENT: pin map: open /sys/fs/bpf/tc/globals/cali_v4_ct: no such file or directory

id: said-kfunc
category: kfunc-unavailable
match: ^kfunc \S+: 
title: a kernel function (kfunc or ksym) the program calls was not found or does not match
explain: Read from the loader's words, with no kernel log: "{said_message}". The loader resolves the program's calls to kernel functions (kfuncs) and its kernel symbols (ksyms) against the kernel's BTF before loading; one was not found in this kernel or its modules, or its prototype differs from the program's declaration.
fix: Check the function exists in this kernel: `bpftool btf dump file /sys/kernel/btf/vmlinux | grep -w NAME` (a module's kfunc: /sys/kernel/btf/<module>, with the module loaded).
fix: Declare it `__weak` and test `bpf_ksym_exists(NAME)` before calling it, where the program can do without it on older kernels.
example: kfunc ENOENT: extern (func ksym) 'bpf_rcu_read_lock': not found in kernel or module BTFs: no such file or directory

id: said-helper
category: helper-unavailable
match: ^helper \S+: 
title: the loader found a helper call this kernel does not offer
explain: Read from the loader's words, with no kernel log: "{said_message}". The loader checks (or probes) the helpers the program calls before loading it, and one is not available to this program type on this kernel.
fix: Check which helpers this kernel offers this program type: `bpftool feature probe kernel | grep -A80 'for program type'`.
fix: Use the helper's older equivalent where one exists, or run on a kernel that has it.
example: helper ENOTSUPP: helper bpf_loop: not supported
