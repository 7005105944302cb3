# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Pressure mode: target=low|high|min takes order-0 pages with
# __GFP_NORETRY until the free pages of every zone the request may use sit
# just below that watermark, holds them without an OOM, and rmmod gives
# them back.
#
# kswapd needs something to reclaim to show its work: the rootfs is
# ramfs and pinned, so the scenario turns on swap on a zram disk and
# starts oom-hog with 32 MiB of anonymous memory before each round.
# Below low the allocator wakes kswapd: it runs (pageoutrun), scans the
# hog's pages (pgscan_kswapd) and swaps them out (pgsteal_kswapd) until
# a zone is back above high.  Below min it does the same.  Between low
# and high the allocator does not wake it, but a watermark boost (raised
# when an allocation steals a pageblock of another migrate type) may, so
# the high round shows the counters and asserts nothing about them.
#
# The module stops only when every zone the request may use is below the
# mark plus its lowmem_reserve: on x86_64 a nearly untouched DMA zone
# would otherwise leave the node "balanced" and kswapd idle.  It then asks
# for one block more, which the allocator serves from its slow path: that
# is what wakes kswapd.  The "target:" lines are the figures the
# stop was decided on; kswapd may have changed them since.
#
# vm.watermark_scale_factor=1000 spaces min, low and high 10% of RAM
# apart instead of 0.1%, so a woken kswapd has real work: at the default,
# the few hundred pages that exiting processes hand back can balance the
# node before kswapd scans anything (6.12's multi-gen LRU first ages the
# lists, and its first pass may scan none).
#
# A shell that forks while the zones sit at a watermark can push it into
# the OOM path.  release=notifier with a 32 MiB reserve (the watermarks
# may be boosted by 8 MiB) then hands back the reserve instead of a kill;
# the notifier hits are shown.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=35

vmstat() { sed -n "s/^$1 //p" /proc/vmstat; }

# What bounds one per-CPU refill: the pageset's batch until 6.7 scaled
# the refill, its high mark since.
case $(uname -r) in
5.* | 6.[0-6].*) refill="batch" ;;
*) refill="high" ;;
esac

scale0=$(cat /proc/sys/vm/watermark_scale_factor)
echo 1000 >/proc/sys/vm/watermark_scale_factor

# A kernel of your own may lack zram: the rest runs without swap then.
why=$(zram_swap 64M 2>&1)
case $? in
0) ok "swap on a 64 MiB zram disk" ;;
2) skip "swap on a 64 MiB zram disk" "$why" ;;
*) not_ok "swap on a 64 MiB zram disk" "$why" ;;
esac
swap=
grep -q '^/dev/zram0 ' /proc/swaps && swap=1

for t in low min high; do
	dmesg -c >/dev/null
	settle
	mem0=$(memfree_kb)
	check "$t: oom-hog holds 32 MiB of anonymous memory" hog_start 32M
	runs0=$(vmstat pageoutrun)
	scan0=$(vmstat pgscan_kswapd)
	steal0=$(vmstat pgsteal_kswapd)
	insmod "$AOOM_KO" target=$t release=notifier backup=8192
	expect "$t: insmod returns 0" "$?" -eq 0
	expect "$t: stop=target" "$(summary stop)" = target
	# One "target: node N zone Z free=F cma=C highatomic=H boost=B
	# reserve=R min=.. low=.. high=.." line per zone the request may use;
	# F leaves CMA out, H is what the allocator's check leaves out as the
	# highatomic reserve for this request, and R is the zone's
	# lowmem_reserve against it.  Below the mark is the allocator's own
	# test: F - H <= mark + R.
	dmesg | sed -n 's/.*alloc_oom: target: node [0-9]* zone //p' >/tmp/target
	above='' far='' near='' n=0
	while read -r zone fields; do
		n=$((n + 1))
		note "$t: zone $zone $fields"
		free=$(($(echo "$fields" | kv free) - $(echo "$fields" | kv highatomic)))
		reserve=$(echo "$fields" | kv reserve)
		boost=$(echo "$fields" | kv boost)
		mark=$(($(echo "$fields" | kv $t) + reserve))
		[ "$free" -le "$mark" ] || above="$above $zone: $free > $mark;"
		# How far below the round may land: the look before the last
		# one found the zone above, and what moved it below is one
		# request.  An order-0 request may move a whole per-CPU refill
		# off the free lists ($refill, above); a request that steals a
		# pageblock of another migrate type raises the watermark boost,
		# which the mark includes; below min, __GFP_HIGH lets the
		# allocator go on down to half of it; and the rest of the guest
		# may take a few pages meanwhile (32 allowed; a DMA zone whose
		# batch is 1 was seen 2 pages below).
		pcp=$(awk -v z="$zone" -v f="$refill:" '$1 == "Node" { cur = $4 } cur == z && $1 == f { print $2; exit }' /proc/zoneinfo)
		slack=$((boost + pcp + 32)) why="boost $boost + per-CPU $refill $pcp + 32"
		if [ $t = min ]; then
			slack=$((slack + (mark - reserve) / 2)) why="$why + min/2"
		fi
		note "$t: zone $zone is $((mark - free)) pages below its mark; the bound is $slack ($why)"
		if [ $((mark - free)) -le "$slack" ]; then
			near=$zone
		else
			far="$far $zone: $((mark - free)) > $slack ($why);"
		fi
	done </tmp/target
	[ "$n" -ge 1 ] || above=" no 'target: node N zone' line in dmesg"
	expect "$t: every zone the request may use is below its $t watermark + lowmem_reserve" \
		":$above" = ":"
	# The allocator drains the zones in its own order (DMA32 down to
	# low before it touches DMA, say), so only the zone that crossed last
	# is sure to sit just below: the round stopped as it crossed.
	if [ -n "$near" ]; then
		ok "$t: the round stopped as the last zone crossed ($near is just below)"
	else
		not_ok "$t: the round stopped as the last zone crossed" "no zone just below:$far"
	fi
	check "$t: no OOM kill" sh -c "! dmesg | grep -q 'invoked oom-killer'"
	note "$t: OOM notifier hits while holding: $(stat_field notifier_hits_total)"
	# kswapd runs on its own; give it up to 5 s to show its work.  Below
	# high but above low it is not woken, so there is nothing to wait for.
	i=0
	while [ $t != high ] && [ $i -lt 50 ] && [ "$(vmstat pgsteal_kswapd)" = "$steal0" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.5
	runs=$(($(vmstat pageoutrun) - runs0))
	scan=$(($(vmstat pgscan_kswapd) - scan0))
	steal=$(($(vmstat pgsteal_kswapd) - steal0))
	note "$t: kswapd runs +$runs, pgscan_kswapd +$scan, pgsteal_kswapd +$steal, swap used $(awk '/^SwapTotal:/ { t = $2 } /^SwapFree:/ { f = $2 } END { print t - f }' /proc/meminfo) kB"
	if [ $t != high ]; then
		if [ -n "$swap" ] || [ $t = low ]; then
			expect "$t: kswapd was woken (pageoutrun +$runs)" "$runs" -ge 1
		else
			# After 16 runs that freed nothing (MAX_RECLAIM_RETRIES)
			# the node is hopeless and kswapd is left asleep.
			skip "$t: kswapd was woken" "with no swap the first round left kswapd hopeless"
		fi
		if [ -n "$swap" ]; then
			expect "$t: kswapd scanned pages (pgscan_kswapd +$scan)" "$scan" -ge 1
			expect "$t: kswapd reclaimed pages (pgsteal_kswapd +$steal)" "$steal" -ge 1
		else
			skip "$t: kswapd scanned pages" "no swap to reclaim to"
			skip "$t: kswapd reclaimed pages" "no swap to reclaim to"
		fi
	fi
	held=$(stat_field held_now)
	check "$t: rmmod" rmmod alloc_oom
	freed=$(dmesg | sed -n 's/.*alloc_oom: unloaded: freed \([0-9]*\) pages.*/\1/p')
	expect "$t: rmmod freed the $held held pages" "$freed" -eq "$held"
	hog_stop
	settle
	expect_memfree "$t: free memory is back within 1% after rmmod and the hog's exit" "$mem0"
done

if [ -n "$swap" ]; then
	check "swap off and the zram disk reset" zram_off
else
	skip "swap off and the zram disk reset" "no swap to turn off"
fi
echo "$scale0" >/proc/sys/vm/watermark_scale_factor
