# Map values accessed outside value_size.

id: map-value-out-of-bounds
category: map-value-bounds
match: ^invalid access to map (?<what>value|key)(?: pointer)?, (?:value|key)_size=(?<value_size>\d+) off=(?<off>-?\d+)(?: size=(?<size>\d+))?$
title: access at offset {off} ({size|?} bytes) past the end of a {value_size}-byte map {what}
explain: The program reads or writes {size|some} bytes at offset {off} of a map {what} whose size is {value_size} bytes{reg_state| (the pointer's state: {reg_state})}. Either the offset is a constant beyond the end, or it is a variable the verifier could not bound: then `off` is its smallest value and the following line tells the range it proved.
fix: If the offset comes from a variable index, bound it right before the access so the verifier sees the check: `if (idx >= MAX_ENTRIES) return 0; val->arr[idx] = x;` (with MAX_ENTRIES * element size <= {value_size}).
fix: If the index is bounded in the source but the compiler moved the check, mask it instead (`idx &= MAX_ENTRIES - 1;` with a power of two), or copy it into a `volatile` / use `barrier_var(idx)` after the check.
fix: Check that the struct used in the program has the same layout and size as the map's value type ({value_size} bytes).
example: invalid access to map value, value_size=48 off=48 size=8
example: invalid access to map value pointer, value_size=8 off=16

id: map-value-range
category: map-value-bounds
match: ^(?<reg>R(?<regno>\d+)) pointer arithmetic of map value goes out of range, prohibited for !root$
title: pointer arithmetic on a map value can go out of its bounds (unprivileged)
explain: Without CAP_BPF/CAP_PERFMON, the verifier refuses arithmetic that may take a map value pointer outside the value, even when no access follows, to block speculative-execution attacks.
fix: Bound the offset before adding it (`if (off >= sizeof(val->buf)) return 0;`), or load the program with CAP_BPF and CAP_PERFMON.
example: R2 pointer arithmetic of map value goes out of range, prohibited for !root
