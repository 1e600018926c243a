// SPDX-License-Identifier: MIT
/* render: how a record is shown, for every command that shows one. Text
 * for a terminal, JSON Lines (cJSON: a well-kept library, so escaping is not
 * hand-written), and Markdown for an issue comment; the JSON key helpers the
 * commands' own objects use. */
#include "render.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "messages.h"
#include "template.h"
#include "util.h"

int vx_color_wanted(FILE *out)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return 0;
	return isatty(fileno(out));
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	/* 0xf5-0xff never start a sequence (they were taken for 3-byte leads) */
	size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 && s[0] <= 0xef ? 3 :
		   s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
	if (!n)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && s[0] == 0xe0 && s[1] < 0xa0)
		return 0; /* overlong */
	if (n == 3 && s[0] == 0xed && s[1] >= 0xa0)
		return 0; /* surrogates */
	if (n == 4 && ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90)))
		return 0;
	return n;
}

char *vx_utf8_escape(const char *in)
{
	if (!in)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *s = (const unsigned char *)in;
	while (*s) {
		size_t n = utf8_len(s);
		if (n) {
			sb_add(&sb, (const char *)s, n);
			s += n;
		} else {
			sb_addf(&sb, "\\x%02x", *s++);
		}
	}
	return sb_detach(&sb);
}

void vx_json_add_str(cJSON *o, const char *key, const char *v)
{
	if (!v) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	char *e = vx_utf8_escape(v);
	cJSON_AddStringToObject(o, key, e);
	free(e);
}

void vx_json_add_long(cJSON *o, const char *key, long v)
{
	if (v < 0)
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, (double)v);
}

cJSON *vx_record_json(const struct vx_record *r)
{
	cJSON *o = cJSON_CreateObject();
	vx_json_add_str(o, "verdict", vx_verdict_name(r->verdict));
	vx_json_add_str(o, "message", r->message);
	vx_json_add_str(o, "category", r->category);
	vx_json_add_str(o, "pattern", r->pattern);
	vx_json_add_long(o, "insn", r->insn);
	vx_json_add_str(o, "register", r->reg);
	if (r->helper_id >= 0) {
		cJSON *h = cJSON_AddObjectToObject(o, "helper");
		cJSON_AddNumberToObject(h, "id", r->helper_id);
		vx_json_add_str(h, "name", r->helper_name);
	} else {
		cJSON_AddNullToObject(o, "helper");
	}
	vx_json_add_str(o, "prog_type", r->prog_type);
	vx_json_add_str(o, "prog_type_from", r->prog_type_from);
	if (r->src_file || r->src_text) {
		cJSON *s = cJSON_AddObjectToObject(o, "source");
		vx_json_add_str(s, "file", r->src_file);
		vx_json_add_long(s, "line", r->src_line);
		vx_json_add_str(s, "text", r->src_text);
	} else {
		cJSON_AddNullToObject(o, "source");
	}
	vx_json_add_str(o, "loader", r->loader);
	vx_json_add_str(o, "explanation", r->explanation);
	cJSON *fixes = cJSON_AddArrayToObject(o, "fixes");
	for (size_t i = 0; i < r->nfixes; i++) {
		char *e = vx_utf8_escape(r->fixes[i]);
		cJSON_AddItemToArray(fixes, cJSON_CreateString(e));
		free(e);
	}
	/* more keys: welcome by the spec, never changing the ones above */
	vx_json_add_str(o, "title", r->title);
	vx_json_add_str(o, "prog_name", r->prog_name);
	vx_json_add_str(o, "section", r->section);
	vx_json_add_str(o, "insn_text", r->insn_text);
	vx_json_add_str(o, "register_state", r->reg_state);
	cJSON *st = cJSON_AddObjectToObject(o, "stats");
	vx_json_add_long(st, "processed_insns", r->processed_insns);
	vx_json_add_long(st, "insn_limit", r->insn_limit);
	vx_json_add_long(st, "max_states_per_insn", r->max_states_per_insn);
	vx_json_add_long(st, "total_states", r->total_states);
	vx_json_add_long(st, "peak_states", r->peak_states);
	vx_json_add_long(st, "log_lines", r->log_lines);
	if (r->skipped_bytes)
		vx_json_add_long(st, "skipped_bytes", r->skipped_bytes);
	vx_json_add_long(st, "log_level", r->log_level ? r->log_level : -1);
	vx_json_add_str(o, "kernel", vx_record_var(r, "kernel"));
	vx_json_add_str(o, "kernels", r->kernels);
	cJSON *refs = cJSON_AddArrayToObject(o, "references");
	for (size_t i = 0; i < r->nrefs; i++)
		cJSON_AddItemToArray(refs, cJSON_CreateString(r->refs[i]));
	return o;
}

int vx_print_json(FILE *out, cJSON *obj)
{
	char *s = cJSON_PrintUnformatted(obj);
	int rc = 0;
	if (!s)
		return -ENOMEM;
	if (fputs(s, out) == EOF || fputc('\n', out) == EOF || fflush(out) == EOF)
		rc = -EPIPE;
	cJSON_free(s);
	return rc;
}

struct style {
	const char *bold, *red, *green, *yellow, *dim, *reset;
};

static const struct style plain = { "", "", "", "", "", "" };
static const struct style ansi = { "\033[1m", "\033[31m", "\033[32m", "\033[33m", "\033[2m", "\033[0m" };

/* Word-wrap paragraphs at width; the first line continues what the caller
 * printed (first_col columns), the others are indented. */
static void wrap(FILE *out, const char *text, const char *indent, size_t width, size_t first_col)
{
	size_t col = first_col;
	int line_has_word = 0;
	for (const char *para = text; para && *para;) {
		const char *end = strstr(para, "\n\n");
		const char *p = para, *stop = end ? end : para + strlen(para);
		while (p < stop) {
			while (p < stop && (*p == ' ' || *p == '\n'))
				p++;
			const char *w = p;
			while (p < stop && *p != ' ' && *p != '\n')
				p++;
			size_t wl = p - w;
			if (!wl)
				break;
			if (line_has_word && col + 1 + wl > width) {
				fputc('\n', out);
				line_has_word = 0;
				col = 0;
			}
			if (!col) {
				fputs(indent, out);
				col = strlen(indent);
			}
			if (line_has_word) {
				fputc(' ', out);
				col++;
			}
			fwrite(w, 1, wl, out);
			col += wl;
			line_has_word = 1;
		}
		fputc('\n', out);
		col = 0;
		line_has_word = 0;
		if (!end)
			break;
		fputc('\n', out);
		para = end + 2;
	}
}

/* What to do about an input without a log: messages.tsv's words for ID. */
static void no_log_advice(FILE *out, const struct vx_record *r, const char *id, const char *before,
			  const char *after)
{
	const struct vx_message *m = vx_message(id);
	const struct vx_vars vars = vx_record_vars(r);
	for (size_t i = 0; m && i < m->nfix; i++) {
		char *s = vx_expand(m->fix[i].text, &vars);
		fprintf(out, "%s%s%s", before, s, after);
		free(s);
	}
}

static void render_text(FILE *out, const struct vx_record *r, const struct vx_render_opts *o)
{
	const struct style *c = o->color ? &ansi : &plain;
	const char *name = r->prog_name ? r->prog_name : "program";
	if (r->verdict == VX_NO_LOG) {
		fprintf(out, "%sno verifier log found%s in the input.\n", c->yellow, c->reset);
		no_log_advice(out, r, "no-log", "  ", "\n");
		return;
	}
	if (r->verdict == VX_ACCEPTED) {
		fprintf(out, "%s%s%s: %saccepted%s", c->bold, name, c->reset, c->green, c->reset);
		if (r->processed_insns >= 0)
			fprintf(out, " (%ld insns processed, %ld states)", r->processed_insns,
				r->total_states);
		fputc('\n', out);
		return;
	}
	if (r->verdict == VX_REJECTED)
		fprintf(out, "%s%s%s: %srejected%s: %s%s%s\n", c->bold, name, c->reset, c->red, c->reset,
			c->bold, r->message, c->reset);
	else
		fprintf(out, "%s%s%s: %slog cut before the verdict%s\n", c->bold, name, c->reset,
			c->yellow, c->reset);
	if (r->category)
		fprintf(out, "  %scategory%s   %s%s%s%s\n", c->dim, c->reset, r->category,
			r->pattern ? " (" : "", r->pattern ? r->pattern : "", r->pattern ? ")" : "");
	if (r->title)
		fprintf(out, "  %ssummary%s    %s\n", c->dim, c->reset, r->title);
	if (r->insn >= 0)
		fprintf(out, "  %sinsn%s       %ld: %s\n", c->dim, c->reset, r->insn,
			r->insn_text ? r->insn_text : "");
	if (r->src_text || r->src_file) {
		fprintf(out, "  %ssource%s     ", c->dim, c->reset);
		if (r->src_file)
			fprintf(out, "%s:%ld: ", r->src_file, r->src_line);
		fprintf(out, "%s\n", r->src_text ? r->src_text : "");
	}
	if (r->reg_state)
		fprintf(out, "  %sregister%s   %s\n", c->dim, c->reset, r->reg_state);
	if (r->prog_type)
		fprintf(out, "  %sprog type%s  %s (from %s)\n", c->dim, c->reset, r->prog_type,
			r->prog_type_from);
	if (r->helper_id >= 0)
		fprintf(out, "  %shelper%s     %s (#%d)\n", c->dim, c->reset,
			r->helper_name ? r->helper_name : "?", r->helper_id);
	if (r->loader)
		fprintf(out, "  %sloader%s     %s%s%s\n", c->dim, c->reset, r->loader,
			r->section ? ", section " : "", r->section ? r->section : "");
	/* how to read them is the command's to say (explain says --full) */
	if (r->skipped_bytes)
		fprintf(out, "  %snote%s       %.0f MiB in the middle of this log were not read\n",
			c->dim, c->reset, r->skipped_bytes / 1048576.0);
	if (r->explanation && *r->explanation) {
		fprintf(out, "\n%sWhy%s\n", c->bold, c->reset);
		wrap(out, r->explanation, "  ", 98, 0);
	}
	if (r->nfixes) {
		fprintf(out, "\n%sWhat to do%s\n", c->bold, c->reset);
		for (size_t i = 0; i < r->nfixes; i++) {
			char num[32];
			snprintf(num, sizeof(num), "  %zu. ", i + 1);
			fputs(num, out);
			wrap(out, r->fixes[i], "     ", 98, strlen(num));
		}
	}
	if (r->kernels && o->verbose)
		fprintf(out, "\n%sKernels%s\n  %s\n", c->bold, c->reset, r->kernels);
	for (size_t i = 0; i < r->nrefs && o->verbose; i++)
		fprintf(out, "  %ssee%s %s\n", c->dim, c->reset, r->refs[i]);
	if (o->verbose && r->nexcerpt) {
		fprintf(out, "\n%sLog excerpt%s\n", c->bold, c->reset);
		for (size_t i = 0; i < r->nexcerpt; i++)
			fprintf(out, "  %s\n", r->excerpt[i]);
	}
	if (o->verbose)
		for (size_t i = 0; i < r->nvars; i++)
			fprintf(out, "  %s{%s}%s = %s\n", c->dim, r->vars[i].name, c->reset, r->vars[i].value);
	fputc('\n', out);
}

/* The longest run of backticks in S. */
static size_t md_ticks(const char *s)
{
	size_t run = 0, max = 0;
	for (; *s; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	return max;
}

static void md_repeat(FILE *out, char c, size_t n)
{
	while (n--)
		fputc(c, out);
}

/* Markdown: a code span that survives backticks inside (CommonMark: a span
 * opened by N backticks ends at the next run of exactly N; the spaces keep
 * a backtick at either end of S from joining the delimiters). */
static void md_code(FILE *out, const char *s)
{
	size_t n = md_ticks(s);
	md_repeat(out, '`', n + 1);
	fprintf(out, "%s%s%s", n ? " " : "", s, n ? " " : "");
	md_repeat(out, '`', n + 1);
}

/* A fenced block of lines: the fence is longer than any run of backticks
 * in them, so a log line holding ``` does not close it early. */
static void md_fence(FILE *out, char *const *lines, size_t n)
{
	size_t ticks = 2;
	for (size_t i = 0; i < n; i++) {
		size_t t = md_ticks(lines[i]);
		if (t > ticks)
			ticks = t;
	}
	md_repeat(out, '`', ticks + 1);
	fputc('\n', out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s\n", lines[i]);
	md_repeat(out, '`', ticks + 1);
	fputc('\n', out);
}

static void render_markdown(FILE *out, const struct vx_record *r)
{
	const char *name = r->prog_name ? r->prog_name : "program";
	if (r->verdict == VX_NO_LOG) {
		fprintf(out, "**vexplain**: no verifier log found in this text.");
		no_log_advice(out, r, "no-log-issue", " ", "");
		fprintf(out, "\n\n");
		return;
	}
	if (r->verdict == VX_ACCEPTED) {
		fprintf(out, "**vexplain**: `%s` was accepted by the verifier", name);
		if (r->processed_insns >= 0)
			fprintf(out, " (%ld instructions processed)", r->processed_insns);
		fprintf(out, ".\n\n");
		return;
	}
	vx_render_markdown_section(out, r, 3, 1);
}

void vx_render_markdown_section(FILE *out, const struct vx_record *r, int level, int refs)
{
	const char *name = r->prog_name ? r->prog_name : "program";
	for (int i = 0; i < level; i++)
		fputc('#', out);
	fputc(' ', out);
	md_code(out, name);
	if (r->verdict == VX_REJECTED) {
		fprintf(out, " rejected: ");
		md_code(out, r->message);
	} else {
		fprintf(out, ": the log was cut before the verdict");
	}
	fprintf(out, "\n\n");
	int first = 1;
#define FACT(...) (fprintf(out, "%s", first ? "" : " · "), first = 0, fprintf(out, __VA_ARGS__))
	if (r->category)
		FACT("**%s**", r->category);
	if (r->prog_type)
		FACT("program type `%s` (from %s)", r->prog_type, r->prog_type_from);
	if (r->helper_id >= 0)
		FACT("helper `%s` (#%d)", r->helper_name ? r->helper_name : "?", r->helper_id);
	if (r->insn >= 0)
		FACT("instruction %ld", r->insn);
	if (r->src_file) { /* a path from the log: any bytes */
		char *at = xasprintf("%s:%ld", r->src_file, r->src_line);
		FACT("%s", "");
		md_code(out, at);
		free(at);
	}
	if (r->loader)
		FACT("loader %s", r->loader);
#undef FACT
	fprintf(out, "\n\n");
	if (r->src_text) {
		fprintf(out, "Failing source line: ");
		md_code(out, r->src_text);
		fprintf(out, "\n\n");
	}
	if (r->explanation && *r->explanation)
		fprintf(out, "%s\n\n", r->explanation);
	if (r->nfixes) {
		fprintf(out, "**What to try**\n\n");
		for (size_t i = 0; i < r->nfixes; i++)
			fprintf(out, "%zu. %s\n", i + 1, r->fixes[i]);
		fprintf(out, "\n");
	}
	if (r->nexcerpt) {
		fprintf(out,
			"<details><summary>Log excerpt (the end of the log, up to the verdict)</summary>\n\n");
		md_fence(out, r->excerpt, r->nexcerpt);
		fprintf(out, "\n</details>\n\n");
	}
	for (size_t i = 0; refs && i < r->nrefs; i++)
		fprintf(out, "%s%s%s", i ? ", " : "References: ", r->refs[i], i + 1 == r->nrefs ? "\n\n" : "");
}

int vx_format_parse(const char *name)
{
	static const char *const names[] = {
		[VX_FMT_TEXT] = "text", [VX_FMT_JSON] = "json", [VX_FMT_MARKDOWN] = "markdown",
		[VX_FMT_GITHUB] = "github", [VX_FMT_SARIF] = "sarif",
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

int vx_render(FILE *out, const struct vx_record *r, const struct vx_render_opts *o)
{
	if (o->format == VX_FMT_GITHUB || o->format == VX_FMT_SARIF)
		return vx_render_ci(out, r, o);
	if (o->format == VX_FMT_JSON) {
		cJSON *j = vx_record_json(r);
		int rc = vx_print_json(out, j);
		cJSON_Delete(j);
		return rc;
	}
	if (o->format == VX_FMT_MARKDOWN)
		render_markdown(out, r);
	else
		render_text(out, r, o);
	return fflush(out) == EOF || ferror(out) ? -EPIPE : 0;
}
