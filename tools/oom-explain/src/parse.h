/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parser's own header: its state and what its files share.  The
 * public interface is oomx.h; nothing outside the parser includes this.
 *
 *   parse.c    feeding, the line dispatch and an event's life
 *   lex.c      numbers and key:value fields
 *   prefix.c   known line prefixes, learned ones, the event's stamp
 *   header.c   the report's first line, its CPU/Pid line, the call trace
 *   zone.c     zone and buddy lines (wrapped ones joined), lowmem_reserve
 *   tasks.c    the task table
 *   kill.c     the kill, the victim and the reaper
 *   meminfo.c  Mem-Info, page counts, swap, memcg and slab lines
 */
#ifndef OOMX_PARSE_H
#define OOMX_PARSE_H

#include <string.h>

#include "oomx.h"

#define NEEDLE		"invoked oom-killer:"
#define NEEDLE_FAIL	"page allocation failure"
#define NEEDLE_STALL	"page allocation stalls for"
#define PFX_MAX		160	/* longest prefix learned */
#define MAX_COLS	24	/* columns of a task table */
#define SCAN_TAB	4096	/* entries of the scan's byte pair table */

enum { R_NONE, R_ZONE, R_BUDDY };		/* record being accumulated */
enum { M_NONE, M_MEMCG_STATS, M_SLAB };		/* lines a header announced */

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
	const char *skipname;		/* the input they are named by, or NULL */
	char lpfx[PFX_MAX + 1];		/* learned prefix of this event, "" if none */
	size_t lpfx_len;
	size_t lpfx_quote;		/* its quote marks before the stamp ("| ") */
	int fail_tail;			/* a failure or stall is at its last lines */
	int head_cut;			/* its first line ended at "failure:" */
	int kmsg;			/* the event is read from /dev/kmsg records */
	const char *stamp;		/* timestamp of the current line */
	size_t stamp_len;
	/* a line that ended in a space, held for its rest (see hold()) */
	struct oomx_buf held;
	int held_on;
	int held_cut;
	long long held_off;
	char held_stamp[PFX_MAX + 1];
	size_t held_stamp_len;
	unsigned char scan_pos[SCAN_TAB];	/* see scan_next() in parse.c */
};

/*
 * What a line handler made of a line inside an event (see shapes[] in
 * parse.c): not its shape, so the next handler is asked; understood; a
 * zone line past the limit, counted; or the line ended the event.
 */
enum { LINE_NO, LINE_OK, LINE_DROPPED, LINE_CLOSED };

/* ---------- lex.c and the small ones every file uses ---------- */

static inline int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int starts(const char *s, const char *pfx)
{
	return strncmp(s, pfx, strlen(pfx)) == 0;
}

static inline const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

const char *parse_u(const char *s, long long *v);
const char *parse_s(const char *s, long long *v);
const char *parse_hex(const char *s, unsigned long long *v);
long long kv_kb(const char *s, const char *key);
int kv_num(const char *s, const char *key, long long *v);

/* ---------- parse.c ---------- */

size_t ev_str(struct oomx_parser *p, struct oomx_event *ev,
	      const char *s, size_t n);
void emit_done(struct oomx_parser *p);

/* ---------- prefix.c ---------- */

const char *prefix_strip(const struct oomx_parser *p);
const char *prefix_learn(struct oomx_parser *p, const char *at, int kind);
const char *prefix_bare(const struct oomx_parser *p);
int kmsg_dict_line(const char *s);
double stamp_seconds(const char *s, size_t n);
long long stamp_date(const char *s, size_t n, int *kind);

/* ---------- the line handlers: LINE_* for the line m of p->cur ---------- */

/* header.c; the first line's parsers return nothing */
void parse_header(struct oomx_parser *p, struct oomx_event *ev,
		  const char *m, const char *at);
void parse_fail_header(struct oomx_parser *p, struct oomx_event *ev,
		       const char *m, const char *at);
int fail_header_rest(struct oomx_parser *p, const char *m);
int cpu_line(struct oomx_parser *p, const char *m);
int trace_line(struct oomx_parser *p, const char *m);

/* zone.c; rec_line() takes a continuation of a wrapped record */
int rec_line(struct oomx_parser *p, const char *m);
void rec_flush(struct oomx_parser *p);
int node_seen(struct oomx_parser *p, const char *m);
int zone_line(struct oomx_parser *p, const char *m);
int lowmem_reserve_line(struct oomx_parser *p, const char *m);

/* tasks.c */
int task_line(struct oomx_parser *p, const char *m);

/* kill.c; reaper_line() also after the event, while p->done waits */
int oom_kill_line(struct oomx_parser *p, const char *m);
int memcg_oom_line(struct oomx_parser *p, const char *m);
int killed_line(struct oomx_parser *p, const char *m);
int kill_process_line(struct oomx_parser *p, const char *m);
int no_killable_line(struct oomx_parser *p, const char *m);
int panic_line(struct oomx_parser *p, const char *m);
int cpuset_line(struct oomx_parser *p, const char *m);
int reaper_line(struct oomx_parser *p, const char *m);

/* meminfo.c */
int stats_mode_line(struct oomx_parser *p, const char *m);
int meminfo_start(struct oomx_parser *p, const char *m);
int meminfo_line(struct oomx_parser *p, const char *m);
int node_summary_line(struct oomx_parser *p, const char *m);
int pages_line(struct oomx_parser *p, const char *m);
int swap_line(struct oomx_parser *p, const char *m);
int pcp_line(struct oomx_parser *p, const char *m);
int memcg_line(struct oomx_parser *p, const char *m);
int slab_start(struct oomx_parser *p, const char *m);

#endif
