# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# sysrq-f asks for an OOM kill by hand, and gets one whatever the module
# holds.  out_of_memory() calls the notifier chain first (order=-1 in the
# report); the module counts the hit but hands nothing back for a manual
# OOM: before 5.17 the kernel skipped the kill when a notifier freed
# anything, sysrq or not, and later ones kill anyway, so the module would
# only empty itself.  First with trigger=0, holding nothing; then loaded
# holding blocks in every release mode.  A pressure round (target=high)
# holds them whatever release says; it runs with the watermarks 10% of
# RAM apart (watermark_scale_factor 1000), so that once they are back
# there is room for oom-hog.  oom-hog must be killed and the module must
# keep every block.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=49

# sysrq_kill: sysrq-f, then wait up to 5 s for oom-hog to be gone.
sysrq_kill() {
	echo f >/proc/sysrq-trigger
	_i=0
	while ! hog_gone && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

check "insmod trigger=0" insmod "$AOOM_KO" trigger=0
echo 1 >/proc/sys/kernel/sysrq
check "oom-hog holds 48M" hog_start 48M
dmesg -c >/dev/null
sysrq_kill
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

scale0=$(cat /proc/sys/vm/watermark_scale_factor)
for mode in none backup all notifier; do
	dmesg -c >/dev/null
	settle
	echo 1000 >/proc/sys/vm/watermark_scale_factor
	insmod "$AOOM_KO" target=high release=$mode
	echo "$scale0" >/proc/sys/vm/watermark_scale_factor
	held=$(stat_field held_now)
	expect "release=$mode: the module holds blocks (held_now=$held)" "${held:-0}" -gt 0
	check "release=$mode: oom-hog holds 16M" hog_start 16M
	hit=$(($(stat_field notifier_hits_total) + 1))
	dmesg -c >/dev/null
	sysrq_kill
	check "release=$mode: the OOM report says order=-1" \
		sh -c "dmesg | grep -q 'invoked oom-killer: .*order=-1'"
	check "release=$mode: oom-hog was killed" sh -c "dmesg | grep -q 'Killed process $HOG_PID (oom-hog)'"
	check "release=$mode: oom-hog is gone" hog_gone
	check "release=$mode: the module logged the hit as sysrq-f's" \
		dmesg_has "alloc_oom: OOM notifier called (hit $hit) by sysrq-f: the module keeps its blocks"
	check "release=$mode: the notifier freed nothing" sh -c "! dmesg | grep -q 'alloc_oom: OOM notifier.* freed [1-9]'"
	expect "release=$mode: the module kept every block (held_now=$held)" "$(stat_field held_now)" -eq "${held:-0}"
	check "release=$mode: rmmod" rmmod alloc_oom
	hog_stop
done
