// SPDX-License-Identifier: GPL-2.0
/*
 * From a parsed report to verdicts.
 *
 * The watermark test is the one __zone_watermark_ok() makes for the
 * allocation at ALLOC_WMARK_MIN:
 *
 *	free - (2^order - 1) - free_cma (unless the request is movable)
 *	     - highatomic (unless the request may use the reserve)
 *	<= min + lowmem_reserve[class zone]      =>  the zone is refused
 *
 * highatomic follows the kernel's era (__zone_watermark_unusable_free()
 * and, before 5.10, __zone_watermark_ok() itself):
 *
 *   before 4.4	nothing: the high-order atomic reserve came in 4.4
 *   4.4 - 6.11	nr_reserved_highatomic, the whole reserve, printed as
 *		reserved_highatomic: (implied by free H blocks if not printed)
 *   6.12 on	nr_free_highatomic, the free pages of the reserve's
 *		pageblocks, which is not printed: at least what the buddy
 *		lists show on H only, at most reserved_highatomic
 *
 * A request with ALLOC_HARDER (atomic, up to 6.2) or ALLOC_RESERVES (from
 * 6.3 also __GFP_HIGH) may use the reserve, and nothing is subtracted.
 * Without a version line the 4.4 - 6.11 rule is assumed, and said so.
 *
 * The class zone is the highest zone the GFP zone bits allow (gfp_zone());
 * before 5.8 it was the highest populated zone below that, which only
 * matters when that zone is empty.
 *
 * The badness is oom_badness():
 *
 *	points = rss + swapents + pgtables_bytes / PAGE_SIZE
 *		 (nr_ptes + nr_pmds before 4.19)
 *	points += oom_score_adj * (totalpages / 1000)
 *
 * with, before 4.17, 3% off for CAP_SYS_ADMIN tasks (approximated by uid 0).
 */
#include <stdlib.h>
#include <string.h>

#include "oomx.h"

static const char * const verdict_names[OOMX_V_NR] = {
	[OOMX_V_BELOW_MIN] = "below_min",
	[OOMX_V_UNUSABLE_ZONES] = "free_in_unusable_zones",
	[OOMX_V_FRAGMENTATION] = "fragmentation",
	[OOMX_V_COSTLY_ORDER] = "costly_order",
	[OOMX_V_MEMCG] = "memcg_limit",
	[OOMX_V_CPUSET] = "cpuset_constraint",
	[OOMX_V_MEMPOLICY] = "mempolicy_constraint",
	[OOMX_V_MANUAL] = "manual",
	[OOMX_V_PAGEFAULT] = "pagefault",
	[OOMX_V_WATERMARKS_OK] = "watermarks_ok",
};

/*
 * What vm.panic_on_oom did when a panic ended the event (mm/oom_kill.c,
 * check_panic_on_oom()); NULL if the panic was not its doing.
 */
const char *oomx_panic_on_oom_why(const struct oomx_event *ev)
{
	switch (ev->panic_on_oom) {
	case 1:
		return "vm.panic_on_oom=1 (\"system-wide panic_on_oom is enabled\"): "
		       "on an OOM of the whole machine the kernel panics instead of "
		       "killing a process, so nothing was killed (a memcg, cpuset or "
		       "mempolicy OOM would still kill; 0 lets the OOM killer run)";
	case 2:
		return "vm.panic_on_oom=2 (\"compulsory panic_on_oom is enabled\"): "
		       "the kernel panics on every OOM, also one confined to a memory "
		       "cgroup, cpuset or memory policy, instead of killing a process, "
		       "so nothing was killed";
	}
	return NULL;
}

const char *oomx_verdict_name(int v)
{
	if (v < 0 || v >= OOMX_V_NR)
		return "?";
	return verdict_names[v];
}

static int kv_before(const struct oomx_analysis *a, int maj, int min)
{
	if (a->v_major < 0)
		return -1;
	return a->v_major < maj || (a->v_major == maj && a->v_minor < min);
}

/*
 * Without a version line, date the report by its own shape.  Only what
 * the GFP table and the version-dependent rules need is inferred; the
 * reason is reported with the table.
 */
static void infer_era(const struct oomx_event *ev, struct oomx_analysis *a)
{
	unsigned long long g = ev->gfp;
	int old_movable = ev->gfp_known && (g & 0x100000) && !(g & 0x8);

	a->v_major = ev->kv_major;
	a->v_minor = ev->kv_minor;
	a->v_patch = ev->kv_patch;
	a->era_why = NULL;
	if (ev->kv_major >= 0)
		return;
	if (ev->shape & (OOMX_SH_OOMKILLADJ | OOMX_SH_FAIL_DOT)) {
		int adj = !!(ev->shape & OOMX_SH_OOMKILLADJ);

		a->v_major = 2;
		a->v_minor = 6;
		a->v_patch = 31;
		if (old_movable) {
			a->v_patch = 24;
			a->era_why = adj ?
				"no version line; oomkilladj= in the header (2.6.18-2.6.35) and bit 0x100000 set, which is __GFP_MOVABLE only from 2.6.24 to 2.6.30" :
				"no version line; \"page allocation failure.\" (before 2.6.39) and bit 0x100000 set, which is __GFP_MOVABLE only from 2.6.24 to 2.6.30";
		} else if (ev->gfp_known && (g & 0x8)) {
			a->era_why = adj ?
				"no version line; oomkilladj= in the header (2.6.18-2.6.35) and bit 0x8 set, which is __GFP_MOVABLE from 2.6.31" :
				"no version line; \"page allocation failure.\" (before 2.6.39) and bit 0x8 set, which is __GFP_MOVABLE from 2.6.31";
		} else {
			a->era_why = adj ?
				"no version line; oomkilladj= in the header (2.6.18-2.6.35); the bits set mean the same from 2.6.24 to 2.6.35" :
				"no version line; \"page allocation failure.\" (before 2.6.39); the bits set mean the same from 2.6.24 to 2.6.38";
		}
		return;
	}
	if (ev->shape & OOMX_SH_OOM_ADJ) {
		a->v_major = 3;
		a->v_minor = 0;
		a->v_patch = -1;
		a->era_why = "no version line; oom_adj= with oom_score_adj= in the header (2.6.36 to 3.x): the 2.6.31-4.3 bit layout";
		return;
	}
	if (ev->shape & (OOMX_SH_PID_LINE | OOMX_SH_KILL_UID)) {
		a->v_major = 3;
		a->v_minor = 0;
		a->v_patch = -1;
		if (old_movable) {
			a->v_major = 2;
			a->v_minor = 6;
			a->v_patch = 24;
		}
		a->era_why = ev->shape & OOMX_SH_PID_LINE ?
			(old_movable ? "no version line; a \"Pid: N, comm:\" line (before 3.10) and bit 0x100000 set (__GFP_MOVABLE from 2.6.24 to 2.6.30)" :
			 "no version line; a \"Pid: N, comm:\" line (before 3.10): the 2.6.31-4.3 bit layout") :
			(old_movable ? "no version line; \"Killed process N, UID U, (comm)\" (RHEL 6, 2.6.32) and bit 0x100000 set (__GFP_MOVABLE from 2.6.24 to 2.6.30)" :
			 "no version line; \"Killed process N, UID U, (comm)\" (RHEL 6, 2.6.32): the 2.6.31-4.3 bit layout");
	}
}

/* "0-1,3" or "(null)" (all nodes); 0 if it cannot be read */
static int node_list(const char *s, unsigned long long *mask)
{
	*mask = 0;
	if (!s || !*s)
		return 0;
	if (!strcmp(s, "(null)")) {
		*mask = ~0ULL;
		return 1;
	}
	while (*s) {
		long a = 0, b;
		int n = 0;

		while (*s >= '0' && *s <= '9' && n < 3) {
			a = a * 10 + (*s++ - '0');
			n++;
		}
		if (!n || a > 63)
			return 0;
		b = a;
		if (*s == '-') {
			s++;
			b = 0;
			n = 0;
			while (*s >= '0' && *s <= '9' && n < 3) {
				b = b * 10 + (*s++ - '0');
				n++;
			}
			if (!n || b > 63 || b < a)
				return 0;
		}
		for (; a <= b; a++)
			*mask |= 1ULL << a;
		if (*s == ',')
			s++;
		else if (*s)
			return 0;
	}
	return 1;
}

/* The nodes the request may use: the policy nodemask within the cpuset. */
static void allowed_nodes(const struct oomx_event *ev, struct oomx_analysis *a)
{
	unsigned long long nm = ~0ULL, ma = ~0ULL;
	const char *c;
	int have = 0;

	if (ev->nodemask && node_list(oomx_str(ev, ev->nodemask), &nm))
		have = 1;
	if (ev->mems_allowed && node_list(oomx_str(ev, ev->mems_allowed), &ma))
		have = 1;
	a->nodes = nm & ma;
	/* it says something only if the report shows a node outside it */
	a->nodes_known = have && (ev->nodes_seen & ~a->nodes) != 0;
	/*
	 * A cpuset or memory-policy OOM's show_mem() skips the nodes the
	 * request may not use: the zones it leaves out may be theirs.
	 */
	c = oomx_str(ev, ev->constraint);
	a->nodes_filtered = have && !a->nodes_known && c &&
			    (!strcmp(c, "CONSTRAINT_CPUSET") ||
			     !strcmp(c, "CONSTRAINT_MEMORY_POLICY"));
}

/* gfp_zone(): the highest zone type the GFP zone bits allow */
static int gfp_zone_type(const struct oomx_gfp_bits *b)
{
	if (b->dma)
		return OOMX_Z_DMA;
	if (b->dma32)
		return OOMX_Z_DMA32;
	if (b->highmem && b->movable)
		return OOMX_Z_MOVABLE;
	if (b->highmem)
		return OOMX_Z_HIGHMEM;
	return OOMX_Z_NORMAL;
}

/*
 * Work out the index of each zone type in lowmem_reserve[], which has one
 * entry per configured zone (MAX_NR_ZONES).  Populated zones are printed;
 * Normal and Movable are always configured; DMA, DMA32, HighMem and Device
 * may be configured but empty.  Among the layouts that fit the array
 * length, prefer the one where, in the lowest zone's array, each printed
 * zone above it adds to the reserve (an empty zone adds nothing).
 *
 * lowmem_reserve[j] of a zone is the managed pages of the zones above it
 * up to j, divided by its ratio, so an entry larger than the one before
 * says zone j has pages.  A zone with pages that is not printed lies above
 * the request's highest zone (6.x prints only the zones up to it); one at
 * or below it would have been printed, which rules that layout out.  This
 * tells 32-bit ARM's DMA, Normal (empty), HighMem, Movable from a layout
 * with DMA32 in HighMem's place.  HighMem exists on 32-bit kernels only,
 * DMA32 and Device on 64-bit ones, so they never go together; and a
 * Movable zone with pages takes kernelcore= or movablecore=, so a HighMem
 * zone is the likelier holder of pages above Normal.
 */
static void zone_indices(const struct oomx_event *ev, struct oomx_analysis *a)
{
	static const int optional[] = { OOMX_Z_DMA, OOMX_Z_DMA32,
					OOMX_Z_HIGHMEM, OOMX_Z_DEVICE };
	int printed[OOMX_Z_NR] = { 0 };
	const struct oomx_zone *low = NULL;
	size_t n = 0, i;
	int best = -1000000, best_set = -1, set, t;

	for (t = 0; t < OOMX_Z_NR; t++)
		a->zone_idx[t] = -1;
	for (i = 0; i < ev->nr_zones; i++) {
		const struct oomx_zone *z = &ev->zones[i];

		if (!z->has_stats)
			continue;
		printed[z->type] = 1;
		if (z->has_reserve && z->nr_reserve > n)
			n = z->nr_reserve;
		if (z->has_reserve && (!low || z->type < low->type))
			low = z;
	}
	for (set = 0; set < 16; set++) {
		int conf[OOMX_Z_NR], idx[OOMX_Z_NR], k = 0, score = 0;
		size_t cnt = 0;

		for (t = 0; t < OOMX_Z_NR; t++)
			conf[t] = printed[t] || t == OOMX_Z_NORMAL ||
				  t == OOMX_Z_MOVABLE;
		for (i = 0; i < 4; i++) {
			if (!(set & (1 << i)))
				continue;
			if (conf[optional[i]])
				goto next;
			conf[optional[i]] = 1;
			if (optional[i] == OOMX_Z_DEVICE)
				score -= 1;
			if (optional[i] == OOMX_Z_HIGHMEM)
				score -= 2;
		}
		for (t = 0; t < OOMX_Z_NR; t++) {
			idx[t] = conf[t] ? k++ : -1;
			cnt += conf[t];
		}
		if (n && cnt != n)
			goto next;
		if (conf[OOMX_Z_HIGHMEM] &&
		    (conf[OOMX_Z_DMA32] || conf[OOMX_Z_DEVICE]))
			score -= 50;
		if (low) {
			int top = gfp_zone_type(&a->bits);

			if (!conf[top])
				top = OOMX_Z_NORMAL;	/* as class_zone() */
			for (t = low->type + 1; t < OOMX_Z_NR; t++) {
				int j = idx[t];

				if (j <= 0 || (size_t)j >= low->nr_reserve ||
				    low->reserve[j] <= low->reserve[j - 1])
					continue;
				if (printed[t])
					score += 10;
				else if (t <= top)
					score -= 50;
				else if (t == OOMX_Z_MOVABLE)
					score -= 3;
			}
		}
		if (score > best) {
			best = score;
			best_set = set;
			memcpy(a->zone_idx, idx, sizeof(idx));
		}
next:
		;
	}
	if (best_set < 0 || !n) {
		/* no layout fits: number what we know and say so */
		int k = 0;

		for (t = 0; t < OOMX_Z_NR; t++)
			a->zone_idx[t] = (printed[t] || t == OOMX_Z_NORMAL ||
					  t == OOMX_Z_MOVABLE) ? k++ : -1;
		a->zone_idx_guess = 1;
	}
}

static int class_zone(const struct oomx_analysis *a)
{
	int t = gfp_zone_type(&a->bits);

	/* OPT_ZONE_*: an unconfigured zone type falls back to Normal */
	if (a->zone_idx[t] < 0)
		t = OOMX_Z_NORMAL;
	return t;
}

static long long pages(long long kb, long long page_kb)
{
	if (kb < 0 || page_kb <= 0)
		return OOMX_UNKNOWN;
	return kb / page_kb;
}

static int block_usable(unsigned int mt, const struct oomx_gfp_bits *b,
			int reserves)
{
	if (!mt)
		return 1;	/* no letters printed: assume usable */
	if (mt & (OOMX_MT_U | OOMX_MT_M | OOMX_MT_E | OOMX_MT_R | OOMX_MT_O))
		return 1;
	if ((mt & OOMX_MT_C) && b->movable)
		return 1;
	if ((mt & OOMX_MT_H) && reserves)
		return 1;
	return 0;
}

static const char * const ha_rule_names[] = {
	[OOMX_HA_NONE] = "none",
	[OOMX_HA_RESERVED] = "reserved_highatomic",
	[OOMX_HA_FREE] = "free_highatomic",
};

const char *oomx_ha_rule_name(int rule)
{
	if (rule < 0 || rule > OOMX_HA_FREE)
		return "?";
	return ha_rule_names[rule];
}

/* The era's highatomic rule and whether the request is exempt from it. */
static void ha_rule(struct oomx_analysis *a)
{
	int atomic = a->bits.high && !a->bits.reclaim;

	a->ha_assumed = a->v_major < 0;
	if (kv_before(a, 4, 4) == 1)
		a->ha_rule = OOMX_HA_NONE;
	else if (kv_before(a, 6, 12) == 0)
		a->ha_rule = OOMX_HA_FREE;
	else
		a->ha_rule = OOMX_HA_RESERVED;
	/* ALLOC_HARDER up to 6.2; ALLOC_RESERVES, with __GFP_HIGH, from 6.3 */
	a->ha_exempt = atomic ||
		       (kv_before(a, 6, 3) == 0 && a->bits.high);
}

/*
 * The free pages the buddy lists show on the highatomic free lists: the
 * orders whose only type is H.  A lower bound of nr_free_highatomic.
 */
static long long buddy_highatomic(const struct oomx_zone *z, long long pk)
{
	long long sum = 0;
	int o;

	if (!z->has_buddy || z->buddy_bad || z->buddy_page_kb != pk)
		return 0;
	for (o = 0; o < z->buddy_orders; o++)
		if (z->buddy_mt[o] == OOMX_MT_H)
			sum += z->buddy_nr[o] << o;
	return sum;
}

/*
 * eff <= mark, where eff may still lose up to span pages (-1: any number)
 * that are not known: 1 refused, 0 passes, -1 it depends on them.
 */
static int wm_below(long long eff, long long mark, long long span)
{
	if (eff <= mark)
		return 1;
	if (span < 0 || eff - span <= mark)
		return span ? -1 : 0;
	return 0;
}

/*
 * Free H blocks mean the zone holds a high-order atomic reserve, which is
 * taken in whole pageblocks (order 9 with 4 kB pages and 11 or more
 * orders): at least that much, or the free pure-H blocks if more.
 */
static long long implied_highatomic(const struct oomx_zone *z, long long pk)
{
	long long sum = 0;
	int o, any = 0;

	if (!z->has_buddy || z->buddy_bad || pk != 4 || z->buddy_orders < 11)
		return 0;
	for (o = 0; o < z->buddy_orders; o++) {
		if (!(z->buddy_mt[o] & OOMX_MT_H) || !z->buddy_nr[o])
			continue;
		any = 1;
		if (z->buddy_mt[o] == OOMX_MT_H)
			sum += z->buddy_nr[o] << o;
	}
	if (!any)
		return 0;
	return sum > 512 ? sum : 512;
}

static void zone_verdict(const struct oomx_event *ev, struct oomx_analysis *a,
			 const struct oomx_zone *z, struct oomx_zone_verdict *v,
			 int cz_idx, long long summary_cma)
{
	long long pk = a->page_kb;
	int reserves = a->bits.high && !a->bits.reclaim;	/* atomic */
	long long order = ev->order > 0 ? ev->order : 0;
	int o;

	memset(v, 0, sizeof(*v));
	v->z = z;
	v->outside = a->nodes_known && z->node >= 0 &&
		     (z->node > 63 || !(a->nodes & (1ULL << z->node)));
	v->usable = z->type <= a->class_zone && z->type != OOMX_Z_DEVICE &&
		    !v->outside;
	v->free = pages(z->free_kb, pk);
	v->min = pages(z->min_kb, pk);
	v->low = pages(z->low_kb, pk);
	v->high = pages(z->high_kb, pk);
	v->cma = 0;
	if (!a->bits.movable && z->free_cma_kb > 0)
		v->cma = pages(z->free_cma_kb, pk);
	if (!a->bits.movable && z->free_cma_kb == OOMX_UNKNOWN &&
	    summary_cma > 0) {
		v->cma = summary_cma;
		v->cma_from_summary = 1;
	}
	v->highatomic = 0;
	v->highatomic_max = OOMX_UNKNOWN;
	if (a->ha_rule == OOMX_HA_RESERVED && !a->ha_exempt) {
		if (z->highatomic_kb > 0)
			v->highatomic = pages(z->highatomic_kb, pk);
		if (z->highatomic_kb == OOMX_UNKNOWN) {
			v->highatomic = implied_highatomic(z, pk);
			v->highatomic_from_buddy = v->highatomic > 0;
		}
	} else if (a->ha_rule == OOMX_HA_FREE && !a->ha_exempt) {
		v->highatomic = buddy_highatomic(z, pk);
		if (z->highatomic_kb >= 0) {
			v->highatomic_max = pages(z->highatomic_kb, pk);
			if (v->highatomic_max < v->highatomic)
				v->highatomic_max = v->highatomic;
		}
		v->highatomic_unknown = v->highatomic_max != v->highatomic;
	}
	v->top_order = -1;
	for (o = 0; z->has_buddy && o < z->buddy_orders; o++)
		if (z->buddy_nr[o] > 0)
			v->top_order = o;
	v->reserve = OOMX_UNKNOWN;
	if (cz_idx >= 0 && z->has_reserve && (size_t)cz_idx < z->nr_reserve)
		v->reserve = z->reserve[cz_idx];
	v->below_min = v->below_low = v->below_high = -1;
	v->has_block = -1;
	v->block_order = -1;
	if (v->free >= 0) {
		long long r = v->reserve >= 0 ? v->reserve : 0;
		long long min = v->min;
		/* what the reserve's free pages may take off beyond highatomic */
		long long span = !v->highatomic_unknown ? 0 :
				 v->highatomic_max < 0 ? -1 :
				 v->highatomic_max - v->highatomic;

		v->eff = v->free - ((1LL << order) - 1) - v->cma - v->highatomic;
		if (min >= 0) {
			if (a->bits.high)
				min -= min / 2;
			if (reserves)
				min -= min / 4;
			v->min = min;
			v->below_min = wm_below(v->eff, min + r, span);
		}
		if (v->low >= 0)
			v->below_low = wm_below(v->eff, v->low + r, span);
		if (v->high >= 0)
			v->below_high = wm_below(v->eff, v->high + r, span);
	}
	if (z->has_buddy && !z->buddy_bad) {
		int o;

		v->has_block = 0;
		for (o = (int)order; o < z->buddy_orders && o < OOMX_MAX_ORDERS; o++) {
			if (z->buddy_nr[o] > 0 &&
			    block_usable(z->buddy_mt[o], &a->bits, reserves)) {
				v->has_block = 1;
				v->block_order = o;
				break;
			}
		}
	}
}

static void badness(const struct oomx_event *ev, struct oomx_analysis *a)
{
	long long pk = a->page_kb, total = 0, managed = 0;
	long long best = 0, victim;
	int have = 0, old_bonus, clamp;
	size_t i;

	a->best_pid = a->best_points = a->victim_points = OOMX_UNKNOWN;
	a->totalpages = OOMX_UNKNOWN;
	if (a->verdict[OOMX_V_MEMCG] && ev->memcg_limit_kb >= 0) {
		long long lim = ev->memcg_limit_kb;

		if (ev->memsw_limit_kb > lim && ev->total_swap_kb >= 0)
			lim = ev->memsw_limit_kb < lim + ev->total_swap_kb ?
			      ev->memsw_limit_kb : lim + ev->total_swap_kb;
		a->totalpages = lim / pk;
		a->totalpages_src = "memcg limit (memory, plus swap if limited)";
	} else if (a->verdict[OOMX_V_CPUSET] || a->verdict[OOMX_V_MEMPOLICY]) {
		/* constrained_alloc(): present pages of the allowed nodes */
		for (i = 0; i < ev->nr_zones; i++)
			if (ev->zones[i].present_kb > 0)
				total += ev->zones[i].present_kb / pk;
		if (total > 0) {
			if (ev->total_swap_kb > 0)
				total += ev->total_swap_kb / pk;
			a->totalpages = total;
			a->totalpages_src = "present pages of the printed (allowed) nodes + total swap";
		} else {
			a->totalpages_src = "the report prints no zone of the allowed nodes";
		}
	} else {
		/*
		 * totalram_pages(): the managed pages of every zone.  When
		 * the report leaves zones out (6.x prints only those up to
		 * the request's highest, so 32-bit HighMem is missing for
		 * GFP_KERNEL), show_mem()'s totals still cover them: pages
		 * RAM is the present pages of all populated zones and pages
		 * reserved their present less managed pages.  Zones left
		 * out show as RAM beyond the printed present pages, and
		 * their managed pages as RAM - reserved beyond the printed
		 * managed ones (never more than the first); older kernels
		 * that counted RAM their own way give no such excess.
		 */
		long long present = 0, ram_managed = OOMX_UNKNOWN;

		for (i = 0; i < ev->nr_zones; i++) {
			if (ev->zones[i].managed_kb < 0) {
				managed = -1;
				break;
			}
			managed += ev->zones[i].managed_kb / pk;
		}
		for (i = 0; i < ev->nr_zones && present >= 0; i++)
			present = ev->zones[i].present_kb < 0 ? -1 :
				  present + ev->zones[i].present_kb / pk;
		if (ev->pages_ram >= 0 && ev->pages_reserved >= 0)
			ram_managed = ev->pages_ram - ev->pages_reserved;
		if (managed > 0 && present > 0 && ev->pages_ram > present &&
		    ram_managed > managed &&
		    ram_managed - managed <= ev->pages_ram - present) {
			total = ram_managed;
			a->totalpages_src = "pages RAM - reserved pages + total swap; the zone lines leave out zones with pages";
		} else if (managed > 0) {
			total = managed;
			a->totalpages_src = "managed pages of all zones + total swap";
		} else if (ev->pages_ram >= 0) {
			total = ev->pages_ram;
			if (ev->pages_reserved >= 0 && ev->pages_reserved < total)
				total -= ev->pages_reserved;
			a->totalpages_src = "pages RAM - reserved pages + total swap";
		} else {
			total = -1;
		}
		if (total >= 0) {
			if (ev->total_swap_kb > 0)
				total += ev->total_swap_kb / pk;
			a->totalpages = total;
		}
		/* the memcg's limit was in the lines the log lost */
		if (a->memcg_by_trace && total >= 0)
			a->totalpages_src = "the machine's pages + total swap, as for a global "
				"OOM; the memcg's limit, which the kernel used, is not in the report";
	}
	if (!ev->nr_tasks)
		return;
	a->scores = calloc(ev->nr_tasks, sizeof(*a->scores));
	if (!a->scores)
		return;
	a->nr_scores = ev->nr_tasks;
	old_bonus = kv_before(a, 4, 17) == 1;
	clamp = kv_before(a, 5, 9) != 0;
	a->root_bonus = old_bonus;
	for (i = 0; i < ev->nr_tasks; i++) {
		const struct oomx_task *t = &ev->tasks[i];
		struct oomx_task_score *s = &a->scores[i];
		long long pts = 0;

		s->t = t;
		if (t->adj == -1000) {
			s->excluded = 1;
			a->nr_excluded++;
			continue;
		}
		if (t->rss > 0)
			pts += t->rss;
		if (t->swapents > 0)
			pts += t->swapents;
		if (t->pgtables_bytes > 0)
			pts += t->pgtables_bytes / (pk * 1024);
		if (t->nr_ptes > 0)
			pts += t->nr_ptes;
		if (t->nr_pmds > 0)
			pts += t->nr_pmds;
		if (old_bonus && t->uid == 0)
			pts -= pts * 3 / 100;
		if (a->totalpages >= 0)
			pts += t->adj * (a->totalpages / 1000);
		if (clamp && pts <= 0)
			pts = 1;
		s->points = pts;
		if (!have || pts > best) {
			best = pts;
			a->best_pid = t->pid;
			have = 1;
		}
	}
	a->best_points = have ? best : OOMX_UNKNOWN;
	victim = ev->chosen_pid >= 0 ? ev->chosen_pid :
		 ev->victim.pid >= 0 ? ev->victim.pid : ev->kill_pid;
	for (i = 0; i < a->nr_scores; i++) {
		if (a->scores[i].t->pid != victim || a->scores[i].excluded)
			continue;
		a->victim_in_table = 1;
		a->victim_points = a->scores[i].points;
		a->victim_is_best = a->scores[i].points == best;
	}
	/* with rows past the limit not kept, only "not the highest" is sure */
	if (ev->dropped.tasks && a->victim_is_best)
		a->victim_is_best = -1;
}

int oomx_analyze(const struct oomx_event *ev, struct oomx_analysis *a)
{
	const char *c;
	size_t i, summary_cma_at = (size_t)-1;
	long long summary_cma = 0;
	int cz_type, cz_idx;

	memset(a, 0, sizeof(*a));
	a->ev = ev;
	oomx_page_size(ev, &a->page_kb, &a->page_src);
	infer_era(ev, a);
	allowed_nodes(ev, a);
	if (ev->gfp_known) {
		oomx_gfp_bits(ev->gfp, a->v_major, a->v_minor, a->v_patch, &a->bits);
		a->bits_known = 1;
		const struct oomx_gfp_era *era;

		/* decoded even when printed, so the tables can be checked */
		era = oomx_gfp_decode(ev->gfp, a->v_major, a->v_minor,
				      a->v_patch, &a->gfp_decoded);
		a->gfp_era = era ? era->name : NULL;
		if (ev->gfp_names) {
			struct oomx_gfp_bits nb;

			oomx_gfp_bits_from_names(oomx_str(ev, ev->gfp_names), &nb);
			a->bits.reclaim = nb.reclaim;
		}
	} else if (ev->gfp_names) {
		oomx_gfp_bits_from_names(oomx_str(ev, ev->gfp_names), &a->bits);
		a->bits_known = 1;
	}

	ha_rule(a);
	zone_indices(ev, a);
	a->class_zone = class_zone(a);
	cz_type = a->class_zone;
	if (kv_before(a, 5, 8) == 1) {
		/* classzone_idx: highest populated zone not above gfp_zone() */
		int t, best = -1;

		for (i = 0; i < ev->nr_zones; i++) {
			t = ev->zones[i].type;
			if (ev->zones[i].has_stats && t <= cz_type && t > best &&
			    t != OOMX_Z_DEVICE)
				best = t;
		}
		if (best >= 0)
			cz_type = best;
	}
	cz_idx = a->zone_idx[cz_type];
	a->reserve_zone = cz_type;

	if (ev->nr_zones) {
		a->zv = calloc(ev->nr_zones, sizeof(*a->zv));
		if (!a->zv)
			return -1;
	}
	/*
	 * A zone line cut before its free_cma: the summary's free_cma less
	 * what the other zones show belongs to it, if it is the only one.
	 */
	{
		long long known = 0;
		size_t missing = 0, at = 0;

		for (i = 0; i < ev->nr_zones; i++) {
			const struct oomx_zone *z = &ev->zones[i];

			if (!z->has_stats)
				continue;
			if (z->free_cma_kb == OOMX_UNKNOWN) {
				missing++;
				at = i;
			} else if (z->free_cma_kb > 0) {
				known += z->free_cma_kb / a->page_kb;
			}
		}
		if (missing == 1 && ev->g_free_cma > known) {
			summary_cma_at = at;
			summary_cma = ev->g_free_cma - known;
		}
	}
	for (i = 0; i < ev->nr_zones; i++) {
		const struct oomx_zone *z = &ev->zones[i];
		struct oomx_zone_verdict *v = &a->zv[a->nr_zv];

		if (!z->has_stats && !z->has_buddy)
			continue;
		zone_verdict(ev, a, z, v, cz_idx,
			     i == summary_cma_at ? summary_cma : 0);
		a->nr_zv++;
		if (v->free < 0 || z->type == OOMX_Z_DEVICE)
			continue;
		if (v->usable)
			a->usable_free += v->free;
		else if (v->outside)
			a->outside_free += v->free;
		else
			a->unusable_free += v->free;
	}

	/*
	 * Since 5.x show_free_areas() prints only the zones up to the
	 * request's highest zone (and of the allowed nodes), so HighMem can
	 * hold most of the free memory without a line of its own.  The
	 * global "free:" count still includes it: what it has beyond the
	 * printed zones is in zones this request cannot use.  A cut zone
	 * line makes the difference meaningless, and counters move a little
	 * between the lines, hence the margin.
	 */
	a->unprinted_free = OOMX_UNKNOWN;
	if (ev->g_free >= 0 && a->nr_zv) {
		long long printed = 0, margin;
		int whole = 1;

		for (i = 0; i < a->nr_zv; i++) {
			/* a cut line; not a zone the unknown reserve decides */
			if (a->zv[i].free < 0 || a->zv[i].min < 0)
				whole = 0;
			else
				printed += a->zv[i].free;
		}
		margin = ev->g_free / 100 > 64 ? ev->g_free / 100 : 64;
		if (whole && ev->g_free - printed > margin) {
			a->unprinted_free = ev->g_free - printed;
			/* with a nodemask, the zones left out are the other nodes' */
			if (a->nodes_known)
				a->outside_free += a->unprinted_free;
			else
				a->unusable_free += a->unprinted_free;
		}
	}

	/*
	 * memcg, cpuset, mempolicy, manual.  The kernel prints a memcg's
	 * "memory: usage ..., limit ..." only in a memcg OOM's report
	 * (dump_header()), which also tells one that a panic ended before
	 * its oom-kill: line (vm.panic_on_oom=2).  A log that lost those
	 * lines still has the call trace, through a memcg charge.
	 */
	c = oomx_str(ev, ev->constraint);
	if ((c && !strcmp(c, "CONSTRAINT_MEMCG")) || ev->memcg_oom ||
	    ev->oom_memcg || ev->memcg_limit_kb >= 0)
		a->verdict[OOMX_V_MEMCG] = 1;
	else if (ev->by_memcg && !c)
		a->verdict[OOMX_V_MEMCG] = a->memcg_by_trace = 1;
	if (c && !strcmp(c, "CONSTRAINT_CPUSET"))
		a->verdict[OOMX_V_CPUSET] = 1;
	if (c && !strcmp(c, "CONSTRAINT_MEMORY_POLICY"))
		a->verdict[OOMX_V_MEMPOLICY] = 1;
	if (ev->order == -1 || ev->by_sysrq)
		a->verdict[OOMX_V_MANUAL] = 1;
	/*
	 * Up to 5.15 a fault that ended in VM_FAULT_OOM called the OOM
	 * killer from pagefault_out_of_memory(), with no GFP mask and no
	 * request: no allocation is there to test against the watermarks.
	 */
	if (ev->by_pagefault && (!ev->gfp_known || ev->gfp == 0))
		a->verdict[OOMX_V_PAGEFAULT] = 1;
	if (ev->order > 3)
		a->verdict[OOMX_V_COSTLY_ORDER] = 1;

	if (!a->verdict[OOMX_V_MEMCG] && !a->verdict[OOMX_V_MANUAL] &&
	    !a->verdict[OOMX_V_PAGEFAULT]) {
		int nknown = 0, nbelow = 0, nbuddy = 0, nblock = 0, nfail = 0;
		int nnoblock = 0, nunknown = 0;

		/*
		 * A zone serves the request only if it passes the watermark
		 * and, for order > 0, has a free block of a usable type.
		 */
		for (i = 0; i < a->nr_zv; i++) {
			const struct oomx_zone_verdict *v = &a->zv[i];

			if (!v->usable)
				continue;
			if (v->below_min >= 0) {
				nknown++;
				nbelow += v->below_min;
			} else if (v->z->has_stats) {
				nunknown++;	/* a cut line: claim nothing */
			}
			if (v->has_block >= 0) {
				nbuddy++;
				nblock += v->has_block;
			}
			if (v->below_min == 1) {
				nfail++;
			} else if (v->below_min == 0 && ev->order > 0 &&
				   v->has_block == 0) {
				nfail++;
				nnoblock++;
			}
		}
		if (nknown && nbelow == nknown && !nunknown)
			a->verdict[OOMX_V_BELOW_MIN] = 1;
		if (a->unusable_free > a->usable_free)
			a->verdict[OOMX_V_UNUSABLE_ZONES] = 1;
		if (ev->order > 0 && ((nbuddy && !nblock) ||
				      (nnoblock && nfail == nknown && !nunknown)))
			a->verdict[OOMX_V_FRAGMENTATION] = 1;
		if (nknown && nfail < nknown &&
		    !a->verdict[OOMX_V_CPUSET] && !a->verdict[OOMX_V_MEMPOLICY])
			a->verdict[OOMX_V_WATERMARKS_OK] = 1;
	}
	badness(ev, a);
	return 0;
}

void oomx_analysis_free(struct oomx_analysis *a)
{
	free(a->zv);
	free(a->scores);
	oomx_buf_free(&a->gfp_decoded);
	a->zv = NULL;
	a->scores = NULL;
}
