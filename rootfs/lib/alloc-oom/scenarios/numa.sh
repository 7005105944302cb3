# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: arch=x86_64,arm64 numa=2
# Two NUMA nodes of 128 MiB, the CPU on node 0.  The module's buddy scan
# equals /proc/buddyinfo on both; insmod gfp=highuser in a cpuset whose
# cpuset.mems is node 1 makes an OOM of CONSTRAINT_CPUSET that leaves node
# 0 alone (a cpuset walls in only __GFP_HARDWALL requests, GFP_USER's and
# GFP_HIGHUSER's: GFP_KERNEL may fall back to any node from the slow path,
# as cgroup v2 has no mem_hardwall);
# oom-hog bound to node 1 (--membind) makes one of
# CONSTRAINT_MEMORY_POLICY; and a pressure round (target=low) watches
# every zone of both nodes.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=24

# The buddy scan, per node.
check "insmod trigger=0" insmod "$AOOM_KO" trigger=0
check "/proc/buddyinfo lists node 0 and node 1" \
	sh -c 'grep -q "^Node 0," /proc/buddyinfo && grep -q "^Node 1," /proc/buddyinfo'
check "debugfs buddyinfo equals /proc/buddyinfo on both nodes" buddyinfo_same
check "rmmod" rmmod alloc_oom

# An OOM confined to node 1 by a cpuset.
cs=/sys/fs/cgroup/aoom-cs
check "enable the cpuset controller" sh -c 'echo +cpuset >/sys/fs/cgroup/cgroup.subtree_control'
mkdir -p "$cs"
check "cpuset.mems=1" sh -c "echo 0 >$cs/cpuset.cpus && echo 1 >$cs/cpuset.mems"
settle
node0=$(node_free_kb 0)
dmesg -c >/dev/null
hog_in_cgroup "$cs" 16M
hog=$HOG_PID
insmod_in_cgroup 0 "$cs" gfp=highuser
expect "cpuset: insmod returns 0" "$?" -eq 0
node0_held=$(node_free_kb 0)
note "cpuset: node 0 free $node0 kB before, $node0_held kB while the module holds; node 1 free $(node_free_kb 1) kB"
expect "cpuset: stop=kill" "$(summary stop)" = kill
expect "cpuset: kills=1" "$(summary kills)" -eq 1
check "cpuset: the OOM was CONSTRAINT_CPUSET" sh -c "dmesg | grep -q 'oom-kill:constraint=CONSTRAINT_CPUSET,'"
check "cpuset: the victim is oom-hog" sh -c "dmesg | grep -q 'Killed process $hog (oom-hog)'"
# Nothing taken from node 0: its free memory may grow (the page cache of
# the commands run), but not shrink by more than 1%.
expect "cpuset: node 0 lost no free memory (1% allowed)" \
	"$node0_held" -ge $((node0 - node0 / 100))
check "cpuset: rmmod" rmmod alloc_oom
kill -9 "$hog" 2>/dev/null
wait "$hog" 2>/dev/null
rmdir "$cs"

# An OOM of a memory policy: oom-hog bound to node 1 asks for more.
check "insmod trigger=0" insmod "$AOOM_KO" trigger=0
settle
node0=$(node_free_kb 0)
dmesg -c >/dev/null
killable 0 oom-hog --adj 1000 --membind 1 200M >/tmp/hog.out 2>&1
expect "mempolicy: oom-hog --membind 1 200M is killed (exit 137)" "$?" -eq 137
check "mempolicy: the OOM was CONSTRAINT_MEMORY_POLICY with nodemask=1" \
	sh -c "dmesg | grep -q 'oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,nodemask=1,'"
check "mempolicy: the module's notifier was called" dmesg_has "alloc_oom: OOM notifier called"
expect "mempolicy: node 0 lost no free memory (1% allowed)" \
	"$(node_free_kb 0)" -ge $((node0 - node0 / 100))
check "mempolicy: rmmod" rmmod alloc_oom

# A pressure round watches every zone of both nodes.
dmesg -c >/dev/null
insmod "$AOOM_KO" target=low release=notifier backup=8192
expect "target=low: insmod returns 0" "$?" -eq 0
expect "target=low: stop=target" "$(summary stop)" = target
dmesg | sed -n 's/.*alloc_oom: target: node \([0-9]*\) zone \([^ ]*\) \(.*\)/\1 \2 \3/p' >/tmp/target
check "target=low: zones of node 0 and node 1 are watched" \
	sh -c 'grep -q "^0 " /tmp/target && grep -q "^1 " /tmp/target'
above=
while read -r nid zone fields; do
	note "target=low: node $nid zone $zone $fields"
	free=$(($(echo "$fields" | kv free) - $(echo "$fields" | kv highatomic)))
	mark=$(($(echo "$fields" | kv low) + $(echo "$fields" | kv reserve)))
	[ "$free" -le "$mark" ] || above="$above node $nid $zone: $free > $mark;"
done </tmp/target
expect "target=low: every watched zone is below low + lowmem_reserve" ":$above" = ":"
check "target=low: rmmod" rmmod alloc_oom
