// SPDX-License-Identifier: MIT
/* libFuzzer target: the pattern database's prefilter (patterns.c's
 * prefilter_init and try_match) never turns a match away. Each input is one
 * line; every entry is tried through try_match and through a plain
 * pcre2_match, and the two must agree. patterns.c is included, not linked,
 * to reach its static functions (the Makefile links this target without
 * patterns.o). */
#include "../src/patterns.c"

static int plain_match(const struct vx_db *db, const struct vx_pattern *p, const char *line,
		       size_t len)
{
	return pcre2_match(p->re, (PCRE2_SPTR)line, len, 0, 0, db->md, db->mctx) >= 0;
}

static int agree(const struct vx_db *db, const struct vx_pattern *pats, size_t n, const char *line,
		 size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (try_match(db, &pats[i], line, len) != plain_match(db, &pats[i], line, len)) {
			fprintf(stderr, "prefilter: %s disagrees with pcre2_match\n", pats[i].id);
			return 0;
		}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vx_db *db;
	if (!db) {
		struct strbuf err = STRBUF_INIT;
		if (vx_db_load(NULL, &db, &err))
			abort();
		sb_free(&err);
	}
	char *line = xmalloc(size + 1);
	memcpy(line, data, size);
	line[size] = '\0';
	size_t len = strlen(line); /* the pipeline's lines hold no NUL */
	if (!agree(db, db->pats, db->npats, line, len) ||
	    !agree(db, db->loaders, db->nloaders, line, len))
		abort();
	free(line);
	return 0;
}
