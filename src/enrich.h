/* SPDX-License-Identifier: MIT */
/* enrich: the facts of a record that a pattern's templates may use, one
 * file per subject. vx_explain() (explain.c) calls them in a fixed order:
 * later facts build on earlier ones. */
#ifndef VX_ENRICH_H
#define VX_ENRICH_H

#include "pipeline.h"
#include "record.h"
#include "vlog.h"

/* Is the verdict's entry (its pattern) of CATEGORY? The file name of a .pat,
 * before any category[VAR] changes the record's. */
int vx_entry_is(const struct vx_record *r, const char *category);
/* Set the fact PREFIX<name> ("prog_is_xdp") when NAME is [a-z0-9_]+. */
void vx_name_fact(struct vx_record *r, const char *prefix, const char *name);

/* enrich_regs.c: the verdict's register state (reg_type, reg_*, src_reg_*)
 * and where its value came from (reg_origin_*, null_origin_*). */
void vx_reg_facts(struct vx_record *r, const struct vx_context *c);
void vx_origin_facts(struct vx_record *r, const struct vx_vlog *v);

/* enrich_numbers.c: numbers for the templates. */
/* The largest 2^k - 1 that is <= max: "x &= mask" keeps x <= max. */
long long vx_mask_below(long long max);
/* "__u32" for 4: the C type of an unsigned SIZE-byte field, NULL if none. */
const char *vx_c_uint_type(long long size);
/* Does the verdict state a context access at an offset with a size: a
 * ctx-access entry with numeric off and size captures, about the ctx
 * (captured type, when there is one, is "ctx")? */
int vx_ctx_access_stated(const struct vx_record *r);
/* access_end, access_over, var_max_ok, idx_limit, ... (run after vx_reg_facts). */
void vx_access_facts(struct vx_record *r);
/* ret_smin, ret_smax, ret_value from a return-value message. */
void vx_message_range_facts(struct vx_record *r);
/* How much room a pointer argument or a variable offset has: size_buf_*, fit_*. */
void vx_room_facts(struct vx_record *r, const struct vx_context *c);
/* The sizes, offsets, ranges and limits a verdict's category can quote,
 * and the check or mask that would pass (run after the access facts). */
void vx_number_facts(struct vx_record *r, const struct vx_vlog *v, const struct vx_context *c);
/* The same for facts that need the helper's name (after it is known). */
void vx_number_facts_late(struct vx_record *r);

/* enrich_calls.c: calls. */
/* The helper: id, name, families, who may call it (needs the program type). */
void vx_helper_facts(struct vx_record *r, const struct vx_hints *h);
/* poison, poison_index: libbpf's poisoned call immediates. */
void vx_poison_facts(struct vx_record *r);
/* acquire_helper, release_helper for a leak's alloc_insn. */
void vx_acquire_facts(struct vx_record *r, const struct vx_vlog *v);
/* call_name, call_is_release, prev_call_*, arg_reg*. */
void vx_call_facts(struct vx_record *r, const struct vx_vlog *v, const struct vx_context *c);
/* weak_kfunc_*: a __weak kfunc libbpf turned into "call #0". */
void vx_weak_kfunc_facts(struct vx_record *r, const struct vx_vlog *v);
/* A producer's facts (struct vx_hints): load_error, rewritten_*. */
void vx_hint_facts(struct vx_record *r, const struct vx_hints *h);

/* enrich_types.c: kernel types. */
/* ctx_struct, ctx_field, ...: needs the program type. */
void vx_ctx_facts(struct vx_record *r);
void vx_map_type_fact(struct vx_record *r);
/* ptype_<what>_name for captures ptype_<what> (an enum bpf_prog_type number). */
void vx_prog_type_num_facts(struct vx_record *r);
void vx_relo_facts(struct vx_record *r);

#endif
