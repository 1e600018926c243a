// SPDX-License-Identifier: MIT
/* vexplain complete WHAT: the words shell completion offers, one a line, so
 * that the completion script (completion/vexplain) holds no list of its own:
 * commands, program types, kernels with shipped helper tables (and what
 * --kernel takes), pattern ids, categories. Options come from each
 * command's --help, the text the man pages are made from too. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "helpers.h"
#include "patterns.h"
#include "util.h"

static int list_types(void)
{
	for (size_t i = 0; i < vx_prog_type_count(); i++)
		printf("%s\n", vx_prog_type_name(i));
	return VX_EXIT_OK;
}

static int list_kernels(void)
{
	/* what load --kernel, probe --kernel and --matrix take, then the
	 * releases probe --shipped and explain -k know tables of */
	printf("6.1\n6.12\nhost\n");
	for (size_t i = 0; i < vx_kernel_count(); i++)
		if (strcmp(vx_kernel_name(i), "6.1") && strcmp(vx_kernel_name(i), "6.12"))
			printf("%s\n", vx_kernel_name(i));
	return VX_EXIT_OK;
}

static int list_patterns(int categories)
{
	struct strbuf err = STRBUF_INIT;
	struct vx_db *db;
	int rc = vx_db_load(NULL, &db, &err);
	sb_free(&err);
	if (rc)
		return VX_EXIT_ERROR;
	for (size_t i = 0; i < vx_db_count(db); i++) {
		const struct vx_pattern *p = vx_db_at(db, i);
		if (p->kind != VX_PAT_VERDICT)
			continue; /* what --match takes: rejections */
		const char *word = categories ? p->category : p->id;
		int seen = 0;
		for (size_t j = 0; categories && j < i; j++)
			seen |= vx_db_at(db, j)->kind == VX_PAT_VERDICT &&
				!strcmp(vx_db_at(db, j)->category, word);
		if (!seen)
			printf("%s\n", word);
	}
	vx_db_free(db);
	return VX_EXIT_OK;
}

int cmd_complete(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	if (!strcmp(what, "commands"))
		return vx_print_command_names(stdout);
	if (!strcmp(what, "types"))
		return list_types();
	if (!strcmp(what, "kernels"))
		return list_kernels();
	if (!strcmp(what, "patterns"))
		return list_patterns(0);
	if (!strcmp(what, "categories"))
		return list_patterns(1);
	fprintf(stderr, "Usage: vexplain complete commands|types|kernels|patterns|categories\n"
			"The words bash completion offers, one a line.\n");
	return !strcmp(what, "--help") || !strcmp(what, "-h") ? VX_EXIT_OK : VX_EXIT_USAGE;
}
