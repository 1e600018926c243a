# A register read before anything was written to it.

id: uninit-read
category: uninit-register
match: ^(?:(?<reg>R(?<regno>\d+)) !read_ok|R(?<xregno>\d+) is invalid|frame pointer is read only)$
title: R{regno|{xregno|10}} is read before anything was written to it
explain: At this point R{regno|{xregno|?}} holds no value on some path: after a helper or function call R1-R5 are scratched (only R0 holds the result and R6-R9 are preserved), and at program start only R1 (ctx) and R10 (frame pointer) are set. R10 is read-only.
fix: If this is compiled C, the compiler used a caller-saved register across a call: usually a variable declared but not initialized on one path, or inline asm that clobbers registers; initialize the variable and rebuild with -O2.
fix: In hand-written bytecode, reload the value after each call or keep it in R6-R9.
example: R2 !read_ok
example: frame pointer is read only
