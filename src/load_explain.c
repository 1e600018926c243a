// SPDX-License-Identifier: MIT
/* A load result -> its record, through the pipeline, with what the load
 * knows besides the log given as hints (load_explain.h). */
#include "load_explain.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "patterns.h"
#include "util.h"
#include "vm.h"

static bool has_id(const int *ids, size_t n, int id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Which call the loader changed. The instructions say it exactly (same
 * index, other helper id); failing that (results from an older agent), a
 * helper the verifier printed that the object never calls, where the
 * object calls the helper libbpf turns into it (helper-families.tsv). */
static void rewrite_facts(const struct vx_load_result *r, struct vx_hints *h)
{
	const char *why = NULL;

	h->rewritten_insn = -1;
	if (r->nrewrites) {
		h->rewritten_from = r->rewrites[0].from;
		h->rewritten_to = r->rewrites[0].to;
		h->rewritten_insn = r->rewrites[0].insn;
		if (vx_helper_rewritten("libbpf", h->rewritten_from, &why) == h->rewritten_to)
			h->rewritten_why = why;
		return;
	}
	for (size_t i = 0; i < r->nobj_helpers; i++) {
		int from = r->obj_helpers[i], to = vx_helper_rewritten("libbpf", from, &why);

		if (to < 0 || !has_id(r->log_helpers, r->nlog_helpers, to) ||
		    has_id(r->obj_helpers, r->nobj_helpers, to))
			continue;
		h->rewritten_from = from;
		h->rewritten_to = to;
		h->rewritten_why = why;
		return;
	}
}

/* libbpf's line that says why, from its messages for this load: its own
 * complaint first, then "BPF program load failed: ...", then anything. */
static char *loader_reason(const struct vx_load_result *r)
{
	const char *msgs = r->loader_msgs ? r->loader_msgs : "";
	const char *fallback = NULL, *first = *msgs ? msgs : NULL;

	for (const char *p = msgs; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != 0)) {
		size_t l = strcspn(p, "\n");
		char *line = xstrndup(p, l);
		bool generic = strstr(line, "failed to load") || strstr(line, "Failed to bump");

		if (strstr(line, "BPF program load failed"))
			fallback = fallback ? fallback : p;
		else if (!generic && starts_with(line, "prog '"))
			return line;
		free(line);
	}
	if (fallback || first) {
		const char *p = fallback ? fallback : first;
		return xstrndup(p, strcspn(p, "\n"));
	}
	return xasprintf("load failed: %s", strerror(-r->err));
}

/* The framed text of one result, as the pipeline reads any libbpf output. */
static char *framed(const struct vx_load_result *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	vx_load_print(f, r, 1);
	fclose(f);
	/* The last line carries the numbers for vx_load_parse(); the
	 * pipeline has them from the result, and would take the line for a
	 * verdict when there is no log. */
	char *stats = strstr(buf, "\nvexplain-load: prog '");
	if (stats) {
		stats[1] = '\0';
		*len = stats + 1 - buf;
	}
	return buf;
}

int vx_load_explain(const struct vx_db *db, const struct vx_load_result *r,
		    struct vx_record **out)
{
	struct vx_hints h = {
		.prog_type = r->type,
		.prog_type_from = "loader",
		.prog_name = r->name,
		.section = r->section,
		.loader = "libbpf",
		.kernel = r->kernel,
		.accepted_by_kernel = r->accepted,
		.load_errno = r->accepted ? 0 : -r->err,
	};
	struct vx_record **recs = NULL, *rec = NULL;
	size_t n = 0, len = 0;
	char *reason = r->accepted ? NULL : loader_reason(r);
	char *text = framed(r, &len);
	int err;

	rewrite_facts(r, &h);
	h.loader_refused = reason;
	h.loader_refused_entry = reason ? vx_db_find(db, "loader-refused") : NULL;
	err = text ? vx_explain_buffer(db, &h, text, len, &recs, &n) : -ENOMEM;
	free(text);
	free(reason);
	/* One program's log was fed, and its verdict is at its end: if the
	 * pipeline split it, the last rejection is the one that counts. */
	for (size_t i = 0; i < n; i++) {
		if (!rec || recs[i]->verdict == VX_REJECTED || rec->verdict != VX_REJECTED) {
			vx_record_free(rec);
			rec = recs[i];
		} else {
			vx_record_free(recs[i]);
		}
	}
	free(recs);
	if (err) {
		vx_record_free(rec);
		return err;
	}
	*out = rec;
	return rec ? 0 : -ENOMSG;
}

int vx_load_explain_output(const struct vx_db *db, const struct vx_hints *hints,
			   const char *text, size_t len, struct vx_record ***out, size_t *nout)
{
	struct vx_load_result *res = NULL;
	size_t n = 0;
	int err = vx_load_parse(text, len, &res, &n);

	if (err == -ENOMSG)
		return vx_explain_buffer(db, hints, text, len, out, nout);
	if (err)
		return err;
	*out = xcalloc(n, sizeof(**out));
	*nout = 0;
	for (size_t i = 0; i < n && !err; i++) {
		err = vx_load_explain(db, &res[i], &(*out)[*nout]);
		*nout += !err;
	}
	vx_load_results_free(res, n);
	return err;
}

int vx_load_on(const char *kernel, const char *obj, const struct vx_load_opts *opts,
	       struct vx_load_result **res, size_t *n, char **agent_out)
{
	char *out = NULL, *release = NULL;
	size_t len = 0;
	int err;

	if (agent_out)
		*agent_out = NULL;
	if (!kernel)
		return vx_load_object(obj, opts, res, n);
	err = vx_vm_load(kernel, obj, opts, 0, &out, &len, &release);
	if (!err)
		err = vx_load_parse(out, len, res, n);
	if (err == -ENOMSG && agent_out)
		*agent_out = out;
	else
		free(out);
	free(release);
	return err;
}
