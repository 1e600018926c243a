# bpf_spin_lock, RCU read sections, preemption and IRQ sections.

id: lock-call-while-locked
category: locking
match: ^(?:function calls are not allowed while holding a lock|global function calls are not allowed (?:while holding a lock|with preemption disabled),?|use static function instead)$
title: a function call inside a bpf_spin_lock section
explain: Between bpf_spin_lock() and bpf_spin_unlock() the program may not call helpers, kfuncs or global functions (only the lock functions themselves and, on newer kernels, static subprograms): the lock must be held for a short, bounded time.{helper| Here {helper}() is called with the lock held{insn|, at insn {insn}}{src_line| (line {src_line}{src_text|: `{src_text}`})}.}
fix: Move the call (map lookups, printk, time helpers) before bpf_spin_lock() or after bpf_spin_unlock(); keep only plain loads and stores to the locked value inside.
fix: If the callee is a global function, make it `static` (or `static __always_inline`).
example: function calls are not allowed while holding a lock
example: global function calls are not allowed while holding a lock,
follows: lock-call-while-locked

id: lock-unlock-mismatch
category: locking
match: ^(?:bpf_spin_unlock without taking a lock|bpf_spin_unlock of different lock|Locking two bpf_spin_locks are not allowed|bpf_spin_unlock is missing|BPF_EXIT instruction cannot be used inside bpf_spin_lock-ed region|bpf_spin_lock at off=-?\d+ must be held for \S+|held lock and object are not in the same allocation|can't spin_\{lock,unlock\} in rbtree cb)$
title: bpf_spin_lock and bpf_spin_unlock are not paired on every path
explain: The verifier tracks one held lock at a time and requires each bpf_spin_lock() to be followed by bpf_spin_unlock() of the same lock on every path, before the program exits, with no second lock taken meanwhile.
fix: Unlock before every `return` in the locked section; structure the code as lock, update, unlock with no early exits in between.
fix: Take only one lock at a time; for graph collections (bpf_list_head, bpf_rb_root) hold the lock that protects them (declared with `__contains` next to it in the same map value).
example: bpf_spin_unlock is missing
example: bpf_spin_unlock without taking a lock

id: lock-region-forbidden
category: locking
match: ^(?:tail_call|BPF_LD_\[ABS\|IND\]|bpf_throw|BPF_EXIT instruction) cannot be used inside (?<region>bpf_spin_lock|bpf_rcu_read_lock|bpf_preempt_disable|bpf_local_irq_save)-ed region$
kernels: `BPF_EXIT instruction cannot be used inside bpf_rcu_read_lock-ed region` on 6.2-6.7; 6.8+ say `bpf_rcu_read_unlock is missing` (see lock-rcu-preempt) and name tail_call, LD_ABS and bpf_throw in this form.
title: this instruction is not allowed inside a {region} section
explain: Inside a {region} section the program may not leave (exit, tail call, throw) or use legacy packet loads, because the section would never be closed.
fix: Close the section ({region|lock}'s matching unlock/enable) before the tail call or return, on every path.
example: tail_call cannot be used inside bpf_spin_lock-ed region
example: BPF_EXIT instruction cannot be used inside bpf_rcu_read_lock-ed region

id: lock-rcu-preempt
category: locking
match: ^(?:bpf_rcu_read_unlock is missing|-?\d+ bpf_preempt_enable\S*(?: is| are)? missing|nested rcu read lock \(kernel function \w+\)|unmatched rcu read unlock \(kernel function \w+\)|unmatched attempt to enable preemption \(kernel function \w+\)|Calling bpf_rcu_read_\{lock,unlock\} in unnecessary rbtree callback|rbtree_remove not allowed in rbtree cb|expected an RCU CS when using \w+)$
title: an RCU read section or a preemption-disabled section is not balanced
explain: bpf_rcu_read_lock()/bpf_rcu_read_unlock() and bpf_preempt_disable()/bpf_preempt_enable() must be paired on every path, not nested beyond what the kernel allows, and closed before the program exits.
fix: Call the unlock/enable before every return in the section; keep the section in one function.
example: bpf_rcu_read_unlock is missing
example: 1 bpf_preempt_enable is missing

id: lock-field-placement
category: locking
match: ^(?:(?<reg>R(?<regno>\d+)) doesn't have constant offset\. (?<what>\S+) has to be at the constant offset|(?:map|local|\w+) '(?<map>[^']*)' has no valid (?<xwhat>\w+)|map '(?<map2>[^']*)' has no valid bpf_timer|off -?\d+ doesn't point to 'struct (?<ywhat>\w+)'(?: that is at -?\d+)?|map '[^']*' (?:has more than one 'struct \w+'|doesn't have 'struct \w+'|is not a struct type or \w+ is mangled|has more than \d+ kptrs?|has repeating kptr BTF tags)|R\d+ has no valid kptr|off=-?\d+ doesn't point to kptr|off=-?\d+ kptr isn't referenced kptr|(?<zwhat>\S+) not found at offset=\d+|operation on \S+ expects arg#1 \S+ at offset=-?\d+ in struct \S+, but arg is at offset=-?\d+ in struct \S+|arg#1 offset=-?\d+, but expected \S+ at offset=-?\d+ in struct \S+)$
title: the pointer passed does not point at the {what|{xwhat|{ywhat|special field}}} of the map value
explain: bpf_spin_lock, bpf_timer, bpf_wq, kptrs and graph nodes are special fields found through BTF at fixed offsets in the map value or allocated object; the helper must get a pointer to exactly that field, at a constant offset, in a value whose BTF declares it.
fix: Pass `&val->lock` (or `&val->timer`, ...) where `val` is the pointer from bpf_map_lookup_elem() after the NULL check, with the field declared in the value struct (`struct bpf_spin_lock lock;`).
fix: Do not compute the address with a variable index; use one field per value.
example: R1 doesn't have constant offset. bpf_spin_lock has to be at the constant offset
example: map 'counters' has no valid bpf_spin_lock
