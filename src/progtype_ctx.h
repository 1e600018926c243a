/* SPDX-License-Identifier: MIT */
/* enrich: what a program's context loads tell of its type. Each type's
 * context, as the offsets a program may read from it, is data
 * (patterns/progtype-ctx.tsv, written from the kernel's UAPI header by
 * tools/gen-progtype-ctx.py; the struct a type's context is, progtypes.tsv's
 * ctx column). The tracker follows which registers hold the context through
 * a log's instructions and state listings; a context load the verifier went
 * past (another instruction follows) leaves the types that have a field
 * there, and the field its source line names ("ctx->user_ip6[0]") the types
 * whose field of that name lies there. */
#ifndef VX_PROGTYPE_CTX_H
#define VX_PROGTYPE_CTX_H

#include <stddef.h>

#include "progtype_narrow.h"
#include "progtype_rules.h"

/* The types whose context a read of size bytes at off fits (0: none the
 * table knows; a type with no row in the table is left out of no set). */
vx_tmask vx_ctx_read_types(long off, int size);
/* The types whose context has a member NAME the read lies in (0: none). */
vx_tmask vx_ctx_field_types(const char *name, long off, int size);
/* The rows read (a row that does not parse is left out). */
size_t vx_ctx_row_count(void);

#define VX_CTX_NAMES 4
#define VX_CTX_NAME 32

struct vx_ctx_track {
	unsigned ctx;	  /* bit n: rn holds the context (offset 0) */
	int insns;	  /* instruction lines seen */
	int pending;	  /* a context load waits for the next instruction */
	long off;	  /* its offset and size */
	int size;
	/* the members the last source line names ("->user_ip6"), for the
	 * loads after it */
	char names[VX_CTX_NAMES][VX_CTX_NAME];
	size_t nnames;
	char pend_names[VX_CTX_NAMES][VX_CTX_NAME]; /* the pending load's */
	size_t npend_names;
};

void vx_ctx_track_reset(struct vx_ctx_track *t);
/* An instruction line ("12: (61) r2 = *(u32 *)(r6 +8) ; R2_w=scalar()"):
 * the load before it passed (fn(ctx, types, "access") for the load, and
 * fn(ctx, types, "context") for the member its source named), and this
 * one's effect on the registers. */
void vx_ctx_track_insn(struct vx_ctx_track *t, const char *s, size_t len, vx_evidence_fn fn,
		       void *ctx);
/* A state listing of its own ("from 4 to 6: R1=ctx() R10=fp0"): every
 * register the program has, so it says which hold the context. */
void vx_ctx_track_state(struct vx_ctx_track *t, const char *s, size_t len);
/* A source annotation ("; addr->p1 = ctx->user_ip6[0];"). */
void vx_ctx_track_source(struct vx_ctx_track *t, const char *s, size_t len);

#endif
