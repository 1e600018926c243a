/* SPDX-License-Identifier: MIT */
/* render: a record as terminal text, a JSON Lines object, or Markdown. */
#ifndef VX_RENDER_H
#define VX_RENDER_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "record.h"

enum vx_format { VX_FMT_TEXT, VX_FMT_JSON, VX_FMT_MARKDOWN, VX_FMT_GITHUB, VX_FMT_SARIF };

/* "text", "json", "markdown", "github", "sarif" -> the format; -1 if none. */
int vx_format_parse(const char *name);

struct vx_sarif;

struct vx_render_opts {
	enum vx_format format;
	int color;   /* ANSI colour (text only) */
	int verbose; /* text: also the log excerpt and template variables */
	struct vx_sarif *sarif; /* SARIF: records collect here (render_ci.c) */
	const char *artifact;	/* SARIF: the input's name, a result's location when the
				 * log has no source line */
};

/* Colour only on a terminal and without NO_COLOR. */
int vx_color_wanted(FILE *out);

/* Print one record; returns 0 or -EPIPE when the output is gone. */
int vx_render(FILE *out, const struct vx_record *r, const struct vx_render_opts *o);

/* render_ci.c. GitHub Actions workflow commands ("::error file=F,line=N,
 * title=T::message", one line per rejection) or, for SARIF, the record
 * added to o->sarif; 0 or -EPIPE. */
int vx_render_ci(FILE *out, const struct vx_record *r, const struct vx_render_opts *o);
/* A SARIF 2.1.0 log: one run of vexplain (version), one result per rejected
 * or truncated program, one rule per pattern; printed whole at the end. */
struct vx_sarif *vx_sarif_new(const char *version);
void vx_sarif_add(struct vx_sarif *s, const struct vx_record *r, const char *artifact);
int vx_sarif_print(FILE *out, struct vx_sarif *s);
void vx_sarif_free(struct vx_sarif *s);

/* One record's Markdown section: a heading of the given level (3: "###")
 * with the verdict, then the facts, source line, explanation, fixes, log
 * excerpt and, when refs is set, the pattern's references. --markdown uses
 * level 3 with references; triage embeds sections in a larger comment. */
void vx_render_markdown_section(FILE *out, const struct vx_record *r, int level, int refs);

/* The record as a JSON object (../shared/spec/explanation.md), for commands
 * that add keys of their own. Invalid UTF-8 comes out as \xNN text. */
cJSON *vx_record_json(const struct vx_record *r);
/* Print a JSON object on one line; 0 or -EPIPE. */
int vx_print_json(FILE *out, cJSON *obj);
/* A string safe for JSON: invalid UTF-8 bytes become the text \xNN. */
char *vx_utf8_escape(const char *s);
/* Add key: v as a JSON string (through vx_utf8_escape), null when v is NULL. */
void vx_json_add_str(cJSON *o, const char *key, const char *v);
/* Add key: v as a JSON number, null when v is negative (not known). */
void vx_json_add_long(cJSON *o, const char *key, long v);

#endif
