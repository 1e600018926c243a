// SPDX-License-Identifier: MIT
/* enrich: what a program's context loads tell of its type
 * (progtype_ctx.h; the table is patterns/progtype-ctx.tsv). */
#include "progtype_ctx.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "helpers.h"
#include "util.h"
#include "util_tsv.h"

#define NREGS 11
/* reads below this offset are answered from a table built once */
#define CACHED_OFF 512

struct field {
	const char *st, *name;
	long off, span;
};

struct region {
	vx_tmask types;
	long from, to, align;
};

static struct {
	struct field *fields;
	size_t nfields;
	struct region *regions;
	size_t nregions;
	vx_tmask known; /* the types the table says anything of */
	char *text;
	vx_tmask cache[4][CACHED_OFF]; /* by log2(size), then off */
} tab;

static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static int number(const char *s, long *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return 0;
	*v = strtol(s, &end, 10);
	return !*end;
}

static void tab_line(char **f, size_t n)
{
	long a, b, c;

	if (!strcmp(f[0], "field") && n == 6 && number(f[2], &a) && number(f[4], &c) && c > 0) {
		tab.fields = xrealloc(tab.fields, (tab.nfields + 1) * sizeof(*tab.fields));
		tab.fields[tab.nfields++] = (struct field){ f[1], f[5], a, c };
	} else if (!strcmp(f[0], "region") && n == 6 && vx_tmask_of(f[1]) && number(f[2], &a) &&
		   number(f[3], &b) && number(f[4], &c) && b > a && c > 0) {
		tab.regions = xrealloc(tab.regions, (tab.nregions + 1) * sizeof(*tab.regions));
		tab.regions[tab.nregions++] = (struct region){ vx_tmask_of(f[1]), a, b, c };
	}
}

static int fits_field(const struct field *fl, long off, int size)
{
	return off >= fl->off && off + size <= fl->off + fl->span;
}

/* The types whose context struct is st. */
static vx_tmask struct_types(const char *st)
{
	vx_tmask m = 0;

	for (size_t i = 0; i < vx_prog_type_count() && i < 64; i++) {
		const char *c = vx_prog_type_ctx(vx_prog_type_name(i));
		if (c && !strcmp(c, st))
			m |= (vx_tmask)1 << i;
	}
	return m;
}

static vx_tmask compute(long off, int size)
{
	vx_tmask m = 0;

	if (off < 0 || size <= 0 || off % size)
		return 0;
	for (size_t i = 0; i < tab.nfields; i++)
		if (fits_field(&tab.fields[i], off, size))
			m |= struct_types(tab.fields[i].st);
	for (size_t i = 0; i < tab.nregions; i++) {
		const struct region *r = &tab.regions[i];
		if (off >= r->from && off + size <= r->to && off % r->align == 0)
			m |= r->types;
	}
	return m;
}

static void tab_load(void)
{
	const struct vx_data_file *df = vx_data_find("patterns/progtype-ctx.tsv");
	char *line, *pos;

	if (!df)
		return;
	tab.text = xstrndup(df->text, df->len);
	for (pos = tab.text; (line = tsv_next_line(&pos));) {
		char *f[6];

		if (*line == '#' || !*line)
			continue;
		tab_line(f, tsv_split(line, f, 6));
	}
	for (size_t i = 0; i < tab.nfields; i++)
		tab.known |= struct_types(tab.fields[i].st);
	for (size_t i = 0; i < tab.nregions; i++)
		tab.known |= tab.regions[i].types;
	for (int k = 0; k < 4; k++)
		for (long off = 0; off < CACHED_OFF; off++)
			tab.cache[k][off] = compute(off, 1 << k);
}

static void init(void)
{
	pthread_once(&tab_once, tab_load);
}

size_t vx_ctx_row_count(void)
{
	init();
	return tab.nfields + tab.nregions;
}

vx_tmask vx_ctx_read_types(long off, int size)
{
	int k = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : size == 8 ? 3 : -1;
	vx_tmask m;

	init();
	if (k < 0 || off < 0)
		return 0;
	m = off < CACHED_OFF ? tab.cache[k][off] : compute(off, size);
	/* no type the table knows reads there: a gap in the table, not evidence */
	return m ? m | ~tab.known : 0;
}

vx_tmask vx_ctx_field_types(const char *name, long off, int size)
{
	vx_tmask m = 0;

	init();
	if (off < 0 || size <= 0 || off % size)
		return 0;
	for (size_t i = 0; i < tab.nfields; i++)
		if (!strcmp(tab.fields[i].name, name) && fits_field(&tab.fields[i], off, size))
			m |= struct_types(tab.fields[i].st);
	return m;
}

/* --- following the context through a log ------------------------------- */

void vx_ctx_track_reset(struct vx_ctx_track *t)
{
	*t = (struct vx_ctx_track){ 0 };
}

static long num(const char **p)
{
	long n = -1;

	while (isdigit((unsigned char)**p)) {
		n = (n < 0 ? 0 : n) * 10 + (**p - '0');
		if (n > 1000000)
			n = 1000000;
		(*p)++;
	}
	return n;
}

static int hexval(char ch)
{
	return isdigit((unsigned char)ch) ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

static void set_reg(struct vx_ctx_track *t, long r, int is_ctx)
{
	if (r < 0 || r >= NREGS)
		return;
	if (is_ctx)
		t->ctx |= 1u << r;
	else
		t->ctx &= ~(1u << r);
}

/* "ctx()", "ctx(id=0,off=0,imm=0)", 4.x's bare "ctx": the context itself;
 * "ctx(off=8)" is a pointer into it, which no load may use. */
static int is_ctx_value(const char *v, const char *end)
{
	if (end - v < 3 || memcmp(v, "ctx", 3))
		return 0;
	v += 3;
	if (v == end || *v == ' ' || *v == ',')
		return 1;
	if (*v != '(')
		return 0;
	for (const char *p = v; p < end && *p != ')'; p++)
		if (!strncmp(p, "off=", 4) && p[4] != '0')
			return 0;
	return 1;
}

/* Each "Rn=value" (Rn_w=, Rn_rw=) of a state text: set says which hold the
 * context; only the registers named change. */
static void read_states(struct vx_ctx_track *t, const char *s, const char *end)
{
	for (const char *p = s; p < end && (p = memchr(p, 'R', end - p)); p++) {
		const char *q = p + 1;
		if (p > s && p[-1] != ' ' && p[-1] != '\t' && p[-1] != ';' && p[-1] != ':')
			continue;
		long r = num(&q);
		if (r < 0 || q >= end)
			continue;
		q += starts_with(q, "_w") ? 2 : starts_with(q, "_rw") ? 3 : starts_with(q, "_r") ? 2 : 0;
		if (q >= end || *q != '=')
			continue;
		q++;
		const char *v_end = q;
		int depth = 0;
		while (v_end < end && (depth || (*v_end != ' ' && *v_end != '\t'))) {
			depth += *v_end == '(' ? 1 : *v_end == ')' ? -1 : 0;
			v_end++;
		}
		set_reg(t, r, is_ctx_value(q, v_end));
		p = v_end - 1;
	}
}

void vx_ctx_track_state(struct vx_ctx_track *t, const char *s, size_t len)
{
	t->ctx = 0;
	read_states(t, s, s + len);
}

void vx_ctx_track_source(struct vx_ctx_track *t, const char *s, size_t len)
{
	const char *end = s + len;

	t->nnames = 0;
	for (const char *p = s; p + 2 < end && (p = memchr(p, '-', end - p - 2)); p++) {
		if (p[1] != '>')
			continue;
		const char *q = p + 2;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		size_t n = 0;
		while (q + n < end && (isalnum((unsigned char)q[n]) || q[n] == '_'))
			n++;
		if (!n || n >= VX_CTX_NAME || t->nnames == VX_CTX_NAMES)
			continue;
		memcpy(t->names[t->nnames], q, n);
		t->names[t->nnames++][n] = '\0';
	}
}

/* The pending load passed: what it tells. */
static void commit(struct vx_ctx_track *t, vx_evidence_fn fn, void *ctx)
{
	vx_tmask any = 0;

	if (!t->pending)
		return;
	t->pending = 0;
	fn(ctx, vx_ctx_read_types(t->off, t->size), "access");
	for (size_t i = 0; i < t->npend_names; i++)
		any |= vx_ctx_field_types(t->pend_names[i], t->off, t->size);
	if (any)
		fn(ctx, any, "context");
}

/* "*(u32 *)(r6 +8)" at p: the base register, offset and size; 0: not one. */
static int mem_operand(const char *p, const char *end, long *base, long *off, int *size)
{
	long bits, sign = 1;

	if (end - p < 12 || memcmp(p, "*(", 2) || (p[2] != 'u' && p[2] != 's'))
		return 0;
	p += 3;
	if ((bits = num(&p)) <= 0 || bits % 8 || !starts_with(p, " *)(r"))
		return 0;
	p += 5;
	if ((*base = num(&p)) < 0 || *p++ != ' ')
		return 0;
	if (*p == '-')
		sign = -1;
	else if (*p != '+')
		return 0;
	p++;
	if ((*off = num(&p)) < 0 || *p != ')')
		return 0;
	*off *= sign;
	*size = (int)(bits / 8);
	return 1;
}

/* What the instruction at text (after "N: (op) ") does to the registers. */
static void effect(struct vx_ctx_track *t, int op, const char *p, const char *end)
{
	long dst, src, base, off;
	int size;

	if (op == 0x85) { /* a call: r0-r5 are the callee's; a bpf-to-bpf call keeps r1-r5 */
		int local = end - p > 8 && !memcmp(p, "call pc", 7);
		t->ctx &= local ? 0x3e : ~0x3fu;
		return;
	}
	if (op == 0x95) { /* exit: what follows is another frame or path */
		t->ctx = 0;
		return;
	}
	if (*p != 'r' && *p != 'w')
		return; /* a store, a jump: no register changes */
	const char *q = p + 1;
	if ((dst = num(&q)) < 0 || q >= end || *q != ' ')
		return;
	if (starts_with(q, " = ") && op == 0xbf && q[3] == 'r') { /* rD = rS */
		const char *r = q + 4;
		src = num(&r);
		set_reg(t, dst, src >= 0 && src < NREGS && (r >= end || *r == ' ' || *r == ';') &&
					(t->ctx >> src & 1));
		return;
	}
	int was_ctx_load = starts_with(q, " = ") && (op & 7) == 1 &&
			   mem_operand(q + 3, end, &base, &off, &size) && base >= 0 && base < NREGS &&
			   (t->ctx >> base & 1);
	set_reg(t, dst, 0);
	if (!was_ctx_load)
		return;
	t->pending = 1;
	t->off = off;
	t->size = size;
	memcpy(t->pend_names, t->names, sizeof(t->names));
	t->npend_names = t->nnames;
}

void vx_ctx_track_insn(struct vx_ctx_track *t, const char *s, size_t len, vx_evidence_fn fn,
		       void *ctx)
{
	const char *end = s + len, *p = s;
	long idx;

	commit(t, fn, ctx);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if ((idx = num(&p)) < 0 || end - p < 7 || memcmp(p, ": (", 3) || hexval(p[3]) < 0 ||
	    hexval(p[4]) < 0 || memcmp(p + 5, ") ", 2))
		return;
	int op = hexval(p[3]) * 16 + hexval(p[4]);
	if (idx == 0 && !t->insns)
		t->ctx = 1u << 1; /* the program's entry: r1 is its context */
	t->insns++;
	p += 7;
	const char *semi = memmem(p, end - p, " ;", 2);
	effect(t, op, p, semi ? semi : end);
	if (semi) /* 6.x: the registers the instruction changed */
		read_states(t, semi + 2, end);
}
