// SPDX-License-Identifier: MIT
/* The pipeline, wiring only: unwrap's events drive one vx_vlog per program
 * (the parse, vlog.c, then the verdict stage, verdict.c, on each line); a
 * finished program is explained and handed on. A program's log starts at a
 * loader's marker, or implicitly at the first line only a verifier prints
 * (or a verdict alone: vx_verdict_outside); it ends at a loader's end
 * marker or where the verdict stage says it is over (vx_verdict_over). */
#include "pipeline.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "patterns.h"
#include "progtype.h"
#include "statement.h"
#include "unwrap.h"
#include "util.h"
#include "verdict.h"
#include "vlog.h"

#define VX_MAX_SEEN 4096 /* distinct rejections remembered for de-duplication */

struct vx_pipeline {
	const struct vx_db *db;
	struct vx_hints hints;
	struct vx_clues *clues; /* program type clues; completes the records (progtype.h) */
	vx_record_fn fn;
	void *ctx;
	struct vx_unwrap *u;
	struct vx_vlog log;
	int open, framed;
	struct vx_prog_meta meta, pending;
	char *done_prog; /* the name of the program finished last */
	struct vx_caps caps;
	struct vx_verdict_held held; /* the verdict stage's lines outside a log */
	struct vx_said_lines *said;  /* the loader's statements, for an input with no log */
	struct strbuf held_src;	     /* a source line outside a log: the next log's first */
	struct { uint64_t what, prog; enum vx_verdict verdict; } seen[VX_MAX_SEEN];
	size_t nseen;
	size_t counts[4];
	size_t gap_pending; /* skipped bytes for the next program opened */
	int stop;
};

static void meta_clear(struct vx_prog_meta *m)
{
	free(m->loader);
	free(m->prog);
	free(m->section);
	free(m->type);
	free(m->kernel);
	memset(m, 0, sizeof(*m));
}

static void meta_take(struct vx_prog_meta *dst, const struct vx_event *ev)
{
	if (ev->loader && !dst->loader)
		dst->loader = xstrdup(ev->loader);
	if (ev->prog && !dst->prog)
		dst->prog = xstrdup(ev->prog);
	if (ev->section && !dst->section)
		dst->section = xstrdup(ev->section);
	if (ev->type && !dst->type)
		dst->type = xstrdup(ev->type);
	if (ev->kernel && !dst->kernel)
		dst->kernel = xstrdup(ev->kernel);
	dst->failed |= ev->failed;
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (h ^ 0xff) * 0x100000001b3ULL;
}

/* The same rejection printed twice (Aya prints it under Error: and again
 * under Caused by:, cilium/ebpf as a summary and as the log's tail) is one
 * rejection: same verdict, message and instruction, and the same program
 * where both name one. */
static int seen_before(struct vx_pipeline *p, const struct vx_record *r)
{
	char num[64];
	snprintf(num, sizeof(num), "%d %ld", r->verdict, r->verdict == VX_ACCEPTED ? r->processed_insns : r->insn);
	uint64_t what = fnv(fnv(0xcbf29ce484222325ULL, num), r->message);
	uint64_t prog = r->prog_name ? fnv(0xcbf29ce484222325ULL, r->prog_name) : 0;
	for (size_t i = 0; i < p->nseen; i++) {
		int same_prog = !prog || !p->seen[i].prog || p->seen[i].prog == prog;
		if (same_prog && p->seen[i].what == what)
			return 1;
		/* a cut copy of a log whose rejection was already explained */
		if (same_prog && r->verdict == VX_TRUNCATED && p->seen[i].verdict == VX_REJECTED)
			return 1;
	}
	if (p->nseen < VX_MAX_SEEN) {
		p->seen[p->nseen].verdict = r->verdict;
		p->seen[p->nseen].what = what;
		p->seen[p->nseen++].prog = prog;
	}
	return 0;
}

static int finish_program(struct vx_pipeline *p)
{
	int rc = 0;
	vx_vlog_settle(&p->log);
	if (p->open)
		vx_verdict_finish(&p->log, p->db, p->meta.failed);
	if (p->open && !vx_vlog_empty(&p->log)) {
		struct vx_record *r = vx_explain(&p->log, &p->meta, &p->hints);
		if (!seen_before(p, r)) {
			p->counts[r->verdict]++;
			rc = p->fn(r, p->ctx);
		}
		vx_record_free(r);
	}
	p->open = p->framed = 0;
	vx_vlog_reset(&p->log);
	free(p->done_prog);
	p->done_prog = p->meta.prog ? xstrdup(p->meta.prog) : NULL;
	meta_clear(&p->meta);
	return rc;
}

/* A loader names a program: the open one's, or the next one's. Outside a
 * log, a name that differs from what is pending replaces it (the pending
 * one was an earlier program's), and the finished program's own name
 * ("prog 'x': failed to load: -13" after its log) is not the next one's. */
static void on_meta(struct vx_pipeline *p, const struct vx_event *ev)
{
	if (p->open && !p->log.saw_processed) {
		meta_take(&p->meta, ev);
		return;
	}
	if (ev->prog && !p->open && p->done_prog && !strcmp(ev->prog, p->done_prog))
		return;
	if (ev->prog && p->pending.prog && strcmp(ev->prog, p->pending.prog))
		meta_clear(&p->pending);
	meta_take(&p->pending, ev);
}

static void open_program(struct vx_pipeline *p, int framed)
{
	p->log.skipped_bytes = p->gap_pending;
	p->gap_pending = 0;
	free(p->done_prog); /* its trailing lines are over */
	p->done_prog = NULL;
	p->open = 1;
	p->framed = framed;
	p->meta = p->pending;
	memset(&p->pending, 0, sizeof(p->pending));
}

/* A line that begins a program's log when none is open. */
static int starts_log(enum vx_line_kind k)
{
	return k == VL_INSN || k == VL_STATE || k == VL_FUNC || k == VL_PROCESSED ||
	       k == VL_PRECISE || k == VL_KDIAG;
}

/* stable: s stays valid until the feed returns (vx_vlog_add_stable) */
static int add_line(struct vx_pipeline *p, enum vx_line_kind k, const char *s, size_t len,
		    int stable)
{
	const struct vx_pattern *pat = NULL;
	if (k == VL_OTHER || k == VL_LOADER)
		pat = vx_db_match(p->db, s, len, &p->caps);
	if (vx_verdict_join(&p->log, p->db, k, s, len, pat))
		return 0;
	if (stable)
		vx_vlog_add_stable(&p->log, k, s, len);
	else
		vx_vlog_add(&p->log, k, s, len);
	vx_verdict_line(&p->log, k, s, len, pat, &p->caps);
	if (p->caps.n)
		vx_caps_clear(&p->caps);
	return 0;
}

static int on_line(struct vx_pipeline *p, const char *s, size_t len);

/* A line that holds two messages (vx_verdict_glued): each on its own. */
static int split_glued(struct vx_pipeline *p, const char *s, size_t len, size_t g)
{
	char *head = xstrndup(s, g);
	int rc = on_line(p, head, g);
	free(head);
	return rc ? rc : on_line(p, s + g, len - g);
}

/* Is this a line of an open log that only the parse needs? Precision
 * tracking (most of a level-2 log), blanks, source lines, and instructions
 * and states that start no new program and hold no glued summary: for
 * these on_kind_line only hands the line to the parse. */
static int parse_only(const struct vx_pipeline *p, enum vx_line_kind k, const char *s, size_t len)
{
	if (!p->open)
		return 0;
	if (k == VL_INSN || k == VL_STATE) {
		if (!p->framed && s[0] == '0' && s[1] == ':') /* vx_verdict_over() */
			return 0;
		return k == VL_STATE || !vx_verdict_may_be_glued(s, len);
	}
	return k == VL_PRECISE || k == VL_BLANK || k == VL_SOURCE;
}

static void parse_line(struct vx_pipeline *p, enum vx_line_kind k, const char *s, size_t len)
{
	vx_vlog_add_stable(&p->log, k, s, len);
	vx_verdict_note(&p->log, k);
}

/* A line of kind k (vx_classify_line); stable as for add_line. */
static int on_kind_line(struct vx_pipeline *p, enum vx_line_kind k, const char *s, size_t len,
			int stable)
{
	size_t g;
	if ((g = vx_verdict_glued(k, s, len)))
		return split_glued(p, s, len, g);
	if (p->open && vx_verdict_over(&p->log, k, s, p->framed)) {
		int rc = finish_program(p);
		if (rc)
			return rc;
	}
	if (p->open)
		return add_line(p, k, s, len, stable);
	if (k == VL_BLANK)
		return 0;
	if (k == VL_SOURCE) {
		/* the paste may start at the annotation of its first instruction */
		sb_reset(&p->held_src);
		sb_add(&p->held_src, s, len);
		return 0;
	}
	if (starts_log(k)) {
		open_program(p, 0);
		if (p->held_src.len && k == VL_INSN)
			add_line(p, VL_SOURCE, p->held_src.buf, p->held_src.len, 0);
		sb_reset(&p->held_src);
		const struct strbuf *verdict = vx_verdict_opening(&p->held, k);
		if (verdict)
			add_line(p, VL_OTHER, verdict->buf, verdict->len, 0);
		return add_line(p, k, s, len, stable);
	}
	sb_reset(&p->held_src);
	const struct vx_pattern *pat = vx_verdict_outside(&p->held, p->db, k, s, len, &p->caps);
	if (pat && p->held.joined.len) {
		s = p->held.joined.buf;
		len = p->held.joined.len;
	}
	if (pat) {
		open_program(p, 0);
		vx_vlog_add(&p->log, k, s, len);
		vx_verdict_line(&p->log, k, s, len, pat, &p->caps);
	}
	vx_caps_clear(&p->caps);
	return 0;
}

static int on_line(struct vx_pipeline *p, const char *s, size_t len)
{
	return on_kind_line(p, vx_classify_line(s), s, len, 0);
}

static int answered(const struct vx_pipeline *p)
{
	return p->counts[VX_REJECTED] || p->counts[VX_ACCEPTED] || p->counts[VX_TRUNCATED];
}

/* No program's log said anything: the loader's statement of the failure,
 * when it names a step of its own (a map, BTF, an attach), is the verdict. */
static int said_record(struct vx_pipeline *p, const struct vx_said *s)
{
	struct vx_vlog v;
	struct vx_caps caps = { 0 };
	for (size_t i = 0; i < s->caps.n; i++) {
		caps.name[caps.n] = s->caps.name[i];
		caps.value[caps.n++] = xstrdup(s->caps.value[i]);
	}
	vx_said_caps(s, &caps);
	vx_vlog_init(&v);
	vx_verdict_stated(&v, s->message, s->entry, &caps);
	/* the loader's words: not the kernel's, even when no framing named it */
	if (!p->pending.loader)
		p->pending.loader = xstrdup(s->loader ? s->loader : "unknown");
	struct vx_record *r = vx_explain(&v, &p->pending, &p->hints);
	p->counts[r->verdict]++;
	int rc = p->fn(r, p->ctx);
	vx_record_free(r);
	vx_vlog_free(&v);
	vx_caps_clear(&caps);
	return rc;
}

static int on_event(void *ctx, const struct vx_event *ev)
{
	struct vx_pipeline *p = ctx;
	int rc = 0;
	vx_clues_event(p->clues, ev, p->open);
	/* the loader's lines, while no program has an answer: its statement
	 * of the failure answers an input that shows no kernel log */
	if (ev->kind != VX_EV_SAID && (ev->kind != VX_EV_LINE || !p->open) && !answered(p))
		vx_said_lines_add(p->said, ev->text, ev->len, ev->loader, ev->kind != VX_EV_LINE);
	switch (ev->kind) {
	case VX_EV_LINE:
		if (ev->line_kind && ev->stable && parse_only(p, ev->line_kind - 1, ev->text, ev->len)) {
			parse_line(p, ev->line_kind - 1, ev->text, ev->len);
			break;
		}
		if (ev->line_kind)
			rc = on_kind_line(p, ev->line_kind - 1, ev->text, ev->len, ev->stable);
		else
			rc = on_line(p, ev->text, ev->len);
		break;
	case VX_EV_START:
		if (p->open && !p->framed && vx_verdict_before_log(&p->log)) {
			/* libbpf's "load failed: Permission denied" before the
			 * log: the log that starts now says why */
			struct vx_prog_meta m = p->meta;
			memset(&p->meta, 0, sizeof(p->meta));
			p->open = 0;
			vx_vlog_reset(&p->log);
			meta_clear(&p->pending);
			p->pending = m;
		} else if (p->open) {
			rc = finish_program(p);
		}
		if (ev->prog && p->pending.prog && strcmp(ev->prog, p->pending.prog))
			meta_clear(&p->pending);
		meta_take(&p->pending, ev);
		open_program(p, 1);
		break;
	case VX_EV_END:
		if (p->open)
			rc = finish_program(p);
		break;
	case VX_EV_SAID:
		if (!p->open)
			open_program(p, 0);
		vx_verdict_said(&p->log, p->db, ev->text);
		break;
	case VX_EV_META:
		on_meta(p, ev);
		break;
	}
	if (rc)
		p->stop = rc;
	return rc;
}

struct vx_pipeline *vx_pipeline_new(const struct vx_db *db, const struct vx_hints *hints,
				    vx_record_fn fn, void *ctx)
{
	struct vx_pipeline *p = xcalloc(1, sizeof(*p));
	p->db = db;
	if (hints)
		p->hints = *hints;
	p->clues = vx_clues_new(&p->hints, fn, ctx);
	p->fn = vx_clues_emit;
	p->ctx = p->clues;
	p->u = vx_unwrap_new(db, on_event, p);
	p->said = vx_said_lines_new(db);
	vx_vlog_init(&p->log);
	return p;
}

int vx_pipeline_feed(struct vx_pipeline *p, const char *buf, size_t len)
{
	if (p->stop)
		return p->stop;
	return vx_unwrap_feed(p->u, buf, len);
}

int vx_pipeline_feed_inplace(struct vx_pipeline *p, char *buf, size_t len)
{
	if (p->stop)
		return p->stop;
	int rc = vx_unwrap_feed_inplace(p->u, buf, len);
	vx_vlog_settle(&p->log); /* the lines it points to are gone after this */
	return rc;
}

void vx_pipeline_gap(struct vx_pipeline *p, size_t skipped)
{
	vx_unwrap_drop_partial(p->u);
	if (p->open)
		p->log.skipped_bytes += skipped;
	else
		p->gap_pending += skipped;
}

int vx_pipeline_finish(struct vx_pipeline *p)
{
	if (p->stop)
		return p->stop;
	int rc = vx_unwrap_finish(p->u);
	if (!rc && p->open)
		rc = finish_program(p);
	const struct vx_said *said = !rc && !answered(p) ? vx_said_lines_best(p->said) : NULL;
	if (said && said->entry) {
		rc = said_record(p, said);
	} else if (!rc && !answered(p)) {
		struct vx_vlog empty;
		struct vx_prog_meta none = { 0 };
		vx_vlog_init(&empty);
		struct vx_record *r = vx_explain(&empty, &none, &p->hints);
		p->counts[VX_NO_LOG]++;
		rc = p->fn(r, p->ctx);
		vx_record_free(r);
		vx_vlog_free(&empty);
	}
	return rc ? rc : vx_clues_flush(p->clues);
}

size_t vx_pipeline_count(const struct vx_pipeline *p, enum vx_verdict v)
{
	return p->counts[v];
}

void vx_pipeline_stats(const struct vx_pipeline *p, size_t *lines, size_t *cut, size_t *nuls)
{
	vx_unwrap_stats(p->u, lines, cut, nuls);
}

void vx_pipeline_free(struct vx_pipeline *p)
{
	if (!p)
		return;
	vx_unwrap_free(p->u);
	vx_clues_free(p->clues);
	vx_vlog_free(&p->log);
	meta_clear(&p->meta);
	meta_clear(&p->pending);
	free(p->done_prog);
	vx_caps_clear(&p->caps);
	vx_verdict_held_free(&p->held);
	vx_said_lines_free(p->said);
	sb_free(&p->held_src);
	free(p);
}

struct collect {
	struct vx_record **recs;
	size_t n;
};

/* Records are freed by the pipeline after the callback: keep deep copies. */
static int collect_fn(const struct vx_record *r, void *ctx)
{
	struct collect *c = ctx;
	c->recs = xrealloc(c->recs, (c->n + 1) * sizeof(*c->recs));
	c->recs[c->n++] = vx_record_dup(r);
	return 0;
}

int vx_explain_buffer(const struct vx_db *db, const struct vx_hints *hints, const char *buf,
		      size_t len, struct vx_record ***out, size_t *nout)
{
	struct collect c = { 0 };
	struct vx_pipeline *p = vx_pipeline_new(db, hints, collect_fn, &c);
	int rc = vx_pipeline_feed(p, buf, len);
	if (!rc)
		rc = vx_pipeline_finish(p);
	vx_pipeline_free(p);
	*out = c.recs;
	*nout = c.n;
	return rc;
}
