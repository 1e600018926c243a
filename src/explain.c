// SPDX-License-Identifier: MIT
/* enrich + explain: everything the pattern's templates may say comes from
 * here as a named variable (captures, context, facts); the words themselves
 * are in patterns/. Adding a variable here makes it usable by every pattern. */
#include "explain.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "enrich.h"
#include "helpers.h"
#include "patterns.h"
#include "progtype.h"
#include "util.h"

/* libbpf's poisoned call immediates (libbpf.c: POISON_CALL_KFUNC_BASE ...) */
#define LIBBPF_CORE_POISON 0xbad2310L
#define LIBBPF_MAP_POISON_BASE 2001000000L
#define LIBBPF_KFUNC_POISON_BASE 2002000000L

static void set_long(struct vx_record *r, const char *name, long v)
{
	vx_record_set_num(r, name, v);
}

static int var_true(const struct vx_record *r, const char *name)
{
	const char *v = vx_record_var(r, name);
	return v && *v && strcmp(v, "0");
}

/* The '}' that closes the '{' at p, counting nested braces; NULL if none. */
static const char *closing_brace(const char *p)
{
	int depth = 0;
	for (; *p; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && --depth == 0)
			return p;
	}
	return NULL;
}

static void expand_into(struct strbuf *out, const char *tmpl, size_t len, const struct vx_record *r,
			int depth);

/* Does the template text use the variable NAME: "{name}" or "{name|" (not "{name2}")? */
static int uses_var(const char *t, size_t tlen, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = t; (p = memchr(p, '{', t + tlen - p)); p++)
		if ((size_t)(t + tlen - p) > n + 1 && !strncmp(p + 1, name, n) &&
		    (p[n + 1] == '}' || p[n + 1] == '|'))
			return 1;
	return 0;
}

/* One placeholder, p..close: {name} {name|fallback} {?name:text} {!name:text} */
static int expand_one(struct strbuf *out, const char *p, const char *close,
		      const struct vx_record *r, int depth)
{
	const char *q = p + 1;
	char mode = (*q == '?' || *q == '!') ? *q++ : 0;
	size_t n = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	char name[64];
	const char *after = q + n;
	if (!n || n >= sizeof(name) || after > close)
		return 0;
	if (mode ? *after != ':' : (*after != '|' && after != close))
		return 0;
	memcpy(name, q, n);
	name[n] = '\0';
	const char *v = vx_record_var(r, name);
	int set = v && *v && strcmp(v, "0");
	if (*after == '|' && !mode) {
		/* {name|text}: a text that uses {name} itself is shown only when
		 * name is set; any other text is the fallback for an unset name */
		const char *t = after + 1;
		size_t tlen = close - t;
		int uses_self = uses_var(t, tlen, name);
		mode = uses_self ? '?' : 0;
		if (!uses_self) {
			if (v && *v)
				sb_adds(out, v);
			else
				expand_into(out, t, tlen, r, depth + 1);
			return 1;
		}
	}
	if (mode) {
		if ((mode == '?') == set)
			expand_into(out, after + 1, close - after - 1, r, depth + 1);
	} else if (v && *v) {
		sb_adds(out, v);
	} else {
		sb_adds(out, "?");
	}
	return 1;
}

static void expand_into(struct strbuf *out, const char *tmpl, size_t len, const struct vx_record *r,
			int depth)
{
	const char *end = tmpl + len;
	for (const char *p = tmpl; p < end;) {
		const char *close = *p == '{' && depth < 8 ? closing_brace(p) : NULL;
		if (close && close < end && expand_one(out, p, close, r, depth)) {
			p = close + 1;
			continue;
		}
		sb_addc(out, *p++); /* not a placeholder: a literal character */
	}
}

char *vx_expand(const char *tmpl, const struct vx_record *r)
{
	struct strbuf out = STRBUF_INIT;
	expand_into(&out, tmpl, strlen(tmpl), r, 0);
	return sb_detach(&out);
}

static int cond_holds(const struct vx_tmpl *t, const struct vx_record *r)
{
	if (!t->cond)
		return 1;
	return var_true(r, t->cond) != t->negate;
}

static char *dup_sb(const struct strbuf *sb)
{
	return sb->len ? xstrdup(sb->buf) : NULL;
}

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
	"off", "r", "id", "ref_obj_id", "map", "ks", "vs", "sz", "mem_size",
	"umin", "umax", "smin", "smax", "var_off", "imm",
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

static void reg_state_facts(struct vx_record *r, const struct vx_context *c)
{
	state_facts(r, "reg_", r->reg_state);
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

/* "At program exit the register R0 has smin=5 smax=5 should have been in
 * [0, 3]": the range the message states, and ret_value when it is one
 * number (the state line may be older than the verdict). */
static void message_range_facts(struct vx_record *r)
{
	const char *m = r->message, *a, *b;
	long long lo, hi;
	if (!m || !(a = strstr(m, " has smin=")) || !(b = strstr(m, " smax=")))
		return;
	if (sscanf(a + 10, "%lld", &lo) != 1 || sscanf(b + 6, "%lld", &hi) != 1)
		return;
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", lo);
	vx_record_set(r, "ret_smin", buf);
	snprintf(buf, sizeof(buf), "%lld", hi);
	vx_record_set(r, "ret_smax", buf);
	if (lo == hi)
		vx_record_set(r, "ret_value", buf);
}

/* libbpf turns a call to a __weak kfunc this kernel lacks into "call #0",
 * which the verifier skips: R0 is never set and the next read of it fails. */
static void weak_kfunc_facts(struct vx_record *r, const struct vx_vlog *v)
{
	for (size_t i = 0; i < v->ncalls; i++)
		if (v->calls[i].helper_id == 0 && !v->calls[i].name[0]) {
			set_long(r, "weak_kfunc_call_insn", v->calls[i].insn);
			vx_record_set(r, "weak_kfunc_call", "1");
			set_long(r, "weak_kfunc_src_line", v->calls[i].src_line);
			return;
		}
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

static int var_num(const struct vx_record *r, const char *name, long long *out)
{
	return vx_record_num(r, name, out);
}

/* The step of a variable offset: the lowest unknown bit of its tnum
 * ("var_off=(0x0; 0xf8)" steps by 8, the element size of an index). */
static long long var_off_stride(const struct vx_record *r)
{
	const char *v = vx_record_var(r, "reg_var_off");
	const char *semi = v ? strchr(v, ';') : NULL;
	if (!semi)
		return 0;
	unsigned long long mask = strtoull(semi + 1, NULL, 0);
	return mask ? (long long)(mask & -mask) : 0;
}

/* Arithmetic the templates cannot do, for "invalid access to map value,
 * value_size=128 off=128 size=8" and its kin (limit: value_size, mem_size
 * or a packet's proven range r):
 *   access_end   off + size: the first byte the access does not touch
 *   access_over  how many bytes past the limit it reaches
 *   access_max_off  the largest offset an access of this size may have
 * and, when the register holds a variable offset (reg_umax) and the verdict
 * is about its maximum (the verifier printed umax + the fixed offset):
 *   access_fixed_off  the constant part of the offset
 *   var_max_ok   the largest variable part that fits
 *   var_stride, idx_max, idx_max_ok, idx_limit: the same as element indexes
 *   (idx_limit: the N of the check "idx >= N" that makes it fit). */
static void access_facts(struct vx_record *r)
{
	long long off, size, limit, umax, smin;
	/* S64_MIN: the verifier knows no lower bound at all */
	if ((var_num(r, "reg_smin", &smin) || var_num(r, "min", &smin)) && smin == LLONG_MIN)
		vx_record_set(r, "smin_unbounded", "1");
	if (!var_num(r, "off", &off))
		return;
	/* for stack verdicts: R10 points past the top of a 512-byte frame */
	if (off >= 0)
		vx_record_set(r, "off_nonneg", "1");
	else if (off < -512)
		vx_record_set(r, "off_below_frame", "1");
	if (!var_num(r, "size", &size))
		return;
	set_long(r, "access_end", off + size);
	int var_ok = 1;
	if (!var_num(r, "value_size", &limit) && !var_num(r, "mem_size", &limit)) {
		if (!var_num(r, "range", &limit))
			return;
		var_ok = 0; /* a packet's off does not include its variable part */
	}
	if (off + size > limit)
		set_long(r, "access_over", off + size - limit);
	set_long(r, "access_max_off", limit - size);
	const char *bound = vx_record_var(r, "bound");
	if (!var_ok || (bound && !strcmp(bound, "min")) || !var_num(r, "reg_umax", &umax) ||
	    umax > off)
		return;
	long long fixed = off - umax, ok = limit - size - fixed;
	set_long(r, "access_fixed_off", fixed);
	if (ok < 0 || ok >= umax)
		return;
	set_long(r, "var_max_ok", ok);
	long long stride = var_off_stride(r);
	if (stride < 1)
		return;
	set_long(r, "var_stride", stride);
	set_long(r, "idx_max", umax / stride);
	set_long(r, "idx_max_ok", ok / stride);
	set_long(r, "idx_limit", ok / stride + 1); /* for "if (idx >= N)" */
	if (umax / stride == ok / stride + 1)
		vx_record_set(r, "idx_off_by_one", "1");
}

/* How many bytes a pointer register's state leaves from where it points:
 * "fp-64" (to the top of the frame), "map_value(...,vs=V,off=O)" V - O,
 * "mem(...,sz=S)" / mem_size S. what: words for it. -1: not known. */
static long long room_of(const char *state, char *what, size_t wsize)
{
	const char *eq = state ? strchr(state, '=') : NULL;
	const char *p;
	long long off = 0, size = -1;
	if (!eq)
		return -1;
	eq++;
	if (starts_with(eq, "fp-") && isdigit((unsigned char)eq[3])) {
		size = atoll(eq + 3);
		snprintf(what, wsize, "the stack buffer at %s", eq);
		return size;
	}
	if ((p = strstr(eq, "vs=")) && starts_with(eq, "map_value")) {
		size = atoll(p + 3);
		snprintf(what, wsize, "a %lld-byte map value", size);
	} else if (((p = strstr(eq, "sz=")) || (p = strstr(eq, "mem_size="))) && starts_with(eq, "mem")) {
		size = atoll(strchr(p, '=') + 1);
		snprintf(what, wsize, "a %lld-byte memory region", size);
	}
	if (size >= 0 && (p = strstr(eq, "(off=")))
		off = atoll(p + 5);
	else if (size >= 0 && (p = strstr(eq, ",off=")))
		off = atoll(p + 5);
	if (size >= 0 && off > 0) {
		size_t n = strlen(what);
		snprintf(what + n, wsize - n, " at offset %lld", off);
	}
	return size >= 0 && off <= size ? size - off : -1;
}

/* "R2 unbounded memory access" on a helper's size argument: by the
 * kernel's convention the size describes the memory argument before it
 * (bpf_probe_read_kernel(dst, size, src): R2 sizes R1), so the room that
 * pointer has is the largest size that passes:
 *   size_buf_reg, size_buf_what, size_buf_max, size_mask (x &= size_mask
 *   keeps it <= size_buf_max). */
static void size_arg_facts(struct vx_record *r, const struct vx_context *c)
{
	int n = vx_reg_index(r->reg);
	char what[96], name[8];
	if (n < 2 || n > 5 || !r->insn_text || !strstr(r->insn_text, ") call ") ||
	    !vx_record_var(r, "reg_is_scalar") || !c->regs[n - 1].len)
		return;
	long long room = room_of(c->regs[n - 1].buf, what, sizeof(what));
	if (room <= 0)
		return;
	snprintf(name, sizeof(name), "R%d", n - 1);
	vx_record_set(r, "size_buf_reg", name);
	vx_record_set(r, "size_buf_what", what);
	set_long(r, "size_buf_max", room);
	set_long(r, "size_mask", vx_mask_below(room));
}

/* "R1 unbounded memory access" on a pointer with a variable offset
 * ("*(u8 *)(r1 +2)" where R1=map_value(vs=32768,umax=...)): the largest
 * variable part that keeps the access inside, and a mask that proves it:
 *   fit_width, fit_fixed (the constant offsets), fit_room, fit_max,
 *   fit_mask. */
static void pointer_fit_facts(struct vx_record *r)
{
	int width, base, n = vx_reg_index(r->reg);
	long insn_off = 0;
	char what[96], sign = '+';
	const char *m = r->insn_text ? strstr(r->insn_text, "*(u") : NULL;
	if (n < 0 || !m || vx_record_var(r, "reg_is_scalar") ||
	    sscanf(m, "*(u%d *)(r%d %c%ld)", &width, &base, &sign, &insn_off) != 4 || base != n ||
	    width % 8)
		return;
	long long room = room_of(r->reg_state, what, sizeof(what));
	long long fixed = sign == '-' ? -insn_off : insn_off;
	long long max = room - width / 8 - fixed;
	if (room <= 0 || max < 0)
		return;
	set_long(r, "fit_width", width / 8);
	set_long(r, "fit_fixed", fixed);
	vx_record_set(r, "fit_what", what);
	set_long(r, "fit_max", max);
	set_long(r, "fit_mask", vx_mask_below(max));
}

/* Facts a template can test with explain[VAR]: "prog_is_xdp" for advice
 * that applies to one program type, "helper_is_bpf_d_path" for a helper
 * with rules of its own. Names are checked: only [a-z0-9_] make a fact. */
static void name_fact(struct vx_record *r, const char *prefix, const char *name)
{
	char fact[80];
	if (!name || !*name || strlen(name) > 60 || name[strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_")])
		return;
	snprintf(fact, sizeof(fact), "%s%s", prefix, name);
	vx_record_set(r, fact, "1");
}

/* Which program type is this? The user's word (or a producer's) first,
 * then the strongest clue: the type the framing states, the section, the
 * verdict's own words, the signature's context struct, and whatever the
 * rest of the input told (src/progtype.c, ranked in progtype-clues.tsv). */
static void infer_prog_type(struct vx_record *r, const struct vx_clue *seen,
			    const struct vx_hints *h)
{
	struct vx_clue best = { 0 }, k;
	const char *t;

	if (h && h->prog_type && strcmp(h->prog_type, "unspec")) {
		t = vx_prog_type_canonical(h->prog_type);
		r->prog_type = xstrdup(t ? t : h->prog_type);
		r->prog_type_from = h->prog_type_from ? h->prog_type_from : "option";
		return;
	}
	/* in rank order; the first of equal rank wins: this program's own framing */
	if ((t = vx_prog_type_canonical(vx_record_var(r, "prog_type_stated"))))
		best = (struct vx_clue){ 7, t, "loader", "" };
	if ((t = vx_prog_type_canonical(vx_record_var(r, "prog_type_logged"))) && best.rank < 7)
		best = (struct vx_clue){ 7, t, "log", "" };
	if (vx_clue_of_section(r->section, &k) > best.rank)
		best = k;
	if (seen && seen->rank > best.rank)
		best = *seen;
	if ((t = vx_prog_type_from_ctx(vx_record_var(r, "signature_ctx"))) && best.rank < 2)
		best = (struct vx_clue){ 2, t, "context", "" };
	if (best.rank) {
		r->prog_type = xstrdup(best.type);
		r->prog_type_from = best.from;
	}
}

/* "call bpf_probe_read#4" -> 4 and its name, for verdicts about that call. */
static int helper_from_insn(const char *insn_text)
{
	const char *c = insn_text ? strstr(insn_text, "call ") : NULL;
	if (!c || strstr(c, "pc+") || strstr(c, "pc-"))
		return -1;
	const char *hash = strchr(c, '#');
	const char *num = hash ? hash + 1 : c + 5; /* 4.x printed "call 14" */
	if (!isdigit((unsigned char)*num))
		return -1;
	if (!hash && num[strspn(num, "0123456789")])
		return -1; /* "call 14" must be the whole rest of the line */
	long id = atol(num);
	return id >= 0 && id <= VX_HELPER_MAX ? (int)id : -1;
}

static void join_names(struct strbuf *sb, const char **names, size_t n, size_t total)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(sb, ", ");
		sb_adds(sb, names[i]);
	}
	if (total > n)
		sb_addf(sb, " and %zu more", total - n);
}

static const char *newest_kernel(const struct vx_hints *h)
{
	if (h && h->kernel) {
		/* "6.1.0-56-amd64" is 6.1's table, "6.18.44" is not */
		for (size_t i = 0; i < vx_kernel_count(); i++) {
			size_t n = strlen(vx_kernel_name(i));
			if (!strncmp(h->kernel, vx_kernel_name(i), n) &&
			    !isdigit((unsigned char)h->kernel[n]))
				return vx_kernel_name(i);
		}
	}
	return vx_kernel_count() ? vx_kernel_name(0) : NULL;
}

/* For a family "probe_read_family": probe_read_allowed or probe_read_refused,
 * whether this program type may call the helper on some probed kernel. */
static void family_allowed_facts(struct vx_record *r, const char **fams, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(fams[i]);
		if (len < 8 || strcmp(fams[i] + len - 7, "_family"))
			continue;
		char name[80];
		snprintf(name, sizeof(name), "%.*s_%s", (int)(len - 7), fams[i],
			 vx_record_var(r, "helper_allowed") ? "allowed" : "refused");
		vx_record_set(r, name, "1");
	}
}

static void enrich_helper(struct vx_record *r, const struct vx_hints *h)
{
	const char *name = vx_record_var(r, "helper");
	const char *id = vx_record_var(r, "helper_id");
	r->helper_id = -1;
	if (id && isdigit((unsigned char)*id)) {
		long n = atol(id);
		if (n >= 0 && n <= VX_HELPER_MAX)
			r->helper_id = (int)n;
	}
	if (r->helper_id < 0 && name)
		r->helper_id = vx_helper_id(name);
	if (r->helper_id < 0 && !name)
		r->helper_id = helper_from_insn(r->insn_text);
	if (r->helper_id < 0)
		return;
	r->helper_name = vx_helper_name(r->helper_id);
	if (!r->helper_name)
		return;
	vx_record_set(r, "helper", r->helper_name);
	set_long(r, "helper_id", r->helper_id);
	name_fact(r, "helper_is_", r->helper_name);
	const char *fams[8];
	size_t nfams = vx_helper_families(r->helper_id, fams, ARRAY_SIZE(fams));
	for (size_t i = 0; i < nfams && i < ARRAY_SIZE(fams); i++)
		vx_record_set(r, fams[i], "1");

	const char *kernel = newest_kernel(h);
	if (kernel) {
		const char *types[64];
		size_t total = vx_helper_allowed_types(kernel, r->helper_id, types, ARRAY_SIZE(types));
		struct strbuf sb = STRBUF_INIT;
		join_names(&sb, types, total < 12 ? total : 12, total);
		if (total) {
			vx_record_set(r, "helper_allowed_types", sb.buf);
			vx_record_set(r, "helper_table_kernel", kernel);
		}
		sb_free(&sb);
	}
	if (!r->prog_type)
		return;
	for (size_t k = 0; k < vx_kernel_count(); k++)
		if (vx_helper_allowed(vx_kernel_name(k), r->prog_type, r->helper_id) == 1) {
			vx_record_set(r, "helper_allowed", "1");
			vx_record_set(r, "helper_allowed_kernel", vx_kernel_name(k));
			break;
		}
	family_allowed_facts(r, fams, nfams < ARRAY_SIZE(fams) ? nfams : ARRAY_SIZE(fams));
	int related[16];
	const char *why[16];
	size_t nrel = vx_helper_related(r->helper_id, related, why, ARRAY_SIZE(related));
	struct strbuf alt = STRBUF_INIT, all = STRBUF_INIT;
	for (size_t i = 0; i < nrel && i < ARRAY_SIZE(related); i++) {
		const char *rn = vx_helper_name(related[i]);
		if (!rn)
			continue;
		sb_addf(&all, "%s%s (#%d)", all.len ? ", " : "", rn, related[i]);
		if (kernel && vx_helper_allowed(kernel, r->prog_type, related[i]) == 1)
			sb_addf(&alt, "%s%s (#%d)", alt.len ? ", " : "", rn, related[i]);
	}
	if (all.len)
		vx_record_set(r, "helper_related", all.buf);
	/* alternatives matter only where this type may not call the helper */
	if (alt.len && !vx_record_var(r, "helper_allowed"))
		vx_record_set(r, "helper_type_alternatives", alt.buf);
	sb_free(&alt);
	sb_free(&all);
}

/* libbpf replaces calls it could not relocate with poison immediates. */
static void decode_poison(struct vx_record *r)
{
	const char *m = r->message;
	const char *u = m ? strstr(m, "unknown#") : NULL;
	if (!u)
		return;
	long n = atol(u + 8);
	if (n == LIBBPF_CORE_POISON) {
		vx_record_set(r, "poison", "core");
	} else if (n >= LIBBPF_KFUNC_POISON_BASE && n < LIBBPF_KFUNC_POISON_BASE + 1000000) {
		vx_record_set(r, "poison", "kfunc");
		set_long(r, "poison_index", n - LIBBPF_KFUNC_POISON_BASE);
	} else if (n >= LIBBPF_MAP_POISON_BASE && n < LIBBPF_MAP_POISON_BASE + 1000000) {
		vx_record_set(r, "poison", "map");
		set_long(r, "poison_index", n - LIBBPF_MAP_POISON_BASE);
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

/* Which call gives back what an acquiring helper or kfunc took: a leak's
 * fix names it (patterns/releases.tsv). */
static void release_fact(struct vx_record *r, const char *acquire)
{
	vx_record_set(r, "release_helper", vx_release_of(acquire));
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
	set_long(r, "reg_origin_insn", w->insn);
	vx_record_set(r, "reg_origin_text", w->text);
	set_long(r, "reg_origin_src_line", w->src_line);
	if (strstr(w->text, " = *("))
		vx_record_set(r, "reg_origin_is_load", "1");
	else if (strstr(w->text, ") call "))
		vx_record_set(r, "reg_origin_is_call", "1");
}

/* Facts from the log beyond the verdict line: where a maybe-NULL pointer was
 * made, which call acquired a leaked reference, the hottest instruction. */
static void enrich_history(struct vx_record *r, const struct vx_vlog *v)
{
	int reg = vx_reg_index(r->reg);
	reg_origin_facts(r, v, reg);
	if (reg >= 0 && v->null_origin[reg].insn >= 0) {
		const struct vx_null_origin *o = &v->null_origin[reg];
		set_long(r, "null_origin_insn", o->insn);
		vx_record_set(r, "null_origin_text", o->text);
		set_long(r, "null_origin_src_line", o->src_line);
		if (o->src_text[0]) {
			vx_record_set(r, "null_origin_src_text", o->src_text);
			assigned_var(r, "null_origin_var", o->src_text);
		}
		null_check_facts(r, reg, o->text);
	}
	const char *alloc = vx_record_var(r, "alloc_insn");
	if (alloc) {
		long ai = atol(alloc);
		for (size_t i = 0; i < v->ncalls; i++)
			if (v->calls[i].insn == ai) {
				vx_record_set(r, "acquire_helper", v->calls[i].name);
				release_fact(r, v->calls[i].name);
				set_long(r, "acquire_src_line", v->calls[i].src_line);
			}
	}
	if (v->saw_backedge)
		vx_record_set(r, "log_has_loop", "1");
	else if (v->saw_precise) /* a level-2 log shows every path: no loop at all */
		vx_record_set(r, "log_no_loop", "1");
	if (v->hot_insn >= 0 && v->hot_count > 1) {
		if (strstr(v->hot_text, "goto pc-"))
			vx_record_set(r, "hot_is_backedge", "1");
		set_long(r, "hot_insn", v->hot_insn);
		set_long(r, "hot_visits", v->hot_count);
		vx_record_set(r, "hot_insn_text", v->hot_text);
	}
	if (v->kdiag_head.len) {
		vx_record_set(r, "kdiag", v->kdiag_head.buf);
		vx_record_set(r, "kdiag_reason", v->kdiag_reason.buf);
		vx_record_set(r, "kdiag_at", v->kdiag_at.buf);
		vx_record_set(r, "kdiag_path", v->kdiag_path.buf);
		vx_record_set(r, "kdiag_suggestion", v->kdiag_suggestion.buf);
	}
}

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

/* "invalid bpf_context access off=72 size=4": ctx_struct, ctx_field
 * ("tc_classid", "cb[2]"), ctx_field_size, the fact ctx_field_is_<name>,
 * ctx_size_ok when the access is the whole field, and ctx_write when the
 * failing instruction stores ("*(u32 *)(r1 +8) = r2"). The field needs the
 * program type: this runs when the record is completed. */
static void ctx_facts(struct vx_record *r)
{
	long long off, size;
	const char *sig = vx_record_var(r, "signature_ctx");
	if (sig) /* the signature's "struct __sk_buff *skb" */
		vx_record_set(r, "ctx_struct", sig);
	if (!var_num(r, "ctx_access_off", &off) || !var_num(r, "ctx_access_size", &size))
		return;
	const char *st = ctx_struct_of(r);
	if (r->insn_text && r->message && starts_with(r->message, "invalid bpf_context access")) {
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
		if (!strcmp(f->name, "cb"))
			snprintf(name, sizeof(name), "cb[%lld]", (off - f->off) / 4);
		else
			snprintf(name, sizeof(name), "%s", f->name);
		vx_record_set(r, "ctx_field", name);
		name_fact(r, "ctx_field_is_", f->name);
		long long fsize = !strcmp(f->name, "cb") ? 4 : f->size;
		set_long(r, "ctx_field_size", fsize);
		if (off != f->off && strcmp(f->name, "cb"))
			set_long(r, "ctx_field_off", off - f->off);
		if (off == f->off && size == f->size)
			vx_record_set(r, "ctx_size_ok", "1"); /* the field's own width */
		else if (size != fsize)
			vx_record_set(r, "ctx_size_wrong", "1");
		static const char *const types[] = { [1] = "__u8", [2] = "__u16", [4] = "__u32", [8] = "__u64" };
		if (fsize <= 8 && types[fsize])
			vx_record_set(r, "ctx_field_type", types[fsize]);
		return;
	}
	set_long(r, "ctx_struct_size", end);
	if (end && off >= end)
		vx_record_set(r, "ctx_past_end", "1");
}

/* "cannot pass map_type 1 into func ..." can say BPF_MAP_TYPE_HASH
 * (patterns/map-types.tsv). */
static void map_type_fact(struct vx_record *r)
{
	long long t;
	if (var_num(r, "map_type", &t))
		vx_record_set(r, "map_type_name", vx_map_type_name(t));
}

/* libbpf's "failed to resolve CO-RE relocation <byte_off> [7] struct
 * task_struct___old.no_such_field (0:0 @ offset 0)": relo_kind byte_off,
 * relo_type task_struct___old, relo_base_type task_struct, relo_flavour old,
 * relo_field no_such_field, and the fact relo_type_is_<base type>. */
static void relo_facts(struct vx_record *r)
{
	const char *relo = vx_record_var(r, "relo");
	char kind[32], type[80], field[80];
	int n = relo ? sscanf(relo, "<%31[^>]> [%*d] %*[a-z] %79[A-Za-z0-9_].%79[A-Za-z0-9_.]",
			      kind, type, field) : 0;
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
	name_fact(r, "relo_type_is_", type);
	if (n == 3)
		vx_record_set(r, "relo_field", field);
}

/* The failing call and what came before it: call_name ("bpf_task_release"
 * from "call bpf_task_release#65910", kfuncs too), call_is_release when it
 * gives back a reference, prev_call_insn/prev_call_src_line for an earlier
 * call of the same function (a double release), and for "arg#N ..." the
 * register that carried the argument (arg_reg, arg_reg_state, arg_reg_type,
 * the fact arg_reg_is_<type>). */
static void call_facts(struct vx_record *r, const struct vx_vlog *v, const struct vx_context *c)
{
	const char *call = r->insn_text ? strstr(r->insn_text, ") call ") : NULL;
	char name[48];
	if (call && sscanf(call + 7, "%47[A-Za-z0-9_]#", name) == 1 && name[0] && !isdigit((unsigned char)name[0])) {
		vx_record_set(r, "call_name", name);
		if (vx_is_release(name))
			vx_record_set(r, "call_is_release", "1");
		for (size_t i = v->ncalls; i-- > 0;)
			if (v->calls[i].insn < r->insn && !strcmp(v->calls[i].name, name)) {
				set_long(r, "prev_call_insn", v->calls[i].insn);
				set_long(r, "prev_call_src_line", v->calls[i].src_line);
				break;
			}
	}
	long long arg;
	if (!var_num(r, "arg", &arg) || arg < 0 || arg > 4 || !c->regs[arg + 1].len)
		return;
	const char *st = c->regs[arg + 1].buf;
	snprintf(name, sizeof(name), "R%lld", arg + 1);
	vx_record_set(r, "arg_reg", name);
	vx_record_set(r, "arg_reg_state", st);
	const char *eq = strchr(st, '=');
	size_t n = eq ? strspn(eq + 1, "abcdefghijklmnopqrstuvwxyz_") : 0;
	if (!n || n > 40)
		return;
	snprintf(name, sizeof(name), "%.*s", (int)n, eq + 1);
	vx_record_set(r, "arg_reg_type", name);
	name_fact(r, "arg_reg_is_", name);
}

/* A producer's facts (struct vx_hints) as variables: what the loader did to
 * the program before the kernel saw it, and how the load ended. */
static void hint_facts(struct vx_record *r, const struct vx_hints *h)
{
	if (h->load_errno > 0) {
		set_long(r, "load_errno", h->load_errno);
		vx_record_set(r, "load_error", strerror(h->load_errno));
	}
	vx_record_set(r, "loader_refused", h->loader_refused);
	if (h->rewritten_from <= 0)
		return;
	char v[32];
	snprintf(v, sizeof(v), "%d->%d", h->rewritten_from, h->rewritten_to);
	vx_record_set(r, "rewritten", v);
	set_long(r, "rewritten_from", h->rewritten_from);
	set_long(r, "rewritten_to", h->rewritten_to);
	vx_record_set(r, "rewritten_from_name", vx_helper_name(h->rewritten_from));
	vx_record_set(r, "rewritten_to_name", vx_helper_name(h->rewritten_to));
	set_long(r, "rewritten_insn", h->rewritten_insn);
	vx_record_set(r, "rewritten_why", h->rewritten_why);
	name_fact(r, "rewritten_because_", h->rewritten_why);
	if (r->helper_id == h->rewritten_to)
		vx_record_set(r, "rewritten_at_verdict", "1");
}

static void context_vars(struct vx_record *r)
{
	vx_record_set(r, "prog_type", r->prog_type);
	vx_record_set(r, "prog_type_from", r->prog_type_from);
	name_fact(r, "prog_is_", r->prog_type);
	vx_record_set(r, "prog_name", r->prog_name);
	vx_record_set(r, "section", r->section);
	vx_record_set(r, "loader", r->loader);
	set_long(r, "insn", r->insn);
	vx_record_set(r, "insn_text", r->insn_text);
	vx_record_set(r, "src_file", r->src_file);
	set_long(r, "src_line", r->src_line);
	vx_record_set(r, "src_text", r->src_text);
	vx_record_set(r, "reg", r->reg);
	vx_record_set(r, "reg_state", r->reg_state);
	set_long(r, "processed_insns", r->processed_insns);
	set_long(r, "insn_limit", r->insn_limit);
	set_long(r, "total_states", r->total_states);
	set_long(r, "peak_states", r->peak_states);
	set_long(r, "max_states_per_insn", r->max_states_per_insn);
}

static void explain_text(struct vx_record *r, const struct vx_pattern *p)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < p->nexplain; i++) {
		if (!cond_holds(&p->explain[i], r))
			continue;
		char *e = vx_expand(p->explain[i].text, r);
		if (!*e) { /* every part of it was conditional and none held */
			free(e);
			continue;
		}
		if (sb.len)
			sb_adds(&sb, "\n\n");
		sb_adds(&sb, e);
		free(e);
	}
	const char *kd = vx_record_var(r, "kdiag");
	if (kd) {
		const char *reason = vx_record_var(r, "kdiag_reason");
		sb_addf(&sb, "%sThe kernel's own diagnosis: %s.%s%s", sb.len ? "\n\n" : "", kd,
			reason && *reason ? " " : "", reason ? reason : "");
	}
	r->explanation = sb_detach(&sb);
	const char *sugg = vx_record_var(r, "kdiag_suggestion");
	if (sugg && *sugg) {
		r->fixes = xrealloc(r->fixes, (r->nfixes + 1) * sizeof(char *));
		r->fixes[r->nfixes++] = xasprintf("The kernel suggests: %s", sugg);
	}
	for (size_t i = 0; i < p->nfix; i++) {
		if (!cond_holds(&p->fix[i], r))
			continue;
		char *f = vx_expand(p->fix[i].text, r);
		if (!*f) {
			free(f);
			continue;
		}
		r->fixes = xrealloc(r->fixes, (r->nfixes + 1) * sizeof(char *));
		r->fixes[r->nfixes++] = f;
	}
	if (p->title)
		r->title = vx_expand(p->title, r);
	r->kernels = xstrdup(p->kernels);
	for (size_t i = 0; i < p->nrefs; i++) {
		r->refs = xrealloc(r->refs, (r->nrefs + 1) * sizeof(char *));
		r->refs[r->nrefs++] = xstrdup(p->refs[i]);
	}
}

/* No pattern knows this verdict: say so plainly, with what the log shows. */
static void explain_unknown(struct vx_record *r)
{
	r->title = xstrdup("a rejection no pattern knows yet");
	if (r->insn >= 0)
		r->explanation = xasprintf(
			"The verifier rejected the program at instruction %ld (%s) with a message vexplain's pattern database does not know: \"%s\".",
			r->insn, r->insn_text ? r->insn_text : "its text was not printed", r->message);
	else
		r->explanation = xasprintf(
			"The verifier rejected the program with a message vexplain's pattern database does not know: \"%s\".",
			r->message);
	r->fixes = xcalloc(2, sizeof(char *));
	r->fixes[r->nfixes++] = xstrdup(
		"Read the kernel's check that prints this message (kernel/bpf/verifier.c) and the instructions just before it in the log.");
	r->fixes[r->nfixes++] = xstrdup(
		"Add a pattern for it in patterns/ (see patterns/README.md) so the next person gets an answer.");
}

static void explain_truncated(struct vx_record *r)
{
	/* the record's category stays null (spec: no rejection); the words say what happened */
	r->title = xstrdup("the log ends before the verifier's verdict");
	r->explanation = xasprintf(
		"This %s log stops at instruction %ld without the line that says why the program was rejected: the log was cut (a log buffer too small gives ENOSPC and keeps only the start, or the text was pasted only in part).",
		r->loader ? r->loader : "verifier", r->insn);
	r->fixes = xcalloc(3, sizeof(char *));
	r->fixes[r->nfixes++] = xstrdup(
		"Get the whole log: give the loader a larger log buffer (libbpf: bpf_program__set_log_buf with a bigger buffer, or kernel_log_size in bpf_object_open_opts; cilium/ebpf: ebpf.ProgramOptions{LogSizeStart: ...}; Aya: the verifier log level and size in EbpfLoader).");
	r->fixes[r->nfixes++] = xstrdup(
		"Paste the end of the log: the verdict is the last line before \"processed N insns\".");
	r->fixes[r->nfixes++] = xstrdup(
		"vexplain load OBJ.o grows the log buffer by itself until the log is complete.");
}

static void copy_excerpt(struct vx_record *r, const struct vx_vlog *v)
{
	size_t n = v->have_verdict ? v->at_ring_count : v->ring_count;
	size_t start = v->have_verdict ? 0 : (v->ring_head + VX_RING - v->ring_count) % VX_RING;
	for (size_t i = 0; i < n && r->nexcerpt < VX_EXCERPT_LINES; i++)
		r->excerpt[r->nexcerpt++] = xstrdup(v->have_verdict ? v->at_ring[i] :
					v->ring[(start + i) % VX_RING]);
}

struct vx_record *vx_explain(const struct vx_vlog *v, const struct vx_prog_meta *m,
			     const struct vx_hints *h)
{
	struct vx_record *r = xcalloc(1, sizeof(*r));
	const struct vx_context *c = v->have_verdict ? &v->at : &v->cur;
	r->helper_id = -1;
	r->verdict = v->have_verdict ? VX_REJECTED : v->saw_processed ? VX_ACCEPTED :
			v->saw_insn ? VX_TRUNCATED : VX_NO_LOG;
	const struct vx_pattern *p = v->have_verdict ? v->pattern : NULL;
	if (h && h->accepted_by_kernel && r->verdict != VX_ACCEPTED) {
		/* the kernel's answer beats a line that reads like a verdict */
		r->verdict = VX_ACCEPTED;
		p = NULL;
	}
	r->message = r->verdict == VX_REJECTED ? xstrdup(v->verdict.buf) : NULL;
	if (h && h->loader_refused && (r->verdict == VX_NO_LOG || r->verdict == VX_ACCEPTED)) {
		/* the load failed and the log says nothing against it */
		r->verdict = VX_REJECTED;
		r->message = xstrdup(h->loader_refused);
		p = h->loader_refused_entry;
	}
	r->insn = c->insn;
	r->insn_text = dup_sb(&c->insn_text);
	r->src_file = dup_sb(&c->src_file);
	r->src_line = c->src_line;
	r->src_text = dup_sb(&c->src_text);
	r->loader = xstrdup(h && h->loader ? h->loader : m->loader ? m->loader : "kernel");
	r->prog_name = xstrdup(m->prog ? m->prog : h ? h->prog_name : NULL);
	r->section = xstrdup(m->section ? m->section : h ? h->section : NULL);
	r->processed_insns = v->processed_insns;
	r->insn_limit = v->insn_limit;
	r->max_states_per_insn = v->max_states_per_insn;
	r->total_states = v->total_states;
	r->peak_states = v->peak_states;
	r->skipped_bytes = v->skipped_bytes;
	if (v->skipped_bytes)
		vx_record_set(r, "log_partial", "1");
	r->log_lines = v->skipped_bytes ? -1 : v->lines;
	r->log_level = v->saw_precise ? 2 : v->saw_insn ? 1 : 0;
	copy_excerpt(r, v);
	/* the kernel the log came from: the user's word, else the loader's */
	struct vx_hints hk = h ? *h : (struct vx_hints){ 0 };
	if (!hk.kernel)
		hk.kernel = m->kernel;
	h = &hk;
	if (h->kernel)
		vx_record_set(r, "kernel", h->kernel);

	for (size_t i = 0; p == v->pattern && p && i < v->caps.n; i++)
		vx_record_set(r, v->caps.name[i], v->caps.value[i]);
	/* the register the verdict names: a capture, or the message's first word */
	const char *reg = vx_record_var(r, "reg");
	if (!reg && r->message && r->message[0] == 'R' && isdigit((unsigned char)r->message[1]))
		reg = r->message;
	if (reg && vx_reg_index(reg) >= 0) {
		int n = vx_reg_index(reg);
		r->reg = xasprintf("R%d", n);
		if (c->regs[n].len)
			r->reg_state = xstrdup(c->regs[n].buf);
	}
	packet_range_from_verdict(r);
	reg_type_facts(r);
	reg_state_facts(r, c);
	decode_poison(r);
	enrich_history(r, v);
	access_facts(r);
	message_range_facts(r);
	weak_kfunc_facts(r, v);
	map_type_fact(r);
	relo_facts(r);
	call_facts(r, v, c);
	size_arg_facts(r, c);
	pointer_fit_facts(r);
	vx_number_facts(r, v, c);
	/* for vx_explain_finish: what the framing and the signature said */
	vx_record_set(r, "prog_type_stated", m->type);
	if (v->ctx_struct.len)
		vx_record_set(r, "signature_ctx", v->ctx_struct.buf);
	r->pat = p;
	return r;
}

void vx_explain_finish(struct vx_record *r, const struct vx_clue *clue, const struct vx_hints *h)
{
	const struct vx_pattern *p = r->pat;
	/* the kernel the log came from: the user's word, else the loader's */
	struct vx_hints hk = h ? *h : (struct vx_hints){ 0 };
	if (!hk.kernel)
		hk.kernel = vx_record_var(r, "kernel");
	infer_prog_type(r, clue, &hk);
	context_vars(r);
	enrich_helper(r, &hk);
	hint_facts(r, &hk);
	ctx_facts(r);
	vx_number_facts_late(r);
	if (r->verdict == VX_REJECTED) {
		r->category = p ? p->category : "other";
		for (size_t i = 0; p && i < p->nrecategorize; i++)
			if (cond_holds(&p->recategorize[i], r)) {
				r->category = p->recategorize[i].text;
				break;
			}
		r->pattern = p ? p->id : NULL;
		if (p)
			explain_text(r, p);
		else
			explain_unknown(r);
	} else if (r->verdict == VX_TRUNCATED) {
		explain_truncated(r);
	}
}
