// SPDX-License-Identifier: MIT
/* `vexplain patterns check` for the knowledge tables of patterns/ (the .pat
 * files are patterns.c's): each line of each table is read as the program
 * reads it, and what it would drop or misread is a "file:line: why" line. */
#include "helpers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "messages.h"
#include "statement.h"
#include "util.h"
#include "util_tsv.h"

static int is_ident(const char *s)
{
	return *s &&
	       !s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")];
}

static int is_uint(const char *s, long *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return 0;
	*v = strtol(s, &end, 10);
	return !*end;
}

/* One line's problem, or NULL. row: the line's index among data lines. */
static const char *table_line_problem(const char *file, char **f, size_t n, long row)
{
	long a, b;

	if (!strcmp(file, "releases.tsv"))
		return n != 2 || !is_ident(f[0]) ? "want acquire<TAB>release" :
		       !strstr(f[1], "()")	 ? "the release names no function()" :
						   NULL;
	if (!strcmp(file, "ctx-fields.tsv"))
		return (n != 4 && n != 5) || !is_ident(f[0]) || !is_ident(f[3]) ?
			       "want struct<TAB>offset<TAB>size<TAB>field[<TAB>element size]" :
		       !is_uint(f[1], &a) || !is_uint(f[2], &b) || !b ?
			       "offset and size must be numbers, size > 0" :
		       n == 5 && (!is_uint(f[4], &a) || !a || b % a) ?
			       "an element size must divide the size" :
			       NULL;
	if (!strcmp(file, "helper-args.tsv"))
		return n != 3 ? "want helper<TAB>register<TAB>key|value" :
		       vx_helper_id(f[0]) < 0 || strncmp(f[0], "bpf_", 4) ?
				"names a helper helpers.tsv does not have (bpf_name)" :
		       !is_uint(f[1], &a) || a < 2 || a > 5	    ? "the register is 2 to 5" :
		       strcmp(f[2], "key") && strcmp(f[2], "value") ? "the role is key or value" :
								      NULL;
	if (!strcmp(file, "libbpf-poison.tsv"))
		return n != 3 || !is_ident(f[0]) ?
			       "want kind<TAB>first id<TAB>count" :
		       !is_uint(f[1], &a) || a <= VX_HELPER_MAX || !is_uint(f[2], &b) || !b ?
			       "first must be past the last helper id, count > 0" :
			       NULL;
	if (!strcmp(file, "map-types.tsv"))
		return n != 2 || !starts_with(f[1], "BPF_MAP_TYPE_") ?
			       "want value<TAB>BPF_MAP_TYPE_NAME" :
		       !is_uint(f[0], &a) || a != row ? "values must run 0, 1, 2, ... in order" :
		       a >= VX_MAP_TYPES	      ? "value too large for the table" :
							NULL;
	if (!strcmp(file, "helper-families.tsv") && !strcmp(f[0], "rewrite"))
		return n != 5 || !is_ident(f[1]) || !is_ident(f[4]) ?
			       "want rewrite<TAB>loader<TAB>from<TAB>to<TAB>reason" :
		       vx_helper_id(f[2]) < 0 || vx_helper_id(f[3]) < 0 ?
			       "names a helper helpers.tsv does not have" :
			       NULL;
	if (!strcmp(file, "helper-families.tsv")) {
		size_t first = n >= 3 && !strcmp(f[0], "family") ? 2 : 0;
		if (first && !is_ident(f[1]))
			return "a family's name must be a template variable name";
		if (!first && n < 2)
			return "want helper<TAB>related<TAB>why";
		for (size_t i = first; i < (first ? n : 2); i++)
			if (vx_helper_id(f[i]) < 0)
				return "names a helper helpers.tsv does not have";
		return NULL;
	}
	if (!strcmp(file, "helpers.tsv"))
		return n != 2 || !is_uint(f[0], &a) || !starts_with(f[1], "bpf_") ?
			       "want id<TAB>bpf_name" :
		       a > VX_HELPER_MAX ? "id above VX_HELPER_MAX" :
					   NULL;
	return NULL;
}

static int table_check(const char *path, const char *file, char *text, FILE *out)
{
	int problems = 0;
	long row = 0, lineno = 0, max_id = -1;
	char *pos = text, *line;

	while ((line = tsv_next_line(&pos))) {
		char *f[10];
		const char *why;
		size_t n;

		lineno++;
		if (*line == '#' || *line == '\0')
			continue;
		n = tsv_split(line, f, ARRAY_SIZE(f));
		why = table_line_problem(file, f, n, row++);
		if (why) {
			fprintf(out, "%s:%ld: %s\n", path, lineno, why);
			problems++;
		} else if (!strcmp(file, "helpers.tsv") && atol(f[0]) > max_id) {
			max_id = atol(f[0]);
		}
	}
	if (!strcmp(file, "helpers.tsv") && max_id != VX_HELPER_MAX) {
		fprintf(out, "%s: the last helper id is %ld, VX_HELPER_MAX is %d\n", path, max_id,
			VX_HELPER_MAX);
		problems++;
	}
	return problems;
}

/* progtypes.tsv: its type lines first, since the other kinds name them. */
static int is_type(char *const *types, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(types[i], name))
			return 1;
	return 0;
}

/* "a,b,c": up to VX_PROBE_ARGS names of functions. */
static int is_func_list(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p += *p == ',') {
		size_t len =
			strspn(p,
			       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (!len || ++n > VX_PROBE_ARGS || (p[len] && p[len] != ','))
			return 0;
		p += len;
	}
	return n > 0;
}

static const char *probe_line_problem(char **f, size_t n, char *const *types, size_t ntypes)
{
	long v;
	int how = n == 6 ? vx_probe_how_parse(f[4]) : -1;
	int none = !strcmp(f[2], "-");

	if (n != 6)
		return "want probe<TAB>name<TAB>attach<TAB>value<TAB>how<TAB>arg";
	if (!is_type(types, ntypes, f[1]))
		return "the name is not a type line's";
	if (none != !strcmp(f[3], "-") ||
	    (!none && (!starts_with(f[2], "BPF_") || !is_uint(f[3], &v))))
		return "attach and value: BPF_NAME and its number, or - and -";
	if (how < 0)
		return "how must be plain, sleepable, btf or skip";
	if ((how == VX_PROBE_PLAIN || how == VX_PROBE_SLEEPABLE) && strcmp(f[5], "-"))
		return "plain and sleepable take no arg (-)";
	if (how == VX_PROBE_BTF && !is_func_list(f[5]))
		return "btf wants 1 to 3 function names, comma-separated";
	if (how == VX_PROBE_SKIP && (!*f[5] || !strcmp(f[5], "-")))
		return "skip wants the reason";
	return NULL;
}

static const char *progtype_line_problem(char **f, size_t n, char *const *types, size_t ntypes)
{
	long v;

	if (!strcmp(f[0], "type"))
		return n != 5 || !is_ident(f[1]) || !starts_with(f[2], "BPF_PROG_TYPE_") ||
				       !is_uint(f[3], &v) ||
				       (strcmp(f[4], "-") && !is_ident(f[4])) ?
			       "want type<TAB>name<TAB>BPF_PROG_TYPE_X<TAB>value<TAB>ctx" :
			       NULL;
	if (!strcmp(f[0], "ctx"))
		return n != 3 || !is_ident(f[1])     ? "want ctx<TAB>struct<TAB>name" :
		       !is_type(types, ntypes, f[2]) ? "the name is not a type line's" :
						       NULL;
	if (!strcmp(f[0], "section"))
		return n != 5 || (strcmp(f[3], "-") && !starts_with(f[3], "BPF_")) ?
			       "want section<TAB>sec<TAB>name<TAB>attach<TAB>flags" :
		       !is_type(types, ntypes, f[2]) ? "the name is not a type line's" :
						       NULL;
	if (!strcmp(f[0], "probe"))
		return probe_line_problem(f, n, types, ntypes);
	if (!strcmp(f[0], "refusal"))
		return n != 2 || f[1][0] == '%' ? "want refusal<TAB>words of the kernel's format" :
						  NULL;
	return "the first column must be type, ctx, section, probe or refusal";
}

static int progtypes_check(const char *path, char *text, FILE *out)
{
	char *copy = xstrdup(text), *pos = copy, *line, **types = NULL;
	size_t ntypes = 0;
	int problems = 0;
	long lineno = 0;

	while ((line = tsv_next_line(&pos))) {
		char *f[2];
		if (*line != '#' && tsv_split(line, f, 2) == 2 && !strcmp(f[0], "type")) {
			types = xrealloc(types, (ntypes + 1) * sizeof(*types));
			f[1][strcspn(f[1], "\t")] = '\0';
			types[ntypes++] = f[1];
		}
	}
	for (pos = text; (line = tsv_next_line(&pos));) {
		char *f[8];
		const char *why;

		lineno++;
		if (*line == '#' || *line == '\0')
			continue;
		why = progtype_line_problem(f, tsv_split(line, f, ARRAY_SIZE(f)), types, ntypes);
		if (why) {
			fprintf(out, "%s:%ld: %s\n", path, lineno, why);
			problems++;
		}
	}
	free(types);
	free(copy);
	return problems;
}

int vx_tables_check(const char *dir, FILE *out)
{
	static const char *const files[] = {
		"helpers.tsv",	 "helper-families.tsv", "helper-args.tsv",
		"releases.tsv",	 "ctx-fields.tsv",	"map-types.tsv",
		"progtypes.tsv", "messages.tsv",	"libbpf-poison.tsv",
		"statement-words.tsv",
	};
	int problems = 0;

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *path = xasprintf("%s/%s", dir ? dir : "patterns", files[i]), *text = NULL;
		const struct vx_data_file *df;
		size_t len;

		if (dir && !read_file(path, 16 << 20, &text, &len)) {
			/* the directory's copy, to check an edit before a rebuild */
		} else if (!dir && (df = vx_data_find(path))) {
			text = xstrndup(df->text, df->len);
		} else if (!dir) {
			fprintf(out, "%s: missing\n", path);
			problems++;
		}
		if (text && !strcmp(files[i], "messages.tsv"))
			problems += vx_messages_check(path, text, out);
		else if (text && !strcmp(files[i], "statement-words.tsv"))
			problems += vx_statement_words_check(path, text, out);
		else if (text && !strcmp(files[i], "progtypes.tsv"))
			problems += progtypes_check(path, text, out);
		else if (text)
			problems += table_check(path, files[i], text, out);
		free(text);
		free(path);
	}
	return problems;
}
