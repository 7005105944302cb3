// SPDX-License-Identifier: GPL-2.0
/*
 * Growable byte buffers.  The string arena of an event keeps a NUL at
 * offset 0 so that offset 0 can mean "no string".
 */
#include <stdlib.h>
#include <string.h>

#include "oomx.h"

static int buf_reserve(struct oomx_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > ((size_t)-1) / 2 - b->len)
		return -1;
	need = b->len + extra;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int oomx_buf_add(struct oomx_buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n + 1))
		return -1;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* Store a NUL-terminated copy; returns its offset, 0 on failure. */
size_t oomx_buf_str(struct oomx_buf *b, const char *s, size_t n)
{
	size_t off;

	if (b->len == 0 && oomx_buf_add(b, "", 1))
		return 0;
	off = b->len;
	if (oomx_buf_add(b, s, n) || oomx_buf_add(b, "", 1))
		return 0;
	/* oomx_buf_add keeps a NUL past len; count the one we added */
	return off;
}

void oomx_buf_free(struct oomx_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

size_t oomx_utf8_len(const unsigned char *s, size_t avail)
{
	unsigned int c = s[0], min;
	size_t n, i;

	if (!avail)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n > avail)
		return 0;
	c &= 0x3f >> (n - 1);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates and code points past U+10FFFF */
	if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return n;
}

void oomx_write_escaped(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *e = p + n;

	while (p < e) {
		size_t k;

		if (*p == '\n' || (*p >= 0x20 && *p < 0x7f)) {
			fputc(*p++, f);
			continue;
		}
		k = *p >= 0x80 ? oomx_utf8_len(p, (size_t)(e - p)) : 0;
		if (k) {
			fwrite(p, 1, k, f);
			p += k;
		} else {
			fprintf(f, "\\x%02x", *p++);
		}
	}
}
