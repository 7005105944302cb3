# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# gfp=dma32 and gfp=dma limit the loop to a zone below Normal.  The OOM
# killer never runs for those ("does not needlessly kill tasks for
# lowmem"): the allocation fails and the loop reports stop=alloc_failed.
# A zone the machine lacks (ZONE_DMA32 on ARM) is refused with -EINVAL.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=14

# release=all: on x86_64 ZONE_DMA32 and on ARM ZONE_DMA hold all of
# lowmem, and the guest needs it back as soon as the loop gives up.
warned=
for zone in dma dma32; do
	# The allocator prints at most one failure report every 10 s.
	[ -z "$warned" ] || sleep 10
	dmesg -c >/dev/null
	settle
	mem0=$(memfree_kb)
	killable 0 insmod "$AOOM_KO" gfp=$zone release=all >/tmp/insmod.out 2>&1
	rc=$?
	if [ "$rc" != 0 ] && dmesg_has "gfp=$zone needs a zone this machine does not have"; then
		note "$zone: $(uname -m) has no such zone"
		check "$zone: insmod is refused with EINVAL" grep -q 'Invalid argument' /tmp/insmod.out
		check "$zone: nothing was taken or loaded" \
			sh -c "! dmesg | grep -q 'alloc_oom: \(before\|loaded\|done\)'"
		for what in "stop=alloc_failed" "released all" "page allocation failure" "no OOM kill" "rmmod"; do
			skip "$zone: $what" "no ZONE_$zone on $(uname -m)"
		done
		continue
	fi
	expect "$zone: insmod returns 0" "$rc" -eq 0
	warned=1
	expect "$zone: stop=alloc_failed" "$(summary stop)" = alloc_failed
	expect "$zone: released all $(summary pages) pages" "$(summary released)" -eq "$(summary pages)"
	note "$zone: $(dmesg | grep -m 1 'page allocation failure')"
	check "$zone: the allocator reported an order-0 failure" \
		sh -c "dmesg | grep -q 'page allocation failure: order:0'"
	check "$zone: the OOM killer was not invoked" sh -c "! dmesg | grep -q 'invoked oom-killer'"
	check "$zone: rmmod" rmmod alloc_oom
	settle
	expect_memfree "$zone: free memory is back within 1% after rmmod" "$mem0"
done
