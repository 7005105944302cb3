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
 * as the highatomic reserve (__zone_watermark_unusable_free()) for an
 * ordinary request: not atomic, realtime, __GFP_HIGH or an OOM victim's.
 *  - 5.10 and 6.1: zone->nr_reserved_highatomic, the size of the
 *    highatomic pageblocks;
 *  - 6.12 and 7.3: zone->nr_free_highatomic, the free pages in them
 *    (6.12, "mm/page_alloc: keep track of free highatomic").
 *
 * The change is inside mm/, with nothing in the headers to test, so here
 * the version decides.  LINUX_VERSION_MAJOR came with 5.16, and a kernel
 * without it is a 5.x one.
 */
#if defined(LINUX_VERSION_MAJOR) && \
	(LINUX_VERSION_MAJOR > 6 || \
	 (LINUX_VERSION_MAJOR == 6 && LINUX_VERSION_PATCHLEVEL >= 12))
#define aoom_highatomic(zone) READ_ONCE((zone)->nr_free_highatomic)
#else
#define aoom_highatomic(zone) READ_ONCE((zone)->nr_reserved_highatomic)
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
