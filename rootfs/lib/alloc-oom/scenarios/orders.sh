# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Every order loads with the default parameters, from 0 to the kernel's
# highest (the columns of /proc/buddyinfo: 0-10 on most rows, 0-11 on
# armmp before 6.4), at 256 MiB: the default reserve is a size, 4 MiB,
# not a count of blocks.  Orders 0-3 end in one OOM kill, of oom-hog
# (48M); above 3 the allocation fails and nothing is killed.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=6

orders_scenario 48M
