// SPDX-License-Identifier: GPL-2.0
/*
 * What show_mem() and the memcg report print: the Mem-Info summary and
 * its free counts, page counts, swap, the per-CPU pagesets, the memcg
 * usage and limit lines with memory.stat, and the unreclaimable slab
 * table.  Zone and buddy lines are zone.c's.
 */
#include <string.h>

#include "parse.h"

/*
 * v2 memory.stat lines after "Memory cgroup stats for": "anon 1234", in
 * bytes; anon is kept (pagesize.c weighs it against the tasks' rss).
 */
static int memcg_stat_line(struct oomx_event *ev, const char *m)
{
	const char *s = m;
	long long v;

	while (is_alpha(*s) || *s == '_' || is_digit(*s))
		s++;
	if (s == m || *s != ' ')
		return 0;
	s = parse_u(s + 1, &v);
	if (!s || *s != '\0')
		return 0;
	if (starts(m, "anon "))
		ev->memcg_anon = v;
	return 1;
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

/*
 * The lines a header announced: memory.stat after "Memory cgroup stats
 * for", the slab table after "Unreclaimable slab info:".  Any other line
 * ends them and goes on to the others.
 */
int stats_mode_line(struct oomx_parser *p, const char *m)
{
	if (p->mode == M_MEMCG_STATS && memcg_stat_line(p->cur, m))
		return LINE_OK;
	if (p->mode == M_SLAB && slab_line(m))
		return LINE_OK;
	p->mode = M_NONE;
	return LINE_NO;
}

int meminfo_start(struct oomx_parser *p, const char *m)
{
	(void)m;
	p->cur->has_meminfo = 1;
	return LINE_OK;
}

int meminfo_line(struct oomx_parser *p, const char *m)
{
	struct oomx_event *ev = p->cur;
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

/* "Node N active_anon:..." (pgdat summary) and hugepage lines */
int node_summary_line(struct oomx_parser *p, const char *m)
{
	long long v;
	const char *s = parse_u(m + 5, &v);

	(void)p;
	return s && *s == ' ' ? LINE_OK : LINE_NO;
}

/* "262144 pages RAM", "1234 pages reserved": a failure or stall's last lines */
int pages_line(struct oomx_parser *p, const char *m)
{
	struct oomx_event *ev = p->cur;
	long long v;
	const char *s = parse_u(m, &v);

	if (!s || *s != ' ')
		return LINE_NO;
	if (!strcmp(s, " pages RAM") || !strcmp(s, " pages of RAM"))
		ev->pages_ram = v;
	else if (!strcmp(s, " pages reserved") ||
		 !strcmp(s, " reserved pages"))
		ev->pages_reserved = v;
	if (!strstr(s, "pages"))
		return LINE_NO;
	/* from "pages RAM" on: a wrapped "Swap cache stats:" is not the end */
	if (ev->kind != OOMX_K_OOM && ev->has_meminfo &&
	    ev->pages_ram != OOMX_UNKNOWN)
		p->fail_tail = 1;
	return LINE_OK;
}

/* "Free swap  = 0kB", "Total swap = 0kB" */
int swap_line(struct oomx_parser *p, const char *m)
{
	long long *dst, v;
	const char *s;

	if (starts(m, "Free swap"))
		dst = &p->cur->free_swap_kb;
	else if (starts(m, "Total swap"))
		dst = &p->cur->total_swap_kb;
	else
		return LINE_NO;
	s = strchr(m, '=');
	if (s && parse_u(skip_ws(s + 1), &v))
		*dst = v;
	return LINE_OK;
}

/*
 * Per-CPU pagesets: "CPU    0: hi:  186, btch:  31 usd:   0", and
 * 2.6.18's "cpu 0 hot: high 186, batch 31 used:30"
 */
int pcp_line(struct oomx_parser *p, const char *m)
{
	(void)p;
	if (starts(m, "CPU") && strstr(m, "hi:"))
		return LINE_OK;
	if (starts(m, "cpu ") && (strstr(m, " hot: ") || strstr(m, " cold: ")))
		return LINE_OK;
	return LINE_NO;
}

/*
 * "memory: usage ... limit ... failcnt", the other counters, the min/low
 * protection line (7.x), "Task in X killed as a result of limit of Y"
 */
int memcg_line(struct oomx_parser *p, const char *m)
{
	struct oomx_event *ev = p->cur;
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
	/* 7.x: "Memory cgroup min protection 0kB -- low protection 0kB" */
	if (starts(m, "swap: usage ") || starts(m, "kmem: usage ") ||
	    starts(m, "tcpmem: usage ") ||
	    starts(m, "Memory cgroup min protection "))
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

int slab_start(struct oomx_parser *p, const char *m)
{
	(void)m;
	p->mode = M_SLAB;
	return LINE_OK;
}
