// SPDX-License-Identifier: GPL-2.0
/*
 * The task table: its header says which columns follow (they changed
 * over the years: nr_ptes and nr_pmds, pgtables_bytes, rss_anon, rss_file
 * and rss_shmem), and each row is read by them.  Rows past the limit are
 * read and counted, not kept.
 */
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* the columns of a task table */
enum { C_NONE, C_PID, C_UID, C_TGID, C_TOTAL_VM, C_RSS, C_RSS_ANON,
	C_RSS_FILE, C_RSS_SHMEM, C_NR_PTES, C_NR_PMDS, C_PGTABLES_BYTES,
	C_SWAPENTS, C_ADJ, C_NAME, C_OTHER };

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

/* "[  pid  ]   uid  tgid total_vm ... name" and the rows under it */
int task_line(struct oomx_parser *p, const char *m)
{
	if (table_row(p, p->cur, m) || table_header(p, p->cur, m))
		return LINE_OK;
	return LINE_NO;
}
