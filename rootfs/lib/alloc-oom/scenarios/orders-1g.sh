# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: mem=1G
# The same as orders at 1 GiB: every order from 0 to the kernel's highest
# loads with the default parameters; 0-3 end in one OOM kill, of oom-hog
# (48M), and above 3 the allocation fails and nothing is killed.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=6

orders_scenario 48M
