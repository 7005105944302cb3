// SPDX-License-Identifier: GPL-2.0
/*
 * OOM report parser.
 *
 * Outside an event the input is scanned in one pass (scan_next()) for
 * the strings every report starts with, "invoked oom-killer:" and "page
 * allocation failure", so ordinary log lines cost no per-line work.  From
 * that line on, lines are taken one by one, their prefix (console level,
 * timestamp, syslog header) removed and the message classified.  The known
 * prefixes are recognised directly; any other prefix (a dmesg -T stamp in
 * another language, a relay's own header) is learned from the event's
 * first line, where it is whatever precedes the task name, and stripped by
 * its shape from the lines that follow.  Zone and buddy lines may be
 * wrapped over several physical lines; they are accumulated and parsed as
 * one record.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "oomx.h"

#define NEEDLE		"invoked oom-killer:"
#define NEEDLE_FAIL	"page allocation failure"
#define PFX_MAX		160	/* longest prefix learned */
#define POST_LINES	2000	/* lines after a kill watched for the reaper */
#define UNREC_CLOSE	400	/* unrecognised lines that end an event */
#define MAX_COLS	24
#define SCAN_M		(sizeof(NEEDLE) - 1)	/* scan window: the shorter needle */
#define SCAN_TAB	4096	/* entries of the scan's byte pair table */

_Static_assert(sizeof(NEEDLE) <= sizeof(NEEDLE_FAIL), "NEEDLE is the shorter");

enum { C_NONE, C_PID, C_UID, C_TGID, C_TOTAL_VM, C_RSS, C_RSS_ANON,
	C_RSS_FILE, C_RSS_SHMEM, C_NR_PTES, C_NR_PMDS, C_PGTABLES_BYTES,
	C_SWAPENTS, C_ADJ, C_NAME, C_OTHER };

enum { R_NONE, R_ZONE, R_BUDDY };
enum { M_NONE, M_MEMCG_STATS, M_SLAB };

struct oomx_parser {
	oomx_event_cb cb;
	void *arg;
	struct oomx_buf carry;		/* partial line between feeds */
	int carry_cut;
	long long fed;			/* bytes fed before this buffer */
	long long offset;		/* offset of the current line */
	long long carry_off;		/* offset of the carried line */
	long long nevents;
	struct oomx_event *cur;		/* event being read */
	struct oomx_event *done;	/* closed, waiting for the reaper */
	long long post_lines;
	int rec;			/* record being accumulated */
	int rec_cut;			/* continuations of it were dropped */
	long rec_zone;			/* zone index for rec */
	struct oomx_buf recbuf;
	long last_stats_zone;		/* zone that lowmem_reserve[] follows */
	int mode;
	int cols[MAX_COLS];
	int ncols;
	long long unrec_run;
	char *line;			/* NUL-terminated copy of a line */
	size_t line_cap;
	int failed;
	FILE *skipf;			/* where to list unrecognised lines */
	char lpfx[PFX_MAX + 1];		/* learned prefix of this event, "" if none */
	size_t lpfx_len;
	int fail_tail;			/* a failure report reached its last lines */
	const char *stamp;		/* timestamp of the current line */
	size_t stamp_len;
	unsigned char scan_pos[SCAN_TAB];	/* see scan_next() */
};

/* ---------- small helpers ---------- */

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int starts(const char *s, const char *pfx)
{
	return strncmp(s, pfx, strlen(pfx)) == 0;
}

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/*
 * Parse an unsigned decimal of at most 16 digits.  Real values stay far
 * below that (the "unlimited" memcg limit 9007199254740988kB has 16), and
 * the bound keeps every sum and product the analysis makes within range.
 */
static const char *parse_u(const char *s, long long *v)
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

static const char *parse_s(const char *s, long long *v)
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

static const char *parse_hex(const char *s, unsigned long long *v)
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
static long long kv_kb(const char *s, const char *key)
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
static int kv_num(const char *s, const char *key, long long *v)
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

/* ---------- event storage ---------- */

static struct oomx_event *event_new(struct oomx_parser *p)
{
	struct oomx_event *ev = calloc(1, sizeof(*ev));

	if (!ev) {
		p->failed = 1;
		return NULL;
	}
	ev->index = (int)(++p->nevents > 1 << 30 ? 1 << 30 : p->nevents);
	ev->pid = ev->order = ev->adj = OOMX_UNKNOWN;
	ev->kv_major = ev->kv_minor = ev->kv_patch = -1;
	ev->stamp_secs = -1;
	ev->kill_pid = ev->kill_uid = OOMX_UNKNOWN;
	ev->memcg_usage_kb = ev->memcg_limit_kb = OOMX_UNKNOWN;
	ev->memcg_failcnt = OOMX_UNKNOWN;
	ev->memsw_usage_kb = ev->memsw_limit_kb = OOMX_UNKNOWN;
	ev->g_free = ev->g_free_cma = ev->g_free_pcp = OOMX_UNKNOWN;
	ev->total_swap_kb = ev->free_swap_kb = OOMX_UNKNOWN;
	ev->pages_ram = ev->pages_reserved = OOMX_UNKNOWN;
	ev->chosen_pid = ev->chosen_score = OOMX_UNKNOWN;
	ev->victim.pid = ev->victim.uid = ev->victim.adj = OOMX_UNKNOWN;
	ev->victim.total_vm_kb = ev->victim.anon_rss_kb = OOMX_UNKNOWN;
	ev->victim.file_rss_kb = ev->victim.shmem_rss_kb = OOMX_UNKNOWN;
	ev->victim.pgtables_kb = OOMX_UNKNOWN;
	ev->reaped_anon_kb = ev->reaped_file_kb = OOMX_UNKNOWN;
	ev->reaped_shmem_kb = OOMX_UNKNOWN;
	if (oomx_buf_add(&ev->str, "", 1)) {
		free(ev);
		p->failed = 1;
		return NULL;
	}
	return ev;
}

static void event_free(struct oomx_event *ev)
{
	size_t i;

	if (!ev)
		return;
	for (i = 0; i < ev->nr_zones; i++)
		free(ev->zones[i].reserve);
	free(ev->zones);
	free(ev->tasks);
	oomx_buf_free(&ev->str);
	free(ev);
}

/* Store a string of the event; 0 (none) past OOMX_STR_MAX, counted. */
static size_t ev_str(struct oomx_parser *p, struct oomx_event *ev,
		     const char *s, size_t n)
{
	size_t off;

	if (n >= OOMX_STR_MAX || ev->str.len + n + 1 > OOMX_STR_MAX) {
		ev->dropped.strings++;
		return 0;
	}
	off = oomx_buf_str(&ev->str, s, n);
	if (!off)
		p->failed = 1;
	return off;
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

static void rec_flush(struct oomx_parser *p)
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
		if (p->rec == R_BUDDY && !(last == 'B' || last == ')') &&
		    *m != '=')
			space = 0;
		if (p->rec == R_BUDDY && last == 'B' && (*m == 'B' || *m == '('))
			space = *m == '(';
	}
	if ((space && oomx_buf_add(b, " ", 1)) || oomx_buf_add(b, m, n))
		p->failed = 1;
}

/* ---------- event open / close ---------- */

static void emit(struct oomx_parser *p, struct oomx_event *ev)
{
	if (!ev)
		return;
	/* no "Killed process" line: the oom-kill: summary names the victim */
	if (!ev->victim.present && ev->kill_task && ev->kill_pid >= 0) {
		ev->victim.present = 1;
		ev->victim.from_summary = 1;
		ev->victim.pid = ev->kill_pid;
		ev->victim.comm = ev->kill_task;
		if (ev->kill_uid >= 0)
			ev->victim.uid = ev->kill_uid;
	}
	p->cb(ev, p->arg);
	event_free(ev);
}

static void close_event(struct oomx_parser *p)
{
	if (!p->cur)
		return;
	rec_flush(p);
	emit(p, p->done);
	p->done = p->cur;
	p->cur = NULL;
	p->post_lines = POST_LINES;
	if (p->done->kind == OOMX_K_ALLOC_FAIL) {
		/* nothing was killed: no reaper line to wait for */
		emit(p, p->done);
		p->done = NULL;
		p->post_lines = 0;
	}
	p->mode = M_NONE;
	p->ncols = 0;
	p->unrec_run = 0;
}

static void parse_header(struct oomx_parser *p, struct oomx_event *ev,
			 const char *m, const char *at)
{
	const char *s = at + strlen(NEEDLE), *e = at;
	long long v;

	while (e > m && e[-1] == ' ')
		e--;
	ev->comm = ev_str(p, ev, m, (size_t)(e - m));
	for (;;) {
		s = skip_ws(s);
		if (!*s)
			break;
		if (starts(s, "gfp_mask=")) {
			unsigned long long g;
			const char *q = parse_hex(s + 9, &g);

			if (q) {
				ev->gfp = g;
				ev->gfp_known = 1;
				s = q;
				if (*s == '(') {
					const char *c = strchr(s, ')');

					if (c) {
						ev->gfp_names = ev_str(p, ev, s + 1,
							(size_t)(c - s - 1));
						s = c + 1;
					}
				}
			}
		} else if (starts(s, "order=")) {
			/* -1 is sysrq-f; no page order comes near 31 */
			if (parse_s(s + 6, &v) && v >= -1 && v <= 30)
				ev->order = v;
		} else if (starts(s, "oom_score_adj=")) {
			if (parse_s(s + 14, &v) && v >= -1000 && v <= 1000)
				ev->adj = v;
		} else if (starts(s, "oomkilladj=")) {
			ev->shape |= OOMX_SH_OOMKILLADJ;
		} else if (starts(s, "oom_adj=")) {
			ev->shape |= OOMX_SH_OOM_ADJ;
		}
		s = strchr(s, ',');
		if (!s)
			break;
		s++;
	}
}

/* The value after key up to the next ',' or ' ', or 0 if key is absent. */
static size_t token_after(struct oomx_parser *p, struct oomx_event *ev,
			  const char *s, const char *key)
{
	const char *q = strstr(s, key), *e;

	if (!q)
		return 0;
	q += strlen(key);
	for (e = q; *e && *e != ',' && *e != ' '; e++)
		;
	return ev_str(p, ev, q, (size_t)(e - q));
}

/*
 * "comm: page allocation failure: order:N, mode:0xM(NAMES), nodemask=...,
 * cpuset=...,mems_allowed=..." (": order" from 2.6.39, ". order" before).
 */
static void parse_fail_header(struct oomx_parser *p, struct oomx_event *ev,
			      const char *m, const char *at)
{
	const char *s = at + strlen(NEEDLE_FAIL), *e = at, *q;
	long long v;

	while (e > m && e[-1] == ' ')
		e--;
	if (e > m && e[-1] == ':')
		e--;
	ev->comm = ev_str(p, ev, m, (size_t)(e - m));
	if (*s == '.')
		ev->shape |= OOMX_SH_FAIL_DOT;
	q = strstr(s, "order:");
	if (q && parse_s(q + 6, &v) && v >= 0 && v <= 30)
		ev->order = v;
	q = strstr(s, "mode:");
	if (q) {
		unsigned long long g;
		const char *r = parse_hex(q + 5, &g);

		if (r) {
			ev->gfp = g;
			ev->gfp_known = 1;
			if (*r == '(') {
				const char *c = strchr(r, ')');

				if (c)
					ev->gfp_names = ev_str(p, ev, r + 1,
						(size_t)(c - r - 1));
			}
		}
	}
	ev->nodemask = token_after(p, ev, s, "nodemask=");
	ev->cpuset = token_after(p, ev, s, "cpuset=");
	ev->mems_allowed = token_after(p, ev, s, "mems_allowed=");
}

static double stamp_seconds(const char *s, size_t n)
{
	const char *e = s + n;
	double v = 0, scale = 0.1;
	int digits = 0;

	if (n < 3 || s[0] != '[')
		return -1;
	s++;
	while (s < e && *s == ' ')
		s++;
	while (s < e && is_digit(*s)) {
		v = v * 10 + (*s++ - '0');
		digits++;
	}
	if (!digits || digits > 12 || s >= e || *s != '.')
		return -1;
	s++;
	while (s < e && is_digit(*s)) {
		v += (*s++ - '0') * scale;
		scale /= 10;
	}
	return s < e && *s == ']' ? v : -1;
}

static void start_event(struct oomx_parser *p, const char *m, const char *at,
			int kind)
{
	struct oomx_event *ev;

	close_event(p);
	/* a new report ends the wait for the last one's reaper */
	emit(p, p->done);
	p->done = NULL;
	p->post_lines = 0;
	ev = event_new(p);
	if (!ev)
		return;
	ev->first_off = p->offset;
	ev->last_off = p->offset;
	p->cur = ev;
	p->last_stats_zone = -1;
	p->rec = R_NONE;
	p->mode = M_NONE;
	p->ncols = 0;
	p->unrec_run = 0;
	p->fail_tail = 0;
	ev->kind = kind;
	if (p->stamp_len) {
		ev->stamp = ev_str(p, ev, p->stamp, p->stamp_len);
		ev->stamp_secs = stamp_seconds(p->stamp, p->stamp_len);
	}
	if (p->lpfx_len)
		ev->prefix = ev_str(p, ev, p->lpfx, p->lpfx_len);
	if (kind == OOMX_K_ALLOC_FAIL)
		parse_fail_header(p, ev, m, at);
	else
		parse_header(p, ev, m, at);
}

/* ---------- line classifiers ---------- */

static void parse_cpu_line(struct oomx_parser *p, struct oomx_event *ev,
			   const char *m)
{
	const char *s = strstr(m, "PID: ");
	const char *t;
	long long v;

	if (ev->kver)
		return;
	if (!s && starts(m, "Pid: ")) {
		/* before 3.10: "Pid: 6957, comm: pan Not tainted 2.6.26 #2" */
		s = m;
		ev->shape |= OOMX_SH_PID_LINE;
	}
	if (s && parse_u(s + 5, &v) && ev->pid == OOMX_UNKNOWN)
		ev->pid = v;
	t = strstr(m, "Tainted: ");
	if (t)
		t += 9;
	else if ((t = strstr(m, "Not tainted")) != NULL)
		t += 11;
	else
		return;
	for (;;) {
		const char *w;
		long long maj, min;

		t = skip_ws(t);
		if (!*t)
			break;
		w = t;
		while (*t && *t != ' ' && *t != '\t')
			t++;
		s = parse_u(w, &maj);
		if (s && *s == '.' && (s = parse_u(s + 1, &min)) != NULL &&
		    maj < 100 && min < 1000) {
			long long pat;

			ev->kver = ev_str(p, ev, w, (size_t)(t - w));
			ev->kv_major = (int)maj;
			ev->kv_minor = (int)min;
			if (*s == '.' && parse_u(s + 1, &pat) && pat < 1000)
				ev->kv_patch = (int)pat;
			return;
		}
	}
}

/* oom-kill:constraint=...,nodemask=...,cpuset=...,mems_allowed=...,... */
static void parse_oom_kill(struct oomx_parser *p, struct oomx_event *ev,
			   const char *m)
{
	static const char * const keys[] = {
		"constraint=", ",nodemask=", ",cpuset=", ",mems_allowed=",
		",global_oom", ",oom_memcg=", ",task_memcg=", ",task=",
		",pid=", ",uid=",
	};
	enum { NK = sizeof(keys) / sizeof(keys[0]) };
	const char *pos[NK], *s = m + 9;
	size_t i, j;
	long long v;

	for (i = 0; i < NK; i++) {
		pos[i] = strstr(s, keys[i]);
		/* ",pid=" and ",uid=" are last: take the last occurrence */
		if (pos[i] && i >= NK - 2) {
			const char *q = pos[i];

			while ((q = strstr(q + 1, keys[i])) != NULL)
				pos[i] = q;
		}
	}
	for (i = 0; i < NK; i++) {
		const char *vs, *ve = NULL;
		size_t *dst = NULL;

		if (!pos[i])
			continue;
		vs = pos[i] + strlen(keys[i]);
		for (j = 0; j < NK; j++)
			if (pos[j] && pos[j] >= vs && (!ve || pos[j] < ve))
				ve = pos[j];
		if (!ve)
			ve = vs + strlen(vs);
		switch (i) {
		case 0: dst = &ev->constraint; break;
		case 1: dst = &ev->nodemask; break;
		case 2: dst = &ev->cpuset; break;
		case 3: dst = &ev->mems_allowed; break;
		case 4: ev->global_oom = 1; break;
		case 5: dst = &ev->oom_memcg; break;
		case 6: dst = &ev->task_memcg; break;
		case 7: dst = &ev->kill_task; break;
		case 8:
			if (parse_u(vs, &v))
				ev->kill_pid = v;
			break;
		case 9:
			if (parse_u(vs, &v))
				ev->kill_uid = v;
			break;
		}
		if (dst)
			*dst = ev_str(p, ev, vs, (size_t)(ve - vs));
	}
}

/* "PID (comm)" or "PID comm"; returns the end of comm. */
static const char *pid_comm(struct oomx_parser *p, struct oomx_event *ev,
			    const char *s, long long *pid, size_t *comm,
			    const char *stop)
{
	const char *q = parse_u(s, pid), *e;

	if (!q)
		return NULL;
	q = skip_ws(q);
	if (*q == '(') {
		e = stop ? strstr(q, stop) : NULL;
		if (e && e > q && e[-1] == ')')
			e--;
		else
			e = strchr(q, ')');
		if (!e)
			return NULL;
		*comm = ev_str(p, ev, q + 1, (size_t)(e - q - 1));
		return e + 1;
	}
	e = q;
	while (*e && *e != ' ' && *e != ',')
		e++;
	*comm = ev_str(p, ev, q, (size_t)(e - q));
	return e;
}

static void parse_killed(struct oomx_parser *p, struct oomx_event *ev,
			 const char *s)
{
	struct oomx_victim *v = &ev->victim;
	long long x;
	const char *q;

	/* RHEL 6: "Killed process 8120, UID 0, (java) total-vm:..." */
	q = parse_u(s, &x);
	if (q && starts(q, ", UID ")) {
		long long uid;
		const char *r = parse_u(q + 6, &uid);

		if (r && starts(r, ", (")) {
			const char *e = strstr(r + 3, ") total-vm:");

			if (!e)
				e = strrchr(r + 3, ')');
			if (!e)
				return;
			v->pid = x;
			v->uid = uid;
			v->comm = ev_str(p, ev, r + 3, (size_t)(e - r - 3));
			ev->shape |= OOMX_SH_KILL_UID;
			goto fields;
		}
	}
	if (!pid_comm(p, ev, s, &v->pid, &v->comm, " total-vm:"))
		return;
fields:
	v->present = 1;
	v->total_vm_kb = kv_kb(s, "total-vm:");
	v->anon_rss_kb = kv_kb(s, "anon-rss:");
	v->file_rss_kb = kv_kb(s, "file-rss:");
	v->shmem_rss_kb = kv_kb(s, "shmem-rss:");
	v->pgtables_kb = kv_kb(s, "pgtables:");
	if (kv_num(s, "UID:", &x))
		v->uid = x;
	if (kv_num(s, "oom_score_adj:", &x))
		v->adj = x;
	if (v->total_vm_kb == -2)
		v->total_vm_kb = OOMX_UNKNOWN;
	if (v->anon_rss_kb == -2)
		v->anon_rss_kb = OOMX_UNKNOWN;
	if (v->file_rss_kb == -2)
		v->file_rss_kb = OOMX_UNKNOWN;
	if (v->shmem_rss_kb == -2)
		v->shmem_rss_kb = OOMX_UNKNOWN;
	if (v->pgtables_kb == -2)
		v->pgtables_kb = OOMX_UNKNOWN;
}

static int reaper_line(struct oomx_parser *p, const char *m)
{
	const char *s = strstr(m, "oom_reaper: reaped process ");
	struct oomx_event *ev;
	long long pid;

	if (!s && (s = strstr(m, "oom_reaper: unable to reap pid:")) != NULL) {
		if (parse_u(s + 31, &pid)) {
			ev = p->done && p->done->victim.pid == pid ? p->done : p->cur;
			if (ev && ev->victim.pid == pid)
				ev->reap_failed = 1;
		}
		return 1;
	}
	if (!s)
		return 0;
	s += 27;
	if (!parse_u(s, &pid))
		return 1;
	ev = p->done;
	if (!ev || ev->victim.pid != pid)
		ev = p->cur;
	if (!ev || ev->victim.pid != pid)
		return 1;
	ev->reaped = 1;
	ev->reaped_anon_kb = kv_kb(s, "anon-rss:");
	ev->reaped_file_kb = kv_kb(s, "file-rss:");
	ev->reaped_shmem_kb = kv_kb(s, "shmem-rss:");
	if (ev->reaped_anon_kb == -2)
		ev->reaped_anon_kb = OOMX_UNKNOWN;
	if (ev->reaped_file_kb == -2)
		ev->reaped_file_kb = OOMX_UNKNOWN;
	if (ev->reaped_shmem_kb == -2)
		ev->reaped_shmem_kb = OOMX_UNKNOWN;
	if (ev == p->done) {
		emit(p, p->done);
		p->done = NULL;
		p->post_lines = 0;
	}
	return 1;
}

static int col_id(const char *w, size_t n)
{
	static const struct {
		const char *name;
		int id;
	} tab[] = {
		{ "pid", C_PID }, { "uid", C_UID }, { "tgid", C_TGID },
		{ "total_vm", C_TOTAL_VM }, { "rss", C_RSS },
		{ "rss_anon", C_RSS_ANON }, { "rss_file", C_RSS_FILE },
		{ "rss_shmem", C_RSS_SHMEM }, { "nr_ptes", C_NR_PTES },
		{ "nr_pmds", C_NR_PMDS },
		{ "pgtables_bytes", C_PGTABLES_BYTES },
		{ "swapents", C_SWAPENTS }, { "oom_score_adj", C_ADJ },
		{ "name", C_NAME },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strlen(tab[i].name) == n && !strncmp(tab[i].name, w, n))
			return tab[i].id;
	return C_OTHER;
}

static int table_header(struct oomx_parser *p, struct oomx_event *ev,
			const char *m)
{
	const char *s = m;
	int n = 0, i;

	if (!strstr(m, "pid") || !strstr(m, "uid") || !strstr(m, "name"))
		return 0;
	while (*s) {
		const char *w;

		while (*s == ' ' || *s == '\t' || *s == '[' || *s == ']')
			s++;
		if (!*s)
			break;
		w = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '[' && *s != ']')
			s++;
		if (n == MAX_COLS)
			return 0;
		p->cols[n++] = col_id(w, (size_t)(s - w));
	}
	if (n < 3 || p->cols[0] != C_PID || p->cols[n - 1] != C_NAME)
		return 0;
	for (i = 0; i < n; i++)
		if (p->cols[i] == C_PGTABLES_BYTES)
			ev->table_pgtables_bytes = 1;
	p->ncols = n;
	ev->has_table = 1;
	return 1;
}

static int table_row(struct oomx_parser *p, struct oomx_event *ev,
		     const char *m)
{
	struct oomx_task t;
	const char *s = skip_ws(m + 1);
	long long v;
	size_t n;
	int i;

	if (!p->ncols)
		return 0;
	memset(&t, 0, sizeof(t));
	t.uid = t.tgid = t.total_vm = t.rss = OOMX_UNKNOWN;
	t.rss_anon = t.rss_file = t.rss_shmem = OOMX_UNKNOWN;
	t.pgtables_bytes = t.nr_ptes = t.nr_pmds = OOMX_UNKNOWN;
	t.swapents = OOMX_UNKNOWN;
	t.adj = 0;
	s = parse_u(s, &t.pid);
	if (!s)
		return 0;
	s = skip_ws(s);
	if (*s != ']')
		return 0;
	s++;
	for (i = 1; i < p->ncols - 1; i++) {
		s = skip_ws(s);
		s = parse_s(s, &v);
		if (!s || !(*s == ' ' || *s == '\t'))
			return 0;
		switch (p->cols[i]) {
		case C_UID: t.uid = v; break;
		case C_TGID: t.tgid = v; break;
		case C_TOTAL_VM: t.total_vm = v; break;
		case C_RSS: t.rss = v; break;
		case C_RSS_ANON: t.rss_anon = v; break;
		case C_RSS_FILE: t.rss_file = v; break;
		case C_RSS_SHMEM: t.rss_shmem = v; break;
		case C_NR_PTES: t.nr_ptes = v; break;
		case C_NR_PMDS: t.nr_pmds = v; break;
		case C_PGTABLES_BYTES: t.pgtables_bytes = v; break;
		case C_SWAPENTS: t.swapents = v; break;
		case C_ADJ: t.adj = v; break;
		default: break;
		}
	}
	if (t.adj < -1000 || t.adj > 1000)
		return 0;
	/* a row past the limit is read, counted and not kept */
	if (ev->nr_tasks >= OOMX_MAX_TASKS) {
		ev->dropped.tasks++;
		return 1;
	}
	s = skip_ws(s);
	n = strlen(s);
	if (n > OOMX_NAME_MAX) {
		n = OOMX_NAME_MAX;
		ev->dropped.names_cut++;
	}
	t.name = ev_str(p, ev, s, n);
	if (ev->nr_tasks == ev->cap_tasks) {
		size_t cap = ev->cap_tasks ? ev->cap_tasks * 2 : 64;
		struct oomx_task *nt;

		if (cap > OOMX_MAX_TASKS)
			cap = OOMX_MAX_TASKS;
		nt = realloc(ev->tasks, cap * sizeof(*nt));
		if (!nt) {
			p->failed = 1;
			return 1;
		}
		ev->tasks = nt;
		ev->cap_tasks = cap;
	}
	ev->tasks[ev->nr_tasks++] = t;
	return 1;
}

static int trace_line(struct oomx_event *ev, const char *m)
{
	static const char * const pfx[] = {
		"Call Trace:", "Call trace:", "Backtrace:", "<TASK>", "</TASK>",
		"<IRQ>", "</IRQ>", "Hardware name:", "Workqueue:", "Code:",
		"Tainted: [",
		"RIP:", "RSP:", "RAX:", "RDX:", "RBP:", "R10:", "R13:",
		"pc :", "lr :", "sp :", "pstate:", "Exception stack",
		"dump_stack", "? ",
	};
	size_t i;
	int hit = 0;

	if (strstr(m, "+0x") || starts(m, "[<"))
		hit = 1;
	/* ARM exception stack words: "dfa0: 00000000 00000000 ..." */
	if (!hit) {
		const char *s = m;

		while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
			s++;
		if (s - m == 4 && s[0] == ':' && s[1] == ' ')
			hit = 1;
	}
	/* raw stack words of old x86 dumps: "0000000000000286 5b7f1f2d..." */
	if (!hit) {
		const char *s = m;

		while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
			s++;
		if ((s - m == 16 || s - m == 8) && (*s == ' ' || !*s))
			hit = 1;
	}
	for (i = 0; !hit && i < sizeof(pfx) / sizeof(pfx[0]); i++)
		if (starts(m, pfx[i]))
			hit = 1;
	/* ARM register lines: r10:00000000 r9:... */
	if (!hit && m[0] == 'r' && is_digit(m[1]) &&
	    (m[2] == ':' || (is_digit(m[2]) && m[3] == ':')))
		hit = 1;
	/* arm64: x29: ffff... */
	if (!hit && m[0] == 'x' && is_digit(m[1]) &&
	    (m[2] == ':' || (is_digit(m[2]) && m[3] == ':')))
		hit = 1;
	if (!hit)
		return 0;
	if (strstr(m, "balance_pgdat") || strstr(m, "kswapd+"))
		ev->by_kswapd = 1;
	if (strstr(m, "moom_callback") || strstr(m, "sysrq_handle_moom"))
		ev->by_sysrq = 1;
	return 1;
}

static int meminfo_line(struct oomx_event *ev, const char *m)
{
	static const char * const pfx[] = {
		"active_anon:", "active_file:", "unevictable:", "free:",
		"mapped:", "slab_reclaimable:", "sec_pagetables:",
		"kernel_misc_reclaimable:", "free_cma:", "isolated_anon:",
		"inactive_anon:", "writeback:", "dirty:", "shmem:",
		"pagetables:", "bounce:", "Active_anon:", "Active:",
		"inactive_file:",
	};
	size_t i;
	long long v;

	for (i = 0; i < sizeof(pfx) / sizeof(pfx[0]); i++)
		if (starts(m, pfx[i]))
			break;
	if (i == sizeof(pfx) / sizeof(pfx[0]))
		return 0;
	if (kv_num(m, "free:", &v))
		ev->g_free = v;
	if (kv_num(m, "free_cma:", &v))
		ev->g_free_cma = v;
	if (kv_num(m, "free_pcp:", &v))
		ev->g_free_pcp = v;
	return 1;
}

static int pages_line(struct oomx_event *ev, const char *m)
{
	long long v;
	const char *s = parse_u(m, &v);

	if (!s || *s != ' ')
		return 0;
	if (!strcmp(s, " pages RAM") || !strcmp(s, " pages of RAM"))
		ev->pages_ram = v;
	else if (!strcmp(s, " pages reserved") ||
		 !strcmp(s, " reserved pages"))
		ev->pages_reserved = v;
	return strstr(s, "pages") != NULL;
}

static int memcg_line(struct oomx_parser *p, struct oomx_event *ev,
		      const char *m)
{
	const char *s;
	long long v;

	if (starts(m, "memory: usage ") || starts(m, "memory+swap: usage ")) {
		int sw = m[6] == '+';

		s = strchr(m, ' ') + 7;
		if (parse_u(s, &v)) {
			if (sw)
				ev->memsw_usage_kb = v;
			else
				ev->memcg_usage_kb = v;
		}
		s = strstr(m, "limit ");
		if (s && parse_u(s + 6, &v)) {
			if (sw)
				ev->memsw_limit_kb = v;
			else
				ev->memcg_limit_kb = v;
		}
		s = strstr(m, "failcnt ");
		if (!sw && s && parse_u(s + 8, &v))
			ev->memcg_failcnt = v;
		return 1;
	}
	if (starts(m, "swap: usage ") || starts(m, "kmem: usage ") ||
	    starts(m, "tcpmem: usage "))
		return 1;
	if (starts(m, "Memory cgroup stats for ")) {
		p->mode = M_MEMCG_STATS;
		return 1;
	}
	/* search after "Task in ": the path may be empty, never negative */
	if (starts(m, "Task in ") &&
	    (s = strstr(m + 8, " killed as a result of limit of ")) != NULL) {
		ev->memcg_oom = 1;
		ev->memcg_task_in = ev_str(p, ev, m + 8, (size_t)(s - m - 8));
		s += 32;
		ev->memcg_limit_of = ev_str(p, ev, s, strlen(s));
		return 1;
	}
	return 0;
}

/* v2 memory.stat lines after "Memory cgroup stats for": "anon 1234" */
static int memcg_stat_line(const char *m)
{
	const char *s = m;
	long long v;

	while (is_alpha(*s) || *s == '_' || is_digit(*s))
		s++;
	if (s == m || *s != ' ')
		return 0;
	s = parse_u(s + 1, &v);
	return s && *s == '\0';
}

/* "kmalloc-64   120KB   200KB" after "Unreclaimable slab info:" */
static int slab_line(const char *m)
{
	const char *s = m;
	long long v;

	if (starts(m, "Name ") && strstr(m, "Used") && strstr(m, "Total"))
		return 1;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	s = skip_ws(s);
	s = parse_u(s, &v);
	return s && s[0] == 'K' && s[1] == 'B';
}

static void body_line(struct oomx_parser *p, const char *m)
{
	struct oomx_event *ev = p->cur;
	const char *s;
	long long v;
	int node, type;

	if (p->rec != R_NONE && rec_continues(p, m)) {
		rec_append(p, m);
		p->unrec_run = 0;
		return;
	}
	rec_flush(p);

	if (p->mode == M_MEMCG_STATS && memcg_stat_line(m))
		goto ok;
	if (p->mode == M_SLAB && slab_line(m))
		goto ok;
	p->mode = M_NONE;

	if (starts(m, "Node ")) {
		s = parse_u(m + 5, &v);
		if (s && *s == ' ' && v < 64)
			ev->nodes_seen |= 1ULL << v;
	}
	if ((s = zone_prefix(m, &node, &type)) != NULL) {
		long zi;

		if (starts(s, " free:")) {
			zi = zone_get(p, ev, node, type);
			if (zi < 0)
				goto zone_dropped;
			p->last_stats_zone = zi;
			rec_start(p, R_ZONE, zi, s + 1);
			goto ok;
		}
		if (s[0] == ':' && (s[1] == ' ' || s[1] == '\0')) {
			zi = zone_get(p, ev, node, type);
			if (zi < 0)
				goto zone_dropped;
			rec_start(p, R_BUDDY, zi, s + 1);
			goto ok;
		}
		if (starts(s, " per-cpu:"))
			goto ok;
	}
	if (starts(m, "lowmem_reserve[]:")) {
		struct oomx_zone *z;

		if (p->last_stats_zone < 0 ||
		    (size_t)p->last_stats_zone >= ev->nr_zones)
			goto ok;
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
		goto ok;
	}
	if (starts(m, "Mem-Info:") || starts(m, "Mem-info:")) {
		ev->has_meminfo = 1;
		goto ok;
	}
	if (meminfo_line(ev, m))
		goto ok;
	if (starts(m, "Node ")) {
		/* pgdat summary and hugepage lines */
		s = parse_u(m + 5, &v);
		if (s && *s == ' ')
			goto ok;
	}
	if (is_digit(*m) && pages_line(ev, m)) {
		if (ev->kind == OOMX_K_ALLOC_FAIL && ev->has_meminfo)
			p->fail_tail = 1;
		goto ok;
	}
	if (starts(m, "Free swap")) {
		s = strchr(m, '=');
		if (s && parse_u(skip_ws(s + 1), &v))
			ev->free_swap_kb = v;
		goto ok;
	}
	if (starts(m, "Total swap")) {
		s = strchr(m, '=');
		if (s && parse_u(skip_ws(s + 1), &v))
			ev->total_swap_kb = v;
		goto ok;
	}
	if (starts(m, "Swap cache") || starts(m, "Tasks state") ||
	    starts(m, "Free pages:"))
		goto ok;
	if (m[0] == '[') {
		if (table_row(p, ev, m) || table_header(p, ev, m))
			goto ok;
	}
	if (starts(m, "oom-kill:")) {
		parse_oom_kill(p, ev, m);
		goto ok;
	}
	if (starts(m, "Memory cgroup out of memory:"))
		ev->memcg_oom = 1;
	if ((s = strstr(m, "Killed process ")) != NULL) {
		parse_killed(p, ev, s + 15);
		close_event(p);
		return;
	}
	if ((s = strstr(m, "Kill process ")) != NULL ||
	    (s = strstr(m, "kill process ")) != NULL) {
		if (*s == 'k')
			ev->shape |= OOMX_SH_KILL_LOWER;
		s = pid_comm(p, ev, s + 13, &ev->chosen_pid, &ev->chosen_comm,
			     " score ");
		if (s && (s = strstr(s, "score ")) != NULL &&
		    parse_u(s + 6, &v))
			ev->chosen_score = v;
		goto ok;
	}
	if (strstr(m, "no killable processes") ||
	    strstr(m, "No available memory")) {
		ev->no_killable = 1;
		goto ok;
	}
	if (starts(m, "Kernel panic") || strstr(m, "deadlocked on memory")) {
		ev->panic = 1;
		close_event(p);
		return;
	}
	if ((starts(m, "CPU: ") && strstr(m, "PID: ")) ||
	    (starts(m, "Pid: ") && strstr(m, ", comm: "))) {
		parse_cpu_line(p, ev, m);
		goto ok;
	}
	if (starts(m, "CPU") && strstr(m, "hi:"))
		goto ok;
	/* 2.6.18 per-cpu lines: "cpu 0 hot: high 186, batch 31 used:30" */
	if (starts(m, "cpu ") && (strstr(m, " hot: ") || strstr(m, " cold: ")))
		goto ok;
	if (trace_line(ev, m))
		goto ok;
	if ((s = strstr(m, " cpuset=")) != NULL &&
	    strstr(s, " mems_allowed=")) {
		const char *e = strstr(s, " mems_allowed=");

		if (!ev->cpuset)
			ev->cpuset = ev_str(p, ev, s + 8, (size_t)(e - s - 8));
		if (!ev->mems_allowed)
			ev->mems_allowed = ev_str(p, ev, e + 14, strlen(e + 14));
		goto ok;
	}
	if (memcg_line(p, ev, m))
		goto ok;
	if (starts(m, "Unreclaimable slab info:")) {
		p->mode = M_SLAB;
		goto ok;
	}
	if (strstr(m, "Manual OOM execution") || reaper_line(p, m) ||
	    strstr(m, "COMPACTION is disabled"))
		goto ok;

	/*
	 * A failure report has no kill line: its first unknown line after
	 * the closing page counts is the log going on.
	 */
	if (ev->kind == OOMX_K_ALLOC_FAIL && p->fail_tail) {
		close_event(p);
		return;
	}
	ev->skipped++;
	if (p->skipf) {
		/* the line is the log's: shown escaped, as every output */
		fprintf(p->skipf, "oom-explain: event %d: skipped: ", ev->index);
		oomx_write_escaped(p->skipf, m, strlen(m));
		fputc('\n', p->skipf);
	}
	if (++p->unrec_run >= UNREC_CLOSE) {
		ev->skipped -= p->unrec_run;
		close_event(p);
	}
	return;
zone_dropped:
	/* more zones than a machine has: counted, not kept */
	if (p->failed)
		return;
	ev->dropped.zone_lines++;
ok:
	p->unrec_run = 0;
	ev->last_off = p->offset;
}

/* ---------- prefixes ---------- */

static int is_month(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int i;

	for (i = 0; i < 12; i++)
		if (!strncmp(s, months + 3 * i, 3))
			return 1;
	return 0;
}

/* "[Sun Aug 11 20:21:28 2024]" */
static int dmesg_t(const char *s)
{
	int i;

	for (i = 1; i <= 24; i++)
		if (!s[i])
			return 0;
	return s[25] == ']' && is_alpha(s[1]) && s[4] == ' ' && is_month(s + 5) &&
	       s[8] == ' ' && s[14] == ':' && s[17] == ':' && s[20] == ' ' &&
	       is_digit(s[21]) && is_digit(s[24]);
}

/* Strip level, timestamps and syslog header; NULL if not a kernel line. */
static const char *strip_prefix(const char *s)
{
	const char *q;

	if (s[0] == '<' && is_digit(s[1])) {
		q = s + 1;
		while (is_digit(*q) && q - s < 5)
			q++;
		if (*q == '>')
			s = q + 1;
	}
	/* dmesg -x: "kern  :warn  : " */
	if (starts(s, "kern") && s[4] == ' ') {
		q = s + 4;
		while (*q == ' ')
			q++;
		if (*q == ':') {
			q++;
			while (is_alpha(*q))
				q++;
			while (*q == ' ')
				q++;
			if (q[0] == ':' && q[1] == ' ')
				s = q + 2;
		}
	}
	/* "Aug 11 20:21:28 host kernel: " or ISO 8601 "2024-08-11T..." */
	if ((is_month(s) && s[3] == ' ') ||
	    (is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
	     is_digit(s[3]) && s[4] == '-' && is_digit(s[5]) &&
	     is_digit(s[6]) && s[7] == '-' && is_digit(s[8]) &&
	     is_digit(s[9]) && s[10] == 'T')) {
		const char *k = strstr(s, " kernel: ");

		/* dmesg --time-format=iso: "2024-08-11T20:21:28,123456+00:00 " */
		if (s[10] == 'T' && s[19] == ',' && (!k || k - s > 160)) {
			q = strchr(s, ' ');
			return q ? q + 1 : s + strlen(s);
		}
		if (!k || k - s > 160)
			return NULL;
		s = k + 9;
	}
	if (s[0] == '[') {
		q = s + 1;
		while (*q == ' ')
			q++;
		if (is_digit(*q)) {
			while (is_digit(*q))
				q++;
			if (*q == '.') {
				q++;
				while (is_digit(*q))
					q++;
				if (*q == ']') {
					s = q + 1;
					if (*s == ' ')
						s++;
				}
			}
		} else if (dmesg_t(s)) {
			s += 26;
			if (*s == ' ')
				s++;
		}
		/* printk caller id "[  T123]" */
		if (s[0] == '[') {
			q = s + 1;
			while (*q == ' ')
				q++;
			if ((*q == 'T' || *q == 'C') && is_digit(q[1])) {
				q++;
				while (is_digit(*q))
					q++;
				if (*q == ']') {
					s = q + 1;
					if (*s == ' ')
						s++;
				}
			}
		}
		/* journalctl -o short-monotonic: "[ts] host kernel: " */
		q = s;
		while (*q && *q != ' ' && q - s < 64)
			q++;
		if (*q == ' ' && starts(q + 1, "kernel: "))
			s = q + 9;
	}
	return s;
}

/* ---------- learned prefixes ---------- */

static int is_letter(int c)
{
	return is_alpha(c) || (unsigned char)c >= 0x80;
}

/*
 * Does line start with a prefix of the learned shape?  Runs of digits and
 * of letters (any bytes >= 0x80 count as letters, for month names in any
 * language) match runs of any length, runs of spaces match any number of
 * spaces (dmesg pads its seconds), every other byte matches itself.
 */
static const char *shape_match(const char *pat, size_t n, const char *line)
{
	const char *pe = pat + n, *s = line;

	while (pat < pe) {
		if (is_digit(*pat)) {
			while (pat < pe && is_digit(*pat))
				pat++;
			if (!is_digit(*s))
				return NULL;
			while (is_digit(*s))
				s++;
		} else if (is_letter(*pat)) {
			while (pat < pe && is_letter(*pat))
				pat++;
			if (!is_letter(*s))
				return NULL;
			while (is_letter(*s))
				s++;
		} else if (*pat == ' ') {
			while (pat < pe && *pat == ' ')
				pat++;
			while (*s == ' ')
				s++;
		} else {
			if (*s != *pat)
				return NULL;
			s++;
			pat++;
		}
	}
	return s;
}

/*
 * On an event's first line the task name is followed by the needle, and
 * the prefix ends at the last "] " or ": " before the name.
 */
static size_t learned_end(const char *line, const char *at, int kind)
{
	const char *e = at, *q, *best = NULL;

	while (e > line && e[-1] == ' ')
		e--;
	if (kind == OOMX_K_ALLOC_FAIL && e > line && e[-1] == ':')
		e--;
	for (q = line; q + 1 < e; q++)
		if ((q[0] == ']' || q[0] == ':') && q[1] == ' ')
			best = q + 2;
	return best ? (size_t)(best - line) : 0;
}

/* The event's time as the log printed it: a [stamp] or a syslog date. */
static void find_stamp(const char *line, size_t plen, const char **st,
		       size_t *n)
{
	const char *s = line, *e = line + plen, *q;

	*st = NULL;
	*n = 0;
	if (s[0] == '<' && is_digit(s[1])) {
		q = s + 1;
		while (q < e && is_digit(*q))
			q++;
		if (q < e && *q == '>')
			s = q + 1;
	}
	if (starts(s, "kern ") && (q = strstr(s, ": ")) != NULL &&
	    (q = strstr(q + 2, ": ")) != NULL && q < e)
		s = q + 2;
	if (s < e && *s != '[') {
		/* RFC 3164 "Nov 22 03:45:35", ISO 8601, or any date: to the
		 * end of the last token holding a colon before the host */
		const char *t = s, *last = NULL;

		while (t < e && *t != '[') {
			const char *w = t;

			while (t < e && *t != ' ')
				t++;
			if (memchr(w, ':', (size_t)(t - w)) && t - w > 3 &&
			    (t - w < 2 || t[-1] != ':'))
				last = t;
			else if (last)
				break;
			while (t < e && *t == ' ')
				t++;
		}
		if (last) {
			*st = s;
			*n = (size_t)(last - s);
			return;
		}
	}
	q = memchr(s, '[', (size_t)(e - s));
	if (q) {
		const char *r = memchr(q, ']', (size_t)(e - q));

		if (r) {
			*st = q;
			*n = (size_t)(r - q + 1);
		}
	}
}

static int has_digit(const char *s, const char *e)
{
	for (; s < e; s++)
		if (is_digit(*s))
			return 1;
	return 0;
}

/* ---------- line dispatch ---------- */

static void dispatch(struct oomx_parser *p, const char *m, int cut);

static const char *fail_needle(const char *m)
{
	const char *at = strstr(m, NEEDLE_FAIL);

	if (at && (starts(at + sizeof(NEEDLE_FAIL) - 1, ": order:") ||
		   starts(at + sizeof(NEEDLE_FAIL) - 1, ". order:")))
		return at;
	return NULL;
}

static void handle_line(struct oomx_parser *p, const char *raw, size_t n,
			int cut)
{
	const char *m;
	size_t i;

	if (n && raw[n - 1] == '\r')
		n--;
	if (n + 1 > p->line_cap) {
		size_t cap = p->line_cap ? p->line_cap : 256;
		char *l;

		while (cap < n + 1)
			cap *= 2;
		l = realloc(p->line, cap);
		if (!l) {
			p->failed = 1;
			return;
		}
		p->line = l;
		p->line_cap = cap;
	}
	for (i = 0; i < n; i++)
		p->line[i] = raw[i] ? raw[i] : ' ';
	p->line[n] = '\0';

	if (p->post_lines > 0 && --p->post_lines == 0 && !p->cur) {
		emit(p, p->done);
		p->done = NULL;
	}
	m = NULL;
	if (p->lpfx_len)
		m = shape_match(p->lpfx, p->lpfx_len, p->line);
	if (!m)
		m = strip_prefix(p->line);
	p->stamp_len = 0;
	{
		const char *at = strstr(p->line, NEEDLE);
		int kind = OOMX_K_OOM;

		if (!at) {
			at = fail_needle(p->line);
			kind = OOMX_K_ALLOC_FAIL;
		}
		if (at) {
			const char *fast = strip_prefix(p->line);
			size_t le = learned_end(p->line, at, kind);
			size_t fe = fast ? (size_t)(skip_ws(fast) - p->line) : 0;

			p->lpfx_len = 0;
			if (le > fe && le <= PFX_MAX &&
			    has_digit(p->line + fe, p->line + le)) {
				memcpy(p->lpfx, p->line, le);
				p->lpfx[le] = '\0';
				p->lpfx_len = le;
				m = p->line + le;
			} else {
				m = fast;
			}
			if (m)
				find_stamp(p->line, (size_t)(m - p->line),
					   &p->stamp, &p->stamp_len);
		}
	}
	if (!m) {
		if (p->cur)
			p->cur->foreign++;
		return;
	}
	m = skip_ws(m);
	/* rsyslog writes the newlines inside one message as "#012" */
	if (strstr(m, "#012")) {
		char *q, *s = (char *)m;

		while ((q = strstr(s, "#012")) != NULL) {
			*q = '\0';
			dispatch(p, skip_ws(s), cut);
			s = q + 4;
		}
		dispatch(p, skip_ws(s), cut);
		return;
	}
	dispatch(p, m, cut);
}

static void dispatch(struct oomx_parser *p, const char *m, int cut)
{
	const char *at;
	int kind = OOMX_K_OOM;

	at = strstr(m, NEEDLE);
	if (!at) {
		at = fail_needle(m);
		kind = OOMX_K_ALLOC_FAIL;
	}
	if (at) {
		start_event(p, m, at, kind);
		if (cut && p->cur)
			p->cur->cut_lines++;
		return;
	}
	if (p->cur) {
		if (cut)
			p->cur->cut_lines++;
		if (*m)
			body_line(p, m);
	} else if (p->done) {
		reaper_line(p, m);
	}
}

static int line_mode(const struct oomx_parser *p)
{
	return p->cur || p->done;
}

/*
 * Both needles are looked for in one pass: Horspool's search extended to
 * several patterns (Wu and Manber), keyed on byte pairs as glibc's
 * memmem() is for one.  A window as long as the shorter needle moves along
 * the input, and the pair of bytes at its end says how far.  scan_pos[]
 * holds, per hash of each pair in the first SCAN_M bytes of either needle,
 * the furthest position (1 to SCAN_M - 1) at which such a pair ends.  0
 * means neither needle has it, and the window moves on by the whole
 * SCAN_M - 1 bytes, a step whose address does not wait for the table
 * load; ordinary log text mostly takes that step.  The needles are
 * compared only where the pair ends the window's part of one of them.
 */
static size_t scan_hash(const char *q)
{
	return (((size_t)(unsigned char)q[-1] << 4) ^ (unsigned char)q[0]) &
	       (SCAN_TAB - 1);
}

static void scan_init(struct oomx_parser *p)
{
	static const char *const needles[] = { NEEDLE, NEEDLE_FAIL };
	size_t i, j;

	for (i = 0; i < sizeof(needles) / sizeof(needles[0]); i++)
		for (j = 1; j < SCAN_M; j++) {
			unsigned char *pos;

			pos = &p->scan_pos[scan_hash(needles[i] + j)];
			if (*pos < j)
				*pos = (unsigned char)j;
		}
}

/* Where either needle first occurs in [s, end); end if nowhere. */
static const char *scan_next(const struct oomx_parser *p, const char *s,
			     const char *end)
{
	const unsigned char *tab = p->scan_pos;
	size_t n = (size_t)(end - s);
	size_t i = SCAN_M - 1;		/* the window's last byte */

	for (;;) {
		const char *w;
		size_t pos = 0;

		while (i < n && !(pos = tab[scan_hash(s + i)]))
			i += SCAN_M - 1;
		if (i >= n)
			return end;
		if (pos < SCAN_M - 1) {
			i += SCAN_M - 1 - pos;
			continue;
		}
		w = s + i - (SCAN_M - 1);
		if (!memcmp(w, NEEDLE, SCAN_M) ||
		    ((size_t)(end - w) >= sizeof(NEEDLE_FAIL) - 1 &&
		     !memcmp(w, NEEDLE_FAIL, sizeof(NEEDLE_FAIL) - 1)))
			return w;
		i++;
	}
}

int oomx_feed(struct oomx_parser *p, const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len;
	long long base = p->fed;

	if (p->failed)
		return -1;
	p->fed += (long long)len;
	/* complete a line carried over from the last feed */
	if (p->carry.len || p->carry_cut) {
		const char *nl = memchr(s, '\n', len);
		size_t take = nl ? (size_t)(nl - s) : len;
		size_t room = OOMX_LINE_MAX - p->carry.len;

		if (take > room) {
			p->carry_cut = 1;
			take = room;
		}
		if (take && oomx_buf_add(&p->carry, s, take))
			return -1;
		if (!nl)
			return 0;
		p->offset = p->carry_off;
		if (line_mode(p) || (p->carry.p && (strstr(p->carry.p, NEEDLE) ||
						    strstr(p->carry.p, NEEDLE_FAIL))))
			handle_line(p, p->carry.p ? p->carry.p : "",
				    p->carry.len, p->carry_cut);
		p->carry.len = 0;
		p->carry_cut = 0;
		s = nl + 1;
	}
	while (s < end) {
		const char *nl;

		if (!line_mode(p)) {
			const char *hit, *ls;

			hit = scan_next(p, s, end);
			if (hit == end) {
				/* keep the tail: the needle may straddle */
				const char *lnl = memrchr(s, '\n', (size_t)(end - s));

				if (lnl)
					s = lnl + 1;
				break;
			}
			ls = memrchr(s, '\n', (size_t)(hit - s));
			s = ls ? ls + 1 : s;
		}
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			break;
		p->offset = base + (s - buf);
		if ((size_t)(nl - s) > OOMX_LINE_MAX)
			handle_line(p, s, OOMX_LINE_MAX, 1);
		else
			handle_line(p, s, (size_t)(nl - s), 0);
		s = nl + 1;
		if (p->failed)
			return -1;
	}
	if (s < end) {
		size_t n = (size_t)(end - s);

		if (n > OOMX_LINE_MAX) {
			n = OOMX_LINE_MAX;
			p->carry_cut = 1;
		}
		p->carry_off = base + (s - buf);
		if (oomx_buf_add(&p->carry, s, n))
			return -1;
	}
	return p->failed ? -1 : 0;
}

int oomx_finish(struct oomx_parser *p)
{
	if (p->carry.len) {
		p->offset = p->carry_off;
		if (line_mode(p) || strstr(p->carry.p, NEEDLE) ||
		    strstr(p->carry.p, NEEDLE_FAIL))
			handle_line(p, p->carry.p, p->carry.len, p->carry_cut);
		p->carry.len = 0;
	}
	close_event(p);
	emit(p, p->done);
	p->done = NULL;
	return p->failed ? -1 : 0;
}

struct oomx_parser *oomx_parser_new(oomx_event_cb cb, void *arg)
{
	struct oomx_parser *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->cb = cb;
	p->arg = arg;
	p->last_stats_zone = -1;
	p->rec_zone = -1;
	scan_init(p);
	return p;
}

int oomx_idle(struct oomx_parser *p)
{
	close_event(p);
	emit(p, p->done);
	p->done = NULL;
	p->post_lines = 0;
	return p->failed ? -1 : 0;
}

void oomx_parser_free(struct oomx_parser *p)
{
	if (!p)
		return;
	event_free(p->cur);
	event_free(p->done);
	oomx_buf_free(&p->carry);
	oomx_buf_free(&p->recbuf);
	free(p->line);
	free(p);
}

void oomx_parser_list_skipped(struct oomx_parser *p, FILE *f)
{
	p->skipf = f;
}

long long oomx_bytes(const struct oomx_parser *p)
{
	return p->fed;
}
