/* SPDX-License-Identifier: MIT */
/* The bodies of the fuzz targets, shared by fuzz/fuzz_*.c (libFuzzer) and
 * tests/unit_regress.c (which replays tests/regress/ in every build, and
 * under ASan/UBSan with `make test SAN=1`). Each takes arbitrary bytes and
 * returns 0, or -1 when an invariant that holds for every input is broken
 * (the fuzz targets abort then, so libFuzzer keeps the input).
 *
 * Chunking: the pipeline must give the same result whatever sizes read()
 * returns, so the first bytes of an input choose the chunk sizes it is fed
 * in, and the result is compared with feeding it whole. */
#ifndef VX_FUZZ_HARNESS_H
#define VX_FUZZ_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "patterns.h"
#include "pipeline.h"
#include "record.h"
#include "render.h"
#include "unwrap.h"
#include "util.h"
#include "verdict.h"
#include "vlog.h"

static const struct vx_db *fz_db(void)
{
	static struct vx_db *db;
	if (!db) {
		struct strbuf err = STRBUF_INIT;
		if (vx_db_load(NULL, &db, &err)) {
			fprintf(stderr, "fuzz: the built-in database does not load:\n%s", sb_str(&err));
			abort();
		}
		sb_free(&err);
	}
	return db;
}

static uint64_t fz_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t fz_hash_str(uint64_t h, const char *s)
{
	return s ? fz_hash(h, s, strlen(s) + 1) : fz_hash(h, "\xff", 1);
}

/* Chunk sizes from a seed: 1 to 4096 bytes, small ones often. */
static size_t fz_next_chunk(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	uint32_t r = *seed >> 8;
	return r % 4 == 0 ? 1 + r % 7 : 1 + r % 4096;
}

/* ---- unwrap: every event, whole or in chunks ---- */

struct fz_events {
	uint64_t h;
	size_t n;
	int bad;
};

static int fz_on_event(void *ctx, const struct vx_event *ev)
{
	struct fz_events *e = ctx;
	e->n++;
	e->h = fz_hash(e->h, &ev->kind, sizeof(ev->kind));
	if (ev->kind == VX_EV_LINE) {
		/* a cleaned line: NUL-terminated at len, no NUL inside */
		if (!ev->text || strlen(ev->text) != ev->len)
			e->bad = 1;
		e->h = fz_hash_str(e->h, ev->text);
	}
	e->h = fz_hash_str(e->h, ev->loader);
	e->h = fz_hash_str(e->h, ev->prog);
	e->h = fz_hash_str(e->h, ev->section);
	e->h = fz_hash_str(e->h, ev->type);
	return 0;
}

static int fz_unwrap_run(const uint8_t *data, size_t size, uint32_t seed, struct fz_events *e)
{
	struct vx_unwrap *u = vx_unwrap_new(fz_db(), fz_on_event, e);
	size_t off = 0;
	while (off < size) {
		size_t n = seed ? fz_next_chunk(&seed) : size;
		if (n > size - off)
			n = size - off;
		vx_unwrap_feed(u, (const char *)data + off, n);
		off += n;
	}
	vx_unwrap_finish(u);
	size_t lines, cut, nuls;
	vx_unwrap_stats(u, &lines, &cut, &nuls);
	e->h = fz_hash(e->h, &lines, sizeof(lines));
	e->h = fz_hash(e->h, &cut, sizeof(cut));
	e->h = fz_hash(e->h, &nuls, sizeof(nuls));
	vx_unwrap_free(u);
	return e->bad ? -1 : 0;
}

static int fz_unwrap(const uint8_t *data, size_t size)
{
	struct fz_events whole = { 0 }, chunked = { 0 };
	uint32_t seed = size ? data[0] * 2654435761u + 1 : 1;
	if (fz_unwrap_run(data, size, 0, &whole) || fz_unwrap_run(data, size, seed, &chunked))
		return -1;
	return whole.h == chunked.h && whole.n == chunked.n ? 0 : -1;
}

/* ---- parse: vx_classify_line, vx_vlog_add and vx_verdict_line on each line, then explain ---- */

static int fz_vlog(const uint8_t *data, size_t size)
{
	const struct vx_db *db = fz_db();
	struct vx_vlog v;
	struct vx_caps caps = { 0 };
	char *buf = xmalloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	vx_vlog_init(&v);
	for (char *s = buf, *end = buf + size; s <= end;) {
		char *nl = memchr(s, '\n', end - s);
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		s[len] = '\0';
		len = strlen(s); /* the pipeline never passes a NUL inside */
		enum vx_line_kind k = vx_classify_line(s);
		const struct vx_pattern *p = NULL;
		if (k == VL_OTHER || k == VL_LOADER)
			p = vx_db_match(db, s, len, &caps);
		vx_vlog_add(&v, k, s, len);
		vx_verdict_line(&v, k, s, len, p, &caps);
		vx_caps_clear(&caps);
		if (!nl)
			break;
		s = nl + 1;
	}
	struct vx_prog_meta meta = { 0 };
	struct vx_hints hints = { 0 };
	struct vx_record *r = vx_explain(&v, &meta, &hints);
	int bad = !r || (r->nexcerpt > VX_EXCERPT_LINES);
	vx_record_free(r);
	vx_vlog_free(&v);
	free(buf);
	return bad ? -1 : 0;
}

/* ---- classify: the pattern database on one line ---- */

static int fz_patterns(const uint8_t *data, size_t size)
{
	const struct vx_db *db = fz_db();
	struct vx_caps caps = { 0 };
	char *line = xmalloc(size + 1);
	memcpy(line, data, size);
	line[size] = '\0';
	int bad = 0;
	const struct vx_pattern *p = vx_db_match(db, line, size, &caps);
	/* captures are NUL-terminated copies, at most VX_MAX_CAPS of them */
	if (caps.n > VX_MAX_CAPS || (p == NULL && caps.n))
		bad = 1;
	for (size_t i = 0; i < caps.n && !bad; i++)
		if (!caps.name[i] || !caps.value[i] || strlen(caps.value[i]) > size)
			bad = 1;
	vx_caps_clear(&caps);
	p = vx_db_match_loader(db, line, size, &caps);
	if (caps.n > VX_MAX_CAPS || (p == NULL && caps.n))
		bad = 1;
	vx_caps_clear(&caps);
	free(line);
	return bad ? -1 : 0;
}

/* ---- the whole pipeline, rendered in every format, whole and chunked ---- */

/* Strict UTF-8 (RFC 3629: no overlongs, surrogates or values past U+10FFFF),
 * written apart from render.c's so that one checks the other. */
static int fz_utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i], need, min;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1, min = 0x80;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2, min = 0x800;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, min = 0x10000;
		else
			return 0;
		unsigned cp = c & (0x3f >> need);
		for (unsigned k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

/* The JSON form of a record: valid UTF-8 and valid JSON, whatever the input. */
static int fz_json_ok(const struct vx_record *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	static const struct vx_render_opts json = { .format = VX_FMT_JSON };
	vx_render(f, r, &json);
	fclose(f);
	int ok = len > 0 && fz_utf8_valid((unsigned char *)buf, len);
	cJSON *j = ok ? cJSON_Parse(buf) : NULL;
	ok = ok && j;
	cJSON_Delete(j);
	free(buf);
	return ok;
}

struct fz_out {
	FILE *sink;
	uint64_t h;
	size_t n;
	int bad; /* a record's JSON was not valid UTF-8 or not valid JSON */
};

static int fz_on_record(const struct vx_record *r, void *ctx)
{
	struct fz_out *o = ctx;
	static const struct vx_render_opts opts[] = {
		{ .format = VX_FMT_TEXT, .verbose = 1, .color = 1 },
		{ .format = VX_FMT_JSON },
		{ .format = VX_FMT_MARKDOWN },
	};
	o->n++;
	if (!fz_json_ok(r))
		o->bad = 1;
	o->h = fz_hash(o->h, &r->verdict, sizeof(r->verdict));
	o->h = fz_hash_str(o->h, r->message);
	o->h = fz_hash(o->h, &r->insn, sizeof(r->insn));
	o->h = fz_hash(o->h, &r->log_lines, sizeof(r->log_lines));
	o->h = fz_hash_str(o->h, r->explanation);
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		vx_render(o->sink, r, &opts[i]);
	return 0;
}

static int fz_pipeline_run(const uint8_t *data, size_t size, uint32_t seed, struct fz_out *o)
{
	struct vx_pipeline *p = vx_pipeline_new(fz_db(), NULL, fz_on_record, o);
	size_t off = 0;
	while (off < size) {
		size_t n = seed ? fz_next_chunk(&seed) : size;
		if (n > size - off)
			n = size - off;
		vx_pipeline_feed(p, (const char *)data + off, n);
		off += n;
	}
	vx_pipeline_finish(p);
	vx_pipeline_free(p);
	return 0;
}

static int fz_pipeline(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	struct fz_out whole = { .sink = sink }, chunked = { .sink = sink };
	uint32_t seed = size ? data[size - 1] * 2654435761u + 7 : 7;
	fz_pipeline_run(data, size, 0, &whole);
	fz_pipeline_run(data, size, seed, &chunked);
	/* at least one record (the "no log" one), the same either way */
	if (whole.bad || chunked.bad)
		return -1;
	return whole.n >= 1 && whole.n == chunked.n && whole.h == chunked.h ? 0 : -1;
}

#endif
