/* SPDX-License-Identifier: MIT */
/* unwrap's bytes: the special ones (NUL, CR, ESC) that a line is cleaned of
 * (vx_clean_line, unwrap.h), found a chunk at a time so that the lines of a
 * huge log that hold none are not looked at for them again. */
#ifndef VX_UNWRAP_BYTES_H
#define VX_UNWRAP_BYTES_H

#include <stddef.h>
#include <string.h>

/* Where the next NUL, CR and ESC bytes (what vx_clean_line acts on) are in
 * the chunk being fed. Vectorised memchr over the chunk costs far less than
 * looking at every byte of every line, and real logs rarely hold any; each
 * byte's position is kept apart so that a CRLF log does not rescan the chunk
 * for the other two at every line. */
struct vx_specials {
	const char *next[3];
	const char *end;
	int none; /* the chunk holds none */
};

extern const char vx_special_bytes[3];

/* The chunk [buf, end) is about to be split into lines. */
void vx_specials_init(struct vx_specials *sp, const char *buf, const char *end);

/* Does [s, e) hold a special byte? Moves past the ones before e. */
static inline int vx_specials_in(struct vx_specials *sp, const char *s, const char *e)
{
	if (sp->none)
		return 0;
	int hit = 0;
	for (int i = 0; i < 3; i++) {
		if (sp->next[i] >= e)
			continue;
		hit |= sp->next[i] >= s;
		const char *p = memchr(e, vx_special_bytes[i], sp->end - e);
		sp->next[i] = p ? p : sp->end;
	}
	return hit;
}

#endif
