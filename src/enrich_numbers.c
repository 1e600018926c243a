// SPDX-License-Identifier: MIT
/* enrich: the numbers a verdict's category can say. The verdict and the log
 * hold the sizes, offsets and ranges; these functions turn them into the
 * check, mask, value or limit that would pass, as template variables, so a
 * pattern can say "`idx &= 15`" instead of "mask it"; and the access
 * arithmetic (where an access ends, how far past its limit, how much room a
 * pointer leaves). One function per category; each does nothing when its
 * facts are not in the record. */
#include "enrich.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util.h"

#define num vx_record_num
#define set_num vx_record_set_num

/* The verifier's limits (include/linux/bpf.h, kernel/bpf/verifier.c). */
#define MAX_BPF_STACK 512
#define COMPLEXITY_LIMIT_INSNS 1000000

long long vx_mask_below(long long max)
{
	long long m = 1;
	while (m * 2 - 1 <= max && m < (1LL << 62))
		m *= 2;
	return m - 1;
}

static int is_pow2(long long n)
{
	return n > 0 && !(n & (n - 1));
}

/* map-value-bounds: the mask that keeps an index below idx_limit. With a
 * power-of-two limit it is exact (idx &= 15 for 16 elements); otherwise the
 * largest 2^k - 1 that fits, which allows fewer elements than exist. For a
 * constant offset: how many size-byte elements the value holds. */
static void map_index_facts(struct vx_record *r)
{
	long long limit, max_ok, vsize, size, off;
	if (num(r, "var_max_ok", &max_ok))
		set_num(r, "var_mask", vx_mask_below(max_ok));
	if (num(r, "idx_limit", &limit) && num(r, "idx_max_ok", &max_ok)) {
		if (is_pow2(limit)) {
			set_num(r, "idx_mask", limit - 1);
		} else {
			set_num(r, "idx_mask", vx_mask_below(max_ok));
			vx_record_set(r, "idx_mask_narrower", "1");
		}
		return;
	}
	if (vx_record_var(r, "reg_umax") || !num(r, "value_size", &vsize) ||
	    !num(r, "size", &size) || !num(r, "off", &off) || size <= 0 || off < vsize ||
	    off % size || vsize < size)
		return;
	set_num(r, "elem_fit", vsize / size);
	set_num(r, "elem_last", vsize / size - 1);
	set_num(r, "elem_index", off / size);
}

/* stack-out-of-frame: how far outside the 512-byte frame the access is.
 * stack-read-uninit ("off -24+8 size 24"): the first byte never written
 * (fp-16) and its 8-byte slot. */
static void stack_facts(struct vx_record *r)
{
	long long off, size, pos;
	if (!r->message || !strstr(r->message, "stack") || !num(r, "off", &off))
		return;
	if (num(r, "pos", &pos) && num(r, "size", &size)) {
		set_num(r, "stack_unwritten", -(off + pos)); /* fp-16: 16 */
		long long slot = off + pos;
		slot = slot % 8 ? slot - (8 + slot % 8) : slot; /* round down to 8 */
		if (slot != off + pos)
			set_num(r, "stack_unwritten_slot", -slot);
		set_num(r, "stack_read_end", -(off + size)); /* 0: up to the frame top */
		return;
	}
	if (!num(r, "size", &size))
		return;
	if (off < -MAX_BPF_STACK) {
		set_num(r, "stack_below_by", -MAX_BPF_STACK - off);
		set_num(r, "stack_need", -off);
	} else if (off + size > 0) {
		set_num(r, "stack_above_by", off + size);
		if (size <= MAX_BPF_STACK)
			set_num(r, "stack_fit_off", size); /* fp-size is the highest slot */
	}
}

/* The bytes of the stack the log shows written between fp-from and
 * fp-(to+1), from the states it printed ("fp-24=..." or 6.1's "fp-8_w=..."):
 * stack_written "fp-24, fp-8". Only what the excerpt shows: a hint. */
static void stack_written_facts(struct vx_record *r)
{
	long long from, to;
	struct strbuf sb = STRBUF_INIT;
	unsigned char seen[MAX_BPF_STACK / 8 + 1] = { 0 };
	if (!num(r, "stack_unwritten", &from) || !num(r, "off", &from) ||
	    !num(r, "size", &to))
		return;
	from = -from;		/* bytes below the frame top where the read starts */
	to = from - to;		/* ... and where it ends */
	for (size_t i = 0; i < r->nexcerpt; i++) {
		for (const char *p = r->excerpt[i]; (p = strstr(p, " fp-")); p += 4) {
			long long n = atoll(p + 4);
			const char *e = p + 4 + strspn(p + 4, "0123456789");
			if ((*e != '=' && !starts_with(e, "_w=")) || n <= to || n > from ||
			    n > MAX_BPF_STACK || n % 8 || seen[n / 8])
				continue;
			seen[n / 8] = 1;
		}
	}
	for (long long n = from; n > to; n -= 8)
		if (n > 0 && n % 8 == 0 && n / 8 <= MAX_BPF_STACK / 8 && seen[n / 8])
			sb_addf(&sb, "%sfp-%lld", sb.len ? ", " : "", n);
	if (sb.len)
		vx_record_set(r, "stack_written", sb.buf);
	sb_free(&sb);
}

const char *vx_c_uint_type(long long size)
{
	static const char *const types[] = {
		[1] = "__u8", [2] = "__u16", [4] = "__u32", [8] = "__u64"
	};
	return size > 0 && size <= 8 ? types[size] : NULL;
}

int vx_ctx_access_stated(const struct vx_record *r)
{
	long long n;
	const char *t = vx_record_var(r, "type");
	return vx_entry_is(r, "ctx-access") && num(r, "off", &n) && num(r, "size", &n) &&
	       (!t || !strcmp(t, "ctx"));
}

/* ctx-access: where the access lands in the context. "invalid bpf_context
 * access off=72 size=4" says it; "dereference of modified ctx ptr R2 off=4"
 * gives the pointer's offset, and the instruction "*(u32 *)(r2 +0)" adds its
 * own and the width: ctx_access_off, ctx_access_size. */
static void ctx_access_facts(struct vx_record *r)
{
	long long off, size;
	const char *m = r->message, *t = vx_record_var(r, "type");
	if (!m || !num(r, "off", &off))
		return;
	if (vx_ctx_access_stated(r) && num(r, "size", &size)) {
		set_num(r, "ctx_access_off", off);
		set_num(r, "ctx_access_size", size);
		return;
	}
	const char *ld = r->insn_text ? strstr(r->insn_text, "*(u") : NULL;
	int width, base;
	char sign;
	long disp;
	if (!t || strcmp(t, "ctx") || !ld || vx_reg_index(r->reg) < 0 ||
	    sscanf(ld, "*(u%d *)(r%d %c%ld)", &width, &base, &sign, &disp) != 4 ||
	    base != vx_reg_index(r->reg) || width % 8)
		return;
	set_num(r, "ctx_access_off", off + (sign == '-' ? -disp : disp));
	set_num(r, "ctx_access_size", width / 8);
	set_num(r, "ctx_insn_disp", sign == '-' ? -disp : disp);
}

/* "(0x5; 0x0)" -> 5 (a tnum with no unknown bits), as a signed 64-bit value. */
static int tnum_const(const char *s, long long *out)
{
	unsigned long long v, m;
	if (!s || sscanf(s, "(0x%llx; 0x%llx)", &v, &m) != 2 || m)
		return 0;
	*out = (long long)v;
	return 1;
}

/* return-value: the allowed range in numbers, whatever the kernel printed
 * ("[0, 3]", "(0x0; 0x3)", "0 or 1"): ret_lo, ret_hi; the returned constant
 * from a tnum (ret_value); which side of the range the value crosses. */
static void return_facts(struct vx_record *r)
{
	const char *range = vx_record_var(r, "range");
	long long lo, hi, v;
	unsigned long long tv, tm;
	if (!range)
		return;
	if (sscanf(range, "[%lld, %lld]", &lo, &hi) == 2 || sscanf(range, "%lld or %lld", &lo, &hi) == 2) {
		/* as printed */
	} else if (sscanf(range, "(0x%llx; 0x%llx)", &tv, &tm) == 2 && !(tm & (tm + 1)) && !(tv & tm)) {
		lo = (long long)tv; /* tnum_range(lo, hi) of a 2^k-aligned range */
		hi = (long long)(tv | tm);
	} else {
		return;
	}
	char buf[32];
	vx_record_set(r, "ret_range", "1"); /* ret_lo may be 0, which tests as unset */
	snprintf(buf, sizeof(buf), "%lld", lo);
	vx_record_set(r, "ret_lo", buf);
	snprintf(buf, sizeof(buf), "%lld", hi);
	vx_record_set(r, "ret_hi", buf);
	if (!vx_record_var(r, "ret_value") && tnum_const(vx_record_var(r, "value"), &v)) {
		snprintf(buf, sizeof(buf), "%lld", v);
		vx_record_set(r, "ret_value", buf);
	}
	long long smin, smax;
	if (vx_record_var(r, "ret_value") || !num(r, "ret_smin", &smin) || !num(r, "ret_smax", &smax))
		return;
	if (smin < lo)
		vx_record_set(r, "ret_below", "1");
	if (smax > hi)
		vx_record_set(r, "ret_above", "1");
}

/* stack-size: "combined stack size of 2 calls is 640": bytes over the
 * 512-byte limit; "stack depth 320+320" (each subprogram's frame, main
 * first): the frames in words and the largest. */
static void stack_size_facts(struct vx_record *r, const struct vx_vlog *v)
{
	long long size, big = -1, big_at = -1, i = 0, ties = 0;
	char name[32];
	if (!vx_entry_is(r, "stack-size"))
		return;
	if (num(r, "size", &size) && size > MAX_BPF_STACK)
		set_num(r, "stack_over", size - MAX_BPF_STACK);
	if (!isdigit((unsigned char)v->stack_depth[0]))
		return;
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = v->stack_depth;; i++) {
		long long n = atoll(p);
		if (i)
			snprintf(name, sizeof(name), "subprogram %lld", i);
		sb_addf(&sb, "%s%s %lld bytes", i ? ", " : "", i ? name : "main", n);
		if (n == big)
			ties++;
		if (n > big)
			big = n, big_at = i, ties = 0;
		p += strspn(p, "0123456789");
		if (*p != '+' || !isdigit((unsigned char)p[1]))
			break;
		p++;
	}
	vx_record_set(r, "stack_frames", sb.buf);
	set_num(r, "stack_nframes", i + 1);
	set_num(r, "stack_largest", big);
	if (big_at)
		snprintf(name, sizeof(name), "subprogram %lld", big_at);
	if (!ties && i) /* one frame larger than the others */
		vx_record_set(r, "stack_largest_name", big_at ? name : "main");
	sb_free(&sb);
}

/* too-complex: the limit the kernel stopped at ("Processed 131073 insn" is
 * one past 4.x's 131072) and the hottest instruction's source line. */
static void complexity_facts(struct vx_record *r, const struct vx_vlog *v)
{
	long long processed;
	if (num(r, "processed", &processed) && processed > 1) {
		set_num(r, "limit_hit", processed - 1);
		if (processed - 1 != COMPLEXITY_LIMIT_INSNS)
			vx_record_set(r, "limit_not_1m", "1");
	}
	if (v->hot_insn >= 0 && v->hot_count > 1)
		set_num(r, "hot_src_line", v->hot_src_line);
}

/* arg-type: a helper that reads a map's key or value through a pointer
 * argument needs memory of the map's key or value size (which argument is
 * which: patterns/helper-args.tsv). arg_mem_size, arg_mem_what ("key",
 * "value"), arg_c_type ("__u32"), from the map register's
 * "map_ptr(map=m,ks=4,vs=8)". */
static void map_arg_facts(struct vx_record *r)
{
	int n = vx_reg_index(r->reg);
	const char *h = vx_record_var(r, "helper"), *what;
	const char *st = vx_record_var(r, "call_map_state");
	const char *ks = st ? strstr(st, "ks=") : NULL, *vs = st ? strstr(st, "vs=") : NULL;
	if (!h || !st || !strstr(st, "map_ptr") || (n != 2 && n != 3))
		return;
	if (!(what = vx_helper_arg_role(h, n)))
		return;
	const char *p = *what == 'k' ? ks : vs;
	long long size = p ? atoll(p + 3) : 0;
	if (size <= 0)
		return;
	vx_record_set(r, "arg_mem_what", what);
	set_num(r, "arg_mem_size", size);
	vx_record_set(r, "arg_c_type", vx_c_uint_type(size));
	const char *m = strstr(st, "map=");
	if (m) {
		char map[64];
		if (sscanf(m + 4, "%63[A-Za-z0-9_.]", map) == 1)
			vx_record_set(r, "arg_map", map);
	}
}

void vx_number_facts(struct vx_record *r, const struct vx_vlog *v, const struct vx_context *c)
{
	map_index_facts(r);
	stack_facts(r);
	stack_written_facts(r);
	ctx_access_facts(r);
	return_facts(r);
	stack_size_facts(r, v);
	complexity_facts(r, v);
	/* R1 at a call: the map a key or value argument is checked against */
	if (c->regs[1].len && strstr(c->regs[1].buf, "map_ptr") && r->insn_text &&
	    strstr(r->insn_text, ") call "))
		vx_record_set(r, "call_map_state", c->regs[1].buf);
}

/* Facts that need the helper's name, known once the record is complete. */
void vx_number_facts_late(struct vx_record *r)
{
	map_arg_facts(r);
}
/* "At program exit the register R0 has smin=5 smax=5 should have been in
 * [0, 3]": the range the message states (the entry's groups ret_smin and
 * ret_smax, patterns/return-value.pat) is ret_value when it is one number
 * (the state line may be older than the verdict). */
void vx_message_range_facts(struct vx_record *r)
{
	const char *lo = vx_record_var(r, "ret_smin"), *hi = vx_record_var(r, "ret_smax");
	if (lo && hi && !strcmp(lo, hi))
		vx_record_set(r, "ret_value", hi);
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
void vx_access_facts(struct vx_record *r)
{
	long long off, size, limit, umax, smin;
	/* S64_MIN: the verifier knows no lower bound at all */
	if ((num(r, "reg_smin", &smin) || num(r, "min", &smin)) && smin == LLONG_MIN)
		vx_record_set(r, "smin_unbounded", "1");
	if (!num(r, "off", &off))
		return;
	/* for stack verdicts: R10 points past the top of a 512-byte frame */
	if (off >= 0)
		vx_record_set(r, "off_nonneg", "1");
	else if (off < -MAX_BPF_STACK)
		vx_record_set(r, "off_below_frame", "1");
	if (!num(r, "size", &size))
		return;
	set_num(r, "access_end", off + size);
	int var_ok = 1;
	if (!num(r, "value_size", &limit) && !num(r, "mem_size", &limit)) {
		if (!num(r, "range", &limit))
			return;
		var_ok = 0; /* a packet's off does not include its variable part */
	}
	if (off + size > limit)
		set_num(r, "access_over", off + size - limit);
	set_num(r, "access_max_off", limit - size);
	const char *bound = vx_record_var(r, "bound");
	if (!var_ok || (bound && !strcmp(bound, "min")) || !num(r, "reg_umax", &umax) || umax > off)
		return;
	long long fixed = off - umax, ok = limit - size - fixed;
	set_num(r, "access_fixed_off", fixed);
	if (ok < 0 || ok >= umax)
		return;
	set_num(r, "var_max_ok", ok);
	long long stride = var_off_stride(r);
	if (stride < 1)
		return;
	set_num(r, "var_stride", stride);
	set_num(r, "idx_max", umax / stride);
	set_num(r, "idx_max_ok", ok / stride);
	set_num(r, "idx_limit", ok / stride + 1); /* for "if (idx >= N)" */
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
	} else if (((p = strstr(eq, "sz=")) || (p = strstr(eq, "mem_size="))) &&
		   starts_with(eq, "mem")) {
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
	set_num(r, "size_buf_max", room);
	set_num(r, "size_mask", vx_mask_below(room));
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
	set_num(r, "fit_width", width / 8);
	set_num(r, "fit_fixed", fixed);
	vx_record_set(r, "fit_what", what);
	set_num(r, "fit_max", max);
	set_num(r, "fit_mask", vx_mask_below(max));
}

void vx_room_facts(struct vx_record *r, const struct vx_context *c)
{
	size_arg_facts(r, c);
	pointer_fit_facts(r);
}
