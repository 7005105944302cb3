# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# gfp=dma32 limits the loop to ZONE_DMA32: the allocation fails with the
# allocator's report, no OOM kill, stop=alloc_failed (gfp_zone_round).
# ARM has no ZONE_DMA32, and on arm64 virt ZONE_DMA holds all of a 256
# MiB guest: there gfp=dma32 is refused with EINVAL.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=7

gfp_zone_round dma32
