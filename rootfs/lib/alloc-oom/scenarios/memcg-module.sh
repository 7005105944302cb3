# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# An OOM inside one memory cgroup (v2), made by the module: insmod runs in
# a group with memory.max=32M and account=1 charges every block to it
# (__GFP_ACCOUNT), so the group's own OOM killer acts (CONSTRAINT_MEMCG,
# oom_memcg=/aoom-mod) and nothing outside it: a process outside keeps
# running and the machine loses no more than the group's limit.  The
# global notifier is not called for a memcg OOM; the module counts the
# victim its own task's OOM marked, and stops.  Three cases: oom-hog in the
# group as the victim, insmod exempt (-1000); insmod alone and killable
# (it is the victim); insmod alone and exempt, where the charge fails and
# nothing is killed.  With no notifier the module cannot answer a second
# call of the memcg OOM killer: when the reaper gives up on a victim
# before its memory is freed (it exits slowly under load), the kernel
# picks the next task of the group, so insmod is exempt in the first case.
# Run in a guest of its own: after memcg-v1 has mounted the v1 controller,
# v2 cannot enable it.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=25

cg=/sys/fs/cgroup/aoom-mod
check "enable the memory controller" sh -c 'echo +memory >/sys/fs/cgroup/cgroup.subtree_control'
sleeper 0
outside=$SLEEP_PID

# memcg_round CASE ADJ HOG WANT_KILLS WANT_STOP
memcg_round() {
	mkdir "$cg"
	echo 32M >"$cg/memory.max"
	settle
	mem0=$(memfree_kb)
	dmesg -c >/dev/null
	hog=
	if [ "$3" = hog ]; then
		hog_in_cgroup "$cg" 8M
		hog=$HOG_PID
	fi
	insmod_in_cgroup "$2" "$cg" account=1
	held_kb=$(($(stat_field held_now) * 4))
	low_kb=$(memfree_kb)
	note "$1: free memory $mem0 kB before, $low_kb kB while the module holds $held_kb kB in the group"
	expect "$1: stop=$5" "$(summary stop)" = "$5"
	expect "$1: kills=$4" "$(summary kills)" -eq "$4"
	expect "$1: memory.events: oom_kill $4" \
		"$(sed -n 's/^oom_kill //p' "$cg/memory.events")" -eq "$4"
	if [ "$4" = 1 ]; then
		check "$1: dmesg: CONSTRAINT_MEMCG with oom_memcg=/aoom-mod" \
			sh -c "dmesg | grep -q 'oom-kill:constraint=CONSTRAINT_MEMCG,.*oom_memcg=/aoom-mod,'"
	else
		check "$1: nothing was killed" sh -c "! dmesg | grep -q 'Killed process'"
	fi
	check "$1: the process outside the group still runs" kill -0 "$outside"
	expect "$1: the machine lost no more than the group's 32M (and 1%)" \
		"$low_kb" -ge $((mem0 - 32768 - mem0 / 100))
	check "$1: rmmod" rmmod alloc_oom
	[ -z "$hog" ] || kill -9 "$hog" 2>/dev/null
	[ -z "$hog" ] || wait "$hog" 2>/dev/null
	rmdir "$cg"
	# A removed group's own memory is freed by a worker after an RCU
	# grace period, later on PREEMPT_RT (its RCU callbacks run in
	# threads): give it up to twenty settles.
	i=0
	while settle && ! memfree_back "$mem0" && [ $i -lt 20 ]; do
		i=$((i + 1))
	done
	[ $i = 0 ] || note "$1: free memory took $i more settles to come back"
	expect_memfree "$1: free memory is back within 1% after rmmod and rmdir" "$mem0"
}

memcg_round "oom-hog in the group" -1000 hog 1 kill
memcg_round "insmod alone, killable" 0 '' 1 signal
memcg_round "insmod alone, exempt" -1000 '' 0 alloc_failed
kill "$outside"
wait "$outside" 2>/dev/null
