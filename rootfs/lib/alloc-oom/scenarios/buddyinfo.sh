# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: smoke=yes
# trigger=0 loads without allocating; the module's scan of the free lists
# must equal /proc/buddyinfo, and its "free pages at or above the order"
# must be the sum of its own per-order counts.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=5

check "insmod trigger=0 order=3 loads" insmod "$AOOM_KO" trigger=0 order=3
check "debugfs buddyinfo equals /proc/buddyinfo" buddyinfo_same

# "loaded: node 0 zone Normal free=F order>=3=P blocks by order: n0 n1 ..."
sums=$(dmesg | sed -n 's/.*alloc_oom: loaded: node .* free=\([0-9]*\) order>=3=\([0-9]*\) blocks by order:\(.*\)/\1 \2\3/p' |
	awk '{ all = 0; high = 0; size = 1
	       for (i = 3; i <= NF; i++) { p = $i * size; size *= 2; all += p; if (i - 3 >= 3) high += p }
	       if (all != $1 || high != $2) bad++; n++ }
	     END { print n + 0, bad + 0 }')
expect "the scan logs one line per zone" "${sums% *}" -ge 1
expect "free and order>=3 pages add up from the block counts" "${sums#* }" -eq 0
check "rmmod" rmmod alloc_oom
