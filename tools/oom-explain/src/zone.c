// SPDX-License-Identifier: GPL-2.0
/*
 * Zone and buddy lines.  A zone line ("Normal free:... min:... low:...")
 * and a buddy list ("Normal: 3*4kB (UM) ... = 1234kB") may be wrapped
 * over several physical lines by a console or syslog, even in the middle
 * of a token; they are accumulated as one record, joined again, and
 * parsed when the next line is not their continuation.  lowmem_reserve[]
 * belongs to the zone line before it.
 */
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static const char * const zone_names[OOMX_Z_NR] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

const char *oomx_zone_name(int type)
{
	if (type < 0 || type >= OOMX_Z_NR)
		return "?";
	return zone_names[type];
}

/* "Node N " prefix, then a zone name; returns the rest or NULL. */
static const char *zone_prefix(const char *s, int *node, int *type)
{
	int i;

	*node = -1;
	if (starts(s, "Node ")) {
		long long n;
		const char *p = parse_u(s + 5, &n);

		if (!p || *p != ' ' || n > 1 << 20)
			return NULL;
		*node = (int)n;
		s = p + 1;
	}
	/* longest name first: DMA32 before DMA */
	for (i = 0; i < OOMX_Z_NR; i++) {
		static const int order[OOMX_Z_NR] = { 1, 0, 2, 3, 4, 5 };
		int t = order[i];
		size_t l = strlen(zone_names[t]);

		if (strncmp(s, zone_names[t], l) == 0 &&
		    (s[l] == ' ' || s[l] == ':')) {
			*type = t;
			return s + l;
		}
	}
	return NULL;
}

static long zone_get(struct oomx_parser *p, struct oomx_event *ev,
		     int node, int type)
{
	struct oomx_zone *z;
	size_t i;

	for (i = 0; i < ev->nr_zones; i++)
		if (ev->zones[i].node == node && ev->zones[i].type == type)
			return (long)i;
	if (ev->nr_zones >= OOMX_MAX_ZONES)
		return -1;
	if (ev->nr_zones == ev->cap_zones) {
		size_t cap = ev->cap_zones ? ev->cap_zones * 2 : 8;

		z = realloc(ev->zones, cap * sizeof(*z));
		if (!z) {
			p->failed = 1;
			return -1;
		}
		ev->zones = z;
		ev->cap_zones = cap;
	}
	z = &ev->zones[ev->nr_zones];
	memset(z, 0, sizeof(*z));
	z->type = type;
	z->node = node;
	z->free_kb = z->min_kb = z->low_kb = z->high_kb = OOMX_UNKNOWN;
	z->free_cma_kb = z->managed_kb = z->present_kb = OOMX_UNKNOWN;
	z->highatomic_kb = OOMX_UNKNOWN;
	z->buddy_page_kb = z->buddy_total_kb = OOMX_UNKNOWN;
	return (long)ev->nr_zones++;
}

/* ---------- records that may wrap over lines ---------- */

/*
 * A zone line ends with "key:NkB", "key:N" or "all_unreclaimable? yes|no";
 * anything else at the end means the line was cut.
 */
static int zone_line_complete(const char *s)
{
	const char *e = s + strlen(s), *t;

	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	t = e;
	while (t > s && t[-1] != ' ' && t[-1] != '\t')
		t--;
	if (t == e)
		return 0;
	if ((e - t == 3 && !strncmp(t, "yes", 3)) ||
	    (e - t == 2 && !strncmp(t, "no", 2)))
		return 1;
	while (t < e && (is_alpha(*t) || *t == '_' || *t == '(' || *t == ')'))
		t++;
	if (t == e || *t != ':')
		return 0;
	t++;
	if (t == e || !is_digit(*t))
		return 0;
	while (t < e && is_digit(*t))
		t++;
	return t == e || (e - t == 2 && (t[0] == 'k' || t[0] == 'K') && t[1] == 'B');
}

static void zone_stats_parse(struct oomx_zone *z, const char *s)
{
	struct {
		const char *key;
		long long *dst;
	} f[] = {
		{ "free:", &z->free_kb },
		{ "min:", &z->min_kb },
		{ "low:", &z->low_kb },
		{ "high:", &z->high_kb },
		{ "free_cma:", &z->free_cma_kb },
		{ "managed:", &z->managed_kb },
		{ "present:", &z->present_kb },
		{ "reserved_highatomic:", &z->highatomic_kb },
	};
	size_t i;

	z->has_stats = 1;
	if (!zone_line_complete(s))
		z->fields_cut = 1;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		long long v = kv_kb(s, f[i].key);

		if (v == -2) {
			z->fields_cut = 1;
			v = OOMX_UNKNOWN;
		}
		*f[i].dst = v;
	}
}

static unsigned int mt_bits(const char *s, const char *e)
{
	unsigned int b = 0;

	for (; s < e; s++) {
		switch (*s) {
		case 'U': b |= OOMX_MT_U; break;
		case 'M': b |= OOMX_MT_M; break;
		case 'E': b |= OOMX_MT_E; break;
		case 'R': b |= OOMX_MT_R; break;
		case 'H': b |= OOMX_MT_H; break;
		case 'C': b |= OOMX_MT_C; break;
		case 'I': b |= OOMX_MT_I; break;
		case 'O': b |= OOMX_MT_O; break;
		default: break;
		}
	}
	return b;
}

static void buddy_parse(struct oomx_zone *z, const char *s)
{
	long long page_kb = OOMX_UNKNOWN, sum = 0;
	int last = -1;

	z->has_buddy = 1;
	z->buddy_orders = 0;
	memset(z->buddy_nr, 0, sizeof(z->buddy_nr));
	memset(z->buddy_mt, 0, sizeof(z->buddy_mt));
	for (;;) {
		long long n, size, ratio;
		int order;
		const char *q;

		s = skip_ws(s);
		if (!*s)
			break;
		if (*s == '=') {
			long long tot;

			s = skip_ws(s + 1);
			q = parse_u(s, &tot);
			if (!q || q[0] != 'k' || q[1] != 'B') {
				z->buddy_bad = 1;
				break;
			}
			z->buddy_total_kb = tot;
			break;
		}
		q = parse_u(s, &n);
		if (!q || *q != '*') {
			z->buddy_bad = 1;
			break;
		}
		q = parse_u(q + 1, &size);
		if (!q || q[0] != 'k' || q[1] != 'B' || size <= 0) {
			z->buddy_bad = 1;
			break;
		}
		s = q + 2;
		if (page_kb == OOMX_UNKNOWN)
			page_kb = size;
		if (size % page_kb) {
			z->buddy_bad = 1;
			break;
		}
		ratio = size / page_kb;
		for (order = 0; order < 62 && (1LL << order) < ratio; order++)
			;
		if ((1LL << order) != ratio || order <= last ||
		    order >= OOMX_MAX_ORDERS) {
			z->buddy_bad = 1;
			break;
		}
		last = order;
		z->buddy_nr[order] = n;
		if (n > 0 && size > (1LL << 62) / n) {
			z->buddy_bad = 1;
			break;
		}
		sum += n * size;
		if (sum > 1LL << 62) {
			z->buddy_bad = 1;
			break;
		}
		z->buddy_orders = order + 1;
		s = skip_ws(s);
		if (*s == '(') {
			const char *e = strchr(s, ')');

			if (!e) {
				z->buddy_bad = 1;
				break;
			}
			z->buddy_mt[order] = mt_bits(s + 1, e);
			s = e + 1;
		}
	}
	z->buddy_page_kb = page_kb;
	z->buddy_sum_kb = sum;
	if (z->buddy_total_kb == OOMX_UNKNOWN)
		z->buddy_bad = 1;
}

void rec_flush(struct oomx_parser *p)
{
	struct oomx_event *ev = p->cur;

	if (p->rec != R_NONE && ev && p->rec_zone >= 0 &&
	    (size_t)p->rec_zone < ev->nr_zones && p->recbuf.p) {
		struct oomx_zone *z = &ev->zones[p->rec_zone];

		if (p->rec == R_ZONE)
			zone_stats_parse(z, p->recbuf.p);
		else
			buddy_parse(z, p->recbuf.p);
		/* its end was not kept: the values there are unknown */
		if (p->rec_cut && p->rec == R_ZONE)
			z->fields_cut = 1;
		else if (p->rec_cut)
			z->buddy_bad = 1;
	}
	p->rec = R_NONE;
	p->rec_cut = 0;
	p->recbuf.len = 0;
	if (p->recbuf.p)
		p->recbuf.p[0] = '\0';
}

static void rec_start(struct oomx_parser *p, int kind, long zi, const char *s)
{
	size_t n = strlen(s);

	rec_flush(p);
	p->rec = kind;
	p->rec_zone = zi;
	if (n > OOMX_REC_MAX - 2) {
		n = OOMX_REC_MAX - 2;
		p->rec_cut = 1;
	}
	if (oomx_buf_add(&p->recbuf, s, n))
		p->failed = 1;
}

/* Does this line continue the record being accumulated? */
static int rec_continues(struct oomx_parser *p, const char *m)
{
	const char *s = m;

	if (p->rec == R_ZONE) {
		if (starts(m, "lowmem_reserve[]"))
			return 0;
		while (is_alpha(*s) || *s == '_' || *s == '(' || *s == ')')
			s++;
		if (s > m && (*s == ':' || *s == '?'))
			return 1;
		/* a token cut in the middle: "34" + "68kB low:..." */
		if (p->recbuf.len && p->recbuf.p[p->recbuf.len - 1] != ' ' &&
		    (is_digit(*m) || *m == 'k' || *m == 'K' || *m == 'B'))
			return 1;
		return 0;
	}
	if (p->rec == R_BUDDY) {
		if (*m == '=')
			return 1;
		while (is_digit(*s))
			s++;
		if (s > m && *s == '*')
			return 1;
		if (p->recbuf.len && p->recbuf.p[p->recbuf.len - 1] != ' ' &&
		    (is_digit(*m) || *m == '*' || *m == 'k' || *m == 'B' ||
		     *m == '(' || *m == ')'))
			return 1;
	}
	return 0;
}

static void rec_append(struct oomx_parser *p, const char *m)
{
	struct oomx_buf *b = &p->recbuf;
	char last = b->len ? b->p[b->len - 1] : ' ';
	int space = 1;
	size_t n = strlen(m);

	/* a zone line is some 600 bytes; one that goes on is cut, counted */
	if (p->rec_cut || b->len + n + 2 > OOMX_REC_MAX) {
		p->rec_cut = 1;
		p->cur->dropped.continuations++;
		return;
	}
	if (last != ' ') {
		/* joined mid-token if the line does not start a new token */
		const char *s = m;

		while (is_alpha(*s) || *s == '_' || *s == '(' || *s == ')')
			s++;
		if (p->rec == R_ZONE && !(s > m && (*s == ':' || *s == '?')) &&
		    last != 'B' && !is_alpha(last))
			space = 0;
		/* a unit cut between its letters: "isolated(file):0k" + "B" */
		if (p->rec == R_ZONE && (last == 'k' || last == 'K') &&
		    b->len > 1 && is_digit(b->p[b->len - 2]) && *m == 'B' &&
		    (m[1] == ' ' || m[1] == '\0'))
			space = 0;
		if (p->rec == R_BUDDY && !(last == 'B' || last == ')') &&
		    *m != '=')
			space = 0;
		if (p->rec == R_BUDDY && last == 'B' && (*m == 'B' || *m == '('))
			space = *m == '(';
	}
	if ((space && oomx_buf_add(b, " ", 1)) || oomx_buf_add(b, m, n))
		p->failed = 1;
}

/*
 * A line inside an event: a continuation of the zone or buddy line being
 * read is joined to it (1); any other line ends that record (0).
 */
int rec_line(struct oomx_parser *p, const char *m)
{
	if (p->rec != R_NONE && rec_continues(p, m)) {
		rec_append(p, m);
		return 1;
	}
	rec_flush(p);
	return 0;
}

/* "Node N ...": the report shows node N; the line goes on to the others. */
int node_seen(struct oomx_parser *p, const char *m)
{
	long long v;
	const char *s = parse_u(m + 5, &v);

	if (s && *s == ' ' && v < 64)
		p->cur->nodes_seen |= 1ULL << v;
	return LINE_NO;
}

/* "[Node N ]Zone free:...", the buddy list "Zone: 1*4kB ...", "Zone per-cpu:" */
int zone_line(struct oomx_parser *p, const char *m)
{
	int node, type, kind;
	const char *s = zone_prefix(m, &node, &type);
	long zi;

	if (!s)
		return LINE_NO;
	if (starts(s, " free:"))
		kind = R_ZONE;
	else if (s[0] == ':' && (s[1] == ' ' || s[1] == '\0'))
		kind = R_BUDDY;
	else
		return starts(s, " per-cpu:") ? LINE_OK : LINE_NO;
	zi = zone_get(p, p->cur, node, type);
	if (zi < 0)
		return LINE_DROPPED;
	if (kind == R_ZONE)
		p->last_stats_zone = zi;
	rec_start(p, kind, zi, s + 1);
	return LINE_OK;
}

/* "lowmem_reserve[]: 0 1877 1877 1877", of the zone line before it */
int lowmem_reserve_line(struct oomx_parser *p, const char *m)
{
	struct oomx_event *ev = p->cur;
	struct oomx_zone *z;
	const char *s;
	long long v;

	if (p->last_stats_zone < 0 ||
	    (size_t)p->last_stats_zone >= ev->nr_zones)
		return LINE_OK;
	z = &ev->zones[p->last_stats_zone];
	z->nr_reserve = 0;
	z->has_reserve = 1;
	s = m + 17;
	for (;;) {
		s = skip_ws(s);
		if (!*s)
			break;
		s = parse_u(s, &v);
		if (!s) {
			z->fields_cut = 1;
			break;
		}
		if (z->nr_reserve >= OOMX_MAX_RESERVE) {
			z->fields_cut = 1;
			ev->dropped.reserve++;
			continue;
		}
		if (z->nr_reserve == z->cap_reserve) {
			size_t cap = z->cap_reserve ? z->cap_reserve * 2 : 8;
			long long *r;

			r = realloc(z->reserve, cap * sizeof(*r));
			if (!r) {
				p->failed = 1;
				break;
			}
			z->reserve = r;
			z->cap_reserve = cap;
		}
		z->reserve[z->nr_reserve++] = v;
	}
	p->last_stats_zone = -1;
	return LINE_OK;
}
