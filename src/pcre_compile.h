/* SPDX-License-Identifier: MIT */
/* The one way a data table's regex is compiled (patterns/progtype-clues.tsv,
 * statement-words.tsv): UTF-8 that tolerates invalid bytes in the subject,
 * JIT-compiled when the JIT is there. */
#ifndef VX_PCRE_COMPILE_H
#define VX_PCRE_COMPILE_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

/* NULL for a regex that does not compile (the tables' checks say which). */
static inline pcre2_code *vx_regex_compile(const char *regex, uint32_t flags)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED,
				       PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | flags, &err, &off, NULL);
	if (re)
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

#endif
