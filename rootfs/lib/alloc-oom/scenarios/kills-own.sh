# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# kills=N counts the kills the module's own rounds cause, nothing else.
# While a group with memory.max=4M has its own OOM killer take a hog
# restarted in a loop, a round against oom-hog outside (kills=1) must end
# with stop=kill, oom-hog killed, and its kills equal to the global OOM
# kills of the round, between the module's "loaded" and "done" lines: the
# group's kills in that window are not the round's.  A kill is told by
# the line the kernel prints for every victim, "Out of memory: Killed
# process" for a global OOM and "Memory cgroup out of memory: Killed
# process" for a memory cgroup's: the report's header, with its
# "oom-kill:constraint=" line, is ratelimited (oom_rs, ten in five
# seconds, memory cgroup and global OOMs alike), and the group's OOMs
# use it up.  Then what the
# README says of an OOM after a round while the module still holds its
# blocks (release=none): the kernel kills as usual, here a second
# killable process, and the module hands back only when nothing is left
# to kill, so a later allocation (32M, or 16M more than is free) gets its
# memory and the kernel does not panic; the last round's kills stay 1.
# Last, with kprobes disarmed (debugfs kprobes/enabled 0), the module's
# probe on out_of_memory() does not fire: the module must notice at the
# notifier's first call, say so, and count the oom_kill event instead
# (kills_by=vmevent), a round still stopping after its one kill.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=20

cg=/sys/fs/cgroup/aoom-noise
check "enable the memory controller" sh -c 'echo +memory >/sys/fs/cgroup/cgroup.subtree_control'
mkdir -p "$cg"
echo 4M >"$cg/memory.max"
# The group's OOM reports stay in the log but off the serial console,
# whose speed under TCG would otherwise set the pace of the loop, and
# without their task lists, so that a round's reports fit the log buffer.
console=$(cut -f1 /proc/sys/kernel/printk)
dump_tasks=$(cat /proc/sys/vm/oom_dump_tasks)
dmesg -n 1
echo 0 >/proc/sys/vm/oom_dump_tasks
# The loop's shell is exempt (-1000, from this shell); each oom-hog is
# killable (0) and charged to the group, where its 16M cannot fit.
# shellcheck disable=SC2016 # expanded by the inner sh
sh -c 'echo $$ >"$1/cgroup.procs" && while :; do oom-hog --adj 0 16M >/dev/null 2>&1; sleep 0.05; done' sh "$cg" &
noise=$!
group_kills() { sed -n 's/^oom_kill //p' "$cg/memory.events"; }
i=0
while [ "$(group_kills)" -lt 2 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
expect "the group's OOM killer takes its hog again and again (oom_kill $(group_kills))" "$(group_kills)" -ge 2
# round_log: the kernel log of the round, from the module's "loaded" line
# to its "done" line.
round_log() { dmesg | sed -n '/alloc_oom: loaded:/,/alloc_oom: done /p'; }
# A round takes about a second: up to three rounds, until the group's
# OOM killer has killed during one.  Every round must count exactly its
# global kills.
bad='' loaded='' rmmod_bad='' noisy=0 a=0
while [ $a -lt 3 ] && [ "$noisy" = 0 ]; do
	a=$((a + 1))
	hog_start 48M || bad="$bad round $a: oom-hog did not start;"
	dmesg -c >/dev/null
	killable 0 insmod "$AOOM_KO" || loaded="$loaded round $a: insmod exit $?;"
	if ! dmesg | grep -q 'alloc_oom: loaded:'; then
		bad="$bad round $a: the log lost the round's start;"
	fi
	global=$(round_log | grep -c 'Out of memory: Killed process')
	noisy=$(round_log | grep -c 'Memory cgroup out of memory: Killed process')
	note "round $a: $global global and $noisy memcg OOM kills in the round; $(dmesg | sed -n 's/.*alloc_oom: done //p' | tail -n 1)"
	[ "$(summary stop)" = kill ] || bad="$bad round $a: stop=$(summary stop);"
	[ "$global" -ge 1 ] || bad="$bad round $a: no global OOM kill;"
	[ "$(summary kills)" = "$global" ] ||
		bad="$bad round $a: kills=$(summary kills) for $global global and $noisy memcg kills;"
	dmesg | grep -q "Out of memory: Killed process $HOG_PID (oom-hog)" ||
		bad="$bad round $a: oom-hog was not the victim;"
	case $bad in *"round $a:"*)
		round_log | grep -E 'invoked oom-killer|oom-kill:|Killed process|alloc_oom: (OOM|done)' | sed 's/^/#   /'
		;;
	esac
	rmmod alloc_oom || rmmod_bad="$rmmod_bad $a"
	hog_stop
done
expect "every round: insmod returns 0" ":$loaded" = ":"
expect "the group's OOM killer killed during a round (in round $a of up to 3)" "$noisy" -ge 1
expect "every round: stop=kill, kills = the round's global OOM kills, oom-hog the victim" ":$bad" = ":"
expect "every rmmod" ":$rmmod_bad" = ":"
kill "$noise"
wait "$noise" 2>/dev/null
echo "$dump_tasks" >/proc/sys/vm/oom_dump_tasks
dmesg -n "$console"
# The loop's last oom-hog may still be exiting.
i=0
while ! rmdir "$cg" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done

# release=none against a tiny victim: the round kills it, has the
# notifier hand back the reserve at the next call, and keeps the rest.
settle
dmesg -c >/dev/null
sh -c 'echo 1000 >/proc/self/oom_score_adj && exec sleep 600' &
tiny=$!
insmod "$AOOM_KO" release=none
expect "release=none: a round against a tiny victim: stop=kill" "$(summary stop)" = kill
expect "release=none: kills=1" "$(summary kills)" -eq 1
held=$(stat_field held_now)
expect "release=none: the module still holds blocks (held_now=$held)" "${held:-0}" -gt 0
wait "$tiny" 2>/dev/null
sh -c 'echo 1000 >/proc/self/oom_score_adj && exec sleep 600' &
second=$!
# 32M, or 16M more than is free if that is more, so that it needs the
# module's memory.
settle
want=$(($(memfree_kb) + 16384))
[ "$want" -ge 32768 ] || want=32768
dmesg -c >/dev/null
check "later, an allocation of ${want} kB by an exempt process gets its memory" hog_start "${want}K" -1000
check "later: the kernel killed the second killable process" \
	sh -c "dmesg | grep -q 'Killed process $second (sleep)'"
expect "later: one kill" "$(dmesg | grep -c 'Killed process')" -eq 1
kill_line=$(dmesg | grep -n 'Killed process' | head -n 1 | cut -d: -f1)
give_line=$(dmesg | grep -n 'alloc_oom: OOM notifier called (hit [0-9]*), freed [1-9]' | head -n 1 | cut -d: -f1)
expect "later: the module handed back only after the kill (log line ${give_line:-none} after ${kill_line:-none})" \
	"${give_line:-0}" -gt "${kill_line:-0}"
check "later: no deadlock panic" sh -c "! dmesg | grep -q 'deadlocked on memory'"
expect "later: the last round's kills stay 1" "$(stat_field kills)" -eq 1
hog_stop
kill "$second" 2>/dev/null
wait "$second" 2>/dev/null
check "release=none: rmmod" rmmod alloc_oom

kp=/sys/kernel/debug/kprobes/enabled
if [ -w "$kp" ]; then
	settle
	hog_start 48M
	dmesg -c >/dev/null
	echo 0 >"$kp"
	killable 0 insmod "$AOOM_KO"
	echo 1 >"$kp"
	note "kprobes disarmed: $(dmesg | sed -n 's/.*alloc_oom: done //p' | tail -n 1)"
	check "kprobes disarmed: the module says its probe does not fire" \
		dmesg_has "alloc_oom: the probe on out_of_memory does not fire"
	expect "kprobes disarmed: kills_by=vmevent" "$(summary kills_by)" = vmevent
	expect "kprobes disarmed: stop=kill kills=1, oom-hog killed" \
		"$(summary stop) $(summary kills) $(dmesg | grep -c "Killed process $HOG_PID (oom-hog)")" = "kill 1 1"
	check "kprobes disarmed: rmmod" rmmod alloc_oom
	hog_stop
else
	for t in "says its probe does not fire" kills_by=vmevent "stop=kill kills=1" rmmod; do
		skip "kprobes disarmed: $t" "no $kp"
	done
fi
