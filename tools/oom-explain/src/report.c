// SPDX-License-Identifier: GPL-2.0
/*
 * Report writers: readable text, JSON Lines and flat key=value facts.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "oomx.h"

static const char *cause(const struct oomx_analysis *a,
			 const struct oomx_zone_verdict *v)
{
	long long order = a->ev->order > 0 ? a->ev->order : 0;
	long long raw, r;

	if (v->below_min != 1)
		return NULL;
	raw = v->free - ((1LL << order) - 1);
	r = v->reserve > 0 ? v->reserve : 0;
	if (raw <= v->min)
		return "free";
	if (raw <= v->min + r)
		return "lowmem_reserve";
	if (raw - v->cma <= v->min + r)
		return "cma";
	return "highatomic";
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static void num(FILE *f, long long v)
{
	if (v == OOMX_UNKNOWN)
		fputs("-", f);
	else
		fprintf(f, "%lld", v);
}

static const char *gfp_names(const struct oomx_analysis *a)
{
	const struct oomx_event *ev = a->ev;

	if (ev->gfp_names)
		return oomx_str(ev, ev->gfp_names);
	if (a->gfp_decoded.len)
		return a->gfp_decoded.p;
	return NULL;
}

static const char *victim_comm(const struct oomx_event *ev)
{
	if (ev->victim.comm)
		return oomx_str(ev, ev->victim.comm);
	return oomx_str(ev, ev->kill_task);
}

/* "Normal", or "3/Normal" on node 3 */
static const char *zname(const struct oomx_zone *z)
{
	static char bufs[4][32];
	static unsigned int k;
	char *b = bufs[k++ % 4];

	if (z->node >= 0)
		snprintf(b, sizeof(bufs[0]), "%d/%s", z->node,
			 oomx_zone_name(z->type));
	else
		snprintf(b, sizeof(bufs[0]), "%s", oomx_zone_name(z->type));
	return b;
}

const char *oomx_kind_name(int kind)
{
	if (kind == OOMX_K_ALLOC_FAIL)
		return "alloc_failure";
	return kind == OOMX_K_ALLOC_STALL ? "alloc_stall" : "oom";
}

const char *oomx_constraint(const struct oomx_analysis *a)
{
	if (a->ev->constraint)
		return oomx_str(a->ev, a->ev->constraint);
	return a->memcg_by_trace ? "CONSTRAINT_MEMCG" : NULL;
}

const char *oomx_kind_title(int kind)
{
	if (kind == OOMX_K_ALLOC_FAIL)
		return "Page allocation failure";
	return kind == OOMX_K_ALLOC_STALL ? "Page allocation stall" : "OOM event";
}

/* ---------- text ---------- */

static void bar(FILE *f, long long n)
{
	int w = 0;

	/* log2 scale: one mark per doubling */
	while (n > 0 && w < 40) {
		fputc('#', f);
		n >>= 1;
		w++;
	}
}

static void mt_letters(FILE *f, unsigned int mt)
{
	static const char l[] = "UMERHCIO";
	int i;

	for (i = 0; i < 8; i++)
		if (mt & (1u << i))
			fputc(l[i], f);
}

/*
 * A zone whose free blocks of the request's order and up are all of
 * migrate types it may not take (@mt: their letters together).
 */
static void unusable_blocks(FILE *f, long long order, int last, int top,
			    long long top_kb, unsigned int mt)
{
	static const struct {
		unsigned int mt;
		const char *name;
	} kinds[] = {
		{ OOMX_MT_C, "CMA (C)" },
		{ OOMX_MT_H, "highatomic (H)" },
		{ OOMX_MT_I, "isolated (I)" },
	};
	const char *sep = "";
	size_t i;

	fprintf(f, "no free block of order %lld to %d it may take: those there are all ",
		order, last);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!(mt & kinds[i].mt))
			continue;
		fprintf(f, "%s%s", sep, kinds[i].name);
		sep = " or ";
	}
	fprintf(f, ", the largest order %d (%lld kB)", top, top_kb);
}

/*
 * The watermark test is effective > min + reserve.  Below min, min alone
 * refuses the zone; at min it is not above it; above min, only the
 * reserve does, and the label says how many pages short of passing it is.
 */
void oomx_zone_label(const struct oomx_zone_verdict *v, char *buf, size_t n)
{
	long long r = v->reserve > 0 ? v->reserve : 0;

	if (!n)
		return;
	buf[0] = '\0';
	if (!v->usable || v->below_min < 0)
		return;
	if (v->below_min && v->eff < v->min)
		snprintf(buf, n, "below min by %lld", v->min - v->eff);
	else if (v->below_min && v->eff == v->min)
		snprintf(buf, n, "at min, not above it");
	else if (v->below_min)
		snprintf(buf, n, "short of min + reserve by %lld",
			 v->min + r + 1 - v->eff);
	else if (v->below_low == 1)
		snprintf(buf, n, "below low");
	else if (v->below_low < 0)
		snprintf(buf, n, "above min; low: reserve unknown");
	else if (v->below_high == 1)
		snprintf(buf, n, "below high");
	else if (v->below_high < 0)
		snprintf(buf, n, "above low; high: reserve unknown");
	else
		snprintf(buf, n, "above high");
}

/* A zone table figure, or "?" when the report's zone line lacks it. */
static void text_pages(FILE *f, int width, long long v)
{
	if (v == OOMX_UNKNOWN)
		fprintf(f, "%*s ", width, "?");
	else
		fprintf(f, "%*lld ", width, v);
}

static void text_zone_line(FILE *f, const struct oomx_zone_verdict *v)
{
	char label[OOMX_LABEL_MAX];

	const struct oomx_zone *z = v->z;

	fprintf(f, "  %-10s %-3s ", zname(z), v->usable ? "yes" : "no");
	text_pages(f, 9, v->free);
	text_pages(f, 8, v->cma);
	text_pages(f, 8, v->min);
	text_pages(f, 8, v->low);
	text_pages(f, 8, v->high);
	if (v->reserve >= 0)
		fprintf(f, "%8lld ", v->reserve);
	else
		fprintf(f, "%8s ", "-");
	if (v->usable && v->below_min < 0 && v->highatomic_unknown &&
	    v->free >= 0 && v->min >= 0) {
		fprintf(f, "%9lld  %s\n", v->eff,
			"min + reserve: depends on the reserve's free pages");
		return;
	}
	if (!v->usable || v->below_min < 0) {
		fprintf(f, "%9s  %s\n", "-", v->usable ? "unknown" :
			v->outside ? "node not allowed" : "not usable");
		return;
	}
	oomx_zone_label(v, label, sizeof(label));
	fprintf(f, "%9lld  %s\n", v->eff, label);
}

/* The era's highatomic rule, as the zone table applied it. */
static void text_highatomic(FILE *f, const struct oomx_analysis *a)
{
	size_t i;

	fprintf(f, "  highatomic (rule %s): ", oomx_ha_rule_name(a->ha_rule));
	if (a->ha_rule == OOMX_HA_NONE)
		fputs("0, the kernel is older than 4.4, which brought the\n"
		      "    high-order atomic reserve; nothing is subtracted", f);
	else if (a->ha_exempt)
		fprintf(f, "0, %s may use the high-order atomic\n"
			"    reserve (%s), so nothing is subtracted",
			a->bits.high && !a->bits.reclaim ? "an atomic request" :
			"a __GFP_HIGH request",
			a->ha_rule == OOMX_HA_FREE || a->v_major > 6 ||
			(a->v_major == 6 && a->v_minor >= 3) ?
			"ALLOC_RESERVES" : "ALLOC_HARDER");
	else if (a->ha_rule == OOMX_HA_RESERVED)
		fputs("the whole reserve, nr_reserved_highatomic\n"
		      "    (reserved_highatomic:), is subtracted for a request that may not use it (4.4 to 6.11)", f);
	else
		fputs("the kernel subtracts the free pages of the reserve's\n"
		      "    pageblocks (nr_free_highatomic, 6.12 on), which the report does not print: unknown;\n"
		      "    the table subtracts what the buddy lists show on H alone, and reserved_highatomic\n"
		      "    is only an upper bound", f);
	if (a->ha_assumed)
		fputs(";\n    the kernel version is unknown: the 4.4 to 6.11 rule is assumed", f);
	fputc('\n', f);
	for (i = 0; i < a->nr_zv; i++) {
		const struct oomx_zone_verdict *v = &a->zv[i];

		if (!v->highatomic_unknown || !v->usable || v->free < 0)
			continue;
		fprintf(f, "    %s: %lld to ", zname(v->z), v->highatomic);
		num(f, v->highatomic_max);
		fputs(" pages of the reserve free", f);
		if (v->below_min < 0 && v->min >= 0)
			fprintf(f, "; above min + reserve unless more than %lld",
				v->highatomic + v->eff - v->min -
				(v->reserve > 0 ? v->reserve : 0) - 1);
		fputc('\n', f);
	}
}

static void text_verdicts(FILE *f, const struct oomx_analysis *a)
{
	const struct oomx_event *ev = a->ev;
	size_t i;
	int any = 0, first;

	fputs("Verdict:\n", f);
	if (a->verdict[OOMX_V_BELOW_MIN]) {
		any = 1;
		fputs("  * below_min: every zone the request may use is at or below its min watermark\n", f);
		for (i = 0; i < a->nr_zv; i++) {
			const struct oomx_zone_verdict *v = &a->zv[i];
			const char *c = cause(a, v);

			if (!v->usable || v->below_min != 1)
				continue;
			fprintf(f, "      %s: %lld free", zname(v->z), v->free);
			if (ev->order > 0)
				fprintf(f, " - %lld (order %lld)",
					(1LL << ev->order) - 1, ev->order);
			fprintf(f, " - %lld free_cma - %s%lld highatomic = %lld <= %lld min + %lld lowmem_reserve[%s]",
				v->cma, v->highatomic_unknown ? "at least " : "",
				v->highatomic, v->eff, v->min,
				v->reserve > 0 ? v->reserve : 0,
				oomx_zone_name(a->reserve_zone));
			if (c && !strcmp(c, "cma"))
				fprintf(f, "\n        (without the %lld free CMA pages, which a non-movable request cannot use, it would pass)",
					v->cma);
			if (v->cma_from_summary)
				fprintf(f, "\n        (free_cma %lld is the summary's free_cma less the other zones': this zone line was cut before its free_cma)",
					v->cma);
			if (v->highatomic_from_buddy)
				fprintf(f, "\n        (highatomic %lld: not printed, but free H blocks mean at least one pageblock of 512 pages is reserved)",
					v->highatomic);
			else if (c && !strcmp(c, "lowmem_reserve"))
				fprintf(f, "\n        (it is above min; the lowmem_reserve of %lld pages kept for %s requests refuses it)",
					v->reserve, oomx_zone_name(a->reserve_zone));
			else if (c && !strcmp(c, "highatomic"))
				fprintf(f, "\n        (without the %lld pages of the high-order atomic reserve it would pass)",
					v->highatomic);
			fputc('\n', f);
		}
	}
	if (a->verdict[OOMX_V_UNUSABLE_ZONES]) {
		any = 1;
		fprintf(f, "  * free_in_unusable_zones: %lld free pages are in zones the request cannot use (",
			a->unusable_free);
		for (i = 0, first = 1; i < a->nr_zv; i++) {
			if (a->zv[i].usable || a->zv[i].outside ||
			    a->zv[i].free < 0)
				continue;
			fprintf(f, "%s%s %lld", first ? "" : ", ",
				zname(a->zv[i].z), a->zv[i].free);
			first = 0;
		}
		if (a->unprinted_free > 0 && a->nodes_filtered)
			fprintf(f, "%s%lld in zones the report leaves out, those of the nodes it may not use or above %s: global free %lld less the zones shown",
				first ? "" : ", ", a->unprinted_free,
				oomx_zone_name(a->class_zone), ev->g_free);
		else if (a->unprinted_free > 0 && !a->nodes_known)
			fprintf(f, "%s%lld in zones above %s that the report does not list: global free %lld less the zones shown",
				first ? "" : ", ", a->unprinted_free,
				oomx_zone_name(a->class_zone), ev->g_free);
		fprintf(f, "), against %lld in zones up to %s\n",
			a->usable_free, oomx_zone_name(a->class_zone));
	}
	if (a->verdict[OOMX_V_FRAGMENTATION]) {
		any = 1;
		fprintf(f, "  * fragmentation: no zone the request may use has both the free pages and a free block of order >= %lld:\n",
			ev->order);
		for (i = 0; i < a->nr_zv; i++) {
			const struct oomx_zone_verdict *v = &a->zv[i];
			const struct oomx_zone *z = v->z;
			int o, top = v->top_order;
			unsigned int mt = 0;
			char label[OOMX_LABEL_MAX];

			if (!v->usable)
				continue;
			for (o = ev->order > 0 ? (int)ev->order : 0;
			     o < z->buddy_orders; o++)
				if (z->buddy_nr[o] > 0)
					mt |= z->buddy_mt[o];
			fprintf(f, "      %s: ", zname(z));
			if (v->has_block == 1)
				fprintf(f, "has an order-%d block", v->block_order);
			else if (v->has_block == 0 && top < 0)
				fputs("no free block at all", f);
			else if (v->has_block == 0 && top >= ev->order)
				unusable_blocks(f, ev->order, z->buddy_orders - 1,
						top, z->buddy_page_kb << top, mt);
			else if (v->has_block == 0)
				fprintf(f, "no free block of order %lld to %d; the largest is order %d (%lld kB)",
					ev->order, z->buddy_orders - 1, top,
					z->buddy_page_kb << top);
			else
				fputs("no buddy line", f);
			oomx_zone_label(v, label, sizeof(label));
			if (v->below_min == 1)
				fprintf(f, ", but is %s", label);
			else if (v->below_min == 0)
				fprintf(f, ", %lld pages above min%s", v->eff - v->min -
					(v->reserve > 0 ? v->reserve : 0),
					v->reserve > 0 ? " + reserve" : "");
			fputc('\n', f);
		}
	}
	if (a->verdict[OOMX_V_COSTLY_ORDER]) {
		any = 1;
		fprintf(f, "  * costly_order: order %lld > PAGE_ALLOC_COSTLY_ORDER (3)\n",
			ev->order);
	}
	if (a->verdict[OOMX_V_MEMCG]) {
		any = 1;
		fputs("  * memcg_limit: the memory cgroup hit its limit", f);
		if (a->memcg_by_trace)
			fputs(", " OOMX_MEMCG_BY_TRACE " (usage and limit\n"
			      "      unknown); the zones' free pages and watermarks are not the reason", f);
		if (ev->memcg_usage_kb >= 0 && ev->memcg_limit_kb >= 0)
			fprintf(f, ": usage %lld kB of limit %lld kB", ev->memcg_usage_kb,
				ev->memcg_limit_kb);
		if (ev->memcg_failcnt >= 0)
			fprintf(f, ", failcnt %lld", ev->memcg_failcnt);
		if (ev->oom_memcg)
			fprintf(f, " (oom_memcg=%s)", oomx_str(ev, ev->oom_memcg));
		else if (ev->memcg_limit_of)
			fprintf(f, " (limit of %s)", oomx_str(ev, ev->memcg_limit_of));
		fputc('\n', f);
	}
	if (a->verdict[OOMX_V_CPUSET]) {
		any = 1;
		fprintf(f, "  * cpuset_constraint: only the cpuset's nodes (mems_allowed=%s) could be used\n",
			nz(oomx_str(ev, ev->mems_allowed)));
	}
	if (a->verdict[OOMX_V_MEMPOLICY]) {
		any = 1;
		fprintf(f, "  * mempolicy_constraint: the task's memory policy restricts it to nodes %s\n",
			nz(oomx_str(ev, ev->nodemask)));
	}
	if ((a->verdict[OOMX_V_CPUSET] || a->verdict[OOMX_V_MEMPOLICY]) && !ev->nr_zones)
		fputs("    the report prints no zone of those nodes: they had no memory then (taken\n"
		      "    offline, or never there), or the zone lines were cut from the report\n", f);
	if (a->verdict[OOMX_V_MANUAL]) {
		any = 1;
		fputs("  * manual: order=-1, an OOM kill forced with sysrq-f; memory was not necessarily short\n", f);
	}
	if (a->verdict[OOMX_V_PAGEFAULT]) {
		any = 1;
		fputs("  * pagefault: no allocation failed here: a page fault ended in VM_FAULT_OOM and\n"
		      "      pagefault_out_of_memory() called the OOM killer with gfp_mask=0x0, so the zones'\n"
		      "      watermarks are not the reason.  An allocation inside the fault failed without\n"
		      "      invoking the OOM killer itself (a memcg charge or kmem limit, a GFP_NOFS or\n"
		      "      __GFP_NORETRY request, a driver's fault handler) and the fault reported it; the\n"
		      "      kill is then global, whatever cgroup the faulting task is in (5.16 and later\n"
		      "      retry the fault instead)\n", f);
	}
	if (a->verdict[OOMX_V_WATERMARKS_OK]) {
		any = 1;
		fputs("  * watermarks_ok: when the report was printed, a zone the request may use was above min:\n", f);
		for (i = 0; i < a->nr_zv; i++) {
			const struct oomx_zone_verdict *v = &a->zv[i];

			if (!v->usable || v->below_min != 0)
				continue;
			if (v->highatomic_unknown && v->highatomic_max >= 0) {
				long long worst = v->eff - (v->highatomic_max - v->highatomic);

				fprintf(f, "      %s: %lld free - %lld free_cma - %lld to %lld highatomic = %lld to %lld > %lld min + %lld lowmem_reserve (by at least %lld)\n",
					zname(v->z), v->free, v->cma,
					v->highatomic, v->highatomic_max, v->eff,
					worst, v->min,
					v->reserve > 0 ? v->reserve : 0,
					worst - v->min - (v->reserve > 0 ? v->reserve : 0));
				continue;
			}
			fprintf(f, "      %s: %lld free - %lld free_cma - %lld highatomic = %lld > %lld min + %lld lowmem_reserve (by %lld)\n",
				zname(v->z), v->free, v->cma,
				v->highatomic, v->eff, v->min,
				v->reserve > 0 ? v->reserve : 0,
				v->eff - v->min - (v->reserve > 0 ? v->reserve : 0));
		}
		if (ev->by_kswapd)
			fputs("      the OOM killer was called from kswapd (balance_pgdat), not from a failing allocation\n", f);
		if (ev->total_swap_kb > 0 && ev->free_swap_kb >= 0 &&
		    ev->free_swap_kb * 100 < ev->total_swap_kb)
			fprintf(f, "      swap is exhausted: %lld kB free of %lld kB\n",
				ev->free_swap_kb, ev->total_swap_kb);
		fputs("      reclaim made no progress; the free pages counted here may have been freed after the failed attempt\n", f);
	}
	if (a->nodes_known && a->outside_free > 0) {
		fprintf(f, "  (nodes outside the allowed ones (nodemask=%s, mems_allowed=%s) hold %lld free pages; the request may not use them",
			nz(oomx_str(ev, ev->nodemask)),
			nz(oomx_str(ev, ev->mems_allowed)), a->outside_free);
		if (a->unprinted_free > 0)
			fprintf(f, ": global free %lld less the allowed nodes' zones shown",
				ev->g_free);
		fputs(")\n", f);
	}
	if (!any)
		fputs("  (no verdict: the report lacks the zone lines needed)\n", f);
}

void oomx_report_verdicts(FILE *f, const struct oomx_analysis *a)
{
	text_verdicts(f, a);
}

static void text_buddy(FILE *f, const struct oomx_analysis *a)
{
	size_t i;
	int o, hdr = 0;

	for (i = 0; i < a->nr_zv; i++) {
		const struct oomx_zone *z = a->zv[i].z;

		if (!z->has_buddy)
			continue;
		if (!hdr) {
			fputs("Free blocks per order (buddy lists; bar = log2 of the count):\n", f);
			hdr = 1;
		}
		fprintf(f, "  %s%s", zname(z),
			z->buddy_bad ? " (line cut or malformed)" : "");
		if (z->buddy_total_kb >= 0)
			fprintf(f, "  = %lld kB", z->buddy_total_kb);
		fputc('\n', f);
		for (o = 0; o < z->buddy_orders; o++) {
			fprintf(f, "    %2d %8lldkB %8lld", o,
				z->buddy_page_kb << o, z->buddy_nr[o]);
			if (z->buddy_mt[o]) {
				fputs(" (", f);
				mt_letters(f, z->buddy_mt[o]);
				fputc(')', f);
			}
			if (z->buddy_nr[o] > 0) {
				fputc(' ', f);
				bar(f, z->buddy_nr[o]);
			}
			fputc('\n', f);
		}
	}
}

/* what the limits of one event kept out, if anything */
static void text_dropped(FILE *f, const struct oomx_event *ev)
{
	const struct {
		long long n;
		const char *what;
	} d[] = {
		{ ev->dropped.tasks, "task rows past " },
		{ ev->dropped.names_cut, "task names cut to " },
		{ ev->dropped.zone_lines, "lines of zones past " },
		{ ev->dropped.continuations, "continuation lines past " },
		{ ev->dropped.reserve, "lowmem_reserve entries past " },
		{ ev->dropped.strings, "strings past " },
	};
	const long long lim[] = { OOMX_MAX_TASKS, OOMX_NAME_MAX, OOMX_MAX_ZONES,
				  OOMX_REC_MAX, OOMX_MAX_RESERVE, OOMX_STR_MAX };
	const char *unit[] = { "", " bytes", " zones", " bytes of a zone or buddy line",
			       " of a zone", " bytes of the event's strings" };
	size_t i;
	int first = 1;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		if (!d[i].n)
			continue;
		fprintf(f, "%s%lld %s%lld%s", first ? "Dropped:    not kept, past the limits: " : ", ",
			d[i].n, d[i].what, lim[i], unit[i]);
		first = 0;
	}
	if (!first)
		fputc('\n', f);
}

static void kb_field(FILE *f, const char *name, long long kb)
{
	if (kb != OOMX_UNKNOWN && kb >= 0)
		fprintf(f, "%s %lld kB", name, kb);
}

/* ---------- the page size ---------- */

static const char *page_src_words(int src)
{
	switch (src) {
	case OOMX_PK_BUDDY:
		return "read from the buddy lists (the size of an order-0 block)";
	case OOMX_PK_SUMMARY_FREE:
		return "worked out from the summary's free pages against the zones' free kB";
	case OOMX_PK_VICTIM_ROW:
		return "worked out from the \"Killed process\" kB against the victim's task row";
	case OOMX_PK_MEMCG_ANON:
		return "worked out from the memcg's anon bytes against its tasks' rss";
	case OOMX_PK_ARCH:
		return "from the call trace's architecture, whose pages are 4 kB only";
	}
	return "assumed: nothing in the report tells the page size (no buddy list, no "
	       "summary free count matching the zone lines, no kill line to weigh against "
	       "the task table); ppc64le and RHEL arm64 kernels have 64 kB pages";
}

/* " N pages = X MiB"; nothing if N is unknown */
static void pages_mib(FILE *f, const char *name, long long n, long long pk)
{
	long long kb = oomx_pages_kb(n, pk);

	if (kb >= 0)
		fprintf(f, "%s %lld pages = %.1f MiB", name, n, (double)kb / 1024);
}

/*
 * The page size, how it was learnt, and the report's counts of pages in
 * MiB: pages RAM and reserved, the summary's free pages, the victim's
 * task row.  br goes between the lines.
 */
void oomx_report_pages(FILE *f, const struct oomx_analysis *a, const char *br)
{
	const struct oomx_event *ev = a->ev;
	const struct oomx_task *t = oomx_victim_row(ev);
	long long pk = a->page_kb;

	fprintf(f, "%lld kB, %s", pk, page_src_words(a->page_src));
	if (ev->pages_ram >= 0 || ev->g_free >= 0) {
		fputs(br, f);
		pages_mib(f, "RAM", ev->pages_ram, pk);
		pages_mib(f, ev->pages_ram >= 0 ? ", reserved" : "reserved",
			  ev->pages_reserved, pk);
		pages_mib(f, ev->pages_ram >= 0 ? "; summary free" : "summary free",
			  ev->g_free, pk);
	}
	if (t) {
		fprintf(f, "%svictim's task row (pid %lld):", br, t->pid);
		pages_mib(f, " rss", t->rss, pk);
		pages_mib(f, t->rss >= 0 ? ", total_vm" : " total_vm", t->total_vm, pk);
	}
}

static void facts_pages(FILE *f, const struct oomx_analysis *a, int e)
{
	const struct oomx_event *ev = a->ev;
	const struct oomx_task *t = oomx_victim_row(ev);
	long long pk = a->page_kb;

	fprintf(f, "e%d.page_kb.source=%s\n", e, oomx_page_src_name(a->page_src));
	if (ev->pages_ram >= 0)
		fprintf(f, "e%d.ram_kb=%lld\n", e, oomx_pages_kb(ev->pages_ram, pk));
	if (ev->pages_reserved >= 0)
		fprintf(f, "e%d.reserved_kb=%lld\n", e, oomx_pages_kb(ev->pages_reserved, pk));
	if (ev->g_free >= 0)
		fprintf(f, "e%d.summary_free_kb=%lld\n", e, oomx_pages_kb(ev->g_free, pk));
	if (t && t->rss >= 0)
		fprintf(f, "e%d.victim.row_rss_kb=%lld\n", e, oomx_pages_kb(t->rss, pk));
	if (t && t->total_vm >= 0)
		fprintf(f, "e%d.victim.row_total_vm_kb=%lld\n", e,
			oomx_pages_kb(t->total_vm, pk));
}

void oomx_report_text(FILE *f, const struct oomx_analysis *a)
{
	const struct oomx_event *ev = a->ev;
	const char *names = gfp_names(a);
	size_t i;

	fprintf(f, "== %s%s %d (input bytes %lld-%lld) ==\n",
		oomx_kind_title(ev->kind), ev->kind == OOMX_K_OOM ? "" : ", event",
		ev->index, ev->first_off, ev->last_off);
	if (ev->stamp)
		fprintf(f, "Time:       %s\n", oomx_str(ev, ev->stamp));
	if (ev->prefix)
		fprintf(f, "Prefix:     \"%s\" (learned from the first line)\n",
			oomx_str(ev, ev->prefix));
	fprintf(f, "Trigger:    %s", nz(oomx_str(ev, ev->comm)));
	fputs(" (pid ", f);
	num(f, ev->pid);
	fputs(") order=", f);
	num(f, ev->order);
	if (ev->order == -1)
		fputs(" (manual sysrq-f OOM)", f);
	else if (ev->order >= 0)
		fprintf(f, " (%lld page%s)", 1LL << ev->order,
			ev->order ? "s" : "");
	if (ev->kind == OOMX_K_OOM) {
		fputs(" oom_score_adj=", f);
		num(f, ev->adj);
	}
	fputc('\n', f);
	if (ev->kind == OOMX_K_ALLOC_STALL) {
		fputs("Stalled:    ", f);
		num(f, ev->stall_ms);
		fputs(" ms in the page allocator so far (warned every 10 s while it lasts)\n", f);
	}
	fprintf(f, "Kernel:     %s\n", ev->kver ? oomx_str(ev, ev->kver) :
		"unknown (no CPU: or Pid: line)");
	if (ev->gfp_known) {
		fprintf(f, "GFP mask:   0x%llx = %s", ev->gfp, nz(names));
		if (ev->gfp_names)
			fputs(" (names as printed by the kernel)\n", f);
		else if (ev->kv_major >= 0)
			fprintf(f, " (decoded with the %s table for kernel %s)\n",
				nz(a->gfp_era), oomx_str(ev, ev->kver));
		else if (a->era_why)
			fprintf(f, " (decoded with the %s table: %s)\n",
				nz(a->gfp_era), a->era_why);
		else
			fprintf(f, " (kernel version unknown: decoded with the %s table)\n",
				nz(a->gfp_era));
	} else if (names) {
		fprintf(f, "GFP mask:   %s\n", names);
	} else {
		fputs("GFP mask:   unknown\n", f);
	}
	fprintf(f, "Zones:      highest zone the request may use: %s; %s\n",
		oomx_zone_name(a->class_zone),
		a->bits.movable ? "movable (may use CMA)" :
		"not movable (free CMA pages do not count)");
	if (oomx_constraint(a) || ev->cpuset) {
		fprintf(f, "Constraint: %s", oomx_constraint(a) ?
			oomx_constraint(a) : "(not printed)");
		if (a->memcg_by_trace)
			fputs(" (" OOMX_MEMCG_BY_TRACE ")", f);
		if (ev->cpuset)
			fprintf(f, " cpuset=%s", oomx_str(ev, ev->cpuset));
		if (ev->mems_allowed)
			fprintf(f, " mems_allowed=%s", oomx_str(ev, ev->mems_allowed));
		if (ev->global_oom)
			fputs(" global_oom", f);
		if (ev->oom_memcg)
			fprintf(f, " oom_memcg=%s", oomx_str(ev, ev->oom_memcg));
		if (ev->task_memcg)
			fprintf(f, " task_memcg=%s", oomx_str(ev, ev->task_memcg));
		fputc('\n', f);
	}
	if (oomx_page_note(a)) {
		fputs("Pages:      ", f);
		oomx_report_pages(f, a, "\n            ");
		fputc('\n', f);
	}
	if (a->nr_zv) {
		fprintf(f, "\nZones (pages of %lld kB; effective = free - free_cma - highatomic%s):\n",
			a->page_kb, ev->order > 0 ? " - (2^order - 1)" : "");
		fprintf(f, "  %-10s %-3s %9s %8s %8s %8s %8s %8s %9s  %s\n", "zone",
			"use", "free", "cma", "min", "low", "high", "reserve",
			"effective", "watermark");
		for (i = 0; i < a->nr_zv; i++)
			if (a->zv[i].z->has_stats)
				text_zone_line(f, &a->zv[i]);
		fprintf(f, "  reserve = lowmem_reserve[%s] (index %d%s)\n",
			oomx_zone_name(a->reserve_zone),
			a->zone_idx[a->reserve_zone],
			a->zone_idx_guess ? ", zone layout partly guessed" : "");
		text_highatomic(f, a);
	}
	fputc('\n', f);
	text_verdicts(f, a);
	fputc('\n', f);
	text_buddy(f, a);

	if (ev->kind == OOMX_K_ALLOC_FAIL) {
		fputs("\nVictim:     none: an allocation failure kills nothing; the caller gets NULL\n", f);
		goto tail;
	}
	if (ev->kind == OOMX_K_ALLOC_STALL) {
		fputs("\nVictim:     none: a stall warning kills nothing; the allocation goes on\n", f);
		goto tail;
	}
	fputs("\nVictim:     ", f);
	if (ev->victim.present && ev->victim.from_summary) {
		fprintf(f, "%s (pid %lld), named by the oom-kill: line (no \"Killed process\" line in the report)\n",
			nz(victim_comm(ev)), ev->victim.pid);
	} else if (ev->victim.present) {
		const struct oomx_victim *v = &ev->victim;

		fprintf(f, "%s (pid %lld)", nz(victim_comm(ev)), v->pid);
		kb_field(f, " total-vm", v->total_vm_kb);
		kb_field(f, ", anon-rss", v->anon_rss_kb);
		kb_field(f, ", file-rss", v->file_rss_kb);
		kb_field(f, ", shmem-rss", v->shmem_rss_kb);
		kb_field(f, ", pgtables", v->pgtables_kb);
		fputc('\n', f);
	} else if (ev->no_killable) {
		fputs("none: no killable process\n", f);
	} else if (ev->panic_on_oom) {
		fputs("none: the kernel panicked instead (vm.panic_on_oom, below)\n", f);
	} else {
		fputs("not reported\n", f);
	}
	if (ev->chosen_pid >= 0 && ev->victim.present &&
	    ev->chosen_pid != ev->victim.pid)
		fprintf(f, "Selected:   %s (pid %lld, score %lld); a child of it was killed instead (\"or sacrifice child\")\n",
			nz(oomx_str(ev, ev->chosen_comm)), ev->chosen_pid,
			ev->chosen_score);
	if (ev->has_table) {
		fprintf(f, "Badness:    %zu tasks in the table; totalpages ", ev->nr_tasks);
		if (a->totalpages >= 0)
			fprintf(f, "%lld (estimated from %s)\n", a->totalpages,
				nz(a->totalpages_src));
		else
			fprintf(f, "unknown: %s; the points leave oom_score_adj out\n",
				a->totalpages_src ? a->totalpages_src :
				"nothing in the report gives it");
		if (a->best_pid >= 0) {
			fprintf(f, "            highest: pid %lld with %lld points", a->best_pid,
				a->best_points);
			if (a->victim_in_table)
				fprintf(f, "; the killed/selected task has %lld points: %s\n",
					a->victim_points, a->victim_is_best < 0 ?
					"the highest of the rows kept (the rows past the limit were not)" :
					a->victim_is_best ? "it had the highest badness" :
					"NOT the highest badness");
			else if (ev->victim.present)
				fputs("; the killed task is not in the table\n", f);
			else
				fputc('\n', f);
		}
		if (a->root_bonus)
			fputs("            (kernel < 4.17: 3% off for root tasks applied, uid 0 taken as CAP_SYS_ADMIN)\n", f);
		if (a->nr_excluded) {
			size_t listed = 0;

			fprintf(f, "            excluded (oom_score_adj -1000):");
			for (i = 0; i < a->nr_scores && listed < OOMX_LIST_EXCLUDED; i++)
				if (a->scores[i].excluded) {
					fprintf(f, " %s(%lld)",
						nz(oomx_str(ev, a->scores[i].t->name)),
						a->scores[i].t->pid);
					listed++;
				}
			if (a->nr_excluded > listed)
				fprintf(f, " and %zu more", a->nr_excluded - listed);
			fputc('\n', f);
		}
	}
	if (ev->reaped) {
		fputs("Reaper:     oom_reaper reclaimed the victim's memory; now anon-rss ", f);
		num(f, ev->reaped_anon_kb);
		fputs(" kB, file-rss ", f);
		num(f, ev->reaped_file_kb);
		fputs(" kB, shmem-rss ", f);
		num(f, ev->reaped_shmem_kb);
		fputs(" kB\n", f);
	} else if (ev->reap_failed) {
		fputs("Reaper:     oom_reaper was unable to reap the victim (its mm was busy)\n", f);
	} else if (ev->victim.present && ev->kv_major >= 0 &&
		   (ev->kv_major < 4 || (ev->kv_major == 4 && ev->kv_minor < 6))) {
		fputs("Reaper:     none (the OOM reaper exists from 4.6)\n", f);
	} else if (ev->victim.present) {
		fputs("Reaper:     no \"oom_reaper: reaped process\" line for the victim\n", f);
	}
tail:
	if (ev->panic_on_oom)
		fprintf(f, "Panic:      %s\n", oomx_panic_on_oom_why(ev));
	else if (ev->panic)
		fputs("Panic:      the kernel panicked\n", f);
	text_dropped(f, ev);
	fprintf(f, "Skipped:    %lld unrecognised line%s inside the event", ev->skipped,
		ev->skipped == 1 ? "" : "s");
	if (ev->foreign)
		fprintf(f, ", %lld line%s of other programs ignored", ev->foreign,
			ev->foreign == 1 ? "" : "s");
	if (ev->cut_lines)
		fprintf(f, ", %lld over-long line%s cut", ev->cut_lines,
			ev->cut_lines == 1 ? "" : "s");
	for (i = 0; i < ev->nr_zones; i++)
		if (ev->zones[i].fields_cut) {
			fputs(", some zone fields were cut", f);
			break;
		}
	if (ev->skipped)
		fputs(" (--skipped lists them)", f);
	fputs("\n\n", f);
}

/* ---------- JSON, through json-c ---------- */

static long long pages_or(long long kb, long long pk)
{
	return kb < 0 || pk <= 0 ? OOMX_UNKNOWN : kb / pk;
}

/* a string from the log as JSON: bytes that are not UTF-8 become U+FFFD */
static json_object *js(const char *s)
{
	static struct oomx_buf b;
	size_t n, i = 0;

	if (!s)
		return NULL;
	n = strlen(s);
	b.len = 0;
	while (i < n) {
		size_t k;
		unsigned int c;
		int how = oomx_show((const unsigned char *)s + i, n - i, &k, &c);

		if (how == OOMX_SHOW_BYTE && c >= 0x80) {
			if (oomx_buf_add(&b, "\xef\xbf\xbd", 3))
				return NULL;
		} else if (oomx_buf_add(&b, s + i, k)) {
			return NULL;
		}
		i += k;
	}
	return json_object_new_string_len(b.len ? b.p : "", (int)b.len);
}

/*
 * The JSON text, with what oomx_show() hides (json-c leaves DEL, C1 and
 * the bidirectional controls as they are) written as \uXXXX escapes: the
 * line stays valid JSON and holds none of them raw.  Outside strings the
 * text is ASCII, so this only touches string contents.
 */
static void json_write(FILE *f, const char *s)
{
	size_t n, i = 0;

	if (!s)
		return;
	n = strlen(s);

	while (i < n) {
		size_t k;
		unsigned int c;
		int how = oomx_show((const unsigned char *)s + i, n - i, &k, &c);

		if (how == OOMX_SHOW_AS_IS)
			fwrite(s + i, 1, k, f);
		else if (how == OOMX_SHOW_BYTE && c >= 0x80)
			fputs("\\ufffd", f);
		else
			fprintf(f, "\\u%04x", c);
		i += k;
	}
}

static json_object *secs_json(double d)
{
	char b[40];

	snprintf(b, sizeof(b), "%.6f", d);
	return json_object_new_double_s(d, b);
}

static json_object *jn(long long v)
{
	return v == OOMX_UNKNOWN ? NULL : json_object_new_int64(v);
}

static void set(json_object *o, const char *k, json_object *v)
{
	/* the keys are ours: constant, ASCII, each set once */
	json_object_object_add_ex(o, k, v, JSON_C_OBJECT_ADD_KEY_IS_NEW |
				  JSON_C_OBJECT_KEY_IS_CONSTANT);
}

/* "page_size": how page_kb was learnt and the page counts in kB */
static json_object *pages_json(const struct oomx_analysis *a)
{
	const struct oomx_event *ev = a->ev;
	const struct oomx_task *t = oomx_victim_row(ev);
	json_object *o = json_object_new_object(), *r = NULL;
	long long pk = a->page_kb;

	set(o, "kb", jn(pk));
	set(o, "source", js(oomx_page_src_name(a->page_src)));
	set(o, "ram_kb", jn(oomx_pages_kb(ev->pages_ram, pk)));
	set(o, "reserved_kb", jn(oomx_pages_kb(ev->pages_reserved, pk)));
	set(o, "summary_free_kb", jn(oomx_pages_kb(ev->g_free, pk)));
	if (t) {
		r = json_object_new_object();
		set(r, "pid", jn(t->pid));
		set(r, "rss_kb", jn(oomx_pages_kb(t->rss, pk)));
		set(r, "total_vm_kb", jn(oomx_pages_kb(t->total_vm, pk)));
	}
	set(o, "victim_row", r);
	return o;
}

void oomx_report_json(FILE *f, const struct oomx_analysis *a)
{
	const struct oomx_event *ev = a->ev;
	const struct oomx_victim *v = &ev->victim;
	json_object *root = json_object_new_object(), *o, *arr;
	char mask[24];
	size_t i;
	int k;

	if (!root)
		return;
	set(root, "schema_version", json_object_new_int64(OOMX_SCHEMA_VERSION));
	set(root, "tool_version", js(OOMX_VERSION));
	set(root, "event", json_object_new_int64(ev->index));
	if (a->input)
		set(root, "file", js(a->input));
	set(root, "kind", js(oomx_kind_name(ev->kind)));
	if (ev->stamp) {
		o = json_object_new_object();
		set(o, "as_printed", js(oomx_str(ev, ev->stamp)));
		set(o, "seconds", ev->stamp_secs >= 0 ? secs_json(ev->stamp_secs) : NULL);
		set(root, "timestamp", o);
	} else {
		set(root, "timestamp", NULL);
	}
	set(root, "prefix_learned", js(oomx_str(ev, ev->prefix)));
	set(root, "offset", jn(ev->first_off));
	set(root, "end_offset", jn(ev->last_off));
	o = json_object_new_object();
	set(o, "comm", js(oomx_str(ev, ev->comm)));
	set(o, "pid", jn(ev->pid));
	set(o, "order", jn(ev->order));
	set(o, "oom_score_adj", jn(ev->adj));
	set(o, "by_kswapd", json_object_new_boolean(ev->by_kswapd));
	if (ev->kind == OOMX_K_ALLOC_STALL)
		set(o, "stall_ms", jn(ev->stall_ms));
	set(root, "trigger", o);
	set(root, "kernel", js(oomx_str(ev, ev->kver)));
	o = NULL;
	if (ev->trace_arch) {
		o = json_object_new_object();
		set(o, "arch", js(ev->trace_arch));
		set(o, "frame", js(ev->trace_arch_frame));
	}
	set(root, "trace_arch", o);
	o = json_object_new_object();
	snprintf(mask, sizeof(mask), "0x%llx", ev->gfp);
	set(o, "mask", ev->gfp_known ? js(mask) : NULL);
	set(o, "names", js(gfp_names(a)));
	set(o, "source", js(ev->gfp_names ? "printed" : a->gfp_era ? "decoded" : NULL));
	set(o, "decoded", js(a->gfp_era ? a->gfp_decoded.p : NULL));
	set(o, "table", js(ev->gfp_names ? NULL : a->gfp_era));
	set(o, "version_known", json_object_new_boolean(ev->kv_major >= 0));
	set(o, "era_inferred", js(a->era_why));
	set(o, "movable", json_object_new_boolean(a->bits.movable));
	set(o, "highest_zone", js(oomx_zone_name(a->class_zone)));
	set(root, "gfp", o);
	o = json_object_new_object();
	set(o, "type", js(oomx_constraint(a)));
	if (a->memcg_by_trace)
		set(o, "source", js("call_trace"));
	set(o, "nodemask", js(oomx_str(ev, ev->nodemask)));
	set(o, "cpuset", js(oomx_str(ev, ev->cpuset)));
	set(o, "mems_allowed", js(oomx_str(ev, ev->mems_allowed)));
	set(o, "global_oom", json_object_new_boolean(ev->global_oom));
	set(o, "oom_memcg", js(oomx_str(ev, ev->oom_memcg)));
	set(o, "task_memcg", js(oomx_str(ev, ev->task_memcg)));
	set(root, "constraint", o);
	o = json_object_new_object();
	set(o, "usage_kb", jn(ev->memcg_usage_kb));
	set(o, "limit_kb", jn(ev->memcg_limit_kb));
	set(o, "failcnt", jn(ev->memcg_failcnt));
	set(o, "memsw_usage_kb", jn(ev->memsw_usage_kb));
	set(o, "memsw_limit_kb", jn(ev->memsw_limit_kb));
	set(root, "memcg", o);
	set(root, "page_kb", jn(a->page_kb));
	if (oomx_page_note(a))
		set(root, "page_size", pages_json(a));
	set(root, "zone_layout_guessed", json_object_new_boolean(a->zone_idx_guess));
	o = json_object_new_object();
	set(o, "rule", js(oomx_ha_rule_name(a->ha_rule)));
	set(o, "assumed", json_object_new_boolean(a->ha_assumed));
	set(o, "request_may_use", json_object_new_boolean(a->ha_exempt));
	set(root, "highatomic_rule", o);
	arr = json_object_new_array();
	for (i = 0; i < a->nr_zv; i++) {
		const struct oomx_zone_verdict *zv = &a->zv[i];
		const struct oomx_zone *z = zv->z;
		json_object *zo = json_object_new_object(), *b;

		set(zo, "name", js(oomx_zone_name(z->type)));
		set(zo, "node", z->node >= 0 ? json_object_new_int64(z->node) : NULL);
		set(zo, "usable", json_object_new_boolean(zv->usable));
		set(zo, "node_allowed", json_object_new_boolean(!zv->outside));
		set(zo, "free_cma_from_summary", json_object_new_boolean(zv->cma_from_summary));
		set(zo, "highatomic_from_buddy", json_object_new_boolean(zv->highatomic_from_buddy));
		set(zo, "free", jn(zv->free));
		set(zo, "free_cma", jn(pages_or(z->free_cma_kb, a->page_kb)));
		set(zo, "highatomic", jn(pages_or(z->highatomic_kb, a->page_kb)));
		set(zo, "highatomic_subtracted", jn(zv->free >= 0 ? zv->highatomic : OOMX_UNKNOWN));
		set(zo, "highatomic_unknown", json_object_new_boolean(zv->highatomic_unknown));
		set(zo, "highatomic_max", jn(zv->highatomic_unknown ? zv->highatomic_max : OOMX_UNKNOWN));
		set(zo, "min", jn(zv->min));
		set(zo, "low", jn(zv->low));
		set(zo, "high", jn(zv->high));
		set(zo, "managed", jn(pages_or(z->managed_kb, a->page_kb)));
		if (z->has_reserve) {
			b = json_object_new_array();
			for (k = 0; (size_t)k < z->nr_reserve; k++)
				json_object_array_add(b, json_object_new_int64(z->reserve[k]));
			set(zo, "lowmem_reserve", b);
		} else {
			set(zo, "lowmem_reserve", NULL);
		}
		set(zo, "reserve_used", jn(zv->reserve));
		set(zo, "effective", jn(zv->usable && zv->free >= 0 ? zv->eff : OOMX_UNKNOWN));
		set(zo, "below_min", zv->below_min < 0 ? NULL : json_object_new_boolean(zv->below_min));
		set(zo, "below_min_cause", js(cause(a, zv)));
		set(zo, "has_block", zv->has_block < 0 ? NULL : json_object_new_boolean(zv->has_block));
		set(zo, "fields_cut", json_object_new_boolean(z->fields_cut));
		if (z->has_buddy) {
			json_object *bo = json_object_new_object(), *blocks = json_object_new_array(), *types = json_object_new_array();

			for (k = 0; k < z->buddy_orders; k++) {
				char t[9];
				int m, n = 0;

				json_object_array_add(blocks, json_object_new_int64(z->buddy_nr[k]));
				for (m = 0; m < 8; m++)
					if (z->buddy_mt[k] & (1u << m))
						t[n++] = "UMERHCIO"[m];
				t[n] = '\0';
				json_object_array_add(types, json_object_new_string(t));
			}
			set(bo, "blocks", blocks);
			set(bo, "types", types);
			set(bo, "total_kb", jn(z->buddy_total_kb));
			set(bo, "malformed", json_object_new_boolean(z->buddy_bad));
			set(zo, "buddy", bo);
		} else {
			set(zo, "buddy", NULL);
		}
		json_object_array_add(arr, zo);
	}
	set(root, "zones", arr);
	set(root, "usable_free", jn(a->usable_free));
	set(root, "unusable_free", jn(a->unusable_free));
	set(root, "unprinted_free", jn(a->unprinted_free));
	set(root, "other_nodes_free", jn(a->nodes_known ? a->outside_free : OOMX_UNKNOWN));
	arr = json_object_new_array();
	for (k = 0; k < OOMX_V_NR; k++)
		if (a->verdict[k])
			json_object_array_add(arr, js(oomx_verdict_name(k)));
	set(root, "verdicts", arr);
	if (v->present) {
		o = json_object_new_object();
		set(o, "pid", jn(v->pid));
		set(o, "comm", js(victim_comm(ev)));
		set(o, "source", js(v->from_summary ? "oom-kill" : "killed_process"));
		set(o, "total_vm_kb", jn(v->total_vm_kb));
		set(o, "anon_rss_kb", jn(v->anon_rss_kb));
		set(o, "file_rss_kb", jn(v->file_rss_kb));
		set(o, "shmem_rss_kb", jn(v->shmem_rss_kb));
		set(o, "pgtables_kb", jn(v->pgtables_kb));
		set(o, "uid", jn(v->uid));
		set(o, "oom_score_adj", jn(v->adj));
		set(o, "selected_pid", jn(ev->chosen_pid));
		set(o, "selected_score", jn(ev->chosen_score));
		set(o, "reaped", json_object_new_boolean(ev->reaped));
		set(o, "reap_failed", json_object_new_boolean(ev->reap_failed));
		set(o, "reaped_anon_rss_kb", jn(ev->reaped_anon_kb));
		set(root, "victim", o);
	} else {
		set(root, "victim", NULL);
	}
	o = json_object_new_object();
	set(o, "tasks", json_object_new_int64((int64_t)ev->nr_tasks));
	set(o, "totalpages", jn(a->totalpages));
	set(o, "totalpages_source", js(a->totalpages_src));
	set(o, "highest_pid", jn(a->best_pid));
	set(o, "highest_points", jn(a->best_points));
	set(o, "victim_points", jn(a->victim_in_table ? a->victim_points : OOMX_UNKNOWN));
	set(o, "victim_is_highest", a->victim_in_table && a->victim_is_best >= 0 ?
	    json_object_new_boolean(a->victim_is_best) : NULL);
	set(o, "excluded_total", json_object_new_int64((int64_t)a->nr_excluded));
	arr = json_object_new_array();
	for (i = 0, k = 0; i < a->nr_scores && k < OOMX_LIST_EXCLUDED; i++) {
		json_object *x;

		if (!a->scores[i].excluded)
			continue;
		k++;
		x = json_object_new_object();
		set(x, "pid", jn(a->scores[i].t->pid));
		set(x, "name", js(oomx_str(ev, a->scores[i].t->name)));
		json_object_array_add(arr, x);
	}
	set(o, "excluded", arr);
	set(root, "badness", o);
	set(root, "free_swap_kb", jn(ev->free_swap_kb));
	set(root, "total_swap_kb", jn(ev->total_swap_kb));
	set(root, "panic", json_object_new_boolean(ev->panic));
	set(root, "panic_on_oom", ev->panic_on_oom ? jn(ev->panic_on_oom) : NULL);
	set(root, "skipped_lines", jn(ev->skipped));
	set(root, "cut_lines", jn(ev->cut_lines));
	set(root, "foreign_lines", jn(ev->foreign));
	o = json_object_new_object();
	set(o, "task_rows", jn(ev->dropped.tasks));
	set(o, "task_names_cut", jn(ev->dropped.names_cut));
	set(o, "zone_lines", jn(ev->dropped.zone_lines));
	set(o, "continuation_lines", jn(ev->dropped.continuations));
	set(o, "lowmem_reserve_entries", jn(ev->dropped.reserve));
	set(o, "strings", jn(ev->dropped.strings));
	set(root, "dropped", o);
	oomx_json_line(f, root);
}

json_object *oomx_json_string(const char *s)
{
	return js(s);
}

void oomx_json_line(FILE *f, json_object *o)
{
	json_write(f, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
						  JSON_C_TO_STRING_NOSLASHESCAPE));
	fputc('\n', f);
	json_object_put(o);
}

/* ---------- facts: flat key=value lines, one fact a line ---------- */

/* a number, or "-" when the report did not have it */
static const char *N(long long v)
{
	static char bufs[8][24];
	static unsigned int k;
	char *b = bufs[k++ % 8];

	if (v == OOMX_UNKNOWN)
		return "-";
	snprintf(b, sizeof(bufs[0]), "%lld", v);
	return b;
}

void oomx_report_facts(FILE *f, const struct oomx_analysis *a)
{
	const struct oomx_event *ev = a->ev;
	int e = ev->index, o;
	size_t i;

	fprintf(f, "e%d.kind=%s\n", e, oomx_kind_name(ev->kind));
	if (ev->stamp)
		fprintf(f, "e%d.stamp=%s\n", e, oomx_str(ev, ev->stamp));
	if (ev->stamp_secs >= 0)
		fprintf(f, "e%d.stamp_secs=%.6f\n", e, ev->stamp_secs);
	if (ev->prefix)
		fprintf(f, "e%d.prefix_learned=1\n", e);
	fprintf(f, "e%d.trigger.comm=%s\n", e, nz(oomx_str(ev, ev->comm)));
	fprintf(f, "e%d.trigger.pid=%s\n", e, N(ev->pid));
	fprintf(f, "e%d.trigger.order=%s\n", e, N(ev->order));
	fprintf(f, "e%d.trigger.adj=%s\n", e, N(ev->adj));
	if (ev->kind == OOMX_K_ALLOC_STALL)
		fprintf(f, "e%d.trigger.stall_ms=%s\n", e, N(ev->stall_ms));
	fprintf(f, "e%d.kernel=%s\n", e, ev->kver ? oomx_str(ev, ev->kver) : "unknown");
	if (a->era_why)
		fprintf(f, "e%d.era.inferred=%d.%d%s%s\n", e, a->v_major, a->v_minor,
			a->v_patch >= 0 ? "." : "",
			a->v_patch >= 0 ? N(a->v_patch) : "");
	if (ev->gfp_known)
		fprintf(f, "e%d.gfp.mask=0x%llx\n", e, ev->gfp);
	fprintf(f, "e%d.gfp.names=%s\n", e, nz(gfp_names(a)));
	fprintf(f, "e%d.gfp.source=%s\n", e, ev->gfp_names ? "printed" :
		a->gfp_era ? "decoded" : "none");
	if (a->gfp_era) {
		fprintf(f, "e%d.gfp.table=%s\n", e, a->gfp_era);
		fprintf(f, "e%d.gfp.decoded=%s\n", e, nz(a->gfp_decoded.p));
	}
	fprintf(f, "e%d.by_kswapd=%d\n", e, ev->by_kswapd);
	fprintf(f, "e%d.swap.free_kb=%s\n", e, N(ev->free_swap_kb));
	fprintf(f, "e%d.swap.total_kb=%s\n", e, N(ev->total_swap_kb));
	fprintf(f, "e%d.class_zone=%s\n", e, oomx_zone_name(a->class_zone));
	fprintf(f, "e%d.page_kb=%s\n", e, N(a->page_kb));
	if (oomx_page_note(a))
		facts_pages(f, a, e);
	fprintf(f, "e%d.highatomic_rule=%s\n", e, oomx_ha_rule_name(a->ha_rule));
	if (a->ha_assumed)
		fprintf(f, "e%d.highatomic_rule_assumed=1\n", e);
	if (a->ha_exempt)
		fprintf(f, "e%d.highatomic_exempt=1\n", e);
	for (i = 0; i < a->nr_zv; i++) {
		const struct oomx_zone_verdict *v = &a->zv[i];
		const char *c = cause(a, v);
		char zn[32];

		/* node 0 (or none) is plain "Normal", node 1 is "Normal@1" */
		if (v->z->node > 0)
			snprintf(zn, sizeof(zn), "%s@%d", oomx_zone_name(v->z->type),
				 v->z->node);
		else
			snprintf(zn, sizeof(zn), "%s", oomx_zone_name(v->z->type));

		fprintf(f, "e%d.zone.%s.usable=%d\n", e, zn, v->usable);
		if (v->outside)
			fprintf(f, "e%d.zone.%s.node_allowed=0\n", e, zn);
		if (v->cma_from_summary)
			fprintf(f, "e%d.zone.%s.cma_from_summary=1\n", e, zn);
		if (v->highatomic_from_buddy)
			fprintf(f, "e%d.zone.%s.highatomic_from_buddy=1\n", e, zn);
		if (v->top_order >= 0)
			fprintf(f, "e%d.zone.%s.top_order=%d\n", e, zn, v->top_order);
		fprintf(f, "e%d.zone.%s.free=%s\n", e, zn, N(v->free));
		fprintf(f, "e%d.zone.%s.cma=%s\n", e, zn, N(v->cma));
		fprintf(f, "e%d.zone.%s.highatomic=%s\n", e, zn, N(v->highatomic));
		if (v->highatomic_unknown)
			fprintf(f, "e%d.zone.%s.highatomic_max=%s\n", e, zn,
				N(v->highatomic_max));
		fprintf(f, "e%d.zone.%s.min=%s\n", e, zn, N(v->min));
		fprintf(f, "e%d.zone.%s.reserve=%s\n", e, zn, N(v->reserve));
		fprintf(f, "e%d.zone.%s.effective=%s\n", e, zn, N(v->eff));
		fprintf(f, "e%d.zone.%s.below_min=%d\n", e, zn, v->below_min);
		if (c)
			fprintf(f, "e%d.zone.%s.cause=%s\n", e, zn, c);
		fprintf(f, "e%d.zone.%s.has_block=%d\n", e, zn, v->has_block);
		if (v->z->has_buddy) {
			fprintf(f, "e%d.zone.%s.buddy_total_kb=%s\n", e, zn,
				N(v->z->buddy_total_kb));
			fprintf(f, "e%d.zone.%s.buddy_sum_kb=%s\n", e, zn,
				N(v->z->buddy_sum_kb));
			fprintf(f, "e%d.zone.%s.buddy_bad=%d\n", e, zn, v->z->buddy_bad);
			for (o = 0; o < v->z->buddy_orders; o++)
				fprintf(f, "e%d.zone.%s.order%d=%lld\n", e, zn, o,
					v->z->buddy_nr[o]);
		}
		if (v->z->fields_cut)
			fprintf(f, "e%d.zone.%s.fields_cut=1\n", e, zn);
	}
	fprintf(f, "e%d.usable_free=%s\n", e, N(a->usable_free));
	fprintf(f, "e%d.unusable_free=%s\n", e, N(a->unusable_free));
	fprintf(f, "e%d.unprinted_free=%s\n", e, N(a->unprinted_free));
	if (a->nodes_known)
		fprintf(f, "e%d.other_nodes_free=%s\n", e, N(a->outside_free));
	for (o = 0; o < OOMX_V_NR; o++)
		if (a->verdict[o])
			fprintf(f, "e%d.verdict=%s\n", e, oomx_verdict_name(o));
	if (ev->constraint)
		fprintf(f, "e%d.constraint=%s\n", e, oomx_str(ev, ev->constraint));
	else if (a->memcg_by_trace)
		fprintf(f, "e%d.constraint=CONSTRAINT_MEMCG\ne%d.constraint.source=call_trace\n", e, e);
	if (ev->memcg_limit_kb >= 0)
		fprintf(f, "e%d.memcg.usage_kb=%s\ne%d.memcg.limit_kb=%s\n", e,
			N(ev->memcg_usage_kb), e, N(ev->memcg_limit_kb));
	if (ev->victim.present) {
		fprintf(f, "e%d.victim.pid=%s\n", e, N(ev->victim.pid));
		fprintf(f, "e%d.victim.comm=%s\n", e, nz(victim_comm(ev)));
		if (ev->victim.from_summary)
			fprintf(f, "e%d.victim.source=oom-kill\n", e);
		if (ev->victim.uid >= 0)
			fprintf(f, "e%d.victim.uid=%s\n", e, N(ev->victim.uid));
		fprintf(f, "e%d.victim.anon_rss_kb=%s\n", e, N(ev->victim.anon_rss_kb));
		fprintf(f, "e%d.victim.file_rss_kb=%s\n", e, N(ev->victim.file_rss_kb));
		fprintf(f, "e%d.victim.shmem_rss_kb=%s\n", e, N(ev->victim.shmem_rss_kb));
	}
	if (ev->chosen_pid >= 0)
		fprintf(f, "e%d.selected.pid=%s\n", e, N(ev->chosen_pid));
	fprintf(f, "e%d.reaped=%d\n", e, ev->reaped);
	fprintf(f, "e%d.tasks=%zu\n", e, ev->nr_tasks);
	fprintf(f, "e%d.totalpages=%s\n", e, N(a->totalpages));
	fprintf(f, "e%d.badness.highest_pid=%s\n", e, N(a->best_pid));
	fprintf(f, "e%d.badness.highest_points=%s\n", e, N(a->best_points));
	if (a->victim_in_table && a->victim_is_best >= 0)
		fprintf(f, "e%d.badness.victim_is_highest=%d\n", e, a->victim_is_best);
	fprintf(f, "e%d.excluded=%zu\n", e, a->nr_excluded);
	fprintf(f, "e%d.skipped=%s\n", e, N(ev->skipped));
	fprintf(f, "e%d.foreign=%s\n", e, N(ev->foreign));
	fprintf(f, "e%d.panic=%d\n", e, ev->panic);
	if (ev->panic_on_oom)
		fprintf(f, "e%d.panic_on_oom=%d\n", e, ev->panic_on_oom);
	if (ev->dropped.tasks)
		fprintf(f, "e%d.dropped.task_rows=%lld\n", e, ev->dropped.tasks);
	if (ev->dropped.names_cut)
		fprintf(f, "e%d.dropped.task_names_cut=%lld\n", e, ev->dropped.names_cut);
	if (ev->dropped.zone_lines)
		fprintf(f, "e%d.dropped.zone_lines=%lld\n", e, ev->dropped.zone_lines);
	if (ev->dropped.continuations)
		fprintf(f, "e%d.dropped.continuation_lines=%lld\n", e, ev->dropped.continuations);
	if (ev->dropped.reserve)
		fprintf(f, "e%d.dropped.lowmem_reserve_entries=%lld\n", e, ev->dropped.reserve);
	if (ev->dropped.strings)
		fprintf(f, "e%d.dropped.strings=%lld\n", e, ev->dropped.strings);
}
