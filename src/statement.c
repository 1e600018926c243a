// SPDX-License-Identifier: MIT
/* statement: a loader's own statement of a failure, read as an error chain
 * with the words of patterns/statement-words.tsv (see statement.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "statement.h"

#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "patterns.h"
#include "quote.h"
#include "pcre_compile.h"
#include "util.h"
#include "util_tsv.h"

#define WORDS_DATA "patterns/statement-words.tsv"
#define SAID_MAX_LEN 8192 /* a statement longer than this is read in part */
#define SAID_MAX_COMPS 48

struct errno_row {
	const char *name, *words;
	long num;
	char *fact;
	pcre2_code *re;
};

struct object_row {
	const char *name, *what;
	enum vx_said_class cls;
	char *fact;
	pcre2_code *re;
};

static struct {
	char *text; /* the table, split in place: the rows point into it */
	struct errno_row *errnos;
	size_t nerrnos;
	struct object_row *objects;
	size_t nobjects;
	pcre2_code *address, *header, *field, *message, *failure, *info;
	pcre2_code *symbol, *number; /* the forms an errno's name and number take */
} W;
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

/* The forms every errno takes, whatever its row: its name ("-ENOTSUPP",
 * "= -1 EPERM"), and its number at a component's end (": -22", "(-22)"),
 * after Rust's "os error", in "errno: 22", "err=-22", "Unknown error 524". */
#define SYMBOL_RE "(?<![\\w])-?(E[A-Z0-9]{2,})\\b"
#define NUMBER_RE                                                                          \
	"(?|(?:^|[\\s(=,])-(\\d+)\\)?\\.?\\s*$|\\bos error (\\d+)|\\berrno\\b[:= |]*-?(\\d+)|" \
	"\\berr=-?(\\d+)|\\b[Uu]nknown error (\\d+))"

static enum vx_said_class class_of(const char *s)
{
	return !strcmp(s, "specific") ? VX_SAID_SPECIFIC :
	       !strcmp(s, "program")  ? VX_SAID_PROGRAM :
	       !strcmp(s, "generic")  ? VX_SAID_GENERIC :
					VX_SAID_NONE;
}

static char *lower_fact(const char *prefix, const char *name)
{
	char *f = xasprintf("%s%s", prefix, name);
	for (char *p = f; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return f;
}

static void errno_row(char **f, size_t n)
{
	char *end;
	long num = n >= 4 ? strtol(f[2], &end, 10) : 0;
	if (n < 4 || *end || num <= 0)
		return;
	char *re_text = xasprintf("\\b(?:%s)\\b", f[3]);
	pcre2_code *re = vx_regex_compile(re_text, PCRE2_CASELESS);
	free(re_text);
	if (!re)
		return;
	W.errnos = xrealloc(W.errnos, (W.nerrnos + 1) * sizeof(*W.errnos));
	W.errnos[W.nerrnos++] = (struct errno_row){ f[1], f[3], num,
						    lower_fact("said_errno_is_", f[1]), re };
}

static void object_row(char **f, size_t n)
{
	pcre2_code *re;
	if (n < 5 || class_of(f[2]) == VX_SAID_NONE || !(re = vx_regex_compile(f[4], 0)))
		return;
	W.objects = xrealloc(W.objects, (W.nobjects + 1) * sizeof(*W.objects));
	W.objects[W.nobjects++] = (struct object_row){ f[1], f[3], class_of(f[2]),
						       lower_fact("said_object_is_", f[1]), re };
}

static void one_regex(pcre2_code **slot, char **f, size_t n, uint32_t flags)
{
	if (n >= 2 && !*slot)
		*slot = vx_regex_compile(f[1], flags);
}

static void words_row(char **f, size_t n)
{
	if (!strcmp(f[0], "errno"))
		errno_row(f, n);
	else if (!strcmp(f[0], "object"))
		object_row(f, n);
	else if (!strcmp(f[0], "address"))
		one_regex(&W.address, f, n, 0);
	else if (!strcmp(f[0], "header"))
		one_regex(&W.header, f, n, 0);
	else if (!strcmp(f[0], "field"))
		one_regex(&W.field, f, n, PCRE2_CASELESS);
	else if (!strcmp(f[0], "message"))
		one_regex(&W.message, f, n, PCRE2_CASELESS);
	else if (!strcmp(f[0], "failure"))
		one_regex(&W.failure, f, n, PCRE2_CASELESS);
	else if (!strcmp(f[0], "info"))
		one_regex(&W.info, f, n, 0);
}

static void words_load(void)
{
	const struct vx_data_file *df = vx_data_find(WORDS_DATA);
	W.symbol = vx_regex_compile(SYMBOL_RE, 0);
	W.number = vx_regex_compile(NUMBER_RE, 0);
	if (!df)
		return;
	W.text = xstrndup(df->text, df->len);
	char *pos = W.text, *line;
	while ((line = tsv_next_line(&pos))) {
		char *f[5];
		if (!*line || *line == '#')
			continue;
		words_row(f, tsv_split(line, f, 5));
	}
}

static int matches(pcre2_code *re, const char *s, size_t len, pcre2_match_data *md, size_t *at)
{
	if (!re || pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL) < 0)
		return 0;
	if (at)
		*at = pcre2_get_ovector_pointer(md)[0];
	return 1;
}

static const struct errno_row *errno_named(const char *s, size_t len)
{
	for (size_t i = 0; i < W.nerrnos; i++)
		if (strlen(W.errnos[i].name) == len && !memcmp(W.errnos[i].name, s, len))
			return &W.errnos[i];
	return NULL;
}

static const struct errno_row *errno_numbered(long num)
{
	for (size_t i = 0; i < W.nerrnos; i++)
		if (W.errnos[i].num == num)
			return &W.errnos[i];
	return NULL;
}

/* The errno a component states, and where it starts in it; NULL: none. The
 * name first, then the number, then the words. */
static const struct errno_row *find_errno(const char *s, size_t len, pcre2_match_data *md,
					  size_t *at)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	for (size_t from = 0; W.symbol && from < len;) {
		if (pcre2_match(W.symbol, (PCRE2_SPTR)s, len, from, 0, md, NULL) < 2)
			break;
		const struct errno_row *e = errno_named(s + ov[2], ov[3] - ov[2]);
		if (e) {
			*at = ov[0];
			return e;
		}
		from = ov[1] > from ? ov[1] : from + 1;
	}
	if (W.number && pcre2_match(W.number, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 2) {
		const struct errno_row *e = errno_numbered(strtol(s + ov[2], NULL, 10));
		if (e) {
			*at = ov[0];
			return e;
		}
	}
	const struct errno_row *best = NULL;
	for (size_t i = 0; i < W.nerrnos; i++) {
		size_t a;
		if (matches(W.errnos[i].re, s, len, md, &a) && (!best || a < *at)) {
			best = &W.errnos[i];
			*at = a;
		}
	}
	return best;
}

static const struct object_row *find_object(const char *s, size_t len, pcre2_match_data *md)
{
	for (size_t i = 0; i < W.nobjects; i++)
		if (matches(W.objects[i].re, s, len, md, NULL))
			return &W.objects[i];
	return NULL;
}

/* --- reading one statement ----------------------------------------------------- */

struct comp {
	size_t off, len;
	const struct object_row *obj;
	const struct errno_row *err;
	int is_errno, is_address;
};

/* A quote that opens or closes a quoted word ('x', "x", `x`), not the
 * apostrophe of "can't". */
static int quote_at(const char *t, size_t i, size_t len, char open)
{
	char q = t[i];
	if (q != '\'' && q != '"' && q != '`')
		return 0;
	if (open)
		return q == open && (i + 1 == len || !isalnum((unsigned char)t[i + 1]));
	return q != '\'' || !i || !isalnum((unsigned char)t[i - 1]);
}

/* Split t at ": " outside brackets and quotes; the components, trimmed. */
static size_t split_comps(const char *t, size_t len, struct comp *c, size_t max)
{
	size_t n = 0, from = 0;
	int depth = 0;
	char open = 0;
	for (size_t i = 0; i <= len && n < max; i++) {
		int at_end = i == len;
		if (!at_end && quote_at(t, i, len, open)) {
			open = open ? 0 : t[i];
			continue;
		}
		if (!at_end && !open && strchr("([{", t[i]))
			depth++;
		else if (!at_end && !open && strchr(")]}", t[i]) && depth)
			depth--;
		int sep = !at_end && !open && !depth && t[i] == ':' &&
			  (i + 1 == len || t[i + 1] == ' ' || t[i + 1] == '\t');
		if (!sep && !at_end)
			continue;
		size_t a = from, b = i;
		while (a < b && isspace((unsigned char)t[a]))
			a++;
		while (b > a && isspace((unsigned char)t[b - 1]))
			b--;
		if (b > a)
			c[n++] = (struct comp){ .off = a, .len = b - a };
		from = i + 1;
	}
	return n;
}

/* The value of a logger's field whose key key matches (err="...",
 * "error":"...", error: "..."), or 0 when the line has none. */
static int field_value(pcre2_code *key, const char *s, size_t len, pcre2_match_data *md,
		       struct strbuf *out)
{
	for (size_t i = 0; key && i < len; i++) {
		if (i && !strchr(" \t{,", s[i - 1]))
			continue;
		size_t k = i + (s[i] == '"'), e = k;
		while (e < len && (isalnum((unsigned char)s[e]) || s[e] == '_' || s[e] == '.'))
			e++;
		if (e == k || !matches(key, s + k, e - k, md, NULL))
			continue;
		size_t v = e + (s[i] == '"' && e < len && s[e] == '"');
		if (v < len && (s[v] == '=' || s[v] == ':'))
			v++;
		else
			continue;
		while (v < len && s[v] == ' ' && s[v - 1] == ':')
			v++;
		sb_reset(out);
		if (v < len && s[v] == '"')
			vx_unquote(s + v + 1, len - v - 1, '"', out, NULL);
		else if (s[v - 1] == '=')
			sb_add(out, s + v, strcspn(s + v, " \t,}"));
		if (out->len)
			return 1;
	}
	return 0;
}

/* The component the message starts at: after the last "where" component
 * whose step a later component names, the first that names a step of its
 * own (else any step; else the cut itself). */
static size_t message_start(const struct comp *c, size_t n)
{
	size_t cut = 0;
	int have_addr = 0;
	for (size_t a = n; a-- > 0;) {
		if (!c[a].is_address)
			continue;
		int named = 0;
		for (size_t k = a + 1; k < n; k++)
			named |= c[k].obj && !c[k].is_errno;
		if (named) {
			cut = a + 1;
			break;
		}
		if (!have_addr)
			cut = a;
		have_addr = 1;
	}
	for (size_t k = cut; k < n; k++)
		if (c[k].obj && !c[k].is_errno && c[k].obj->cls == VX_SAID_SPECIFIC)
			return k;
	for (size_t k = cut; k < n; k++)
		if (c[k].obj && !c[k].is_errno)
			return k;
	return cut;
}

/* The innermost component from start on that names a step: a step of its own
 * first, then the program's load, then the whole object. */
static const struct object_row *innermost_object(const struct comp *c, size_t n, size_t start)
{
	static const enum vx_said_class order[] = { VX_SAID_SPECIFIC, VX_SAID_PROGRAM,
						    VX_SAID_GENERIC };
	for (size_t o = 0; o < ARRAY_SIZE(order); o++)
		for (size_t k = n; k-- > start;)
			if (c[k].obj && !c[k].is_errno && c[k].obj->cls == order[o])
				return c[k].obj;
	return NULL;
}

static void classify_comps(const char *t, struct comp *c, size_t n, pcre2_match_data *md)
{
	for (size_t k = 0; k < n; k++) {
		const char *s = t + c[k].off;
		size_t at = 0, lead = 0;
		c[k].err = find_errno(s, c[k].len, md, &at);
		while (lead < c[k].len && !isalnum((unsigned char)s[lead]) && s[lead] != '-')
			lead++;
		c[k].is_errno = c[k].err && at <= lead;
		c[k].is_address = matches(W.address, s, c[k].len, md, NULL);
		c[k].obj = find_object(s, c[k].len, md);
	}
}

static void said_key(const struct vx_db *db, struct vx_said *out)
{
	char *key = xasprintf("%s %s: %s", out->object ? out->object : "none",
			      out->errno_name ? out->errno_name : "-", out->message);
	out->entry = vx_db_match_statement(db, key, strlen(key), &out->caps);
	free(key);
}

static void fill(struct vx_said *out, const char *t, size_t tlen, const struct comp *c, size_t n)
{
	size_t start = message_start(c, n);
	const struct object_row *o = innermost_object(c, n, start);
	out->cls = o ? o->cls : VX_SAID_NONE;
	out->object = o ? o->name : NULL;
	out->what = o ? o->what : NULL;
	out->object_fact = o ? o->fact : NULL;
	for (size_t k = n; k-- > 0;)
		if (c[k].err) {
			out->errno_name = c[k].err->name;
			out->errno_num = c[k].err->num;
			out->errno_words = c[k].err->words;
			out->errno_fact = c[k].err->fact;
			break;
		}
	for (size_t k = n; k-- > 0;)
		if (!c[k].is_errno) {
			out->cause = xstrndup(t + c[k].off, c[k].len);
			break;
		}
	size_t from = n ? c[start].off : 0;
	out->message = xstrndup(t + from, tlen - from);
	size_t m = strlen(out->message);
	while (m && isspace((unsigned char)out->message[m - 1]))
		out->message[--m] = '\0';
}

int vx_said_read(const struct vx_db *db, const char *s, size_t len, struct vx_said *out)
{
	pthread_once(&words_once, words_load);
	memset(out, 0, sizeof(*out));
	if (len > SAID_MAX_LEN)
		len = SAID_MAX_LEN;
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	struct strbuf t = STRBUF_INIT;
	/* a logger's record: its error field, else its message (which must
	 * state the failure itself) */
	int from_field = field_value(W.field, s, len, md, &t);
	if (!from_field && field_value(W.message, s, len, md, &t))
		from_field = -1;
	if (!from_field) {
		size_t at = 0;
		if (W.header && pcre2_match(W.header, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0)
			at = pcre2_get_ovector_pointer(md)[1];
		sb_add(&t, s + at, len - at);
	}
	struct comp c[SAID_MAX_COMPS];
	size_t n = split_comps(t.buf ? t.buf : "", t.len, c, SAID_MAX_COMPS);
	int rc = -1;
	if (!n || matches(W.info, t.buf, t.len, md, NULL))
		goto out;
	classify_comps(t.buf, c, n, md);
	fill(out, t.buf, t.len, c, n);
	out->failed = from_field > 0 || out->errno_name || matches(W.failure, t.buf, t.len, md, NULL);
	out->line = sb_detach(&t);
	if (!out->failed)
		goto out;
	said_key(db, out);
	rc = 0;
out:
	sb_free(&t);
	pcre2_match_data_free(md);
	if (rc)
		vx_said_free(out);
	return rc;
}

void vx_said_free(struct vx_said *s)
{
	free(s->message);
	free(s->line);
	free(s->cause);
	vx_caps_clear(&s->caps);
	memset(s, 0, sizeof(*s));
}

static void add_cap(struct vx_caps *caps, const char *name, const char *value)
{
	if (!value || !*value || caps->n >= VX_MAX_CAPS || vx_caps_get(caps, name))
		return;
	caps->name[caps->n] = name;
	caps->value[caps->n++] = xstrdup(value);
}

void vx_said_caps(const struct vx_said *s, struct vx_caps *caps)
{
	char num[24];
	snprintf(num, sizeof(num), "%ld", s->errno_num);
	add_cap(caps, "said_message", s->message);
	add_cap(caps, "said_object", s->object);
	add_cap(caps, "said_what", s->what);
	add_cap(caps, "said_errno", s->errno_name);
	add_cap(caps, "said_errno_num", s->errno_num ? num : NULL);
	add_cap(caps, "said_errno_words", s->errno_words);
	add_cap(caps, "said_cause", s->cause);
	add_cap(caps, "said_line", s->line);
	if (s->object_fact)
		add_cap(caps, s->object_fact, "1");
	if (s->errno_fact)
		add_cap(caps, s->errno_fact, "1");
}

/* --- the statements of one input ----------------------------------------------- */

struct vx_said_lines {
	const struct vx_db *db;
	struct vx_said best;
	int have_best, load_failed;
	const char *loader; /* the current line's */
	int framed;	    /* the current line is a framing entry's */
	/* a Rust error chain: "Error: head", then "Caused by:" and its items
	 * (or color-eyre's numbered items right after the head) */
	int chain; /* 0: none, 1: after the head, 2: after "Caused by:" */
	struct strbuf head, obj_item, errno_item;
};

struct vx_said_lines *vx_said_lines_new(const struct vx_db *db)
{
	struct vx_said_lines *c = xcalloc(1, sizeof(*c));
	c->db = db;
	return c;
}

/* EPERM or EACCES: a refusal for privilege, whatever the step */
static int refused(const struct vx_said *s)
{
	return s->errno_name && (!strcmp(s->errno_name, "EPERM") || !strcmp(s->errno_name, "EACCES"));
}

static void consider(struct vx_said_lines *c, struct vx_said *s)
{
	int answer = s->cls == VX_SAID_SPECIFIC ||
		     (refused(s) && !c->framed);
	if (s->failed && answer && !c->have_best) {
		s->loader = c->loader;
		c->best = *s;
		c->have_best = 1;
		return;
	}
	if (s->failed && (s->cls == VX_SAID_PROGRAM || s->cls == VX_SAID_GENERIC))
		c->load_failed = 1;
	vx_said_free(s);
}

static void consider_text(struct vx_said_lines *c, const char *s, size_t len)
{
	struct vx_said said;
	if (!vx_said_read(c->db, s, len, &said))
		consider(c, &said);
}

/* The chain is over: its innermost item that names a step (else its head)
 * with the innermost errno of the chain. */
static void chain_flush(struct vx_said_lines *c)
{
	if (!c->chain)
		return;
	const struct strbuf *main = c->obj_item.len ? &c->obj_item : &c->head;
	struct vx_said s;
	if (main->len && !vx_said_read(c->db, main->buf, main->len, &s)) {
		struct vx_said e;
		if (!s.errno_name && c->errno_item.len &&
		    !vx_said_read(c->db, c->errno_item.buf, c->errno_item.len, &e)) {
			s.errno_name = e.errno_name;
			s.errno_num = e.errno_num;
			s.errno_words = e.errno_words;
			s.errno_fact = e.errno_fact;
			s.failed = 1;
			vx_caps_clear(&s.caps);
			said_key(c->db, &s);
			vx_said_free(&e);
		}
		consider(c, &s);
	}
	c->chain = 0;
	sb_reset(&c->head);
	sb_reset(&c->obj_item);
	sb_reset(&c->errno_item);
}

static void chain_item(struct vx_said_lines *c, const char *s, size_t len)
{
	struct vx_said said;
	if (vx_said_read(c->db, s, len, &said))
		return;
	if (said.object && said.cls != VX_SAID_GENERIC) {
		sb_reset(&c->obj_item);
		sb_add(&c->obj_item, s, len);
	}
	if (said.errno_name) {
		sb_reset(&c->errno_item);
		sb_add(&c->errno_item, s, len);
	}
	vx_said_free(&said);
}

/* "N: " before an item of a chain. */
static size_t item_number(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && isdigit((unsigned char)s[i]))
		i++;
	return i && i + 1 < len && s[i] == ':' && s[i + 1] == ' ' ? i + 2 : 0;
}

/* In a chain, a line of it: 1 when taken. */
static int chain_line(struct vx_said_lines *c, const char *s, size_t len, size_t ind)
{
	if (!c->chain)
		return 0;
	if (len <= ind) /* an empty line: s may be NULL */
		return 1;
	const char *t = s + ind;
	size_t tl = len - ind;
	if (tl == 10 && !memcmp(t, "Caused by:", 10)) {
		c->chain = 2;
		return 1;
	}
	size_t num = item_number(t, tl);
	if (ind || num) {
		chain_item(c, t + num, tl - num);
		return 1;
	}
	chain_flush(c);
	return 0;
}

void vx_said_lines_add(struct vx_said_lines *c, const char *s, size_t len, const char *loader,
		       int framed)
{
	c->loader = loader;
	c->framed = framed;
	size_t ind = 0;
	while (ind < len && (s[ind] == ' ' || s[ind] == '\t'))
		ind++;
	while (len > ind && isspace((unsigned char)s[len - 1]))
		len--;
	if (chain_line(c, s, len, ind))
		return;
	if (!ind && len >= 6 && (!memcmp(s, "Error:", 6) || !memcmp(s, "error:", 6))) {
		c->chain = 1;
		size_t h = 6;
		while (h < len && s[h] == ' ')
			h++;
		sb_add(&c->head, s + h, len - h);
		return;
	}
	if (len)
		consider_text(c, s, len);
}

const struct vx_said *vx_said_lines_best(struct vx_said_lines *c)
{
	chain_flush(c);
	return c->have_best ? &c->best : NULL;
}

int vx_said_lines_load_failed(struct vx_said_lines *c)
{
	chain_flush(c);
	return c->load_failed;
}

void vx_said_lines_free(struct vx_said_lines *c)
{
	if (!c)
		return;
	if (c->have_best)
		vx_said_free(&c->best);
	sb_free(&c->head);
	sb_free(&c->obj_item);
	sb_free(&c->errno_item);
	free(c);
}

/* --- the check ------------------------------------------------------------------ */

int vx_statement_check(const struct vx_db *db, const struct vx_pattern *p, FILE *out)
{
	int problems = 0;
	for (size_t e = 0; e < p->nexamples; e++) {
		const char *ex = p->examples[e], *colon = strstr(ex, ": ");
		struct vx_said s;
		if (!colon || vx_said_read(db, colon + 2, strlen(colon + 2), &s)) {
			fprintf(out, "%s:%d: %s: example is no statement (OBJECT ERRNO: MESSAGE): %s\n",
				p->file, p->line, p->id, ex);
			problems++;
			continue;
		}
		char *key = xasprintf("%s %s: %s", s.object ? s.object : "none",
				      s.errno_name ? s.errno_name : "-", s.message);
		if (strcmp(key, ex)) {
			fprintf(out, "%s:%d: %s: example reads as \"%s\", not as written: %s\n",
				p->file, p->line, p->id, key, ex);
			problems++;
		} else if (s.entry != p) {
			fprintf(out, "%s:%d: %s: example is answered by %s: %s\n", p->file, p->line,
				p->id, s.entry ? s.entry->id : "no entry", ex);
			problems++;
		}
		free(key);
		vx_said_free(&s);
	}
	return problems;
}

int vx_statement_words_check(const char *path, char *text, FILE *out)
{
	int problems = 0, lineno = 0;
	char *pos = text, *line;
	while ((line = tsv_next_line(&pos))) {
		char *f[5];
		lineno++;
		if (!*line || *line == '#')
			continue;
		size_t n = tsv_split(line, f, 5);
		const char *why = NULL, *re = NULL;
		uint32_t flags = 0;
		if (!strcmp(f[0], "errno")) {
			char *end;
			long num = n == 4 ? strtol(f[2], &end, 10) : 0;
			why = n != 4 || *end || num <= 0 || strspn(f[1], "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(f[1]) || f[1][0] != 'E' ?
				      "want errno<TAB>ENAME<TAB>number<TAB>words" : NULL;
			re = n == 4 ? f[3] : NULL;
			flags = PCRE2_CASELESS;
		} else if (!strcmp(f[0], "object")) {
			why = n != 5 || class_of(f[2]) == VX_SAID_NONE ?
				      "want object<TAB>name<TAB>specific|program|generic<TAB>what<TAB>regex" : NULL;
			re = n == 5 ? f[4] : NULL;
		} else if (!strcmp(f[0], "address") || !strcmp(f[0], "header") || !strcmp(f[0], "field") ||
			   !strcmp(f[0], "message") || !strcmp(f[0], "failure") || !strcmp(f[0], "info")) {
			why = n != 2 ? "want kind<TAB>regex" : NULL;
			re = n == 2 ? f[1] : NULL;
		} else {
			why = "unknown row kind (errno, object, address, header, field, message, failure, info)";
		}
		pcre2_code *code = !why && re ? vx_regex_compile(re, flags) : NULL;
		if (!why && re && !code)
			why = "the regex does not compile";
		pcre2_code_free(code);
		if (why) {
			fprintf(out, "%s:%d: %s\n", path, lineno, why);
			problems++;
		}
	}
	return problems;
}
