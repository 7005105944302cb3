/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared state of the alloc_oom module.
 */
#ifndef ALLOC_OOM_H
#define ALLOC_OOM_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "compat.h"

/* What the notifier's firing leads to; see the release parameter. */
enum aoom_release {
	AOOM_RELEASE_NONE,
	AOOM_RELEASE_BACKUP,
	AOOM_RELEASE_ALL,
	AOOM_RELEASE_NOTIFIER,
};

/* Why an allocation round ended. */
enum aoom_stop {
	AOOM_STOP_NONE,
	AOOM_STOP_NOTIFIER,
	AOOM_STOP_SIGNAL,
	AOOM_STOP_ALLOC_FAILED,
	AOOM_STOP_TARGET,
};

/* The outcome of one allocation round, as the summary line reports it. */
struct aoom_round {
	unsigned long blocks;
	s64 ms;
	enum aoom_stop stop;
	int notifier_hits;
	unsigned long released; /* pages */
	unsigned long held; /* pages */
};

/*
 * A watched zone as a pressure round's last check saw it, in pages; its
 * marks are zone->_watermark[] plus @boost (aoom_wmark()).
 */
struct aoom_zone_seen {
	unsigned long free; /* CMA left out */
	unsigned long cma;
	unsigned long boost;
	long reserve; /* lowmem_reserve against the round's requests */
};

/**
 * struct aoom - everything the module holds
 * @order: order of every block taken
 * @gfp: allocation flags of the loop
 * @release: what the loop hands back when the notifier fired
 * @backup: size of the reserve, in blocks
 * @target: the watermark a pressure round stops below, or -1 for none
 * @target_pgdat: the node whose zones a pressure round watches
 * @target_idx: the highest zone index @gfp may use (gfp_zone())
 * @target_seen: the watched zones as the round's last look saw them, by
 *	zone index; written and read under @round_lock
 * @lock: protects @reserve, @held and their counts
 * @reserve: the first @backup blocks taken, chained on page->lru
 * @held: every other block, chained on page->lru
 * @nr_reserve: blocks of @order on @reserve; a list entry may be a bigger
 *	block (AOOM_RESERVE_ORDER), whose order is in its page->private
 * @nr_held: blocks of @order on @held
 * @oom_seen: set by the notifier, cleared when a round starts
 * @notifier_hits: times the OOM notifier has been called since load
 * @notifier_freed: pages the notifier handed back since load
 * @oom_nb: our entry in the kernel's OOM notifier chain
 * @last: the outcome of the last round
 * @rounds: rounds run since load
 * @round_lock: serialises rounds and releases; held while a round runs
 * @debugfs: our debugfs folder
 */
struct aoom {
	unsigned int order;
	gfp_t gfp;
	enum aoom_release release;
	unsigned long backup;
	int target;
	pg_data_t *target_pgdat;
	int target_idx;
	struct aoom_zone_seen target_seen[MAX_NR_ZONES];

	spinlock_t lock; /* protects the lists and their counts */
	struct list_head reserve;
	struct list_head held;
	unsigned long nr_reserve;
	unsigned long nr_held;

	bool oom_seen;
	atomic_t notifier_hits;
	atomic_long_t notifier_freed;
	struct notifier_block oom_nb;

	struct aoom_round last;
	unsigned long rounds;
	struct mutex round_lock; /* one round or release at a time */
	struct dentry *debugfs;
};

/* alloc_oom.c */
unsigned long aoom_release(struct aoom *a, enum aoom_release what);

/* oom_notifier.c */
int aoom_notifier_register(struct aoom *a);
void aoom_notifier_unregister(struct aoom *a);

/* buddy_stats.c */
unsigned long aoom_free_pages_from(const unsigned long *nr_free,
				   unsigned int order);
void aoom_buddy_log(const char *when, unsigned int order);
int aoom_buddyinfo_show(struct seq_file *m, void *unused);

#endif /* ALLOC_OOM_H */
