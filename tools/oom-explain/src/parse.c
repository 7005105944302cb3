// SPDX-License-Identifier: GPL-2.0
/*
 * OOM report parser: feeding, dispatch and the life of an event.
 *
 * Outside an event the input is scanned in one pass (scan_next()) for
 * the strings every report starts with, "invoked oom-killer:", "page
 * allocation failure" and "page allocation stalls for", so ordinary log
 * lines cost no per-line work.  From that line on, lines are taken one
 * by one, their prefix (console level, timestamp, syslog header;
 * prefix.c) removed and the message classified by the table of line
 * shapes (shapes[]), whose handlers live in the file of their concern
 * (see parse.h).  An event ends with its kill line, a
 * panic, the end of a failure report or a long run of unknown lines; a
 * reaper line that follows may still complete it.  A failure or stall
 * warning kills nothing: it ends with its page counts.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define POST_LINES	2000	/* lines after a kill watched for the reaper */
#define UNREC_CLOSE	400	/* unrecognised lines that end an event */
#define SCAN_M		(sizeof(NEEDLE) - 1)	/* scan window: the shortest needle */

_Static_assert(sizeof(NEEDLE) <= sizeof(NEEDLE_FAIL) &&
	       sizeof(NEEDLE) <= sizeof(NEEDLE_STALL), "NEEDLE is the shortest");

/* Does s hold the start of any report? */
static int has_needle(const char *s)
{
	return strstr(s, NEEDLE) || strstr(s, NEEDLE_FAIL) ||
	       strstr(s, NEEDLE_STALL);
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
	ev->date = OOMX_UNKNOWN;
	ev->kill_pid = ev->kill_uid = OOMX_UNKNOWN;
	ev->memcg_usage_kb = ev->memcg_limit_kb = OOMX_UNKNOWN;
	ev->memcg_failcnt = OOMX_UNKNOWN;
	ev->memsw_usage_kb = ev->memsw_limit_kb = OOMX_UNKNOWN;
	ev->memcg_anon = OOMX_UNKNOWN;
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
	ev->stall_ms = OOMX_UNKNOWN;
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
size_t ev_str(struct oomx_parser *p, struct oomx_event *ev,
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

/* The closed event is complete: out with it, and stop waiting. */
void emit_done(struct oomx_parser *p)
{
	emit(p, p->done);
	p->done = NULL;
	p->post_lines = 0;
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
	if (p->done->kind != OOMX_K_OOM) {
		/* nothing was killed: no reaper line to wait for */
		emit_done(p);
	}
	p->mode = M_NONE;
	p->ncols = 0;
	p->unrec_run = 0;
}

static void start_event(struct oomx_parser *p, const char *m, const char *at,
			int kind)
{
	struct oomx_event *ev;

	close_event(p);
	/* a new report ends the wait for the last one's reaper */
	emit_done(p);
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
	p->head_cut = 0;
	ev->kind = kind;
	if (p->stamp_len) {
		ev->stamp = ev_str(p, ev, p->stamp, p->stamp_len);
		ev->stamp_secs = stamp_seconds(p->stamp, p->stamp_len);
		ev->date = stamp_date(p->stamp, p->stamp_len, &ev->date_kind);
	}
	if (p->lpfx_len)
		ev->prefix = ev_str(p, ev, p->lpfx, p->lpfx_len);
	if (kind != OOMX_K_OOM)
		parse_fail_header(p, ev, m, at);
	else
		parse_header(p, ev, m, at);
}

/* ---------- lines inside an event ---------- */

/*
 * The shapes of the lines inside a report, tried in this order until a
 * handler takes the line: an entry is asked only about lines that start
 * with its prefix and hold its string (where it names them), and an
 * entry without a handler knows its lines with nothing to take from
 * them.  The order is the precedence where shapes overlap: a zone line
 * before the summary of its node, the memory.stat and slab lines a
 * header announced before everything, the kill lines before the call
 * trace, whose words appear in them.
 */
static const struct line_shape {
	const char *prefix;
	const char *has;
	int (*handle)(struct oomx_parser *p, const char *m);
} shapes[] = {
	{ NULL, NULL, fail_header_rest },	/* a first line wrapped */
	{ NULL, NULL, stats_mode_line },
	{ "Node ", NULL, node_seen },		/* notes the node, goes on */
	{ NULL, NULL, zone_line },
	{ "lowmem_reserve[]:", NULL, lowmem_reserve_line },
	{ "Mem-Info:", NULL, meminfo_start },
	{ "Mem-info:", NULL, meminfo_start },
	{ NULL, NULL, meminfo_line },
	{ "Node ", NULL, node_summary_line },
	{ NULL, NULL, pages_line },
	{ NULL, NULL, swap_line },
	{ "Swap cache", NULL, NULL },
	{ "Tasks state", NULL, NULL },
	{ "Free pages:", NULL, NULL },
	{ "[", NULL, task_line },
	{ "oom-kill:", NULL, oom_kill_line },
	{ "Memory cgroup out of memory:", NULL, memcg_oom_line }, /* goes on */
	{ NULL, NULL, killed_line },
	{ NULL, NULL, kill_process_line },
	{ NULL, NULL, no_killable_line },
	{ NULL, NULL, panic_line },
	{ NULL, NULL, cpu_line },
	{ NULL, NULL, pcp_line },
	{ NULL, NULL, trace_line },
	{ NULL, NULL, cpuset_line },
	{ NULL, NULL, memcg_line },
	{ "Unreclaimable slab info:", NULL, slab_start },
	{ NULL, "Manual OOM execution", NULL },
	{ NULL, NULL, reaper_line },
	{ NULL, "COMPACTION is disabled", NULL },
};

static void body_line(struct oomx_parser *p, const char *m)
{
	struct oomx_event *ev = p->cur;
	int r = LINE_NO;
	size_t i;

	if (rec_line(p, m)) {
		p->unrec_run = 0;
		return;
	}
	for (i = 0; r == LINE_NO && i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		const struct line_shape *sh = &shapes[i];

		if ((sh->prefix && !starts(m, sh->prefix)) ||
		    (sh->has && !strstr(m, sh->has)))
			continue;
		r = sh->handle ? sh->handle(p, m) : LINE_OK;
	}
	if (r == LINE_CLOSED) {
		close_event(p);
		return;
	}
	if (r == LINE_DROPPED) {
		/* more zones than a machine has: counted, not kept */
		if (p->failed)
			return;
		ev->dropped.zone_lines++;
	}
	if (r != LINE_NO) {
		p->unrec_run = 0;
		ev->last_off = p->offset;
		return;
	}

	/*
	 * A failure or stall report has no kill line: its first unknown
	 * line after the closing page counts is the log going on.
	 */
	if (ev->kind != OOMX_K_OOM && p->fail_tail) {
		close_event(p);
		return;
	}
	ev->skipped++;
	if (p->skipf) {
		/* the line is the log's: shown escaped, as every output */
		fputs("oom-explain: ", p->skipf);
		if (p->skipname) {
			oomx_write_escaped(p->skipf, p->skipname, strlen(p->skipname));
			fputs(": ", p->skipf);
		}
		fprintf(p->skipf, "event %d: skipped: ", ev->index);
		oomx_write_escaped(p->skipf, m, strlen(m));
		fputc('\n', p->skipf);
	}
	if (++p->unrec_run >= UNREC_CLOSE) {
		ev->skipped -= p->unrec_run;
		close_event(p);
	}
}

/* ---------- line dispatch ---------- */

static void dispatch(struct oomx_parser *p, const char *m, int cut);

/*
 * Where m starts a report, and of which kind; NULL if it does not.  A
 * failure's line may end at "failure:" when a mail client or a relay
 * wrapped it; its order and mode then follow on the next line.
 */
static const char *needle(const char *m, int *kind)
{
	const char *at = strstr(m, NEEDLE), *s;

	*kind = OOMX_K_OOM;
	if (at)
		return at;
	*kind = OOMX_K_ALLOC_FAIL;
	at = strstr(m, NEEDLE_FAIL);
	if (at) {
		s = at + sizeof(NEEDLE_FAIL) - 1;
		if (starts(s, ": order:") || starts(s, ". order:") ||
		    ((*s == ':' || *s == '.') && !*skip_ws(s + 1)))
			return at;
	}
	/* "comm: page allocation stalls for 10079ms, order:0, ..." */
	*kind = OOMX_K_ALLOC_STALL;
	at = strstr(m, NEEDLE_STALL);
	if (at && at[sizeof(NEEDLE_STALL) - 1] == ' ' &&
	    is_digit(at[sizeof(NEEDLE_STALL)]))
		return at;
	return NULL;
}

/* Are lines read one by one (an event, its reaper, a held line)? */
static int line_mode(const struct oomx_parser *p)
{
	return p->cur || p->done || p->held_on;
}

/*
 * A mail client that wraps long lines (format=flowed, RFC 3676) ends
 * each piece but the last with a space and gives the next pieces no
 * prefix.  So a report's line that has a prefix and ends in a space is
 * held (hold()), and the lines after it without a prefix of their own
 * are joined to it (held_join()) before it is read (release()).  Logs
 * without prefixes are never joined: there every line has none.
 */
static int hold(struct oomx_parser *p, const char *m, int cut)
{
	if (p->stamp_len > PFX_MAX)
		return 0;
	p->held.len = 0;
	if (oomx_buf_add(&p->held, m, strlen(m))) {
		p->failed = 1;
		return 1;
	}
	memcpy(p->held_stamp, p->stamp ? p->stamp : "", p->stamp_len);
	p->held_stamp_len = p->stamp_len;
	p->held_off = p->offset;
	p->held_cut = cut;
	p->held_on = 1;
	return 1;
}

/* The held line, read now, with its own offset and stamp. */
static void release(struct oomx_parser *p)
{
	long long off = p->offset;

	if (!p->held_on)
		return;
	p->held_on = 0;
	p->offset = p->held_off;
	p->stamp = p->held_stamp;
	p->stamp_len = p->held_stamp_len;
	dispatch(p, p->held.p, p->held_cut);
	p->offset = off;
	p->stamp_len = 0;
}

/* Is the line p->line (n bytes) the rest of the held one?  Joined if so. */
static int held_join(struct oomx_parser *p, size_t n, int cut)
{
	const char *c = prefix_bare(p);
	int kind;
	size_t len;

	if (!c || !*skip_ws(c) || needle(p->line, &kind))
		return 0;
	len = strlen(c);
	if (p->held.len + len > OOMX_LINE_MAX) {
		len = OOMX_LINE_MAX - p->held.len;
		cut = 1;
	}
	if (oomx_buf_add(&p->held, c, len)) {
		p->failed = 1;
		return 1;
	}
	p->held_cut |= cut;
	if (!n || p->line[n - 1] != ' ' || cut)
		release(p);
	return 1;
}

static void handle_line(struct oomx_parser *p, const char *raw, size_t n,
			int cut)
{
	const char *m, *at;
	int kind;
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

	if (p->held_on) {
		if (held_join(p, n, cut))
			return;
		release(p);
	}
	if (p->post_lines > 0 && --p->post_lines == 0 && !p->cur)
		emit_done(p);
	if (p->kmsg && kmsg_dict_line(p->line))
		return;
	m = prefix_strip(p);
	p->stamp_len = 0;
	at = needle(p->line, &kind);
	if (at)
		m = prefix_learn(p, at, kind);
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
	if (!p->kmsg && n && p->line[n - 1] == ' ' && !cut &&
	    (at || line_mode(p)) && !prefix_bare(p) && hold(p, m, cut))
		return;
	dispatch(p, m, cut);
}

static void dispatch(struct oomx_parser *p, const char *m, int cut)
{
	int kind;
	const char *at = needle(m, &kind);

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

/*
 * The needles are looked for in one pass: Horspool's search extended to
 * several patterns (Wu and Manber), keyed on byte pairs as glibc's
 * memmem() is for one.  A window as long as the shortest needle moves
 * along the input, and the pair of bytes at its end says how far.
 * scan_pos[] holds, per hash of each pair in the first SCAN_M bytes of
 * any needle, the furthest position (1 to SCAN_M - 1) at which such a
 * pair ends.  0 means no needle has it, and the window moves on by the
 * whole SCAN_M - 1 bytes, a step whose address does not wait for the table
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
	static const char *const needles[] = { NEEDLE, NEEDLE_FAIL, NEEDLE_STALL };
	size_t i, j;

	for (i = 0; i < sizeof(needles) / sizeof(needles[0]); i++)
		for (j = 1; j < SCAN_M; j++) {
			unsigned char *pos;

			pos = &p->scan_pos[scan_hash(needles[i] + j)];
			if (*pos < j)
				*pos = (unsigned char)j;
		}
}

/* Where any needle first occurs in [s, end); end if nowhere. */
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
		     !memcmp(w, NEEDLE_FAIL, sizeof(NEEDLE_FAIL) - 1)) ||
		    ((size_t)(end - w) >= sizeof(NEEDLE_STALL) - 1 &&
		     !memcmp(w, NEEDLE_STALL, sizeof(NEEDLE_STALL) - 1)))
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
		if (line_mode(p) || (p->carry.p && has_needle(p->carry.p)))
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

/* the bytes after the last newline as a line of their own; the held line */
static void flush_carry(struct oomx_parser *p)
{
	if (p->carry.len) {
		p->offset = p->carry_off;
		if (line_mode(p) || has_needle(p->carry.p))
			handle_line(p, p->carry.p, p->carry.len, p->carry_cut);
		p->carry.len = 0;
		p->carry_cut = 0;
	}
	release(p);
}

int oomx_finish(struct oomx_parser *p)
{
	flush_carry(p);
	close_event(p);
	emit_done(p);
	return p->failed ? -1 : 0;
}

int oomx_break(struct oomx_parser *p)
{
	flush_carry(p);
	return p->failed ? -1 : 0;
}

int oomx_pending(const struct oomx_parser *p)
{
	if (!p->cur || (p->cur->kind != OOMX_K_OOM && p->fail_tail))
		return 0;
	return p->cur->index;
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
	release(p);
	close_event(p);
	emit_done(p);
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
	oomx_buf_free(&p->held);
	free(p->line);
	free(p);
}

void oomx_parser_list_skipped(struct oomx_parser *p, FILE *f, const char *name)
{
	p->skipf = f;
	p->skipname = name;
}

long long oomx_bytes(const struct oomx_parser *p)
{
	return p->fed;
}
