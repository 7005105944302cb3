# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# A memory cgroup (v2) OOM: oom-hog in a child group with memory.max=16M
# is killed by the memcg OOM killer (CONSTRAINT_MEMCG, oom_kill 1 in
# memory.events).  The global OOM notifier chain is never called for a
# memcg OOM: the module, loaded with trigger=0, counts no hit.  Run it in
# a guest of its own: after memcg-v1 has mounted the v1 controller, v2
# cannot enable it.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=9

cg=/sys/fs/cgroup/aoom
check "insmod trigger=0" insmod "$AOOM_KO" trigger=0
check "enable the memory controller" sh -c 'echo +memory >/sys/fs/cgroup/cgroup.subtree_control'
mkdir -p "$cg"
check "memory.max=16M" sh -c "echo 16M >$cg/memory.max"
# shellcheck disable=SC2016 # expanded by the inner sh
killable 0 sh -c 'echo $$ >"$1/cgroup.procs" && exec oom-hog 64M' sh "$cg" >/tmp/hog.out 2>&1 &
hog=$!
wait "$hog"
expect "oom-hog was killed (exit 137)" "$?" -eq 137
oom_kill=$(sed -n 's/^oom_kill //p' "$cg/memory.events")
note "memory.events: $(tr '\n' ' ' <"$cg/memory.events")"
expect "memory.events: oom_kill 1" "$oom_kill" -eq 1
check "the kill was CONSTRAINT_MEMCG" sh -c "dmesg | grep -q 'oom-kill:constraint=CONSTRAINT_MEMCG'"
check "dmesg: Memory cgroup out of memory: Killed process N (oom-hog)" \
	sh -c "dmesg | grep -q 'Memory cgroup out of memory: Killed process [0-9]* (oom-hog)'"
expect "the OOM notifier did not fire: notifier_hits_total=0" "$(stat_field notifier_hits_total)" -eq 0
rmdir "$cg"
check "rmmod" rmmod alloc_oom
