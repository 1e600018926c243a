/* SPDX-License-Identifier: MIT */
/* parse: one program's verifier log, line by line, in constant memory.
 * Keeps the context of the last instruction (index, text, source line,
 * register states), statistics, and the last verdict candidate with a
 * snapshot of that context. */
#ifndef VX_VLOG_H
#define VX_VLOG_H

#include <stddef.h>
#include <string.h>

#include "caps.h"
#include "util.h"

struct vx_pattern; /* patterns.h: the parser holds the verdict's match, never reads it */
struct vx_insn_memo;

enum vx_line_kind {
	VL_BLANK,
	VL_INSN,      /* "6: (85) call bpf_probe_read#4" (6.x may add "; R1=...") */
	VL_STATE,     /* "0: R1=ctx() R10=fp0", "from 4 to 6: R0=..." */
	VL_SOURCE,    /* "; int x = 0; @ p.bpf.c:6" or 5.x "; int x = 0;" */
	VL_PROCESSED, /* "processed 7 insns (limit 1000000) ..." */
	VL_FUNC,      /* "func#0 @0", "Validating f() func#1...", "Live regs before insn:" */
	VL_PRECISE,   /* mark_precise / backtracking lines (log level 2) */
	VL_KDIAG,     /* "Verification failed: ..." (the kernel's own diagnosis, v7.3+) */
	VL_LOADER,    /* a loader's own words ("libbpf: ...", its tag taken off by
		       * unwrap): a verdict only when a pattern knows it */
	VL_OTHER,     /* anything else: a verdict candidate */
};

enum vx_line_kind vx_classify_line(const char *s);
/* A class name alone ("ldx", "jmp32"): what the disassembler prints for an
 * instruction of a class it cannot name otherwise. */
static inline int vx_insn_class_alone(const char *t, const char *name, size_t n)
{
	if (strncmp(t, name, n))
		return 0;
	t += n;
	while (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n')
		t++;
	return !*t;
}

/* Could t be the disassembler's text after an instruction's "(xx) "? A
 * register or a store ("r1 = ...", "w2 += 1", "*(u32 *)(r10 -4) = r1"), one
 * of its words ("if", "goto", "call", "exit", "lock", "may_goto", "BUG_",
 * "nospec", "addr_space_cast") or a class name alone: a logger's "2024:
 * (25) enabled rules in total" is no instruction. */
static inline int vx_insn_text_at(const char *t)
{
	switch (t[0]) {
	case 'r':
	case 'w':
		return t[1] >= '0' && t[1] <= '9';
	case '*':
		return 1;
	case 'i':
		return t[1] == 'f' && t[2] == ' ';
	case 'g':
		return !strncmp(t, "goto", 4);
	case 'c':
		return !strncmp(t, "call", 4);
	case 'e':
		return !strncmp(t, "exit", 4);
	case 'l':
		return !strncmp(t, "lock ", 5) || vx_insn_class_alone(t, "ld", 2) ||
		       vx_insn_class_alone(t, "ldx", 3);
	case 'm':
		return !strncmp(t, "may_goto", 8);
	case 'B':
		return !strncmp(t, "BUG", 3);
	case 'n':
		return !strncmp(t, "nospec", 6);
	case 'a':
		return !strncmp(t, "addr_space_cast", 15) || vx_insn_class_alone(t, "alu", 3) ||
		       vx_insn_class_alone(t, "alu64", 5);
	case 's':
		return vx_insn_class_alone(t, "st", 2) || vx_insn_class_alone(t, "stx", 3);
	case 'j':
		return vx_insn_class_alone(t, "jmp", 3) || vx_insn_class_alone(t, "jmp32", 5);
	}
	return 0;
}
/* Lines only a verifier prints: instructions, states, source annotations,
 * branch and precision tracking (what unwrap passes on with no loader rule
 * or prefix search). Their vx_classify_line kind, or -1 for any other line.
 * len: strlen(s). */
int vx_plain_kind(const char *s, size_t len);

#define VX_NREGS 11
#define VX_RING 24
#define VX_RING_WIDTH 240

struct vx_context {
	long insn;
	struct strbuf insn_text;
	struct strbuf src_file, src_text;
	long src_line;
	struct strbuf regs[VX_NREGS]; /* "R1=ctx()" */
};

struct vx_null_origin {
	long insn; /* -1 when the register never became *_or_null */
	char text[VX_RING_WIDTH];
	long src_line;
	char src_text[VX_RING_WIDTH]; /* the source line's code, "" when none */
};

/* The instruction that last set a register, before the current one. */
struct vx_reg_writer {
	long insn; /* -1: none seen */
	long src_line;
	char text[96];
};

struct vx_vlog {
	struct vx_context cur;
	long lines;
	long skipped_bytes; /* bytes of this log that were not read (huge files) */
	int saw_insn, saw_processed, saw_precise, in_kdiag;
	int cut; /* the verdict stage's word: the log lost its verdict (vx_verdict_finish) */
	long processed_insns, insn_limit, max_states_per_insn, total_states, peak_states;
	struct strbuf ctx_struct; /* from the function signature's "struct X *" */
	struct vx_null_origin null_origin[VX_NREGS];
	unsigned null_regs; /* bit r: cur.regs[r] holds "_or_null" */
	/* where each register got its value ("r1 = *(u64 *)(r1 +96)" made the
	 * scalar that is dereferenced); the current instruction's write waits
	 * in pending until the next instruction, so the failing instruction
	 * never names itself */
	struct vx_reg_writer writer[VX_NREGS], pending;
	int pending_reg;
	int saw_backedge; /* a "goto pc-N" (a loop) among the instructions */
	struct strbuf last_state; /* the state text parse_state saw last */
	int last_state_once;	  /* ... and no register appeared twice in it */
	/* Text of stable lines not copied yet (vx_vlog_settle copies it): the
	 * last state text, and each register's latest token for cur.regs. */
	const char *last_state_src;
	size_t last_state_len;
	const char *reg_src[VX_NREGS];
	size_t reg_len[VX_NREGS];
	int stable; /* the line being added is stable (vx_vlog_add_stable) */
	/* a bounded table of call instructions: acquire sites for reference leaks */
	struct { long insn; int helper_id; long src_line; char name[48]; } calls[256];
	size_t ncalls;
	unsigned char helpers_called[32]; /* bitmap of helper ids printed in calls */
	/* the hottest instruction (visits at level 2): loops that blow up states */
	unsigned *visits;
	size_t nvisits;
	struct vx_insn_memo *memo; /* what instruction lines said (vlog.c) */
	long hot_insn;
	unsigned hot_count;
	char hot_text[VX_RING_WIDTH];
	long hot_src_line; /* the source line of the hottest instruction, -1: none */
	char stack_depth[64]; /* "320+320" from "stack depth 320+320" (one size a frame) */
	/* the excerpt ring; a slot whose ring_src is set still points at its
	 * line (ring_len bytes) in the input, copied by vx_vlog_settle */
	char ring[VX_RING][VX_RING_WIDTH];
	const char *ring_src[VX_RING];
	unsigned short ring_len[VX_RING];
	size_t ring_head, ring_count;
	/* the verdict candidate (chosen by verdict.c) */
	int have_verdict;
	int tentative; /* a candidate held until the summary confirms it */
	int gap;       /* a blank or elision line since the last instruction */
	int verdict_last; /* the candidate is the line just added */
	struct strbuf said; /* the loader's own statement of the error */
	struct strbuf verdict;
	struct strbuf verdict_detail; /* lines of entries that follow the verdict */
	const struct vx_pattern *pattern;
	struct vx_caps caps;
	struct vx_context at;
	char at_ring[VX_RING][VX_RING_WIDTH];
	size_t at_ring_count;
	/* the kernel's diagnosis block: key/value lines after "Verification failed:" */
	struct strbuf kdiag_head, kdiag_reason, kdiag_at, kdiag_path, kdiag_suggestion;
	struct strbuf *kdiag_last;
};

void vx_vlog_init(struct vx_vlog *v);
void vx_vlog_reset(struct vx_vlog *v);
void vx_vlog_free(struct vx_vlog *v);
/* Add one line of the log: its facts. Which line is the verdict is the
 * verdict stage's (verdict.h: vx_verdict_line after each line). */
void vx_vlog_add(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len);
/* The same for a line whose text stays valid until vx_vlog_settle(): the
 * excerpt ring points at it rather than copy it (most lines of a huge log
 * never reach an excerpt). */
void vx_vlog_add_stable(struct vx_vlog *v, enum vx_line_kind kind, const char *s, size_t len);
/* The stable lines are about to go: copy what the ring points at. */
void vx_vlog_settle(struct vx_vlog *v);
/* The verdict is taken here: keep the context and excerpt as they are now. */
void vx_vlog_snapshot(struct vx_vlog *v);
/* Does this log hold anything from a verifier? */
int vx_vlog_empty(const struct vx_vlog *v);

/* "R3" -> 3, or -1 */
int vx_reg_index(const char *reg);

#endif
