// SPDX-License-Identifier: MIT
/* enrich: the sets of program types a log's evidence leaves
 * (progtype_narrow.h). */
#include "progtype_narrow.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define MAX_CALLERS 8
#define MAX_CALLER_IDS 16

struct callers {
	const char *type;
	int target; /* calls what the program it replaces may */
	int ids[MAX_CALLER_IDS];
	size_t nids;
};

static struct callers callers[MAX_CALLERS];
static size_t ncallers;
static vx_tmask helper_mask[VX_HELPER_MAX + 1];
static pthread_once_t helpers_once = PTHREAD_ONCE_INIT;

static int type_index(const char *name)
{
	size_t n = vx_prog_type_count();

	for (size_t i = 0; i < n && i < 64; i++)
		if (!strcmp(vx_prog_type_name(i), name))
			return (int)i;
	return -1;
}

vx_tmask vx_tmask_of(const char *list)
{
	vx_tmask m = 0;
	char name[40];

	while (list && *list) {
		size_t len = strcspn(list, ",");
		int i;

		snprintf(name, sizeof(name), "%.*s", (int)(len < sizeof(name) ? len : 0), list);
		if ((i = type_index(name)) >= 0)
			m |= (vx_tmask)1 << i;
		list += len + (list[len] == ',');
	}
	return m;
}

const char *vx_tmask_single(vx_tmask m)
{
	if (!m || (m & (m - 1)))
		return NULL;
	return vx_prog_type_name((size_t)__builtin_ctzll(m));
}

void vx_narrow_callers(const char *type, const char *how, const char *ids)
{
	if (ncallers == MAX_CALLERS || type_index(type) < 0)
		return;
	struct callers *c = &callers[ncallers++];
	*c = (struct callers){ .type = type, .target = !strcmp(how, "target") };
	for (const char *p = ids; p && *p && c->nids < MAX_CALLER_IDS;) {
		c->ids[c->nids++] = atoi(p);
		p += strcspn(p, ",");
		p += *p == ',';
	}
}

static const struct callers *callers_of(const char *type)
{
	for (size_t i = 0; i < ncallers; i++)
		if (!strcmp(callers[i].type, type))
			return &callers[i];
	return NULL;
}

/* Every type but those whose helpers are another program's (ext). */
static vx_tmask universe(void)
{
	size_t n = vx_prog_type_count();
	vx_tmask m = n >= 64 ? ~(vx_tmask)0 : ((vx_tmask)1 << n) - 1;

	for (size_t i = 0; i < ncallers; i++)
		if (callers[i].target)
			m &= ~((vx_tmask)1 << type_index(callers[i].type));
	return m;
}

/* 1: TYPE may call ID on some shipped kernel (or a kernel that probed the
 * type could not tell); 0: every kernel that probed it refused; -1: none
 * probed it. */
static int table_says(const char *type, int id)
{
	int refused = 0;

	for (size_t k = 0; k < vx_kernel_count(); k++) {
		const char *kn = vx_kernel_name(k);
		int a = vx_helper_allowed(kn, type, id);
		if (a == 1 || (a < 0 && vx_helper_allowed(kn, type, 1) >= 0))
			return 1;
		refused |= a == 0;
	}
	return refused ? 0 : -1;
}

/* Every type some kernel probed may call ID there: bpf_base_func_proto's. */
static int base_helper(int id)
{
	for (size_t k = 0; k < vx_kernel_count(); k++) {
		const char *kn = vx_kernel_name(k);
		int all = 1, any = 0;
		for (size_t i = 0; i < vx_prog_type_count() && all; i++) {
			int a = vx_helper_allowed(kn, vx_prog_type_name(i), id);
			all = a != 0;
			any |= a == 1;
		}
		if (all && any)
			return 1;
	}
	return 0;
}

static int unprobed_may_call(const char *type, int id)
{
	const struct callers *c = callers_of(type);

	if (!c)
		return 1; /* nothing known: it may */
	if (c->target)
		return 0;
	for (size_t i = 0; i < c->nids; i++)
		if (c->ids[i] == id)
			return 1;
	return base_helper(id);
}

static void helpers_init(void)
{
	vx_tmask all = universe();

	for (int id = 1; id <= VX_HELPER_MAX; id++) {
		vx_tmask m = 0;
		int known = 0;

		if (!vx_helper_name(id))
			continue;
		for (size_t i = 0; i < vx_prog_type_count() && i < 64; i++) {
			const char *t = vx_prog_type_name(i);
			int says = table_says(t, id);
			known |= says >= 0;
			if (says == 1 || (says < 0 && unprobed_may_call(t, id)))
				m |= (vx_tmask)1 << i;
		}
		helper_mask[id] = known ? m & all : 0;
	}
}

vx_tmask vx_helper_callers(int id)
{
	if (id < 1 || id > VX_HELPER_MAX)
		return 0;
	pthread_once(&helpers_once, helpers_init);
	return helper_mask[id];
}

void vx_narrowing_reset(struct vx_narrowing *n)
{
	*n = (struct vx_narrowing){ 0 };
}

void vx_narrowing_add(struct vx_narrowing *n, vx_tmask m, const char *from)
{
	if (!m || n->steps < 0)
		return;
	vx_tmask now = (n->steps ? n->mask : universe()) & m;
	if (!now) {
		n->steps = -1; /* the evidence disagrees: it tells nothing */
		n->mask = 0;
		return;
	}
	if (!n->steps || now != n->mask)
		n->from = from;
	n->mask = now;
	n->steps++;
}

int vx_narrowing_allows(const struct vx_narrowing *n, const char *type)
{
	vx_tmask m = type ? vx_tmask_of(type) : 0;

	if (!n || n->steps <= 0 || !n->mask || !m || (n->mask & m))
		return 1;
	const struct callers *c = callers_of(type);
	return c && c->target;
}

const char *vx_narrowing_type(const struct vx_narrowing *n)
{
	return n->steps > 0 ? vx_tmask_single(n->mask) : NULL;
}
