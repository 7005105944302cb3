# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# gfp=dma limits the loop to ZONE_DMA: the allocation fails with the
# allocator's report, no OOM kill, stop=alloc_failed (gfp_zone_round).
# Every machine of scripts/machines has one: on ARM it holds all of
# lowmem.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=7

gfp_zone_round dma
