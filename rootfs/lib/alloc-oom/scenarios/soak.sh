# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: timeout=590
# Many cycles of insmod, a round from the trigger file, release and rmmod
# in one guest.  release=notifier ends each round without a kill, so no
# victim has to be restarted.  Afterwards: every round stopped on the
# notifier and gave everything back, no oops, WARN, lockup or RCU stall
# was logged, the shell still answers and free memory is where it was.
# Under TCG a cycle costs about 0.5 s on x86_64 and 1.5 s on vexpress-a9
# (256M, measured: 100 cycles in 53 s, 30 in 46 s), so ARM does 50
# cycles where x86_64 does 100.  Outside the full tier (AOOM_FULL=1, set
# by make check on each architecture's default kernel and by make
# check-full everywhere) it does 10, with the same checks and bounds:
# a cycle that left a round's blocks or its reserve behind (backup=4096:
# 16 MiB, 6% of the guest) would move free memory past the 1% bound in
# the first cycle.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=9

case ${AOOM_FULL:-}:$(uname -m) in
1:x86_64) cycles=100 ;;
1:*) cycles=50 ;;
*) cycles=10 ;;
esac
T=$AOOM_DEBUGFS/trigger
trouble='BUG:|Oops|WARNING:|Kernel panic|soft lockup|rcu.*(stall|self-detected)|blocked for more than|Unable to handle kernel'
settle
mem0=$(memfree_kb)
start=$(date +%s)
bad_load=0 bad_stop=0 bad_held=0 bad_rmmod=0 kills=0 troubles=0
c=0
while [ $c -lt $cycles ]; do
	c=$((c + 1))
	insmod "$AOOM_KO" trigger=0 release=notifier backup=4096 || bad_load=$((bad_load + 1))
	echo 1 >"$T"
	[ "$(stat_field stop)" = notifier ] || bad_stop=$((bad_stop + 1))
	echo release >"$T"
	[ "$(stat_field held_now)" = 0 ] || bad_held=$((bad_held + 1))
	rmmod alloc_oom || bad_rmmod=$((bad_rmmod + 1))
	dmesg -c >/tmp/cycle.log
	grep -q 'Killed process' /tmp/cycle.log && kills=$((kills + 1))
	if grep -Eq "$trouble" /tmp/cycle.log; then
		troubles=$((troubles + 1))
		grep -E "$trouble" /tmp/cycle.log | head -n 3 | sed 's/^/# /'
	fi
done
secs=$(($(date +%s) - start))
settle
mem1=$(memfree_kb)
note "soak: $cycles cycles in $secs s; free memory $mem0 kB before, $mem1 kB after"
expect "$cycles cycles ran" "$c" -eq "$cycles"
expect "every insmod worked" "$bad_load" -eq 0
expect "every round stopped on the notifier" "$bad_stop" -eq 0
expect "every release left held_now=0" "$bad_held" -eq 0
expect "every rmmod worked" "$bad_rmmod" -eq 0
expect "no process was killed" "$kills" -eq 0
expect "no oops, WARN, lockup or stall was logged" "$troubles" -eq 0
check "the shell still answers" sh -c 'echo alive >/dev/null'
expect_memfree "free memory after the last rmmod is within 1% of the first" "$mem0"
