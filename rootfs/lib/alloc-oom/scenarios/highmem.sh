# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: arch=arm mem=1G
# The lab8 puzzle (runninglinuxkernel): on vexpress-a9 with 1 GiB, an order-0 GFP_KERNEL
# loop meets the OOM killer while HighMem still has most of its pages
# free, because GFP_KERNEL cannot use HighMem.  gfp=highuser may, and
# then HighMem is eaten too (the scan after the loop already has the
# victim's pages back).  Both scans are shown.
#
# oom-hog's pages are HighMem, so killing it would not help GFP_KERNEL:
# the kernel would go on to kill insmod.  The GFP_KERNEL round therefore
# uses release=notifier, which frees lowmem inside the notifier and kills
# nothing; the GFP_HIGHUSER round kills oom-hog, whose HighMem it can use.
# That round stops at the first call of the OOM killer (kills=0), so that
# its "after" scan shows HighMem as the OOM found it, not refilled by
# oom-hog's freed pages while the loop waits for the kill to count.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=14

for mode in kernel highuser; do
	dmesg -c >/dev/null
	settle
	case $mode in
	kernel) params="gfp=kernel release=notifier backup=8192" stop=notifier ;;
	highuser) params="gfp=highuser release=all kills=0" stop=notifier ;;
	esac
	[ $mode = kernel ] || check "$mode: oom-hog holds 48M" hog_start 48M
	# shellcheck disable=SC2086 # a list of parameters
	killable 0 insmod "$AOOM_KO" $params
	expect "$mode: insmod $params returns 0" "$?" -eq 0
	check "$mode: rmmod" rmmod alloc_oom
	expect "$mode: stop=$stop" "$(summary stop)" = "$stop"
	note "$mode: the module's scans before and after the loop:"
	dmesg | sed -n 's/.*alloc_oom: \(\(before\|after\): node .*\)/#   \1/p'
	before=$(zone_free before HighMem)
	after=$(zone_free after HighMem)
	note "$mode: HighMem free pages before=$before after=$after"
	expect "$mode: HighMem had more than 40000 free pages before" "$before" -gt 40000
	case $mode in
	kernel)
		check "kernel: nothing was killed" sh -c "! dmesg | grep -q 'Killed process'"
		expect "kernel: HighMem still has more than 10000 free pages at the OOM" "$after" -gt 10000
		kernel_after=$after
		;;
	highuser)
		check "highuser: oom-hog was the victim" sh -c "dmesg | grep -q 'Killed process $HOG_PID (oom-hog)'"
		# The after scan already has some or all of oom-hog's ~12000
		# pages back, depending on how far the reaper got.
		expect "highuser: HighMem free dropped by more than 30000 pages" "$((before - after))" -gt 30000
		expect "highuser: under half the HighMem GFP_KERNEL left ($kernel_after)" "$((after * 2))" -lt "$kernel_after"
		hog_stop
		wait "$HOG_PID" 2>/dev/null
		;;
	esac
done
