# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: arch=x86_64,arm64 mem=8G timeout=590 rows=default
# One round at 8 GiB with release=all against a 64M oom-hog: two million
# pages taken and every one handed back.  The kernel holds oom_lock while
# the notifier runs, and memory cgroup OOMs wait on it, so the notifier
# hands back the reserve only and the rest is freed outside it.  With the
# hung-task timeout lowered to 20 s, the kernel must log no hung task, soft
# lockup or RCU stall, and the round must end with one kill and all its
# memory back.  8 GiB guests boot on x86_64 and arm64 (vexpress-a9 has
# 1 GiB); make check runs it on each one's default kernel.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=4

hung=/proc/sys/kernel/hung_task_timeout_secs
[ ! -w "$hung" ] || echo 20 >"$hung"
settle
mem0=$(memfree_kb)
note "free memory: $mem0 kB"
kill_rounds 64M 0 all 1
expect "release=all at 8 GiB: 1 kill, rmmod works" "$KR_BAD" -eq 0
note "round: $(dmesg | sed -n 's/.*alloc_oom: done //p' | tail -n 1)"
check "no hung task, soft lockup or RCU stall in the kernel log" \
	sh -c '! dmesg | grep -E "blocked for more than|soft lockup|rcu.*(stall|self-detected)"'
check "the shell still answers" sh -c 'echo alive >/dev/null'
settle
expect_memfree "free memory is back within 1% after rmmod" "$mem0"
