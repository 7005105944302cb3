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
