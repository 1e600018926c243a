/* SPDX-License-Identifier: MIT */
/* Named groups of one pattern match: what a matched line said (a register,
 * a helper, a size), handed from the match to the verdict and the record. */
#ifndef VX_CAPS_H
#define VX_CAPS_H

#include <stddef.h>

/* Names point into the pattern, values are copies. */
#define VX_MAX_CAPS 16
struct vx_caps {
	size_t n;
	const char *name[VX_MAX_CAPS];
	char *value[VX_MAX_CAPS];
};
void vx_caps_clear(struct vx_caps *c);
const char *vx_caps_get(const struct vx_caps *c, const char *name);

#endif
