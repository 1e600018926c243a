// SPDX-License-Identifier: MIT
#include "data.h"

#include <string.h>

const struct vx_data_file *vx_data_find(const char *path)
{
	for (const struct vx_data_file *f = vx_data_files; f->path; f++)
		if (!strcmp(f->path, path))
			return f;
	return NULL;
}
