// SPDX-License-Identifier: MIT
/* triage: answer an issue about a verifier failure. The logs in the issue go
 * through the one pipeline (vx_explain_buffer); this file adds what the prose
 * around them tells (kernel, loader, program type), what is missing for a
 * diagnosis, and upstream links, and prints one Markdown comment or one JSON
 * object. What to look for and what to ask is data: patterns/triage.tsv. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "patterns.h"
#include "pipeline.h"
#include "template.h"
#include "triage.h"

#define TRIAGE_MAX_INPUT (64u << 20) /* an issue body, not a 600 MB log */

/* ---- the logs ------------------------------------------------------------ */

static void free_records(struct vx_record **recs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vx_record_free(recs[i]);
	free(recs);
}

/* Explain the logs. A rejection whose log does not tell its program type gets
 * the one the text states (the explanation depends on it): a second
 * run with that hint, taking only those records from it. */
static int run_pipeline(struct triage *t, const struct vx_db *db)
{
	struct vx_hints hints = { 0 };
	if (t->facts.kernel.n)
		hints.kernel = t->facts.kernel.v[0].value;
	int rc = vx_explain_buffer(db, &hints, t->text, t->len, &t->recs, &t->nrecs);
	if (rc)
		return rc;
	const char *type = triage_single_text_type(&t->facts);
	size_t untyped = 0;
	for (size_t i = 0; i < t->nrecs; i++)
		untyped += t->recs[i]->verdict == VX_REJECTED && !t->recs[i]->prog_type;
	if (!type || !untyped)
		return 0;
	struct vx_record **again;
	size_t n;
	hints.prog_type = type;
	hints.prog_type_from = "issue";
	if (vx_explain_buffer(db, &hints, t->text, t->len, &again, &n))
		return 0;
	for (size_t i = 0; i < n && n == t->nrecs; i++) {
		if (t->recs[i]->prog_type || !again[i]->prog_type)
			continue;
		struct vx_record *tmp = t->recs[i];
		t->recs[i] = again[i];
		again[i] = tmp;
	}
	free_records(again, n);
	return 0;
}

size_t triage_count_verdict(const struct triage *t, enum vx_verdict v)
{
	size_t n = 0;
	for (size_t i = 0; i < t->nrecs; i++)
		n += t->recs[i]->verdict == v;
	return n;
}

/* ---- questions ----------------------------------------------------------- */

/* The loader whose how-to applies to a record (or to the issue when r is
 * NULL): the one that framed the log, else the first the text names. */
static const char *loader_for(const struct triage *t, const struct vx_record *r)
{
	if (r && r->loader && triage_has_howto(&t->rules, r->loader))
		return r->loader;
	for (size_t i = 0; i < t->facts.loader.n; i++)
		if (triage_has_howto(&t->rules, t->facts.loader.v[i].value))
			return t->facts.loader.v[i].value;
	return NULL;
}

/* The variables of one ask line's template: copies, freed once it is filled. */
struct ask_vars {
	struct vx_var v[8];
	size_t n;
};

/* The first of a name wins in a lookup (vx_vars_get). */
static void ask_var(struct ask_vars *a, const char *name, const char *value)
{
	if (value && *value && a->n < ARRAY_SIZE(a->v))
		a->v[a->n++] = (struct vx_var){ xstrdup(name), xstrdup(value) };
}

/* Fill an ask line's template for one record (or none) and add it, unless
 * the same text was asked already. */
static void ask(struct triage *t, const char *id, const struct vx_record *r, const char *need,
		const char *extra_name, const char *extra)
{
	const struct rule *ru = triage_rule_find(&t->rules, "ask", id);
	if (!ru)
		return;
	struct ask_vars a = { .n = 0 };
	char num[32];
	if (extra_name) /* first: it wins over a record's variable of its name */
		ask_var(&a, extra_name, extra);
	if (r) {
		ask_var(&a, "prog", r->prog_name);
		ask_var(&a, "message", r->message);
		ask_var(&a, "category", r->category);
		ask_var(&a, "reg", r->reg);
		if (r->insn >= 0) {
			snprintf(num, sizeof(num), "%ld", r->insn);
			ask_var(&a, "insn", num);
		}
	}
	if (need)
		ask_var(&a, "howto", triage_howto(&t->rules, loader_for(t, r), need));
	const struct vx_vars vars = { a.v, a.n, NULL };
	char *text = vx_expand(ru->col[1], &vars);
	for (size_t i = 0; i < a.n; i++) {
		free(a.v[i].name);
		free(a.v[i].value);
	}
	for (size_t i = 0; i < t->nq; i++)
		if (!strcmp(t->q[i].text, text)) {
			free(text);
			return;
		}
	t->q = xrealloc(t->q, (t->nq + 1) * sizeof(*t->q));
	t->q[t->nq].id = ru->col[0];
	t->q[t->nq++].text = text;
}

static int asked(const struct triage *t, const char *id)
{
	for (size_t i = 0; i < t->nq; i++)
		if (!strcmp(t->q[i].id, id))
			return 1;
	return 0;
}

/* Does any line of the record's excerpt show a register's state? */
static int excerpt_has_state(const struct triage *t, const struct vx_record *r)
{
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	int found = 0;
	for (size_t i = 0; i < t->rules.n && !found; i++) {
		const struct rule *ru = &t->rules.v[i];
		for (size_t k = 0; !strcmp(ru->kind, "state") && k < r->nexcerpt && !found; k++)
			found = triage_rule_matches(ru, md, r->excerpt[k], strlen(r->excerpt[k]));
	}
	pcre2_match_data_free(md);
	return found;
}

/* A rejection explained by a register's history, with no register state in
 * the log's excerpt: log_level 2 prints one after every instruction. */
static int needs_registers(const struct triage *t, const struct vx_record *r)
{
	return triage_rule_listed(&t->rules, "registers", r->category) && r->insn >= 0 &&
	       !r->reg_state && r->log_level != 2 && !excerpt_has_state(t, r);
}

static void ask_about_record(struct triage *t, const struct vx_record *r)
{
	if (r->verdict == VX_TRUNCATED) {
		ask(t, "full-log", r, "full-log", NULL, NULL);
		return;
	}
	if (r->verdict != VX_REJECTED)
		return;
	if (r->insn < 0 && !triage_rule_listed(&t->rules, "verdict-enough", r->category))
		ask(t, "head-of-log", r, "full-log", NULL, NULL);
	if (needs_registers(t, r))
		ask(t, "log-level-2", r, "log-level-2", NULL, NULL);
	if (!r->prog_type && !t->facts.type.n &&
	    triage_rule_listed(&t->rules, "type-matters", r->category))
		ask(t, "prog-type", r, NULL, NULL, NULL);
	if (r->insn >= 0 && !r->src_text && !r->src_file && !t->annotated &&
	    triage_howto(&t->rules, loader_for(t, r), "source-lines"))
		ask(t, "source-lines", r, "source-lines", NULL, NULL);
}

static void drop(struct triage *t, const char *id)
{
	for (size_t i = 0; i < t->nq; i++) {
		if (strcmp(t->q[i].id, id))
			continue;
		free(t->q[i].text);
		memmove(&t->q[i], &t->q[i + 1], (t->nq - i - 1) * sizeof(*t->q));
		t->nq--;
		i--;
	}
}

static void build_questions(struct triage *t)
{
	size_t logs = t->nrecs - triage_count_verdict(t, VX_NO_LOG);
	char *omitted = triage_text_matches(t, "omitted");
	char *error = logs ? NULL : triage_text_matches(t, "error");
	char *annotation = triage_text_matches(t, "annotation");
	t->annotated = annotation != NULL;
	free(annotation);
	if (omitted && logs)
		ask(t, "omitted", NULL, "full-log", "omitted", omitted);
	for (size_t i = 0; i < t->nrecs; i++)
		ask_about_record(t, t->recs[i]);
	t->load_error = error != NULL;
	if (error)
		ask(t, "verifier-log", NULL, "full-log", NULL, NULL);
	if (!t->facts.kernel.n && (logs || error))
		ask(t, "kernel", NULL, NULL, NULL, NULL);
	/* the complete log answers "where does it start" too, and shows
	 * whether it has source lines: ask only for it */
	if (asked(t, "omitted") || asked(t, "full-log"))
		drop(t, "head-of-log");
	if (asked(t, "omitted") || asked(t, "full-log") || asked(t, "head-of-log"))
		drop(t, "source-lines");
	free(omitted);
	free(error);
}

/* ---- links --------------------------------------------------------------- */

/* "probe_read_family,!helper_allowed,loader=aya" against a record. */
static int conditions_hold(const struct vx_record *r, const char *conds)
{
	char *copy = xstrdup(conds), *save = NULL;
	int ok = 1;
	for (char *c = strtok_r(copy, ",", &save); c && ok; c = strtok_r(NULL, ",", &save)) {
		int neg = *c == '!';
		char *name = c + neg, *eq = strchr(name, '=');
		if (eq)
			*eq = '\0';
		const char *v = vx_record_var(r, name);
		if (!v && !strcmp(name, "loader"))
			v = r->loader;
		int set = v && *v && (!eq || !strcmp(v, eq + 1));
		ok = neg ? !set : set;
	}
	free(copy);
	return ok;
}

static int is_upstream(const struct triage *t, const char *url, pcre2_match_data *md)
{
	for (size_t i = 0; i < t->rules.n; i++) {
		const struct rule *ru = &t->rules.v[i];
		if (!strcmp(ru->kind, "upstream") && triage_rule_matches(ru, md, url, strlen(url)))
			return 1;
	}
	return 0;
}

static void add_link(struct triage *t, const char *url, const char *text, const char *pattern)
{
	for (size_t i = 0; i < t->nlinks; i++)
		if (!strcmp(t->links[i].url, url))
			return;
	t->links = xrealloc(t->links, (t->nlinks + 1) * sizeof(*t->links));
	t->links[t->nlinks].url = xstrdup(url);
	t->links[t->nlinks].text = text ? xstrdup(text) : NULL;
	t->links[t->nlinks++].pattern = pattern;
}

/* A pattern's references that are upstream issues or fixes, when the
 * triage data does not restrict them to some cases of the pattern. */
static void build_links(struct triage *t)
{
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	for (size_t i = 0; i < t->nrecs; i++) {
		const struct vx_record *r = t->recs[i];
		for (size_t k = 0; r->verdict == VX_REJECTED && k < r->nrefs; k++) {
			const struct rule *ru = triage_rule_find(&t->rules, "link", r->refs[k]);
			if (ru && conditions_hold(r, ru->col[1]))
				add_link(t, r->refs[k], ru->col[2], r->pattern);
			else if (!ru && is_upstream(t, r->refs[k], md))
				add_link(t, r->refs[k], NULL, r->pattern);
		}
	}
	pcre2_match_data_free(md);
}

/* ---- the command --------------------------------------------------------- */

static void triage_free(struct triage *t)
{
	triage_rules_free(&t->rules);
	triage_facts_free(&t->facts);
	free_records(t->recs, t->nrecs);
	for (size_t i = 0; i < t->nq; i++)
		free(t->q[i].text);
	free(t->q);
	for (size_t i = 0; i < t->nlinks; i++) {
		free(t->links[i].url);
		free(t->links[i].text);
	}
	free(t->links);
}

static void triage_usage(FILE *out)
{
	fprintf(out,
		"Usage: vexplain triage [--json] [FILE|-]\n"
		"\n"
		"Reads an issue body as a person wrote it (Markdown, prose, code fences, quotes,\n"
		"<details>, logs inside Rust or Go errors or escaped strings) and writes a comment\n"
		"ready to post: one section per distinct rejection (summary, failing instruction\n"
		"and source line, explanation, fixes), the facts the text gives (kernel, loader and\n"
		"version, program type), links to upstream issues or fixes for the same failure,\n"
		"and what is missing for a diagnosis, asked precisely (the full log and how to get\n"
		"it with this loader, the kernel version, a log_level 2 log, source lines).\n"
		"What it looks for and asks is data: patterns/triage.tsv. A rejection whose log\n"
		"does not tell its program type gets the one the text states, when it states one\n"
		"(the record's prog_type_from is then \"issue\").\n"
		"\n"
		"  --json          the same as one JSON object on one line:\n"
		"                  {\"facts\", \"rejections\", \"truncated\", \"questions\", \"links\"}\n"
		"  --patterns DIR  use the pattern database in DIR instead of the built-in one\n"
		"  -h, --help      this help\n"
		"\n"
		"Exit status:\n"
		"  0  no rejection explained (nothing found, or only questions to ask)\n"
		"  1  at least one rejection explained\n"
		"  2  usage error, or an input that cannot be read (unreadable, empty, binary,\n"
		"     larger than 64 MiB)\n"
		"  4  the built-in data does not load\n");
}

static int read_input(const char *path, char **text, size_t *len)
{
	int fd = !path || !strcmp(path, "-") ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	const char *name = path ? path : "stdin";
	if (fd < 0) {
		fprintf(stderr, "vexplain: triage: %s: %s\n", name, strerror(errno));
		return -1;
	}
	int rc = read_fd(fd, TRIAGE_MAX_INPUT, text, len);
	close(fd);
	if (rc) {
		fprintf(stderr, "vexplain: triage: %s: %s\n", name,
			rc == -EFBIG ? "larger than 64 MiB: not an issue body" : strerror(-rc));
		return -1;
	}
	size_t blank = strspn(*text, " \t\r\n");
	if (blank == *len) {
		fprintf(stderr, "vexplain: triage: %s: empty input: give the issue body\n", name);
		return -1;
	}
	if (memchr(*text, '\0', *len)) {
		fprintf(stderr, "vexplain: triage: %s: binary data (NUL bytes), not an issue body\n", name);
		return -1;
	}
	return 0;
}

static int triage_prepare(struct triage *t, const char *patterns_dir, struct vx_db **db)
{
	struct strbuf err = STRBUF_INIT;
	int rc = triage_rules_load(&t->rules, &err);
	if (rc) {
		fprintf(stderr, "vexplain: triage: the built-in data has errors:\n%s", sb_str(&err));
	} else if ((rc = vx_db_load(patterns_dir, db, &err))) {
		/* --patterns DIR is the user's, not built in */
		fprintf(stderr, "vexplain: triage: the pattern database has errors:\n%s", sb_str(&err));
	}
	sb_free(&err);
	return rc;
}

int cmd_triage(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "patterns", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int json = 0, c;
	const char *patterns_dir = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'P':
			patterns_dir = optarg;
			break;
		case 'h':
			triage_usage(stdout);
			return VX_EXIT_OK;
		default:
			fprintf(stderr, "Try 'vexplain triage --help'.\n");
			return VX_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "vexplain: triage: one issue body at a time (FILE or -)\n");
		return VX_EXIT_USAGE;
	}
	char *text = NULL;
	size_t len = 0;
	if (optind == argc && isatty(STDIN_FILENO))
		fprintf(stderr, "vexplain: triage: reading the issue body from the terminal (end with Ctrl-D)\n");
	if (read_input(optind < argc ? argv[optind] : NULL, &text, &len)) {
		free(text);
		return VX_EXIT_USAGE;
	}
	struct triage t = { .text = text, .len = len };
	struct vx_db *db = NULL;
	int rc = VX_EXIT_ERROR;
	if (triage_prepare(&t, patterns_dir, &db))
		goto out;
	triage_gather_text_facts(&t);
	triage_sort_facts(&t.facts);
	if (run_pipeline(&t, db)) {
		fprintf(stderr, "vexplain: triage: the logs could not be explained\n");
		goto out;
	}
	triage_gather_record_facts(&t);
	build_questions(&t);
	build_links(&t);
	if ((json ? triage_render_json : triage_render_markdown)(stdout, &t))
		rc = VX_EXIT_OK; /* stdout closed: nobody to tell */
	else
		rc = triage_count_verdict(&t, VX_REJECTED) ? VX_EXIT_REJECTED : VX_EXIT_OK;
out:
	vx_db_free(db);
	triage_free(&t);
	free(text);
	return rc;
}
