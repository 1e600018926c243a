# Loads refused for lack of privilege or by kernel policy.

id: permission-caps
category: permission
match: ^(?:loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN|CAP_BPF and CAP_PERFMON are required to use arena|R\d+ (?:variable stack access prohibited for !root, var_off=(?:\([^)]*\)|\S+) off=-?\d+|stack pointer arithmetic goes out of range, prohibited for !root; off=-?\d+)|R\d+(?: indirect|\S*) variable offset stack access prohibited for !root, var_off=(?:\([^)]*\)|\S+)|uninit stack in range of var-offset write prohibited for !root; insn \d+, off: -?\d+|(?:'struct \S+'|\S+) access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN|only read from \S+ is supported)$
title: the loader lacks the privilege (CAP_BPF/CAP_PERFMON) this program needs
explain: Unprivileged or partly privileged loaders get a stricter verifier: no bpf-to-bpf calls, no variable stack offsets, no pointer arithmetic that could go out of bounds, no arenas. The program uses one of these.
fix: Load with CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN): run as root, or grant the capabilities to the loader binary (`setcap cap_bpf,cap_perfmon+ep ./loader`), or in a container add them.
fix: Check `sysctl kernel.unprivileged_bpf_disabled`: unprivileged BPF is off by default on most distributions.
example: loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN
example: 'struct task_struct' access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN
example: R2 indirect variable offset stack access prohibited for !root, var_off=(0x0; 0x7)
example: only read from bpf_array is supported

id: permission-libbpf
category: permission
match: ^(?:libbpf: )?(?:(?:prog '(?<prog>[^']*)': )?BPF program load failed: Operation not permitted|Error in bpf_object__probe_\w+\(\):Operation not perm.*)$
title: the kernel refused to load {prog|the program}: operation not permitted
explain: The bpf() syscall returned EPERM before or while loading{prog| '{prog}'}. The loader lacks CAP_BPF/CAP_SYS_ADMIN (or CAP_PERFMON for tracing programs), unprivileged BPF is disabled, kernel lockdown refuses what the program does (probe_read of kernel memory), or on kernels before 5.11 the memlock limit is too low. libbpf's hint about `ulimit -l` is a guess: it prints it for every EPERM when running as root.
fix: Run the loader as root or with CAP_BPF, CAP_PERFMON (tracing) and CAP_NET_ADMIN (networking); in a container or systemd unit, grant them (`AmbientCapabilities=CAP_BPF CAP_PERFMON`).
fix: Check lockdown (`cat /sys/kernel/security/lockdown`; `[confidentiality]` refuses reading kernel memory) and `sysctl kernel.unprivileged_bpf_disabled`.
fix: On kernels before 5.11, raise the memlock limit: `ulimit -l unlimited` or `LimitMEMLOCK=infinity`.
kernels: printed by libbpf; the `ulimit -l` hint appears on every EPERM as root.
example: libbpf: prog 'sleeps': BPF program load failed: Operation not permitted
example: libbpf: Error in bpf_object__probe_name():Operation not permitted(1). Couldn't load basic 'r0 = 0' BPF program.
example: libbpf: Error in bpf_object__probe_loading():Operation not permitted(1). Couldn't load trivial BPF program. Make sure your kernel supports BPF (CONFIG_BPF_SYSCALL=y) and/or that RLIMIT_MEMLOCK is set to big enough value.
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

id: permission-eperm
category: permission
match: ^(?:.*: )?(?:'?Operation not permitted'?(?:\(-?\d+\))?|.*\bEPERM\b.*|.*Lockdown: .* (?:use of bpf to read kernel RAM|BPF) is restricted.*)$
follows: permission-libbpf
title: the kernel refused the load: operation not permitted
explain: The bpf() syscall returned EPERM: the loader lacks CAP_BPF/CAP_SYS_ADMIN, unprivileged BPF is disabled (`kernel.unprivileged_bpf_disabled`), a LSM (SELinux, AppArmor, lockdown) denied it, or RLIMIT_MEMLOCK is too low on kernels before 5.11 (reported as EPERM by bpf()).
fix: Run the loader as root or with CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN (for networking programs).
fix: On kernels before 5.11 raise the memlock limit (`ulimit -l unlimited`, or libbpf_set_strict_mode(LIBBPF_STRICT_AUTO_RLIMIT_MEMLOCK)).
fix: Check lockdown: `cat /sys/kernel/security/lockdown` and `dmesg | grep -i lockdown`.
example: ERROR: failed to load prog: 'Operation not permitted'
example: Lockdown: loader: use of bpf to read kernel RAM is restricted; see man kernel_lockdown.7

id: permission-no-log
category: permission
action: said
match: ^(?:.*\b(?:load|loading|BPF_PROG_LOAD|bpf)\b.*: (?:[Oo]peration not permitted|[Pp]ermission denied|EPERM|EACCES)|(?:Error: )?[Ff]ailed to (?:load|open|attach)(?: and verify)?(?: BPF (?:object|skeleton|programs?))?: -1|[Oo]peration not permitted|[Pp]ermission denied)$
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
example: bpf: Failed to load program: Permission denied
example: failed to load BPF skeleton: -1
example: Permission denied
