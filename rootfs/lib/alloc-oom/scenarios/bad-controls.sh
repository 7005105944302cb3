# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Bad writes to the debugfs files are refused with a clear message, take
# nothing and leave the module usable: garbage and an over-long line to
# trigger (-EINVAL and one error line), a write to the read-only stats
# file, and a write by a user who is not root.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=20

check "insmod trigger=0" insmod "$AOOM_KO" trigger=0

# bad_write NAME ERRNO MESSAGE CMD...: CMD fails saying ERRNO; MESSAGE, if
# not empty, is the module's one error line.
bad_write() {
	_name=$1 _errno=$2 _msg=$3
	shift 3
	dmesg -c >/dev/null
	"$@" >/tmp/write.out 2>&1
	expect "$_name: refused" "$?" -ne 0
	check "$_name: with '$_errno'" grep -q "$_errno" /tmp/write.out
	_errors=$(dmesg -r | grep -c '^<3>.*alloc_oom: ')
	if [ -n "$_msg" ]; then
		expect "$_name: one error line" "$_errors" -eq 1
		check "$_name: saying '$_msg'" dmesg_has "alloc_oom: $_msg"
	else
		expect "$_name: no module error line" "$_errors" -eq 0
	fi
}

T=$AOOM_DEBUGFS/trigger
bad_write "trigger 'bogus'" "Invalid argument" \
	"trigger: 'bogus' is unknown: write 1 to run a round" sh -c "echo bogus >$T"
bad_write "trigger with 41 bytes" "Invalid argument" "trigger: 41 bytes written" \
	sh -c "echo 0123456789012345678901234567890123456789 >$T"
bad_write "write to stats" "Invalid argument" "" sh -c "echo 1 >$AOOM_DEBUGFS/stats"
bad_write "trigger written by uid 65534" "Permission denied" "" \
	su -s /bin/sh nobody -c "echo 1 >$T"

expect "nothing was taken: held_now=0" "$(stat_field held_now)" -eq 0
expect "no round ran: rounds=0" "$(stat_field rounds)" -eq 0
check "oom-hog holds 48M" hog_start 48M
killable 0 sh -c "echo 1 >$T"
expect "a good round from trigger works: stop=kill" "$(stat_field stop)" = kill
check "rmmod" rmmod alloc_oom
hog_stop
