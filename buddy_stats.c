// SPDX-License-Identifier: GPL-2.0
/*
 * A scan of the buddy allocator's free lists.
 *
 * Every populated zone of every online node is read under its zone->lock,
 * the same walk /proc/buddyinfo does, so the two agree on a quiet machine.
 * for_each_populated_zone() cannot be used from a module (first_online_pgdat
 * and next_zone are not exported), hence the explicit node and zone loops.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>

#include "alloc_oom.h"

/* Copy @zone's free block counts, one per order, into @nr_free. */
static void aoom_zone_snapshot(struct zone *zone, unsigned long *nr_free)
{
	unsigned long flags;
	unsigned int o;

	spin_lock_irqsave(&zone->lock, flags);
	for (o = 0; o < AOOM_NR_ORDERS; o++)
		nr_free[o] = zone->free_area[o].nr_free;
	spin_unlock_irqrestore(&zone->lock, flags);
}

typedef void (*aoom_zone_fn)(void *arg, int nid, const struct zone *zone,
			     const unsigned long *nr_free);

/* Call @fn with a snapshot of the free lists of every populated zone. */
static void aoom_buddy_walk(aoom_zone_fn fn, void *arg)
{
	unsigned long nr_free[AOOM_NR_ORDERS];
	int nid, z;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		for (z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			if (!populated_zone(zone))
				continue;
			aoom_zone_snapshot(zone, nr_free);
			fn(arg, nid, zone, nr_free);
		}
	}
}

/**
 * aoom_free_pages_from - free pages in blocks of @order or larger
 * @nr_free: free block counts, one per order
 * @order: the smallest order to count
 *
 * Return: the number of pages, not blocks.
 */
unsigned long aoom_free_pages_from(const unsigned long *nr_free,
				   unsigned int order)
{
	unsigned long pages = 0;
	unsigned int o;

	for (o = order; o < AOOM_NR_ORDERS; o++)
		pages += nr_free[o] << o;
	return pages;
}

struct aoom_log_ctx {
	const char *when;
	unsigned int order;
};

static void aoom_zone_log(void *arg, int nid, const struct zone *zone,
			  const unsigned long *nr_free)
{
	const struct aoom_log_ctx *ctx = arg;
	char counts[AOOM_NR_ORDERS * 21 + 1];
	size_t len = 0;
	unsigned int o;

	for (o = 0; o < AOOM_NR_ORDERS; o++)
		len += scnprintf(counts + len, sizeof(counts) - len, " %lu",
				 nr_free[o]);
	pr_info("%s: node %d zone %s free=%lu order>=%u=%lu blocks by order:%s\n",
		ctx->when, nid, zone->name, aoom_free_pages_from(nr_free, 0),
		ctx->order, aoom_free_pages_from(nr_free, ctx->order), counts);
}

/**
 * aoom_buddy_log - log the free lists of every zone
 * @when: what the scan is taken at, e.g. "before"
 * @order: the order whose free pages at or above are counted too
 *
 * One line per zone: free pages, free pages in blocks of at least @order
 * and the free block count of each order, as in /proc/buddyinfo.
 */
void aoom_buddy_log(const char *when, unsigned int order)
{
	struct aoom_log_ctx ctx = { .when = when, .order = order };

	aoom_buddy_walk(aoom_zone_log, &ctx);
}

static void aoom_zone_show(void *arg, int nid, const struct zone *zone,
			   const unsigned long *nr_free)
{
	struct seq_file *m = arg;
	unsigned int o;

	seq_printf(m, "Node %d, zone %8s ", nid, zone->name);
	for (o = 0; o < AOOM_NR_ORDERS; o++)
		seq_printf(m, "%6lu ", nr_free[o]);
	seq_putc(m, '\n');
}

/**
 * aoom_buddyinfo_show - print the scan in /proc/buddyinfo's format
 * @m: the seq_file to print to
 * @unused: unused
 *
 * Return: 0.
 */
int aoom_buddyinfo_show(struct seq_file *m, void *unused)
{
	aoom_buddy_walk(aoom_zone_show, m);
	return 0;
}
