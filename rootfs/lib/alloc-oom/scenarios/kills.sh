# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Exactly one kill per round (kills=1, the default), at 256 MiB: against a
# tiny victim (a sleep, whose death frees almost nothing), a large one
# (oom-hog, 48M) and none at all; with insmod killable and exempt
# (-1000); in every release mode.  The allocation still short after the
# kill calls the OOM killer again, and the module must answer with memory,
# not let the kernel kill twice or panic ("System is deadlocked on
# memory").  ROUNDS (default 1) repeats each case, e.g.
# make run CMD='ROUNDS=50 aoom-test kills'.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=26

settle
mem0=$(memfree_kb)
kill_matrix "${ROUNDS:-1}" "0 -1000" tiny 48M none
check "the shell still answers" sh -c 'echo alive >/dev/null'
settle
note "free memory: $mem0 kB before, $(memfree_kb) kB after"
expect_memfree "free memory is back within 1% after the last rmmod" "$mem0"
