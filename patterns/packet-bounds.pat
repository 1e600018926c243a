# Packet data accessed outside the range proven by a data_end check.

id: packet-out-of-range
category: packet-bounds
match: ^invalid access to packet, off=(?<off>-?\d+) size=(?<size>\d+), (?<reg>R(?<regno>\d+))\(id=(?<id>\d+),off=(?<ptr_off>-?\d+),r=(?<range>\d+)\)(?:: R\d+ offset is outside of the packet)?$
title: a {size}-byte packet access at offset {off}, but only {range} bytes were checked against data_end
explain: Direct packet access is allowed only up to the range proven by a comparison with data_end: for R{regno} the verifier proved r={range} bytes past the packet pointer, and the access needs bytes up to {off}+{size}. The check is missing, too small, or done on a different pointer (after the compiler recomputed the pointer).
fix: Check the whole range you access, before the access: `if ((void *)(eth + 1) > data_end) return XDP_PASS;` or `if (data + off + size > data_end) return TC_ACT_OK;`.
fix: After helpers that change the packet (bpf_skb_pull_data, bpf_xdp_adjust_head, bpf_skb_change_*), reload data/data_end and redo the check: the old pointers are invalidated.
fix: For a variable offset, bound it first (`if (off > 1500) return 0;`) and then compare `data + off + size` with data_end.
example: invalid access to packet, off=14 size=20, R2(id=0,off=14,r=14)
example: invalid access to packet, off=0 size=1, R1(id=0,off=0,r=0)
example: invalid access to packet, off=0 size=4, R4(id=0,off=0,r=0): R4 offset is outside of the packet
kernels: cilium/ebpf's error summary joins this line and the next (`R4 offset is outside of the packet`) with `: `.

id: packet-outside
category: packet-bounds
match: ^(?:cannot write into packet|the prog does not allow writes to packet data|helper access to the packet is not allowed|misaligned packet access off \d+\+\S*\+-?\d+\+-?\d+ size \d+)$
title: the packet access is not allowed here
explain: Either the offset is outside what a packet pointer can have, the program type may only read packet data (e.g. cgroup_skb, socket filters), a helper cannot take a packet pointer in this program type, or the access is misaligned on a strict-alignment architecture.
fix: For read-only program types, use bpf_skb_load_bytes()/bpf_skb_store_bytes() (tc) instead of writing through the pointer.
fix: Copy the bytes to a stack buffer with bpf_skb_load_bytes() and pass that buffer to the helper.
example: cannot write into packet

id: packet-offset-outside
category: packet-bounds
match: ^(?<reg>R(?<regno>\d+)) offset is outside of the packet$
follows: packet-out-of-range
title: the packet access through R{regno} is outside the range checked against data_end
explain: After `invalid access to packet, ...` this line only repeats which register failed; on its own it means the same: R{regno} points into the packet, and the access goes beyond what a comparison with data_end proved{reg_state| (R{regno}: {reg_state})}.
fix: Compare the end of the access with data_end before it: `if ((void *)p + sizeof(*p) > data_end) return XDP_PASS;`, on the same pointer that is then dereferenced.
fix: Reload data/data_end after helpers that may move the packet (bpf_xdp_adjust_head, bpf_skb_pull_data) and check again.
example: R3 offset is outside of the packet
