/* SPDX-License-Identifier: MIT */
/* The explanation record: what the pipeline knows about one program's log.
 * Its JSON form is ../shared/spec/explanation.md; render.c prints it. */
#ifndef VX_RECORD_H
#define VX_RECORD_H

#include <stddef.h>

struct vx_pattern;

enum vx_verdict {
	VX_NO_LOG = 0,	/* no verifier log found in the input */
	VX_ACCEPTED,	/* the log ends in the kernel's success summary */
	VX_REJECTED,	/* the log states why the program was rejected */
	VX_TRUNCATED,	/* the log was cut before any verdict */
};

const char *vx_verdict_name(enum vx_verdict v);

/* A variable a pattern's templates may use: captures, context, facts. */
struct vx_var {
	char *name;
	char *value;
};

#define VX_EXCERPT_LINES 24

struct vx_record {
	enum vx_verdict verdict;
	char *message;		/* the verdict line, as the kernel printed it */
	const char *category;	/* category name, or NULL */
	const char *pattern;	/* pattern id, or NULL */
	const struct vx_pattern *pat; /* its entry, for the templates (or NULL) */
	char *title;		/* the pattern's one-line title (expanded; owned) */
	long insn;		/* failing instruction index, -1 if unknown */
	char *insn_text;	/* "(85) call bpf_probe_read#4" */
	char *reg;		/* "R1", or NULL */
	char *reg_state;	/* that register's last known state, or NULL */
	int helper_id;		/* -1 if no helper is involved */
	const char *helper_name;
	char *prog_type;	/* libbpf's name, or NULL */
	const char *prog_type_from; /* option, log, loader, section, probe, name, context, access, issue */
	char *src_file;		/* last source annotation before the insn */
	long src_line;		/* -1 if unknown */
	char *src_text;
	char *loader;		/* libbpf, bpftool, aya, cilium-ebpf, ..., kernel */
	char *prog_name;	/* as the loader named it, or NULL */
	char *section;		/* ELF section / attach spec, or NULL */
	char *explanation;
	char **fixes;
	size_t nfixes;
	char **refs;		/* the pattern's references */
	size_t nrefs;
	char *kernels;		/* the pattern's kernel-version notes */
	/* statistics from "processed N insns ..." (-1 if absent) */
	long processed_insns, insn_limit, max_states_per_insn, total_states, peak_states;
	long log_lines;		/* lines of this program's log (-1: not all were read) */
	long skipped_bytes;	/* bytes of the log not read (a huge file's middle) */
	int log_level;		/* 1 or 2 as far as the log shows, 0 unknown */
	/* the last lines of the log up to and including the verdict */
	char *excerpt[VX_EXCERPT_LINES];
	size_t nexcerpt;
	/* every variable the templates could use (captures, context, facts) */
	struct vx_var *vars;
	size_t nvars;
};

void vx_record_free(struct vx_record *r);
/* A deep copy (a consumer that keeps a record past its callback). */
struct vx_record *vx_record_dup(const struct vx_record *r);
/* Value of a template variable, or NULL. */
const char *vx_record_var(const struct vx_record *r, const char *name);
/* Set (or replace) a template variable of the record; NULL value: nothing. */
void vx_record_set(struct vx_record *r, const char *name, const char *value);
/* The same for a number; a negative one is not set (facts are counts and sizes). */
void vx_record_set_num(struct vx_record *r, const char *name, long long v);
/* A variable as a number (decimal or 0x hex, nothing after it): 1, else 0. */
int vx_record_num(const struct vx_record *r, const char *name, long long *out);

#endif
