// SPDX-License-Identifier: MIT
/* unwrap: find the verifier log lines inside whatever a loader printed.
 * The per-line cost matters (level-2 logs run to hundreds of MB), so lines
 * that are plainly verifier output skip the loader rules entirely. */
#include "unwrap.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "patterns.h"
#include "prefix.h"
#include "quote.h"
#include "unflatten.h"
#include "unwrap_bytes.h"
#include "unwrap_shapes.h"
#include "verdict.h"
#include "vlog.h"
#include "util.h"

#define VX_PREFIX_DEPTH 4
#define VX_WINDOW 32		   /* lines held back while a prefix may still be learned */
#define VX_WINDOW_BYTES (1 << 20) /* ... and bytes */
#define VX_VERDICT_SCAN 256	   /* how far into a line a verdict may start */
#define VX_WORDS_SEEN 64	   /* distinct words taken off lines, handed on once each */

/* Lines waiting for the prefix inference to see what follows them. */
struct window {
	struct strbuf line[VX_WINDOW];
	unsigned char fence[VX_WINDOW]; /* a Markdown fence or <details>: END */
	size_t head, n, bytes;
};

struct vx_unwrap {
	const struct vx_db *db;
	vx_event_fn fn;
	void *ctx;
	struct strbuf line;
	int skipping; /* the rest of a line longer than VX_LINE_MAX */
	int muted;    /* inside a log that is not a program's (libbpf's BTF log) */
	int dirty;    /* the line being gathered holds a NUL, CR or ESC byte */
	size_t lines, cut, nuls;
	struct vx_caps caps;
	struct vx_prefix pfx;
	struct window win;
	struct strbuf joined; /* backslash-continued lines of an escaped log */
	int joining;
	char region;	      /* a quote opened on an earlier line and not closed */
	uint64_t words[VX_WORDS_SEEN]; /* hashes of the words emit_words() handed on */
	size_t nwords;
};

struct vx_unwrap *vx_unwrap_new(const struct vx_db *db, vx_event_fn fn, void *ctx)
{
	struct vx_unwrap *u = xcalloc(1, sizeof(*u));
	u->db = db;
	u->fn = fn;
	u->ctx = ctx;
	return u;
}

void vx_unwrap_free(struct vx_unwrap *u)
{
	if (!u)
		return;
	sb_free(&u->line);
	sb_free(&u->joined);
	for (size_t i = 0; i < VX_WINDOW; i++)
		sb_free(&u->win.line[i]);
	vx_caps_clear(&u->caps);
	free(u);
}

void vx_unwrap_stats(const struct vx_unwrap *u, size_t *lines, size_t *cut, size_t *nuls)
{
	*lines = u->lines;
	*cut = u->cut;
	*nuls = u->nuls;
}

/* libbpf's own words (vx_classify_line's VL_LOADER): "libbpf: ", then
 * "prog 'x': " when they are about one program. The line goes on as the
 * message alone, classified, after a META event naming the program. */
static int emit_loader_line(struct vx_unwrap *u, const char *s, size_t len)
{
	const char *t = s + strlen("libbpf: ");
	const char *q = starts_with(t, "prog '") ? strstr(t + 6, "': ") : NULL;
	int rc = 0;
	if (q) {
		char *prog = xstrndup(t + 6, q - t - 6);
		struct vx_event meta = { .kind = VX_EV_META, .prog = prog, .tag = q + 3 - s };
		rc = u->fn(u->ctx, &meta);
		free(prog);
		t = q + 3;
	}
	struct vx_event ev = { .kind = VX_EV_LINE, .text = t, .len = len - (t - s),
			       .line_kind = VL_LOADER + 1, .tag = t - s };
	return rc ? rc : u->fn(u->ctx, &ev);
}

static int emit_line(struct vx_unwrap *u, const char *s, size_t len)
{
	if (starts_with(s, "libbpf: "))
		return emit_loader_line(u, s, len);
	struct vx_event ev = { .kind = VX_EV_LINE, .text = s, .len = len };
	return u->fn(u->ctx, &ev);
}

/* Words unwrap takes off a line (a learned per-line prefix, the head of an
 * error chain before a log line, the text around a quoted log) may name
 * the program: they go on as a META event with the text alone, once for
 * each distinct text (digits aside: a timestamp or a counter changes on
 * every line, the words do not), for the clue stage (progtype.h). */
static int emit_words(struct vx_unwrap *u, const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	size_t letters = 0;

	while (len && s[len - 1] && strchr(" \t:|>,", s[len - 1])) /* the separator before the line */
		len--;
	for (size_t i = 0; i < len; i++) {
		if (is_digit(s[i]))
			continue;
		letters += isalpha((unsigned char)s[i]) != 0;
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	}
	if (letters < 3 || u->muted)
		return 0;
	for (size_t i = 0; i < u->nwords; i++)
		if (u->words[i] == h)
			return 0;
	if (u->nwords >= VX_WORDS_SEEN)
		return 0;
	u->words[u->nwords++] = h;
	char *text = xstrndup(s, len);
	struct vx_event ev = { .kind = VX_EV_META, .text = text, .len = len };
	int rc = u->fn(u->ctx, &ev);
	free(text);
	return rc;
}

/* Lines that can only be verifier output (vx_plain_kind). Checked before
 * any regex. */
static int plainly_log(const char *s)
{
	return vx_plain_kind(s, strlen(s)) >= 0;
}

static int process_clean(struct vx_unwrap *u, char *s, size_t len, int depth);

/* Split an escaped string at \n and unescape each piece. Text before the
 * opening quote is its own line (a loader's words); after the closing quote
 * nothing of the log remains. */
static int process_escaped(struct vx_unwrap *u, char *s, size_t len, int depth)
{
	struct strbuf piece = STRBUF_INIT;
	int rc = 0;
	size_t i = 0;
	/* the opening quote: the last unescaped '"' before the first \n */
	char *first_nl = strstr(s, "\\n");
	char *open = NULL;
	for (char *q = s; q < first_nl; q++)
		if (*q == '"' && (q == s || q[-1] != '\\'))
			open = q;
	if (open) {
		sb_add(&piece, s, open - s);
		rc = process_clean(u, piece.buf, piece.len, depth + 1);
		sb_reset(&piece);
		i = open - s + 1;
	}
	for (; !rc && i < len; i++) {
		char c = s[i];
		if (c == '"') /* the closing quote */
			break;
		if (c != '\\' || i + 1 >= len) {
			sb_addc(&piece, c);
			continue;
		}
		c = s[++i];
		if (c == 'n') {
			sb_add(&piece, "", 0);
			rc = process_clean(u, piece.buf, piece.len, depth + 1);
			sb_reset(&piece);
		} else if (c == 't') {
			sb_addc(&piece, '\t');
		} else {
			sb_addc(&piece, c); /* \" \\ \' */
		}
	}
	if (!rc && piece.len)
		rc = process_clean(u, piece.buf, piece.len, depth + 1);
	sb_free(&piece);
	return rc;
}

/* A loader's one-line summary (cilium/ebpf's) joins the log's last lines
 * with ": ": "invalid access to packet, off=0 size=4, R4(...): R4 offset is
 * outside of the packet". Give each its own line again. */
static int split_summary(struct vx_unwrap *u, char *rest, int depth)
{
	char *p = rest;
	for (char *q = rest; (q = strstr(q, ": R")); q += 2) {
		const char *r = q + 3;
		if (r[0] < '0' || r[0] > '9')
			continue;
		while (*r >= '0' && *r <= '9')
			r++;
		if (*r != ' ')
			continue;
		*q = '\0';
		int rc = process_clean(u, p, strlen(p), depth);
		if (rc)
			return rc;
		p = q + 2;
	}
	return process_clean(u, p, strlen(p), depth);
}

static char *cap_dup(const struct vx_caps *c, const char *name)
{
	const char *v = vx_caps_get(c, name);
	return v && *v ? xstrdup(v) : NULL;
}

static int framing_event(struct vx_unwrap *u, const struct vx_pattern *p, const char *line,
			 int depth)
{
	char *prog = cap_dup(&u->caps, "prog"), *section = cap_dup(&u->caps, "section");
	char *type = cap_dup(&u->caps, "type"), *rest = cap_dup(&u->caps, "rest");
	char *insn = cap_dup(&u->caps, "insn"), *kernel = cap_dup(&u->caps, "kernel");
	char *err = cap_dup(&u->caps, "err"), *msg = cap_dup(&u->caps, "msg");
	char *complete = cap_dup(&u->caps, "complete");
	struct vx_event ev = { .loader = p->loader, .prog = prog, .section = section, .type = type,
			       .kernel = kernel, .text = line, .len = strlen(line),
			       .failed = vx_caps_get(&u->caps, "failed") != NULL };
	const char *a = p->action;
	int rc = 0;
	if (!strcmp(a, "end"))
		ev.kind = VX_EV_END;
	else if (!strcmp(a, "meta"))
		ev.kind = VX_EV_META;
	else
		ev.kind = VX_EV_START;
	/* a line that states the loader's error (group err): the verdict of a
	 * program that shows nothing else; to the program it ends, or the one
	 * it opens; group msg words it without the loader's tag */
	const char *stmt = msg ? msg : line;
	struct vx_event said = { .kind = VX_EV_SAID, .text = stmt, .len = strlen(stmt) };
	if (err && ev.kind == VX_EV_END)
		rc = u->fn(u->ctx, &said);
	if (!rc)
		rc = u->fn(u->ctx, &ev);
	/* the one-line form: "load program: EACCES: 1030: (71) ...: R9 ..." */
	if (!rc && insn && !strcmp(a, "glued"))
		rc = process_clean(u, insn, strlen(insn), depth + 1);
	if (!rc && rest && !strcmp(a, "glued"))
		rc = split_summary(u, rest, depth + 1);
	if (!rc && err && ev.kind != VX_EV_END)
		rc = u->fn(u->ctx, &said);
	/* a one-line summary (group complete: its elision count) is the whole
	 * log: what follows it is the loader's again */
	if (!rc && complete && !strcmp(a, "glued")) {
		struct vx_event end = { .kind = VX_EV_END, .loader = p->loader, .text = line,
					.len = strlen(line) };
		rc = u->fn(u->ctx, &end);
	}
	free(prog);
	free(section);
	free(type);
	free(rest);
	free(insn);
	free(kernel);
	free(err);
	free(msg);
	free(complete);
	return rc;
}

/* A paste wrapped in quotes over several lines ('libbpf: ...' on the first,
 * ...' on the last): a line that starts with a quote it does not close opens
 * the region, the line that ends with the odd quote closes it; a line quoted
 * whole is unquoted. Balanced quotes ('inv') are the text's own. */
static void unquote_region(struct vx_unwrap *u, char **sp, size_t *lenp)
{
	char *s = *sp;
	size_t len = *lenp;
	if (u->region) {
		if (len && s[len - 1] == u->region && vx_count_quotes(s, len, u->region) % 2) {
			s[--len] = '\0';
			u->region = 0;
		}
	} else if (len > 1 && (s[0] == '\'' || s[0] == '"')) {
		size_t n = vx_count_quotes(s, len, s[0]);
		if (n % 2) {
			u->region = s[0];
			s++;
			len--;
		} else if (n == 2 && s[len - 1] == s[0]) {
			s[--len] = '\0';
			s++;
			len--;
		}
	}
	*sp = s;
	*lenp = len;
}

static long verdict_offset(struct vx_unwrap *u, const char *s, size_t len);

/* Could a quoted value hold (part of) a verifier log? A verifier line's
 * shape in it, a line a loader rule knows, or a verdict, whole or behind
 * the value's own prefix (an error chain: error="load objects: program x:
 * apply CO-RE relocations: ..."). */
static int log_bearing(struct vx_unwrap *u, const char *v, size_t len)
{
	if (vx_log_offset(v) >= 0)
		return 1;
	const char *nl = memchr(v, '\n', len);
	size_t n = nl ? (size_t)(nl - v) : len;
	const struct vx_pattern *p = vx_db_match_loader(u->db, v, n, &u->caps);
	vx_caps_clear(&u->caps);
	if (p)
		return 1;
	p = vx_db_match(u->db, v, n, &u->caps);
	vx_caps_clear(&u->caps);
	if (p && p->kind == VX_PAT_VERDICT && !vx_pattern_said(p))
		return 1;
	return !p && verdict_offset(u, v, n) > 0;
}

/* Each line of an unquoted value, through the rules again. */
static int process_value(struct vx_unwrap *u, struct strbuf *v, int depth)
{
	char *p = v->buf;
	int rc = 0;
	while (!rc && p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (nl || *p) /* the value's final newline ends its last line */
			rc = process_clean(u, p, strlen(p), depth + 1);
		p = nl ? nl + 1 : NULL;
	}
	return rc;
}

/* Logs inside quoted values anywhere in the line: every value that holds
 * one is read (unescaped, up to its closing quote) and its lines go through
 * the rules again. The loader's words around them come first, as one line:
 * those before the first value (when no other value precedes it) and the
 * plain key=value words after the last ("progType=CGroupSock subsys=x"),
 * which name the program as often as the words before. Returns -1 when no
 * value holds a log. */
#define VX_QUOTED_MAX 16
static int process_quoted(struct vx_unwrap *u, char *s, size_t len, int depth)
{
	struct strbuf v = STRBUF_INIT;
	size_t at[VX_QUOTED_MAX], end[VX_QUOTED_MAX], n = 0;
	int rc = 0;
	for (size_t i = 0; i < len && n < VX_QUOTED_MAX; i++) {
		if (!vx_opens_value(s, i))
			continue;
		sb_reset(&v);
		size_t m = vx_unquote(s + i + 1, len - i - 1, '"', &v, NULL);
		if (log_bearing(u, v.buf, v.len)) {
			at[n] = i;
			end[n++] = i + 1 + m;
		}
		i += m;
	}
	if (!n) {
		sb_free(&v);
		return -1;
	}
	struct strbuf words = STRBUF_INIT;
	if (at[0] && !memchr(s, '"', at[0]))
		sb_add(&words, s, at[0]);
	size_t tail = end[n - 1];
	int tail_read = 0;
	if (words.len && tail < len && !memchr(s + tail, '"', len - tail) &&
	    memchr(s + tail, '=', len - tail)) {
		sb_add(&words, s + tail, len - tail);
		tail_read = 1;
	}
	if (words.len) {
		sb_add(&words, "", 0);
		rc = process_clean(u, words.buf, words.len, depth + 1);
	} else if (at[0]) { /* other values before it: msg="..." error="<log>" */
		rc = emit_words(u, s, at[0]);
	}
	/* the rest around the values, for the clue stage only */
	for (size_t k = 0; !rc && k + 1 < n; k++)
		rc = emit_words(u, s + end[k], at[k + 1] - end[k]);
	if (!rc && !tail_read && tail < len)
		rc = emit_words(u, s + tail, len - tail);
	sb_free(&words);
	for (size_t k = 0; !rc && k < n; k++) {
		sb_reset(&v);
		vx_unquote(s + at[k] + 1, len - at[k] - 1, '"', &v, NULL);
		rc = process_value(u, &v, depth);
	}
	sb_free(&v);
	return rc;
}

/* Where a verdict pattern matches in s behind a prefix of its own (a
 * logger's, a test runner's, an error chain's "...: "): after a separator
 * ("...] ", ": ", "| ", a tab), in the first VX_VERDICT_SCAN bytes. Returns
 * the offset, 0 when s itself is known (a pattern that is not a loader's
 * statement matches it whole), -1 when there is none. A loader's statement
 * of the error (action: said, "...: operation not permitted") may hold a
 * verdict of its own after its prefix ("map create: RLIMIT_MEMLOCK may be
 * too low: operation not permitted"): that is looked for too. */
static long verdict_offset(struct vx_unwrap *u, const char *s, size_t len)
{
	const struct vx_pattern *p = vx_db_match(u->db, s, len, &u->caps);
	vx_caps_clear(&u->caps);
	if (p && !vx_pattern_said(p))
		return 0;
	size_t end = len < VX_VERDICT_SCAN ? len : VX_VERDICT_SCAN;
	for (size_t i = 1; i < end; i++) {
		char c = s[i - 1];
		if (s[i] == ' ' || s[i] == '\t' || !strchr(" \t:]|>", c))
			continue;
		if (c == ' ' && (i < 2 || !strchr(":]|>-)\t", s[i - 2])))
			continue;
		const struct vx_pattern *q = vx_db_match(u->db, s + i, len - i, &u->caps);
		vx_caps_clear(&u->caps);
		if (q && q->kind == VX_PAT_VERDICT && !vx_pattern_said(q))
			return i;
	}
	return -1;
}

/* A line no rule knows may be a verifier line or a verdict behind a prefix
 * of its own (one line pasted from a logger or a test runner): it starts at
 * the verifier's shape, or where verdict_offset() finds a verdict. */
static int emit_verdict_like(struct vx_unwrap *u, char *s, size_t len)
{
	enum vx_line_kind k = vx_classify_line(s);
	if (k != VL_OTHER && k != VL_LOADER) /* the parser knows it: no prefix */
		return emit_line(u, s, len);
	long off = vx_log_offset(s); /* or a verifier line, one line alone */
	if (off <= 0)
		off = verdict_offset(u, s, len);
	if (off <= 0)
		return emit_line(u, s, len);
	int rc = emit_words(u, s, off);
	return rc ? rc : emit_line(u, s + off, len - off);
}

/* A whole log flattened onto one line (unflatten.h): each of its lines on
 * its own. Returns -1 when s is one line. */
#define VX_FLAT_MAX 256
static int process_flattened(struct vx_unwrap *u, char *s, size_t len, int depth)
{
	size_t cut[VX_FLAT_MAX];
	const char *second = len >= 40 ? strstr(s + 1, ": (") : NULL;
	size_t n = second && strstr(second + 3, ": (") ? vx_flat_cuts(s, len, cut, VX_FLAT_MAX) : 0;
	int rc = 0;
	if (!n || depth > VX_PREFIX_DEPTH)
		return -1;
	for (size_t k = 0; !rc && k < n; k++) {
		size_t end = k + 1 < n ? cut[k + 1] : len;
		char *piece = xstrndup(s + cut[k], end - cut[k]);
		rc = process_clean(u, piece, end - cut[k], depth + 1);
		free(piece);
	}
	return rc;
}

static int process_clean(struct vx_unwrap *u, char *s, size_t len, int depth)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		s[--len] = '\0';
	if (!depth && (u->region || *s == '\'' || *s == '"'))
		unquote_region(u, &s, &len);
	/* a blank line: no loader rule matches an empty line, so skip them */
	if (!len || plainly_log(s)) {
		int rc = len && !u->muted ? process_flattened(u, s, len, depth) : -1;
		return rc >= 0 ? rc : u->muted ? 0 : emit_line(u, s, len);
	}
	if (depth > VX_PREFIX_DEPTH)
		return emit_line(u, s, len);
	if (!u->muted && memchr(s, '"', len)) {
		int rc = process_quoted(u, s, len, depth);
		if (rc >= 0)
			return rc;
	}
	const struct vx_pattern *p = vx_db_match_loader(u->db, s, len, &u->caps);
	if (u->muted) {
		if (p && !strcmp(p->action, "end"))
			u->muted = 0;
		/* A program's log starting ends the muted one too: its end line
		 * may be lost (vexplain load cut libbpf's BTF log at 1 KiB). */
		if (!p || (strcmp(p->action, "start") && strcmp(p->action, "glued")))
			return 0;
		u->muted = 0;
	}
	if (p && !strcmp(p->action, "mute")) {
		u->muted = 1;
		return 0;
	}
	if (p && !strcmp(p->action, "prefix")) {
		char *rest = cap_dup(&u->caps, "rest");
		const char *at = rest ? strstr(s, rest) : NULL;
		int rc = at ? emit_words(u, s, at - s) : 0;
		if (!rc && rest)
			rc = process_clean(u, rest, strlen(rest), depth + 1);
		free(rest);
		return rc;
	}
	if (!p && vx_looks_escaped_log(s))
		return process_escaped(u, s, len, depth);
	if (p)
		return framing_event(u, p, s, depth);
	int rc = process_flattened(u, s, len, depth);
	return rc >= 0 ? rc : emit_verdict_like(u, s, len);
}

/* ---- the window: lines wait until the prefix of the log after them is known ---- */

/* Would stripping the prefix take a loader's framing with it? (A learned
 * prefix that is itself a loader's words, "load program: ...: ".) */
static int framing_in_prefix(struct vx_unwrap *u, const char *s, size_t len, size_t n)
{
	const struct vx_pattern *whole = vx_db_match_loader(u->db, s, len, &u->caps);
	vx_caps_clear(&u->caps);
	if (!whole || !strcmp(whole->action, "prefix"))
		return 0;
	const struct vx_pattern *rest = vx_db_match_loader(u->db, s + n, len - n, &u->caps);
	vx_caps_clear(&u->caps);
	return !rest;
}

/* A line leaves the window: strip the learned prefix where it fits (and
 * read the rest as a quoted value when the prefix opened one: msg="). */
static int release_line(struct vx_unwrap *u, char *s, size_t len)
{
	size_t n = vx_prefix_active(&u->pfx) ? vx_prefix_len(&u->pfx, s) : 0;
	/* the prefix and nothing else: an empty line */
	if ((n && n == len) || (!n && vx_prefix_active(&u->pfx) && vx_prefix_empty_msg(&u->pfx, s)))
		return process_clean(u, s + len, 0, 0);
	if (!n || framing_in_prefix(u, s, len, n))
		return process_clean(u, s, len, 0);
	int rc = emit_words(u, s, n);
	if (rc)
		return rc;
	if (!vx_prefix_quoted(&u->pfx))
		return process_clean(u, s + n, len - n, 0);
	struct strbuf v = STRBUF_INIT;
	vx_unquote(s + n, len - n, '"', &v, NULL);
	rc = process_value(u, &v, -1);
	sb_free(&v);
	return rc;
}

static int release_one(struct vx_unwrap *u)
{
	struct window *w = &u->win;
	struct strbuf *l = &w->line[w->head];
	int fence = w->fence[w->head];
	w->head = (w->head + 1) % VX_WINDOW;
	w->n--;
	w->bytes -= l->len;
	int rc;
	if (fence) {
		struct vx_event ev = { .kind = VX_EV_END };
		rc = u->muted ? 0 : u->fn(u->ctx, &ev);
	} else {
		rc = release_line(u, l->buf, l->len);
	}
	sb_reset(l);
	if (l->cap > 65536) /* a huge line's buffer is not kept */
		sb_free(l);
	return rc;
}

static int win_flush(struct vx_unwrap *u)
{
	int rc = 0;
	while (!rc && u->win.n)
		rc = release_one(u);
	return rc;
}

static int win_push(struct vx_unwrap *u, const char *s, size_t len, int fence)
{
	struct window *w = &u->win;
	int rc = 0;
	while (!rc && w->n && (w->n == VX_WINDOW || w->bytes + len > VX_WINDOW_BYTES))
		rc = release_one(u);
	if (rc)
		return rc;
	size_t i = (w->head + w->n) % VX_WINDOW;
	sb_add(&w->line[i], s, len);
	w->fence[i] = fence;
	w->bytes += len;
	w->n++;
	return 0;
}

/* A cleaned line: learn from it, then hold it or pass it on. A bare
 * verifier line with no prefix in sight is the common case (logs of
 * hundreds of MB): it flushes the window and goes straight on. */
static int queue_line(struct vx_unwrap *u, char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (!vx_prefix_active(&u->pfx) && plainly_log(s)) {
		if (vx_log_starts(s))
			vx_prefix_see(&u->pfx, s, 0);
		int rc = win_flush(u);
		return rc ? rc : process_clean(u, s, len, 0);
	}
	long off = vx_log_offset(s);
	if (off >= 0)
		vx_prefix_see(&u->pfx, s, off);
	else
		vx_prefix_other(&u->pfx, s);
	return win_push(u, s, len, 0);
}

/* An escaped log split into lines that end in a backslash ("...\n\" then
 * the next line), or a quoted value wrapped shell-style (error="...: \ then
 * the next line): join them again. Only lines that hold an escaped newline
 * or leave a double quote open start a join, so a source line ending in a
 * macro's backslash does not. */
static int join_continued(struct vx_unwrap *u, char *s, size_t len)
{
	size_t bs = 0;
	while (bs < len && s[len - 1 - bs] == '\\')
		bs++;
	int cont = bs % 2 && (u->joining || memmem(s, len, "\\n", 2) || vx_opens_key_value(s, len));
	if (!cont && !u->joining)
		return queue_line(u, s, len);
	if (u->joined.len + len < VX_LINE_MAX)
		sb_add(&u->joined, s, cont ? len - 1 : len);
	u->joining = cont;
	if (cont)
		return 0;
	sb_add(&u->joined, "", 0);
	int rc = queue_line(u, u->joined.buf, u->joined.len);
	sb_reset(&u->joined);
	return rc;
}

/* plain: the caller knows the line holds no NUL, CR or ESC byte, so there is
 * nothing to count or clean (the common case, decided per chunk). */
static int process_raw(struct vx_unwrap *u, char *s, size_t len, int plain)
{
	u->lines++;
	if (!plain) {
		for (size_t i = 0; i < len; i++)
			if (!s[i])
				u->nuls++;
		len = vx_clean_line(s, len);
	}
	/* Markdown quotes, possibly nested: "> > text" */
	for (;;) {
		size_t i = 0;
		while (i < len && s[i] == ' ')
			i++;
		if (i >= len || s[i] != '>')
			break;
		i++;
		if (i < len && s[i] == ' ')
			i++;
		s += i;
		len -= i;
	}
	/* a fence or a <details> line closes whatever log it held: the prose
	 * after it is the reporter's, not the verifier's */
	if (vx_is_fence(s) || vx_is_html_wrapper(s)) {
		struct vx_event ev = { .kind = VX_EV_END };
		if (u->win.n)
			return win_push(u, "", 0, 1);
		return u->muted ? 0 : u->fn(u->ctx, &ev);
	}
	/* a verdict quoted as inline code in prose: `jump out of range ...` */
	if (len > 2 && s[0] == '`' && s[len - 1] == '`' && !memchr(s + 1, '`', len - 2)) {
		s[len - 1] = '\0';
		s++;
		len -= 2;
	} else if (len && s[0] == '`' && !memchr(s + 1, '`', len - 1)) {
		/* inline code opened here and closed lines later */
		s++;
		len--;
	} else if (len && s[len - 1] == '`' && !memchr(s, '`', len - 1)) {
		s[--len] = '\0';
	}
	return join_continued(u, s, len);
}

/* The common line of a huge bare log, read where it lies (s[n] is its
 * newline, and writable): the steps process_raw, queue_line and
 * process_clean would take with nothing pending (no window, prefix, quote
 * region, join or mute) and a line that is plainly the verifier's, with
 * their effects and none of their copies. Returns 0 when the line needs
 * the full path, else 1 with the callback's value in *rc. */
static int fast_line(struct vx_unwrap *u, char *s, size_t n, int *rc)
{
	if (u->win.n || u->muted || u->joining || u->region || !vx_prefix_bare(&u->pfx))
		return 0;
	char *e = s + n;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	/* a backslash at the end may continue an escaped log (join_continued) */
	if (s < e && e[-1] == '\\')
		return 0;
	*e = '\0'; /* the newline: the full path never reads it */
	/* a blank line would wait in the window for the next line and leave
	 * it unchanged: it goes on now */
	int kind = s < e ? vx_plain_kind(s, e - s) : VL_BLANK;
	if (kind < 0)
		return 0;
	char *t = e;
	while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
		t--;
	if (t != e) { /* process_clean strips them, then looks again */
		char c = *t;
		*t = '\0';
		if ((kind = vx_plain_kind(s, t - s)) < 0) {
			*t = c;
			return 0;
		}
	}
	u->lines++;
	struct vx_event ev = { .kind = VX_EV_LINE, .text = s, .len = t - s,
			       .line_kind = kind + 1, .stable = 1 };
	*rc = u->fn(u->ctx, &ev);
	return 1;
}

/* writable: buf is the caller's scratch (vx_unwrap_feed_inplace) */
static int feed(struct vx_unwrap *u, const char *buf, size_t len, int writable)
{
	struct vx_specials sp;
	vx_specials_init(&sp, buf, buf + len);
	while (len) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;
		int special = vx_specials_in(&sp, buf, buf + n);
		if (writable && nl && !special && !u->line.len && !u->skipping && n < VX_LINE_MAX) {
			int rc;
			if (fast_line(u, (char *)buf, n, &rc)) {
				if (rc)
					return rc;
				buf = nl + 1;
				len -= n + 1;
				continue;
			}
		}
		if (!u->skipping) {
			size_t room = VX_LINE_MAX - u->line.len;
			if (n > room) {
				sb_add(&u->line, buf, room);
				u->cut++;
				u->skipping = 1;
				u->dirty = 1;
				int rc = process_raw(u, u->line.buf, u->line.len, 0);
				sb_reset(&u->line);
				u->dirty = 0;
				if (rc)
					return rc;
			} else {
				sb_add(&u->line, buf, n);
			}
		}
		if (special)
			u->dirty = 1;
		if (!nl)
			break;
		if (!u->skipping) {
			sb_add(&u->line, "", 0); /* an empty line still needs a buffer */
			int rc = process_raw(u, u->line.buf, u->line.len, !u->dirty);
			sb_reset(&u->line);
			if (rc)
				return rc;
		}
		u->skipping = 0;
		u->dirty = 0;
		buf = nl + 1;
		len -= n + 1;
	}
	return 0;
}

int vx_unwrap_feed(struct vx_unwrap *u, const char *buf, size_t len)
{
	return feed(u, buf, len, 0);
}

int vx_unwrap_feed_inplace(struct vx_unwrap *u, char *buf, size_t len)
{
	return feed(u, buf, len, 1);
}

void vx_unwrap_drop_partial(struct vx_unwrap *u)
{
	/* A line that filled the whole buffer and still goes on is one we
	 * would have cut: say so, as for a line read through (a huge file's
	 * 1 MiB head can be one such line). */
	if (!u->skipping && u->line.len >= VX_LINE_MAX)
		u->cut++;
	sb_reset(&u->line);
	u->skipping = 0;
}

int vx_unwrap_finish(struct vx_unwrap *u)
{
	int rc = 0;
	if (u->line.len && !u->skipping)
		rc = process_raw(u, u->line.buf, u->line.len, !u->dirty);
	sb_reset(&u->line);
	u->skipping = 0;
	u->dirty = 0;
	if (!rc && u->joining) {
		u->joining = 0;
		sb_add(&u->joined, "", 0);
		rc = queue_line(u, u->joined.buf, u->joined.len);
	}
	sb_reset(&u->joined);
	if (!rc)
		rc = win_flush(u);
	return rc;
}
