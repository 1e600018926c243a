# The frame, or the combined frames of bpf-to-bpf calls, too large.

id: stack-combined
category: stack-size
match: ^(?:combined stack size of (?<calls>\d+) calls is (?<size>\d+)\. Too large|stack size of subprog (?<subprog>\d+) is (?<xsize>\d+)\. Too large|tail_calls are not allowed when call stack of previous frames is (?<ysize>\d+) bytes\. Too large|the call stack of (?<depth>\d+) frames is too deep(?: !)?|stack size (?<zsize>\d+)\(extra \d+\) is too large|stack size (?<wsize>\d+) exceeds(?: limit)? .*)$
title: the program's stack ({size|{xsize|{ysize|{zsize|{wsize|too much}}}}} bytes) or call depth exceeds the limit
explain: All BPF frames of a call chain share a 512-byte stack (256 bytes per frame when mixed with tail calls), and calls may nest at most 8 frames deep. Here {calls|the} calls together use {size|{xsize|{ysize|too many}}} bytes{stack_over|, {stack_over} more than 512}{depth|, or the chain is {depth} frames deep}.
explain[stack_frames]: The log's `stack depth` line gives each function's frame: {stack_frames}{stack_largest_name|; the largest is {stack_largest_name}, with {stack_largest} bytes}.
fix[stack_over]: Take at least {stack_over} bytes off the deepest call chain{?stack_largest_name:, starting with {stack_largest_name} ({stack_largest} bytes)}: move its large local buffers into a per-CPU array map used as scratch space (`bpf_map_lookup_elem(&scratch, &zero)`).
fix[!stack_over]: Move large local buffers into a per-CPU array map used as scratch space (`bpf_map_lookup_elem(&scratch, &zero)`).
fix: Mark small helpers `static __always_inline` so they do not add frames, and avoid deep call chains; with tail calls keep each frame under 256 bytes.
example: combined stack size of 3 calls is 576. Too large
example: the call stack of 9 frames is too deep !

id: stack-size-nfp
category: stack-size
match: ^\[nfp\] stack too large: program (?<stack>\d+)B > FW stack (?<fw_stack>\d+)B$
title: the program's stack ({stack} bytes) exceeds the Netronome NFP's {fw_stack}
explain: The program is offloaded to a Netronome NFP NIC, whose firmware gives a program only {fw_stack} bytes of stack; this one (with its subprograms) needs {stack}.
fix: Move large locals into a per-CPU array map used as scratch space, or split the work; or load the program without offload.
example: [nfp] stack too large: program 512B > FW stack 64B
