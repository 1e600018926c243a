// SPDX-License-Identifier: MIT
/* enrich: calls. The helper a verdict is about (its id, name, families, which
 * program types may call it, what to call instead), the failing call and the
 * earlier ones (acquire and release, a double release), libbpf's poisoned
 * and removed calls, and what a loader rewrote before the load. */
#include "enrich.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util.h"

/* "call bpf_probe_read#4" -> 4 and its name, for verdicts about that call. */
static int helper_from_insn(const char *insn_text)
{
	const char *c = insn_text ? strstr(insn_text, "call ") : NULL;
	if (!c || strstr(c, "pc+") || strstr(c, "pc-"))
		return -1;
	const char *hash = strchr(c, '#');
	const char *num = hash ? hash + 1 : c + 5; /* 4.x printed "call 14" */
	if (!isdigit((unsigned char)*num))
		return -1;
	if (!hash && num[strspn(num, "0123456789")])
		return -1; /* "call 14" must be the whole rest of the line */
	long id = atol(num);
	return id >= 0 && id <= VX_HELPER_MAX ? (int)id : -1;
}

static void join_names(struct strbuf *sb, const char **names, size_t n, size_t total)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(sb, ", ");
		sb_adds(sb, names[i]);
	}
	if (total > n)
		sb_addf(sb, " and %zu more", total - n);
}

static const char *newest_kernel(const struct vx_hints *h)
{
	if (h && h->kernel) {
		/* "6.1.0-56-amd64" is 6.1's table, "6.18.44" is not */
		for (size_t i = 0; i < vx_kernel_count(); i++) {
			size_t n = strlen(vx_kernel_name(i));
			if (!strncmp(h->kernel, vx_kernel_name(i), n) &&
			    !isdigit((unsigned char)h->kernel[n]))
				return vx_kernel_name(i);
		}
	}
	return vx_kernel_count() ? vx_kernel_name(0) : NULL;
}

/* For a family "probe_read_family": probe_read_allowed or probe_read_refused,
 * whether this program type may call the helper on some probed kernel. */
static void family_allowed_facts(struct vx_record *r, const char **fams, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(fams[i]);
		if (len < 8 || strcmp(fams[i] + len - 7, "_family"))
			continue;
		char name[80];
		snprintf(name, sizeof(name), "%.*s_%s", (int)(len - 7), fams[i],
			 vx_record_var(r, "helper_allowed") ? "allowed" : "refused");
		vx_record_set(r, name, "1");
	}
}

void vx_helper_facts(struct vx_record *r, const struct vx_hints *h)
{
	const char *name = vx_record_var(r, "helper");
	const char *id = vx_record_var(r, "helper_id");
	r->helper_id = -1;
	if (id && isdigit((unsigned char)*id)) {
		long n = atol(id);
		if (n >= 0 && n <= VX_HELPER_MAX)
			r->helper_id = (int)n;
	}
	if (r->helper_id < 0 && name)
		r->helper_id = vx_helper_id(name);
	if (r->helper_id < 0 && !name)
		r->helper_id = helper_from_insn(r->insn_text);
	if (r->helper_id < 0)
		return;
	r->helper_name = vx_helper_name(r->helper_id);
	if (!r->helper_name)
		return;
	vx_record_set(r, "helper", r->helper_name);
	vx_record_set_num(r, "helper_id", r->helper_id);
	vx_name_fact(r, "helper_is_", r->helper_name);
	const char *fams[8];
	size_t nfams = vx_helper_families(r->helper_id, fams, ARRAY_SIZE(fams));
	for (size_t i = 0; i < nfams && i < ARRAY_SIZE(fams); i++)
		vx_record_set(r, fams[i], "1");

	const char *kernel = newest_kernel(h);
	if (kernel) {
		const char *types[64];
		size_t total =
			vx_helper_allowed_types(kernel, r->helper_id, types, ARRAY_SIZE(types));
		struct strbuf sb = STRBUF_INIT;
		join_names(&sb, types, total < 12 ? total : 12, total);
		if (total) {
			vx_record_set(r, "helper_allowed_types", sb.buf);
			vx_record_set(r, "helper_table_kernel", kernel);
		}
		sb_free(&sb);
	}
	if (!r->prog_type)
		return;
	for (size_t k = 0; k < vx_kernel_count(); k++)
		if (vx_helper_allowed(vx_kernel_name(k), r->prog_type, r->helper_id) == 1) {
			vx_record_set(r, "helper_allowed", "1");
			vx_record_set(r, "helper_allowed_kernel", vx_kernel_name(k));
			break;
		}
	family_allowed_facts(r, fams, nfams < ARRAY_SIZE(fams) ? nfams : ARRAY_SIZE(fams));
	int related[16];
	const char *why[16];
	size_t nrel = vx_helper_related(r->helper_id, related, why, ARRAY_SIZE(related));
	struct strbuf alt = STRBUF_INIT, all = STRBUF_INIT;
	for (size_t i = 0; i < nrel && i < ARRAY_SIZE(related); i++) {
		const char *rn = vx_helper_name(related[i]);
		if (!rn)
			continue;
		sb_addf(&all, "%s%s (#%d)", all.len ? ", " : "", rn, related[i]);
		if (kernel && vx_helper_allowed(kernel, r->prog_type, related[i]) == 1)
			sb_addf(&alt, "%s%s (#%d)", alt.len ? ", " : "", rn, related[i]);
	}
	if (all.len)
		vx_record_set(r, "helper_related", all.buf);
	/* alternatives matter only where this type may not call the helper */
	if (alt.len && !vx_record_var(r, "helper_allowed"))
		vx_record_set(r, "helper_type_alternatives", alt.buf);
	sb_free(&alt);
	sb_free(&all);
}

/* libbpf replaces calls it could not relocate with ids no helper has
 * (patterns/libbpf-poison.tsv); the verdict prints the id after the '#' of
 * "name#id", as for every call. */
void vx_poison_facts(struct vx_record *r)
{
	const char *hash = r->message ? strrchr(r->message, '#') : NULL;
	long index;
	const char *kind = hash && isdigit((unsigned char)hash[1]) ?
				   vx_poison_kind(atol(hash + 1), &index) :
				   NULL;
	if (!kind)
		return;
	vx_record_set(r, "poison", kind);
	vx_record_set_num(r, "poison_index", index);
}

/* Which call gives back what an acquiring helper or kfunc took: a leak's
 * fix names it (patterns/releases.tsv). */
static void release_fact(struct vx_record *r, const char *acquire)
{
	vx_record_set(r, "release_helper", vx_release_of(acquire));
}

/* The failing call and what came before it: call_name ("bpf_task_release"
 * from "call bpf_task_release#65910", kfuncs too), call_is_release when it
 * gives back a reference, prev_call_insn/prev_call_src_line for an earlier
 * call of the same function (a double release), and for "arg#N ..." the
 * register that carried the argument (arg_reg, arg_reg_state, arg_reg_type,
 * the fact arg_reg_is_<type>). */
void vx_call_facts(struct vx_record *r, const struct vx_vlog *v, const struct vx_context *c)
{
	const char *call = r->insn_text ? strstr(r->insn_text, ") call ") : NULL;
	char name[48];
	if (call && sscanf(call + 7, "%47[A-Za-z0-9_]#", name) == 1 && name[0] &&
	    !isdigit((unsigned char)name[0])) {
		vx_record_set(r, "call_name", name);
		if (vx_is_release(name))
			vx_record_set(r, "call_is_release", "1");
		for (size_t i = v->ncalls; i-- > 0;)
			if (v->calls[i].insn < r->insn && !strcmp(v->calls[i].name, name)) {
				vx_record_set_num(r, "prev_call_insn", v->calls[i].insn);
				vx_record_set_num(r, "prev_call_src_line", v->calls[i].src_line);
				break;
			}
	}
	long long arg;
	if (!vx_record_num(r, "arg", &arg) || arg < 0 || arg > 4 || !c->regs[arg + 1].len)
		return;
	const char *st = c->regs[arg + 1].buf;
	snprintf(name, sizeof(name), "R%lld", arg + 1);
	vx_record_set(r, "arg_reg", name);
	vx_record_set(r, "arg_reg_state", st);
	const char *eq = strchr(st, '=');
	size_t n = eq ? strspn(eq + 1, "abcdefghijklmnopqrstuvwxyz_") : 0;
	if (!n || n > 40)
		return;
	snprintf(name, sizeof(name), "%.*s", (int)n, eq + 1);
	vx_record_set(r, "arg_reg_type", name);
	vx_name_fact(r, "arg_reg_is_", name);
}

/* libbpf turns a call to a __weak kfunc this kernel lacks into "call #0",
 * which the verifier skips: R0 is never set and the next read of it fails. */
void vx_weak_kfunc_facts(struct vx_record *r, const struct vx_vlog *v)
{
	for (size_t i = 0; i < v->ncalls; i++)
		if (v->calls[i].helper_id == 0 && !v->calls[i].name[0]) {
			vx_record_set_num(r, "weak_kfunc_call_insn", v->calls[i].insn);
			vx_record_set(r, "weak_kfunc_call", "1");
			vx_record_set_num(r, "weak_kfunc_src_line", v->calls[i].src_line);
			return;
		}
}

/* A producer's facts (struct vx_hints) as variables: what the loader did to
 * the program before the kernel saw it, and how the load ended. */
void vx_hint_facts(struct vx_record *r, const struct vx_hints *h)
{
	if (h->load_errno > 0) {
		vx_record_set_num(r, "load_errno", h->load_errno);
		vx_record_set(r, "load_error", strerror(h->load_errno));
	}
	vx_record_set(r, "loader_refused", h->loader_refused);
	if (h->rewritten_from <= 0)
		return;
	char v[32];
	snprintf(v, sizeof(v), "%d->%d", h->rewritten_from, h->rewritten_to);
	vx_record_set(r, "rewritten", v);
	vx_record_set_num(r, "rewritten_from", h->rewritten_from);
	vx_record_set_num(r, "rewritten_to", h->rewritten_to);
	vx_record_set(r, "rewritten_from_name", vx_helper_name(h->rewritten_from));
	vx_record_set(r, "rewritten_to_name", vx_helper_name(h->rewritten_to));
	vx_record_set_num(r, "rewritten_insn", h->rewritten_insn);
	vx_record_set(r, "rewritten_why", h->rewritten_why);
	vx_name_fact(r, "rewritten_because_", h->rewritten_why);
	if (r->helper_id == h->rewritten_to)
		vx_record_set(r, "rewritten_at_verdict", "1");
}

/* Which call acquired the reference a leak verdict names (alloc_insn). */
void vx_acquire_facts(struct vx_record *r, const struct vx_vlog *v)
{
	const char *alloc = vx_record_var(r, "alloc_insn");
	if (!alloc)
		return;
	long ai = atol(alloc);
	for (size_t i = 0; i < v->ncalls; i++)
		if (v->calls[i].insn == ai) {
			vx_record_set(r, "acquire_helper", v->calls[i].name);
			release_fact(r, v->calls[i].name);
			vx_record_set_num(r, "acquire_src_line", v->calls[i].src_line);
		}
}
