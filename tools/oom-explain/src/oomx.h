/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oom-explain: read OOM-killer reports from kernel logs and explain them.
 *
 * The parser is a push parser: feed it bytes in any chunk sizes, it calls
 * back once per complete OOM event.  Nothing here depends on stdio except
 * the report writers.
 */
#ifndef OOMX_H
#define OOMX_H

#include <stddef.h>
#include <stdio.h>

#define OOMX_UNKNOWN	(-0x7fffffffffffffffLL - 1)	/* not in the report */
#ifndef OOMX_VERSION
#define OOMX_VERSION	"unknown"	/* the Makefile passes ../../VERSION */
#endif
#define OOMX_SCHEMA_VERSION 3		/* of the JSON objects: schema/oom-explain.schema.json */
#define OOMX_SUMMARY_SCHEMA_VERSION 1	/* of --summary --json: schema/oom-explain-summary.schema.json */
#define OOMX_MAX_ORDERS	32		/* buddy orders kept per zone */
#define OOMX_LINE_MAX	(1 << 16)	/* longer lines are cut and counted */
/*
 * What one event may hold, each checked before anything is stored, so
 * that memory stays bounded whatever the input (what is kept out is
 * counted in struct oomx_event's dropped):
 */
#ifndef OOMX_MAX_TASKS			/* the fuzz target sets small ones */
#define OOMX_MAX_TASKS	(1 << 17)	/* task table rows */
#define OOMX_NAME_MAX	64		/* bytes of a task name */
#define OOMX_MAX_ZONES	256		/* zones (64 nodes of 4) */
#define OOMX_MAX_RESERVE 64		/* lowmem_reserve[] entries of a zone */
#define OOMX_REC_MAX	OOMX_LINE_MAX	/* a zone or buddy line with its continuations */
#define OOMX_STR_MAX	(8 << 20)	/* the event's strings together */
#endif
#define OOMX_LIST_EXCLUDED 64		/* excluded tasks named in text and JSON */

/* Zone types in kernel order (enum zone_type). */
enum oomx_ztype {
	OOMX_Z_DMA,
	OOMX_Z_DMA32,
	OOMX_Z_NORMAL,
	OOMX_Z_HIGHMEM,
	OOMX_Z_MOVABLE,
	OOMX_Z_DEVICE,
	OOMX_Z_NR,
};

/* Migrate type letters of show_migration_types(), as bits. */
enum {
	OOMX_MT_U = 1 << 0,	/* unmovable */
	OOMX_MT_M = 1 << 1,	/* movable */
	OOMX_MT_E = 1 << 2,	/* reclaimable */
	OOMX_MT_R = 1 << 3,	/* reserve (before 4.4) */
	OOMX_MT_H = 1 << 4,	/* high-order atomic reserve (4.4+) */
	OOMX_MT_C = 1 << 5,	/* CMA */
	OOMX_MT_I = 1 << 6,	/* isolated */
	OOMX_MT_O = 1 << 7,	/* mirror */
};

/* A growable byte buffer; used for record accumulation and strings. */
struct oomx_buf {
	char *p;
	size_t len, cap;
};

struct oomx_zone {
	int type;			/* enum oomx_ztype */
	int node;			/* -1 if not printed */
	int has_stats, has_buddy, has_reserve;
	long long free_kb, min_kb, low_kb, high_kb;
	long long free_cma_kb, managed_kb, present_kb, highatomic_kb;
	int fields_cut;			/* a field was cut or malformed */
	long long *reserve;		/* lowmem_reserve[], pages */
	size_t nr_reserve, cap_reserve;
	/* buddy: free blocks per order */
	long long buddy_nr[OOMX_MAX_ORDERS];
	unsigned int buddy_mt[OOMX_MAX_ORDERS];
	int buddy_orders;		/* number of orders printed */
	long long buddy_page_kb;	/* size of an order-0 block */
	long long buddy_total_kb;	/* the "= NkB" at the end */
	long long buddy_sum_kb;		/* computed from the blocks */
	int buddy_bad;			/* malformed or cut buddy line */
};

struct oomx_task {
	long long pid, uid, tgid, total_vm, rss, rss_anon, rss_file;
	long long rss_shmem, pgtables_bytes, nr_ptes, nr_pmds, swapents;
	long long adj;
	size_t name;			/* offset into event strings */
};

struct oomx_victim {
	int present;
	int from_summary;		/* taken from the oom-kill: line */
	long long pid;
	size_t comm;			/* offset into strings, 0 = none */
	long long total_vm_kb, anon_rss_kb, file_rss_kb, shmem_rss_kb;
	long long pgtables_kb, uid, adj;
};

/* What an event is. */
enum oomx_kind {
	OOMX_K_OOM,			/* "... invoked oom-killer:" */
	OOMX_K_ALLOC_FAIL,		/* "...: page allocation failure" */
	OOMX_K_ALLOC_STALL,		/* "...: page allocation stalls for" (4.9-4.14) */
};

/*
 * The calendar date of an event's stamp: seconds from 1970 as printed
 * (UTC when the stamp gives its offset, else the machine's local time),
 * or, for a syslog date without a year, seconds from the start of the
 * year.  Seconds since boot are no date.
 */
enum oomx_date_kind {
	OOMX_DATE_NONE,
	OOMX_DATE_FULL,		/* with its year: dmesg -T, ISO 8601 */
	OOMX_DATE_NO_YEAR,	/* RFC 3164 syslog "Nov 22 03:45:35" */
};

/* Report shapes that date a report when it has no version line. */
enum {
	OOMX_SH_OOMKILLADJ = 1 << 0,	/* header "oomkilladj=" (2.6.18-2.6.35) */
	OOMX_SH_OOM_ADJ = 1 << 1,	/* header "oom_adj=" (2.6.36-3.x) */
	OOMX_SH_PID_LINE = 1 << 2,	/* "Pid: N, comm: X" (before 3.10) */
	OOMX_SH_FAIL_DOT = 1 << 3,	/* "page allocation failure. order:" */
	OOMX_SH_KILL_UID = 1 << 4,	/* "Killed process N, UID U, (comm)" */
	OOMX_SH_KILL_LOWER = 1 << 5,	/* "kill process ... or a child" */
};

struct oomx_event {
	int index;			/* 1-based */
	int kind;			/* enum oomx_kind */
	unsigned int shape;		/* OOMX_SH_* */
	size_t stamp;			/* timestamp prefix as printed */
	double stamp_secs;		/* seconds of a dmesg stamp, or -1 */
	long long date;			/* the stamp's calendar date (prefix.c), or OOMX_UNKNOWN */
	int date_kind;			/* enum oomx_date_kind */
	size_t prefix;			/* the learned prefix, 0 if the known ones */
	long long first_off, last_off;	/* byte offsets of the first and last line */
	long long skipped;		/* unrecognised lines inside the event */
	long long foreign;		/* syslog lines of other programs */
	long long cut_lines;		/* over-long lines cut */
	struct {
		long long tasks;	/* task rows past OOMX_MAX_TASKS */
		long long names_cut;	/* task names cut to OOMX_NAME_MAX */
		long long zone_lines;	/* lines of zones past OOMX_MAX_ZONES */
		long long continuations; /* continuation lines past OOMX_REC_MAX */
		long long reserve;	/* lowmem_reserve[] entries past OOMX_MAX_RESERVE */
		long long strings;	/* strings past OOMX_STR_MAX */
	} dropped;

	/* trigger */
	size_t comm;
	long long pid, order, adj;
	int gfp_known;
	unsigned long long gfp;
	size_t gfp_names;		/* names as printed, 0 if none */
	size_t kver;			/* kernel version string */
	int kv_major, kv_minor;		/* -1 if unknown */
	int kv_patch;			/* third number, -1 if unknown */
	int by_kswapd, by_sysrq;
	int by_pagefault;		/* pagefault_out_of_memory() in the trace */
	int by_memcg;			/* the trace runs through a memcg's OOM */
	int trace_alloc;		/* the trace reached the page allocator */
	const char *trace_arch;		/* the architecture its frames name */
	const char *trace_arch_frame;	/* the first frame that named it */
	long long stall_ms;		/* an allocation stall's time so far */

	/* oom-kill: summary and old cpuset line */
	size_t constraint, nodemask, cpuset, mems_allowed;
	size_t oom_memcg, task_memcg, kill_task;
	int global_oom;
	long long kill_pid, kill_uid;
	unsigned long long nodes_seen;	/* "Node N" lines, bit N (N < 64) */

	/* memcg */
	int memcg_oom;
	long long memcg_usage_kb, memcg_limit_kb, memcg_failcnt;
	long long memsw_usage_kb, memsw_limit_kb;
	long long memcg_anon;		/* memory.stat's anon, bytes */
	size_t memcg_task_in, memcg_limit_of;

	/* Mem-Info */
	int has_meminfo;
	long long g_free, g_free_cma, g_free_pcp;	/* pages */
	long long total_swap_kb, free_swap_kb;
	long long pages_ram, pages_reserved;

	struct oomx_zone *zones;
	size_t nr_zones, cap_zones;

	/* task table */
	int has_table, table_pgtables_bytes;
	struct oomx_task *tasks;
	size_t nr_tasks, cap_tasks;

	/* selection / kill */
	long long chosen_pid, chosen_score;
	size_t chosen_comm;
	struct oomx_victim victim;
	int no_killable;
	int panic;
	int panic_on_oom;		/* the panic's vm.panic_on_oom: 1, 2; 0 if none */
	int reaped, reap_failed;
	long long reaped_anon_kb, reaped_file_kb, reaped_shmem_kb;

	struct oomx_buf str;		/* string arena, offset 0 is "" */
};

static inline const char *oomx_str(const struct oomx_event *ev, size_t off)
{
	return off ? ev->str.p + off : NULL;
}

typedef void (*oomx_event_cb)(struct oomx_event *ev, void *arg);

struct oomx_parser;

struct oomx_parser *oomx_parser_new(oomx_event_cb cb, void *arg);
/* Feed bytes; returns 0, or -1 on allocation failure. */
int oomx_feed(struct oomx_parser *p, const char *buf, size_t len);
/*
 * The input paused (a live log): take the open event as complete and stop
 * waiting for its reaper line.  A partial last line is kept.
 */
int oomx_idle(struct oomx_parser *p);
/*
 * A line break: the bytes fed since the last newline are a line of their
 * own (a followed file was truncated or replaced under them).
 */
int oomx_break(struct oomx_parser *p);
/*
 * The open event whose end has not been seen (its kill line, or a
 * failure's page counts): its number, or 0 if there is none.
 */
int oomx_pending(const struct oomx_parser *p);
/* Flush the last line and the open event. */
int oomx_finish(struct oomx_parser *p);
void oomx_parser_free(struct oomx_parser *p);
/*
 * Write each unrecognised line inside an event to f (NULL: off), named
 * by the input name when it is not NULL (several inputs).
 */
void oomx_parser_list_skipped(struct oomx_parser *p, FILE *f, const char *name);
long long oomx_bytes(const struct oomx_parser *p);

/* buf.c */
int oomx_buf_add(struct oomx_buf *b, const char *s, size_t n);
size_t oomx_buf_str(struct oomx_buf *b, const char *s, size_t n);
/* Length of the valid UTF-8 sequence at s (1-4), 0 if there is none. */
size_t oomx_utf8_len(const unsigned char *s, size_t avail);
/*
 * How a piece of text from the log is shown; the one place that decides it
 * for every output.  OOMX_SHOW_BYTE: a C0 control, DEL or a byte that is
 * not part of valid UTF-8 (raw C1 bytes 0x80-0x9f among them), shown as
 * \xNN.  OOMX_SHOW_CODEPOINT: valid UTF-8 of a code point a terminal or a
 * browser acts on (C1 U+0080-U+009F, bidirectional controls U+061C,
 * U+200E, U+200F, U+202A-U+202E, U+2066-U+2069, BOM U+FEFF), shown as
 * \uXXXX.  Everything else is shown as it is.
 */
enum { OOMX_SHOW_AS_IS, OOMX_SHOW_BYTE, OOMX_SHOW_CODEPOINT };
/* The class of the unit at s; *len its bytes (1-4), *cp the byte or code point. */
int oomx_show(const unsigned char *s, size_t avail, size_t *len,
	      unsigned int *cp);
#define OOMX_ESC_MAX	8	/* "\\u202e" and its NUL */
/* The unit at s as shown, into out (NUL-terminated); returns its length in s. */
size_t oomx_escape_unit(const char *s, size_t avail, char *out);
/* Write n bytes of text, each unit as oomx_show() says; newlines as they are. */
void oomx_write_escaped(FILE *f, const char *s, size_t n);
void oomx_buf_free(struct oomx_buf *b);

/* gfp.c */
struct oomx_gfp_era {
	const char *name;		/* e.g. "3.x-4.3" */
	int from_major, from_minor, from_patch;	/* first version of the era */
};
/* Decode mask for kernel major.minor.patch (-1 = unknown: newest table). */
const struct oomx_gfp_era *oomx_gfp_decode(unsigned long long mask,
					   int major, int minor, int patch,
					   struct oomx_buf *out);
/* Which zone/migrate bits the mask has, per era. */
struct oomx_gfp_bits {
	int dma, dma32, highmem, movable, high, reclaim;
};
void oomx_gfp_bits(unsigned long long mask, int major, int minor, int patch,
		   struct oomx_gfp_bits *b);
/* Parse names as printed, e.g. "GFP_KERNEL|__GFP_NOWARN". */
void oomx_gfp_bits_from_names(const char *names, struct oomx_gfp_bits *b);

/* analyze.c */
enum oomx_verdict {
	OOMX_V_BELOW_MIN,
	OOMX_V_UNUSABLE_ZONES,
	OOMX_V_FRAGMENTATION,
	OOMX_V_COSTLY_ORDER,
	OOMX_V_MEMCG,
	OOMX_V_CPUSET,
	OOMX_V_MEMPOLICY,
	OOMX_V_MANUAL,
	OOMX_V_PAGEFAULT,
	OOMX_V_WATERMARKS_OK,
	OOMX_V_NR,
};

struct oomx_zone_verdict {
	const struct oomx_zone *z;
	int usable;
	long long free, cma, highatomic, eff, min, low, high, reserve;
	int below_min, below_low, below_high;	/* -1 unknown */
	int has_block;				/* -1 unknown */
	int block_order;			/* lowest usable order >= req */
	int top_order;				/* largest order with a free block, -1 none */
	int outside;				/* on a node the request may not use */
	int cma_from_summary;			/* free_cma cut: taken from the summary */
	int highatomic_from_buddy;		/* not printed: implied by H blocks */
	/*
	 * OOMX_HA_FREE: the free pages of the reserve are not printed;
	 * highatomic is what the buddy lists show of them (at least) and
	 * highatomic_max the reserve (at most), or OOMX_UNKNOWN if not
	 * printed.  highatomic_unknown when the two differ.
	 */
	long long highatomic_max;
	int highatomic_unknown;
};

/*
 * What __zone_watermark_ok() takes off the free pages for the high-order
 * atomic reserve, by the kernel's era (mm/page_alloc.c).
 */
enum oomx_ha_rule {
	OOMX_HA_NONE,		/* before 4.4: there is no such reserve */
	OOMX_HA_RESERVED,	/* 4.4 to 6.11: nr_reserved_highatomic */
	OOMX_HA_FREE,		/* 6.12 on: nr_free_highatomic, not printed */
};

struct oomx_task_score {
	const struct oomx_task *t;
	long long points;
	int excluded;
};

struct oomx_analysis {
	const struct oomx_event *ev;
	int v_major, v_minor, v_patch;	/* version the tables use, -1 unknown */
	const char *era_why;		/* how the era was inferred, or NULL */
	unsigned long long nodes;	/* nodes the request may use (bit n) */
	int nodes_known;
	/* constrained, and the report prints only the allowed nodes */
	int nodes_filtered;
	long long outside_free;		/* free pages on the other nodes */
	struct oomx_gfp_bits bits;
	int bits_known;
	const char *gfp_era;
	struct oomx_buf gfp_decoded;
	int class_zone;			/* enum oomx_ztype or -1 */
	int reserve_zone;		/* zone whose lowmem_reserve[] entry counts */
	int zone_idx[OOMX_Z_NR];	/* index in lowmem_reserve[] or -1 */
	int zone_idx_guess;		/* indices partly guessed */
	long long page_kb;
	int page_src;			/* how page_kb was learnt: enum oomx_page_src */
	struct oomx_zone_verdict *zv;
	size_t nr_zv;
	long long usable_free, unusable_free;
	/* free pages in zones the report left out (6.x prints only the
	 * zones up to the request's highest one), or OOMX_UNKNOWN */
	long long unprinted_free;
	int verdict[OOMX_V_NR];
	int memcg_by_trace;		/* a memcg OOM told by its call trace alone */
	int ha_rule;			/* enum oomx_ha_rule */
	int ha_assumed;			/* version unknown: the rule is assumed */
	int ha_exempt;			/* the request may use the reserve */
	/* badness */
	long long totalpages;
	const char *totalpages_src;
	struct oomx_task_score *scores;
	size_t nr_scores;
	long long best_pid, best_points, victim_points;
	int victim_in_table;
	int victim_is_best;		/* -1: unknown, rows past the limit were not kept */
	size_t nr_excluded;
	int root_bonus;
	const char *input;		/* the input's name when there are several, or NULL */
};

int oomx_analyze(const struct oomx_event *ev, struct oomx_analysis *a);

/* pagesize.c: what tells the report's page size, the most reliable first */
enum oomx_page_src {
	OOMX_PK_BUDDY,		/* the buddy lines' order-0 block */
	OOMX_PK_SUMMARY_FREE,	/* the summary's free pages against the zones' kB */
	OOMX_PK_VICTIM_ROW,	/* the "Killed process" kB against the victim's task row */
	OOMX_PK_MEMCG_ANON,	/* a memcg's anon bytes against its tasks' rss */
	OOMX_PK_ARCH,		/* a call trace of x86 or 32-bit arm: 4 kB only */
	OOMX_PK_ASSUMED,	/* nothing: 4 kB assumed */
};
void oomx_page_size(const struct oomx_event *ev, long long *kb, int *src);
/* "buddy", "summary_free", "victim_row", "memcg_anon", "arch", "assumed" */
const char *oomx_page_src_name(int src);
/* pages of pk kB in kB, OOMX_UNKNOWN if pages is */
long long oomx_pages_kb(long long pages, long long pk);
/* the victim's row of the task table, or NULL */
const struct oomx_task *oomx_victim_row(const struct oomx_event *ev);
/* the outputs say how the page size was learnt: not 4 kB, or assumed */
int oomx_page_note(const struct oomx_analysis *a);
const char *oomx_ha_rule_name(int rule);
void oomx_analysis_free(struct oomx_analysis *a);
const char *oomx_verdict_name(int v);
const char *oomx_panic_on_oom_why(const struct oomx_event *ev);
const char *oomx_zone_name(int type);

/* report.c */
/* "oom", "alloc_failure", "alloc_stall": the kind as JSON and pages name it */
const char *oomx_kind_name(int kind);
/* "OOM event", "Page allocation failure", "Page allocation stall" */
const char *oomx_kind_title(int kind);
/*
 * The event's constraint: as the report printed it, or CONSTRAINT_MEMCG
 * when its call trace tells a memcg OOM whose memcg lines are missing
 * (a->memcg_by_trace); NULL if neither.
 */
const char *oomx_constraint(const struct oomx_analysis *a);
#define OOMX_MEMCG_BY_TRACE \
	"told by the call trace; the report's memcg lines are missing"
void oomx_report_text(FILE *f, const struct oomx_analysis *a);
/* through json-c */
void oomx_report_json(FILE *f, const struct oomx_analysis *a);
void oomx_report_facts(FILE *f, const struct oomx_analysis *a);
/*
 * The page size, how it was learnt and the report's page counts in MiB
 * (the text's "Pages:", the page's head), br between the lines; written
 * when oomx_page_note() says so.
 */
void oomx_report_pages(FILE *f, const struct oomx_analysis *a, const char *br);
/* the "Verdict:" part of the text, with its arithmetic */
void oomx_report_verdicts(FILE *f, const struct oomx_analysis *a);
#define OOMX_LABEL_MAX	64
/*
 * A usable zone's place against its watermarks, as the text's table and
 * the page say it: what refuses it ("below min by N", "at min, not above
 * it", "short of min + reserve by N") or how far it passes; "" when the
 * zone is not usable or its numbers are not known.
 */
void oomx_zone_label(const struct oomx_zone_verdict *v, char *buf, size_t n);

/* JSON of other writers (summary.c), escaped as the events' JSON */
struct json_object;
struct json_object *oomx_json_string(const char *s);
/* o as one line, then o released */
void oomx_json_line(FILE *f, struct json_object *o);

/*
 * html.c: one self-contained page; begin, each event, end.  Its <title>
 * names the source (begin_named: a path, shown by its last part, or "-"
 * for standard input; begin: none) and the events' kernels, so the
 * events are held in a temporary file until end writes the page to f.
 * end returns -1 if that file failed (the page then says it is
 * incomplete).  oomx_html_event() without a begun page writes the event
 * alone to its f.
 */
void oomx_html_begin_named(FILE *f, const char *source);
void oomx_html_begin(FILE *f);
/* a page of another writer (summary.c): its head at once, then end */
void oomx_html_begin_titled(FILE *f, const char *title);
void oomx_html_event(FILE *f, const struct oomx_analysis *a);
int oomx_html_end(FILE *f, long long events);
/* text from the log, escaped for a page */
void oomx_html_text(FILE *f, const char *s);

/*
 * summary.c: counts over the events of all inputs (--summary), kept in
 * bounded memory whatever the number of events.  Call input() at the
 * start of each input, add() for each of its events.
 */
struct oomx_summary;
struct oomx_summary *oomx_summary_new(void);
int oomx_summary_input(struct oomx_summary *s, const char *name);
int oomx_summary_add(struct oomx_summary *s, const struct oomx_analysis *a);
void oomx_summary_text(FILE *f, const struct oomx_summary *s);
void oomx_summary_json(FILE *f, const struct oomx_summary *s);
void oomx_summary_html(FILE *f, const struct oomx_summary *s);
void oomx_summary_free(struct oomx_summary *s);

#endif
