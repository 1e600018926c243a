/* SPDX-License-Identifier: MIT */
/* enrich: numbers for the templates (src/enrich_numbers.c). */
#ifndef VX_ENRICH_H
#define VX_ENRICH_H

#include "record.h"
#include "vlog.h"

/* The largest 2^k - 1 that is <= max: "x &= mask" keeps x <= max. */
long long vx_mask_below(long long max);
/* The sizes, offsets, ranges and limits a verdict's category can quote,
 * and the check or mask that would pass (run after the access facts). */
void vx_number_facts(struct vx_record *r, const struct vx_vlog *v, const struct vx_context *c);
/* The same for facts that need the helper's name (after it is known). */
void vx_number_facts_late(struct vx_record *r);

#endif
