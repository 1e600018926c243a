# Loads refused for lack of privilege or by kernel policy.

id: permission-caps
category: permission
match: ^(?:loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN|function calls to other bpf functions are allowed for (?:root only|CAP_SYS_ADMIN)|CAP_BPF and CAP_PERFMON are required to use arena|R\d+ (?:variable stack access prohibited for !root, var_off=(?:\([^)]*\)|\S+) off=-?\d+|stack pointer arithmetic goes out of range, prohibited for !root; off=-?\d+)|R\d+(?: indirect|\S*) variable offset stack access prohibited for !root, var_off=(?:\([^)]*\)|\S+)|uninit stack in range of var-offset write prohibited for !root; insn \d+, off: -?\d+|(?:'struct \S+'|\S+) access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN|only read from \S+ is supported)$
title: the loader lacks the privilege (CAP_BPF/CAP_PERFMON) this program needs
explain: Unprivileged or partly privileged loaders get a stricter verifier: no bpf-to-bpf calls, no variable stack offsets, no pointer arithmetic that could go out of bounds, no arenas. The program uses one of these.
fix: Load with CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN): run as root, or grant the capabilities to the loader binary (`setcap cap_bpf,cap_perfmon+ep ./loader`), or in a container add them.
fix: Check `sysctl kernel.unprivileged_bpf_disabled`: unprivileged BPF is off by default on most distributions.
example: loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN
example: function calls to other bpf functions are allowed for root only
example: 'struct task_struct' access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN
example: R2 indirect variable offset stack access prohibited for !root, var_off=(0x0; 0x7)
example: only read from bpf_array is supported

id: permission-libbpf
category: permission
match: ^(?:libbpf: )?(?:(?:prog '(?<prog>[^']*)': )?BPF program load failed: Operation not permitted|Error in bpf_object__probe_(?<probe>\w+)\(\):(?:Operation not perm.*|(?<eacces>Permission denied)\((?<errno>-?\d+)\)\.(?<probe_what>.*)))$
title: the kernel refused to load {prog|the program}: {eacces|operation not permitted}
explain[!eacces]: The bpf() syscall returned EPERM before or while loading{prog| '{prog}'}. The loader lacks CAP_BPF/CAP_SYS_ADMIN (or CAP_PERFMON for tracing programs), unprivileged BPF is disabled, kernel lockdown refuses what the program does (probe_read of kernel memory), or on kernels before 5.11 the memlock limit is too low. libbpf's hint about `ulimit -l` is a guess: it prints it for every EPERM when running as root.
explain[eacces]: The bpf() syscall returned EACCES (errno {errno}) for libbpf's own feature probe `{probe}`:{probe_what} That probe is a program or map any privileged loader may create (`r0 = 0; exit`, a one-element array), so the verifier has nothing to object to: the refusal comes from a policy in front of bpf(). A Linux security module (SELinux or AppArmor denying the `bpf` permission, a BPF LSM), a seccomp filter of the container runtime, or a user namespace without CAP_BPF in the initial namespace refuses the process every bpf() call; every map and program after it fails the same way.
fix[eacces]: Look for the denial: `ausearch -m avc -ts recent` or `dmesg | grep -i -e denied -e apparmor` (SELinux/AppArmor name the `bpf` permission and the process's context); allow it in the policy or run the loader with a context that has it.
fix[eacces]: In a container, run it privileged or with CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN and a seccomp profile that allows bpf() (`--security-opt seccomp=unconfined` to test); a rootless or user-namespaced container cannot load BPF.
fix[!eacces]: Run the loader as root or with CAP_BPF, CAP_PERFMON (tracing) and CAP_NET_ADMIN (networking); in a container or systemd unit, grant them (`AmbientCapabilities=CAP_BPF CAP_PERFMON`).
fix[!eacces]: Check lockdown (`cat /sys/kernel/security/lockdown`; `[confidentiality]` refuses reading kernel memory) and `sysctl kernel.unprivileged_bpf_disabled`.
fix[!eacces]: On kernels before 5.11, raise the memlock limit: `ulimit -l unlimited` or `LimitMEMLOCK=infinity`.
kernels: printed by libbpf; the `ulimit -l` hint appears on every EPERM as root.
example: libbpf: prog 'sleeps': BPF program load failed: Operation not permitted
example: libbpf: Error in bpf_object__probe_name():Operation not permitted(1). Couldn't load basic 'r0 = 0' BPF program.
example: libbpf: Error in bpf_object__probe_loading():Operation not permitted(1). Couldn't load trivial BPF program. Make sure your kernel supports BPF (CONFIG_BPF_SYSCALL=y) and/or that RLIMIT_MEMLOCK is set to big enough value.
example: libbpf: Error in bpf_object__probe_global_data():Permission denied(13). Couldn't create simple array map.
follows: permission-libbpf

id: permission-pinned-map
category: permission
match: ^(?:libbpf: )?[Cc]ouldn't retrieve pinned map '(?<pin_path>[^']*)': (?:Operation not permitted|-EPERM|(?<eacces>Permission denied|-EACCES))(?:\(-?\d+\))?$
title: opening the pinned map {pin_path} was refused: {eacces|operation not permitted}
explain: The object reuses a map pinned in bpffs (`LIBBPF_PIN_BY_NAME` or the loader's own pinning), and bpf(BPF_OBJ_GET) on {pin_path} failed with {eacces|EPERM}, so libbpf neither reuses the map nor can create it, and the object does not load. No program was loaded yet: this is not the verifier.
explain: {!eacces:EPERM on BPF_OBJ_GET means the process may not use bpf() for this (it lacks CAP_BPF/CAP_SYS_ADMIN, unprivileged BPF is disabled, or a security module refused it), often after an upgrade that runs the loader in another container, user or security context than the one that pinned the map.}{?eacces:EACCES means the pin's file mode or owner in bpffs, or a security module, denies this process read and write access to the pinned object.}
fix: Check the pin and who may open it: `ls -l {pin_path}` (owner and mode), `bpftool map show pinned {pin_path}` as root; a pin made by an older version of the loader may need removing (`rm {pin_path}`) so the new one creates and pins it again.
fix: Check the loader's privileges where it runs: `grep Cap /proc/<pid>/status` (CAP_BPF or CAP_SYS_ADMIN), `sysctl kernel.unprivileged_bpf_disabled`, and the audit log for a security module's denial (`ausearch -m avc -ts recent`, `dmesg | grep -i denied`).
kernels: printed by libbpf (0.x and 1.x; libbpf 1.6+ prints the errno as `-EPERM`).
example: libbpf: couldn't retrieve pinned map '/sys/fs/bpf/tc/globals/cali_jump': Operation not permitted
example: libbpf: couldn't retrieve pinned map '/sys/fs/bpf/xdp/flows': -EACCES
follows: permission-pinned-map
follows: permission-libbpf

id: permission-map-create
category: permission
match: ^(?:libbpf: )?(?:(?:map '(?<map>[^']*)': failed to create|failed to create map \(name: '(?<xmap>[^']*)'\)): (?:Operation not permitted|-EPERM|(?<eacces>Permission denied|-EACCES))(?:\(-?\d+\))?|map create: (?:(?<memlock>RLIMIT_MEMLOCK) may be too low: )?(?:operation not permitted|(?<xeacces>permission denied))(?: \((?<ymemlock>MEMLOCK) may be too low, consider rlimit\.RemoveMemlock\))?)$
title: creating the map{map| '{map}'}{xmap| '{xmap}'} was refused: {eacces|{xeacces|operation not permitted}}
explain: Maps are created before any program is loaded, and bpf(BPF_MAP_CREATE) for{map| '{map}'}{xmap| '{xmap}'}{!map:{!xmap: a map of the object}} failed with {eacces|{xeacces|EPERM}}: no program reached the verifier, so there is no verifier log.
explain[!eacces]: {!xeacces:EPERM from map creation has two usual causes. On kernels before 5.11 the memory of every map is charged to the process's locked-memory limit (RLIMIT_MEMLOCK, often 64 KiB or 8 MiB), and a map that does not fit is refused with EPERM even for root{?memlock: (the loader itself suspects this: "RLIMIT_MEMLOCK may be too low")}{?ymemlock: (the loader itself suspects this: "MEMLOCK may be too low")}; since 5.11 maps are charged to the memory cgroup and the limit no longer matters. On any kernel, a process without CAP_BPF (or CAP_SYS_ADMIN) cannot create most map types, and a security module or seccomp filter can refuse the call.}}
explain[eacces]: EACCES from map creation is not a size or limit problem: a security module (SELinux, AppArmor, a BPF LSM) or the container's policy denies the process bpf() map creation.
explain[xeacces]: EACCES from map creation is not a size or limit problem: a security module (SELinux, AppArmor, a BPF LSM) or the container's policy denies the process bpf() map creation.
fix: Check the kernel first: `uname -r`. Before 5.11, raise the locked-memory limit before loading: `ulimit -l unlimited`, `LimitMEMLOCK=infinity` in the systemd unit, `--ulimit memlock=-1` for a container, or in the loader `rlimit.RemoveMemlock()` (cilium/ebpf) or `setrlimit(RLIMIT_MEMLOCK, RLIM_INFINITY)` (libbpf 1.0+ does it by itself).
fix: Check the loader's privileges: `grep Cap /proc/<pid>/status` (CAP_BPF or CAP_SYS_ADMIN; CAP_BPF exists since 5.8), `sysctl kernel.unprivileged_bpf_disabled`, and for EACCES the audit log (`ausearch -m avc -ts recent`, `dmesg | grep -i denied`).
kernels: RLIMIT_MEMLOCK charges BPF memory before 5.11 only; printed by libbpf (0.x: `failed to create map (name: 'x')`, 1.x: `map 'x': failed to create`) and cilium/ebpf (`map create: ...`, with its MEMLOCK hint on EPERM).
example: libbpf: map 'cali_jump': failed to create: Operation not permitted(-1)
example: libbpf: failed to create map (name: 'calico_prefilter_v4'): Permission denied(-13)
example: map create: RLIMIT_MEMLOCK may be too low: operation not permitted
example: map create: operation not permitted (MEMLOCK may be too low, consider rlimit.RemoveMemlock)
follows: permission-map-create
follows: permission-pinned-map
follows: permission-libbpf

id: permission-memlock-bump
category: permission
match: ^(?:libbpf: )?Failed to bump RLIMIT_MEMLOCK \(err = -?\d+\), you might need to do it explicitly!$
title: libbpf could not raise the locked-memory limit (RLIMIT_MEMLOCK)
explain: libbpf raises RLIMIT_MEMLOCK before loading on kernels that charge BPF memory to it (before 5.11); setrlimit() failed, so maps and programs may not fit the limit and the kernel refuses them with EPERM. This is a warning: when a refusal follows it, that refusal is the verdict.
fix: Raise the limit for the loader: `ulimit -l unlimited`, `LimitMEMLOCK=infinity` in its systemd unit, or run it with CAP_SYS_RESOURCE.
fix: On 5.11 and later the limit does not matter (memory cgroup accounting): look for the refusal after this line.
kernels: the limit applies before 5.11; printed by libbpf 0.x and 1.x.
example: libbpf: Failed to bump RLIMIT_MEMLOCK (err = -1), you might need to do it explicitly!

id: permission-libbpf-ulimit-hint
category: permission
match: ^(?:libbpf: )?permission error while running as root; try raising 'ulimit -l'\? current value: .*$
follows: permission-libbpf
title: libbpf's guess after an EPERM: the memlock limit
explain: libbpf prints this after any EPERM when it runs as root. The memlock limit matters only on kernels before 5.11 (later kernels account BPF memory to the cgroup); on newer kernels look for the real cause: missing CAP_BPF/CAP_PERFMON in a container, lockdown, or an LSM.
fix: On kernels before 5.11: `ulimit -l unlimited` (or `LimitMEMLOCK=infinity` in the systemd unit).
fix: Otherwise check `cat /sys/kernel/security/lockdown`, the capabilities of the loader (`grep Cap /proc/self/status`), and the audit log for LSM denials.
example: libbpf: permission error while running as root; try raising 'ulimit -l'? current value: 8.0 MiB

# the kernel's own line (dmesg) when lockdown refuses BPF; a loader's words
# for EPERM ("...: Operation not permitted") are statements.pat's
# (said-permission), which reads them whatever the loader
id: permission-lockdown
category: permission
match: Lockdown: \S.* (?:use of bpf to read kernel RAM|BPF) is restricted
follows: permission-libbpf
title: kernel lockdown refused the program's use of BPF
explain: The kernel's lockdown (integrity or confidentiality mode, often turned on by Secure Boot) refuses what the program does: reading kernel memory with bpf_probe_read and friends in confidentiality mode, or BPF altogether under some distributions' policies; bpf() returns EPERM for it.
fix: Check the mode: `cat /sys/kernel/security/lockdown` (`[integrity]` or `[confidentiality]`) and `dmesg | grep -i lockdown`, which names what was refused.
fix: Lockdown cannot be lifted at run time: boot without Secure Boot's lockdown (`lockdown=none` where the distribution allows it, or Secure Boot off), or do without the refused feature (no kernel memory reads in confidentiality mode).
ref: https://man7.org/linux/man-pages/man7/kernel_lockdown.7.html
example: Lockdown: loader: use of bpf to read kernel RAM is restricted; see man kernel_lockdown.7

id: permission-no-log
category: permission
action: said
match: ^(?:.*\b(?:load|loading|BPF_PROG_LOAD|bpf)\b.*: (?:RLIMIT_MEMLOCK may be too low: )?(?:[Oo]peration not permitted|[Pp]ermission denied|EPERM|EACCES)(?: \((?<memlock>(?:RLIMIT_)?MEMLOCK) may be too low[^)]*\))?|(?:Error: )?[Ff]ailed to (?:load|open|attach)(?: and verify)?(?: BPF (?:object|skeleton|programs?))?: -1|[Oo]peration not permitted|[Pp]ermission denied)$
title: the kernel refused the load before the verifier ran (no log): a privilege or policy check
explain: The loader reports the bpf() syscall's error (this line is the loader's, there is no verifier log). With no log, EPERM (and EACCES without a log) comes from a check before the verifier: the loader lacks the capabilities, unprivileged BPF is disabled, kernel lockdown refuses the program, or on kernels before 5.11 the locked-memory limit is too low (those kernels charge BPF memory to RLIMIT_MEMLOCK and report EPERM).
fix: Check whether unprivileged BPF is off: `sysctl kernel.unprivileged_bpf_disabled` (1 or 2: only CAP_BPF/CAP_SYS_ADMIN may load); run the loader as root or grant it the capabilities.
fix: Check the lockdown mode: `cat /sys/kernel/security/lockdown` (`[integrity]` or `[confidentiality]`, set by Secure Boot on many distributions, refuses reading kernel memory: bpf_probe_read, kprobes on some kernels); `dmesg | grep -i lockdown` names what was refused.
fix: Check the loader's capabilities: `grep Cap /proc/<pid>/status` (decode with `capsh --decode=`): loading needs CAP_BPF (or CAP_SYS_ADMIN), tracing programs CAP_PERFMON too, networking ones CAP_NET_ADMIN; in a container add them (`--cap-add BPF --cap-add PERFMON`) or run privileged, in a systemd unit use `AmbientCapabilities=`.
fix: On kernels before 5.11, raise the locked-memory limit: `ulimit -l unlimited`, `LimitMEMLOCK=infinity` in the unit, or setrlimit(RLIMIT_MEMLOCK) in the loader (libbpf 1.0 does it by itself).
kernels: since 5.11 BPF memory is charged to the memory cgroup and RLIMIT_MEMLOCK no longer matters; CAP_BPF and CAP_PERFMON exist since 5.8 (before: CAP_SYS_ADMIN).
ref: https://docs.kernel.org/bpf/bpf_design_QA.html
ref: https://man7.org/linux/man-pages/man7/kernel_lockdown.7.html
example: Error: loading objects: field Egress: program egress: load program: operation not permitted
example: load program: operation not permitted (MEMLOCK may be too low, consider rlimit.RemoveMemlock)
example: bpf: Failed to load program: Permission denied
example: failed to load BPF skeleton: -1
example: Permission denied
