// SPDX-License-Identifier: MIT
/* vexplain diff OLD NEW: two runs side by side, as veristat's comparison
 * mode does: which programs changed verdict and why (category, message),
 * and how the verifier's work changed (processed insns, states, stack
 * depth). Each input goes through the one pipeline; programs are paired by
 * name, or by position where a log names none. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfload.h"
#include "commands.h"
#include "load_explain.h"
#include "patterns.h"
#include "pipeline.h"
#include "render.h"
#include "util.h"
#include "vm.h"

#define VX_DIFF_MAX_INPUT (1UL << 30)

struct side {
	const char *path;
	const char *kernel;	/* an object: loaded there (NULL: this kernel) */
	bool object;
	char *release;		/* an object: the kernel that loaded it */
	struct vx_record **recs;
	size_t n;
};

/* The verifier-work figures compared, as the record holds them (-1: absent);
 * KEY as in the record's JSON "stats". */
static const struct stat_field {
	const char *key, *label;
	size_t offset;
} stat_fields[] = {
	{ "processed_insns", "processed insns", offsetof(struct vx_record, processed_insns) },
	{ "total_states", "total states", offsetof(struct vx_record, total_states) },
	{ "peak_states", "peak states", offsetof(struct vx_record, peak_states) },
	{ "max_states_per_insn", "max states per insn", offsetof(struct vx_record, max_states_per_insn) },
};

static long stat_of(const struct vx_record *r, const struct stat_field *f)
{
	return r ? *(const long *)((const char *)r + f->offset) : -1;
}

static long stack_depth(const struct vx_record *r)
{
	const char *v = r ? vx_record_var(r, "stack_depth") : NULL;
	return v ? strtol(v, NULL, 10) : -1;
}

/* An object's side: its programs loaded on the side's kernel, each explained
 * by the path `load` takes. */
static int load_object_side(const struct vx_db *db, struct side *s)
{
	struct vx_load_opts opts = { 0 };
	struct vx_load_result *res = NULL;
	size_t n = 0;
	int err = vx_load_on(s->kernel, s->path, &opts, &res, &n, NULL);

	if (err) {
		fprintf(stderr, "vexplain: diff: %s%s%s: %s\n", s->path, s->kernel ? " on " : "",
			s->kernel ? s->kernel : "",
			s->kernel ? vx_vm_strerror(err) : vx_load_strerror(err, &opts));
		vx_load_results_free(res, n);
		return s->kernel ? -EIO : err;
	}
	s->recs = xcalloc(n, sizeof(*s->recs));
	for (size_t i = 0; i < n && !err; i++) {
		err = vx_load_explain(db, &res[i], &s->recs[s->n]);
		s->n += !err;
	}
	if (n)
		s->release = xstrdup(res[0].kernel);
	vx_load_results_free(res, n);
	return err;
}

static int load_side(const struct vx_db *db, struct side *s)
{
	char *buf;
	size_t len;
	int err = read_file(s->path, VX_DIFF_MAX_INPUT, &buf, &len);
	if (err) {
		fprintf(stderr, "vexplain: diff: %s: %s\n", s->path,
			err == -EFBIG ? "larger than 1 GiB" : strerror(-err));
		return err;
	}
	s->object = len >= 4 && !memcmp(buf, "\177ELF", 4);
	if (s->object) {
		free(buf);
		return load_object_side(db, s);
	}
	if (s->kernel) {
		fprintf(stderr, "vexplain: diff: %s: --kernels loads an object, this is a log\n",
			s->path);
		free(buf);
		return -EINVAL;
	}
	struct vx_hints hints = { 0 };
	err = vx_explain_buffer(db, &hints, buf, len, &s->recs, &s->n);
	free(buf);
	return err;
}

static const char *prog_label(const struct vx_record *r, size_t i, char *buf, size_t size)
{
	if (r->prog_name)
		return r->prog_name;
	snprintf(buf, size, "#%zu", i + 1);
	return buf;
}

struct pair {
	const struct vx_record *old, *new;
	size_t index; /* position in the side it came from, for an unnamed one */
};

/* Pairs in OLD's order, then NEW's programs that have no partner: by name
 * first; a program whose partner has no name (a bare log beside a loader's
 * framed one) pairs with the next one left over on the other side. */
static struct pair *pair_up(const struct side *old, const struct side *new, size_t *npairs)
{
	struct pair *p = xcalloc(old->n + new->n + 1, sizeof(*p));
	long *match = xmalloc((old->n + 1) * sizeof(*match));
	unsigned char *taken = xcalloc(new->n + 1, 1);
	size_t n = 0;
	for (size_t i = 0; i < old->n; i++) {
		match[i] = -1;
		for (size_t j = 0; j < new->n && old->recs[i]->prog_name; j++) {
			const char *b = new->recs[j]->prog_name;
			if (!taken[j] && b && !strcmp(old->recs[i]->prog_name, b)) {
				match[i] = j;
				taken[j] = 1;
				break;
			}
		}
	}
	size_t next = 0;
	for (size_t i = 0; i < old->n; i++) {
		while (match[i] < 0 && next < new->n) {
			size_t j = next++;
			if (taken[j])
				continue;
			if (!old->recs[i]->prog_name || !new->recs[j]->prog_name) {
				match[i] = j;
				taken[j] = 1;
			}
			break;
		}
		p[n++] = (struct pair){ old->recs[i], match[i] >= 0 ? new->recs[match[i]] : NULL, i };
	}
	for (size_t j = 0; j < new->n; j++)
		if (!taken[j])
			p[n++] = (struct pair){ NULL, new->recs[j], j };
	free(match);
	free(taken);
	*npairs = n;
	return p;
}

/* A changed verdict (accepted <-> rejected, or a program only one side has) */
static int verdict_changed(const struct vx_record *a, const struct vx_record *b)
{
	return !a || !b || a->verdict != b->verdict;
}

/* The same verdict for another reason, or in other words (a kernel rewording) */
static int reason_changed(const struct vx_record *a, const struct vx_record *b)
{
	return !verdict_changed(a, b) &&
	       (strcmp(a->category ? a->category : "", b->category ? b->category : "") ||
		strcmp(a->message ? a->message : "", b->message ? b->message : ""));
}

static void text_side(const struct vx_record *r)
{
	if (!r) {
		printf("(absent)");
		return;
	}
	printf("%s", vx_verdict_name(r->verdict));
	if (r->category)
		printf(" %s", r->category);
}

static void print_num(long v)
{
	if (v < 0)
		printf("-");
	else
		printf("%ld", v);
}

static void text_stats(const struct vx_record *a, const struct vx_record *b)
{
	const char *sep = "    ";
	for (size_t i = 0; i < ARRAY_SIZE(stat_fields); i++) {
		long x = stat_of(a, &stat_fields[i]), y = stat_of(b, &stat_fields[i]);
		if (x < 0 && y < 0)
			continue;
		printf("%s%s ", sep, stat_fields[i].label);
		print_num(x);
		printf(" -> ");
		print_num(y);
		if (x > 0 && y >= 0 && x != y)
			printf(" (%+.0f%%)", 100.0 * (y - x) / x);
		sep = ", ";
	}
	long x = stack_depth(a), y = stack_depth(b);
	if (x >= 0 || y >= 0) {
		printf("%sstack depth ", sep);
		print_num(x);
		printf(" -> ");
		print_num(y);
		sep = ", ";
	}
	if (strcmp(sep, "    "))
		putchar('\n');
}

static void text_pair(const struct vx_record *a, const struct vx_record *b, const char *name)
{
	int same = !verdict_changed(a, b) && !reason_changed(a, b);
	printf("%s %-24s ", verdict_changed(a, b) ? "!" : same ? " " : "~", name);
	text_side(a);
	printf(" -> ");
	text_side(b);
	putchar('\n');
	if (!same && b && b->message)
		printf("    new: %s\n", b->message);
	if (!same && a && a->message)
		printf("    old: %s\n", a->message);
	text_stats(a, b);
}

/* Move KEY's value from FROM to TO (render.c made it: one way to write a
 * record's field in JSON). */
static void take_key(cJSON *to, cJSON *from, const char *key)
{
	cJSON_AddItemToObject(to, key, cJSON_DetachItemFromObjectCaseSensitive(from, key));
}

/* A side: the record's own JSON, cut down to what diff compares. */
static cJSON *json_side(const struct vx_record *r)
{
	static const char *const keys[] = { "verdict", "category", "pattern", "message", "insn" };

	if (!r)
		return cJSON_CreateNull();
	cJSON *full = vx_record_json(r), *stats = cJSON_GetObjectItemCaseSensitive(full, "stats");
	cJSON *o = cJSON_CreateObject();
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		take_key(o, full, keys[i]);
	for (size_t i = 0; i < ARRAY_SIZE(stat_fields); i++)
		take_key(o, stats, stat_fields[i].key);
	vx_json_add_long(o, "stack_depth", stack_depth(r));
	cJSON_Delete(full);
	return o;
}

static cJSON *json_pair(const struct vx_record *a, const struct vx_record *b, const char *name)
{
	cJSON *o = cJSON_CreateObject();
	vx_json_add_str(o, "program", name);
	cJSON_AddBoolToObject(o, "verdict_changed", verdict_changed(a, b));
	cJSON_AddBoolToObject(o, "reason_changed", reason_changed(a, b));
	cJSON_AddItemToObject(o, "old", json_side(a));
	cJSON_AddItemToObject(o, "new", json_side(b));
	return o;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: vexplain diff OLD NEW [--json]\n"
		"       vexplain diff OBJ.o --kernels A,B [--json]\n"
		"\n"
		"Explain two runs (two loader runs, two kernels, two commits) and say which\n"
		"programs changed verdict and why, and how the verifier's work changed:\n"
		"processed instructions, total and peak states, states per instruction and\n"
		"stack depth, as veristat's comparison does. OLD and NEW are verifier logs or\n"
		"BPF objects; an object is loaded (as vexplain load does) on this kernel, or\n"
		"with --kernels on kernel A (OLD) and kernel B (NEW): host, a Debian release\n"
		"(6.1, 6.12) or a bzImage path, in qemu. One object with --kernels is compared\n"
		"with itself on the two kernels. Programs are paired by name, or by position\n"
		"where the logs name none. '!' marks a changed verdict (or a program only one\n"
		"side has), '~' the same verdict for another reason or in other words (a\n"
		"kernel rewording).\n"
		"\n"
		"  --kernels A,B  load the object(s) on kernel A (old side) and B (new side)\n"
		"  --json         one JSON object: {\"verdict_changed\": N, \"reason_changed\": N,\n"
		"                 \"old_input\", \"new_input\": {\"path\", \"kernel\"},\n"
		"                 \"programs\": [{\"program\", \"verdict_changed\",\n"
		"                 \"reason_changed\", \"old\", \"new\"}]}\n"
		"  -h, --help     this help\n"
		"\n"
		"Exit status: 0 no program changed verdict, 1 at least one did (or is only on\n"
		"one side), 2 usage or an unreadable input or object, 4 the built-in data does\n"
		"not load or a VM failed.\n");
}

/* --kernels A,B: "host" is this kernel (NULL). */
static int parse_kernels(const char *arg, struct side *old, struct side *new)
{
	const char *comma = strchr(arg, ',');

	if (!comma || comma == arg || !comma[1] || strchr(comma + 1, ',')) {
		fprintf(stderr, "vexplain: diff: --kernels takes two kernels: A,B (host, 6.1, 6.12, a bzImage)\n");
		return -EINVAL;
	}
	char *a = xstrndup(arg, comma - arg);
	old->kernel = strcmp(a, "host") ? a : (free(a), NULL);
	new->kernel = strcmp(comma + 1, "host") ? comma + 1 : NULL;
	return 0;
}

static cJSON *json_input(const struct side *s)
{
	cJSON *o = cJSON_CreateObject();

	vx_json_add_str(o, "path", s->path);
	vx_json_add_str(o, "kernel", s->object ? s->release : NULL);
	return o;
}

static void text_inputs(const struct side *old, const struct side *new)
{
	if (!old->object && !new->object)
		return;
	printf("old: %s%s%s\nnew: %s%s%s\n", old->path, old->release ? " on " : "",
	       old->release ? old->release : "", new->path, new->release ? " on " : "",
	       new->release ? new->release : "");
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "kernels", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct side old = { 0 }, new = { 0 };
	const char *kernels = NULL;
	int c, json = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'k': kernels = optarg; break;
		case 'h': usage(stdout); return VX_EXIT_OK;
		default: usage(stderr); return VX_EXIT_USAGE;
		}
	}
	int nargs = argc - optind;
	if (nargs != 2 && !(nargs == 1 && kernels)) {
		usage(stderr);
		return VX_EXIT_USAGE;
	}
	if (kernels && parse_kernels(kernels, &old, &new))
		return VX_EXIT_USAGE;
	old.path = argv[optind];
	new.path = argv[argc - 1];
	struct strbuf msg = STRBUF_INIT;
	struct vx_db *db;
	if (vx_db_load(NULL, &db, &msg)) {
		fprintf(stderr, "vexplain: diff: the built-in data does not load:\n%s", sb_str(&msg));
		sb_free(&msg);
		free((char *)old.kernel);
		return VX_EXIT_ERROR;
	}
	sb_free(&msg);
	int status = VX_EXIT_USAGE, err = load_side(db, &old);
	if (!err)
		err = load_side(db, &new);
	if (err) {
		status = err == -EIO ? VX_EXIT_ERROR : VX_EXIT_USAGE;
		goto out;
	}

	size_t npairs, changed = 0, reworded = 0;
	struct pair *pairs = pair_up(&old, &new, &npairs);
	char label[32];
	cJSON *doc = json ? cJSON_CreateObject() : NULL;
	if (json) {
		cJSON_AddItemToObject(doc, "old_input", json_input(&old));
		cJSON_AddItemToObject(doc, "new_input", json_input(&new));
	} else {
		text_inputs(&old, &new);
	}
	cJSON *progs = json ? cJSON_AddArrayToObject(doc, "programs") : NULL;
	for (size_t i = 0; i < npairs; i++) {
		const struct vx_record *a = pairs[i].old, *b = pairs[i].new;
		const char *name = a && a->prog_name ? a->prog_name
						    : prog_label(b ? b : a, pairs[i].index, label, sizeof(label));
		changed += verdict_changed(a, b);
		reworded += reason_changed(a, b);
		if (json)
			cJSON_AddItemToArray(progs, json_pair(a, b, name));
		else
			text_pair(a, b, name);
	}
	if (json) {
		cJSON_AddNumberToObject(doc, "verdict_changed", changed);
		cJSON_AddNumberToObject(doc, "reason_changed", reworded);
		vx_print_json(stdout, doc);
		cJSON_Delete(doc);
	} else {
		printf("%zu of %zu program%s changed verdict, %zu the reason or its wording\n", changed,
		       npairs, npairs == 1 ? "" : "s", reworded);
	}
	free(pairs);
	status = changed ? VX_EXIT_REJECTED : VX_EXIT_OK;
out:
	for (size_t i = 0; i < old.n; i++)
		vx_record_free(old.recs[i]);
	for (size_t i = 0; i < new.n; i++)
		vx_record_free(new.recs[i]);
	free(old.recs);
	free(new.recs);
	free(old.release);
	free(new.release);
	free((char *)old.kernel); /* parse_kernels' copy */
	vx_db_free(db);
	return status;
}
