// SPDX-License-Identifier: MIT
/* enrich: the kernel types a verdict names. The context struct's field at an
 * offset (patterns/ctx-fields.tsv), a map type's name (map-types.tsv), the
 * struct and field of a CO-RE relocation libbpf could not resolve. */
#include "enrich.h"

#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "util.h"

/* Which struct of patterns/ctx-fields.tsv this program's ctx is: the
 * signature's, else the program type's (progtypes.tsv's ctx column). */
static const char *ctx_struct_of(const struct vx_record *r)
{
	const char *sig = vx_record_var(r, "signature_ctx");
	if (sig)
		return sig;
	const char *st = vx_prog_type_ctx(r->prog_type);
	size_t n;
	const struct vx_ctx_field *f = vx_ctx_fields(&n);
	for (size_t i = 0; st && i < n; i++)
		if (!strcmp(f[i].st, st))
			return st;
	return NULL;
}

/* A ctx access at an offset ("invalid bpf_context access off=72 size=4",
 * "dereference of modified ctx ptr R2 off=4"): ctx_struct, ctx_field
 * ("tc_classid", "cb[2]"), ctx_field_size, the fact ctx_field_is_<name>,
 * ctx_size_ok when the access is the whole field, and ctx_write when the
 * verdict states the access and the failing instruction stores ("*(u32 *)(r1
 * +8) = r2"). The field needs the
 * program type: this runs when the record is completed. */
void vx_ctx_facts(struct vx_record *r)
{
	long long off, size;
	const char *sig = vx_record_var(r, "signature_ctx");
	if (sig) /* the signature's "struct __sk_buff *skb" */
		vx_record_set(r, "ctx_struct", sig);
	if (!vx_record_num(r, "ctx_access_off", &off) ||
	    !vx_record_num(r, "ctx_access_size", &size))
		return;
	const char *st = ctx_struct_of(r);
	if (r->insn_text && vx_ctx_access_stated(r)) {
		const char *p = strchr(r->insn_text, ')');
		if (p && starts_with(p + 1, " *("))
			vx_record_set(r, "ctx_write", "1");
	}
	if (!st)
		return;
	vx_record_set(r, "ctx_struct", st);
	long long end = 0;
	size_t nf;
	const struct vx_ctx_field *fields = vx_ctx_fields(&nf);
	for (size_t i = 0; i < nf; i++) {
		const struct vx_ctx_field *f = &fields[i];
		if (!strcmp(f->st, st) && f->off + f->size > end)
			end = f->off + f->size;
		if (strcmp(f->st, st) || off < f->off || off >= f->off + f->size)
			continue;
		char name[48];
		if (f->elem) /* an array: the element at off, "cb[2]" */
			snprintf(name, sizeof(name), "%s[%lld]", f->name, (off - f->off) / f->elem);
		else
			snprintf(name, sizeof(name), "%s", f->name);
		vx_record_set(r, "ctx_field", name);
		vx_name_fact(r, "ctx_field_is_", f->name);
		long long fsize = f->elem ? f->elem : f->size;
		vx_record_set_num(r, "ctx_field_size", fsize);
		if (off != f->off && !f->elem)
			vx_record_set_num(r, "ctx_field_off", off - f->off);
		if (off == f->off && size == f->size)
			vx_record_set(r, "ctx_size_ok", "1"); /* the field's own width */
		else if (size != fsize)
			vx_record_set(r, "ctx_size_wrong", "1");
		vx_record_set(r, "ctx_field_type", vx_c_uint_type(fsize));
		return;
	}
	vx_record_set_num(r, "ctx_struct_size", end);
	if (end && off >= end)
		vx_record_set(r, "ctx_past_end", "1");
}

/* "cannot pass map_type 1 into func ..." can say BPF_MAP_TYPE_HASH
 * (patterns/map-types.tsv). */
void vx_map_type_fact(struct vx_record *r)
{
	long long t;
	if (vx_record_num(r, "map_type", &t))
		vx_record_set(r, "map_type_name", vx_map_type_name(t));
}

/* Program types a message gives as enum bpf_prog_type numbers ("Tail call
 * map owned by prog type 3, but prog type is 6!"): captures named
 * `ptype_<what>` get `ptype_<what>_name`, libbpf's name (sched_cls, xdp). */
void vx_prog_type_num_facts(struct vx_record *r)
{
	static const char *const names[] = { "ptype_owner", "ptype_prog", "ptype_map", NULL };
	for (const char *const *n = names; *n; n++) {
		long long t;
		if (!vx_record_num(r, *n, &t))
			continue;
		for (size_t i = 0; i < vx_prog_type_count(); i++) {
			if (vx_prog_type_value(i) != t)
				continue;
			char var[48];
			snprintf(var, sizeof(var), "%s_name", *n);
			vx_record_set(r, var, vx_prog_type_name(i));
			break;
		}
	}
}

/* libbpf's "failed to resolve CO-RE relocation <byte_off> [7] struct
 * task_struct___old.no_such_field (0:0 @ offset 0)": relo_kind byte_off,
 * relo_type task_struct___old, relo_base_type task_struct, relo_flavour old,
 * relo_field no_such_field, and the fact relo_type_is_<base type>. */
void vx_relo_facts(struct vx_record *r)
{
	const char *relo = vx_record_var(r, "relo");
	char kind[32], type[80], field[80];
	if (!relo)
		return;
	int n = sscanf(relo, "<%31[^>]> [%*d] %*[a-z] %79[A-Za-z0-9_].%79[A-Za-z0-9_.]", kind, type,
		       field);
	if (n < 2)
		return;
	vx_record_set(r, "relo_kind", kind);
	vx_record_set(r, "relo_type", type);
	char *flav = strstr(type, "___");
	if (flav) {
		vx_record_set(r, "relo_flavour", flav + 3);
		*flav = '\0';
	}
	vx_record_set(r, "relo_base_type", type);
	vx_name_fact(r, "relo_type_is_", type);
	if (n == 3)
		vx_record_set(r, "relo_field", field);
}
