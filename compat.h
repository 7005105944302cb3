/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place that knows how kernel versions differ for this module.
 */
#ifndef ALLOC_OOM_COMPAT_H
#define ALLOC_OOM_COMPAT_H

#include <linux/kernel.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/version.h>
#include <trace/events/oom.h>

/*
 * AOOM_NR_ORDERS is the number of buddy orders, so valid orders are
 * 0 .. AOOM_NR_ORDERS - 1.  The name of that number moved: MAX_ORDER
 * counted the orders up to 6.3, 6.4 made MAX_ORDER the highest order
 * itself, and 6.8 renamed that MAX_PAGE_ORDER and added NR_PAGE_ORDERS.
 * The length of zone->free_area[] has been the count all along, so it is
 * taken from there and no version test is needed.
 */
#define AOOM_NR_ORDERS \
	((unsigned int)ARRAY_SIZE(((struct zone *)NULL)->free_area))

/*
 * ZONE_DMA and ZONE_DMA32 exist in enum zone_type only when configured
 * (x86_64 has both, armmp only ZONE_DMA); -1 stands for an absent zone.
 */
#if IS_ENABLED(CONFIG_ZONE_DMA)
#define AOOM_ZONE_DMA ZONE_DMA
#else
#define AOOM_ZONE_DMA (-1)
#endif
#if IS_ENABLED(CONFIG_ZONE_DMA32)
#define AOOM_ZONE_DMA32 ZONE_DMA32
#else
#define AOOM_ZONE_DMA32 (-1)
#endif

/*
 * wmark_pages(zone, WMARK_*) includes the boost: a macro in 5.10 and 6.1,
 * an inline function since 6.10, the same call in all.  A pressure round
 * needs each mark with one reading of the boost, so that the figures it
 * logs are the ones it decided on: zone->_watermark[] (its name since 5.0)
 * plus that reading.
 */
#define aoom_wmark(zone, w, boost) ((zone)->_watermark[w] + (boost))

/*
 * The free pages of @zone that the allocator's watermark check leaves out
 * as the highatomic reserve (__zone_watermark_unusable_free()), for the
 * requests of a pressure round: with __GFP_HIGH (@high, target=min) or
 * without, and never atomic, realtime or an OOM victim's.
 *  - 5.10: zone->nr_reserved_highatomic, unless ALLOC_HARDER or ALLOC_OOM,
 *    which such a request never has (__GFP_HIGH is ALLOC_HIGH, which only
 *    lowers the mark).
 *  - 6.1: nr_reserved_highatomic, unless ALLOC_RESERVES, which __GFP_HIGH
 *    (ALLOC_MIN_RESERVE) is part of (6.3, "mm/page_alloc: explicitly
 *    define what alloc flags deplete min reserves"; Debian's 6.1.192 has
 *    it backported, and a 6.1 without it is taken for one with it).
 *  - 6.12 and 7.3: the same test of nr_free_highatomic, the free pages in
 *    highatomic pageblocks rather than their size (6.12, "mm/page_alloc:
 *    keep track of free highatomic").
 *
 * Both changes are inside mm/, with nothing in the headers to test, so
 * here the version decides: LINUX_VERSION_MAJOR and _PATCHLEVEL came with
 * 5.16, and a kernel without them is a 5.x one.  6.0 to 6.2, and a 6.1
 * without the backport, are taken for 6.1.192.
 */
#if !defined(LINUX_VERSION_MAJOR) || LINUX_VERSION_MAJOR < 6
#define aoom_highatomic(zone, high) READ_ONCE((zone)->nr_reserved_highatomic)
#elif LINUX_VERSION_MAJOR == 6 && LINUX_VERSION_PATCHLEVEL < 12
#define aoom_highatomic(zone, high) \
	((high) ? 0 : READ_ONCE((zone)->nr_reserved_highatomic))
#else
#define aoom_highatomic(zone, high) \
	((high) ? 0 : READ_ONCE((zone)->nr_free_highatomic))
#endif

/*
 * Has the OOM reaper (or the exit path) finished with @mm, so that the OOM
 * killer no longer waits for it?  mm->flags became a bitmap of
 * NUM_MM_FLAG_BITS, read through mm_flags_test(), in 6.18.
 */
#ifdef NUM_MM_FLAG_BITS
#define aoom_mm_oom_skip(mm) mm_flags_test(MMF_OOM_SKIP, mm)
#else
#define aoom_mm_oom_skip(mm) test_bit(MMF_OOM_SKIP, &(mm)->flags)
#endif

/*
 * The arguments of the mark_victim tracepoint, which the OOM killer fires
 * for each task it marks as a victim: (int pid) at first, (struct
 * task_struct *task, uid_t uid) since 6.8, a change the stable series took
 * too (Debian's 5.10.223 has the first, its 5.10.262 and 6.1.192 the
 * second).  A version number cannot tell them apart, so the headers do:
 * the type of the register_trace_mark_victim() they declare.  It is only
 * compared, never called: the tracepoint itself is not exported, and the
 * module finds it by name (for_each_kernel_tracepoint()).
 */
#define AOOM_MARK_VICTIM_HAS_TASK                                          \
	__same_type(&register_trace_mark_victim,                           \
		    int (*)(void (*)(void *, struct task_struct *, uid_t), \
			    void *))

#endif /* ALLOC_OOM_COMPAT_H */
