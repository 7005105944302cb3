# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: mem=1G timeout=590
# Exactly one kill per round (kills=1, the default), at 1 GiB: against a
# tiny victim (a sleep, whose death frees almost nothing), a large one
# (oom-hog, 32M) and none at all; with insmod exempt (-1000), as a shell
# that protects itself leaves it, where a second call of the OOM killer
# used to find nothing left to kill and panic; in every release mode.
# (kills covers a killable insmod too, at 256 MiB.)  ROUNDS (default 1
# here) repeats each case, e.g.
# make run MEM=1G CMD='ROUNDS=50 aoom-test kills-1g'.
# Each round fills 1 GiB, about 4 s under TCG on vexpress-a9: outside the
# full tier (AOOM_FULL=1, set by make check on each architecture's default
# kernel and by make check-full everywhere) the default release mode
# meets the tiny victim (a kill that frees almost nothing, so the
# allocation calls the OOM killer again) and none (no kill at all, the
# module must hand memory back) only; kills runs every mode and victim
# at 256 MiB on every row.
# shellcheck disable=SC2034 # read by kill_matrix
case ${AOOM_FULL:-} in
1) KILL_MODES='none backup all notifier' victims='tiny 32M none' ;;
*) KILL_MODES=backup victims='tiny none' ;;
esac
# shellcheck disable=SC2034 # read by aoom-test
PLAN=14
# shellcheck disable=SC2034 # read by aoom-test
PLAN_SHORT=4

settle
mem0=$(memfree_kb)
# shellcheck disable=SC2086 # one word per victim
kill_matrix "${ROUNDS:-1}" -1000 $victims
check "the shell still answers" sh -c 'echo alive >/dev/null'
settle
note "free memory: $mem0 kB before, $(memfree_kb) kB after"
expect_memfree "free memory is back within 1% after the last rmmod" "$mem0"
