# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# A round counts its own kills only (kills=1, the default).  While it runs,
# a memory cgroup elsewhere (memory.max=4M) restarts oom-hog in a loop, and
# the group's OOM killer kills each one.  Those kills are the group's: the
# round must go on to its own machine-wide OOM, whose victim is a sleep at
# +1000, count kills=1 and stop there, with insmod exempt.  The kernel's
# oom_kill count moves for both kinds, so a round that counted by it
# stopped at the group's first kill, before any OOM of its own.
#
# The proof needs a group kill inside the round: between the round's
# "before:" lines and its "done" line in the kernel log.  Under TCG the
# loop kills every few tens of milliseconds and a round at 256 MiB takes
# a few hundred, so one usually falls inside.  But the round's pressure
# slows the loop too, and a round of about 100 ms (arm64 on 7.3) has
# been seen to miss it five times running: up to ten rounds are run
# until one has it.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=9

cg=/sys/fs/cgroup/aoom-loop
check "enable the memory controller" sh -c 'echo +memory >/sys/fs/cgroup/cgroup.subtree_control'
mkdir "$cg"
echo 4M >"$cg/memory.max"

group_kills() { sed -n 's/^oom_kill //p' "$cg/memory.events"; }

# loop_start: the group's loop, until the group has killed two more hogs.
# The loop's shell is exempt, so that only its hogs die.
loop_start() {
	_k0=$(group_kills)
	# shellcheck disable=SC2016 # expanded by the inner sh
	sh -c 'echo $$ >"$1/cgroup.procs" && echo -1000 >/proc/self/oom_score_adj &&
		while :; do oom-hog --adj 500 8M >/dev/null 2>&1; done' sh "$cg" &
	loop=$!
	_i=0
	while [ "$(group_kills)" -lt $((_k0 + 2)) ] && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	killed=$(($(group_kills) - _k0))
}

# loop_stop: the loop and its last hog, which may outlive its shell for a
# moment.
loop_stop() {
	kill -9 "$loop" 2>/dev/null
	wait "$loop" 2>/dev/null
	killall -9 oom-hog 2>/dev/null
}

# The baseline is read after one churn of the group, so that whatever the
# kernel keeps from killing hogs in a group (slab pages, the group's own
# structures) is not counted against the module.
loop_start
loop_stop
settle
mem0=$(memfree_kb)
loop_start
expect "the group's OOM killer kills the looping hog" "$killed" -ge 2

# After a round the module holds memory up to the OOM edge until rmmod,
# and every command the scenario runs then may need a page and call the
# OOM killer.  Its only candidates would be the group's hogs, which may
# all be dying already, and a global OOM with nothing to kill panics
# (seen on 6.12-rt).  So a spare sleep at +900 outlives each round; the
# round's own victim is still the sleep at +1000, whose badness is higher.
try=0 inside=0 spare=
rounds=10
while [ $try -lt $rounds ] && [ "$inside" = 0 ]; do
	try=$((try + 1))
	dmesg -c >/dev/null
	if [ -z "$spare" ] || ! kill -0 "$spare" 2>/dev/null; then
		sleeper 900
		spare=$SLEEP_PID
	fi
	sleeper 1000
	victim=$SLEEP_PID
	killable -1000 insmod "$AOOM_KO"
	dmesg | sed -n '/alloc_oom: before:/,/alloc_oom: done/p' >/tmp/round.log
	inside=$(grep -c 'Memory cgroup out of memory: Killed process' /tmp/round.log)
	global=$(grep -v 'Memory cgroup' /tmp/round.log | grep -c 'Killed process')
	note "round $try: $inside kill(s) of the group and $global machine-wide inside it; $(summary stop) kills=$(summary kills)"
	# Another round follows: this one is undone (the last one is undone
	# by the checks below).
	if [ "$inside" = 0 ] && [ $try -lt $rounds ]; then
		rmmod alloc_oom
		kill -9 "$victim" 2>/dev/null
		wait "$victim" 2>/dev/null
	fi
done
expect "a kill of the group fell inside the round (in $try of at most $rounds rounds)" "$inside" -ge 1
expect "the round stopped on its own kill: stop=kill" "$(summary stop)" = kill
expect "the round counts kills=1" "$(summary kills)" -eq 1
expect "one machine-wide kill inside the round" "$global" -eq 1
check "its victim was the sleep at +1000" sh -c "grep -v 'Memory cgroup' /tmp/round.log | grep -q 'Killed process $victim (sleep)'"
loop_stop
check "rmmod" rmmod alloc_oom
kill -9 "$victim" "$spare" 2>/dev/null
wait "$victim" "$spare" 2>/dev/null
i=0
while ! rmdir "$cg" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
i=0
while settle && ! memfree_back "$mem0" && [ $i -lt 20 ]; do
	i=$((i + 1))
done
expect_memfree "free memory is back within 1% after rmmod and rmdir" "$mem0"
