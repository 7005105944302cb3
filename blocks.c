// SPDX-License-Identifier: GPL-2.0
/*
 * The blocks the module holds, and their release.
 *
 * The blocks are chained through their own page->lru, so holding them
 * costs no memory besides the pages.  The first ones taken form the
 * reserve, which the OOM notifier or the end of a round may hand back;
 * the rest are held until a release of everything or rmmod.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>

#include "alloc_oom.h"

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
#define AOOM_RESERVE_BLOCKS(b) (1UL << (AOOM_RESERVE_ORDER - (b)->order))

/**
 * aoom_blocks_alloc - take the next block
 * @b: the blocks
 * @try_reserve: true while a reserve block may be tried; cleared once one is
 *	refused, so that a fragmented zone costs one failed attempt per round
 * @order: the order of the block returned
 *
 * A block of AOOM_RESERVE_ORDER while the reserve has room for it, else
 * one of the module's order.
 *
 * Return: the block, or NULL.
 */
struct page *aoom_blocks_alloc(struct aoom_blocks *b, bool *try_reserve,
			       unsigned int *order)
{
	struct page *page;

	if (*try_reserve && b->order < AOOM_RESERVE_ORDER &&
	    READ_ONCE(b->nr_reserve) + AOOM_RESERVE_BLOCKS(b) <= b->backup) {
		page = alloc_pages(b->gfp | __GFP_NORETRY | __GFP_NOWARN,
				   AOOM_RESERVE_ORDER);
		if (page) {
			*order = AOOM_RESERVE_ORDER;
			return page;
		}
		*try_reserve = false;
	}
	*order = b->order;
	return alloc_pages(b->gfp, b->order);
}

/**
 * aoom_blocks_hold - keep a block
 * @b: the blocks
 * @page: a block from aoom_blocks_alloc()
 * @order: its order
 *
 * It goes to the reserve while the reserve is short, else to the held.
 */
void aoom_blocks_hold(struct aoom_blocks *b, struct page *page,
		      unsigned int order)
{
	unsigned long n = 1UL << (order - b->order);

	set_page_private(page, order);
	spin_lock(&b->lock);
	if (b->nr_reserve < b->backup) {
		list_add(&page->lru, &b->reserve);
		b->nr_reserve += n;
	} else {
		list_add(&page->lru, &b->held);
		b->nr_held += n;
	}
	spin_unlock(&b->lock);
}

/*
 * Free every block on @list, each at the order page->private records; the
 * list is private to the caller.
 */
static void aoom_free_list(struct list_head *list)
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
 * aoom_blocks_release - hand blocks back to the buddy allocator
 * @b: the blocks
 * @what: %AOOM_RELEASE_BACKUP frees the reserve, %AOOM_RELEASE_ALL every
 *	block, %AOOM_RELEASE_NONE nothing
 *
 * The lists are detached under the lock and freed outside it, so the
 * freeing may reschedule however many blocks there are.  Blocks charged
 * to a memory cgroup are uncharged as they are freed.
 *
 * Return: the number of pages freed.
 */
unsigned long aoom_blocks_release(struct aoom_blocks *b, enum aoom_release what)
{
	unsigned long blocks = 0;
	LIST_HEAD(freeing);

	spin_lock(&b->lock);
	if (what == AOOM_RELEASE_BACKUP || what == AOOM_RELEASE_ALL) {
		list_splice_init(&b->reserve, &freeing);
		blocks += b->nr_reserve;
		b->nr_reserve = 0;
	}
	if (what == AOOM_RELEASE_ALL) {
		list_splice_init(&b->held, &freeing);
		blocks += b->nr_held;
		b->nr_held = 0;
	}
	spin_unlock(&b->lock);

	aoom_free_list(&freeing);
	return blocks << b->order;
}

/**
 * aoom_blocks_release_some - hand back some of the held blocks
 * @b: the blocks
 * @max: the most blocks of @b->order to free
 *
 * For the OOM notifier once the reserve is gone: it frees a bounded
 * amount under oom_lock, and its worker the rest, a step at a time.
 *
 * Return: the number of pages freed.
 */
unsigned long aoom_blocks_release_some(struct aoom_blocks *b, unsigned long max)
{
	struct page *page, *next;
	unsigned long blocks = 0;
	LIST_HEAD(freeing);

	spin_lock(&b->lock);
	list_for_each_entry_safe(page, next, &b->held, lru) {
		if (blocks >= max)
			break;
		list_move(&page->lru, &freeing);
		blocks += 1UL << (page_private(page) - b->order);
	}
	b->nr_held -= blocks;
	spin_unlock(&b->lock);

	aoom_free_list(&freeing);
	return blocks << b->order;
}

/**
 * aoom_blocks_held - pages held now
 * @b: the blocks
 *
 * Return: the pages on both lists.
 */
unsigned long aoom_blocks_held(struct aoom_blocks *b)
{
	unsigned long blocks;

	spin_lock(&b->lock);
	blocks = b->nr_reserve + b->nr_held;
	spin_unlock(&b->lock);
	return blocks << b->order;
}
