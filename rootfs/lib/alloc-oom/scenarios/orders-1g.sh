# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: mem=1G
# The same as orders at 1 GiB: every order from 0 to the kernel's highest
# loads with the default parameters; 0-3 end in one OOM kill, of oom-hog
# (48M), and above 3 the allocation fails and nothing is killed.
# Outside the full tier (AOOM_FULL=1, set by make check on each
# architecture's default kernel and by make check-full everywhere) the
# 1 GiB rounds run at orders 3 and 4 only, where the two outcomes meet;
# orders runs 0 and the highest too, at 256 MiB, on every row.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=6
# shellcheck disable=SC2034 # read by every_order
SHORT_ORDERS='3 4'

orders_scenario 48M
