# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# sysrq-f asks for an OOM kill by hand.  out_of_memory() calls the
# notifier chain first (order=-1 in the report), and for sysrq never skips
# the kill, so the module, loaded with trigger=0, counts one hit and
# oom-hog is killed; the module holds nothing and still runs a round.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=13

check "insmod trigger=0" insmod "$AOOM_KO" trigger=0
echo 1 >/proc/sys/kernel/sysrq
check "oom-hog holds 48M" hog_start 48M
dmesg -c >/dev/null
echo f >/proc/sysrq-trigger
i=0
while ! hog_gone && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "sysrq said: Manual OOM execution" dmesg_has "sysrq: Manual OOM execution"
check "the OOM report says order=-1" sh -c "dmesg | grep -q 'invoked oom-killer: .*order=-1'"
expect "the notifier counted the hit: notifier_hits_total=1" "$(stat_field notifier_hits_total)" -eq 1
check "the module logged the hit" dmesg_has "alloc_oom: OOM notifier called (hit 1)"
check "oom-hog was killed" sh -c "dmesg | grep -q 'Killed process $HOG_PID (oom-hog)'"
check "oom-hog is gone" hog_gone
expect "no round ran: rounds=0" "$(stat_field rounds)" -eq 0
expect "nothing is held: held_now=0" "$(stat_field held_now)" -eq 0
check "oom-hog holds 48M again" hog_start 48M
killable 0 sh -c "echo 1 >$AOOM_DEBUGFS/trigger"
expect "a round still works: stop=kill" "$(stat_field stop)" = kill
check "rmmod" rmmod alloc_oom
hog_stop
