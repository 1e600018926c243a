/* SPDX-License-Identifier: MIT */
/* enrich: the program type, from every clue in the input. The rules are data
 * (patterns/progtype-clues.tsv): a regex per clue with its rank and the name
 * prog_type_from gives it. The pipeline shows this stage every event it sees
 * (lines outside a program's log too) and hands it each record the explain
 * stage made; a record is completed (vx_explain_finish) and passed on when
 * no more clues can come for it: when the next record comes, or at the end.
 * A bcc traceback or bpftrace's "Error loading program: kfunc:x" comes after
 * the log it is about. */
#ifndef VX_PROGTYPE_H
#define VX_PROGTYPE_H

#include <stddef.h>

#include "pipeline.h"
#include "record.h"
#include "unwrap.h"

#define VX_CLUE_PROG 64
#define VX_CLUE_TEXT 128

struct vx_clue {
	int rank;	  /* 0: no clue; see progtype-clues.tsv */
	const char *type; /* libbpf's name */
	const char *from; /* the record's prog_type_from */
	char prog[VX_CLUE_PROG]; /* the program it is about, "" for any */
	char text[VX_CLUE_TEXT]; /* the words that told it ("" for evidence) */
};

/* The strongest clue one line holds; returns its rank (0: none). */
int vx_clue_of_line(const char *s, size_t len, struct vx_clue *out);
/* The rules that compiled (a rule that does not is left out). */
size_t vx_clue_rule_count(void);
/* A name a loader's framing gives as the section: an ELF section
 * ("kprobe/x") or a bpftrace probe ("kfunc:vfs_open"). */
int vx_clue_of_section(const char *section, struct vx_clue *out);

struct vx_clues;

/* fn/ctx: where completed records go; hints live as long as the clues. */
struct vx_clues *vx_clues_new(const struct vx_hints *hints, vx_record_fn fn, void *ctx);
void vx_clues_free(struct vx_clues *c);
/* Every event of the input, in order; open: a program's log is open. */
void vx_clues_event(struct vx_clues *c, const struct vx_event *ev, int open);
/* A vx_record_fn (ctx: the clues): a record the explain stage made. It is
 * kept, and the one kept before is completed and passed on. */
int vx_clues_emit(const struct vx_record *r, void *ctx);
/* End of input: complete and pass on the record kept. The best clue for
 * a record is one named for its program, else one seen inside its log,
 * else one seen outside every log that is nearer to its log than to the
 * log before or after it. */
int vx_clues_flush(struct vx_clues *c);

#endif
