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
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "alloc_oom.h"

/*
 * The default reserve: 4 MiB, or 1/32 of RAM when that is smaller, in
 * blocks of the order and at least one.  4 MiB lifts a 256 MiB guest's
 * zones back above their high watermark (about 2.5 MiB).
 */
#define AOOM_BACKUP_SIZE SZ_4M
#define AOOM_BACKUP_RAM_SHIFT 5
/* Refusals in a row a pressure round takes before it gives up. */
#define AOOM_TARGET_RETRIES 16
/* The most kills a round may run to. */
#define AOOM_KILLS_MAX INT_MAX

static const char *const aoom_release_names[] = {
	[AOOM_RELEASE_NONE] = "none",
	[AOOM_RELEASE_BACKUP] = "backup",
	[AOOM_RELEASE_ALL] = "all",
	[AOOM_RELEASE_NOTIFIER] = "notifier",
};

/*
 * The gfp parameter's names, their flags and the zone each needs:
 * MAX_NR_ZONES for none, -1 for one this kernel was built without.
 * GFP_ATOMIC never reclaims, so it never reaches the OOM killer.
 */
enum aoom_gfp {
	AOOM_GFP_KERNEL,
	AOOM_GFP_HIGHUSER,
	AOOM_GFP_DMA32,
	AOOM_GFP_DMA,
	AOOM_GFP_ATOMIC,
};

static const char *const aoom_gfp_names[] = {
	[AOOM_GFP_KERNEL] = "kernel", [AOOM_GFP_HIGHUSER] = "highuser",
	[AOOM_GFP_DMA32] = "dma32",   [AOOM_GFP_DMA] = "dma",
	[AOOM_GFP_ATOMIC] = "atomic",
};

static const gfp_t aoom_gfp_flags[] = {
	[AOOM_GFP_KERNEL] = GFP_KERNEL,
	[AOOM_GFP_HIGHUSER] = GFP_HIGHUSER,
	[AOOM_GFP_DMA32] = GFP_KERNEL | __GFP_DMA32,
	[AOOM_GFP_DMA] = GFP_KERNEL | __GFP_DMA,
	[AOOM_GFP_ATOMIC] = GFP_ATOMIC,
};

static const int aoom_gfp_zones[] = {
	[AOOM_GFP_KERNEL] = MAX_NR_ZONES,   [AOOM_GFP_HIGHUSER] = MAX_NR_ZONES,
	[AOOM_GFP_DMA32] = AOOM_ZONE_DMA32, [AOOM_GFP_DMA] = AOOM_ZONE_DMA,
	[AOOM_GFP_ATOMIC] = MAX_NR_ZONES,
};

static const char *const aoom_stop_names[] = {
	[AOOM_STOP_NONE] = "none",
	[AOOM_STOP_NOTIFIER] = "notifier",
	[AOOM_STOP_SIGNAL] = "signal",
	[AOOM_STOP_ALLOC_FAILED] = "alloc_failed",
	[AOOM_STOP_TARGET] = "target",
	[AOOM_STOP_KILL] = "kill",
};

/*
 * The target parameter's names: none, then the watermarks in the order of
 * enum zone_watermarks, so that a name's index less one is its mark.
 */
static const char *const aoom_target_names[] = { "none", "min", "low", "high" };

/*
 * The parameters.  Their setters never fail.  A setter's error would be
 * reported by the kernel's parser in its own words ("`x' invalid for
 * parameter `order'"), with its own errno (-ERANGE for a number too big
 * for the type), and a second line if the module said why.  So a setter
 * keeps what it cannot take, and aoom_parse_params() refuses it with one
 * line naming the parameter and what it accepts, and -EINVAL, before a
 * page is taken.  A parameter given without a value is such a value.
 */
static const char *aoom_bad_param; /* the first value not taken */
static const char *aoom_bad_value;

static int aoom_param_bad(const char *val, const struct kernel_param *kp)
{
	if (!aoom_bad_param) {
		aoom_bad_param = kp->name;
		aoom_bad_value = val ?: "";
	}
	return 0;
}

static int aoom_set_uint(const char *val, const struct kernel_param *kp)
{
	if (!val || kstrtouint(val, 0, kp->arg))
		return aoom_param_bad(val, kp);
	return 0;
}

static const struct kernel_param_ops aoom_uint_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = aoom_set_uint,
	.get = param_get_uint,
};

static bool backup_set; /* backup was given, rather than the default */

static int aoom_set_backup(const char *val, const struct kernel_param *kp)
{
	if (!val || kstrtoull(val, 0, kp->arg))
		return aoom_param_bad(val, kp);
	backup_set = true;
	return 0;
}

static const struct kernel_param_ops aoom_backup_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = aoom_set_backup,
	.get = param_get_ullong,
};

static int aoom_set_bool(const char *val, const struct kernel_param *kp)
{
	if (!val || kstrtobool(val, kp->arg))
		return aoom_param_bad(val, kp);
	return 0;
}

static const struct kernel_param_ops aoom_bool_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = aoom_set_bool,
	.get = param_get_bool,
};

/* A parameter that is one of a list of names: the index of the name. */
struct aoom_choice {
	const char *const *names;
	unsigned int n;
	unsigned int *val;
};

static int aoom_set_choice(const char *val, const struct kernel_param *kp)
{
	const struct aoom_choice *c = kp->arg;
	int i = -EINVAL;

	if (val)
		i = match_string(c->names, c->n, val);
	if (i < 0)
		return aoom_param_bad(val, kp);
	*c->val = i;
	return 0;
}

static int aoom_get_choice(char *buf, const struct kernel_param *kp)
{
	const struct aoom_choice *c = kp->arg;

	return sysfs_emit(buf, "%s\n", c->names[*c->val]);
}

static const struct kernel_param_ops aoom_choice_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = aoom_set_choice,
	.get = aoom_get_choice,
};

/* User-visible strings are never broken. */
/* clang-format off */
static unsigned int order;
module_param_cb(order, &aoom_uint_ops, &order, 0444);
__MODULE_PARM_TYPE(order, "uint");
MODULE_PARM_DESC(order,
		 "Order of each block, from 0 to the kernel's highest order; above 3 the allocation fails instead of invoking the OOM killer [default: 0]");

static unsigned int release = AOOM_RELEASE_BACKUP;
static struct aoom_choice aoom_release_choice = {
	aoom_release_names, ARRAY_SIZE(aoom_release_names), &release
};
module_param_cb(release, &aoom_choice_ops, &aoom_release_choice, 0444);
__MODULE_PARM_TYPE(release, "string");
MODULE_PARM_DESC(release,
		 "What the OOM notifier's firing leads to: none keeps every block until rmmod, backup hands back the reserve, all frees every block, notifier frees the reserve inside the notifier so the kernel kills nothing [default: backup]");

static unsigned int gfp;
static struct aoom_choice aoom_gfp_choice = {
	aoom_gfp_names, ARRAY_SIZE(aoom_gfp_names), &gfp
};
module_param_cb(gfp, &aoom_choice_ops, &aoom_gfp_choice, 0444);
__MODULE_PARM_TYPE(gfp, "string");
MODULE_PARM_DESC(gfp,
		 "Allocation flags of the loop: kernel (GFP_KERNEL), highuser (GFP_HIGHUSER, may use HighMem), dma32 or dma (GFP_KERNEL limited to that zone; refused where the zone does not exist), atomic (GFP_ATOMIC: no reclaim, no OOM killer, a page allocation failure) [default: kernel]");

static unsigned long long backup;
module_param_cb(backup, &aoom_backup_ops, &backup, 0444);
__MODULE_PARM_TYPE(backup, "ullong");
MODULE_PARM_DESC(backup,
		 "Reserve handed back by release=backup, in blocks of the order; at most the blocks RAM holds [default: 4 MiB, or 1/32 of RAM when that is smaller, in blocks of the order, at least one]");

static unsigned int target;
static struct aoom_choice aoom_target_choice = {
	aoom_target_names, ARRAY_SIZE(aoom_target_names), &target
};
module_param_cb(target, &aoom_choice_ops, &aoom_target_choice, 0444);
__MODULE_PARM_TYPE(target, "string");
MODULE_PARM_DESC(target,
		 "Pressure mode: min, low or high takes order-0 pages without retrying or calling the OOM killer until the free pages of every zone of every node it may use fall just below that watermark (plus lowmem_reserve), then holds them until release or rmmod; none runs to the OOM [default: none]");

static unsigned int kills = 1;
module_param_cb(kills, &aoom_uint_ops, &kills, 0444);
__MODULE_PARM_TYPE(kills, "uint");
MODULE_PARM_DESC(kills,
		 "OOM kills a round runs to, from 0 to 2147483647: once the kernel has killed this many times, a further call of the OOM killer in the round is answered by handing back the reserve (then every block), so it neither kills again nor panics; the same happens whenever the OOM killer would find nothing to kill. 0 stops at the first call of the OOM killer and leaves the kernel to kill as often as it wants, or panic [default: 1]");

static bool account;
module_param_cb(account, &aoom_bool_ops, &account, 0444);
__MODULE_PARM_TYPE(account, "bool");
MODULE_PARM_DESC(account,
		 "Charge the blocks to the memory cgroup of the task that loads the module (__GFP_ACCOUNT), so that a cgroup's memory.max drives that cgroup into its own OOM killer [default: 0]");

static bool trigger = true;
module_param_cb(trigger, &aoom_bool_ops, &trigger, 0444);
__MODULE_PARM_TYPE(trigger, "bool");
MODULE_PARM_DESC(trigger,
		 "1 runs the allocation loop at insmod; 0 only registers the OOM notifier and logs the free-list scan [default: 1]");
/* clang-format on */

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
 * the OOM killer ends the round; with one, the round having had its kills
 * (oom_notifier.c counts them), or the notifier having handed memory back
 * instead.
 */
static enum aoom_stop aoom_oom_stop(struct aoom *a)
{
	if (fatal_signal_pending(current))
		return AOOM_STOP_SIGNAL;
	if (!a->kills)
		return READ_ONCE(a->notified) ? AOOM_STOP_NOTIFIER :
						AOOM_STOP_NONE;
	if (aoom_kill_limit_reached(a))
		return AOOM_STOP_KILL;
	return READ_ONCE(a->handed_back) ? AOOM_STOP_NOTIFIER : AOOM_STOP_NONE;
}

/*
 * Take blocks until something says stop.  A block that arrives after the
 * round's OOM handling ended it is given straight back: it is what that
 * handling (a kill, or memory the notifier handed back) just freed.
 */
static enum aoom_stop aoom_take_blocks(struct aoom *a, unsigned long *blocks)
{
	unsigned int refused = 0, order;
	bool try_reserve = true, at_target;
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
		at_target = a->target.mark >= 0 &&
			    aoom_below_target(&a->target);

		page = aoom_blocks_alloc(&a->blocks, &try_reserve, &order);
		stop = aoom_oom_stop(a);
		if (!page) {
			if (stop)
				return stop;
			if (at_target)
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
		if (at_target)
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

	WRITE_ONCE(a->notified, false);
	WRITE_ONCE(a->handed_back, false);
	WRITE_ONCE(a->round_task, current);
	WRITE_ONCE(a->own_kills, 0);
	WRITE_ONCE(a->armed_by, NULL);
	aoom_buddy_log("before", a->blocks.order);
	start = ktime_get();
	/*
	 * Pairs with the smp_load_acquire()s in the notifier and the probe:
	 * one on another CPU that sees the loop running sees its task and
	 * its count from zero.
	 */
	smp_store_release(&a->phase, AOOM_PHASE_TAKING);
	r.stop = aoom_take_blocks(a, &r.blocks);
	r.ms = ktime_ms_delta(ktime_get(), start);
	r.kills = READ_ONCE(a->own_kills);

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
	WRITE_ONCE(a->handing_back, what);
	/*
	 * The guard stays up until the round has handed back: a call of the
	 * OOM killer meanwhile gets the reserve the round is handing back
	 * anyway, and no more.  Pairs with the notifier's
	 * smp_load_acquire(): it sees what is handed back.
	 */
	smp_store_release(&a->phase, AOOM_PHASE_HANDING_BACK);
	aoom_buddy_log("after", a->blocks.order);
	if (a->target.mark >= 0 &&
	    (r.stop == AOOM_STOP_TARGET || r.stop == AOOM_STOP_ALLOC_FAILED))
		aoom_target_log(&a->target);
	aoom_notifier_flush(a);
	r.released = aoom_blocks_release(&a->blocks, what);
	/* The round has handed back; pairs with the notifier's acquire. */
	smp_store_release(&a->phase, AOOM_PHASE_IDLE);
	r.released += atomic_long_read(&a->notifier_freed) - freed;
	r.held = aoom_blocks_held(&a->blocks);
	r.notifier_hits = atomic_read(&a->notifier_hits) - hits;

	a->last_round = r;
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

	aoom_round_format(summary, a, &a->last_round);
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

/*
 * What @name accepts, for the one line that refuses a value of it.
 * @b->order is set once order has been checked.
 */
static void aoom_param_refuse(const char *name, const char *value,
			      const struct aoom_blocks *b)
{
	if (!strcmp(name, "order"))
		pr_err("order=%s is out of range: this kernel's buddy allocator has orders 0 to %u\n",
		       value, AOOM_NR_ORDERS - 1);
	else if (!strcmp(name, "release"))
		pr_err("release=%s is unknown: use none, backup, all or notifier\n",
		       value);
	else if (!strcmp(name, "gfp"))
		pr_err("gfp=%s is unknown: use kernel, highuser, dma32, dma or atomic\n",
		       value);
	else if (!strcmp(name, "target"))
		pr_err("target=%s is unknown: use none, min, low or high\n",
		       value);
	else if (!strcmp(name, "backup"))
		pr_err("backup=%s is out of range: RAM holds %lu blocks of order %u\n",
		       value, totalram_pages() >> b->order, b->order);
	else if (!strcmp(name, "kills"))
		pr_err("kills=%s is out of range: use the number of OOM kills a round runs to, from 1 to %d, or 0 for no limit\n",
		       value, AOOM_KILLS_MAX);
	else if (!strcmp(name, "account"))
		pr_err("account=%s is out of range: use 1 to charge the blocks to the loading task's memory cgroup or 0 not to\n",
		       value);
	else
		pr_err("trigger=%s is out of range: use 1 to run the loop at insmod or 0 to only load\n",
		       value);
}

/* Check every parameter before a single page is taken. */
static int aoom_parse_params(struct aoom *a)
{
	struct aoom_blocks *b = &a->blocks;
	unsigned long size;
	char num[24];

	/* order first: the backup line names the order. */
	if (aoom_bad_param && !strcmp(aoom_bad_param, "order"))
		goto refuse;
	if (order >= AOOM_NR_ORDERS) {
		snprintf(num, sizeof(num), "%u", order);
		aoom_param_refuse("order", num, b);
		return -EINVAL;
	}
	b->order = order;
	if (aoom_bad_param)
		goto refuse;

	a->release = release;
	if (aoom_gfp_zones[gfp] != MAX_NR_ZONES &&
	    !aoom_zone_exists(aoom_gfp_zones[gfp])) {
		pr_err("gfp=%s needs a zone this machine does not have\n",
		       aoom_gfp_names[gfp]);
		return -EINVAL;
	}
	b->gfp = aoom_gfp_flags[gfp];
	a->account = account;
	if (account && gfp == AOOM_GFP_ATOMIC) {
		/* try_charge() lets atomic requests past memory.max. */
		pr_err("account=1 with gfp=atomic: the kernel charges atomic requests past the group's limit, so no cgroup OOM could end the round\n");
		return -EINVAL;
	}
	if (account)
		b->gfp |= __GFP_ACCOUNT;

	a->target.mark = (int)target - 1;
	if (a->target.mark >= 0) {
		if (b->order) {
			pr_err("target=%s takes order-0 pages: leave order at 0\n",
			       aoom_target_names[target]);
			return -EINVAL;
		}
		if (gfp == AOOM_GFP_ATOMIC) {
			pr_err("target=%s stops at a watermark that atomic requests are allowed below: use gfp=kernel, highuser, dma32 or dma\n",
			       aoom_target_names[target]);
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

	size = min_t(unsigned long, AOOM_BACKUP_SIZE >> PAGE_SHIFT,
		     totalram_pages() >> AOOM_BACKUP_RAM_SHIFT);
	size = max(DIV_ROUND_UP(size, 1UL << b->order), 1UL);
	if (!backup_set) {
		backup = size;
	} else if (backup > (totalram_pages() >> b->order)) {
		snprintf(num, sizeof(num), "%llu", backup);
		aoom_param_refuse("backup", num, b);
		return -EINVAL;
	}
	b->backup = backup;
	b->step = max(b->backup, size);

	if (kills > AOOM_KILLS_MAX) {
		snprintf(num, sizeof(num), "%u", kills);
		aoom_param_refuse("kills", num, b);
		return -EINVAL;
	}
	a->kills = kills;
	return 0;

refuse:
	aoom_param_refuse(aoom_bad_param, aoom_bad_value, b);
	return -EINVAL;
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
	if (ret)
		goto out_target_exit;
	aoom_debugfs_init(a);

	pr_info("loaded: order=%u release=%s gfp=%s target=%s backup=%lu blocks kills=%u account=%d trigger=%d\n",
		a->blocks.order, aoom_release_names[a->release],
		aoom_gfp_names[gfp], aoom_target_names[target],
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
