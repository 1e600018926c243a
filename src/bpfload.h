/* SPDX-License-Identifier: MIT */
/* Load the programs of a BPF object file with libbpf, one program at a time,
 * each with its own verifier log, and report what the kernel said.
 *
 * Only libbpf, libc and util.c: the VM agent links this file statically and
 * runs it inside qemu on other kernels, then prints the results with
 * vx_load_print(); the host reads that text back with vx_load_parse(). So the
 * printed form carries everything in struct vx_load_result.
 *
 * Nothing is left behind: every object is closed on every path, maps are
 * never pinned (pin paths are cleared), and SIGINT/SIGTERM/SIGHUP are held
 * while an object is open; a held signal stops the run once the object is
 * closed and is delivered when vx_load_object() restores the signal mask
 * (a caller that handles the signal then sees -EINTR).
 *
 * libbpf's print callback is replaced during a load (to keep its warnings
 * per program): not thread-safe, like libbpf's own globals. */
#ifndef VX_BPFLOAD_H
#define VX_BPFLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct bpf_program;

#define VX_LOAD_LOG_INITIAL (64u << 10)	/* first log buffer */
#define VX_LOAD_LOG_MAX_L1 (64u << 20)	/* cap for log level 1 */
#define VX_LOAD_LOG_MAX_L2 (1u << 30)	/* cap for level 2 (the kernel takes
					 * at most 1 GiB - 1) */

struct vx_load_opts {
	const char *prog;	/* load only this program (NULL: every program) */
	/* Program type override: a libbpf section name ("cgroup_skb/egress",
	 * "kprobe/x", "xdp") or a type name ("cgroup_skb", "kprobe"). */
	const char *type;
	int log_level;		/* 1 or 2 (0 means 1); BPF_LOG_STATS is added */
	size_t log_size;	/* first buffer size (0: VX_LOAD_LOG_INITIAL) */
	size_t log_max;		/* cap (0: VX_LOAD_LOG_MAX_L1 / _L2 by level) */
	/* Called for the program about to be loaded, after its object is
	 * opened and before the load (tests use it to patch instructions
	 * the way a loader would, with bpf_program__set_insns()). Non-zero
	 * return aborts that program with this error. */
	int (*before_load)(struct bpf_program *prog, void *ctx);
	void *ctx;
};

struct vx_load_result {
	char *name;		/* program (function) name */
	char *section;		/* ELF section name */
	char *type;		/* libbpf_bpf_prog_type_str() of the type loaded */
	int err;		/* 0 accepted, else negative errno of the load */
	bool accepted;
	char *log;		/* the verifier log, NUL-terminated ("" if none) */
	char *loader_msgs;	/* libbpf's own warnings for this load ("" if none),
				 * e.g. CO-RE relocation failures, map errors */
	char *kernel;		/* uname release of the kernel that loaded it */
	size_t log_len;
	int log_level;		/* level asked for (1 or 2, without stats bit) */
	size_t log_size;	/* size of the buffer of the final attempt */
	int attempts;		/* loads done (more than 1: the log was grown) */
	bool log_capped;	/* still cut at log_max: the log is incomplete */
	long verified_insns;	/* bpf_prog_info.verified_insns, -1 unknown */
	long processed_insns;	/* "processed N insns" in the log, -1 absent */
	long verify_usec;	/* "verification time N usec", -1 absent */
	/* Helper ids the object's own instructions call (BPF_CALL, src_reg 0),
	 * read before libbpf rewrites anything; first-use order, no repeats. */
	int *obj_helpers;
	size_t nobj_helpers;
	/* Helper ids the verifier printed in "call NAME#N" lines of the log
	 * (and in the verdict), same order rules. */
	int *log_helpers;
	size_t nlog_helpers;
	/* Helper calls the loader changed before the load: the instruction
	 * at the same index called FROM in the object and TO in what was
	 * sent to the kernel (libbpf: bpf_object__sanitize_prog() turns
	 * probe_read_kernel/user into probe_read when its probe fails). */
	struct vx_load_rewrite {
		int insn, from, to;
	} *rewrites;
	size_t nrewrites;
};

/* Load the programs of the object at PATH. On success *out is an array of
 * *nout results (free with vx_load_results_free), one per program, in the
 * object's order; a rejected program is a success of this function.
 * Returns 0, or negative errno when the object cannot be used at all:
 * -ENOENT missing, -EISDIR directory, -ENOEXEC not an ELF BPF object,
 * -ESRCH --prog not found, -ENOMSG no programs in it, -EINVAL bad type/level, -EINTR interrupted
 * (results so far are still returned in *out). */
int vx_load_object(const char *path, const struct vx_load_opts *opts,
		   struct vx_load_result **out, size_t *nout);
/* vx_load_object()'s error ERR in words ("no program named 'x'"), for the
 * object loaded with OPTS; valid until the next call in this thread. */
const char *vx_load_strerror(int err, const struct vx_load_opts *opts);

void vx_load_results_free(struct vx_load_result *res, size_t n);

/* Write the results in libbpf's framing, which the pipeline's unwrap reads:
 *
 *   libbpf: prog 'NAME': section 'SEC', type TYPE, kernel RELEASE
 *   libbpf: ...libbpf's own warnings, if any...
 *   libbpf: prog 'NAME': -- BEGIN PROG LOAD LOG --
 *   ...log...
 *   -- END PROG LOAD LOG --
 *   libbpf: prog 'NAME': failed to load: -13      (or: "loaded")
 *   vexplain-load: prog 'NAME' err=-13 attempts=1 log_level=1
 *     log_size=65536 capped=0 verified_insns=-1 processed_insns=12
 *     verify_usec=30 obj_helpers=113,14 log_helpers=4
 *     rewrites=9:113>4                                   (one line)
 *
 * Returns 0 or -errno (write error). */
int vx_load_print(FILE *f, const struct vx_load_result *res, size_t n);

/* Read vx_load_print()'s text back (as it comes out of the VM, possibly with
 * kernel messages interleaved outside the log blocks). Returns 0 and the
 * results, or -ENOMSG when the text holds none. */
int vx_load_parse(const char *text, size_t len, struct vx_load_result **out, size_t *nout);

#endif
