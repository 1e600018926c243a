# A register read before anything was written to it.

id: uninit-read
category: uninit-register
match: ^(?:(?<reg>R(?<regno>\d+)) !read_ok|R(?<xregno>\d+) is invalid|frame pointer is read only)$
title: R{regno|{xregno|10}} is read before anything was written to it
explain: At this point {regno|R{regno}}{!regno:{xregno|R{xregno}}{!xregno:a register}} holds no value on some path: after a helper or function call R1-R5 are scratched (only R0 holds the result and R6-R9 are preserved), and at program start only R1 (ctx) and R10 (frame pointer) are set. R10 is read-only.
explain[weak_kfunc_call]: Here the reason is in the log: insn {weak_kfunc_call_insn} is `call #0`{weak_kfunc_src_line| (source line {weak_kfunc_src_line}{src_text|: `{src_text}`})}. That is how libbpf leaves a call to a kfunc declared `__weak` that this kernel does not have: the verifier skips a call with id 0, so R0 never receives a result, and the program reads R{regno|0} as if it had.
fix[weak_kfunc_call]: Guard the optional kfunc: `if (bpf_ksym_exists(the_kfunc)) x = the_kfunc(...); else x = fallback;` — the verifier then removes the dead branch on kernels without it; or drop `__weak` if the program cannot work without the kfunc, so that loading fails clearly.
fix[!weak_kfunc_call]: If this is compiled C, the compiler used a caller-saved register across a call: usually a variable declared but not initialized on one path, or inline asm that clobbers registers; initialize the variable and rebuild with -O2.
fix[!weak_kfunc_call]: In hand-written bytecode, reload the value after each call or keep it in R6-R9.
example: R2 !read_ok
example: frame pointer is read only
