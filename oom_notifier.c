// SPDX-License-Identifier: GPL-2.0
/*
 * The module's entry in the kernel's OOM notifier chain.
 *
 * out_of_memory() calls the chain, under oom_lock, before it picks a
 * victim.  The allocation loop cannot see an OOM any other way: its own
 * alloc_pages() call may simply succeed once the victim's memory has been
 * reaped.  So the notifier counts the hit and tells the loop to stop; the
 * loop then hands back the reserve as the release parameter says.
 *
 * With release=notifier the reserve is freed here instead and reported in
 * *freed, as virtio_balloon does: out_of_memory() then returns without
 * killing anything, unless the reserve is already gone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/oom.h>
#include <linux/printk.h>

#include "alloc_oom.h"

static int aoom_oom_notify(struct notifier_block *nb, unsigned long unused,
			   void *parm)
{
	struct aoom *a = container_of(nb, struct aoom, oom_nb);
	int hits = atomic_inc_return(&a->notifier_hits);
	unsigned long *freed = parm;
	unsigned long n;

	WRITE_ONCE(a->oom_seen, true);
	if (a->release != AOOM_RELEASE_NOTIFIER) {
		pr_info("OOM notifier called (hit %d)\n", hits);
		/* Nothing freed here, so the kernel goes on to pick a victim. */
		return NOTIFY_OK;
	}
	/* Process context under oom_lock: freeing may sleep. */
	n = aoom_release(a, AOOM_RELEASE_BACKUP);
	atomic_long_add(n, &a->notifier_freed);
	*freed += n;
	pr_info("OOM notifier called (hit %d), freed %lu pages\n", hits, n);
	return NOTIFY_OK;
}

/**
 * aoom_notifier_register - join the OOM notifier chain
 * @a: the module's state
 *
 * Return: 0 or the error of register_oom_notifier().
 */
int aoom_notifier_register(struct aoom *a)
{
	a->oom_nb.notifier_call = aoom_oom_notify;
	return register_oom_notifier(&a->oom_nb);
}

/**
 * aoom_notifier_unregister - leave the OOM notifier chain
 * @a: the module's state
 *
 * Once this returns the notifier is not running and will not run again.
 */
void aoom_notifier_unregister(struct aoom *a)
{
	unregister_oom_notifier(&a->oom_nb);
}
