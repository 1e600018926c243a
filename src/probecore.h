/* SPDX-License-Identifier: MIT */
/* Which helpers each program type may call on the running kernel, found by
 * loading one tiny program per (program type, helper) and reading the
 * verifier's answer. The types, how to load each and the verifier's words
 * for a refusal are patterns/progtypes.tsv's (through helpers.h). The VM
 * agent links this file statically, with helpers.c and that one table, and
 * runs it on other kernels.
 *
 * The result travels as text, patterns/kernels/<release>.tsv:
 *   # comment lines ("# kernel: 6.18.44", "# made by: ...")
 *   prog_type<TAB>ok<TAB>comma-separated helper ids it may call[<TAB>unclear ids]
 *   prog_type<TAB>not-probed<TAB>why
 *   prog_type<TAB>unsupported<TAB>what the kernel said
 * vx_probe_write_tsv() writes it, vx_probe_parse_tsv() reads it back, so a
 * result produced here, in a VM or shipped in patterns/ is the same thing. */
#ifndef VX_PROBECORE_H
#define VX_PROBECORE_H

#include <stddef.h>
#include <stdio.h>

#define VX_PROBE_HELPER_MAX 211 /* same as VX_HELPER_MAX: the UAPI's last helper */

enum vx_probe_status {
	VX_PROBE_OK = 0,	  /* probed: allowed[] is meaningful */
	VX_PROBE_NOT_PROBED,	  /* we cannot build a loadable program for it (reason) */
	VX_PROBE_UNSUPPORTED,	  /* the kernel refused even an empty program (reason) */
};

/* allowed[] values */
enum {
	VX_HELPER_REFUSED = 0,	/* invalid func / unknown func / cannot use helper */
	VX_HELPER_ALLOWED = 1,	/* the verifier went past the call */
	VX_HELPER_UNCLEAR = 2,	/* refused for a reason that does not say either */
};

struct vx_probe_type {
	char name[32];		/* libbpf's name: "cgroup_skb" */
	int prog_type;		/* enum bpf_prog_type value, -1 when parsed from text */
	enum vx_probe_status status;
	char reason[192];	/* for NOT_PROBED / UNSUPPORTED */
	unsigned char allowed[VX_PROBE_HELPER_MAX + 1];
};

struct vx_probe_result {
	char release[80];	/* kernel release (uname -r) */
	char made_by[256];	/* the command that produced it */
	size_t ntypes;
	struct vx_probe_type *types;
	long loads;		/* bpf_prog_load() calls made */
	double seconds;		/* wall time of the probe */
};

struct vx_probe_opts {
	const char *type;	/* only this program type (libbpf name), or NULL */
	int helper;		/* only this helper id, or -1 for all */
	const char *made_by;	/* copied into the result */
	/* Called before each type and after each helper's load, or NULL:
	 * TYPE is the ITYPE-th (from 0) of NTYPES to probe, DONE of its TOTAL
	 * helpers are probed. For a progress line; it must be cheap. */
	void (*progress)(void *arg, const char *type, size_t itype, size_t ntypes, int done,
			 int total);
	void *progress_arg;
};

/* Probe the running kernel. Returns 0 or -errno (-EPERM when bpf() is not
 * permitted at all, -ENOENT for an unknown opts->type). */
int vx_probe_run(const struct vx_probe_opts *opts, struct vx_probe_result **out);

int vx_probe_write_tsv(const struct vx_probe_result *r, FILE *f);
/* Parse the text form; 0 or -EINVAL (malformed line). */
int vx_probe_parse_tsv(const char *text, size_t len, struct vx_probe_result **out);
const struct vx_probe_type *vx_probe_find(const struct vx_probe_result *r, const char *type);
void vx_probe_free(struct vx_probe_result *r);

#endif
