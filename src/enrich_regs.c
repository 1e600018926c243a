// SPDX-License-Identifier: MIT
/* enrich: the verdict's register. Its printed state as variables (type,
 * bounds, the fields of a pointer) and where its value came from (the
 * instruction that wrote it, the call that made a maybe-NULL pointer). */
#include "enrich.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* "R0_w=map_value(map=m,ks=4,vs=8)" -> reg_type "map_value" and the fact
 * reg_is_map_value, so a pattern can say which memory was overrun. */
static void reg_type_facts(struct vx_record *r)
{
	const char *eq = r->reg_state ? strchr(r->reg_state, '=') : NULL;
	if (!eq)
		return;
	eq++;
	size_t n = strspn(eq, "abcdefghijklmnopqrstuvwxyz_");
	if (!n || n > 40)
		return; /* a number: a scalar */
	char type[48], fact[64];
	memcpy(type, eq, n);
	type[n] = '\0';
	/* 6.x prints "map_value_or_null", 5.x the same; "inv" is 4.x/5.x's scalar */
	if (!strcmp(type, "inv"))
		strcpy(type, "scalar");
	vx_record_set(r, "reg_type", type);
	snprintf(fact, sizeof(fact), "reg_is_%s", type);
	vx_record_set(r, fact, "1");
}

/* The state's fields worth a sentence, as reg_<name>: "map=hist" -> reg_map.
 * A whitelist, so a hostile log cannot make up variables. */
static const char *const reg_fields[] = {
	"off",	    "r",    "id",   "ref_obj_id", "map",  "ks",	     "vs",  "sz",
	"mem_size", "umin", "umax", "smin",	  "smax", "var_off", "imm",
};

/* One "a=b=c=value" item of a state: each name before the value gets it;
 * 4.x/5.x's "umax_value" is 6.x's "umax", "r" becomes reg_range. */
static void reg_field(struct vx_record *r, const char *prefix, const char *item, size_t len)
{
	const char *end = item + len, *val = item;
	for (const char *p = item; p < end && *p != '('; p++)
		if (*p == '=')
			val = p + 1;
	if (val == item || val >= end)
		return;
	char value[96];
	snprintf(value, sizeof(value), "%.*s", (int)(end - val), val);
	for (const char *name = item; name < val;) {
		const char *eq = memchr(name, '=', val - name);
		size_t n = eq - name;
		if (n > 6 && !strncmp(eq - 6, "_value", 6))
			n -= 6; /* 5.x: umax_value */
		for (size_t i = 0; i < ARRAY_SIZE(reg_fields); i++) {
			if (strlen(reg_fields[i]) != n || strncmp(name, reg_fields[i], n))
				continue;
			char var[40];
			snprintf(var, sizeof(var), "%s%s", prefix,
				 n == 1 && *name == 'r' ? "range" : reg_fields[i]);
			vx_record_set(r, var, value);
		}
		name = eq + 1;
	}
}

/* The numbers the verifier proved for the named register, so a bounds error
 * can quote them: "R0=map_value(map=hist,ks=4,vs=128,smin=smin32=0,
 * smax=umax=smax32=umax32=128,var_off=(0x0; 0xf8))" gives reg_map=hist,
 * reg_vs=128, reg_smin=0, reg_umax=128, reg_smax=128, reg_var_off=(0x0; 0xf8).
 * A 6.x constant ("R1_w=16") and a 4.x one ("R1=inv16") give reg_const.
 * The same for the source register of the failing ALU instruction, as
 * src_reg_*: "r0 += r6" in "math between map_value pointer and register
 * with unbounded min value" is about r6's range. */
static void state_facts(struct vx_record *r, const char *prefix, const char *state)
{
	const char *eq = state ? strchr(state, '=') : NULL;
	char var[40];
	if (!eq)
		return;
	const char *p = eq + 1 + strspn(eq + 1, "abcdefghijklmnopqrstuvwxyz_");
	if (*p == '-' || isdigit((unsigned char)*p)) {
		size_t n = 1 + strspn(p + 1, "0123456789abcdefx");
		snprintf(var, sizeof(var), "%sconst", prefix);
		if (!p[n] && n < 32)
			vx_record_set(r, var, p);
		return;
	}
	if (*p != '(')
		return;
	int depth = 0;
	const char *item = p + 1;
	for (const char *q = p + 1; *q; q++) {
		if (*q == '(') {
			depth++;
		} else if (*q == ')' && depth) {
			depth--;
		} else if ((*q == ',' || *q == ')') && !depth) {
			reg_field(r, prefix, item, q - item);
			if (*q == ')')
				return;
			item = q + 1;
		}
	}
}

/* An ALU instruction with a constant operand ("(07) r9 += 4", "(57) w1 &= 255"):
 * alu_op and alu_imm, so an answer about pointer arithmetic can say what was
 * added. */
static void alu_imm_facts(struct vx_record *r)
{
	char op[4];
	long long imm;
	int d, n = 0;
	if (!r->insn_text || sscanf(r->insn_text, "(%*x) %*1[rw]%d %3s %lli%n", &d, op, &imm, &n) != 3 ||
	    r->insn_text[n] || op[strlen(op) - 1] != '=' || !strcmp(op, "=") || !strcmp(op, "=="))
		return;
	vx_record_set(r, "alu_op", op);
	vx_record_set_num(r, "alu_imm", imm);
}

static void reg_state_facts(struct vx_record *r, const struct vx_context *c)
{
	state_facts(r, "reg_", r->reg_state);
	alu_imm_facts(r);
	int d, src;
	char op[4];
	if (!r->insn_text || sscanf(r->insn_text, "(%*x) r%d %3s r%d", &d, op, &src) != 3 ||
	    op[strlen(op) - 1] != '=' || src < 0 || src >= VX_NREGS || !c->regs[src].len)
		return;
	char name[8];
	snprintf(name, sizeof(name), "R%d", src);
	vx_record_set(r, "src_reg", name);
	vx_record_set(r, "src_reg_state", c->regs[src].buf);
	state_facts(r, "src_reg_", c->regs[src].buf);
}

/* 6.x prints only the registers an instruction touched, so a packet
 * pointer's last printed state can predate the data_end check that gave it
 * its range ("R1=pkt(r=0)" while the verdict says "R1(id=0,off=23,r=14)").
 * The verdict's r= is what the verifier knew at the access: use it. */
static void packet_range_from_verdict(struct vx_record *r)
{
	const char *range = vx_record_var(r, "range");
	const char *st = r->reg_state;
	const char *p = st ? strstr(st, "pkt(") : NULL;
	if (!range || !p)
		return;
	for (p += 3; (p = strstr(p, "r=")); p += 2) {
		if (p[-1] != '(' && p[-1] != ',')
			continue;
		size_t n = strspn(p + 2, "0123456789");
		if (n == strlen(range) && !strncmp(p + 2, range, n))
			return;
		char *fixed = xasprintf("%.*sr=%s%s", (int)(p - st), st, range, p + 2 + n);
		free(r->reg_state);
		r->reg_state = fixed;
		return;
	}
}

/* "__u64 *n = bpf_map_lookup_elem(...)" -> "n": the variable a fix should
 * test. Only a plain assignment ("x = call(...)", not "==") names one. */
static void assigned_var(struct vx_record *r, const char *name, const char *src)
{
	const char *eq = strchr(src, '=');
	if (!eq || eq == src || eq[1] == '=' || strchr("!<>=+-*/&|^%", eq[-1]))
		return;
	const char *end = eq;
	while (end > src && end[-1] == ' ')
		end--;
	const char *start = end;
	while (start > src && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
		start--;
	if (start == end || isdigit((unsigned char)*start) || end - start > 40)
		return;
	char var[48];
	snprintf(var, sizeof(var), "%.*s", (int)(end - start), start);
	vx_record_set(r, name, var);
}

/* Old kernels print the state of a maybe-NULL copy first after the branch
 * that checked the original: "(15) if r0 == 0x0 goto pc+118" checked r0, and
 * the verdict is about r7. Naming the checked register explains the verdict. */
static void null_check_facts(struct vx_record *r, int reg, const char *text)
{
	int checked;
	char op[3];
	if (sscanf(text, "(%*x) if r%d %2[=!] 0x0 goto", &checked, op) != 2 || checked == reg)
		return;
	char buf[8];
	snprintf(buf, sizeof(buf), "r%d", checked);
	vx_record_set(r, "null_checked_reg", buf);
}

/* Where the verdict's register got its value: the last instruction before
 * the failing one that wrote it, through up to three register copies
 * ("r1 = r0" after "call bpf_map_lookup_elem"). reg_origin_is_load: it was
 * read from memory, where a pointer comes back as a plain number. */
static void reg_origin_facts(struct vx_record *r, const struct vx_vlog *v, int reg)
{
	if (reg < 0 || v->writer[reg].insn < 0)
		return;
	const struct vx_reg_writer *w = &v->writer[reg];
	for (int hop = 0; hop < 3; hop++) {
		int d, src;
		char end;
		if (sscanf(w->text, "(bf) r%d = r%d%c", &d, &src, &end) != 2 || src < 0 ||
		    src >= VX_NREGS || v->writer[src].insn < 0 || v->writer[src].insn >= w->insn)
			break;
		w = &v->writer[src];
	}
	vx_record_set_num(r, "reg_origin_insn", w->insn);
	vx_record_set(r, "reg_origin_text", w->text);
	vx_record_set_num(r, "reg_origin_src_line", w->src_line);
	if (strstr(w->text, " = *("))
		vx_record_set(r, "reg_origin_is_load", "1");
	else if (strstr(w->text, ") call "))
		vx_record_set(r, "reg_origin_is_call", "1");
}

void vx_reg_facts(struct vx_record *r, const struct vx_context *c)
{
	packet_range_from_verdict(r);
	reg_type_facts(r);
	reg_state_facts(r, c);
}

/* Where a maybe-NULL pointer was made, and where the register got its value. */
void vx_origin_facts(struct vx_record *r, const struct vx_vlog *v)
{
	int reg = vx_reg_index(r->reg);
	reg_origin_facts(r, v, reg);
	if (reg >= 0 && v->null_origin[reg].insn >= 0) {
		const struct vx_null_origin *o = &v->null_origin[reg];
		vx_record_set_num(r, "null_origin_insn", o->insn);
		vx_record_set(r, "null_origin_text", o->text);
		vx_record_set_num(r, "null_origin_src_line", o->src_line);
		if (o->src_text[0]) {
			vx_record_set(r, "null_origin_src_text", o->src_text);
			assigned_var(r, "null_origin_var", o->src_text);
		}
		null_check_facts(r, reg, o->text);
	}
}
