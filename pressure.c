// SPDX-License-Identifier: GPL-2.0
/*
 * Pressure mode: the watermark a round stops below.
 *
 * With target=min, low or high a round takes order-0 pages without
 * retrying until every zone its requests may use, on every node they may
 * use, is below that watermark, and then holds them.  This file decides
 * when that point is reached and logs the figures the decision was made on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpuset.h>
#include <linux/gfp.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

#include "alloc_oom.h"

/*
 * Free pages of @zone an unmovable request may take: CMA pages count in
 * NR_FREE_PAGES but serve only movable ones, and the allocator's own
 * watermark check leaves them out the same way.
 */
static unsigned long aoom_zone_free(struct zone *zone)
{
	unsigned long free = zone_page_state(zone, NR_FREE_PAGES);
	unsigned long cma = zone_page_state(zone, NR_FREE_CMA_PAGES);

	return free > cma ? free - cma : 0;
}

/* Zone @idx of node @nid, or NULL when a round does not watch it. */
static struct zone *aoom_watched_zone(int nid, int idx)
{
	struct zone *zone = &NODE_DATA(nid)->node_zones[idx];

	return populated_zone(zone) ? zone : NULL;
}

/**
 * aoom_target_init - set up the zones a pressure round watches
 * @t: the target, its mark already set (-1 for no pressure round)
 * @gfp: the round's allocation flags
 *
 * The round's requests may use the nodes the loading task's cpuset allows
 * that have memory, and on each the zones up to gfp_zone(@gfp).
 *
 * Return: 0, or -ENOMEM.
 */
int aoom_target_init(struct aoom_target *t, gfp_t gfp)
{
	if (t->mark < 0)
		return 0;
	nodes_and(t->nodes, cpuset_current_mems_allowed, node_states[N_MEMORY]);
	t->top_zone = gfp_zone(gfp);
	t->seen = kcalloc(nr_node_ids, sizeof(*t->seen), GFP_KERNEL);
	return t->seen ? 0 : -ENOMEM;
}

/**
 * aoom_target_exit - free what aoom_target_init() took
 * @t: the target
 */
void aoom_target_exit(struct aoom_target *t)
{
	kfree(t->seen);
	t->seen = NULL;
}

/**
 * aoom_below_target - is every watched zone below the target?
 * @t: the target
 *
 * The test is the allocator's own (__zone_watermark_ok() for order 0) for
 * an ordinary request: a request may take pages from a zone while its
 * free pages, less CMA and the highatomic reserve, exceed the watermark
 * plus the zone's lowmem_reserve against requests that could use higher
 * zones.  Only when every zone of every node the request may fall back to
 * fails it does the allocator take its slow path (and, below low, wake
 * kswapd), and only then does kswapd find no zone balanced: one zone above
 * the mark, such as a nearly untouched DMA zone or another node, would
 * satisfy both.  Each zone's figures are kept in @t->seen, so that the log
 * shows what the decision was made on.
 *
 * target=min's requests carry __GFP_HIGH to get below min, and from 6.1
 * on the check counts the highatomic reserve in for them; yet the free
 * lists give its pages only to atomic requests and OOM victims, and the
 * slow path hands a reserved pageblock back to other requests only after
 * reclaim made progress.  So the round is held to the ordinary test: by
 * the __GFP_HIGH one, a zone whose free pages above min all lie in
 * highatomic pageblocks would refuse the round's requests, with nothing
 * left to reclaim, and never be below min.
 *
 * Return: true when every watched zone is below its mark.
 */
bool aoom_below_target(struct aoom_target *t)
{
	struct aoom_zone_seen *seen;
	unsigned long mark;
	struct zone *zone;
	bool below = true;
	int nid, idx;

	for_each_node_mask(nid, t->nodes) {
		for (idx = 0; idx <= t->top_zone; idx++) {
			zone = aoom_watched_zone(nid, idx);
			if (!zone)
				continue;
			seen = &t->seen[nid][idx];
			seen->free = aoom_zone_free(zone);
			seen->cma = zone_page_state(zone, NR_FREE_CMA_PAGES);
			seen->highatomic = aoom_highatomic(zone);
			seen->boost = READ_ONCE(zone->watermark_boost);
			seen->reserve = zone->lowmem_reserve[t->top_zone];
			mark = aoom_wmark(zone, t->mark, seen->boost);
			if ((long)(seen->free - seen->highatomic) >
			    (long)mark + seen->reserve)
				below = false;
		}
	}
	return below;
}

/**
 * aoom_target_log - log each watched zone as the round's last look saw it
 * @t: the target
 */
void aoom_target_log(const struct aoom_target *t)
{
	const struct aoom_zone_seen *seen;
	struct zone *zone;
	int nid, idx;

	for_each_node_mask(nid, t->nodes) {
		for (idx = 0; idx <= t->top_zone; idx++) {
			zone = aoom_watched_zone(nid, idx);
			if (!zone)
				continue;
			seen = &t->seen[nid][idx];
			pr_info("target: node %d zone %s free=%lu cma=%lu highatomic=%lu boost=%lu reserve=%ld min=%lu low=%lu high=%lu\n",
				nid, zone->name, seen->free, seen->cma,
				seen->highatomic, seen->boost, seen->reserve,
				aoom_wmark(zone, WMARK_MIN, seen->boost),
				aoom_wmark(zone, WMARK_LOW, seen->boost),
				aoom_wmark(zone, WMARK_HIGH, seen->boost));
		}
	}
}
