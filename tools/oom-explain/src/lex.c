// SPDX-License-Identifier: GPL-2.0
/*
 * The parser's lexing: decimal and hex numbers, bounded so that the
 * analysis can add and multiply them exactly, and the key:value fields
 * of zone, kill and reaper lines.
 */
#include <string.h>

#include "parse.h"

/*
 * Parse an unsigned decimal of at most 16 digits.  Real values stay far
 * below that (the "unlimited" memcg limit 9007199254740988kB has 16), and
 * the bound keeps every sum and product the analysis makes within range.
 */
const char *parse_u(const char *s, long long *v)
{
	long long x = 0;
	int n = 0;

	while (is_digit(*s)) {
		if (++n > 16)
			return NULL;
		x = x * 10 + (*s - '0');
		s++;
	}
	if (!n)
		return NULL;
	*v = x;
	return s;
}

const char *parse_s(const char *s, long long *v)
{
	int neg = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	s = parse_u(s, v);
	if (s && neg)
		*v = -*v;
	return s;
}

const char *parse_hex(const char *s, unsigned long long *v)
{
	unsigned long long x = 0;
	int n = 0;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return NULL;
	s += 2;
	for (;;) {
		int c = *s, d;

		if (is_digit(c))
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (++n > 16)
			return NULL;
		x = (x << 4) | (unsigned long long)d;
		s++;
	}
	if (!n)
		return NULL;
	*v = x;
	return s;
}

/* Find key at a token boundary (start, space, comma, tab). */
static const char *kv_find(const char *s, const char *key)
{
	const char *p = s;
	size_t kl = strlen(key);

	while ((p = strstr(p, key)) != NULL) {
		if (p == s || p[-1] == ' ' || p[-1] == ',' || p[-1] == '\t')
			return p + kl;
		p++;
	}
	return NULL;
}

/* key:NUMBERkB -> kB; -2 if the key is there but the value is cut. */
long long kv_kb(const char *s, const char *key)
{
	const char *p = kv_find(s, key);
	long long v;

	if (!p)
		return OOMX_UNKNOWN;
	p = parse_u(p, &v);
	if (!p || !(p[0] == 'k' || p[0] == 'K') || p[1] != 'B' ||
	    !(p[2] == '\0' || p[2] == ' ' || p[2] == ',' || p[2] == '\t'))
		return -2;
	return v;
}

/* key:NUMBER (plain count or signed value) */
int kv_num(const char *s, const char *key, long long *v)
{
	const char *p = kv_find(s, key);

	if (!p)
		return 0;
	p = parse_s(p, v);
	if (!p || !(*p == '\0' || *p == ' ' || *p == ',' || *p == '\t' ||
		    *p == '('))
		return 0;
	return 1;
}
