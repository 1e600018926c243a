# Map values accessed outside value_size.

id: map-value-out-of-bounds
category: map-value-bounds
match: ^invalid access to map (?<what>value|key)(?: pointer)?, (?:value|key)_size=(?<value_size>\d+) off=(?<off>-?\d+)(?: size=(?<size>\d+))?$
title: {?size:{size}-byte access at offset {off} ends at byte {access_end} of a {value_size}-byte map {what}}{!size:access at offset {off} past the end of a {value_size}-byte map {what}}
explain: The program {?size:accesses {size} byte(s)}{!size:accesses memory} at offset {off} of a map {what}{reg_map| of map `{reg_map}`} whose size is {value_size} bytes{insn| (insn {insn}: `{insn_text}`{src_text|, `{src_text}`})}{access_over|, which reaches {access_over} byte(s) past its end}{access_max_off|: an access of this size must start at offset {access_max_off} or lower}.
explain[var_max_ok]: The offset is variable: {reg|the register} is the value pointer{?access_fixed_off: plus {access_fixed_off}} plus a variable part that the verifier proved only to be in [{reg_smin|0}, {reg_umax}]{reg_var_off| (var_off={reg_var_off})}, and the kernel checks its largest value. For this access to fit, the variable part must be at most {var_max_ok}{?var_stride:: as an index of {var_stride}-byte elements, at most {idx_max_ok}, but the range the verifier proved lets it reach {idx_max}}.
explain[idx_off_by_one]: That is one element too many: the bound check is off by one (`idx > N` or `idx <= N` where `idx >= N` / `idx < N` is needed, with N the number of elements).
explain[!reg_umax]: The offset is a constant: the field or array element at offset {off} does not exist in a {value_size}-byte value, so the program's idea of the value type is larger than the map's.
fix[var_max_ok]: Bound the index right before the access so that its largest value is {idx_max_ok|{var_max_ok}}{?var_stride: (offset {var_max_ok})}: {?var_stride:`if (idx >= {idx_limit}) return 0;` — or mask it: `idx &= {idx_mask};`{?idx_mask_narrower: (that keeps it at most {idx_mask}: {idx_limit} elements fit, and {idx_limit} is not a power of two, so a mask allows fewer)}}{!var_stride:`if (off > {var_max_ok}) return 0;` on the byte offset, or mask it: `off &= {var_mask};`}.
fix[!reg_umax]: The offset is a constant: the array index or field{src_text| in `{src_text}`} is past the end of the {value_size}-byte value; use an index below the array's length, or make the map's value type as large as the struct the program uses.
fix[!var_max_ok]: {?elem_fit:If the value is an array of {size}-byte elements, it holds {elem_fit} of them (indexes 0 to {elem_last}) and this access is element {elem_index}: with a variable index, bound it right before the access so the verifier sees the check: `if (idx >= {elem_fit}) return 0; val->arr[idx] = x;`.}{!elem_fit:If the offset comes from a variable index, bound it right before the access so the verifier sees the check: `if (idx >= n) return 0; val->arr[idx] = x;`, with n the number of elements that fit in {value_size} bytes.}
fix: If the index is bounded in the source but the compiler moved the check or tested a copy, do the check on the register that is used (copy into a local after the check, `barrier_var(idx)`), or mask it instead of comparing.
fix: Check that the struct used in the program has the same layout and size as the map's value type ({value_size} bytes{?reg_map:, map `{reg_map}`}){!reg_umax:: offset {off} + {size|the size} > {value_size}}.
example: invalid access to map value, value_size=48 off=48 size=8
example: invalid access to map value pointer, value_size=8 off=16

id: map-value-range
category: map-value-bounds
match: ^(?<reg>R(?<regno>\d+)) pointer arithmetic of map value goes out of range, prohibited for !root$
title: pointer arithmetic on a map value can go out of its bounds (unprivileged)
explain: Without CAP_BPF/CAP_PERFMON, the verifier refuses arithmetic that may take a map value pointer outside the value, even when no access follows, to block speculative-execution attacks.
fix: Bound the offset before adding it (`if (off >= sizeof(val->buf)) return 0;`), or load the program with CAP_BPF and CAP_PERFMON.
example: R2 pointer arithmetic of map value goes out of range, prohibited for !root

id: map-value-misaligned
category: map-value-bounds
match: ^misaligned (?<what>value|key) access off (?<off>.+) size (?<size>\d+)$
title: a misaligned {size}-byte access to a map {what}
explain: With strict alignment (BPF_F_STRICT_ALIGNMENT, or an architecture without efficient unaligned access) every access to a map {what} must be aligned to its size; the offset {off} (variable part + pointer offset + access offset) is not a multiple of {size}: a packed struct, or an index into a byte buffer read as a wider type.
fix: Lay the value out with each field at a multiple of its size (no `__attribute__((packed))`), or copy the bytes into an aligned local with __builtin_memcpy before reading them as a wider type.
example: misaligned value access off (0x0; 0x0)+0+2 size 8

id: map-value-nfp
category: map-value-bounds
match: ^\[nfp\] map value (?:(?<nfp_oob>access out-of-bounds)|offset is variable)$
title: the Netronome NFP offload cannot access the map value {nfp_oob|at a variable offset|out of its bounds}
explain: The program is offloaded to a Netronome NFP NIC, whose JIT reaches a map value only at constant offsets inside it{nfp_oob|: this access has a variable offset|: this access falls outside the value}.
fix: Access map value fields at constant offsets (struct members, constant indexes), or load the program without offload.
example: [nfp] map value access out-of-bounds
example: [nfp] map value offset is variable
