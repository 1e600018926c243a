# Maps of the wrong type, flags or kind used with a helper or instruction.

id: map-type-for-helper
category: map-usage
match: ^cannot pass map_type (?<map_type>\d+) into func (?<helper>\w+)#(?<helper_id>\d+)$
title: {helper} does not accept a map of type {map_type}{map_type_name| ({map_type_name})}
explain: Helpers accept only the map types they were written for: bpf_tail_call needs a BPF_MAP_TYPE_PROG_ARRAY, bpf_perf_event_output a PERF_EVENT_ARRAY, bpf_ringbuf_* a RINGBUF, bpf_sk_redirect_map a SOCKMAP, bpf_redirect_map a DEVMAP/CPUMAP/XSKMAP, and map types such as PROG_ARRAY, sockmaps or ringbufs cannot be used with bpf_map_lookup_elem from every program type. Map type {map_type}{map_type_name| ({map_type_name})}{src_text|, the map passed in `{src_text}`,} is not one {helper} accepts here.{?helper_is_bpf_ringbuf_output: bpf_ringbuf_output() writes into a BPF_MAP_TYPE_RINGBUF.}{?helper_is_bpf_perf_event_output: bpf_perf_event_output() writes into a BPF_MAP_TYPE_PERF_EVENT_ARRAY.}{?helper_is_bpf_tail_call: bpf_tail_call() jumps through a BPF_MAP_TYPE_PROG_ARRAY.}
fix: Declare the map with the type {helper} expects (`__uint(type, BPF_MAP_TYPE_...)` in the map definition; see the map type numbers in <linux/bpf.h> enum bpf_map_type).
fix: If the map must stay as it is, use the helper meant for its type (e.g. bpf_ringbuf_output for a ringbuf, bpf_perf_event_output for a perf event array).
example: cannot pass map_type 27 into func bpf_map_lookup_elem#1
example: cannot pass map_type 1 into func bpf_perf_event_output#25

id: tail-call-not-prog-array
category: map-usage
category[!helper_is_bpf_tail_call]: verifier-bug
match: ^kernel subsystem misconfigured verifier$
title: {?helper_is_bpf_tail_call:bpf_tail_call was given a map that is not a BPF_MAP_TYPE_PROG_ARRAY}{!helper_is_bpf_tail_call:the verifier found a helper call without the map it needs}
explain[helper_is_bpf_tail_call]: bpf_tail_call jumps to a program stored in a BPF_MAP_TYPE_PROG_ARRAY. Kernels up to at least 6.12 word a tail call through any other map type this way (the check in record_func_key); 6.18 says `expected prog array map for tail call` instead.
explain[!helper_is_bpf_tail_call]: The kernel prints this when a map helper's call reaches the point where it records the map and finds none, or a helper returns a map value without a map: the map argument was not a map reference the verifier tracked.
fix[helper_is_bpf_tail_call]: Declare the jump table as `__uint(type, BPF_MAP_TYPE_PROG_ARRAY)` with `__uint(key_size, sizeof(__u32))` and `__uint(value_size, sizeof(__u32))`, and fill it with program fds (or `__array(values, ...)` in the .maps section).
fix[!helper_is_bpf_tail_call]: Pass the map itself (`&my_map`) as the helper's map argument, not a pointer computed or loaded from memory.
kernels: 6.1 and 6.12 print `kernel subsystem misconfigured verifier` for a tail call through a non-prog-array map; 6.18 prints `expected prog array map for tail call` (map-prog-compat).
ref: https://elixir.bootlin.com/linux/v6.12/source/kernel/bpf/verifier.c#L10689
example: kernel subsystem misconfigured verifier

id: map-readonly-access
category: map-usage
match: ^(?:(?:write into|read from) map forbidden(?:, value_size=\d+ off=-?\d+ size=\d+)?|write to change key R\d+ not allowed|cannot write into map)$
title: the map is read-only (or write-only) for the program
explain: Maps created with BPF_F_RDONLY_PROG (like libbpf's .rodata for `const volatile` globals) cannot be written by the program, and BPF_F_WRONLY_PROG maps cannot be read; keys passed to helpers may not be written either.
fix: Write to a writable global (`.data`/`.bss`: drop `const`) or a normal map; keep `const volatile` for configuration set before load.
example: write into map forbidden, value_size=8 off=0 size=4

id: map-prog-compat
category: map-usage
match: ^(?:(?<tailcall>expected prog array map for tail call)|(?:tracing|sleepable) progs cannot use (?:bpf_\{list_head,rb_root\}|bpf_spin_lock|bpf_timer|bpf_wq) yet|socket filter progs cannot use bpf_spin_lock yet|Sleepable programs can only use array, hash,(?: ringbuf)? and (?:ringbuf|local storage) maps|bpf_struct_ops map cannot be used in prog|offload device mismatch between prog and map|only one cgroup storage (?:of each type )?is allowed|perf_event programs can only use preallocated (?:inner )?hash map|Only one arena per program|arena's user address must be set via map_extra or mmap\(\)|addr_space_cast insn can only (?:convert between address space 1 and 0|be used in a program that has an associated arena)|The total number of maps per program has reached the limit of \d+|cannot update sockmap in this context|get_local_storage\(\) doesn't support non-zero flags|invalid arg_type for sockmap/sockhash)$
title: {?tailcall:bpf_tail_call was given a map that is not a BPF_MAP_TYPE_PROG_ARRAY}{!tailcall:this map cannot be used by {prog_type|this program}}
explain[tailcall]: bpf_tail_call(ctx, map, index) jumps to a program stored in a BPF_MAP_TYPE_PROG_ARRAY; the map passed{insn| at insn {insn}}{src_text| (`{src_text}`)} is of another type (an array or hash holding numbers cannot hold programs).
explain[!tailcall]: Some map types and map features are restricted by program type: tracing programs cannot use maps with bpf_spin_lock or timers, sleepable programs only array/hash/ringbuf/local storage maps, a program may use at most 64 maps and one cgroup storage of each type.
fix[tailcall]: Declare the jump table as a program array: `struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, N); __type(key, __u32); __array(values, int (void *)); } jump_table SEC(".maps");`, and fill it with program fds (or let libbpf do it from `.values = { [0] = (void *)&prog }`).
fix[!tailcall]: Use another map type, or move the map access to a program type that supports it (e.g. a non-sleepable fentry instead of a sleepable one).
fix[!tailcall]: Split a program that uses too many maps, or combine maps into one with a larger value.
example: perf_event programs can only use preallocated hash map
example: tracing progs cannot use bpf_spin_lock yet
example: expected prog array map for tail call
example: Sleepable programs can only use array, hash, ringbuf and local storage maps

# iproute2's own check (lib/bpf_legacy.c) of a pinned program array before
# it loads a program that tail-calls through it; the kernel refuses the same
# pairing without a message (EINVAL)
id: map-prog-array-owner
category: map-usage
match: ^Tail call map owned by prog type (?<ptype_owner>\d+), but prog type is (?<ptype_prog>\d+)!$
title: the program array belongs to {ptype_owner_name|program type {ptype_owner}} programs; this one is {ptype_prog_name|type {ptype_prog}}
explain: A BPF_MAP_TYPE_PROG_ARRAY is owned by the program type that first used it: the first program loaded with a reference to it, or put into it, fixes its type (here {ptype_owner}{ptype_owner_name|: {ptype_owner_name}}), and the kernel refuses every program of another type that would tail-call through it (here {ptype_prog}{ptype_prog_name|: {ptype_prog_name}}), since a tail call does not change the context the programs receive. The map is usually a pinned one (iproute2's `/sys/fs/bpf/tc/globals/...`, a loader's pin path) left by an earlier program of the other type.
fix: Give the programs of each type their own program array: different map names (or pin paths) for the {ptype_owner_name|type {ptype_owner}} and the {ptype_prog_name|type {ptype_prog}} programs.
fix: If the pinned map is left over from an earlier load, remove it (`rm /sys/fs/bpf/tc/globals/<map>`, `bpftool map show pinned PATH` to check its owner first) before loading the new programs.
kernels: iproute2's words (tc/ip ELF loader); the kernel refuses the same pairing with EINVAL and no verifier message (bpf_prog_map_compatible()).
ref: https://github.com/cilium/cilium/pull/13927
example: Tail call map owned by prog type 3, but prog type is 6!

id: map-ptr-mismatch
category: map-usage
match: ^(?:(?:timer|workqueue) pointer in R1 map_uid=\d+ doesn't match map pointer in R2 map_uid=\d+|pointer in R\d+ isn't map pointer|tail_call abusing map_ptr|invalid map_ptr to access map->(?:type|key|value)|map_ptr access not supported for map type \d+|R\d+ is (?!ptr_)\S+ invalid negative access: off=-?\d+|direct value offset of \d+ is not allowed|no direct value access support for this map type)$
title: the map pointer passed does not match the map the value belongs to
explain: Helpers that take a map and a pointer into it (bpf_timer_init, bpf_wq_init) need the same map for both; map pointers must come straight from the map reference (`&my_map`), not from arithmetic or a variable.
fix: Pass `&my_map` (the map itself) and a value looked up from that same map.
example: timer pointer in R1 map_uid=3 doesn't match map pointer in R2 map_uid=5

id: map-kptr
category: map-usage
match: ^(?:kptr in map can only be accessed using (?:BPF_MEM instruction mode|BPF_LDX/BPF_STX/BPF_ST)|store to referenced kptr disallowed|BPF_ST imm must be 0 when storing to kptr at off=\d+|kptr cannot be accessed indirectly by helper|kptr access cannot have variable offset|kptr access misaligned expected=\d+ off=\d+|kptr access size must be BPF_DW|\S+ cannot be accessed directly by load/store|invalid kptr access, R\d+ type=\S+ expected=.+)$
title: a kptr field in a map value is accessed in a way the verifier forbids
explain: kptr fields (`__kptr`, `__kptr_untrusted`) in map values can only be read with a plain 8-byte load at their exact offset and exchanged with bpf_kptr_xchg(); referenced kptrs cannot be stored to directly, and special fields (bpf_spin_lock, bpf_timer, list heads) may not be read or written with loads and stores at all.
fix: Use `old = bpf_kptr_xchg(&val->ptr, new);` to store a referenced kptr and release what it returns; read with `p = val->ptr;` only.
fix: Touch bpf_spin_lock/bpf_timer fields only through their helpers.
example: store to referenced kptr disallowed
example: bpf_spin_lock cannot be accessed directly by load/store

id: map-nfp
category: map-usage
match: ^\[nfp\] (?:(?<nfp_writes>map writes not supported)|map value use type conflict (?<use1>\S+) vs (?<use2>\S+) off: (?<off>\d+)|(?<nfp_counter>atomic counter in map value may already be initialized to non-zero value) off: (?<coff>\d+)|value at offset (?<voff>\d+)/(?<vsize>\d+) may be non-zero, bpf_map_update_elem\(\) is required to initialize atomic counters to zero to avoid offload endian issues)$
title: the Netronome NFP offload cannot use the map this way
explain: The program is offloaded to a Netronome NFP NIC, which keeps the maps in the NIC's memory and supports only part of what the kernel does with them{nfp_writes|: the program stores into a map value directly, which the NIC cannot}{?use1:: bytes at offset {off} of the value are used both as {use1} and as {use2}}{nfp_counter|: a word at offset {coff} is used as an atomic counter after it was written another way, so it may not start at zero}{?voff:: the word at {voff} of the value (size {vsize}) serves as an atomic counter, and only bpf_map_update_elem() from the program can set it to zero (the NIC stores counters with another byte order)}.
fix: Update map values with bpf_map_update_elem() rather than stores through the lookup pointer, and use each word of a value for one purpose (plain data or atomic counter).
fix: Load the program without offload if it needs these map operations.
example: [nfp] map writes not supported
example: [nfp] map value use type conflict read vs atomic off: 8
example: [nfp] atomic counter in map value may already be initialized to non-zero value off: 4
example: [nfp] value at offset 4/8 may be non-zero, bpf_map_update_elem() is required to initialize atomic counters to zero to avoid offload endian issues

id: map-pinned-mismatch
category: map-usage
match: ^(?:libbpf: )?(?:map '(?<xmap>[^']*)': )?[Cc]ouldn't reuse pinned map at '(?<pin_path>[^']*)': parameter mismatch$
title: the map pinned at {pin_path|its pin path} has other parameters than the program's definition
explain: The object asks libbpf to reuse a pinned map (`LIBBPF_PIN_BY_NAME`, or a loader's pinning); the map found there differs from the program's definition in type, key size, value size, max_entries or flags, so libbpf refuses to reuse it and the object does not load. This happens after an upgrade that changed a map's definition while the old pinned map (and the programs using it) stayed.
fix: Remove the stale pin (`rm {pin_path|/sys/fs/bpf/...}`) or migrate its contents, then load again; compare the two with `bpftool map show pinned {pin_path|PATH}` and the object's map definition.
fix: When the definition changes on purpose, pin the new map under a new name (a version suffix) so old and new do not collide.
kernels: printed by libbpf; the kernel is not involved.
example: libbpf: couldn't reuse pinned map at '/sys/fs/bpf/tc/globals/cali_v4_ct3': parameter mismatch
follows: map-pinned-mismatch

# libbpf's restatement after the line that says why the pinned map could not
# be reused (a mismatch, or bpf_obj_get() refused: permission.pat)
id: map-pinned-reuse-failed
category: map-usage
match: ^(?:libbpf: )?map '(?<map>[^']*)': error reusing pinned map$
title: libbpf could not reuse the pinned map '{map}'
explain: The object asks libbpf to reuse the map '{map}' pinned in bpffs, and libbpf could not: the line before this one in libbpf's output says why (the pinned map has other parameters, or opening the pin was refused).
fix: Look at libbpf's line before this one; for a parameter mismatch remove or migrate the stale pin (`bpftool map show pinned PATH` shows it), for a refusal check the bpffs mount and the loader's privileges.
kernels: printed by libbpf.
example: libbpf: map 'cali_v4_ct3': error reusing pinned map
follows: map-pinned-mismatch
follows: permission-pinned-map
