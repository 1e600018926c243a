// SPDX-License-Identifier: MIT
/* Named groups of one pattern match (caps.h). */
#include "caps.h"

#include <stdlib.h>
#include <string.h>

void vx_caps_clear(struct vx_caps *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->value[i]);
	c->n = 0;
}

const char *vx_caps_get(const struct vx_caps *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->name[i], name) == 0)
			return c->value[i];
	return NULL;
}
