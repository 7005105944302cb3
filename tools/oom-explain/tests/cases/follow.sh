# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/follow.sh, sourced by tests/run-tests.sh: -F FILE: events as they complete, bursts, and a truncated file.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

# -F FILE: each event is explained once it is complete, while the file
# is still growing; the second event is appended only after the first
# explanation has appeared
fx="$here/fixtures/era-2.6.26-linux-mm-oomkilladj.txt"
split=$(grep -n 'invoked oom-killer' "$fx" | sed -n '2s/:.*//p')
: >"$work/grow.log"
"$bin" --facts -F "$work/grow.log" >"$work/follow.out" 2>"$work/follow.err" &
fpid=$!
head -n $((split - 1)) "$fx" >>"$work/grow.log"
wait_for() {
	# wait_for PATTERN FILE: up to 10 s
	t=0
	while ! grep -q "$1" "$2" && [ "$t" -lt 100 ]; do
		sleep 0.1
		t=$((t + 1))
	done
	grep -q "$1" "$2"
}
# follow_stop: end the follower $fpid as a user would (SIGINT); its exit
# status in $frc
follow_stop() {
	kill -INT "$fpid" 2>/dev/null || true
	frc=0
	wait "$fpid" || frc=$?
}
first=0
wait_for '^e1.victim.pid=8405$' "$work/follow.out" && first=1
second_early=0
grep -q '^e2\.' "$work/follow.out" && second_early=1
tail -n +"$split" "$fx" >>"$work/grow.log"
second=0
wait_for '^e2.victim.pid=4808$' "$work/follow.out" && second=1
follow_stop
if [ "$first" = 1 ] && [ "$second_early" = 0 ] && [ "$second" = 1 ] && [ "$frc" = 0 ] &&
   sanitizer_clean "$work/follow.err"; then
	ok "-F explains each event as the file grows"
else
	not_ok "-F explains each event as the file grows" "first=$first second=$second exit=$frc $(head -n 1 "$work/follow.err")"
fi

# -F FILE: a report that comes in two bursts, 2.5 s apart, the first
# cut before its kill line, is one event with its victim: an event whose
# end has not been seen waits for the rest (OPEN_IDLE_MS), where quiet of
# a second ends one whose end has been seen
fx="$here/fixtures/x86_64-6.1-dmesg.txt"
cut=$(grep -n 'Mem-Info:' "$fx" | head -n 1 | cut -d: -f1)
: >"$work/burst.log"
"$bin" --facts -F "$work/burst.log" >"$work/burst.out" 2>"$work/burst.err" &
fpid=$!
head -n "$cut" "$fx" >>"$work/burst.log"
sleep 2.5
early=0
grep -q '^e1\.' "$work/burst.out" && early=1
tail -n +"$((cut + 1))" "$fx" >>"$work/burst.log"
whole=0
wait_for '^e1.victim.pid=93$' "$work/burst.out" && whole=1
follow_stop
if [ "$early" = 0 ] && [ "$whole" = 1 ] && [ "$(grep -c '^e1.kind=' "$work/burst.out")" = 1 ] &&
   ! grep -q '^e2\.' "$work/burst.out" && [ "$frc" = 0 ] && sanitizer_clean "$work/burst.err"; then
	ok "-F keeps a report that comes in two bursts as one event, with its victim"
else
	not_ok "-F keeps a report that comes in two bursts as one event, with its victim" "shown early=$early whole=$whole exit=$frc $(head -n 1 "$work/burst.err")"
fi

# -F FILE truncated under a half-written line: the line stays a line of
# its own, not the start of the new content's first line (whose stamp
# would then be the cut line's)
printf '[    9.999999] zz' >"$work/trunc.log"
"$bin" --facts -F "$work/trunc.log" >"$work/trunc.out" 2>"$work/trunc.err" &
fpid=$!
sleep 1
tail -n +"$(grep -n 'invoked oom-killer' "$fx" | head -n 1 | cut -d: -f1)" "$fx" >"$work/trunc.new"
: >"$work/trunc.log"
sleep 0.6
cat "$work/trunc.new" >>"$work/trunc.log"
got=0
wait_for '^e1.victim.pid=93$' "$work/trunc.out" && got=1
follow_stop
if [ "$got" = 1 ] && grep -qx 'e1.stamp_secs=10.016489' "$work/trunc.out" && [ "$frc" = 0 ] &&
   sanitizer_clean "$work/trunc.err"; then
	ok "-F on a file truncated under a half-written line starts the new content on a line of its own"
else
	not_ok "-F on a file truncated under a half-written line starts the new content on a line of its own" "got=$got $(grep '^e1.stamp_secs' "$work/trunc.out") exit=$frc"
fi
