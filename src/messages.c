// SPDX-License-Identifier: MIT
/* patterns/messages.tsv: id<TAB>key<TAB>template (the file's header says
 * more). Parsed on first use and kept for the life of the process; the
 * check reads a line the same way and says what is wrong with it. */
#include "messages.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "util.h"
#include "util_tsv.h"

#define MESSAGES_DATA "patterns/messages.tsv"

static const char *const ids[] = { "unknown", "truncated", "diagnosis", "no-log", "no-log-issue" };
/* what each of ids[] must have: a title, an explain, a fix */
static const char *const needs[] = { "tef", "tef", "", "f", "f" };

struct message {
	char *title;
	struct vx_tmpl *explain, *fix;
	size_t nexplain, nfix;
};

static struct message messages[ARRAY_SIZE(ids)];
static struct vx_message views[ARRAY_SIZE(ids)];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int id_index(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		if (!strcmp(ids[i], id))
			return (int)i;
	return -1;
}

/* "explain", "fix[VAR]", "fix[!VAR]" -> the kind ('t'itle, 'e'xplain,
 * 'f'ix) and the condition (NULL, "VAR" or "!VAR" copied into cond). */
static int parse_key(const char *key, char *cond, size_t size, const char **why)
{
	const char *br = strchr(key, '[');
	size_t n = br ? (size_t)(br - key) : strlen(key);
	int kind = n == 5 && !strncmp(key, "title", 5)	 ? 't' :
		   n == 7 && !strncmp(key, "explain", 7) ? 'e' :
		   n == 3 && !strncmp(key, "fix", 3)	 ? 'f' :
							   0;
	*cond = '\0';
	if (!kind) {
		*why = "the key must be title, explain or fix";
		return 0;
	}
	if (!br)
		return kind;
	const char *v = br + 1 + (br[1] == '!');
	size_t len = strcspn(v, "]");
	if (kind == 't' || !len || len != strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_") ||
	    strcmp(v + len, "]") || (size_t)(v + len - br) >= size) {
		*why = "a condition is explain[VAR] or fix[!VAR], VAR a variable name";
		return 0;
	}
	memcpy(cond, br + 1, v + len - br - 1);
	cond[v + len - br - 1] = '\0';
	return kind;
}

static void push(struct vx_tmpl **v, size_t *n, const char *cond, const char *text)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].negate = *cond == '!';
	(*v)[*n].cond = *cond ? xstrdup(cond + (*cond == '!')) : NULL;
	(*v)[(*n)++].text = xstrdup(text);
}

/* One line into ms[]; NULL, or what is wrong with it (nothing is stored then). */
static const char *parse_line(char *line, struct message *ms)
{
	char *f[3], cond[64];
	const char *why = NULL;
	if (!*line || *line == '#')
		return NULL;
	if (tsv_split(line, f, ARRAY_SIZE(f)) != 3 || !*f[2])
		return "want id<TAB>key<TAB>text";
	int i = id_index(f[0]), kind = parse_key(f[1], cond, sizeof(cond), &why);
	if (i < 0)
		return "the id must be unknown, truncated, diagnosis, no-log or no-log-issue";
	if (!kind)
		return why;
	struct message *m = &ms[i];
	if (kind == 't' && m->title)
		return "a second title";
	if (kind == 't')
		m->title = xstrdup(f[2]);
	else if (kind == 'e')
		push(&m->explain, &m->nexplain, cond, f[2]);
	else
		push(&m->fix, &m->nfix, cond, f[2]);
	return NULL;
}

/* Parse TEXT into ms[]; each problem is a line on out (when not NULL). */
static int parse(const char *text, struct message *ms, const char *path, FILE *out)
{
	char *copy = xstrdup(text), *pos = copy, *line;
	int lineno = 0, problems = 0;
	while ((line = tsv_next_line(&pos))) {
		const char *why = parse_line(line, ms);
		lineno++;
		if (why && out)
			fprintf(out, "%s:%d: %s\n", path, lineno, why);
		problems += why != NULL;
	}
	free(copy);
	return problems;
}

static void load(void)
{
	const struct vx_data_file *df = vx_data_find(MESSAGES_DATA);
	if (df)
		parse(df->text, messages, NULL, NULL); /* patterns check reports problems */
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		views[i] = (struct vx_message){ messages[i].title, messages[i].explain,
						messages[i].nexplain, messages[i].fix,
						messages[i].nfix };
}

const struct vx_message *vx_message(const char *id)
{
	pthread_once(&once, load);
	int i = id_index(id);
	return i < 0 ? NULL : &views[i];
}

static void free_tmpls(struct vx_tmpl *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].cond);
		free(v[i].text);
	}
	free(v);
}

int vx_messages_check(const char *path, const char *text, FILE *out)
{
	struct message ms[ARRAY_SIZE(ids)] = { 0 };
	int problems = parse(text, ms, path, out);
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		const char *n = needs[i];
		if ((strchr(n, 't') && !ms[i].title) || (strchr(n, 'e') && !ms[i].nexplain) ||
		    (strchr(n, 'f') && !ms[i].nfix)) {
			fprintf(out, "%s: %s needs %s\n", path, ids[i],
				strchr(n, 't') ? "a title, an explain and a fix" : "a fix");
			problems++;
		}
		free(ms[i].title);
		free_tmpls(ms[i].explain, ms[i].nexplain);
		free_tmpls(ms[i].fix, ms[i].nfix);
	}
	return problems;
}
