// SPDX-License-Identifier: MIT
/* vexplain helper NAME|ID: what vexplain knows about one helper: its id and
 * name, the helpers related to it, and per shipped kernel table the program
 * types that may call it. */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "helpers.h"
#include "render.h"
#include "util.h"

#define MAX_RELATED 16
#define MAX_TYPES 64

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: vexplain helper NAME|ID [--json]\n"
		"\n"
		"The helper's id and name, related helpers (what to call instead), and for\n"
		"every kernel vexplain ships a probed table for, the program types that may\n"
		"call it. NAME: bpf_probe_read, probe_read or BPF_FUNC_probe_read; ID: 0-%d.\n"
		"\n"
		"Exit status: 0 known helper, 2 unknown helper or bad usage.\n",
		VX_HELPER_MAX);
}

/* Program types the table of KERNEL says nothing about for this helper: not
 * probed (struct_ops, ext), or not loadable where it was made. */
static size_t unknown_types(const char *kernel, int id, const char **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < vx_prog_type_count(); i++) {
		const char *t = vx_prog_type_name(i);

		if (vx_helper_allowed(kernel, t, id) >= 0)
			continue;
		if (n < max)
			out[n] = t;
		n++;
	}
	return n;
}

static void print_text(int id)
{
	const char *why[MAX_RELATED], *types[MAX_TYPES];
	int rel[MAX_RELATED];
	size_t n, i, k;

	printf("%s (#%d)\n", vx_helper_name(id), id);
	n = vx_helper_related(id, rel, why, MAX_RELATED);
	if (n) {
		printf("\nrelated:\n");
		for (i = 0; i < n && i < MAX_RELATED; i++)
			printf("  %-30s #%-4d %s\n", vx_helper_name(rel[i]), rel[i], why[i]);
	}
	if (!vx_kernel_count()) {
		printf("\nno probed kernel tables are built in\n");
		return;
	}
	printf("\nprogram types that may call it:\n");
	for (k = 0; k < vx_kernel_count(); k++) {
		const char *kernel = vx_kernel_name(k);

		n = vx_helper_allowed_types(kernel, id, types, MAX_TYPES);
		printf("  %-6s ", kernel);
		if (!n)
			printf("none");
		for (i = 0; i < n && i < MAX_TYPES; i++)
			printf("%s%s", i ? ", " : "", types[i]);
		printf("\n");
		n = unknown_types(kernel, id, types, MAX_TYPES);
		if (!n)
			continue;
		printf("         (unknown: ");
		for (i = 0; i < n && i < MAX_TYPES; i++)
			printf("%s%s", i ? ", " : "", types[i]);
		printf(")\n");
	}
	printf("  (tables made by `vexplain probe --tsv`; `vexplain probe --shipped K` says\n"
	       "   why a type is unknown)\n");
}

static int print_json(int id)
{
	const char *why[MAX_RELATED], *types[MAX_TYPES];
	cJSON *o = cJSON_CreateObject(), *arr, *pt;
	int rel[MAX_RELATED], err;
	size_t n, i, k;

	cJSON_AddNumberToObject(o, "id", id);
	cJSON_AddStringToObject(o, "name", vx_helper_name(id));
	arr = cJSON_AddArrayToObject(o, "related");
	n = vx_helper_related(id, rel, why, MAX_RELATED);
	for (i = 0; i < n && i < MAX_RELATED; i++) {
		cJSON *r = cJSON_CreateObject();

		cJSON_AddNumberToObject(r, "id", rel[i]);
		cJSON_AddStringToObject(r, "name", vx_helper_name(rel[i]));
		cJSON_AddStringToObject(r, "why", why[i]);
		cJSON_AddItemToArray(arr, r);
	}
	pt = cJSON_AddObjectToObject(o, "prog_types");
	for (k = 0; k < vx_kernel_count(); k++) {
		arr = cJSON_AddArrayToObject(pt, vx_kernel_name(k));
		n = vx_helper_allowed_types(vx_kernel_name(k), id, types, MAX_TYPES);
		for (i = 0; i < n && i < MAX_TYPES; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(types[i]));
	}
	/* types a table says nothing about: not probed, or not loadable there */
	pt = cJSON_AddObjectToObject(o, "prog_types_unknown");
	for (k = 0; k < vx_kernel_count(); k++) {
		arr = cJSON_AddArrayToObject(pt, vx_kernel_name(k));
		n = unknown_types(vx_kernel_name(k), id, types, MAX_TYPES);
		for (i = 0; i < n && i < MAX_TYPES; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(types[i]));
	}
	err = vx_print_json(stdout, o);
	cJSON_Delete(o);
	return err;
}

int cmd_helper(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c, json = 0, id;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return VX_EXIT_OK;
		default:
			usage(stderr);
			return VX_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return VX_EXIT_USAGE;
	}
	id = vx_helper_parse(argv[optind]);
	if (id < 0) {
		fprintf(stderr, "vexplain: helper: unknown helper '%s': give a name such as "
				"bpf_probe_read or probe_read, or an id from 0 to %d\n",
			argv[optind], VX_HELPER_MAX);
		return VX_EXIT_USAGE;
	}
	if (json)
		return print_json(id) ? VX_EXIT_ERROR : VX_EXIT_OK;
	print_text(id);
	return VX_EXIT_OK;
}
