// SPDX-License-Identifier: MIT
/* render_ci: records where CI shows them. GitHub Actions workflow commands
 * (one "::error file=F,line=N,title=T::message" line per rejection, which the
 * runner turns into an annotation on that line of the pull request) and a
 * SARIF 2.1.0 log (one result per rejected program, the pattern id as rule
 * id), which code-scanning tools show on the line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render.h"
#include "util.h"

/* GitHub's escaping (actions/toolkit, command.ts): in the message '%', CR and
 * LF; in a property value also ':' and ','. */
static void gh_escape(FILE *out, const char *s, int property)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':': property ? fputs("%3A", out) : fputc(':', out); break;
		case ',': property ? fputs("%2C", out) : fputc(',', out); break;
		default: fputc(*s, out);
		}
	}
}

/* A source path as the repository knows it: relative to the working
 * directory when it lies below it (BTF line info keeps compile-time paths). */
static const char *repo_path(const char *file, char *buf, size_t size)
{
	if (!file || file[0] != '/' || !getcwd(buf, size))
		return file;
	size_t n = strlen(buf);
	if (!strncmp(file, buf, n) && file[n] == '/')
		return file + n + 1;
	return file;
}

static const char *record_title(const struct vx_record *r)
{
	if (r->title)
		return r->title;
	return r->verdict == VX_TRUNCATED ? "verifier log cut before its verdict" : "BPF program rejected";
}

static void render_github(FILE *out, const struct vx_record *r)
{
	if (r->verdict != VX_REJECTED && r->verdict != VX_TRUNCATED)
		return; /* an accepted program needs no annotation */
	char cwd[4096];
	const char *file = repo_path(r->src_file, cwd, sizeof(cwd));
	fputs(r->verdict == VX_REJECTED ? "::error " : "::warning ", out);
	if (file) {
		fputs("file=", out);
		gh_escape(out, file, 1);
		if (r->src_line > 0)
			fprintf(out, ",line=%ld", r->src_line);
		fputc(',', out);
	}
	fputs("title=", out);
	gh_escape(out, "vexplain: ", 1);
	gh_escape(out, record_title(r), 1);
	fputs("::", out);
	if (r->prog_name) {
		gh_escape(out, r->prog_name, 0);
		gh_escape(out, ": ", 0);
	}
	gh_escape(out, r->message ? r->message : "the log ends before the verifier's verdict", 0);
	if (r->insn >= 0)
		fprintf(out, " (insn %ld)", r->insn);
	if (r->explanation) {
		gh_escape(out, "\n\n", 0);
		gh_escape(out, r->explanation, 0);
	}
	for (size_t i = 0; i < r->nfixes; i++) {
		gh_escape(out, i ? "\n- " : "\n\nWhat to do:\n- ", 0);
		gh_escape(out, r->fixes[i], 0);
	}
	fputc('\n', out);
}

struct vx_sarif {
	cJSON *doc, *rules, *results;
};

struct vx_sarif *vx_sarif_new(const char *version)
{
	struct vx_sarif *s = xcalloc(1, sizeof(*s));
	s->doc = cJSON_CreateObject();
	cJSON_AddStringToObject(s->doc, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(s->doc, "version", "2.1.0");
	cJSON *runs = cJSON_AddArrayToObject(s->doc, "runs");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(runs, run);
	cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(driver, "name", "vexplain");
	cJSON_AddStringToObject(driver, "version", version);
	cJSON_AddStringToObject(driver, "informationUri", "https://docs.kernel.org/bpf/verifier.html");
	s->rules = cJSON_AddArrayToObject(driver, "rules");
	s->results = cJSON_AddArrayToObject(run, "results");
	return s;
}

static const char *rule_id(const struct vx_record *r)
{
	if (r->pattern)
		return r->pattern;
	return r->verdict == VX_TRUNCATED ? "truncated-log" : "unknown-rejection";
}

/* The rule's index, adding the rule (pattern) the first time it is seen. */
static int sarif_rule(struct vx_sarif *s, const struct vx_record *r)
{
	const char *id = rule_id(r);
	int n = cJSON_GetArraySize(s->rules);
	for (int i = 0; i < n; i++) {
		cJSON *idj = cJSON_GetObjectItem(cJSON_GetArrayItem(s->rules, i), "id");
		if (!strcmp(cJSON_GetStringValue(idj), id))
			return i;
	}
	cJSON *rule = cJSON_CreateObject();
	vx_json_add_str(rule, "id", id);
	cJSON *sd = cJSON_AddObjectToObject(rule, "shortDescription");
	vx_json_add_str(sd, "text", record_title(r));
	if (r->category) {
		cJSON *props = cJSON_AddObjectToObject(rule, "properties");
		cJSON *tags = cJSON_AddArrayToObject(props, "tags");
		cJSON_AddItemToArray(tags, cJSON_CreateString(r->category));
	}
	if (r->nrefs)
		vx_json_add_str(rule, "helpUri", r->refs[0]);
	cJSON_AddItemToArray(s->rules, rule);
	return n;
}

/* The explanation and fixes, as the result's help text. */
static char *help_text(const struct vx_record *r)
{
	struct strbuf b = STRBUF_INIT;
	if (r->explanation)
		sb_addf(&b, "%s", r->explanation);
	for (size_t i = 0; i < r->nfixes; i++)
		sb_addf(&b, "%s- %s", i ? "\n" : "\n\nWhat to do:\n", r->fixes[i]);
	return sb_detach(&b);
}

void vx_sarif_add(struct vx_sarif *s, const struct vx_record *r, const char *artifact)
{
	if (r->verdict != VX_REJECTED && r->verdict != VX_TRUNCATED)
		return;
	cJSON *res = cJSON_CreateObject();
	vx_json_add_str(res, "ruleId", rule_id(r));
	cJSON_AddNumberToObject(res, "ruleIndex", sarif_rule(s, r));
	cJSON_AddStringToObject(res, "level", r->verdict == VX_REJECTED ? "error" : "warning");
	struct strbuf m = STRBUF_INIT;
	if (r->prog_name)
		sb_addf(&m, "%s: ", r->prog_name);
	sb_addf(&m, "%s", r->message ? r->message : "the log ends before the verifier's verdict");
	char *help = help_text(r);
	cJSON *msg = cJSON_AddObjectToObject(res, "message");
	char *full = xasprintf("%s\n\n%s", sb_str(&m), help);
	vx_json_add_str(msg, "text", full);
	free(full);
	free(help);
	sb_free(&m);
	/* code scanning wants a location: the source line, else the log or
	 * object the record came from */
	const char *where = r->src_file ? r->src_file : artifact;
	if (where) {
		char cwd[4096];
		cJSON *loc = cJSON_CreateObject();
		cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
		cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
		vx_json_add_str(art, "uri", repo_path(where, cwd, sizeof(cwd)));
		if (r->src_file && r->src_line > 0) {
			cJSON *region = cJSON_AddObjectToObject(phys, "region");
			cJSON_AddNumberToObject(region, "startLine", r->src_line);
			if (r->src_text) {
				cJSON *snip = cJSON_AddObjectToObject(region, "snippet");
				vx_json_add_str(snip, "text", r->src_text);
			}
		}
		cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "locations"), loc);
	}
	cJSON *props = cJSON_AddObjectToObject(res, "properties");
	vx_json_add_str(props, "category", r->category);
	vx_json_add_str(props, "verifierMessage", r->message);
	vx_json_add_long(props, "insn", r->insn);
	vx_json_add_str(props, "progName", r->prog_name);
	vx_json_add_str(props, "progType", r->prog_type);
	cJSON_AddItemToArray(s->results, res);
}

int vx_sarif_print(FILE *out, struct vx_sarif *s)
{
	char *text = cJSON_Print(s->doc);
	if (!text)
		return -ENOMEM;
	int rc = fputs(text, out) == EOF || fputc('\n', out) == EOF || fflush(out) == EOF ? -EPIPE : 0;
	cJSON_free(text);
	return rc;
}

void vx_sarif_free(struct vx_sarif *s)
{
	if (!s)
		return;
	cJSON_Delete(s->doc);
	free(s);
}

int vx_render_ci(FILE *out, const struct vx_record *r, const struct vx_render_opts *o)
{
	if (o->format == VX_FMT_SARIF) {
		if (o->sarif)
			vx_sarif_add(o->sarif, r, o->artifact);
		return 0;
	}
	render_github(out, r);
	return fflush(out) == EOF || ferror(out) ? -EPIPE : 0;
}
