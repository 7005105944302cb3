# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Pressure mode: target=low|high|min takes order-0 pages with
# __GFP_NORETRY until the free pages of the lowmem zone sit just below
# that watermark, holds them without an OOM, and rmmod gives them back.
# Below low the allocator wakes kswapd, so its run count (pageoutrun in
# /proc/vmstat) moves; between low and high nothing wakes it.  Once
# kswapd has failed 16 times the node counts as hopeless and it is left
# asleep, so only the first round, low, asserts it.  The guest
# has no reclaimable pages (no swap, the rootfs is ramfs), so kswapd scans
# little or nothing: pgscan_kswapd and pgsteal_kswapd are shown, not
# asserted.
#
# Nothing in the guest is killable, and a shell that forks while the zone
# sits at a watermark can push it into the OOM path; release=notifier
# with a 32 MiB reserve (the watermarks may be boosted by 8 MiB) is the safety valve: such an OOM frees the reserve
# instead of ending in "System is deadlocked on memory".
# shellcheck disable=SC2034 # read by aoom-test
PLAN=25

vmstat() { sed -n "s/^$1 //p" /proc/vmstat; }

for t in low min high; do
	dmesg -c >/dev/null
	settle
	mem0=$(memfree_kb)
	runs0=$(vmstat pageoutrun)
	scan0=$(vmstat pgscan_kswapd)
	steal0=$(vmstat pgsteal_kswapd)
	insmod "$AOOM_KO" target=$t release=notifier backup=8192
	expect "$t: insmod returns 0" "$?" -eq 0
	expect "$t: stop=target" "$(summary stop)" = target
	# "Z free=F cma=C boost=B min=.. low=.. high=.." of "target: zone ..."; F leaves CMA out
	line=$(dmesg | sed -n 's/.*alloc_oom: target: zone //p' | tail -n 1)
	note "$t: $line"
	free=$(echo "$line" | sed -n 's/.* free=\([0-9]*\) .*/\1/p')
	mark=$(echo "$line" | sed -n "s/.* $t=\([0-9]*\).*/\1/p")
	expect "$t: free pages below the $t watermark ($mark)" "$free" -lt "$mark"
	# The watermarks include the boost, which may grow during the round,
	# and one order-0 allocation may move a whole per-CPU refill (up to
	# the pageset's high: mark, large since 6.x tunes it) off the free
	# lists.
	boost=$(echo "$line" | sed -n 's/.* boost=\([0-9]*\) .*/\1/p')
	zone=${line%% *}
	pcp=$(awk -v z="$zone" '$1 == "Node" { cur = $4 } cur == z && $1 == "high:" { print $2; exit }' /proc/zoneinfo)
	slack=$((256 + boost + pcp))
	expect "$t: and within $slack pages of it (256 + boost $boost + per-CPU high $pcp)" \
		"$((mark - free))" -le "$slack"
	check "$t: no OOM kill" sh -c "! dmesg | grep -q 'invoked oom-killer'"
	note "$t: OOM notifier hits while holding: $(stat_field notifier_hits_total)"
	sleep 1
	runs=$(($(vmstat pageoutrun) - runs0))
	note "$t: kswapd runs +$runs, pgscan_kswapd +$(($(vmstat pgscan_kswapd) - scan0)), pgsteal_kswapd +$(($(vmstat pgsteal_kswapd) - steal0))"
	# Only the first round: after 16 fruitless runs (MAX_RECLAIM_RETRIES)
	# the node counts as hopeless and kswapd is no longer woken.
	[ $t != low ] || expect "low: kswapd was woken (pageoutrun +$runs)" "$runs" -ge 1
	held=$(stat_field held_now)
	check "$t: rmmod" rmmod alloc_oom
	freed=$(dmesg | sed -n 's/.*alloc_oom: unloaded: freed \([0-9]*\) pages.*/\1/p')
	expect "$t: rmmod freed the $held held pages" "$freed" -eq "$held"
	settle
	expect_memfree "$t: free memory is back within 1% after rmmod" "$mem0"
done
