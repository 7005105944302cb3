# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# With no other killable process, insmod itself is the victim: the loop
# sees the fatal signal, frees everything and init returns; the module
# stays loaded and rmmod works.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=9

settle
mem0=$(memfree_kb)
killable 0 insmod "$AOOM_KO"
expect "insmod is killed (exit 137)" "$?" -eq 137
check "the OOM killer chose insmod" sh -c "dmesg | grep -q 'Killed process [0-9]* (insmod)'"
expect "stop=signal" "$(summary stop)" = signal
expect "held=0" "$(summary held)" -eq 0
expect "released every page taken" "$(summary released)" -eq "$(summary pages)"
check "the guest still runs commands" sh -c 'echo alive >/dev/null'
check "the module stays loaded" grep -q '^alloc_oom ' /proc/modules
check "rmmod" rmmod alloc_oom
settle
expect_memfree "free memory is back within 1% after rmmod" "$mem0"
