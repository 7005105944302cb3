# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# release=none keeps every block, backup hands back the reserve (1024
# order-0 pages by default), all frees everything; rmmod frees what is
# left and MemFree comes back.  When the request is still short after the
# kill, the kill limit has the notifier hand back the reserve whatever
# release says, and every block at a call still short after that: with
# none, released is what the notifier logged it freed, and with backup
# every block once the notifier freed more than the reserve.
# Then an OOM after a round, while the module holds its blocks
# (release=none): an allocation of 16M more than is free meets the
# kernel's OOM killer, which kills as usual (a killable sleep, then the
# allocating oom-hog itself), and the module keeps every block, since the
# OOM killer had something to kill.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=32

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
	backup)
		want_released=1024
		# A call still short after the reserve (the victim's memory
		# not yet reaped, as on a slow guest) gets every block.
		[ "$by_notifier" -le 1024 ] || want_released=$pages
		;;
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

dmesg -c >/dev/null
settle
mem0=$(memfree_kb)
check "after a round: oom-hog holds 48M" hog_start 48M
killable 0 insmod "$AOOM_KO" release=none
expect "after a round: insmod release=none returns 0" "$?" -eq 0
hog_stop
held=$(stat_field held_now)
dmesg -c >/dev/null
sleeper 1000
# 16M more than is free (the round's victim gave its memory back): this
# allocation cannot be met without the OOM killer.
want=$(($(memfree_kb) + 16384))
hog_start "${want}K" 0 || note "after a round: oom-hog (${want} kB) did not get its memory: $(cat /tmp/hog.out)"
hog_stop
check "after a round: the kernel's OOM killer killed the killable sleep" \
	sh -c "dmesg | grep -q 'Killed process $SLEEP_PID (sleep)'"
expect "after a round: the module kept every block (held_now=$held)" "$(stat_field held_now)" -eq "$held"
check "after a round: the notifier handed nothing back" \
	sh -c "! dmesg | grep -q 'alloc_oom: OOM notifier.* freed [1-9]'"
check "after a round: no deadlock, the shell answers" \
	sh -c "! dmesg | grep -q 'deadlocked on memory' && echo alive >/dev/null"
kill -9 "$SLEEP_PID" 2>/dev/null
wait "$SLEEP_PID" 2>/dev/null
check "after a round: rmmod" rmmod alloc_oom
settle
expect_memfree "after a round: free memory is back within 1% after rmmod" "$mem0"
