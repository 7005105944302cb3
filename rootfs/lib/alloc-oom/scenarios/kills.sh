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
# Outside the full tier (AOOM_FULL=1, set by make check on each
# architecture's default kernel and by make check-full everywhere) the
# large victim is left out: the tiny one is the case where the kill frees
# too little and the module must answer the second call, none the case
# with nothing to kill, while a kill that frees enough is what oom-victim
# and release-modes prove on every row.
case ${AOOM_FULL:-} in
1) victims='tiny 48M none' ;;
*) victims='tiny none' ;;
esac
# shellcheck disable=SC2034 # read by aoom-test
PLAN=26
# shellcheck disable=SC2034 # read by aoom-test
PLAN_SHORT=18

settle
mem0=$(memfree_kb)
# shellcheck disable=SC2086 # one word per victim
kill_matrix "${ROUNDS:-1}" "0 -1000" $victims
check "the shell still answers" sh -c 'echo alive >/dev/null'
settle
note "free memory: $mem0 kB before, $(memfree_kb) kB after"
expect_memfree "free memory is back within 1% after the last rmmod" "$mem0"
