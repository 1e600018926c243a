/* SPDX-License-Identifier: MIT */
/* The one reader for quoted values a log can sit in: key="..." (logrus,
 * klog, slog), JSON strings, Go's %q, Rust's Debug strings, C and shell
 * double quotes. */
#ifndef VX_QUOTE_H
#define VX_QUOTE_H

#include <stddef.h>

#include "util.h"

/* Read a quoted value starting just after its opening quote q: escapes
 * (\n \t \r \" \\ \' \/ \xNN \uNNNN \u{N...} \NNN) are undone into out, a
 * newline stays '\n', NUL bytes are dropped. The value ends at the first
 * unescaped q (q == 0: at len). Returns the bytes read, closing quote
 * included; *closed (may be NULL) says whether the closing quote was seen. */
size_t vx_unquote(const char *s, size_t len, char q, struct strbuf *out, int *closed);

/* Typographic quotes (a word processor's, a chat's or a forum's: ‘ ’ ‚ ‛ ′
 * and “ ” „ ‟ ″) as the ASCII quotes the program printed (' and "). Writes
 * the folded text of s into out and returns 1 when s holds one; returns 0
 * (out untouched) when it holds none. */
int vx_fold_quotes(const char *s, size_t len, struct strbuf *out);

#endif
