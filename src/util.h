/* SPDX-License-Identifier: MIT */
/* Small things every file needs: checked allocation, a growable string. */
#ifndef VX_UTIL_H
#define VX_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Abort with a message on out-of-memory: there is no useful recovery. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct strbuf {
	char *buf;
	size_t len, cap;
};
#define STRBUF_INIT { NULL, 0, 0 }
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_reset(struct strbuf *sb);
/* Hand the string to the caller (never NULL) and reset the buffer. */
char *sb_detach(struct strbuf *sb);
void sb_free(struct strbuf *sb);
/* buf is always NUL-terminated after any sb_add*. */
static inline const char *sb_str(const struct strbuf *sb) { return sb->buf ? sb->buf : ""; }

/* Free n strings and the array that holds them (v may be NULL). */
void free_strv(char **v, size_t n);

/* Read a whole file (at most max bytes; -EFBIG beyond). Returns 0 or -errno. */
int read_file(const char *path, size_t max, char **out, size_t *len);
/* The same for an open descriptor, read to its end (a pipe, stdin). */
int read_fd(int fd, size_t max, char **out, size_t *len);

/* The last LINES lines of the LEN bytes at S, without the trailing blank
 * characters and without carriage returns, at most MAX bytes of them (0:
 * no limit): what a tool said last, for a message. Allocated. */
char *tail_lines(const char *s, size_t len, int lines, size_t max);

/* An ASCII digit: isdigit() depends on the locale and is undefined for a
 * negative char, and logs carry bytes of any value. */
static inline int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline const char *skip_digits(const char *s)
{
	while (is_digit(*s))
		s++;
	return s;
}

/* Inline: called several times on every line of logs of hundreds of MB,
 * with constant prefixes the compiler can unroll. */
static inline int starts_with(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (*s != *prefix)
			return 0;
	return 1;
}

#if defined(__x86_64__) && defined(__GNUC__)
/* Does the CPU run AVX2? (The answer is kept: asked per block of a line.) */
static inline int vx_have_avx2(void)
{
	static int avx2 = -1;
	if (avx2 < 0)
		avx2 = __builtin_cpu_supports("avx2");
	return avx2;
}
#endif

#endif
