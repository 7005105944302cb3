# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: mem=1G
# Exactly one kill per round (kills=1, the default), at 1 GiB: against a
# tiny victim (a sleep, whose death frees almost nothing), a large one
# (oom-hog, 32M) and none at all; with insmod killable and exempt
# (-1000); in every release mode.  The allocation still short after the
# kill calls the OOM killer again, and the module must answer with memory,
# not let the kernel kill twice or panic ("System is deadlocked on
# memory").  ROUNDS (default 2) repeats each case, e.g.
# make run MEM=1G CMD='ROUNDS=50 aoom-test kills-1g'.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=26

settle
mem0=$(memfree_kb)
kill_matrix "${ROUNDS:-2}" tiny 32M none
check "the shell still answers" sh -c 'echo alive >/dev/null'
settle
note "free memory: $mem0 kB before, $(memfree_kb) kB after"
expect_memfree "free memory is back within 1% after the last rmmod" "$mem0"
