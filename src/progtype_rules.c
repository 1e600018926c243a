// SPDX-License-Identifier: MIT
/* enrich: the program type clue rules (patterns/progtype-clues.tsv), read
 * once; what one line tells (progtype_rules.h). */
#include "progtype_rules.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "helpers.h"
#include "pcre_compile.h"
#include "util.h"
#include "util_tsv.h"

struct rule {
	int rank;
	const char *from, *map; /* point into the kept text */
	pcre2_code *re;
	uint32_t v, prog; /* group numbers, 0: none */
};

struct name {
	const char *table, *word, *type;
};

struct access {
	int opcode;
	long off;
	const char *reg_type;
	vx_tmask types;
};

/* "narrow": a line that leaves these types; "skip": a line that tells none */
struct narrow {
	const char *from;
	vx_tmask types;
	pcre2_code *re;
};

/* "alike": types the verifier treats the same way; evidence that leaves
 * only some of them names the first */
struct alike {
	const char *type;
	vx_tmask types;
};

static struct {
	struct rule *rules;
	size_t nrules;
	struct name *names;
	size_t nnames;
	struct access *access;
	size_t naccess;
	struct narrow *narrows, *skips;
	size_t nnarrows, nskips;
	struct alike *alikes;
	size_t nalikes;
	pcre2_code **owners; /* "owner" lines: group "prog" */
	size_t nowners;
	char *text;
} tab;

static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static void add_narrow(struct narrow **v, size_t *n, const char *from, const char *types,
		       const char *regex)
{
	pcre2_code *re = vx_regex_compile(regex, 0);
	vx_tmask m = types ? vx_tmask_of(types) : 0;

	if (!re || (types && !m))
		return;
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = (struct narrow){ from, m, re };
}

static void add_rule(char **f, size_t n)
{
	pcre2_code *re;

	if (n < 5 || atoi(f[1]) < 1 || !(re = vx_regex_compile(f[4], 0)))
		return;
	tab.rules = xrealloc(tab.rules, (tab.nrules + 1) * sizeof(*tab.rules));
	struct rule *r = &tab.rules[tab.nrules++];
	*r = (struct rule){ atoi(f[1]), f[2], f[3], re, 0, 0 };
	int v = pcre2_substring_number_from_name(re, (PCRE2_SPTR) "v");
	int p = pcre2_substring_number_from_name(re, (PCRE2_SPTR) "prog");
	r->v = v > 0 ? v : 0;
	r->prog = p > 0 ? p : 0;
}

static void tab_line(char **f, size_t n)
{
	if (!strcmp(f[0], "rule")) {
		add_rule(f, n);
	} else if (!strcmp(f[0], "name") && n >= 4) {
		tab.names = xrealloc(tab.names, (tab.nnames + 1) * sizeof(*tab.names));
		tab.names[tab.nnames++] = (struct name){ f[1], f[2], f[3] };
	} else if (!strcmp(f[0], "access") && n >= 5 && vx_tmask_of(f[4])) {
		tab.access = xrealloc(tab.access, (tab.naccess + 1) * sizeof(*tab.access));
		tab.access[tab.naccess++] = (struct access){ (int)strtol(f[1], NULL, 16),
							     atol(f[2]), f[3], vx_tmask_of(f[4]) };
	} else if (!strcmp(f[0], "narrow") && n >= 4) {
		add_narrow(&tab.narrows, &tab.nnarrows, f[1], f[2], f[3]);
	} else if (!strcmp(f[0], "skip") && n >= 2) {
		add_narrow(&tab.skips, &tab.nskips, NULL, NULL, f[1]);
	} else if (!strcmp(f[0], "alike") && n >= 2 && vx_tmask_of(f[1])) {
		char *comma = strchr(f[1], ',');
		tab.alikes = xrealloc(tab.alikes, (tab.nalikes + 1) * sizeof(*tab.alikes));
		tab.alikes[tab.nalikes++] = (struct alike){ f[1], vx_tmask_of(f[1]) };
		if (comma)
			*comma = '\0'; /* the first is the name it gives */
	} else if (!strcmp(f[0], "owner") && n >= 2) {
		pcre2_code *re = vx_regex_compile(f[1], 0);
		if (re && pcre2_substring_number_from_name(re, (PCRE2_SPTR) "prog") > 0) {
			tab.owners = xrealloc(tab.owners, (tab.nowners + 1) * sizeof(*tab.owners));
			tab.owners[tab.nowners++] = re;
		}
	} else if (!strcmp(f[0], "callers") && n >= 3) {
		vx_narrow_callers(f[1], f[2], n >= 4 ? f[3] : NULL);
	}
}

/* How many fields a line of each kind has: the last keeps any tab it
 * holds (an example line, a regex). */
static size_t fields_of(const char *line)
{
	if (starts_with(line, "name\t") || starts_with(line, "narrow\t") ||
	    starts_with(line, "callers\t"))
		return 4;
	return starts_with(line, "skip\t") || starts_with(line, "alike\t") ||
			       starts_with(line, "owner\t") ?
		       2 :
		       5;
}

static void tab_load(void)
{
	const struct vx_data_file *df = vx_data_find("patterns/progtype-clues.tsv");
	char *line, *pos;

	if (!df)
		return;
	tab.text = xstrndup(df->text, df->len);
	for (pos = tab.text; (line = tsv_next_line(&pos));) {
		char *f[5];

		if (*line == '#' || !*line)
			continue;
		tab_line(f, tsv_split(line, f, fields_of(line)));
	}
}

void vx_rules_init(void)
{
	pthread_once(&tab_once, tab_load);
}

static const char *name_type(const char *table, const char *word)
{
	for (size_t i = 0; i < tab.nnames; i++)
		if (!strcmp(tab.names[i].table, table) && !strcmp(tab.names[i].word, word))
			return tab.names[i].type;
	return NULL;
}

/* libbpf-rs's "CgroupSockAddr" is libbpf's "cgroup_sock_addr". */
static const char *camel_type(const char *v)
{
	char snake[64];
	size_t n = 0;

	for (const char *p = v; *p && n + 2 < sizeof(snake); p++) {
		if (isupper((unsigned char)*p) && p > v && !isupper((unsigned char)p[-1]))
			snake[n++] = '_';
		snake[n++] = (char)tolower((unsigned char)*p);
	}
	snake[n] = '\0';
	return vx_prog_type_canonical(snake);
}

/* The group "v" through the rule's map, to a canonical libbpf name. */
static const char *map_value(const char *map, const char *v)
{
	if (!strcmp(map, "camel"))
		return v ? camel_type(v) : NULL;
	if (!strcmp(map, "type"))
		return v ? vx_prog_type_canonical(v) : NULL;
	if (!strcmp(map, "section"))
		return v ? vx_prog_type_from_elf_section(v) : NULL;
	if (!strcmp(map, "ctx"))
		return v ? vx_prog_type_from_ctx(v) : NULL;
	if (!strcmp(map, "value")) {
		for (size_t i = 0; v && i < vx_prog_type_count(); i++)
			if (vx_prog_type_value(i) == atoi(v))
				return vx_prog_type_name(i);
		return NULL;
	}
	const char *t = v ? name_type(map, v) : NULL;
	if (t)
		return vx_prog_type_canonical(t);
	return v ? NULL : vx_prog_type_canonical(map); /* the map is the type */
}

void vx_rules_group(pcre2_match_data *md, uint32_t n, const char *s, char *buf, size_t size)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	buf[0] = '\0';
	if (!n || ov[2 * n] == PCRE2_UNSET)
		return;
	size_t len = ov[2 * n + 1] - ov[2 * n];
	snprintf(buf, size, "%.*s", (int)(len < size ? len : size - 1), s + ov[2 * n]);
}

static int matches(pcre2_code *re, const char *s, size_t len, pcre2_match_data *md,
		   pcre2_match_context *mc)
{
	return pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, mc) >= 0;
}

/* A line that lists types (libbpf's supported section names) tells none. */
int vx_rules_skipped(const char *s, size_t len, pcre2_match_data *md, pcre2_match_context *mc)
{
	for (size_t i = 0; i < tab.nskips; i++)
		if (matches(tab.skips[i].re, s, len, md, mc))
			return 1;
	return 0;
}

/* The words the rule matched (group 0), for the record's prog_type_clue. */
static void clue_text(pcre2_match_data *md, const char *s, struct vx_clue *out)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	size_t len = ov[1] - ov[0];

	snprintf(out->text, sizeof(out->text), "%.*s",
		 (int)(len < sizeof(out->text) ? len : sizeof(out->text) - 1), s + ov[0]);
}

int vx_rules_scan(const char *s, size_t len, pcre2_match_data *md, pcre2_match_context *mc,
		struct vx_clue *out)
{
	out->rank = 0;
	if (vx_rules_skipped(s, len, md, mc))
		return 0;
	for (size_t i = 0; i < tab.nrules; i++) {
		const struct rule *r = &tab.rules[i];
		char v[96];

		if (r->rank <= out->rank) /* the rules go strongest first */
			continue;
		if (!matches(r->re, s, len, md, mc))
			continue;
		vx_rules_group(md, r->v, s, v, sizeof(v));
		const char *type = map_value(r->map, r->v ? v : NULL);
		if (!type || (r->v && !v[0]))
			continue;
		out->rank = r->rank;
		out->type = type;
		out->from = r->from;
		vx_rules_group(md, r->prog, s, out->prog, sizeof(out->prog));
		clue_text(md, s, out);
	}
	return out->rank;
}

int vx_clue_of_line(const char *s, size_t len, struct vx_clue *out)
{
	vx_rules_init();
	pcre2_match_data *md = pcre2_match_data_create(16, NULL);
	int rank = vx_rules_scan(s, len, md, NULL, out);
	pcre2_match_data_free(md);
	return rank;
}

size_t vx_clue_rule_count(void)
{
	vx_rules_init();
	return tab.nrules;
}

int vx_clue_of_section(const char *section, struct vx_clue *out)
{
	char word[32];
	const char *t;

	vx_rules_init();
	out->rank = 0;
	out->prog[0] = '\0';
	if (!section || !*section)
		return 0;
	if ((t = vx_prog_type_from_elf_section(section))) {
		*out = (struct vx_clue){ .rank = 6, .type = t, .from = "section" };
		snprintf(out->text, sizeof(out->text), "%s", section);
		return 6;
	}
	/* bpftrace names the probe: "kfunc:vfs_open", "tracepoint:syscalls:x" */
	size_t n = strcspn(section, ":");
	if (section[n] != ':' || n >= sizeof(word))
		return 0;
	snprintf(word, sizeof(word), "%.*s", (int)n, section);
	if ((t = name_type("bpftrace", word)) && (t = vx_prog_type_canonical(t))) {
		*out = (struct vx_clue){ .rank = 6, .type = t, .from = "probe" };
		snprintf(out->text, sizeof(out->text), "%s", section);
		return 6;
	}
	return 0;
}

int vx_rules_access_known(int op, long off)
{
	for (size_t i = 0; i < tab.naccess; i++)
		if (tab.access[i].opcode == op && tab.access[i].off == off)
			return 1;
	return 0;
}

void vx_rules_access_each(int op, long off, const char *t, vx_evidence_fn fn, void *ctx)
{
	for (size_t i = 0; i < tab.naccess; i++) {
		const struct access *a = &tab.access[i];
		size_t len = strlen(a->reg_type);
		if (a->opcode != op || a->off != off || strncmp(t, a->reg_type, len) ||
		    (t[len] != '(' && t[len] != ' ' && t[len]))
			continue;
		fn(ctx, a->types, "access");
	}
}

void vx_rules_narrow_each(const char *s, size_t len, pcre2_match_data *md, pcre2_match_context *mc,
			  vx_evidence_fn fn, void *ctx)
{
	for (size_t i = 0; i < tab.nnarrows; i++)
		if (matches(tab.narrows[i].re, s, len, md, mc))
			fn(ctx, tab.narrows[i].types, tab.narrows[i].from);
}

int vx_rules_owner(const char *s, size_t len, pcre2_match_data *md, pcre2_match_context *mc,
		   char *buf, size_t size)
{
	for (size_t i = 0; i < tab.nowners; i++) {
		if (!matches(tab.owners[i], s, len, md, mc))
			continue;
		uint32_t n = (uint32_t)pcre2_substring_number_from_name(tab.owners[i], (PCRE2_SPTR) "prog");
		vx_rules_group(md, n, s, buf, size);
		if (buf[0])
			return 1;
	}
	return 0;
}

const char *vx_rules_alike(vx_tmask mask)
{
	for (size_t i = 0; i < tab.nalikes; i++)
		if (!(mask & ~tab.alikes[i].types) && (mask & vx_tmask_of(tab.alikes[i].type)))
			return vx_prog_type_canonical(tab.alikes[i].type);
	return NULL;
}
