# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# A memory cgroup v1 OOM with memory.oom_control's oom_kill_disable=1:
# oom-hog, over its 16M limit, waits instead of being killed and the group
# reports under_oom 1.  Setting oom_kill_disable back to 0 lets the memcg
# OOM killer take it.  Then the module's own memcg OOM on v1: insmod
# account=1 in a group limited to 32M, with oom-hog there as the victim:
# one kill (oom_kill 1, CONSTRAINT_MEMCG, oom_memcg=/aoom-mod).  Needs the
# v1 memory controller: 6.12 builds it only
# with CONFIG_MEMCG_V1, and the controller can only be mounted on a v1
# hierarchy while cgroup2 does not use it; otherwise every result is a SKIP.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=13

v1=/tmp/memcg-v1
reason=
if ! grep -q '^memory[[:space:]].*1$' /proc/cgroups; then
	reason="no enabled memory controller in /proc/cgroups (kernel $(uname -r) lists none without CONFIG_MEMCG_V1)"
else
	mkdir -p "$v1"
	if ! mount -t cgroup -o memory memory "$v1" 2>/tmp/mount.out; then
		reason="mount -t cgroup -o memory failed: $(cat /tmp/mount.out) (kernel $(uname -r) without CONFIG_MEMCG_V1, or cgroup2 uses the controller)"
	fi
fi
if [ -n "$reason" ]; then
	note "memcg v1: $reason"
	for what in "memory.limit_in_bytes=16M" "oom_kill_disable 1" "oom-hog waits" \
		"under_oom 1" "nothing killed while disabled" "oom_kill_disable 0 kills oom-hog" \
		"oom_control: oom_kill 1" "module: stop=kill" "module: kills=1" \
		"module: oom_control: oom_kill 1" "module: CONSTRAINT_MEMCG with oom_memcg=/aoom-mod" \
		"module: rmmod" "cleanup"; do
		skip "memcg v1: $what" "$reason"
	done
else
	cg=$v1/aoom
	mkdir "$cg"
	check "memcg v1: memory.limit_in_bytes=16M" sh -c "echo 16M >$cg/memory.limit_in_bytes"
	echo 1 >"$cg/memory.oom_control"
	check "memcg v1: oom_kill_disable 1" grep -q '^oom_kill_disable 1' "$cg/memory.oom_control"
	# shellcheck disable=SC2016 # expanded by the inner sh
	killable 0 sh -c 'echo $$ >"$1/cgroup.procs" && exec oom-hog 64M' sh "$cg" >/tmp/hog.out 2>&1 &
	hog=$!
	i=0
	while ! grep -q '^under_oom 1' "$cg/memory.oom_control" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	note "memory.oom_control: $(tr '\n' ' ' <"$cg/memory.oom_control")"
	check "memcg v1: oom-hog waits" kill -0 "$hog"
	check "memcg v1: under_oom 1" grep -q '^under_oom 1' "$cg/memory.oom_control"
	check "memcg v1: nothing killed while disabled" sh -c "! dmesg | grep -q 'Killed process'"
	echo 0 >"$cg/memory.oom_control"
	wait "$hog"
	expect "memcg v1: oom_kill_disable 0 kills oom-hog (exit 137)" "$?" -eq 137
	check "memcg v1: oom_control: oom_kill 1" grep -q '^oom_kill 1' "$cg/memory.oom_control"
	rmdir "$cg"

	cg=$v1/aoom-mod
	mkdir "$cg"
	echo 32M >"$cg/memory.limit_in_bytes"
	dmesg -c >/dev/null
	hog_in_cgroup "$cg" 8M
	hog=$HOG_PID
	insmod_in_cgroup 0 "$cg" account=1
	expect "memcg v1: module: stop=kill" "$(summary stop)" = kill
	expect "memcg v1: module: kills=1" "$(summary kills)" -eq 1
	check "memcg v1: module: oom_control: oom_kill 1" grep -q '^oom_kill 1' "$cg/memory.oom_control"
	check "memcg v1: module: CONSTRAINT_MEMCG with oom_memcg=/aoom-mod" \
		sh -c "dmesg | grep -q 'oom-kill:constraint=CONSTRAINT_MEMCG,.*oom_memcg=/aoom-mod,'"
	check "memcg v1: module: rmmod" rmmod alloc_oom
	kill -9 "$hog" 2>/dev/null
	wait "$hog" 2>/dev/null
	rmdir "$cg"
	check "memcg v1: cleanup" umount "$v1"
fi
