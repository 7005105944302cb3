/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place that knows how kernel versions differ for this module.
 */
#ifndef ALLOC_OOM_COMPAT_H
#define ALLOC_OOM_COMPAT_H

#include <linux/kernel.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
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
 * The mark_victim tracepoint's arguments: (int pid) until "mm: update
 * mark_victim tracepoints fields" (6.8, backported to 6.1 and 5.10
 * stable: Debian's 5.10.223 for armhf has the old ones, 5.10.262 for
 * amd64 the new), (struct task_struct *task, uid_t uid) since.  The two
 * are told apart by the type of the tracepoint's register function, as
 * no version number marks a backport.
 */
#define AOOM_MARK_VICTIM_PID                                             \
	__builtin_types_compatible_p(typeof(register_trace_mark_victim), \
				     int(void (*)(void *, int), void *))

#endif /* ALLOC_OOM_COMPAT_H */
