/* SPDX-License-Identifier: MIT */
/* The patterns/ folder, embedded at build time by tools/embed.sh. */
#ifndef VX_DATA_H
#define VX_DATA_H

#include <stddef.h>

struct vx_data_file {
	const char *path; /* "patterns/helpers.tsv" */
	const char *text; /* NUL-terminated */
	size_t len;
};

/* Terminated by an entry whose path is NULL. */
extern const struct vx_data_file vx_data_files[];

/* The embedded file at PATH, or NULL. */
const struct vx_data_file *vx_data_find(const char *path);

#endif
