/* SPDX-License-Identifier: MIT */
/* Every subcommand: int cmd_NAME(int argc, char **argv); main() passes
 * argv[0] as "vexplain: NAME", the start of getopt's own messages. Returns
 * the process exit status (see main.c's help). */
#ifndef VX_COMMANDS_H
#define VX_COMMANDS_H

#define VX_VERSION "0.1"

#include <stdio.h>

/* Exit statuses, shared by every command. */
enum {
	VX_EXIT_OK = 0,	      /* nothing rejected / command succeeded */
	VX_EXIT_REJECTED = 1, /* at least one rejection explained (bisect: first bad found) */
	VX_EXIT_USAGE = 2,    /* bad usage or unreadable input */
	VX_EXIT_NOLOG = 3,    /* input held no verifier log, or only truncated ones
			       * (bisect: only skipped commits left, no one answer) */
	VX_EXIT_ERROR = 4,    /* the command could not do its work (load failed to start, ...) */
};

int cmd_explain(int argc, char **argv);
int cmd_complete(int argc, char **argv);
int cmd_diff(int argc, char **argv);
/* main.c: every command's name, one a line (for completion) */
int vx_print_command_names(FILE *out);
int cmd_patterns(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_helper(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_bisect(int argc, char **argv);
int cmd_triage(int argc, char **argv);

#endif
