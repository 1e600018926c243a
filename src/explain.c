// SPDX-License-Identifier: MIT
/* explain: one program's parsed log -> its record. The record's fields come
 * from the log and its framing, its template variables from the captures and
 * the enrich_*.c facts (enrich.h), its words from the pattern's templates
 * (template.c); the words themselves are in patterns/. A variable added by
 * an enrich file is usable by every pattern. */
#include "explain.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "enrich.h"
#include "helpers.h"
#include "messages.h"
#include "patterns.h"
#include "progtype.h"
#include "progtype_narrow.h"
#include "util.h"

/* explain[VAR]: / fix[!VAR]: */
static int cond_holds(const struct vx_tmpl *t, const struct vx_vars *vars)
{
	return !t->cond || vx_vars_true(vars, t->cond) != t->negate;
}

static char *dup_sb(const struct strbuf *sb)
{
	return sb->len ? xstrdup(sb->buf) : NULL;
}

int vx_entry_is(const struct vx_record *r, const char *category)
{
	return r->pat && r->pat->category && !strcmp(r->pat->category, category);
}

/* Facts a template can test with explain[VAR]: "prog_is_xdp" for advice
 * that applies to one program type, "helper_is_bpf_d_path" for a helper
 * with rules of its own. Names are checked: only [a-z0-9_] make a fact. */
void vx_name_fact(struct vx_record *r, const char *prefix, const char *name)
{
	char fact[80];
	if (!name || !*name || strlen(name) > 60 || name[strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_")])
		return;
	snprintf(fact, sizeof(fact), "%s%s", prefix, name);
	vx_record_set(r, fact, "1");
}

/* Which program type is this? The user's word (or a producer's) first,
 * then the strongest clue: the type the framing states, the section, the
 * verdict's own words, the signature's context struct, and whatever the
 * rest of the input told (src/progtype.c, ranked in progtype-clues.tsv). */
static void infer_prog_type(struct vx_record *r, const struct vx_clue *seen,
			    const struct vx_hints *h, const struct vx_narrowing *ev)
{
	struct vx_clue best = { 0 }, k;
	const char *t;

	if (h && h->prog_type && strcmp(h->prog_type, "unspec")) {
		t = vx_prog_type_canonical(h->prog_type);
		r->prog_type = xstrdup(t ? t : h->prog_type);
		r->prog_type_from = h->prog_type_from ? h->prog_type_from : "option";
		return;
	}
	/* in rank order; the first of equal rank wins: this program's own
	 * framing (the type it states is the type); what the log's evidence
	 * rules out is passed over */
	if ((t = vx_prog_type_canonical(vx_record_var(r, "prog_type_stated"))))
		best = (struct vx_clue){ .rank = 7, .type = t, .from = "loader" };
	if ((t = vx_prog_type_canonical(vx_record_var(r, "prog_type_logged"))) && best.rank < 7 &&
	    vx_narrowing_allows(ev, t))
		best = (struct vx_clue){ .rank = 7, .type = t, .from = "log" };
	if (vx_clue_of_section(r->section, &k) > best.rank && vx_narrowing_allows(ev, k.type))
		best = k;
	if (seen && seen->rank > best.rank)
		best = *seen;
	if ((t = vx_prog_type_from_ctx(vx_record_var(r, "signature_ctx"))) && best.rank < 2 &&
	    vx_narrowing_allows(ev, t))
		best = (struct vx_clue){ .rank = 2, .type = t, .from = "context" };
	if (best.rank) {
		r->prog_type = xstrdup(best.type);
		r->prog_type_from = best.from;
	}
}

/* Facts from the log beyond the verdict line: loops, the hottest
 * instruction, the kernel's own diagnosis. */
static void log_facts(struct vx_record *r, const struct vx_vlog *v)
{
	if (v->saw_backedge)
		vx_record_set(r, "log_has_loop", "1");
	else if (v->saw_precise) /* a level-2 log shows every path: no loop at all */
		vx_record_set(r, "log_no_loop", "1");
	if (v->hot_insn >= 0 && v->hot_count > 1) {
		if (strstr(v->hot_text, "goto pc-"))
			vx_record_set(r, "hot_is_backedge", "1");
		vx_record_set_num(r, "hot_insn", v->hot_insn);
		vx_record_set_num(r, "hot_visits", v->hot_count);
		vx_record_set(r, "hot_insn_text", v->hot_text);
	}
	if (v->kdiag_head.len) {
		vx_record_set(r, "kdiag", v->kdiag_head.buf);
		vx_record_set(r, "kdiag_reason", v->kdiag_reason.buf);
		vx_record_set(r, "kdiag_at", v->kdiag_at.buf);
		vx_record_set(r, "kdiag_path", v->kdiag_path.buf);
		vx_record_set(r, "kdiag_suggestion", v->kdiag_suggestion.buf);
	}
}

static void context_vars(struct vx_record *r)
{
	vx_record_set(r, "prog_type", r->prog_type);
	vx_record_set(r, "prog_type_from", r->prog_type_from);
	vx_name_fact(r, "prog_is_", r->prog_type);
	vx_record_set(r, "prog_name", r->prog_name);
	vx_record_set(r, "section", r->section);
	vx_record_set(r, "loader", r->loader);
	vx_record_set_num(r, "insn", r->insn);
	vx_record_set(r, "insn_text", r->insn_text);
	vx_record_set(r, "src_file", r->src_file);
	vx_record_set_num(r, "src_line", r->src_line);
	vx_record_set(r, "src_text", r->src_text);
	vx_record_set(r, "reg", r->reg);
	vx_record_set(r, "reg_state", r->reg_state);
	vx_record_set_num(r, "processed_insns", r->processed_insns);
	vx_record_set_num(r, "insn_limit", r->insn_limit);
	vx_record_set_num(r, "total_states", r->total_states);
	vx_record_set_num(r, "peak_states", r->peak_states);
	vx_record_set_num(r, "max_states_per_insn", r->max_states_per_insn);
}

/* The texts of the templates whose condition holds, in order; a text that
 * came out empty (all of it conditional, none held) is left out. */
static size_t expand_all(const struct vx_tmpl *t, size_t n, const struct vx_vars *vars, char **out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!cond_holds(&t[i], vars))
			continue;
		char *e = vx_expand(t[i].text, vars);
		if (*e)
			out[k++] = e;
		else
			free(e);
	}
	return k;
}

static void add_paragraphs(struct strbuf *sb, const struct vx_tmpl *t, size_t n,
			   const struct vx_vars *vars)
{
	char **texts = xcalloc(n ? n : 1, sizeof(char *));
	size_t k = expand_all(t, n, vars, texts);
	for (size_t i = 0; i < k; i++) {
		sb_addf(sb, "%s%s", sb->len ? "\n\n" : "", texts[i]);
		free(texts[i]);
	}
	free(texts);
}

static void add_fixes(struct vx_record *r, const struct vx_tmpl *t, size_t n,
		      const struct vx_vars *vars)
{
	r->fixes = xrealloc(r->fixes, (r->nfixes + n + 1) * sizeof(char *));
	r->nfixes += expand_all(t, n, vars, r->fixes + r->nfixes);
}

/* The record's words: title, explanation and fixes from the templates of w
 * and, when extra is not NULL, extra's paragraphs after w's and its fixes
 * before w's (the kernel's own diagnosis). */
static void words(struct vx_record *r, const struct vx_message *w, const struct vx_message *extra,
		  const struct vx_vars *vars)
{
	struct strbuf sb = STRBUF_INIT;
	add_paragraphs(&sb, w->explain, w->nexplain, vars);
	if (extra)
		add_paragraphs(&sb, extra->explain, extra->nexplain, vars);
	r->explanation = sb_detach(&sb);
	if (extra)
		add_fixes(r, extra->fix, extra->nfix, vars);
	add_fixes(r, w->fix, w->nfix, vars);
	if (w->title)
		r->title = vx_expand(w->title, vars);
}

/* An entry's answer, its kernel notes and references. */
static void explain_text(struct vx_record *r, const struct vx_pattern *p)
{
	const struct vx_vars vars = vx_record_vars(r);
	const struct vx_message w = { p->title, p->explain, p->nexplain, p->fix, p->nfix };
	words(r, &w, vx_message("diagnosis"), &vars);
	r->kernels = xstrdup(p->kernels);
	for (size_t i = 0; i < p->nrefs; i++) {
		r->refs = xrealloc(r->refs, (r->nrefs + 1) * sizeof(char *));
		r->refs[r->nrefs++] = xstrdup(p->refs[i]);
	}
}

/* No entry explains the record (messages.tsv's ID): a verdict no pattern
 * knows, or a log cut before its verdict. Its templates also see the
 * verdict line and whether the failing instruction is known. */
static void explain_fallback(struct vx_record *r, const char *id)
{
	const struct vx_vars rec = vx_record_vars(r);
	struct vx_var top[] = { { "message", r->message }, { "insn_known", "1" } };
	const struct vx_vars vars = { top, r->insn >= 0 ? 2 : 1, &rec };
	words(r, vx_message(id), NULL, &vars);
}

static void copy_excerpt(struct vx_record *r, const struct vx_vlog *v)
{
	size_t n = v->have_verdict ? v->at_ring_count : v->ring_count;
	size_t start = v->have_verdict ? 0 : (v->ring_head + VX_RING - v->ring_count) % VX_RING;
	for (size_t i = 0; i < n && r->nexcerpt < VX_EXCERPT_LINES; i++)
		r->excerpt[r->nexcerpt++] = xstrdup(v->have_verdict ? v->at_ring[i] :
					v->ring[(start + i) % VX_RING]);
}

struct vx_record *vx_explain(const struct vx_vlog *v, const struct vx_prog_meta *m,
			     const struct vx_hints *h)
{
	struct vx_record *r = xcalloc(1, sizeof(*r));
	const struct vx_context *c = v->have_verdict ? &v->at : &v->cur;
	r->helper_id = -1;
	r->verdict = v->have_verdict		    ? VX_REJECTED :
		     v->cut			    ? VX_TRUNCATED :
		     v->saw_processed		    ? VX_ACCEPTED :
		     v->saw_insn		    ? VX_TRUNCATED :
						      VX_NO_LOG;
	const struct vx_pattern *p = v->have_verdict ? v->pattern : NULL;
	if (h && h->accepted_by_kernel && r->verdict != VX_ACCEPTED) {
		/* the kernel's answer beats a line that reads like a verdict */
		r->verdict = VX_ACCEPTED;
		p = NULL;
	}
	r->message = r->verdict == VX_REJECTED ? xstrdup(v->verdict.buf) : NULL;
	if (h && h->loader_refused && (r->verdict == VX_NO_LOG || r->verdict == VX_ACCEPTED)) {
		/* the load failed and the log says nothing against it */
		r->verdict = VX_REJECTED;
		r->message = xstrdup(h->loader_refused);
		p = h->loader_refused_entry;
	}
	r->insn = c->insn;
	r->insn_text = dup_sb(&c->insn_text);
	r->src_file = dup_sb(&c->src_file);
	r->src_line = c->src_line;
	r->src_text = dup_sb(&c->src_text);
	r->loader = xstrdup(h && h->loader ? h->loader : m->loader ? m->loader : "kernel");
	r->prog_name = xstrdup(m->prog ? m->prog : h ? h->prog_name : NULL);
	r->section = xstrdup(m->section ? m->section : h ? h->section : NULL);
	r->processed_insns = v->processed_insns;
	r->insn_limit = v->insn_limit;
	r->max_states_per_insn = v->max_states_per_insn;
	r->total_states = v->total_states;
	r->peak_states = v->peak_states;
	r->skipped_bytes = v->skipped_bytes;
	if (v->skipped_bytes)
		vx_record_set(r, "log_partial", "1");
	r->log_lines = v->skipped_bytes ? -1 : v->lines;
	r->log_level = v->saw_precise ? 2 : v->saw_insn ? 1 : 0;
	copy_excerpt(r, v);
	/* the kernel the log came from: the user's word, else the loader's */
	struct vx_hints hk = h ? *h : (struct vx_hints){ 0 };
	if (!hk.kernel)
		hk.kernel = m->kernel;
	h = &hk;
	if (h->kernel)
		vx_record_set(r, "kernel", h->kernel);

	r->pat = p; /* the enrich facts may ask about the entry (vx_entry_is) */
	for (size_t i = 0; p == v->pattern && p && i < v->caps.n; i++)
		vx_record_set(r, v->caps.name[i], v->caps.value[i]);
	/* the register the verdict names: a capture, or the message's first word */
	const char *reg = vx_record_var(r, "reg");
	if (!reg && r->message && r->message[0] == 'R' && isdigit((unsigned char)r->message[1]))
		reg = r->message;
	if (reg && vx_reg_index(reg) >= 0) {
		int n = vx_reg_index(reg);
		r->reg = xasprintf("R%d", n);
		if (c->regs[n].len)
			r->reg_state = xstrdup(c->regs[n].buf);
	}
	vx_reg_facts(r, c);
	vx_poison_facts(r);
	vx_origin_facts(r, v);
	vx_acquire_facts(r, v);
	log_facts(r, v);
	vx_access_facts(r);
	vx_message_range_facts(r);
	vx_weak_kfunc_facts(r, v);
	vx_map_type_fact(r);
	vx_prog_type_num_facts(r);
	vx_relo_facts(r);
	vx_call_facts(r, v, c);
	vx_room_facts(r, c);
	vx_number_facts(r, v, c);
	/* for vx_explain_finish: what the framing and the signature said */
	vx_record_set(r, "prog_type_stated", m->type);
	if (v->ctx_struct.len)
		vx_record_set(r, "signature_ctx", v->ctx_struct.buf);
	return r;
}

void vx_explain_finish(struct vx_record *r, const struct vx_clue *clue, const struct vx_hints *h,
		       const struct vx_narrowing *evidence)
{
	const struct vx_pattern *p = r->pat;
	/* the kernel the log came from: the user's word, else the loader's */
	struct vx_hints hk = h ? *h : (struct vx_hints){ 0 };
	if (!hk.kernel)
		hk.kernel = vx_record_var(r, "kernel");
	infer_prog_type(r, clue, &hk, evidence);
	context_vars(r);
	vx_helper_facts(r, &hk);
	vx_hint_facts(r, &hk);
	vx_ctx_facts(r);
	vx_number_facts_late(r);
	if (r->verdict == VX_REJECTED) {
		const struct vx_vars vars = vx_record_vars(r);
		r->category = p ? p->category : "other";
		for (size_t i = 0; p && i < p->nrecategorize; i++)
			if (cond_holds(&p->recategorize[i], &vars)) {
				r->category = p->recategorize[i].text;
				break;
			}
		r->pattern = p ? p->id : NULL;
		if (p)
			explain_text(r, p);
		else
			explain_fallback(r, "unknown");
	} else if (r->verdict == VX_TRUNCATED) {
		explain_fallback(r, "truncated");
	}
}
