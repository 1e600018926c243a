// SPDX-License-Identifier: MIT
/* unwrap's bytes: NUL, CR and ESC (colour), found a chunk at a time, and a
 * line cleaned of them (see unwrap_bytes.h). */
#include "unwrap_bytes.h"

#include <string.h>

#include "unwrap.h"
#include "util.h"

/* Drop CR, ANSI escape sequences (CSI and OSC) and NUL bytes. */
size_t vx_clean_line(char *s, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		if (c == 0x1b && i + 1 < len && s[i + 1] == '[') {
			i += 2;
			while (i < len &&
			       ((unsigned char)s[i] < 0x40 || (unsigned char)s[i] > 0x7e))
				i++;
			continue;
		}
		if (c == 0x1b && i + 1 < len && s[i + 1] == ']') {
			i += 2;
			while (i < len && s[i] != 0x07 &&
			       !(s[i] == 0x1b && i + 1 < len && s[i + 1] == '\\'))
				i++;
			if (i < len && s[i] == 0x1b)
				i++;
			continue;
		}
		if (c == '\r' || c == 0 || c == 0x1b)
			continue;
		s[o++] = c;
	}
	s[o] = '\0';
	return o;
}

const char vx_special_bytes[3] = { '\0', '\r', 0x1b };

static int clean_tail(const char *s, size_t i, size_t len)
{
	for (; i < len; i++)
		if (!s[i] || s[i] == '\r' || s[i] == 0x1b)
			return 0;
	return 1;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* Does [s, s + len) hold none of the special bytes? One pass, all three at
 * once: most chunks of a huge log hold none, and then no line is looked at
 * for them again. */
__attribute__((target("avx2"))) static int chunk_clean_avx2(const char *s, size_t len)
{
	const __m256i cr = _mm256_set1_epi8('\r'), esc = _mm256_set1_epi8(0x1b);
	const __m256i nul = _mm256_setzero_si256();
	__m256i acc = nul;
	size_t i = 0;
	for (; i + 64 <= len; i += 64) {
		__m256i a = _mm256_loadu_si256((const __m256i *)(s + i));
		__m256i b = _mm256_loadu_si256((const __m256i *)(s + i + 32));
		/* min(v, v ^ c) is 0 where v == c: one test for NUL and c */
		acc = _mm256_or_si256(acc,
				      _mm256_cmpeq_epi8(_mm256_min_epu8(a, _mm256_xor_si256(a, cr)),
							nul));
		acc = _mm256_or_si256(acc,
				      _mm256_cmpeq_epi8(_mm256_min_epu8(b, _mm256_xor_si256(b, cr)),
							nul));
		acc = _mm256_or_si256(acc, _mm256_cmpeq_epi8(a, esc));
		acc = _mm256_or_si256(acc, _mm256_cmpeq_epi8(b, esc));
	}
	return !_mm256_movemask_epi8(acc) && clean_tail(s, i, len);
}

static int chunk_clean(const char *s, size_t len)
{
	if (vx_have_avx2())
		return chunk_clean_avx2(s, len);
	const __m128i cr = _mm_set1_epi8('\r'), esc = _mm_set1_epi8(0x1b);
	const __m128i nul = _mm_setzero_si128();
	__m128i acc = nul;
	size_t i = 0;
	for (; i + 16 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
		acc = _mm_or_si128(acc, _mm_or_si128(_mm_cmpeq_epi8(v, nul),
						     _mm_or_si128(_mm_cmpeq_epi8(v, cr),
								  _mm_cmpeq_epi8(v, esc))));
	}
	return !_mm_movemask_epi8(acc) && clean_tail(s, i, len);
}
#else
static int chunk_clean(const char *s, size_t len)
{
	return clean_tail(s, 0, len);
}
#endif

void vx_specials_init(struct vx_specials *sp, const char *buf, const char *end)
{
	sp->end = end;
	sp->none = chunk_clean(buf, end - buf);
	if (sp->none) {
		for (int i = 0; i < 3; i++)
			sp->next[i] = end;
		return;
	}
	for (int i = 0; i < 3; i++) {
		const char *p = memchr(buf, vx_special_bytes[i], end - buf);
		sp->next[i] = p ? p : end;
	}
}
