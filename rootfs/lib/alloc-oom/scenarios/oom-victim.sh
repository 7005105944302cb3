# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: smoke=yes
# A process holding memory with oom_score_adj=1000 is the victim; insmod
# survives, the loop stops after that one kill, and rmmod gives all back.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=12

settle
mem0=$(memfree_kb)
check "oom-hog holds 48M" hog_start 48M
killable 0 insmod "$AOOM_KO"
expect "insmod returns 0" "$?" -eq 0
check "the OOM killer was invoked for an order-0 GFP_KERNEL request" \
	in_oom_trace 'invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0'
check "the call trace runs through the module" in_oom_trace '\[alloc_oom\]'
check "the call trace runs through the module's init" in_oom_trace 'do_init_module'
check "the victim is oom-hog" sh -c "dmesg | grep -q 'Killed process $HOG_PID (oom-hog)'"
sleep 0.5
check "oom-hog is gone" hog_gone
expect "stop=kill" "$(summary stop)" = kill
expect "kills=1" "$(summary kills)" -eq 1
expect "notifier_hits>=1" "$(summary notifier_hits)" -ge 1
check "rmmod" rmmod alloc_oom
settle
expect_memfree "free memory is back within 1% after rmmod" "$mem0"
