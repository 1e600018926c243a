// SPDX-License-Identifier: MIT
/* The pattern database: a tiny block parser for *.pat and PCRE2 with JIT.
 * Every line of every log may be matched against it, so matching keeps one
 * match-data block and the JIT stack, and limits backtracking so that no line
 * and no pattern can hang the matcher. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "patterns.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "helpers.h"
#include "quote.h"
#include "statement.h"

/* Backtracking bounds: generous for real lines (a few hundred bytes), tight
 * enough that a hostile 100 MB line is refused in milliseconds. */
#define VX_MATCH_LIMIT 200000
#define VX_DEPTH_LIMIT 2000

struct vx_db {
	struct vx_pattern *pats; /* verdict and info, in database order */
	size_t npats;
	struct vx_pattern *loaders;
	size_t nloaders;
	struct vx_pattern *stmts; /* statements.pat, in file order */
	size_t nstmts;
	char **files; /* names the patterns point into */
	size_t nfiles;
	char *dir; /* where it was loaded from; NULL: built in */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
};

struct vx_db_builder {
	struct vx_db *db;
	struct strbuf *err;
	int errors;
};

static char *categories_text(void)
{
	const struct vx_data_file *f = vx_data_find("patterns/categories.tsv");
	return f ? (char *)f->text : NULL;
}

int vx_category_known(const char *name)
{
	if (!strcmp(name, "info") || !strcmp(name, "loader"))
		return 1;
	const char *t = categories_text();
	size_t n = strlen(name);
	for (const char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (*l != '#' && !strncmp(l, name, n) && l[n] == '\t')
			return 1;
	}
	return 0;
}

static void pattern_free(struct vx_pattern *p)
{
	free(p->id);
	free(p->category);
	free(p->match);
	free(p->title);
	for (size_t i = 0; i < p->nexplain; i++) {
		free(p->explain[i].cond);
		free(p->explain[i].text);
	}
	free(p->explain);
	for (size_t i = 0; i < p->nfix; i++) {
		free(p->fix[i].cond);
		free(p->fix[i].text);
	}
	free(p->fix);
	for (size_t i = 0; i < p->nrecategorize; i++) {
		free(p->recategorize[i].cond);
		free(p->recategorize[i].text);
	}
	free(p->recategorize);
	free(p->kernels);
	free_strv(p->refs, p->nrefs);
	free_strv(p->examples, p->nexamples);
	free_strv(p->follows, p->nfollows);
	free(p->loader);
	free(p->action);
	pcre2_code_free(p->re);
}

void vx_db_free(struct vx_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->npats; i++)
		pattern_free(&db->pats[i]);
	for (size_t i = 0; i < db->nloaders; i++)
		pattern_free(&db->loaders[i]);
	for (size_t i = 0; i < db->nstmts; i++)
		pattern_free(&db->stmts[i]);
	free(db->pats);
	free(db->loaders);
	free(db->stmts);
	free_strv(db->files, db->nfiles);
	free(db->dir);
	pcre2_match_data_free(db->md);
	pcre2_match_context_free(db->mctx);
	pcre2_jit_stack_free(db->jit_stack);
	free(db);
}

static void b_error(struct vx_db_builder *b, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void b_error(struct vx_db_builder *b, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sb_addf(b->err, "%s:%d: %s\n", file, line, msg);
	b->errors++;
}

static void push_str(char ***arr, size_t *n, const char *s)
{
	*arr = xrealloc(*arr, (*n + 1) * sizeof(**arr));
	(*arr)[(*n)++] = xstrdup(s);
}

static void push_tmpl(struct vx_tmpl **arr, size_t *n, const char *cond, const char *text)
{
	*arr = xrealloc(*arr, (*n + 1) * sizeof(**arr));
	struct vx_tmpl *t = &(*arr)[(*n)++];
	t->negate = cond && cond[0] == '!';
	t->cond = cond ? xstrdup(cond + t->negate) : NULL;
	t->text = xstrdup(text);
}

/* Lines that are not a verifier's (a build log piped in, junk after a
 * verdict) are tried against every entry, and the cost of that is mostly
 * pcre2_match's own per-call work, not the match: an entry that starts with
 * 'l' fails on "yyy" at once, after ~100 ns. So each entry keeps what a line
 * needs before a call is worth it: PCRE2's minimum length (in characters,
 * so in at least as many bytes), and the bytes a match can start with.
 * PCRE2 computes no start bytes for anchored patterns (every entry is "^..."),
 * so they come from the pattern compiled again without its "^": the start
 * bytes of any match of the rest, which is where an anchored match starts.
 * A fixed first unit may be caseless and PCRE2 does not say so: both ASCII
 * cases are let through, and every byte >= 0x80 (caseless 'k' matches the
 * Kelvin sign). The start bitmap, when PCRE2 makes one, already holds case
 * variants and UTF-8 lead bytes. */
static void prefilter_init(struct vx_pattern *p)
{
	uint32_t minlen = 0, type = 0, cu = 0;
	const uint8_t *bitmap = NULL;
	int errcode;
	PCRE2_SIZE erroff;

	p->first_known = 0;
	if (pcre2_pattern_info(p->re, PCRE2_INFO_MINLENGTH, &minlen) == 0)
		p->minlen = minlen;
	if (p->match[0] != '^')
		return;
	pcre2_code *rest = pcre2_compile((PCRE2_SPTR)p->match + 1, PCRE2_ZERO_TERMINATED,
					 PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &errcode, &erroff, NULL);
	if (!rest)
		return;
	pcre2_pattern_info(rest, PCRE2_INFO_FIRSTCODETYPE, &type);
	if (type == 1 && pcre2_pattern_info(rest, PCRE2_INFO_FIRSTCODEUNIT, &cu) == 0 && cu < 0x80) {
		memset(p->first, 0, 16);
		memset(p->first + 16, 0xff, 16); /* bytes 0x80-0xff */
		p->first[cu >> 3] |= 1u << (cu & 7);
		unsigned other = isupper(cu) ? (unsigned)tolower(cu) : (unsigned)toupper(cu);
		p->first[other >> 3] |= 1u << (other & 7);
		p->first_known = 1;
	} else if (type == 0 && pcre2_pattern_info(rest, PCRE2_INFO_FIRSTBITMAP, &bitmap) == 0 && bitmap) {
		memcpy(p->first, bitmap, 32);
		p->first_known = 1;
	}
	pcre2_code_free(rest);
}

static int compile(struct vx_db_builder *b, struct vx_pattern *p)
{
	int errcode;
	PCRE2_SIZE erroff;
	p->re = pcre2_compile((PCRE2_SPTR)p->match, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
			      &errcode, &erroff, NULL);
	if (!p->re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		b_error(b, p->file, p->line, "%s: regex does not compile at offset %zu: %s", p->id,
			(size_t)erroff, msg);
		return -EINVAL;
	}
	/* JIT is an optimisation: without it (unsupported CPU) matching still works. */
	pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE);
	prefilter_init(p);
	return 0;
}

/* Store one key: value of an entry. */
static void set_key(struct vx_db_builder *b, struct vx_pattern *p, const char *key, const char *val,
		    int line)
{
	char name[32], cond[64] = "";
	const char *br = strchr(key, '[');
	size_t klen = br ? (size_t)(br - key) : strlen(key);
	if (klen >= sizeof(name)) {
		b_error(b, p->file, line, "key too long");
		return;
	}
	memcpy(name, key, klen);
	name[klen] = '\0';
	if (br) {
		const char *end = strchr(br, ']');
		if (!end || end[1] || (size_t)(end - br - 1) >= sizeof(cond) || end == br + 1) {
			b_error(b, p->file, line, "bad condition in '%s'", key);
			return;
		}
		memcpy(cond, br + 1, end - br - 1);
		cond[end - br - 1] = '\0';
		if (strcmp(name, "explain") && strcmp(name, "fix") && strcmp(name, "category")) {
			b_error(b, p->file, line, "only explain, fix and category take a condition");
			return;
		}
		if (!strcmp(name, "category")) {
			push_tmpl(&p->recategorize, &p->nrecategorize, cond, val);
			return;
		}
	}
	char **single = NULL;
	if (!strcmp(name, "id"))
		single = &p->id;
	else if (!strcmp(name, "category"))
		single = &p->category;
	else if (!strcmp(name, "match"))
		single = &p->match;
	else if (!strcmp(name, "title"))
		single = &p->title;
	else if (!strcmp(name, "loader"))
		single = &p->loader;
	else if (!strcmp(name, "action"))
		single = &p->action;
	if (single) {
		if (*single)
			b_error(b, p->file, line, "'%s' given twice", name);
		else
			*single = xstrdup(val);
	} else if (!strcmp(name, "explain")) {
		push_tmpl(&p->explain, &p->nexplain, br ? cond : NULL, val);
	} else if (!strcmp(name, "fix")) {
		push_tmpl(&p->fix, &p->nfix, br ? cond : NULL, val);
	} else if (!strcmp(name, "kernels")) {
		char *k = p->kernels ? xasprintf("%s %s", p->kernels, val) : xstrdup(val);
		free(p->kernels);
		p->kernels = k;
	} else if (!strcmp(name, "ref")) {
		push_str(&p->refs, &p->nrefs, val);
	} else if (!strcmp(name, "example")) {
		push_str(&p->examples, &p->nexamples, val);
	} else if (!strcmp(name, "follows")) {
		push_str(&p->follows, &p->nfollows, val);
	} else {
		b_error(b, p->file, line, "unknown key '%s'", name);
	}
}

/* An entry is complete: check it has what its kind needs and keep it. */
static void finish_entry(struct vx_db_builder *b, struct vx_pattern *p, const char *file_category)
{
	struct vx_db *db = b->db;
	if (!p->id && !p->match) {
		pattern_free(p);
		return;
	}
	int ok = 1;
	if (!p->id || !p->match) {
		b_error(b, p->file, p->line, "entry without %s", p->id ? "match" : "id");
		ok = 0;
	}
	if (!strcmp(file_category, "loaders")) {
		p->kind = VX_PAT_LOADER;
		if (!p->loader || !p->action) {
			b_error(b, p->file, p->line, "%s: loader entries need loader and action",
				p->id ? p->id : "?");
			ok = 0;
		}
	} else if (!strcmp(file_category, "statements")) {
		/* each entry names its own category: the object and errno decide */
		p->kind = VX_PAT_STATEMENT;
		if (!p->category) {
			b_error(b, p->file, p->line, "%s: a statement entry needs a category",
				p->id ? p->id : "?");
			ok = 0;
		}
		if (!p->title || !p->nexplain || !p->nfix) {
			b_error(b, p->file, p->line, "%s: a statement entry needs title, explain and fix",
				p->id ? p->id : "?");
			ok = 0;
		}
	} else {
		p->kind = !strcmp(file_category, "info") ? VX_PAT_INFO : VX_PAT_VERDICT;
		if (!p->category)
			p->category = xstrdup(file_category);
		if (strcmp(p->category, file_category)) {
			b_error(b, p->file, p->line, "%s: category '%s' in file for '%s'", p->id,
				p->category, file_category);
			ok = 0;
		}
		if (p->kind == VX_PAT_VERDICT && (!p->title || !p->nexplain || !p->nfix)) {
			b_error(b, p->file, p->line, "%s: a verdict entry needs title, explain and fix",
				p->id ? p->id : "?");
			ok = 0;
		}
	}
	if (ok && compile(b, p))
		ok = 0;
	if (!ok) {
		pattern_free(p);
		return;
	}
	if (p->kind == VX_PAT_LOADER) {
		db->loaders = xrealloc(db->loaders, (db->nloaders + 1) * sizeof(*p));
		db->loaders[db->nloaders++] = *p;
	} else if (p->kind == VX_PAT_STATEMENT) {
		db->stmts = xrealloc(db->stmts, (db->nstmts + 1) * sizeof(*p));
		db->stmts[db->nstmts++] = *p;
	} else {
		db->pats = xrealloc(db->pats, (db->npats + 1) * sizeof(*p));
		db->pats[db->npats++] = *p;
	}
}

static void parse_file(struct vx_db_builder *b, const char *name, const char *text)
{
	struct vx_db *db = b->db;
	db->files = xrealloc(db->files, (db->nfiles + 1) * sizeof(char *));
	char *fname = db->files[db->nfiles++] = xstrdup(name);
	/* category from the file name: "patterns/null-deref.pat" -> "null-deref" */
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	char *category = xstrndup(base, strcspn(base, "."));

	struct vx_pattern cur = { .file = fname };
	struct strbuf key = STRBUF_INIT, val = STRBUF_INIT;
	int key_line = 0, lineno = 0;
	const char *l = text;
	while (*l) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		lineno++;
		while (len && l[len - 1] == '\r')
			len--;
		int blank = 1;
		for (size_t i = 0; i < len; i++)
			if (l[i] != ' ' && l[i] != '\t')
				blank = 0;
		if (!blank && l[0] == '#') {
			/* comment */
		} else if (!blank && (l[0] == ' ' || l[0] == '\t')) {
			if (!key.len) {
				b_error(b, fname, lineno, "continuation line without a key");
			} else {
				size_t s = 0;
				while (s < len && (l[s] == ' ' || l[s] == '\t'))
					s++;
				sb_addc(&val, ' ');
				sb_add(&val, l + s, len - s);
			}
		} else {
			if (key.len) {
				set_key(b, &cur, key.buf, val.buf ? val.buf : "", key_line);
				sb_reset(&key);
				sb_reset(&val);
			}
			if (blank) {
				finish_entry(b, &cur, category);
				memset(&cur, 0, sizeof(cur));
				cur.file = fname;
			} else {
				const char *colon = memchr(l, ':', len);
				if (!colon) {
					b_error(b, fname, lineno, "expected 'key: value'");
				} else {
					sb_add(&key, l, colon - l);
					size_t s = colon + 1 - l;
					while (s < len && (l[s] == ' ' || l[s] == '\t'))
						s++;
					sb_add(&val, l + s, len - s);
					key_line = lineno;
					if (!cur.line)
						cur.line = lineno;
				}
			}
		}
		l += len;
		while (*l == '\r')
			l++;
		if (*l == '\n')
			l++;
	}
	if (key.len)
		set_key(b, &cur, key.buf, sb_str(&val), key_line);
	finish_entry(b, &cur, category);
	sb_free(&key);
	sb_free(&val);
	free(category);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(struct vx_db_builder *b, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		sb_addf(b->err, "%s: %s\n", dir, strerror(errno));
		return -errno;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (ends_with(e->d_name, ".pat"))
			push_str(&names, &n, e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	int err = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]), *text;
		size_t len;
		int r = read_file(path, 16 << 20, &text, &len);
		if (r) {
			sb_addf(b->err, "%s: %s\n", path, strerror(-r));
			err = r;
		} else {
			parse_file(b, path, text);
			free(text);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return err;
}

int vx_db_load(const char *dir, struct vx_db **out, struct strbuf *err)
{
	struct vx_db *db = xcalloc(1, sizeof(*db));
	struct vx_db_builder b = { .db = db, .err = err };
	int r = 0;
	if (dir) {
		db->dir = xstrdup(dir);
		r = load_dir(&b, dir);
	} else {
		/* embedded files are sorted by path already (see the Makefile) */
		for (const struct vx_data_file *f = vx_data_files; f->path; f++)
			if (ends_with(f->path, ".pat"))
				parse_file(&b, f->path, f->text);
	}
	if (!r && b.errors)
		r = -EINVAL;
	db->md = pcre2_match_data_create(VX_MAX_CAPS * 2 + 2, NULL);
	db->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(db->mctx, VX_MATCH_LIMIT);
	pcre2_set_depth_limit(db->mctx, VX_DEPTH_LIMIT);
	db->jit_stack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	if (db->jit_stack)
		pcre2_jit_stack_assign(db->mctx, NULL, db->jit_stack);
	*out = db;
	return r;
}

/* Copy named groups of the last match into caps. */
static void fill_caps(const struct vx_db *db, const struct vx_pattern *p, const char *line,
		      struct vx_caps *caps)
{
	uint32_t count = 0, entry = 0;
	PCRE2_SPTR table;
	vx_caps_clear(caps);
	pcre2_pattern_info(p->re, PCRE2_INFO_NAMECOUNT, &count);
	if (!count)
		return;
	pcre2_pattern_info(p->re, PCRE2_INFO_NAMEENTRYSIZE, &entry);
	pcre2_pattern_info(p->re, PCRE2_INFO_NAMETABLE, &table);
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(db->md);
	uint32_t npairs = pcre2_get_ovector_count(db->md);
	for (uint32_t i = 0; i < count && caps->n < VX_MAX_CAPS; i++) {
		const unsigned char *t = table + i * entry;
		uint32_t grp = (t[0] << 8) | t[1];
		if (grp >= npairs || ov[2 * grp] == PCRE2_UNSET)
			continue;
		caps->name[caps->n] = (const char *)t + 2;
		caps->value[caps->n] = xstrndup(line + ov[2 * grp], ov[2 * grp + 1] - ov[2 * grp]);
		caps->n++;
	}
}

static int try_match(const struct vx_db *db, const struct vx_pattern *p, const char *line, size_t len)
{
	unsigned char c0 = len ? (unsigned char)line[0] : 0;
	if (len < p->minlen || (p->first_known && len && !(p->first[c0 >> 3] & (1u << (c0 & 7)))))
		return 0;
	int rc = pcre2_match(p->re, (PCRE2_SPTR)line, len, 0, 0, db->md, db->mctx);
	return rc >= 0; /* 0: matched, ovector too small */
}

/* The first of pats[0..n) that matches, its captures into caps. A line
 * pasted through a word processor or a forum has typographic quotes where
 * the program printed ASCII ones (‘cali_jump’): it is matched as the
 * program printed it (the captures are the ASCII text; the line itself, the
 * record's message, keeps what the user pasted). */
static const struct vx_pattern *first_match(const struct vx_db *db, const struct vx_pattern *pats,
					    size_t n, const char *line, size_t len,
					    struct vx_caps *caps)
{
	struct strbuf folded = STRBUF_INIT;
	if (vx_fold_quotes(line, len, &folded)) {
		const struct vx_pattern *p = first_match(db, pats, n, folded.buf, folded.len, caps);
		sb_free(&folded);
		return p;
	}
	for (size_t i = 0; i < n; i++) {
		const struct vx_pattern *p = &pats[i];
		if (try_match(db, p, line, len)) {
			if (caps)
				fill_caps(db, p, line, caps);
			return p;
		}
	}
	return NULL;
}

const struct vx_pattern *vx_db_match(const struct vx_db *db, const char *line, size_t len,
				     struct vx_caps *caps)
{
	return first_match(db, db->pats, db->npats, line, len, caps);
}

const struct vx_pattern *vx_db_match_loader(const struct vx_db *db, const char *line, size_t len,
					    struct vx_caps *caps)
{
	return first_match(db, db->loaders, db->nloaders, line, len, caps);
}

const struct vx_pattern *vx_db_match_statement(const struct vx_db *db, const char *key,
					       size_t len, struct vx_caps *caps)
{
	return first_match(db, db->stmts, db->nstmts, key, len, caps);
}

size_t vx_db_statement_count(const struct vx_db *db)
{
	return db->nstmts;
}

const struct vx_pattern *vx_db_statement_at(const struct vx_db *db, size_t i)
{
	return i < db->nstmts ? &db->stmts[i] : NULL;
}

const struct vx_pattern *vx_db_find(const struct vx_db *db, const char *id)
{
	for (size_t i = 0; i < db->npats; i++)
		if (!strcmp(db->pats[i].id, id))
			return &db->pats[i];
	for (size_t i = 0; i < db->nloaders; i++)
		if (!strcmp(db->loaders[i].id, id))
			return &db->loaders[i];
	for (size_t i = 0; i < db->nstmts; i++)
		if (!strcmp(db->stmts[i].id, id))
			return &db->stmts[i];
	return NULL;
}

size_t vx_db_count(const struct vx_db *db)
{
	return db->npats;
}

const struct vx_pattern *vx_db_at(const struct vx_db *db, size_t i)
{
	return i < db->npats ? &db->pats[i] : NULL;
}

size_t vx_db_loader_count(const struct vx_db *db)
{
	return db->nloaders;
}

const struct vx_pattern *vx_db_loader_at(const struct vx_db *db, size_t i)
{
	return i < db->nloaders ? &db->loaders[i] : NULL;
}

static int check_one(const struct vx_db *db, const struct vx_pattern *p,
		     const struct vx_pattern *all, FILE *out)
{
	int problems = 0;
	if (!vx_category_known(p->category ? p->category : "loader")) {
		fprintf(out, "%s:%d: %s: unknown category '%s'\n", p->file, p->line, p->id, p->category);
		problems++;
	}
	for (size_t i = 0; i < p->nrecategorize; i++)
		if (!vx_category_known(p->recategorize[i].text)) {
			fprintf(out, "%s:%d: %s: unknown category '%s'\n", p->file, p->line, p->id,
				p->recategorize[i].text);
			problems++;
		}
	if (!p->nexamples) {
		fprintf(out, "%s:%d: %s: no example line\n", p->file, p->line, p->id);
		problems++;
	}
	for (size_t e = 0; e < p->nexamples; e++) {
		const char *ex = p->examples[e];
		if (!try_match(db, p, ex, strlen(ex))) {
			fprintf(out, "%s:%d: %s: example does not match its own entry: %s\n", p->file,
				p->line, p->id, ex);
			problems++;
			continue;
		}
		for (const struct vx_pattern *q = all; q < p; q++) {
			if (try_match(db, q, ex, strlen(ex))) {
				fprintf(out, "%s:%d: %s: example is taken by the earlier entry %s (%s:%d): %s\n",
					p->file, p->line, p->id, q->id, q->file, q->line, ex);
				problems++;
				break;
			}
		}
	}
	return problems;
}

int vx_db_check(const struct vx_db *db, FILE *out)
{
	int problems = 0;
	for (size_t i = 0; i < db->npats; i++) {
		for (size_t f = 0; f < db->pats[i].nfollows; f++)
			if (!vx_db_find(db, db->pats[i].follows[f])) {
				fprintf(out, "%s:%d: %s: follows unknown id %s\n", db->pats[i].file,
					db->pats[i].line, db->pats[i].id, db->pats[i].follows[f]);
				problems++;
			}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(db->pats[i].id, db->pats[j].id)) {
				fprintf(out, "%s:%d: duplicate id %s\n", db->pats[i].file,
					db->pats[i].line, db->pats[i].id);
				problems++;
			}
		problems += check_one(db, &db->pats[i], db->pats, out);
	}
	for (size_t i = 0; i < db->nloaders; i++)
		problems += check_one(db, &db->loaders[i], db->loaders, out);
	for (size_t i = 0; i < db->nstmts; i++) {
		for (size_t j = 0; j < i; j++)
			if (!strcmp(db->stmts[i].id, db->stmts[j].id) || vx_db_find(db, db->stmts[i].id) != &db->stmts[i]) {
				fprintf(out, "%s:%d: duplicate id %s\n", db->stmts[i].file,
					db->stmts[i].line, db->stmts[i].id);
				problems++;
				break;
			}
		problems += check_one(db, &db->stmts[i], db->stmts, out);
		problems += vx_statement_check(db, &db->stmts[i], out);
	}
	problems += vx_tables_check(db->dir, out); /* the knowledge tables beside them */
	return problems;
}
