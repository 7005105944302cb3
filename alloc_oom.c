// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_oom - drive the machine into the OOM killer on purpose.
 *
 * At insmod the module takes blocks of 2^order pages with
 * alloc_pages(GFP_KERNEL) until the OOM notifier fires, the loading task is
 * killed, or the allocator gives up.  The blocks are chained through their
 * own page->lru, so holding them costs no memory besides the pages.  What
 * it then hands back is set by the release parameter; rmmod frees the rest.
 * Writing 1 to the debugfs trigger file runs another round, writing
 * release frees every block held.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "alloc_oom.h"

#define AOOM_BACKUP_DEFAULT 1024
/*
 * The reserve is taken in blocks of this order where it can be, however
 * small the module's order: the kernel frees such blocks straight onto the
 * zone's free lists, where the watermark checks count them.  Smaller
 * blocks go onto a per-CPU list first, which the watermark checks do not
 * count and which the allocator drains only after reclaim made progress.
 * On 6.12 that list grew to over 5000 pages (an eighth of the zone), so a
 * reserve handed back in order-0 pages could stay out of reach of the very
 * allocation that needed it, and with nothing to reclaim or kill the
 * kernel would panic.
 */
#define AOOM_RESERVE_ORDER (PAGE_ALLOC_COSTLY_ORDER + 1)
/* Blocks of the module's order in one reserve block. */
#define AOOM_RESERVE_BLOCKS(a) (1UL << (AOOM_RESERVE_ORDER - (a)->order))
/* Refusals in a row a pressure round takes before it gives up. */
#define AOOM_TARGET_RETRIES 16

/* User-visible strings are never broken. */
/* clang-format off */
static int order;
module_param(order, int, 0444);
MODULE_PARM_DESC(order,
		 "Order of each block, from 0 to the kernel's highest order; above 3 the allocation fails instead of invoking the OOM killer [default: 0]");

static char *release = "backup";
module_param(release, charp, 0444);
MODULE_PARM_DESC(release,
		 "What the OOM notifier's firing leads to: none keeps every block until rmmod, backup hands back the reserve, all frees every block, notifier frees the reserve inside the notifier so the kernel kills nothing [default: backup]");

static char *gfp = "kernel";
module_param(gfp, charp, 0444);
MODULE_PARM_DESC(gfp,
		 "Allocation flags of the loop: kernel (GFP_KERNEL), highuser (GFP_HIGHUSER, may use HighMem), dma32 or dma (GFP_KERNEL limited to that zone; refused where the zone does not exist) [default: kernel]");

static unsigned long long backup = AOOM_BACKUP_DEFAULT;
module_param(backup, ullong, 0444);
MODULE_PARM_DESC(backup,
		 "Reserve handed back by release=backup, in blocks of the order; at most the blocks RAM holds [default: "
		 __stringify(AOOM_BACKUP_DEFAULT) ", 4 MiB at order 0]");

static char *target = "none";
module_param(target, charp, 0444);
MODULE_PARM_DESC(target,
		 "Pressure mode: min, low or high takes order-0 pages without retrying or calling the OOM killer until the free pages of every zone of the first node it may use fall just below that watermark (plus lowmem_reserve), then holds them until release or rmmod; none runs to the OOM [default: none]");

static int trigger = 1;
module_param(trigger, int, 0444);
MODULE_PARM_DESC(trigger,
		 "1 runs the allocation loop at insmod; 0 only registers the OOM notifier and logs the free-list scan [default: 1]");
/* clang-format on */

static const char *const aoom_release_names[] = {
	[AOOM_RELEASE_NONE] = "none",
	[AOOM_RELEASE_BACKUP] = "backup",
	[AOOM_RELEASE_ALL] = "all",
	[AOOM_RELEASE_NOTIFIER] = "notifier",
};

/*
 * The gfp parameter's names, their flags and the zone each needs:
 * MAX_NR_ZONES for none, -1 for one this kernel was built without.
 */
static const char *const aoom_gfp_names[] = { "kernel", "highuser", "dma32",
					      "dma" };
static const gfp_t aoom_gfp_flags[] = { GFP_KERNEL, GFP_HIGHUSER,
					GFP_KERNEL | __GFP_DMA32,
					GFP_KERNEL | __GFP_DMA };
static const int aoom_gfp_zones[] = { MAX_NR_ZONES, MAX_NR_ZONES,
				      AOOM_ZONE_DMA32, AOOM_ZONE_DMA };

static const char *const aoom_stop_names[] = {
	[AOOM_STOP_NONE] = "none",
	[AOOM_STOP_NOTIFIER] = "notifier",
	[AOOM_STOP_SIGNAL] = "signal",
	[AOOM_STOP_ALLOC_FAILED] = "alloc_failed",
	[AOOM_STOP_TARGET] = "target",
};

/* The target parameter's names, in the order of enum zone_watermarks. */
static const char *const aoom_target_names[] = {
	[WMARK_MIN] = "min",
	[WMARK_LOW] = "low",
	[WMARK_HIGH] = "high",
};

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

/* Zone @idx of the watched node, or NULL when a round does not watch it. */
static struct zone *aoom_watched_zone(const struct aoom *a, int idx)
{
	struct zone *zone = &a->target_pgdat->node_zones[idx];

	return populated_zone(zone) ? zone : NULL;
}

/*
 * Is every zone the request may use below the target?  The test is the
 * allocator's own: a request of @a->gfp may take pages from a zone while
 * its free pages exceed the watermark plus the zone's lowmem_reserve
 * against requests that could use higher zones.  Only when every zone
 * fails it does the allocator take its slow path (and, below low, wake
 * kswapd), and only then does kswapd find no zone of the node balanced:
 * one zone above the mark, such as a nearly untouched DMA zone, would
 * satisfy both.  Each zone's figures are kept in @a->target_seen, so that
 * the log shows what the decision was made on.
 */
static bool aoom_below_target(struct aoom *a)
{
	struct aoom_zone_seen *seen;
	struct zone *zone;
	bool below = true;
	int idx;

	for (idx = 0; idx <= a->target_idx; idx++) {
		zone = aoom_watched_zone(a, idx);
		if (!zone)
			continue;
		seen = &a->target_seen[idx];
		seen->free = aoom_zone_free(zone);
		seen->cma = zone_page_state(zone, NR_FREE_CMA_PAGES);
		seen->boost = READ_ONCE(zone->watermark_boost);
		seen->reserve = zone->lowmem_reserve[a->target_idx];
		if (seen->free >=
		    aoom_wmark(zone, a->target, seen->boost) + seen->reserve)
			below = false;
	}
	return below;
}

/* Log each watched zone as the round's last look saw it. */
static void aoom_target_log(const struct aoom *a)
{
	const struct aoom_zone_seen *seen;
	struct zone *zone;
	int idx;

	for (idx = 0; idx <= a->target_idx; idx++) {
		zone = aoom_watched_zone(a, idx);
		if (!zone)
			continue;
		seen = &a->target_seen[idx];
		pr_info("target: zone %s free=%lu cma=%lu boost=%lu reserve=%ld min=%lu low=%lu high=%lu\n",
			zone->name, seen->free, seen->cma, seen->boost,
			seen->reserve, aoom_wmark(zone, WMARK_MIN, seen->boost),
			aoom_wmark(zone, WMARK_LOW, seen->boost),
			aoom_wmark(zone, WMARK_HIGH, seen->boost));
	}
}

static struct aoom aoom = {
	.lock = __SPIN_LOCK_UNLOCKED(aoom.lock),
	.reserve = LIST_HEAD_INIT(aoom.reserve),
	.held = LIST_HEAD_INIT(aoom.held),
	.round_lock = __MUTEX_INITIALIZER(aoom.round_lock),
};

/* Longest summary: eight fields of at most 20 digits plus their names. */
#define AOOM_ROUND_LEN 256

#define AOOM_ROUND_FMT \
	"order=%u blocks=%lu pages=%lu ms=%lld stop=%s notifier_hits=%d released=%lu held=%lu"

/* The summary fields, shared by the dmesg line and the debugfs stats. */
static void aoom_round_format(char *buf, const struct aoom *a,
			      const struct aoom_round *r)
{
	scnprintf(buf, AOOM_ROUND_LEN, AOOM_ROUND_FMT, a->order, r->blocks,
		  r->blocks << a->order, r->ms, aoom_stop_names[r->stop],
		  r->notifier_hits, r->released, r->held);
}

static unsigned long aoom_held_pages(struct aoom *a)
{
	unsigned long blocks;

	spin_lock(&a->lock);
	blocks = a->nr_reserve + a->nr_held;
	spin_unlock(&a->lock);
	return blocks << a->order;
}

/*
 * Free every block on @list, each at the order page->private records; the
 * list is private to the caller.
 */
static void aoom_free_blocks(struct list_head *list)
{
	struct page *page, *next;
	unsigned int order;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		order = page_private(page);
		set_page_private(page, 0);
		__free_pages(page, order);
		cond_resched();
	}
}

/**
 * aoom_release - hand blocks back to the buddy allocator
 * @a: the module's state
 * @what: %AOOM_RELEASE_BACKUP frees the reserve, %AOOM_RELEASE_ALL every
 *	block, %AOOM_RELEASE_NONE nothing
 *
 * The lists are detached under the lock and freed outside it, so the
 * freeing may reschedule however many blocks there are.
 *
 * Return: the number of pages freed.
 */
unsigned long aoom_release(struct aoom *a, enum aoom_release what)
{
	unsigned long blocks = 0;
	LIST_HEAD(freeing);

	spin_lock(&a->lock);
	if (what == AOOM_RELEASE_BACKUP || what == AOOM_RELEASE_ALL) {
		list_splice_init(&a->reserve, &freeing);
		blocks += a->nr_reserve;
		a->nr_reserve = 0;
	}
	if (what == AOOM_RELEASE_ALL) {
		list_splice_init(&a->held, &freeing);
		blocks += a->nr_held;
		a->nr_held = 0;
	}
	spin_unlock(&a->lock);

	aoom_free_blocks(&freeing);
	return blocks << a->order;
}

/*
 * Take the next block: a big one while the reserve has room for it, else
 * one of the module's order.  @big is cleared once a big block is refused,
 * so a fragmented zone costs one failed attempt per round.  Return: the
 * block, its order in @order, or NULL.
 */
static struct page *aoom_alloc_block(struct aoom *a, bool *big,
				     unsigned int *order)
{
	struct page *page;

	if (*big && a->order < AOOM_RESERVE_ORDER &&
	    READ_ONCE(a->nr_reserve) + AOOM_RESERVE_BLOCKS(a) <= a->backup) {
		page = alloc_pages(a->gfp | __GFP_NORETRY | __GFP_NOWARN,
				   AOOM_RESERVE_ORDER);
		if (page) {
			*order = AOOM_RESERVE_ORDER;
			return page;
		}
		*big = false;
	}
	*order = a->order;
	return alloc_pages(a->gfp, a->order);
}

/*
 * Take blocks until something says stop.  A fatal signal is checked first:
 * when the OOM killer picks the loading task itself, the notifier has fired
 * too, but the reason the loop must end is that this task is dying.  A
 * block that arrives after the notifier fired is given straight back: it
 * is what the OOM handling (a kill or release=notifier) just freed.
 */
static enum aoom_stop aoom_fill(struct aoom *a, unsigned long *blocks)
{
	unsigned int refused = 0, order;
	bool last, big = true;
	struct page *page;
	unsigned long n;

	for (;;) {
		if (fatal_signal_pending(current))
			return AOOM_STOP_SIGNAL;
		if (READ_ONCE(a->oom_seen))
			return AOOM_STOP_NOTIFIER;
		/*
		 * Once every zone is below the target, one more block is asked
		 * for.  That request misses the mark everywhere, so the
		 * allocator serves it from its slow path, which wakes kswapd
		 * when the mark is low or min: the module does not rely on
		 * some other allocation to do it.
		 */
		last = a->target >= 0 && aoom_below_target(a);

		page = aoom_alloc_block(a, &big, &order);
		if (!page) {
			if (fatal_signal_pending(current))
				return AOOM_STOP_SIGNAL;
			if (READ_ONCE(a->oom_seen))
				return AOOM_STOP_NOTIFIER;
			if (last)
				return AOOM_STOP_TARGET;
			/*
			 * A pressure round may be refused while a zone still
			 * looked above the mark: between the look and the
			 * request kswapd may have cleared the watermark boost,
			 * an allocation that fell back may have raised it, or
			 * reclaim (which may allocate below min) may have taken
			 * pages.  Look again, a bounded number of times.
			 */
			if (a->target < 0 || ++refused > AOOM_TARGET_RETRIES)
				return AOOM_STOP_ALLOC_FAILED;
			cond_resched();
			continue;
		}
		refused = 0;
		if (fatal_signal_pending(current) || READ_ONCE(a->oom_seen)) {
			__free_pages(page, order);
			return fatal_signal_pending(current) ?
				       AOOM_STOP_SIGNAL :
				       AOOM_STOP_NOTIFIER;
		}

		n = 1UL << (order - a->order);
		set_page_private(page, order);
		spin_lock(&a->lock);
		if (a->nr_reserve < a->backup) {
			list_add(&page->lru, &a->reserve);
			a->nr_reserve += n;
		} else {
			list_add(&page->lru, &a->held);
			a->nr_held += n;
		}
		spin_unlock(&a->lock);
		*blocks += n;
		if (last)
			return AOOM_STOP_TARGET;
		cond_resched();
	}
}

/* One allocation round, ended by its summary line; under @a->round_lock. */
static void aoom_run_round(struct aoom *a)
{
	long freed = atomic_long_read(&a->notifier_freed);
	int hits = atomic_read(&a->notifier_hits);
	char summary[AOOM_ROUND_LEN];
	struct aoom_round r = {};
	enum aoom_release what;
	ktime_t start;

	WRITE_ONCE(a->oom_seen, false);
	aoom_buddy_log("before", a->order);
	start = ktime_get();
	r.stop = aoom_fill(a, &r.blocks);
	r.ms = ktime_ms_delta(ktime_get(), start);
	aoom_buddy_log("after", a->order);

	/*
	 * A task the OOM killer chose must not leave its memory behind.  With
	 * release=notifier the notifier has already handed back the reserve.
	 */
	what = r.stop == AOOM_STOP_SIGNAL ? AOOM_RELEASE_ALL : a->release;
	if (what == AOOM_RELEASE_NOTIFIER)
		what = AOOM_RELEASE_NONE;
	/* A pressure round holds its pages below the watermark. */
	if (a->target >= 0 && r.stop != AOOM_STOP_SIGNAL)
		what = AOOM_RELEASE_NONE;
	if (a->target >= 0 &&
	    (r.stop == AOOM_STOP_TARGET || r.stop == AOOM_STOP_ALLOC_FAILED))
		aoom_target_log(a);
	r.released = aoom_release(a, what);
	r.released += atomic_long_read(&a->notifier_freed) - freed;
	r.held = aoom_held_pages(a);
	r.notifier_hits = atomic_read(&a->notifier_hits) - hits;

	a->last = r;
	a->rounds++;
	aoom_round_format(summary, a, &r);
	pr_info("done %s\n", summary);
}

#define AOOM_STATS_FMT \
	"held_now=%lu rounds=%lu notifier_hits_total=%d running=%d"

static int aoom_stats_show(struct seq_file *m, void *unused)
{
	char summary[AOOM_ROUND_LEN];
	struct aoom *a = m->private;

	aoom_round_format(summary, a, &a->last);
	seq_printf(m, "%s " AOOM_STATS_FMT "\n", summary, aoom_held_pages(a),
		   a->rounds, atomic_read(&a->notifier_hits),
		   mutex_is_locked(&a->round_lock));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(aoom_stats);

/* Longest command accepted by the trigger file, newline included. */
#define AOOM_TRIGGER_LEN 16

/*
 * The trigger file: "1" runs a round in the writer's context, "release"
 * frees every block held.  One at a time: a writer that finds a round or
 * a release under way gets -EBUSY rather than queueing behind it.  While
 * the file is open, debugfs holds a reference on the module (the fops'
 * owner), so rmmod is refused until the round has ended.
 */
static ssize_t aoom_trigger_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct aoom *a = file->private_data;
	char cmd[AOOM_TRIGGER_LEN];
	bool run;

	if (count >= sizeof(cmd)) {
		pr_err("trigger: %zu bytes written: write 1 to run a round or release to free every held block\n",
		       count);
		return -EINVAL;
	}
	if (copy_from_user(cmd, ubuf, count))
		return -EFAULT;
	cmd[count] = '\0';
	if (sysfs_streq(cmd, "1")) {
		run = true;
	} else if (sysfs_streq(cmd, "release")) {
		run = false;
	} else {
		pr_err("trigger: '%s' is unknown: write 1 to run a round or release to free every held block\n",
		       strim(cmd));
		return -EINVAL;
	}

	if (!mutex_trylock(&a->round_lock))
		return -EBUSY;
	if (run)
		aoom_run_round(a);
	else
		pr_info("release: freed %lu pages\n",
			aoom_release(a, AOOM_RELEASE_ALL));
	mutex_unlock(&a->round_lock);
	return count;
}

static const struct file_operations aoom_trigger_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = aoom_trigger_write,
	.llseek = noop_llseek,
};

DEFINE_SHOW_ATTRIBUTE(aoom_buddyinfo);

/* debugfs is best effort: the module works the same without it. */
static void aoom_debugfs_init(struct aoom *a)
{
	a->debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("stats", 0400, a->debugfs, a, &aoom_stats_fops);
	debugfs_create_file("buddyinfo", 0400, a->debugfs, NULL,
			    &aoom_buddyinfo_fops);
	debugfs_create_file("trigger", 0200, a->debugfs, a, &aoom_trigger_fops);
}

/* Is zone @idx populated on any online node? */
static bool aoom_zone_exists(int idx)
{
	int nid;

	if (idx < 0)
		return false;
	for_each_online_node(nid)
		if (populated_zone(&NODE_DATA(nid)->node_zones[idx]))
			return true;
	return false;
}

/* Check every parameter before a single page is taken. */
static int aoom_parse_params(struct aoom *a)
{
	int mode;

	if (order < 0 || (unsigned int)order >= AOOM_NR_ORDERS) {
		pr_err("order=%d is out of range: this kernel's buddy allocator has orders 0 to %u\n",
		       order, AOOM_NR_ORDERS - 1);
		return -EINVAL;
	}
	a->order = order;

	mode = match_string(aoom_release_names, ARRAY_SIZE(aoom_release_names),
			    release);
	if (mode < 0) {
		pr_err("release=%s is unknown: use none, backup, all or notifier\n",
		       release);
		return -EINVAL;
	}
	a->release = mode;

	mode = match_string(aoom_gfp_names, ARRAY_SIZE(aoom_gfp_names), gfp);
	if (mode < 0) {
		pr_err("gfp=%s is unknown: use kernel, highuser, dma32 or dma\n",
		       gfp);
		return -EINVAL;
	}
	if (aoom_gfp_zones[mode] != MAX_NR_ZONES &&
	    !aoom_zone_exists(aoom_gfp_zones[mode])) {
		pr_err("gfp=%s needs a zone this machine does not have\n", gfp);
		return -EINVAL;
	}
	a->gfp = aoom_gfp_flags[mode];

	if (!strcmp(target, "none")) {
		a->target = -1;
	} else {
		a->target = match_string(aoom_target_names,
					 ARRAY_SIZE(aoom_target_names), target);
		if (a->target < 0) {
			pr_err("target=%s is unknown: use none, min, low or high\n",
			       target);
			return -EINVAL;
		}
		if (a->order) {
			pr_err("target=%s takes order-0 pages: leave order at 0\n",
			       target);
			return -EINVAL;
		}
		a->target_pgdat = NODE_DATA(first_online_node);
		a->target_idx = gfp_zone(a->gfp);
		/*
		 * No retry, so no OOM killer; below min only with access to
		 * the reserves (__GFP_HIGH).
		 */
		a->gfp |= __GFP_NORETRY | __GFP_NOWARN;
		if (a->target == WMARK_MIN)
			a->gfp |= __GFP_HIGH;
	}

	if (backup > (totalram_pages() >> a->order)) {
		pr_err("backup=%llu is out of range: RAM holds %lu blocks of order %u\n",
		       backup, totalram_pages() >> a->order, a->order);
		return -EINVAL;
	}
	a->backup = backup;

	if (trigger != 0 && trigger != 1) {
		pr_err("trigger=%d is out of range: use 1 to run the loop at insmod or 0 to only load\n",
		       trigger);
		return -EINVAL;
	}
	return 0;
}

static int __init alloc_oom_init(void)
{
	struct aoom *a = &aoom;
	int ret;

	ret = aoom_parse_params(a);
	if (ret)
		goto out;

	aoom_debugfs_init(a);
	ret = aoom_notifier_register(a);
	if (ret) {
		pr_err("cannot register the OOM notifier: %d\n", ret);
		goto out_remove_debugfs;
	}

	pr_info("loaded: order=%u release=%s gfp=%s target=%s backup=%lu blocks trigger=%d\n",
		a->order, aoom_release_names[a->release], gfp, target,
		a->backup, trigger);
	mutex_lock(&a->round_lock);
	if (trigger)
		aoom_run_round(a);
	else
		aoom_buddy_log("loaded", a->order);
	mutex_unlock(&a->round_lock);
	return 0;

out_remove_debugfs:
	debugfs_remove_recursive(a->debugfs);
out:
	return ret;
}

static void __exit alloc_oom_exit(void)
{
	struct aoom *a = &aoom;
	unsigned long freed;

	debugfs_remove_recursive(a->debugfs);
	aoom_notifier_unregister(a);
	freed = aoom_release(a, AOOM_RELEASE_ALL);
	pr_info("unloaded: freed %lu pages\n", freed);
}

module_init(alloc_oom_init);
module_exit(alloc_oom_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(AOOM_VERSION);
MODULE_AUTHOR("alloc-oom developers");
MODULE_DESCRIPTION("Drive the machine into the OOM killer on purpose");
