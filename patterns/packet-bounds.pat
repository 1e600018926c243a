# Packet data accessed outside the range proven by a data_end check.

id: packet-out-of-range
category: packet-bounds
match: ^invalid access to packet, off=(?<off>-?\d+) size=(?<size>\d+), (?<reg>R(?<regno>\d+))\(id=(?<id>\d+),off=(?<ptr_off>-?\d+),r=(?<range>\d+)\)(?:: R\d+ offset is outside of the packet)?$
title: {size}-byte packet access at offset {off} needs {access_end} bytes checked against data_end; {!range:none were}{?range:only {range} were}
explain: Direct packet access is allowed only up to the range a comparison with data_end proved for the pointer.{insn| At insn {insn} (`{insn_text}`){src_text|, `{src_text}`{src_line| (line {src_line})}},} R{regno} accesses {size} byte(s) at offset {off}{?id: from a packet pointer with a variable offset (id={id})}{!id: from the start of the packet}, so bytes up to {access_end} must be known to lie before data_end.
explain[!range]: The verifier had proved no bytes at all for this pointer (r=0): no `if (... > data_end)` check covers it on this path, the check was done on another pointer than the one dereferenced, or a helper that can move the packet (bpf_skb_pull_data, bpf_xdp_adjust_head/tail, bpf_skb_change_*) ran after the check and invalidated it.
explain[range]: A check proved r={range} bytes, {access_over} byte(s) short of the {access_end} this access needs: the check covers a smaller header than the one read here (e.g. the Ethernet header, but not the IP header after it){?id:, or it was done before the variable offset was added}.
fix: Before {?insn:insn {insn}}{!insn:the access}, check the whole range on the same pointer: `if ({?id:(void *)p}{!id:data} + {access_end} > data_end) return {?prog_is_xdp:XDP_PASS;}{?prog_is_sched_cls:TC_ACT_OK;}{?prog_is_sched_act:TC_ACT_OK;}{?prog_is_cgroup_skb:1;}{!prog_is_xdp:{!prog_is_sched_cls:{!prog_is_sched_act:{!prog_is_cgroup_skb:XDP_PASS; /* TC_ACT_OK in tc */}}}}`{?id: (p: the packet pointer after its variable offset was added)}{!id: — with structs, `if ((void *)(hdr + 1) > data_end)` for each header you read, up to byte {access_end}}.
fix: After helpers that change the packet (bpf_skb_pull_data, bpf_xdp_adjust_head, bpf_skb_change_*), reload data/data_end and redo the check: the old pointers are invalidated.
fix[id]: The offset is variable (id={id}): bound it first with an unsigned compare against the largest offset the header format allows{reg_umax| (the verifier proved only {reg_umax})}, add it to the pointer, and then compare that pointer plus {size} with data_end: the verifier keeps the range per pointer, and a check made before the variable part was added does not cover it.
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

id: packet-misaligned
category: packet-bounds
match: ^misaligned packet access off (?<off>.+) size (?<size>\d+)$
title: a misaligned {size}-byte packet access
explain: With strict alignment (BPF_F_STRICT_ALIGNMENT, or an architecture without efficient unaligned access) the verifier checks packet accesses against the alignment the driver guarantees (NET_IP_ALIGN, 2 bytes on most): the offset {off} (NET_IP_ALIGN + variable part + pointer offset + access offset) is not a multiple of {size}. Headers after a 14-byte Ethernet header start at an odd 2-byte boundary, so a 4-byte read of an IP address there is misaligned.
fix: Read the field with a smaller size, or copy it out with __builtin_memcpy / bpf_skb_load_bytes() into an aligned local.
example: misaligned packet access off 2+(0x0; 0x0)+14+0 size 4
