# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# release=none keeps every block, backup hands back the reserve (1024
# order-0 pages by default), all frees everything; rmmod frees what is
# left and MemFree comes back.  When the request is still short after the
# kill, the kill limit has the notifier hand back the reserve whatever
# release says: with none, released is what the notifier logged it freed.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=24

for mode in none backup all; do
	dmesg -c >/dev/null
	settle
	mem0=$(memfree_kb)
	check "$mode: oom-hog holds 48M" hog_start 48M
	killable 0 insmod "$AOOM_KO" release=$mode
	expect "$mode: insmod returns 0" "$?" -eq 0
	pages=$(summary pages)
	released=$(summary released)
	held=$(summary held)
	# The notifier frees the reserve itself, then one reserve's worth at
	# a call and the rest from a worker, outside oom_lock.
	by_notifier=$(dmesg | sed -n -e 's/.*alloc_oom: OOM notifier called (hit [0-9]*), freed \([0-9]*\) pages.*/\1/p' \
		-e 's/.*alloc_oom: OOM notifier: freed \([0-9]*\) more pages outside oom_lock.*/\1/p' |
		awk '{ n += $1 } END { print n + 0 }')
	note "$mode: pages=$pages released=$released held=$held (the notifier freed $by_notifier)"
	case $mode in
	none) want_released=$by_notifier ;;
	backup) want_released=1024 ;;
	all) want_released=$pages ;;
	esac
	expect "$mode: released=$want_released" "$released" -eq "$want_released"
	expect "$mode: held is the rest" "$held" -eq $((pages - want_released))
	expect "$mode: debugfs stats held_now=$held" "$(stat_field held_now)" -eq "$held"
	check "$mode: rmmod" rmmod alloc_oom
	freed=$(dmesg | sed -n 's/.*alloc_oom: unloaded: freed \([0-9]*\) pages.*/\1/p')
	expect "$mode: rmmod freed the $held held pages" "$freed" -eq "$held"
	hog_stop
	settle
	expect_memfree "$mode: free memory is back within 1% after rmmod" "$mem0"
done
