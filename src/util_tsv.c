// SPDX-License-Identifier: MIT
/* Tab-separated tables: see util_tsv.h. */
#include "util_tsv.h"

#include <string.h>

char *tsv_next_line(char **pos)
{
	char *line = *pos, *nl;
	size_t n;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	n = nl ? (size_t)(nl - line) : strlen(line);
	*pos = nl ? nl + 1 : line + n;
	if (n && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	return line;
}

size_t tsv_split(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	while (n < max && (line = strchr(line, '\t'))) {
		*line++ = '\0';
		f[n++] = line;
	}
	return n;
}
