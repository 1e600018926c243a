# The program's exit value outside the range its type allows.

id: return-range
category: return-value
match: ^(?<where>At program exit|At async callback return|At callback return|At subprogram exit|\S.*?) the register (?:(?<reg>R(?<regno>\d+))|\S+) (?:has (?:value (?<value>\([^)]*\)|\S+)|smin=(?<ret_smin>-?\d+) smax=(?<ret_smax>-?\d+)|smin=-?\d+|smax=-?\d+|unknown scalar value)(?: smin=-?\d+)?(?: smax=-?\d+)?(?: unknown scalar value)? should have been (?:in )?(?<range>.+?)|is not a known value \((?<type>[^)]*)\)|is not a scalar value \((?<xtype>[^)]*)\))$
title: {where|At exit} {reg|the register} is {ret_value|{value|{?ret_smin:in [{ret_smin}, {ret_smax}]}{!ret_smin:an unknown value}}}, outside {?ret_range:[{ret_lo}, {ret_hi}]}{!ret_range:{range|the allowed range}}
explain: Some program types give the return value a meaning and accept only a range: cgroup_skb 0 or 1 (drop/allow; 0-3 on egress since 5.x, bit 1 asking TCP for congestion notification), cgroup_sock* 0 or 1, LSM 0 or a negative errno, struct_ops and callbacks their declared range. {?ret_value:The program returns the constant {ret_value}{insn| at insn {insn}}{src_line| (line {src_line})}, and {prog_type|this program type} allows only {?ret_range:[{ret_lo}, {ret_hi}]}{!ret_range:{range|a narrower range}}.}{!ret_value:The verifier's knowledge of {reg|the register} at exit is {value|{?ret_smin:the range [{ret_smin}, {ret_smax}]}{!ret_smin:not a known constant}}, and the allowed range is {?ret_range:[{ret_lo}, {ret_hi}]}{!ret_range:{range|narrower}}: on some path the value may fall outside it.}{?value: (Older kernels print values as `(value; mask)` pairs: `(0x7b; 0x0)` means exactly 0x7b, and a mask bit set means that bit is unknown.)}
fix[ret_value]: Return a value in {?ret_range:[{ret_lo}, {ret_hi}]}{!ret_range:{range|the allowed range}} instead of {ret_value}{?prog_is_cgroup_skb:: `return 1;` allows the packet, `return 0;` drops it}{src_line| (line {src_line})}.
fix[!ret_value]: {?ret_range:Clamp the value to [{ret_lo}, {ret_hi}] right before returning it, on the variable returned{?ret_above:: it may be above {ret_hi} (up to {ret_smax}), so `if (ret > {ret_hi}) ret = {ret_hi};`}{?ret_below:{?ret_above:, and}{!ret_above::} it may be below {ret_lo} (down to {ret_smin}), so `if (ret < {ret_lo}) ret = {ret_lo};`}{!ret_above:{!ret_below:: `if (ret < {ret_lo} || ret > {ret_hi}) ret = {ret_lo};`}}; do not return the result of a helper directly.}{!ret_range:Return only allowed values, e.g. `return 1;` (allow) or `return 0;` (drop) in cgroup_skb; do not return the result of a helper directly.}
fix[!ret_value]: {!ret_range:If the value is computed, clamp it: `return ret ? 1 : 0;`.}{?ret_range:{?prog_is_cgroup_skb:In cgroup_skb, `return ret ? 1 : 0;` turns any result into allow (1) or drop (0).}}
kernels: `has value (0x0; 0xffffffff)` in 5.x and still in 6.1 (corpus/vm/retval_cgskb-6.1), `has smin=... smax=...` or `has unknown scalar value` by 6.12 (6.12 and 6.18 print `smin=5 smax=5 should have been in [0, 3]`), `At subprogram exit the register R0 is not a scalar value` for callbacks.
example: At program exit the register R0 has value (0x2; 0x0) should have been in (0x0; 0x1)
example: At program exit the register R0 has smin=0 smax=4294967295 should have been in [0, 1]
example: At program exit the register R0 has unknown scalar value should have been in [0, 1]
example: At program exit the register R0 has value (0x7b; 0x0) should have been 0 or 1
example: At program exit the register R0 has value (0xffffffffffffffff; 0x0) should have been in (0x0; 0x1)

id: return-not-scalar
category: return-value
match: ^(?:R0 not a scalar value|cannot return stack pointer to the caller|BPF_LSM_CGROUP that attach to void LSM hooks can't modify return value!|Global function \S+\(\) doesn't return scalar\. Only those are supported\.)$
title: the function returns a pointer or a value it may not return
explain: BPF functions and callbacks must return a scalar (an integer), never a pointer to their stack or a kernel pointer; LSM cgroup programs on void hooks cannot return a value at all.
fix: Return an integer status and pass results through a pointer argument or a map.
example: R0 not a scalar value

id: retval-nfp
category: return-value
match: ^\[nfp\] unsupported exit state: (?<reg_type>\d+), (?:var_off: (?<var_off>.+)|imm: (?<imm>[0-9a-f]+))$
title: the Netronome NFP offload cannot return {imm|{var_off|this value}}
explain: The program is offloaded to a Netronome NFP NIC, which acts on the program's return value in hardware and supports only the actions it implements (XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX; for tc, TC_ACT_* codes it knows); the program may exit with {imm|0x{imm}|{var_off|a value}} (R0 type {reg_type}), which is not one of them.
fix: Return one of the constant actions the NIC supports on every path (no XDP_REDIRECT); compute the action into a variable and clamp it, or load the program without offload.
example: [nfp] unsupported exit state: 1, imm: 4
example: [nfp] unsupported exit state: 1, var_off: (0x0; 0xff)
