// SPDX-License-Identifier: MIT
/* vexplain patterns check|list|dump|match: the pattern database as the C
 * parser reads it. dump --json and match --json are what tools (coverage.py)
 * read, so that the .pat format has one parser. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "patterns.h"
#include "render.h"
#include "util.h"

struct pat_args {
	const char *dir; /* --patterns DIR or the positional DIR; NULL: built-in */
	int json;
	char **rest; /* positional arguments left (match: the lines) */
	int nrest;
};

struct pat_cmd {
	const char *name;
	int (*fn)(struct vx_db *db, const struct pat_args *a);
	int dir_positional; /* a first positional argument is DIR */
	const char *usage;
};

static int pat_check(struct vx_db *db, const struct pat_args *a);
static int pat_list(struct vx_db *db, const struct pat_args *a);
static int pat_dump(struct vx_db *db, const struct pat_args *a);
static int pat_match(struct vx_db *db, const struct pat_args *a);

static const struct pat_cmd pat_cmds[] = {
	{ "check", pat_check, 1, "check [DIR]          validate the database (built-in, or DIR)" },
	{ "list", pat_list, 1, "list [DIR]           id, category and title of every entry" },
	{ "dump", pat_dump, 1, "dump --json [DIR]    every entry with all its fields, one JSON object a line" },
	{ "match", pat_match, 0,
	  "match [--json] LINE...|-  which entry matches each line (-: the lines of stdin)" },
};

static int patterns_usage(FILE *out, int rc)
{
	for (size_t i = 0; i < ARRAY_SIZE(pat_cmds); i++)
		fprintf(out, "%s vexplain patterns %s\n", i ? "      " : "Usage:", pat_cmds[i].usage);
	fprintf(out, "\n"
		     "The pattern database as vexplain reads it (patterns/README.md): tools read\n"
		     "it through dump and match instead of parsing the .pat files themselves.\n"
		     "\n"
		     "Options:\n"
		     "  --patterns DIR   the database in DIR instead of the built-in one\n"
		     "  --json           one JSON object a line (dump, match)\n"
		     "\n"
		     "Exit status:\n"
		     "  0  done (check: no problem; match: every line matched an entry)\n"
		     "  1  check found problems, or match: a line matched nothing\n"
		     "  2  usage error\n"
		     "  4  the database does not load\n");
	return rc;
}

/* Options anywhere before "--"; everything else is positional. */
static int parse_args(int argc, char **argv, const struct pat_cmd *c, struct pat_args *a)
{
	int only_pos = 0;
	a->rest = xcalloc(argc + 1, sizeof(*a->rest));
	for (int i = 2; i < argc; i++) {
		const char *s = argv[i];
		if (only_pos || s[0] != '-' || !strcmp(s, "-")) {
			a->rest[a->nrest++] = argv[i];
		} else if (!strcmp(s, "--")) {
			only_pos = 1;
		} else if (!strcmp(s, "--json")) {
			a->json = 1;
		} else if (!strcmp(s, "--patterns") && i + 1 < argc) {
			a->dir = argv[++i];
		} else if (!strncmp(s, "--patterns=", 11)) {
			a->dir = s + 11;
		} else {
			fprintf(stderr, "vexplain patterns %s: unknown option '%s'\n", c->name, s);
			return -1;
		}
	}
	if (c->dir_positional && a->nrest && !a->dir) {
		a->dir = a->rest[0];
		memmove(a->rest, a->rest + 1, a->nrest-- * sizeof(*a->rest));
	}
	if (c->dir_positional && a->nrest) {
		fprintf(stderr, "vexplain patterns %s: unexpected argument '%s'\n", c->name, a->rest[0]);
		return -1;
	}
	return 0;
}

static int pat_check(struct vx_db *db, const struct pat_args *a)
{
	int problems = vx_db_check(db, stdout);
	size_t examples = 0;
	for (size_t i = 0; i < vx_db_count(db); i++)
		examples += vx_db_at(db, i)->nexamples;
	for (size_t i = 0; i < vx_db_statement_count(db); i++)
		examples += vx_db_statement_at(db, i)->nexamples;
	printf("patterns check: %zu entries, %zu examples, %d problem%s\n",
	       vx_db_count(db) + vx_db_statement_count(db), examples, problems,
	       problems == 1 ? "" : "s");
	return problems ? VX_EXIT_REJECTED : VX_EXIT_OK;
}

static int pat_list(struct vx_db *db, const struct pat_args *a)
{
	for (size_t i = 0; i < vx_db_count(db) + vx_db_statement_count(db); i++) {
		const struct vx_pattern *p = i < vx_db_count(db) ? vx_db_at(db, i) :
					     vx_db_statement_at(db, i - vx_db_count(db));
		printf("%s\t%s\t%s\n", p->id, p->category, p->title ? p->title : "");
	}
	return VX_EXIT_OK;
}

static const char *kind_name(enum vx_pat_kind k)
{
	return k == VX_PAT_INFO	     ? "info" :
	       k == VX_PAT_LOADER    ? "loader" :
	       k == VX_PAT_STATEMENT ? "statement" :
				       "verdict";
}

static cJSON *strv_json(char *const *v, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		char *e = vx_utf8_escape(v[i]);
		cJSON_AddItemToArray(arr, cJSON_CreateString(e));
		free(e);
	}
	return arr;
}

/* explain[VAR]: text -> {"if": "VAR", "negate": false, "text": "..."} */
static cJSON *tmpl_json(const struct vx_tmpl *t, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		vx_json_add_str(o, "if", t[i].cond);
		cJSON_AddBoolToObject(o, "negate", t[i].negate);
		vx_json_add_str(o, "text", t[i].text);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *pattern_json(const struct vx_pattern *p)
{
	cJSON *o = cJSON_CreateObject();
	vx_json_add_str(o, "id", p->id);
	vx_json_add_str(o, "category", p->category);
	cJSON_AddItemToObject(o, "category_if", tmpl_json(p->recategorize, p->nrecategorize));
	vx_json_add_str(o, "kind", kind_name(p->kind));
	vx_json_add_str(o, "file", p->file);
	cJSON_AddNumberToObject(o, "line", p->line);
	vx_json_add_str(o, "match", p->match);
	vx_json_add_str(o, "title", p->title);
	cJSON_AddItemToObject(o, "explain", tmpl_json(p->explain, p->nexplain));
	cJSON_AddItemToObject(o, "fix", tmpl_json(p->fix, p->nfix));
	vx_json_add_str(o, "kernels", p->kernels);
	cJSON_AddItemToObject(o, "refs", strv_json(p->refs, p->nrefs));
	cJSON_AddItemToObject(o, "examples", strv_json(p->examples, p->nexamples));
	cJSON_AddItemToObject(o, "follows", strv_json(p->follows, p->nfollows));
	vx_json_add_str(o, "loader", p->loader);
	vx_json_add_str(o, "action", p->action);
	return o;
}

static int print_obj(cJSON *o)
{
	int r = vx_print_json(stdout, o);
	cJSON_Delete(o);
	return r;
}

static int pat_dump(struct vx_db *db, const struct pat_args *a)
{
	if (!a->json) {
		fprintf(stderr, "vexplain patterns dump: only --json is implemented\n");
		return VX_EXIT_USAGE;
	}
	for (size_t i = 0; i < vx_db_count(db); i++)
		if (print_obj(pattern_json(vx_db_at(db, i))))
			return VX_EXIT_ERROR;
	for (size_t i = 0; i < vx_db_loader_count(db); i++)
		if (print_obj(pattern_json(vx_db_loader_at(db, i))))
			return VX_EXIT_ERROR;
	for (size_t i = 0; i < vx_db_statement_count(db); i++)
		if (print_obj(pattern_json(vx_db_statement_at(db, i))))
			return VX_EXIT_ERROR;
	return VX_EXIT_OK;
}

/* One line's answer; returns 1 when no entry matched it. */
static int match_one(struct vx_db *db, const char *line, size_t len, int json, struct vx_caps *caps)
{
	const struct vx_pattern *p = vx_db_match(db, line, len, caps);
	if (json) {
		cJSON *o = cJSON_CreateObject(), *c = cJSON_CreateObject();
		vx_json_add_str(o, "line", line);
		vx_json_add_str(o, "id", p ? p->id : NULL);
		vx_json_add_str(o, "category", p ? p->category : NULL);
		vx_json_add_str(o, "kind", p ? kind_name(p->kind) : NULL);
		for (size_t k = 0; p && k < caps->n; k++)
			vx_json_add_str(c, caps->name[k], caps->value[k]);
		cJSON_AddItemToObject(o, "captures", c);
		print_obj(o);
	} else if (!p) {
		printf("-\t%s\n", line);
	} else {
		printf("%s\t%s", p->id, p->category);
		for (size_t k = 0; k < caps->n; k++)
			printf("\t%s=%s", caps->name[k], caps->value[k]);
		printf("\n");
	}
	return !p;
}

static int pat_match(struct vx_db *db, const struct pat_args *a)
{
	struct vx_caps caps = { 0 };
	int missed = 0;
	if (!a->nrest) {
		fprintf(stderr, "vexplain patterns match: no LINE (or - for stdin)\n");
		return VX_EXIT_USAGE;
	}
	for (int i = 0; i < a->nrest; i++) {
		if (strcmp(a->rest[i], "-")) {
			missed |= match_one(db, a->rest[i], strlen(a->rest[i]), a->json, &caps);
			continue;
		}
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		while ((n = getline(&line, &cap, stdin)) >= 0) {
			while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
			missed |= match_one(db, line, n, a->json, &caps);
		}
		free(line);
	}
	vx_caps_clear(&caps);
	return missed ? VX_EXIT_REJECTED : VX_EXIT_OK;
}

int cmd_patterns(int argc, char **argv)
{
	const struct pat_cmd *c = NULL;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return patterns_usage(argc < 2 ? stderr : stdout, argc < 2 ? VX_EXIT_USAGE : VX_EXIT_OK);
	for (size_t i = 0; i < ARRAY_SIZE(pat_cmds); i++)
		if (!strcmp(argv[1], pat_cmds[i].name))
			c = &pat_cmds[i];
	if (!c)
		return patterns_usage(stderr, VX_EXIT_USAGE);
	struct pat_args a = { 0 };
	int rc = parse_args(argc, argv, c, &a);
	if (rc) {
		free(a.rest);
		return patterns_usage(stderr, VX_EXIT_USAGE);
	}
	struct vx_db *db = NULL;
	struct strbuf err = STRBUF_INIT;
	int is_check = c->fn == pat_check;
	if (vx_db_load(a.dir, &db, &err)) {
		/* check reports a broken database as its finding, on stdout */
		fprintf(is_check ? stdout : stderr, "%s", sb_str(&err));
		if (is_check)
			printf("patterns check: the database does not load\n");
		rc = is_check ? VX_EXIT_REJECTED : VX_EXIT_ERROR;
	} else {
		rc = c->fn(db, &a);
	}
	sb_free(&err);
	vx_db_free(db);
	free(a.rest);
	return rc;
}
