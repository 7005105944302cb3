# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: mem=1G
# gfp=atomic makes a highatomic reserve; pressure mode leaves it out.
#
# gfp=atomic order=2 takes GFP_ATOMIC blocks until the allocator refuses
# one: no reclaim and no OOM killer, but the kernel's "page allocation
# failure" report.  Each high-order atomic request the allocator serves
# from its slow path sets the pageblock it came from aside as highatomic
# (reserve_highatomic_pageblock(), up to about 1% of the zone), and those
# blocks stay set aside once the round has freed its pages.  6.12 and 7.3
# set none aside in a zone whose 1% is less than a pageblock: a 256 MiB
# guest's zones are that small, so this runs at 1 GiB, and armhf's
# lowmem always is (a SKIP there).
#
# A pressure round must then leave out what the allocator's watermark
# check (__zone_watermark_unusable_free()) leaves out for an ordinary
# request, which /proc/pagetypeinfo shows from outside the module:
#  - 5.10 and 6.1: the highatomic blocks' size (nr_reserved_highatomic);
#  - 6.12 on: the free pages in those blocks (nr_free_highatomic).  Pages
#    of those blocks that a per-CPU list gives back during the round add
#    to it, so the figure lies between what pagetypeinfo shows free
#    before the round and the blocks' size.
# target=min too, although its __GFP_HIGH requests may count the reserve
# in from 6.1 on: the free lists never give them its pages.  A module
# that left the reserve out of its test stops at the wrong point, or
# never: on 5.10 the allocator refuses it first, at low and at min, and
# on 6.12 a min round whose zone holds more free highatomic pages than
# min was refused to the end (stop=alloc_failed) when nothing was left to
# reclaim, because only reclaim's progress makes the allocator hand a
# reserved block back.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=15

pt=/proc/pagetypeinfo
block=$(sed -n 's/^Pages per block: *//p' $pt)

# ha_free ZONE: free pages on node 0's highatomic free lists of ZONE.
ha_free() {
	awk -v z="$1," '
		$1 == "Node" && $2 == "0," && $4 == z && $6 == "HighAtomic" {
			p = 1
			for (i = 7; i <= NF; i++) {
				n += $i * p
				p *= 2
			}
		}
		END { print n + 0 }' $pt
}

# The zones of node 0, as pagetypeinfo names them.
zones=$(awk '$1 == "Node" && $2 == "0," && $6 == "HighAtomic" { sub(",", "", $4); print $4 }' $pt)

case $(uname -r) in
5.* | 6.[0-9].* | 6.1[01].*) rule=size ;;
*) rule=free ;;
esac
note "highatomic rule of $(uname -r): $rule; $block pages per pageblock"

nopage_wait
settle
mem0=$(memfree_kb)
dmesg -c >/dev/null
insmod "$AOOM_KO" gfp=atomic order=2 release=all
expect "gfp=atomic: insmod returns 0" "$?" -eq 0
expect "gfp=atomic: stop=alloc_failed" "$(summary stop)" = alloc_failed
check "gfp=atomic: the kernel reports a page allocation failure of order 2" \
	sh -c "dmesg | grep 'page allocation failure: order:2,' | grep -q GFP_ATOMIC"
check "gfp=atomic: no OOM kill" sh -c "! dmesg | grep -q 'invoked oom-killer'"
note "the failure report's highatomic reserve: $(dmesg | sed -n 's/.* Node 0 \([A-Za-z0-9]*\) free:.* reserved_highatomic:\([0-9]*\).*/\1 \2 kB;/p' | tr '\n' ' ')"
check "gfp=atomic: rmmod" rmmod alloc_oom
total=0 big=''
for z in $zones; do
	n=$(highatomic_blocks 0 "$z")
	managed=$(awk -v z="$z" '$1 == "Node" { cur = $4 } cur == z && $1 == "managed" { print $2; exit }' /proc/zoneinfo)
	note "zone $z: $n highatomic pageblock(s); $managed pages managed"
	total=$((total + n))
	[ "$z" = HighMem ] || [ $((managed / 100)) -lt "$block" ] || big="$big $z"
done
rounds="low min"
if [ "$total" -ge 1 ]; then
	ok "the atomic round left highatomic pageblocks ($total)"
elif [ -z "$big" ]; then
	# The newer kernels' reserve_highatomic_pageblock() (6.12 and 7.3
	# here) sets nothing aside in a zone whose 1% is less than a
	# pageblock: armhf's lowmem, at most about 760 MiB, is below the
	# 800 MiB its 8 MiB pageblocks ask for.
	why="no zone atomic requests may use has 1% of its pages in one pageblock ($block pages), so this kernel set none aside"
	skip "the atomic round left highatomic pageblocks" "$why"
	for t in $rounds; do
		for what in "insmod returns 0" "stop=target" \
			"each zone's highatomic figure is what the allocator leaves out" rmmod; do
			skip "$t: $what" "$why"
		done
	done
	rounds=
else
	not_ok "the atomic round left highatomic pageblocks" "none, though$big could hold one"
fi

# Without the watermark boost the marks stay where they are (boosting
# raises them when a pageblock is stolen, by chance), so a min round
# whose zone's free highatomic pages exceed min meets that case every
# time where it can: on 6.12-rt at 1 GiB, DMA32's min is 974 pages and
# the reserve's free pages about 2400.
boost_factor=$(cat /proc/sys/vm/watermark_boost_factor)
echo 0 >/proc/sys/vm/watermark_boost_factor
for t in $rounds; do
	settle
	dmesg -c >/dev/null
	for z in $zones; do
		echo "$z $(highatomic_blocks 0 "$z") $(ha_free "$z")"
	done >/tmp/ha-before
	insmod "$AOOM_KO" target="$t" release=notifier backup=8192
	expect "$t: insmod returns 0" "$?" -eq 0
	expect "$t: stop=target" "$(summary stop)" = target
	dmesg | sed -n 's/.*alloc_oom: target: node 0 zone //p' >/tmp/target
	bad='' n=0
	while read -r zone fields; do
		n=$((n + 1))
		h=$(echo "$fields" | kv highatomic)
		blocks=$(awk -v z="$zone" '$1 == z { print $2 }' /tmp/ha-before)
		free0=$(awk -v z="$zone" '$1 == z { print $3 }' /tmp/ha-before)
		case $rule in
		size) lo=$((blocks * block)) hi=$lo ;;
		*) lo=$free0 hi=$((blocks * block)) ;;
		esac
		note "$t: zone $zone highatomic=$h; pagetypeinfo before the round: $blocks block(s), $free0 pages of them free; the allocator leaves out $lo..$hi"
		if [ -z "$h" ] || [ "$h" -lt "$lo" ] || [ "$h" -gt "$hi" ]; then
			bad="$bad $zone: highatomic=$h, want $lo..$hi;"
		fi
	done </tmp/target
	[ "$n" -ge 1 ] || bad=" no 'target: node 0 zone' line in dmesg"
	expect "$t: each zone's highatomic figure is what the allocator leaves out" \
		":$bad" = ":"
	check "$t: rmmod" rmmod alloc_oom
done
echo "$boost_factor" >/proc/sys/vm/watermark_boost_factor
settle
expect_memfree "free memory is back within 1% after the rounds" "$mem0"
