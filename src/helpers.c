// SPDX-License-Identifier: MIT
/* Helper ids <-> names, program type inference and the probed per-kernel
 * helper tables. All of it is data embedded from patterns/ (see data.h),
 * parsed on first use and kept for the life of the process. */
#include "helpers.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data.h"
#include "probecore.h"
#include "util.h"
#include "util_tsv.h"

struct pt_type {
	char *name, *enum_name, *ctx;
	int value;
};

struct pt_ctx {
	char *ctx, *name;
};

struct pt_section {
	char *sec, *name, *attach, *flags;
};

struct family {
	int a, b;
	const char *why;
	const char *loader; /* a `rewrite` row: LOADER turns a into b */
};

/* "family<TAB>probe_read_family<TAB>bpf_probe_read<TAB>..." */
struct named_family {
	const char *name;
	int ids[8];
	size_t n;
};

struct release {
	const char *acquire, *release;
};

struct helper_arg {
	const char *helper;
	int arg;
	const char *what;
};

struct poison {
	const char *kind;
	long first, count;
};

struct kernel {
	char *name; /* "6.18": the file name */
	struct vx_probe_result *res;
};

static struct {
	const char *helper[VX_HELPER_MAX + 1];
	struct pt_type *types;
	size_t ntypes;
	struct pt_ctx *ctxs;
	size_t nctxs;
	struct pt_section *secs;
	size_t nsecs;
	struct family *fams;
	size_t nfams;
	struct named_family *named;
	size_t nnamed;
	struct release *rels;
	size_t nrels;
	struct vx_ctx_field *ctxf;
	size_t nctxf;
	const char *map_type[VX_MAP_TYPES];
	struct helper_arg *args;
	size_t nargs;
	struct poison poisons[8];
	size_t npoisons;
	struct vx_probe_spec *probes;
	size_t nprobes;
	const char *refusals[8];
	size_t nrefusals;
	struct kernel *kernels;
	size_t nkernels;
	char *texts[12]; /* the copies the tables above point into */
	size_t ntexts;
} db;

static pthread_once_t db_once = PTHREAD_ONCE_INIT;

static int helper_lookup(const char *name);

/* Call fn for every non-comment, non-blank line of an embedded file. The
 * copy of the text is kept: the tables point into it. */
static void each_line(const char *path, void (*fn)(char **f, size_t n))
{
	const struct vx_data_file *df = vx_data_find(path);
	char *text, *pos, *line;

	if (!df)
		return;
	text = xstrndup(df->text, df->len);
	if (db.ntexts < ARRAY_SIZE(db.texts))
		db.texts[db.ntexts++] = text;
	for (pos = text; (line = tsv_next_line(&pos));) {
		char *f[8];

		if (*line == '#' || *line == '\0')
			continue;
		fn(f, tsv_split(line, f, ARRAY_SIZE(f)));
	}
}

static void helper_line(char **f, size_t n)
{
	char *end;
	long id;

	if (n < 2)
		return;
	id = strtol(f[0], &end, 10);
	if (*end || id < 0 || id > VX_HELPER_MAX)
		return;
	db.helper[id] = f[1];
}

static const char *const probe_hows[] = {
	[VX_PROBE_PLAIN] = "plain",
	[VX_PROBE_SLEEPABLE] = "sleepable",
	[VX_PROBE_BTF] = "btf",
	[VX_PROBE_SKIP] = "skip",
};

int vx_probe_how_parse(const char *how)
{
	for (size_t i = 0; i < ARRAY_SIZE(probe_hows); i++)
		if (!strcmp(how, probe_hows[i]))
			return (int)i;
	return -1;
}

/* probe<TAB>name<TAB>attach<TAB>value<TAB>how<TAB>arg; the type's enum value
 * is filled in once every type line is read (db_load). */
static void probe_line(char **f)
{
	struct vx_probe_spec sp = { .name = f[1], .prog_type = -1 };
	int how = vx_probe_how_parse(f[4]);

	if (how < 0)
		return; /* `vexplain patterns check` reports it */
	sp.how = how;
	sp.attach = strcmp(f[3], "-") ? atoi(f[3]) : 0;
	if (how == VX_PROBE_SKIP) {
		sp.arg[0] = f[5];
	} else if (how == VX_PROBE_BTF) {
		char *t = f[5];
		for (size_t i = 0; i < VX_PROBE_ARGS && *t; i++) {
			sp.arg[i] = t;
			t += strcspn(t, ",");
			if (*t)
				*t++ = '\0';
		}
	}
	db.probes = xrealloc(db.probes, (db.nprobes + 1) * sizeof(*db.probes));
	db.probes[db.nprobes++] = sp;
}

static void progtype_line(char **f, size_t n)
{
	if (n >= 5 && !strcmp(f[0], "type")) {
		db.types = xrealloc(db.types, (db.ntypes + 1) * sizeof(*db.types));
		db.types[db.ntypes++] = (struct pt_type){ f[1], f[2], f[4], atoi(f[3]) };
	} else if (n >= 3 && !strcmp(f[0], "ctx")) {
		db.ctxs = xrealloc(db.ctxs, (db.nctxs + 1) * sizeof(*db.ctxs));
		db.ctxs[db.nctxs++] = (struct pt_ctx){ f[1], f[2] };
	} else if (n >= 5 && !strcmp(f[0], "section")) {
		db.secs = xrealloc(db.secs, (db.nsecs + 1) * sizeof(*db.secs));
		db.secs[db.nsecs++] = (struct pt_section){ f[1], f[2], f[3], f[4] };
	} else if (n >= 6 && !strcmp(f[0], "probe")) {
		probe_line(f);
	} else if (n >= 2 && !strcmp(f[0], "refusal") && db.nrefusals < ARRAY_SIZE(db.refusals)) {
		f[1][strcspn(f[1], "%")] = '\0'; /* the words before the format's first % */
		if (*f[1])
			db.refusals[db.nrefusals++] = f[1];
	}
}

static void named_family_line(char **f, size_t n)
{
	struct named_family nf = { f[1], { 0 }, 0 };

	for (size_t i = 2; i < n && nf.n < ARRAY_SIZE(nf.ids); i++) {
		int id = helper_lookup(f[i]);

		if (id >= 0)
			nf.ids[nf.n++] = id;
	}
	db.named = xrealloc(db.named, (db.nnamed + 1) * sizeof(*db.named));
	db.named[db.nnamed++] = nf;
}

static void family_line(char **f, size_t n)
{
	int a, b;

	if (n >= 5 && !strcmp(f[0], "rewrite")) {
		a = helper_lookup(f[2]);
		b = helper_lookup(f[3]);
		if (a < 0 || b < 0)
			return;
		db.fams = xrealloc(db.fams, (db.nfams + 1) * sizeof(*db.fams));
		db.fams[db.nfams++] = (struct family){ a, b, f[4], f[1] };
		return;
	}
	if (n >= 3 && !strcmp(f[0], "family")) {
		named_family_line(f, n);
		return;
	}
	if (n < 2)
		return;
	a = helper_lookup(f[0]);
	b = helper_lookup(f[1]);
	if (a < 0 || b < 0)
		return;
	db.fams = xrealloc(db.fams, (db.nfams + 1) * sizeof(*db.fams));
	db.fams[db.nfams++] = (struct family){ a, b, n > 2 ? f[2] : "", NULL };
}

static void release_line(char **f, size_t n)
{
	if (n < 2)
		return;
	db.rels = xrealloc(db.rels, (db.nrels + 1) * sizeof(*db.rels));
	db.rels[db.nrels++] = (struct release){ f[0], f[1] };
}

static void ctx_field_line(char **f, size_t n)
{
	if (n < 4)
		return;
	db.ctxf = xrealloc(db.ctxf, (db.nctxf + 1) * sizeof(*db.ctxf));
	db.ctxf[db.nctxf++] =
		(struct vx_ctx_field){ f[0], f[3], atoi(f[1]), atoi(f[2]), n > 4 ? atoi(f[4]) : 0 };
}

/* helper<TAB>arg<TAB>key|value */
static void helper_arg_line(char **f, size_t n)
{
	if (n < 3)
		return;
	db.args = xrealloc(db.args, (db.nargs + 1) * sizeof(*db.args));
	db.args[db.nargs++] = (struct helper_arg){ f[0], atoi(f[1]), f[2] };
}

/* kind<TAB>first<TAB>count */
static void poison_line(char **f, size_t n)
{
	if (n < 3 || db.npoisons == ARRAY_SIZE(db.poisons))
		return;
	db.poisons[db.npoisons++] = (struct poison){ f[0], atol(f[1]), atol(f[2]) };
}

static void map_type_line(char **f, size_t n)
{
	char *end;
	long v = n >= 2 ? strtol(f[0], &end, 10) : -1;

	if (n >= 2 && !*end && v >= 0 && v < (long)ARRAY_SIZE(db.map_type))
		db.map_type[v] = f[1];
}

/* "6.18" < "6.12"? Compare dotted numbers numerically, newest first. */
static int kernel_cmp(const void *pa, const void *pb)
{
	const char *a = ((const struct kernel *)pa)->name;
	const char *b = ((const struct kernel *)pb)->name;

	while (*a || *b) {
		long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);

		if (x != y)
			return x > y ? -1 : 1;
		while (*a && !isdigit((unsigned char)*a))
			a++;
		while (*b && !isdigit((unsigned char)*b))
			b++;
	}
	return 0;
}

static void load_kernels(void)
{
	const char *dir = "patterns/kernels/";
	const struct vx_data_file *df;

	for (df = vx_data_files; df->path; df++) {
		const char *base = df->path + strlen(dir);
		size_t len = strlen(df->path);
		struct vx_probe_result *res;

		if (!starts_with(df->path, dir) || len < strlen(dir) + 5 ||
		    strcmp(df->path + len - 4, ".tsv") || strchr(base, '/'))
			continue;
		if (vx_probe_parse_tsv(df->text, df->len, &res))
			continue; /* `vexplain patterns check` reports bad files */
		db.kernels = xrealloc(db.kernels, (db.nkernels + 1) * sizeof(*db.kernels));
		db.kernels[db.nkernels++] = (struct kernel){ xstrndup(base, strlen(base) - 4), res };
	}
	qsort(db.kernels, db.nkernels, sizeof(*db.kernels), kernel_cmp);
}

static void db_load(void)
{
	each_line("patterns/helpers.tsv", helper_line);
	each_line("patterns/progtypes.tsv", progtype_line);
	each_line("patterns/helper-families.tsv", family_line);
	each_line("patterns/releases.tsv", release_line);
	each_line("patterns/ctx-fields.tsv", ctx_field_line);
	each_line("patterns/map-types.tsv", map_type_line);
	each_line("patterns/helper-args.tsv", helper_arg_line);
	each_line("patterns/libbpf-poison.tsv", poison_line);
	load_kernels();
	for (size_t i = 0; i < db.nprobes; i++)
		for (size_t k = 0; k < db.ntypes; k++)
			if (!strcmp(db.types[k].name, db.probes[i].name))
				db.probes[i].prog_type = db.types[k].value;
}

static void db_init(void)
{
	pthread_once(&db_once, db_load);
}

const char *vx_helper_name(int id)
{
	db_init();
	if (id < 0 || id > VX_HELPER_MAX)
		return NULL;
	return db.helper[id];
}

/* Without db_init(): family_line() runs inside it. */
static int helper_lookup(const char *name)
{
	int id;

	if (!name)
		return -1;
	if (!strncasecmp(name, "BPF_FUNC_", 9))
		name += 9;
	else if (!strncmp(name, "bpf_", 4))
		name += 4;
	for (id = 0; id <= VX_HELPER_MAX; id++) {
		if (db.helper[id] && !strcmp(db.helper[id] + 4, name))
			return id;
	}
	return -1;
}

int vx_helper_id(const char *name)
{
	db_init();
	return helper_lookup(name);
}

int vx_helper_parse(const char *arg)
{
	char *end;
	long id = strtol(arg, &end, 10);

	if (*arg == '#') /* "#4" as the verifier prints it */
		return vx_helper_parse(arg + 1);
	if (*arg && !*end)
		return id >= 0 && id <= VX_HELPER_MAX && vx_helper_name(id) ? (int)id : -1;
	return vx_helper_id(arg);
}

/* libbpf's sec_def_matches(): "x/" is a prefix, "x+" is "x" or "x/...",
 * "x*" (libbpf 0.x's SEC_SLOPPY_PFX) any name that starts with x, only
 * when loose; anything else must be equal. */
static int sec_matches(const char *sec, const char *name, int loose)
{
	size_t len = strlen(sec);

	if (!len)
		return 0;
	if (sec[len - 1] == '*')
		return loose && !strncmp(name, sec, len - 1);
	if (sec[len - 1] == '/')
		return !strncmp(name, sec, len);
	if (sec[len - 1] == '+') {
		len--;
		if (strncmp(name, sec, len))
			return 0;
		return name[len] == '\0' || name[len] == '/';
	}
	return !strcmp(name, sec);
}

static const char *type_from_section(const char *section, int loose)
{
	size_t i;

	db_init();
	if (!section)
		return NULL;
	if (*section == '?') /* libbpf: SEC("?xdp") is not autoloaded, same type */
		section++;
	for (i = 0; i < db.nsecs; i++) {
		if (sec_matches(db.secs[i].sec, section, loose))
			return db.secs[i].name;
	}
	return NULL;
}

const char *vx_prog_type_from_section(const char *section)
{
	return type_from_section(section, 0);
}

const char *vx_prog_type_from_elf_section(const char *section)
{
	return type_from_section(section, 1);
}

const char *vx_prog_type_from_ctx(const char *ctx_struct)
{
	const char *found = NULL;
	char buf[64];
	size_t i, len;

	db_init();
	if (!ctx_struct)
		return NULL;
	if (!strncmp(ctx_struct, "struct ", 7))
		ctx_struct += 7;
	while (*ctx_struct == ' ')
		ctx_struct++;
	/* "xdp_md *" and "xdp_md*" name the same struct */
	len = strcspn(ctx_struct, " *");
	if (!len || len >= sizeof(buf))
		return NULL;
	memcpy(buf, ctx_struct, len);
	buf[len] = '\0';
	for (i = 0; i < db.nctxs; i++) {
		if (!strcmp(db.ctxs[i].ctx, buf))
			return db.ctxs[i].name;
	}
	for (i = 0; i < db.ntypes; i++) {
		if (strcmp(db.types[i].ctx, buf))
			continue;
		if (found) /* shared by several types: says nothing */
			return NULL;
		found = db.types[i].name;
	}
	return found;
}

const char *vx_prog_type_canonical(const char *name)
{
	size_t i;

	db_init();
	if (!name || !*name)
		return NULL;
	for (i = 0; i < db.ntypes; i++) {
		const struct pt_type *t = &db.types[i];

		if (!strcasecmp(name, t->name) || !strcasecmp(name, t->enum_name))
			return t->name;
	}
	return vx_prog_type_from_section(name);
}

size_t vx_kernel_count(void)
{
	db_init();
	return db.nkernels;
}

const char *vx_kernel_name(size_t i)
{
	db_init();
	return i < db.nkernels ? db.kernels[i].name : NULL;
}

/* "6.18" matches the file 6.18; a full release "6.18.44-fc" falls back to
 * its major.minor. */
static const struct kernel *kernel_find(const char *kernel)
{
	size_t i, len;

	if (!kernel)
		return NULL;
	for (i = 0; i < db.nkernels; i++) {
		if (!strcmp(db.kernels[i].name, kernel))
			return &db.kernels[i];
	}
	for (i = 0; i < db.nkernels; i++) {
		len = strlen(db.kernels[i].name);
		if (!strncmp(db.kernels[i].name, kernel, len) && !isdigit((unsigned char)kernel[len]))
			return &db.kernels[i];
	}
	return NULL;
}

int vx_helper_allowed(const char *kernel, const char *prog_type, int helper_id)
{
	const struct vx_probe_type *t;
	const struct kernel *k;
	const char *name;

	db_init();
	k = kernel_find(kernel);
	name = vx_prog_type_canonical(prog_type);
	if (!k || !name || helper_id < 0 || helper_id > VX_PROBE_HELPER_MAX)
		return -1;
	t = vx_probe_find(k->res, name);
	if (!t || t->status != VX_PROBE_OK || t->allowed[helper_id] == VX_HELPER_UNCLEAR)
		return -1;
	return t->allowed[helper_id] == VX_HELPER_ALLOWED;
}

size_t vx_helper_allowed_types(const char *kernel, int helper_id, const char **out, size_t max)
{
	const struct kernel *k;
	size_t i, n = 0;

	db_init();
	k = kernel_find(kernel);
	if (!k || helper_id < 0 || helper_id > VX_PROBE_HELPER_MAX)
		return 0;
	for (i = 0; i < k->res->ntypes; i++) {
		const struct vx_probe_type *t = &k->res->types[i];

		if (t->status != VX_PROBE_OK || t->allowed[helper_id] != VX_HELPER_ALLOWED)
			continue;
		if (n < max)
			out[n] = t->name;
		n++;
	}
	return n;
}

size_t vx_helper_related(int helper_id, int *out, const char **why, size_t max)
{
	size_t i, n = 0;

	db_init();
	for (i = 0; i < db.nfams; i++) {
		int other;

		if (db.fams[i].loader)
			continue;
		if (db.fams[i].a == helper_id)
			other = db.fams[i].b;
		else if (db.fams[i].b == helper_id)
			other = db.fams[i].a;
		else
			continue;
		if (n < max) {
			out[n] = other;
			if (why)
				why[n] = db.fams[i].why;
		}
		n++;
	}
	return n;
}

int vx_helper_rewritten(const char *loader, int from, const char **why)
{
	db_init();
	for (size_t i = 0; i < db.nfams; i++) {
		const struct family *f = &db.fams[i];

		if (f->loader && !strcmp(f->loader, loader) && f->a == from) {
			if (why)
				*why = f->why;
			return f->b;
		}
	}
	return -1;
}

size_t vx_prog_type_count(void)
{
	db_init();
	return db.ntypes;
}

const char *vx_prog_type_name(size_t i)
{
	db_init();
	return i < db.ntypes ? db.types[i].name : NULL;
}

int vx_prog_type_value(size_t i)
{
	db_init();
	return i < db.ntypes ? db.types[i].value : -1;
}

const char *vx_prog_type_ctx(const char *prog_type)
{
	db_init();
	for (size_t i = 0; prog_type && i < db.ntypes; i++)
		if (!strcmp(db.types[i].name, prog_type))
			return strcmp(db.types[i].ctx, "-") ? db.types[i].ctx : NULL;
	return NULL;
}

size_t vx_probe_spec_count(void)
{
	db_init();
	return db.nprobes;
}

const struct vx_probe_spec *vx_probe_spec_at(size_t i)
{
	db_init();
	return i < db.nprobes ? &db.probes[i] : NULL;
}

const struct vx_probe_spec *vx_probe_spec_find(const char *name)
{
	db_init();
	for (size_t i = 0; name && i < db.nprobes; i++)
		if (!strcmp(db.probes[i].name, name))
			return &db.probes[i];
	return NULL;
}

int vx_helper_refused(const char *log)
{
	db_init();
	for (size_t i = 0; log && i < db.nrefusals; i++)
		if (strstr(log, db.refusals[i]))
			return 1;
	return 0;
}

size_t vx_helper_families(int helper_id, const char **out, size_t max)
{
	size_t n = 0;

	db_init();
	for (size_t i = 0; i < db.nnamed; i++)
		for (size_t k = 0; k < db.named[i].n; k++)
			if (db.named[i].ids[k] == helper_id) {
				if (n < max)
					out[n] = db.named[i].name;
				n++;
				break;
			}
	return n;
}

const char *vx_release_of(const char *acquire)
{
	db_init();
	for (size_t i = 0; acquire && i < db.nrels; i++)
		if (!strcmp(db.rels[i].acquire, acquire))
			return db.rels[i].release;
	return NULL;
}

int vx_is_release(const char *name)
{
	char paren[64];

	db_init();
	snprintf(paren, sizeof(paren), "%s(", name);
	for (size_t i = 0; i < db.nrels; i++)
		if (strstr(db.rels[i].release, paren))
			return 1;
	return 0;
}

const struct vx_ctx_field *vx_ctx_fields(size_t *n)
{
	db_init();
	*n = db.nctxf;
	return db.ctxf;
}

const char *vx_map_type_name(long value)
{
	db_init();
	return value >= 0 && value < (long)ARRAY_SIZE(db.map_type) ? db.map_type[value] : NULL;
}

const char *vx_helper_arg_role(const char *helper, int arg)
{
	db_init();
	for (size_t i = 0; helper && i < db.nargs; i++)
		if (db.args[i].arg == arg && !strcmp(db.args[i].helper, helper))
			return db.args[i].what;
	return NULL;
}

const char *vx_poison_kind(long id, long *index)
{
	db_init();
	for (size_t i = 0; i < db.npoisons; i++) {
		const struct poison *p = &db.poisons[i];
		if (id >= p->first && id - p->first < p->count) {
			*index = p->count > 1 ? id - p->first : -1;
			return p->kind;
		}
	}
	return NULL;
}
