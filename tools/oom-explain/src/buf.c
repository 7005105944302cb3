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

/*
 * Code points that a terminal or a browser acts on although they show
 * nothing: C1 controls (U+0080-U+009F; 0x9b alone is CSI to many
 * terminals, U+009B to a UTF-8 one), the bidirectional marks, embeddings,
 * overrides and isolates, and the byte order mark.
 */
static int hidden_cp(unsigned int c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x061c || c == 0x200e ||
	       c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

int oomx_show(const unsigned char *s, size_t avail, size_t *len,
	      unsigned int *cp)
{
	unsigned int c = s[0];
	size_t k, i;

	*len = 1;
	*cp = c;
	if (c < 0x80)
		return c < 0x20 || c == 0x7f ? OOMX_SHOW_BYTE : OOMX_SHOW_AS_IS;
	k = oomx_utf8_len(s, avail);
	if (!k)
		return OOMX_SHOW_BYTE;
	c &= 0x3f >> (k - 1);
	for (i = 1; i < k; i++)
		c = (c << 6) | (s[i] & 0x3f);
	*len = k;
	*cp = c;
	return hidden_cp(c) ? OOMX_SHOW_CODEPOINT : OOMX_SHOW_AS_IS;
}

size_t oomx_escape_unit(const char *s, size_t avail, char *out)
{
	size_t k;
	unsigned int c;

	switch (oomx_show((const unsigned char *)s, avail, &k, &c)) {
	case OOMX_SHOW_BYTE:
		snprintf(out, OOMX_ESC_MAX, "\\x%02x", c);
		break;
	case OOMX_SHOW_CODEPOINT:
		snprintf(out, OOMX_ESC_MAX, "\\u%04x", c);
		break;
	default:
		memcpy(out, s, k);
		out[k] = '\0';
		break;
	}
	return k;
}

void oomx_write_escaped(FILE *f, const char *s, size_t n)
{
	const char *e = s + n;

	while (s < e) {
		char out[OOMX_ESC_MAX];

		if (*s == '\n') {
			fputc(*s++, f);
			continue;
		}
		s += oomx_escape_unit(s, (size_t)(e - s), out);
		fputs(out, f);
	}
}
