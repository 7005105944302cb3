/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place that knows how kernel versions differ for this module.
 */
#ifndef ALLOC_OOM_COMPAT_H
#define ALLOC_OOM_COMPAT_H

#include <linux/mmzone.h>
#include <linux/version.h>

/*
 * AOOM_NR_ORDERS is the length of zone->free_area[], so valid orders are
 * 0 .. AOOM_NR_ORDERS - 1.  MAX_ORDER counted the orders up to 6.3, 6.4
 * made it the highest order itself, and 6.8 renamed that MAX_PAGE_ORDER
 * and added NR_PAGE_ORDERS.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define AOOM_NR_ORDERS NR_PAGE_ORDERS
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define AOOM_NR_ORDERS (MAX_ORDER + 1)
#else
#define AOOM_NR_ORDERS MAX_ORDER
#endif

#endif /* ALLOC_OOM_COMPAT_H */
