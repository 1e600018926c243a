/* SPDX-License-Identifier: MIT */
/* enrich: the program type clue rules (patterns/progtype-clues.tsv) as the
 * clue stage (progtype.c) asks them: what one line tells, the program an
 * owner line names, the types a context load or a narrow line leaves, the
 * types the verifier treats alike. The match data is the caller's. */
#ifndef VX_PROGTYPE_RULES_H
#define VX_PROGTYPE_RULES_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "progtype.h"
#include "progtype_narrow.h"

/* Read the table once (every function below does it too). */
void vx_rules_init(void);
/* The strongest clue line s holds (rank, 0: none). */
int vx_rules_scan(const char *s, size_t len, pcre2_match_data *md, pcre2_match_context *mc,
		  struct vx_clue *out);
/* A line that lists types rather than tells one. */
int vx_rules_skipped(const char *s, size_t len, pcre2_match_data *md, pcre2_match_context *mc);
/* Group n of the last match, in buf ("" when it did not take part). */
void vx_rules_group(pcre2_match_data *md, uint32_t n, const char *s, char *buf, size_t size);

typedef void (*vx_evidence_fn)(void *ctx, vx_tmask types, const char *from);
/* Does some "access" row tell by a load of opcode op at offset off? */
int vx_rules_access_known(int op, long off);
/* Each "access" row a load (op, off) whose register became t ("pkt(...)",
 * the state text after "R2=") fits: fn(ctx, its types, "access"). */
void vx_rules_access_each(int op, long off, const char *t, vx_evidence_fn fn, void *ctx);
/* Each "narrow" line s matches: fn(ctx, its types, its from). */
void vx_rules_narrow_each(const char *s, size_t len, pcre2_match_data *md, pcre2_match_context *mc,
			  vx_evidence_fn fn, void *ctx);
/* The program an "owner" line names, in buf; 0: s is none. */
int vx_rules_owner(const char *s, size_t len, pcre2_match_data *md, pcre2_match_context *mc,
		   char *buf, size_t size);
/* The first type of the "alike" set that holds all of mask and some of
 * its first type, NULL: none. */
const char *vx_rules_alike(vx_tmask mask);

#endif
