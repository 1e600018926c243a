/* SPDX-License-Identifier: MIT */
/* A load result -> its record: the one path from what libbpf and the kernel
 * said about a program to the pipeline's explanation, used by `load`,
 * `load --matrix`, `load --kernels`, `diff`, `bisect --object` and
 * `bisect --kernels`, so that they give the same verdict on the same object.
 *
 * What the load knows besides the log (the kernel accepted it, the loader
 * refused it in its own words, the loader rewrote a helper call) goes to the
 * pipeline as facts in struct vx_hints; nothing edits the record afterwards. */
#ifndef VX_LOAD_EXPLAIN_H
#define VX_LOAD_EXPLAIN_H

#include <stddef.h>

#include "bpfload.h"
#include "pipeline.h"
#include "record.h"

struct vx_db;

/* The record of one result (never NULL on success): 0, or -errno (-ENOMEM,
 * -ENOMSG when the pipeline gave nothing). */
int vx_load_explain(const struct vx_db *db, const struct vx_load_result *res,
		    struct vx_record **out);

/* Load OBJ's programs on KERNEL: NULL is this kernel (vx_load_object()),
 * anything else a kernel in qemu (vm.h: "6.1", "6.12", a bzImage path).
 * Returns vx_load_object()'s errors, or vx_vm_load()'s (vx_vm_strerror()
 * says them); -ENOMSG from a VM when the agent loaded nothing, its output
 * then in *agent_out if not NULL (free it). */
int vx_load_on(const char *kernel, const char *obj, const struct vx_load_opts *opts,
	       struct vx_load_result **res, size_t *n, char **agent_out);

/* Explain what a load printed (vx_load_print()'s text, from this kernel or
 * a VM's agent): one record per program, as vx_load_explain() gives it.
 * Text that holds no load result (a loader's own output, an error) is
 * explained as any log, with HINTS. Same contract as vx_explain_buffer(). */
int vx_load_explain_output(const struct vx_db *db, const struct vx_hints *hints,
			   const char *text, size_t len, struct vx_record ***out, size_t *nout);

#endif
