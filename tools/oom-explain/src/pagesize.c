// SPDX-License-Identifier: GPL-2.0
/*
 * The page size of a report.  The kernel prints some of its figures in
 * pages and some in kB: the task table (total_vm, rss, swapents), the
 * Mem-Info summary (active_anon:... free:...), "pages RAM" and "pages
 * reserved" count pages; zone lines, buddy lines, the memcg and the
 * "Killed process" lines count kB.  A page is 4 kB on x86 and most
 * others, 64 kB on ppc64le and on the arm64 kernels of RHEL and CentOS
 * (and 16 kB on some arm64, LoongArch and MIPS ones), and the report
 * never says so in words.
 *
 * What tells it, the most reliable first:
 *
 *   buddy	show_free_areas() prints each order's block size as
 *		K(1UL) << order, so an order-0 block is the page in kB,
 *		printed by the kernel itself, the same in every zone.
 *   summary_free
 *		the summary's free:N pages against the zones' free:NkB:
 *		the same counter read a moment apart, so the ratio is near
 *		a power of two rather than on it; taken when the zones hold
 *		the summary's free pages to within an eighth (a window no
 *		other power of two shares), and when the printed zones'
 *		present memory still fits in pages RAM of that size.  It
 *		fails, and is not taken, when the report leaves zones out.
 *   victim_row	the "Killed process" line's total-vm in kB against the
 *		victim's task row in pages, both from mm->total_vm (or its
 *		RSS against the row's rss): a memcg OOM prints no zone
 *		lines, but its table and kill line.
 *   memcg_anon	a memcg OOM without its kill line (vm.panic_on_oom=2):
 *		memory.stat's anon, in bytes, against the rss of the
 *		memcg's tasks, which are all the table lists; rss also
 *		counts mapped file pages, so it is taken only within an
 *		eighth, as above.
 *   arch	when none of the above tells: the call trace's
 *		architecture (trace_arch, header.c) if it has one page
 *		size, 4 kB on x86 and on 32-bit arm.
 *   assumed	nothing tells: 4 kB, and the outputs say it was assumed.
 *
 * Not used: the hugepages_size= lines (2048kB on x86 with 4 kB pages
 * and on arm64 with 64 kB ones alike), and pgtables_bytes, whose values
 * are whole page-table pages only on some architectures.
 */
#include <string.h>

#include "oomx.h"

static const char * const src_names[] = {
	[OOMX_PK_BUDDY] = "buddy",
	[OOMX_PK_SUMMARY_FREE] = "summary_free",
	[OOMX_PK_VICTIM_ROW] = "victim_row",
	[OOMX_PK_MEMCG_ANON] = "memcg_anon",
	[OOMX_PK_ARCH] = "arch",
	[OOMX_PK_ASSUMED] = "assumed",
};

const char *oomx_page_src_name(int src)
{
	if (src < 0 || src > OOMX_PK_ASSUMED)
		return "?";
	return src_names[src];
}

/* page sizes Linux has: 4 kB to 256 kB, powers of two */
static int page_kb_ok(long long kb)
{
	return kb >= 4 && kb <= 256 && !(kb & (kb - 1));
}

static long long from_buddy(const struct oomx_event *ev)
{
	size_t i;

	for (i = 0; i < ev->nr_zones; i++) {
		const struct oomx_zone *z = &ev->zones[i];

		if (z->has_buddy && !z->buddy_bad && page_kb_ok(z->buddy_page_kb))
			return z->buddy_page_kb;
	}
	return 0;
}

/* kb within an eighth of pages pages of pk kB */
static int near(long long kb, long long pages, long long pk)
{
	long long d = kb - pages * pk;

	if (d < 0)
		d = -d;
	return d <= kb / 8;
}

static long long from_summary_free(const struct oomx_event *ev)
{
	long long free_kb = 0, present_kb = 0, pk;
	size_t i;

	if (ev->g_free <= 0)
		return 0;
	for (i = 0; i < ev->nr_zones; i++) {
		const struct oomx_zone *z = &ev->zones[i];

		if (!z->has_stats)
			continue;
		if (z->free_kb < 0)
			return 0;
		free_kb += z->free_kb;
		if (z->present_kb > 0)
			present_kb += z->present_kb;
	}
	if (free_kb <= 0)
		return 0;
	for (pk = 4; pk <= 256; pk *= 2) {
		if (!near(free_kb, ev->g_free, pk))
			continue;
		if (ev->pages_ram > 0 && present_kb > ev->pages_ram * pk)
			return 0;
		return pk;
	}
	return 0;
}

const struct oomx_task *oomx_victim_row(const struct oomx_event *ev)
{
	long long pid = ev->victim.present ? ev->victim.pid : ev->kill_pid;
	size_t i;

	if (pid < 0)
		return NULL;
	for (i = 0; i < ev->nr_tasks; i++)
		if (ev->tasks[i].pid == pid)
			return &ev->tasks[i];
	return NULL;
}

/* the victim's kB over its row's pages, when the two agree on one size */
static long long from_victim_row(const struct oomx_event *ev)
{
	const struct oomx_victim *v = &ev->victim;
	const struct oomx_task *t = oomx_victim_row(ev);
	long long rss_kb = 0, pk;

	if (!t || !v->present || v->from_summary)
		return 0;
	if (v->anon_rss_kb >= 0 && v->file_rss_kb >= 0) {
		rss_kb = v->anon_rss_kb + v->file_rss_kb;
		if (v->shmem_rss_kb > 0)
			rss_kb += v->shmem_rss_kb;
	}
	for (pk = 4; pk <= 256; pk *= 2) {
		if (t->total_vm > 0 && v->total_vm_kb > 0 &&
		    near(v->total_vm_kb, t->total_vm, pk))
			return pk;
		if (t->rss > 0 && rss_kb > 0 && near(rss_kb, t->rss, pk))
			return pk;
	}
	return 0;
}

/* the memcg's anon bytes over its tasks' rss pages */
static long long from_memcg_anon(const struct oomx_event *ev)
{
	long long rss = 0, pk;
	size_t i;

	if (ev->memcg_anon <= 0 || !ev->nr_tasks || ev->dropped.tasks)
		return 0;
	for (i = 0; i < ev->nr_tasks; i++)
		if (ev->tasks[i].rss > 0)
			rss += ev->tasks[i].rss;
	for (pk = 4; pk <= 256 && rss > 0; pk *= 2)
		if (near(ev->memcg_anon / 1024, rss, pk))
			return pk;
	return 0;
}

/* x86 and 32-bit arm have 4 kB pages and no other size */
static long long from_arch(const struct oomx_event *ev)
{
	if (!ev->trace_arch)
		return 0;
	return !strcmp(ev->trace_arch, "x86_64") || !strcmp(ev->trace_arch, "arm") ? 4 : 0;
}

void oomx_page_size(const struct oomx_event *ev, long long *kb, int *src)
{
	long long (*const way[])(const struct oomx_event *) = {
		[OOMX_PK_BUDDY] = from_buddy,
		[OOMX_PK_SUMMARY_FREE] = from_summary_free,
		[OOMX_PK_VICTIM_ROW] = from_victim_row,
		[OOMX_PK_MEMCG_ANON] = from_memcg_anon,
		[OOMX_PK_ARCH] = from_arch,
	};
	int i;

	for (i = 0; i < OOMX_PK_ASSUMED; i++) {
		*kb = way[i](ev);
		if (*kb) {
			*src = i;
			return;
		}
	}
	*kb = 4;
	*src = OOMX_PK_ASSUMED;
}

/* pages of pk kB in kB; pages are at most 16 digits and pk at most 256 */
long long oomx_pages_kb(long long pages, long long pk)
{
	if (pages < 0 || !page_kb_ok(pk))
		return OOMX_UNKNOWN;
	return pages * pk;
}

/* something of the event is counted in pages, or turned into pages */
static int counts_pages(const struct oomx_event *ev)
{
	return ev->nr_zones || ev->nr_tasks || ev->g_free >= 0 ||
	       ev->pages_ram >= 0 || ev->memcg_limit_kb >= 0;
}

/*
 * Whether the outputs say how the page size was learnt and convert the
 * report's page counts: when the pages are not 4 kB, or when their size
 * had to be assumed for figures that depend on it.  A report of 4 kB
 * pages that says so is written as it always was.
 */
int oomx_page_note(const struct oomx_analysis *a)
{
	if (a->page_kb != 4)
		return 1;
	return a->page_src == OOMX_PK_ASSUMED && counts_pages(a->ev);
}
