// SPDX-License-Identifier: MIT
/* The verdict of one bisect step: what the reload's (or the object load's)
 * output says, read by the core pipeline, against --match, --like and
 * --other. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bisect_cmd.h"
#include "load_explain.h"
#include "patterns.h"
#include "util.h"

/* --match: a category or a pattern id is compared as it is; anything else
 * must be a regex on the verifier's message. */
static int match_compile(struct bisect_target *t)
{
	int ec;
	PCRE2_SIZE off;

	if (!t->match || vx_category_known(t->match) || vx_db_find(t->db, t->match))
		return 0;
	t->re = pcre2_compile((PCRE2_SPTR)t->match, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &off,
			      NULL);
	if (!t->re) {
		bisect_err("--match '%s' is no category, pattern id or valid regex", t->match);
		return -EINVAL;
	}
	return 0;
}

/* --like LOGFILE: the first rejection there, by pattern (or by message
 * when no pattern knows it). */
static int like_load(struct bisect_target *t)
{
	struct vx_record **recs = NULL;
	size_t n = 0, len = 0;
	char *text = NULL;
	int rc;

	if (!t->like)
		return 0;
	rc = read_file(t->like, 256 << 20, &text, &len);
	if (rc) {
		bisect_err("--like %s: %s", t->like, strerror(-rc));
		return rc;
	}
	vx_load_explain_output(t->db, &t->hints, text, len, &recs, &n);
	for (size_t i = 0; i < n; i++) {
		if (recs[i]->verdict == VX_REJECTED && !t->like_message) {
			t->like_pattern = xstrdup(recs[i]->pattern);
			t->like_message = xstrdup(recs[i]->message);
		}
		vx_record_free(recs[i]);
	}
	free(recs);
	free(text);
	if (!t->like_message) {
		bisect_err("--like %s: no rejection found in that log", t->like);
		return -EINVAL;
	}
	return 0;
}

int bisect_target_setup(struct bisect_target *t, const struct bisect_opts *o)
{
	struct strbuf err = STRBUF_INIT;
	int rc;

	t->match = o->match;
	t->like = o->like;
	t->other_bad = o->other_bad;
	t->fixed = o->fixed;
	if (o->test)
		return 0;
	rc = vx_db_load(NULL, &t->db_owned, &err);
	if (rc) {
		bisect_err("pattern database: %s", sb_str(&err));
		sb_free(&err);
		return rc;
	}
	sb_free(&err);
	t->db = t->db_owned;
	if (o->object) {
		t->hints.loader = "libbpf";
		t->hints.prog_name = o->prog;
		t->hints.kernel = o->kernel;
	}
	rc = match_compile(t);
	return rc ? rc : like_load(t);
}

void bisect_target_free(struct bisect_target *t)
{
	if (t->db_owned)
		vx_db_free(t->db_owned);
	pcre2_code_free(t->re);
	free(t->like_pattern);
	free(t->like_message);
}

bool bisect_record_matches(const struct bisect_target *t, const struct vx_record *r)
{
	if (t->like) {
		if (t->like_pattern)
			return r->pattern && !strcmp(r->pattern, t->like_pattern);
		return r->message && !strcmp(r->message, t->like_message);
	}
	if (!t->match)
		return true;
	if ((r->category && !strcmp(r->category, t->match)) ||
	    (r->pattern && !strcmp(r->pattern, t->match)))
		return true;
	if (t->re && r->message) {
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(t->re, NULL);
		int m = pcre2_match(t->re, (PCRE2_SPTR)r->message, strlen(r->message), 0, 0, md,
				    NULL);
		pcre2_match_data_free(md);
		return m >= 0;
	}
	return false;
}

static char *rec_summary(const struct vx_record *r)
{
	return xasprintf("%s%s%s: %s", r->category ? r->category : "other",
			 r->pattern ? "/" : "", r->pattern ? r->pattern : "",
			 r->message ? r->message : "(no message)");
}

/* The verdict of a reload/load output. */
enum vx_bv bisect_log_verdict(const struct bisect_target *t, const char *text, size_t len, int rc,
			      char **summary)
{
	struct vx_record **recs = NULL;
	size_t n = 0;
	const struct vx_record *bad = NULL, *other = NULL;
	bool accepted = false;
	enum vx_bv v;

	vx_load_explain_output(t->db, &t->hints, text, len, &recs, &n);
	for (size_t i = 0; i < n; i++) {
		if (recs[i]->verdict == VX_ACCEPTED)
			accepted = true;
		if (recs[i]->verdict != VX_REJECTED)
			continue;
		if (!bad && bisect_record_matches(t, recs[i]))
			bad = recs[i];
		else if (!other)
			other = recs[i];
	}
	if (bad) {
		v = VX_BV_BAD;
		*summary = rec_summary(bad);
	} else if (other) {
		char *s = rec_summary(other);
		v = t->other_bad ? VX_BV_BAD : VX_BV_SKIP;
		*summary = xasprintf("other rejection: %s", s);
		free(s);
	} else if (accepted || rc == 0) {
		v = VX_BV_GOOD;
		*summary = xstrdup(accepted ? "loaded (verifier accepted)" : "loaded (no rejection)");
	} else {
		char *l = tail_lines(text, len, 1, 160);
		v = VX_BV_SKIP;
		*summary = xasprintf("reload failed (exit %d) without a rejection: %s", rc, l);
		free(l);
	}
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);
	/* --fixed: the rejection is the old state, a load the new one */
	if (t->fixed && (v == VX_BV_GOOD || v == VX_BV_BAD))
		v = v == VX_BV_GOOD ? VX_BV_BAD : VX_BV_GOOD;
	return v;
}

struct vx_record *bisect_bad_record(const struct bisect_target *t, const char *path)
{
	struct vx_record **recs = NULL, *keep = NULL;
	char *text = NULL;
	size_t len = 0, n = 0;

	if (read_file(path, 1u << 30, &text, &len) == 0)
		vx_load_explain_output(t->db, &t->hints, text, len, &recs, &n);
	for (size_t i = 0; i < n; i++) {
		if (!keep && recs[i]->verdict == VX_REJECTED && bisect_record_matches(t, recs[i]))
			keep = recs[i];
		else
			vx_record_free(recs[i]);
	}
	free(recs);
	free(text);
	return keep;
}

