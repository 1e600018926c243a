/* SPDX-License-Identifier: MIT */
/* Tab-separated tables (patterns/ .tsv files, kernels/<release>.tsv,
 * triage.tsv), split in place: no allocation, so the VM agent links it too. */
#ifndef VX_UTIL_TSV_H
#define VX_UTIL_TSV_H

#include <stddef.h>

/* The next line of the NUL-terminated text at *pos, NUL-terminated in place
 * (its newline, and a carriage return before it, overwritten); *pos moves
 * past it. NULL at the end of the text. Blank and comment lines are
 * returned too: the caller counts lines and decides what they mean. */
char *tsv_next_line(char **pos);

/* Split LINE in place at tabs into at most MAX fields (MAX > 0); the last
 * one keeps the rest of the line, tabs included. Returns the number of
 * fields (at least 1: an empty line is one empty field). */
size_t tsv_split(char *line, char **f, size_t max);

#endif
