// SPDX-License-Identifier: MIT
#include "record.h"

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
