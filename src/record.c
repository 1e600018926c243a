// SPDX-License-Identifier: MIT
#include "record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *vx_verdict_name(enum vx_verdict v)
{
	switch (v) {
	case VX_ACCEPTED:
		return "accepted";
	case VX_REJECTED:
		return "rejected";
	case VX_TRUNCATED:
		return "truncated";
	default:
		return "no-log";
	}
}

const char *vx_record_var(const struct vx_record *r, const char *name)
{
	for (size_t i = 0; i < r->nvars; i++)
		if (!strcmp(r->vars[i].name, name))
			return r->vars[i].value;
	return NULL;
}

void vx_record_set(struct vx_record *r, const char *name, const char *value)
{
	if (!value)
		return;
	for (size_t i = 0; i < r->nvars; i++)
		if (!strcmp(r->vars[i].name, name)) {
			free(r->vars[i].value);
			r->vars[i].value = xstrdup(value);
			return;
		}
	r->vars = xrealloc(r->vars, (r->nvars + 1) * sizeof(*r->vars));
	r->vars[r->nvars].name = xstrdup(name);
	r->vars[r->nvars].value = xstrdup(value);
	r->nvars++;
}

static char **dup_strv(char *const *a, size_t n)
{
	if (!n)
		return NULL;
	char **o = xcalloc(n, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		o[i] = xstrdup(a[i]);
	return o;
}

struct vx_record *vx_record_dup(const struct vx_record *r)
{
	struct vx_record *d = xmalloc(sizeof(*d));
	*d = *r;
	d->message = xstrdup(r->message);
	d->insn_text = xstrdup(r->insn_text);
	d->reg = xstrdup(r->reg);
	d->reg_state = xstrdup(r->reg_state);
	d->prog_type = xstrdup(r->prog_type);
	d->src_file = xstrdup(r->src_file);
	d->src_text = xstrdup(r->src_text);
	d->loader = xstrdup(r->loader);
	d->prog_name = xstrdup(r->prog_name);
	d->section = xstrdup(r->section);
	d->explanation = xstrdup(r->explanation);
	d->title = xstrdup(r->title);
	d->kernels = xstrdup(r->kernels);
	d->fixes = dup_strv(r->fixes, r->nfixes);
	d->refs = dup_strv(r->refs, r->nrefs);
	for (size_t i = 0; i < r->nexcerpt; i++)
		d->excerpt[i] = xstrdup(r->excerpt[i]);
	d->vars = r->nvars ? xcalloc(r->nvars, sizeof(*d->vars)) : NULL;
	for (size_t i = 0; i < r->nvars; i++) {
		d->vars[i].name = xstrdup(r->vars[i].name);
		d->vars[i].value = xstrdup(r->vars[i].value);
	}
	return d;
}

void vx_record_free(struct vx_record *r)
{
	if (!r)
		return;
	free(r->message);
	free(r->insn_text);
	free(r->reg);
	free(r->reg_state);
	free(r->prog_type);
	free(r->src_file);
	free(r->src_text);
	free(r->loader);
	free(r->prog_name);
	free(r->section);
	free(r->explanation);
	free((char *)r->title);
	free_strv(r->fixes, r->nfixes);
	free_strv(r->refs, r->nrefs);
	free(r->kernels);
	for (size_t i = 0; i < r->nexcerpt; i++)
		free(r->excerpt[i]);
	for (size_t i = 0; i < r->nvars; i++) {
		free(r->vars[i].name);
		free(r->vars[i].value);
	}
	free(r->vars);
	free(r);
}

void vx_record_set_num(struct vx_record *r, const char *name, long long v)
{
	char buf[32];
	if (v < 0)
		return;
	snprintf(buf, sizeof(buf), "%lld", v);
	vx_record_set(r, name, buf);
}

int vx_record_num(const struct vx_record *r, const char *name, long long *out)
{
	const char *v = vx_record_var(r, name);
	char *end;
	if (!v || !*v)
		return 0;
	errno = 0;
	long long n = strtoll(v, &end, 0);
	if (*end || errno)
		return 0;
	*out = n;
	return 1;
}
