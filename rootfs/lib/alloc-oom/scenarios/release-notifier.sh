# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# release=notifier frees the reserve inside the OOM notifier and reports it
# in *freed, so out_of_memory() returns without a kill: oom-hog, the
# preferred victim, survives.  Then the same with nothing killable at all:
# every process is exempt (-1000), where release=backup would end in
# "System is deadlocked on memory"; release=notifier keeps the guest alive,
# and a later allocation beyond what is free gets the blocks still held,
# one reserve's worth
# at each call of the notifier and the rest from a worker outside oom_lock.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=21

settle
mem0=$(memfree_kb)
check "oom-hog holds 48M" hog_start 48M
killable 0 insmod "$AOOM_KO" release=notifier backup=4096
expect "insmod returns 0" "$?" -eq 0
expect "stop=notifier" "$(summary stop)" = notifier
expect "notifier_hits>=1" "$(summary notifier_hits)" -ge 1
check "the notifier freed the 4096-page reserve" \
	sh -c "dmesg | grep -q 'alloc_oom: OOM notifier called (hit 1), freed 4096 pages'"
expect "released=4096" "$(summary released)" -eq 4096
expect "held is the rest" "$(summary held)" -eq $(($(summary pages) - 4096))
check "no process was killed" sh -c "! dmesg | grep -q 'Killed process'"
check "oom-hog is still alive" kill -0 "$HOG_PID"
check "rmmod" rmmod alloc_oom
hog_stop
settle
expect_memfree "free memory is back within 1% after rmmod" "$mem0"

# Nothing killable: this shell and its children are all at -1000.
dmesg -c >/dev/null
insmod "$AOOM_KO" release=notifier backup=4096
expect "no killable process: insmod returns 0" "$?" -eq 0
expect "no killable process: stop=notifier" "$(summary stop)" = notifier
check "no killable process: nothing was killed, no deadlock" \
	sh -c "! dmesg | grep -q 'Killed process\|deadlocked on memory'"
check "no killable process: the guest still runs commands" sh -c 'echo alive >/dev/null'

# The module still holds the rest; a later allocation of 16M more than
# is free, with nothing killable, calls the OOM killer again.  The
# notifier runs under oom_lock, so it frees one reserve's worth (4096
# pages) at a call and a worker frees the rest, outside the lock.
settle
want=$(($(memfree_kb) + 16384))
dmesg -c >/dev/null
check "nothing killable, a later allocation of ${want} kB (16M more than is free): oom-hog gets it" \
	hog_start "${want}K" -1000
most=$(dmesg | sed -n 's/.*alloc_oom: OOM notifier called (hit [0-9]*), freed \([0-9]*\) pages.*/\1/p' |
	awk 'BEGIN { m = -1 } $1 > m { m = $1 } END { print m }')
expect "nothing killable, later: the notifier freed one reserve's worth at a call ($most pages at most)" \
	"$most" -eq 4096
check "nothing killable, later: a worker freed the rest outside oom_lock" \
	sh -c "dmesg | grep -q 'alloc_oom: OOM notifier: freed [0-9]* more pages outside oom_lock'"
expect "nothing killable, later: nothing is held any more" "$(stat_field held_now)" -eq 0
check "nothing killable, later: nothing was killed, no deadlock" \
	sh -c "! dmesg | grep -q 'Killed process\|deadlocked on memory'"
hog_stop
check "no killable process: rmmod" rmmod alloc_oom
