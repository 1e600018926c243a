/* SPDX-License-Identifier: MIT */
/* Helper ids <-> names, program types, and which program types may call which
 * helper on each probed kernel. The data lives in patterns/helpers.tsv,
 * patterns/progtypes.tsv and patterns/kernels/<release>.tsv and is embedded
 * in the binary at build time (see data.h). */
#ifndef VX_HELPERS_H
#define VX_HELPERS_H

#include <stddef.h>
#include <stdio.h>

#include "probecore.h"

/* The highest helper id in the UAPI: one constant, probecore.h's (the static
 * in-VM agent has its tables without this header); `vexplain patterns check`
 * checks that helpers.tsv ends there. */
#define VX_HELPER_MAX VX_PROBE_HELPER_MAX

/* "bpf_probe_read" for 4; NULL when unknown. */
const char *vx_helper_name(int id);
/* Accepts "bpf_probe_read", "probe_read"; -1 when unknown. */
int vx_helper_id(const char *name);
/* A helper as a user names it: a name as vx_helper_id() takes, its id, or
 * "#4" as the verifier prints it. The id, or -1 when no helper has it. */
int vx_helper_parse(const char *arg);

/* libbpf program type name ("cgroup_skb") from an ELF section or attach spec
 * ("cgroup_skb/egress", "kprobe/do_sys_open", "xdp"); NULL when unknown. */
const char *vx_prog_type_from_section(const char *section);
/* The same for a name known to be an ELF section: libbpf 0.x's prefix
 * matches count too (SEC("xdp_prog") was XDP, SEC("socket1") a socket
 * filter; the "x*" lines of patterns/progtypes.tsv). */
const char *vx_prog_type_from_elf_section(const char *section);
/* From the context struct the log shows ("__sk_buff" is ambiguous and gives
 * NULL; "xdp_md" gives "xdp"). */
const char *vx_prog_type_from_ctx(const char *ctx_struct);
/* Canonical libbpf name for a user-given or kernel-printed type name
 * ("BPF_PROG_TYPE_CGROUP_SKB", "cgroup_skb", "cgroup/skb"); NULL if unknown. */
const char *vx_prog_type_canonical(const char *name);

/* Kernels whose helper tables are shipped, newest first ("6.18", "6.12", "6.1"). */
size_t vx_kernel_count(void);
const char *vx_kernel_name(size_t i);
/* 1 allowed, 0 refused, -1 not probed (unknown type or kernel). */
int vx_helper_allowed(const char *kernel, const char *prog_type, int helper_id);

/* Program types that may call HELPER_ID on KERNEL (a shipped table): up to
 * max names into out; returns how many there are in all. */
size_t vx_helper_allowed_types(const char *kernel, int helper_id, const char **out, size_t max);
/* Helpers related to HELPER_ID (patterns/helper-families.tsv: probe_read ->
 * probe_read_kernel, probe_read_user): up to max ids into out and, when why
 * is not NULL, the relation in words into why; returns the count. */
size_t vx_helper_related(int helper_id, int *out, const char **why, size_t max);
/* The helper LOADER ("libbpf") turns a call of FROM into before the load
 * (helper-families.tsv's `rewrite` rows), with the reason in *why; -1 if
 * it leaves FROM alone. */
int vx_helper_rewritten(const char *loader, int from, const char **why);
/* How `vexplain probe` loads a program of a type (progtypes.tsv's probe lines). */
enum vx_probe_how {
	VX_PROBE_PLAIN,
	VX_PROBE_SLEEPABLE, /* the kernel loads it only as sleepable */
	VX_PROBE_BTF,	    /* needs a vmlinux function to attach to */
	VX_PROBE_SKIP,	    /* not probed */
};
#define VX_PROBE_ARGS 3
struct vx_probe_spec {
	const char *name; /* libbpf's name */
	int prog_type;	  /* enum bpf_prog_type, -1: no type line has the name */
	int attach;	  /* expected_attach_type, 0 when none */
	enum vx_probe_how how;
	/* VX_PROBE_BTF: the vmlinux functions to attach to, first found wins;
	 * VX_PROBE_SKIP: arg[0] says why; NULL past the last */
	const char *arg[VX_PROBE_ARGS];
};
/* The types to probe, in probing order. */
size_t vx_probe_spec_count(void);
const struct vx_probe_spec *vx_probe_spec_at(size_t i);
/* By libbpf name; NULL when the probe has no line for it. */
const struct vx_probe_spec *vx_probe_spec_find(const char *name);
/* "plain", "sleepable", "btf", "skip" -> enum vx_probe_how, -1 if none. */
int vx_probe_how_parse(const char *how);
/* Does the verifier's LOG say that the program's type may not call the
 * helper (progtypes.tsv's refusal lines: "unknown func", ...)? */
int vx_helper_refused(const char *log);

/* Every program type of patterns/progtypes.tsv, libbpf names, enum order. */
size_t vx_prog_type_count(void);
const char *vx_prog_type_name(size_t i);
/* Its enum bpf_prog_type value (BPF_PROG_TYPE_SCHED_CLS is 3), -1 if none. */
int vx_prog_type_value(size_t i);

/* The ctx column of progtypes.tsv ("__sk_buff" for sched_cls); NULL when
 * the type is unknown or has no fixed context struct. */
const char *vx_prog_type_ctx(const char *prog_type);
/* The named families of helper-families.tsv HELPER_ID belongs to
 * ("probe_read_family"): up to max names into out; returns the count. */
size_t vx_helper_families(int helper_id, const char **out, size_t max);

/* patterns/releases.tsv: what gives back what ACQUIRE took, in words
 * ("bpf_sk_release()"); NULL when ACQUIRE acquires nothing known. */
const char *vx_release_of(const char *acquire);
/* Is NAME a function some release of releases.tsv names? */
int vx_is_release(const char *name);

/* patterns/ctx-fields.tsv, in file order. */
struct vx_ctx_field {
	const char *st, *name;
	unsigned off, size;
	unsigned elem; /* an array's element size (cb), 0: not an array */
};
const struct vx_ctx_field *vx_ctx_fields(size_t *n);
/* patterns/map-types.tsv: "BPF_MAP_TYPE_HASH" for 1; NULL when unknown. The
 * values are below VX_MAP_TYPES. */
#define VX_MAP_TYPES 64
const char *vx_map_type_name(long value);

/* patterns/helper-args.tsv: what the pointer in register ARG of HELPER
 * ("bpf_map_update_elem", 3) must hold: "key", "value", NULL if nothing known. */
const char *vx_helper_arg_role(const char *helper, int arg);
/* patterns/libbpf-poison.tsv: the kind of libbpf poison an (invalid) helper
 * id is ("core", "map", "kfunc") and its index in *index (-1: none); NULL
 * when the id is no poison. */
const char *vx_poison_kind(long id, long *index);

/* Check the tables above and patterns/messages.tsv (DIR's copies when DIR
 * holds them, else the built-in ones): each problem is a "file:line: why"
 * line on out; returns the count (src/tables_check.c). */
int vx_tables_check(const char *dir, FILE *out);

#endif
