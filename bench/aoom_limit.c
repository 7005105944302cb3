// SPDX-License-Identifier: GPL-2.0
/*
 * aoom_limit - how fast this kernel hands out pages at all.
 *
 * At insmod, take blocks of 2^order pages with __GFP_NORETRY | __GFP_NOWARN
 * until the first failure, chaining them through page->lru, then free them
 * all before init returns.  No OOM killer is involved: a __GFP_NORETRY
 * request never invokes it.  The result is one line:
 *
 *   aoom_limit: done order=<n> blocks=<n> pages=<n> ms=<n> free_ms=<n> stop=<why>
 *
 * The module stays loaded so that the line can be read; rmmod has nothing
 * left to free.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

static int order;
module_param(order, int, 0444);
MODULE_PARM_DESC(order, "Order of each block, 0 to 3 [default: 0]");

static int __init aoom_limit_init(void)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN;
	unsigned long blocks = 0, freed = 0;
	const char *stop = "alloc_failed";
	struct page *page, *next;
	ktime_t start, mid;
	LIST_HEAD(taken);

	if (order < 0 || order > 3) {
		pr_err("order=%d: must be 0 to 3\n", order);
		return -EINVAL;
	}

	start = ktime_get();
	for (;;) {
		if (fatal_signal_pending(current)) {
			stop = "signal";
			break;
		}
		page = alloc_pages(gfp, order);
		if (!page)
			break;
		list_add(&page->lru, &taken);
		blocks++;
		cond_resched();
	}
	mid = ktime_get();

	list_for_each_entry_safe(page, next, &taken, lru) {
		list_del(&page->lru);
		__free_pages(page, order);
		if (!(++freed & 1023))
			cond_resched();
	}

	pr_info("done order=%d blocks=%lu pages=%lu ms=%lld free_ms=%lld stop=%s\n",
		order, blocks, blocks << order, ktime_ms_delta(mid, start),
		ktime_ms_delta(ktime_get(), mid), stop);
	return 0;
}

static void __exit aoom_limit_exit(void)
{
	pr_info("unloaded\n");
}

module_init(aoom_limit_init);
module_exit(aoom_limit_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("alloc-oom developers");
MODULE_DESCRIPTION("Take pages with __GFP_NORETRY until one fails, then free");
