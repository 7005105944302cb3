# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Above PAGE_ALLOC_COSTLY_ORDER (3) the allocator fails instead of calling
# the OOM killer: the loop must report stop=alloc_failed, not hang.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=6

nopage_wait
settle
mem0=$(memfree_kb)
killable 0 insmod "$AOOM_KO" order=4
expect "insmod order=4 returns 0" "$?" -eq 0
expect "stop=alloc_failed" "$(summary stop)" = alloc_failed
check "the allocator reported the order-4 failure" sh -c "dmesg | grep -q 'page allocation failure: order:4'"
check "the OOM killer was not invoked" sh -c "! dmesg | grep -q 'invoked oom-killer'"
check "rmmod" rmmod alloc_oom
settle
expect_memfree "free memory is back within 1% after rmmod" "$mem0"
