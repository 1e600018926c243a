# Sleeping helpers and kfuncs in non-sleepable programs, and the reverse.

id: sleepable-helper
category: sleepable
match: ^(?:helper call might sleep in a non-sleepable prog|program must be sleepable to call sleepable kfunc (?<kfunc>\w+)|kernel function (?<xkfunc>\w+) is sleepable but the program is not|sleepable helper (?<helper>\w+)#\d+ in (?:rcu_read_lock|non-preemptible) region|kernel func (?<ykfunc>\w+) is sleepable within (?:rcu_read_lock|non-preemptible) region)$
title: {kfunc|{xkfunc|{ykfunc|{helper|a helper or kfunc}}}} may sleep and is called where sleeping is not allowed
explain: Helpers such as bpf_copy_from_user, bpf_d_path in some contexts, bpf_get_task_stack for other tasks, and sleepable kfuncs may block; they are only offered to sleepable programs (loaded with BPF_F_SLEEPABLE: `SEC("fentry.s/...")`, `lsm.s/`, `uprobe.s/`, `iter.s/`, `syscall`) and never inside an RCU read section or with preemption disabled.
explain[prog_is_kprobe]: kprobe programs can never be sleepable: they run with preemption disabled inside the probed function.
explain[prog_is_xdp]: XDP programs run in the driver's softirq and can never sleep.
explain[prog_is_sched_cls]: tc programs run in softirq context and can never sleep.
explain[prog_is_tracepoint]: tracepoint programs can never be sleepable.
fix[prog_is_kprobe]: Attach with `SEC("fentry.s/FUNC")` (a kernel function on the sleepable list) or `SEC("uprobe.s/...")` for user space to call {kfunc|{xkfunc|{ykfunc|{helper|it}}}}; in the kprobe itself use bpf_probe_read_user()/bpf_probe_read_user_str(), which do not sleep (and fail on memory that is paged out).
fix: Make the program sleepable by using the `.s` section variant (`SEC("lsm.s/file_open")`, `SEC("fentry.s/...")`), where the attach point allows it.
fix: Otherwise use the non-sleeping variant (bpf_probe_read_user instead of bpf_copy_from_user), or move the call outside the bpf_rcu_read_lock() section.
example: helper call might sleep in a non-sleepable prog
example: program must be sleepable to call sleepable kfunc bpf_copy_from_user_str

id: sleepable-prog-type
category: sleepable
match: ^(?:Syscall programs can only be sleepable|Only fentry/fexit/fmod_ret, lsm, .*programs can be sleepable|BPF_LSM_CGROUP programs cannot be sleepable|Program of type \S+ cannot be sleepable|\S+ is not sleepable|bpf_timer cannot be used for PREEMPT_RT\.)$
title: this program cannot be loaded as sleepable (or must be)
explain: Only some program types may be sleepable (fentry/fexit/fmod_ret, LSM, iterators, uprobes, struct_ops; syscall programs always are), and a sleepable tracing program may only attach to functions on the kernel's sleepable list.
fix: Drop the `.s` suffix from the section name (`SEC("fentry/...")` instead of `SEC("fentry.s/...")`) or attach to a function that allows sleeping (an LSM hook or a syscall entry).
example: Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable
