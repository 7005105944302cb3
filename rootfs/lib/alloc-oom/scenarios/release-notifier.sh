# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# release=notifier frees the reserve inside the OOM notifier and reports it
# in *freed, so out_of_memory() returns without a kill: oom-hog, the
# preferred victim, survives.  Then the same with nothing killable at all:
# every process is exempt (-1000), where release=backup would end in
# "System is deadlocked on memory"; release=notifier keeps the guest alive.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=16

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
check "no killable process: rmmod" rmmod alloc_oom
