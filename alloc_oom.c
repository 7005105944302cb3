// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_oom - drive the machine into the OOM killer on purpose.
 *
 * At insmod the module takes blocks of 2^order pages with
 * alloc_pages(GFP_KERNEL) until the OOM killer has killed as many times as
 * the kills parameter allows, the OOM notifier handed memory back instead,
 * the loading task is killed, or the allocator gives up.  What it then
 * hands back is set by the release parameter; rmmod frees the rest.
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
		 "Pressure mode: min, low or high takes order-0 pages without retrying or calling the OOM killer until the free pages of every zone of every node it may use fall just below that watermark (plus lowmem_reserve), then holds them until release or rmmod; none runs to the OOM [default: none]");

static int kills = 1;
module_param(kills, int, 0444);
MODULE_PARM_DESC(kills,
		 "OOM kills a round runs to: once the kernel has killed this many times, a further call of the OOM killer in the round is answered by handing back the reserve (then every block), so it neither kills again nor panics; the same happens whenever the OOM killer would find nothing to kill. 0 stops at the first call of the OOM killer and leaves the kernel to kill as often as it wants, or panic [default: 1]");

static bool account;
module_param(account, bool, 0444);
MODULE_PARM_DESC(account,
		 "Charge the blocks to the memory cgroup of the task that loads the module (__GFP_ACCOUNT), so that a cgroup's memory.max drives that cgroup into its own OOM killer [default: 0]");

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
	[AOOM_STOP_KILL] = "kill",
};

/* The target parameter's names, in the order of enum zone_watermarks. */
static const char *const aoom_target_names[] = {
	[WMARK_MIN] = "min",
	[WMARK_LOW] = "low",
	[WMARK_HIGH] = "high",
};

static struct aoom aoom = {
	.blocks.lock = __SPIN_LOCK_UNLOCKED(aoom.blocks.lock),
	.blocks.reserve = LIST_HEAD_INIT(aoom.blocks.reserve),
	.blocks.held = LIST_HEAD_INIT(aoom.blocks.held),
	.round_lock = __MUTEX_INITIALIZER(aoom.round_lock),
};

/* Longest summary: nine fields of at most 20 digits plus their names. */
#define AOOM_ROUND_LEN 288

#define AOOM_ROUND_FMT \
	"order=%u blocks=%lu pages=%lu ms=%lld stop=%s notifier_hits=%d kills=%lu released=%lu held=%lu"

/* The summary fields, shared by the dmesg line and the debugfs stats. */
static void aoom_round_format(char *buf, const struct aoom *a,
			      const struct aoom_round *r)
{
	scnprintf(buf, AOOM_ROUND_LEN, AOOM_ROUND_FMT, a->blocks.order,
		  r->blocks, r->blocks << a->blocks.order, r->ms,
		  aoom_stop_names[r->stop], r->notifier_hits, r->kills,
		  r->released, r->held);
}

/*
 * Has the round's OOM handling ended it?  A fatal signal comes first: when
 * the OOM killer picks the loading task itself, the reason the loop must
 * end is that this task is dying.  Without a kill limit the first call of
 * the OOM killer ends the round; with one, the kernel having killed as
 * often as allowed, or the notifier having handed memory back instead.
 * Kills are counted only once the notifier has been called, as every
 * machine-wide kill follows a call, or at every block when the blocks are
 * charged to a memory cgroup, whose OOM killer calls no notifier.
 */
static enum aoom_stop aoom_oom_stop(struct aoom *a)
{
	if (fatal_signal_pending(current))
		return AOOM_STOP_SIGNAL;
	if (!a->kills)
		return READ_ONCE(a->oom_seen) ? AOOM_STOP_NOTIFIER :
						AOOM_STOP_NONE;
	if ((a->account || READ_ONCE(a->oom_seen)) &&
	    aoom_oom_kills() - a->kills_start >= a->kills)
		return AOOM_STOP_KILL;
	return READ_ONCE(a->gave) ? AOOM_STOP_NOTIFIER : AOOM_STOP_NONE;
}

/*
 * Take blocks until something says stop.  A block that arrives after the
 * round's OOM handling ended it is given straight back: it is what that
 * handling (a kill, or memory the notifier handed back) just freed.
 */
static enum aoom_stop aoom_fill(struct aoom *a, unsigned long *blocks)
{
	unsigned int refused = 0, order;
	bool last, big = true;
	enum aoom_stop stop;
	struct page *page;

	/* Each pass checks again after its request, so only once up front. */
	stop = aoom_oom_stop(a);
	if (stop)
		return stop;
	for (;;) {
		/*
		 * Once every zone is below the target, one more block is asked
		 * for.  That request misses the mark everywhere, so the
		 * allocator serves it from its slow path, which wakes kswapd
		 * when the mark is low or min: the module does not rely on
		 * some other allocation to do it.
		 */
		last = a->target.mark >= 0 && aoom_below_target(&a->target);

		page = aoom_blocks_alloc(&a->blocks, &big, &order);
		stop = aoom_oom_stop(a);
		if (!page) {
			if (stop)
				return stop;
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
			if (a->target.mark < 0 ||
			    ++refused > AOOM_TARGET_RETRIES)
				return AOOM_STOP_ALLOC_FAILED;
			cond_resched();
			continue;
		}
		refused = 0;
		if (stop) {
			__free_pages(page, order);
			return stop;
		}
		aoom_blocks_hold(&a->blocks, page, order);
		*blocks += 1UL << (order - a->blocks.order);
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
	WRITE_ONCE(a->gave, false);
	WRITE_ONCE(a->kills_start, aoom_oom_kills());
	aoom_buddy_log("before", a->blocks.order);
	start = ktime_get();
	/*
	 * Pairs with the smp_load_acquire() in the notifier: a notifier on
	 * another CPU that sees the round running sees its kills_start.
	 */
	smp_store_release(&a->in_round, true);
	r.stop = aoom_fill(a, &r.blocks);
	r.ms = ktime_ms_delta(ktime_get(), start);
	r.kills = aoom_oom_kills() - a->kills_start;
	aoom_buddy_log("after", a->blocks.order);

	/*
	 * A task the OOM killer chose must not leave its memory behind.  With
	 * release=notifier the notifier has already handed back the reserve.
	 */
	what = r.stop == AOOM_STOP_SIGNAL ? AOOM_RELEASE_ALL : a->release;
	if (what == AOOM_RELEASE_NOTIFIER)
		what = AOOM_RELEASE_NONE;
	/* A pressure round holds its pages below the watermark. */
	if (a->target.mark >= 0 && r.stop != AOOM_STOP_SIGNAL)
		what = AOOM_RELEASE_NONE;
	if (a->target.mark >= 0 &&
	    (r.stop == AOOM_STOP_TARGET || r.stop == AOOM_STOP_ALLOC_FAILED))
		aoom_target_log(&a->target);
	r.released = aoom_blocks_release(&a->blocks, what);
	/*
	 * The guard stays up until the round has handed back what it hands
	 * back: a call of the OOM killer until then is still the round's.
	 */
	smp_store_release(&a->in_round, false);
	r.released += atomic_long_read(&a->notifier_freed) - freed;
	r.held = aoom_blocks_held(&a->blocks);
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
	seq_printf(m, "%s " AOOM_STATS_FMT "\n", summary,
		   aoom_blocks_held(&a->blocks), a->rounds,
		   atomic_read(&a->notifier_hits),
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
			aoom_blocks_release(&a->blocks, AOOM_RELEASE_ALL));
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
	struct aoom_blocks *b = &a->blocks;
	int mode;

	if (order < 0 || (unsigned int)order >= AOOM_NR_ORDERS) {
		pr_err("order=%d is out of range: this kernel's buddy allocator has orders 0 to %u\n",
		       order, AOOM_NR_ORDERS - 1);
		return -EINVAL;
	}
	b->order = order;

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
	b->gfp = aoom_gfp_flags[mode];
	a->account = account;
	if (account)
		b->gfp |= __GFP_ACCOUNT;

	if (!strcmp(target, "none")) {
		a->target.mark = -1;
	} else {
		a->target.mark = match_string(aoom_target_names,
					      ARRAY_SIZE(aoom_target_names),
					      target);
		if (a->target.mark < 0) {
			pr_err("target=%s is unknown: use none, min, low or high\n",
			       target);
			return -EINVAL;
		}
		if (b->order) {
			pr_err("target=%s takes order-0 pages: leave order at 0\n",
			       target);
			return -EINVAL;
		}
		/*
		 * No retry, so no OOM killer; below min only with access to
		 * the reserves (__GFP_HIGH).
		 */
		b->gfp |= __GFP_NORETRY | __GFP_NOWARN;
		if (a->target.mark == WMARK_MIN)
			b->gfp |= __GFP_HIGH;
	}

	if (backup > (totalram_pages() >> b->order)) {
		pr_err("backup=%llu is out of range: RAM holds %lu blocks of order %u\n",
		       backup, totalram_pages() >> b->order, b->order);
		return -EINVAL;
	}
	b->backup = backup;

	if (kills < 0) {
		pr_err("kills=%d is out of range: use the number of OOM kills a round runs to, or 0 for no limit\n",
		       kills);
		return -EINVAL;
	}
	a->kills = kills;

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
	ret = aoom_target_init(&a->target, a->blocks.gfp);
	if (ret)
		goto out;

	/*
	 * The notifier first, the control files last: a round started from
	 * the trigger file always runs with its guard in place.
	 */
	ret = aoom_notifier_register(a);
	if (ret) {
		pr_err("cannot register the OOM notifier: %d\n", ret);
		goto out_target_exit;
	}
	aoom_debugfs_init(a);

	pr_info("loaded: order=%u release=%s gfp=%s target=%s backup=%lu blocks kills=%u account=%d trigger=%d\n",
		a->blocks.order, aoom_release_names[a->release], gfp, target,
		a->blocks.backup, a->kills, a->account, trigger);
	mutex_lock(&a->round_lock);
	if (trigger)
		aoom_run_round(a);
	else
		aoom_buddy_log("loaded", a->blocks.order);
	mutex_unlock(&a->round_lock);
	return 0;

out_target_exit:
	aoom_target_exit(&a->target);
out:
	return ret;
}

static void __exit alloc_oom_exit(void)
{
	struct aoom *a = &aoom;
	unsigned long freed;

	/* The reverse of alloc_oom_init(): no round can start once this is done. */
	debugfs_remove_recursive(a->debugfs);
	aoom_notifier_unregister(a);
	freed = aoom_blocks_release(&a->blocks, AOOM_RELEASE_ALL);
	aoom_target_exit(&a->target);
	pr_info("unloaded: freed %lu pages\n", freed);
}

module_init(alloc_oom_init);
module_exit(alloc_oom_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(AOOM_VERSION);
MODULE_AUTHOR("alloc-oom developers");
MODULE_DESCRIPTION("Drive the machine into the OOM killer on purpose");
