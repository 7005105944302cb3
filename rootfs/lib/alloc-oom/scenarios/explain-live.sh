# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# oom-explain --follow reads /dev/kmsg while an OOM happens and explains
# it as soon as the report is complete: the trigger, the victim and the
# verdict, all from the live kernel log, before the module is unloaded.
# Then the guest's --json (linked with the guest's json-c) reads the same
# report from dmesg and must name the same victim.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=11

check "oom-explain is in the guest" oom-explain --version
rm -f /tmp/live.facts /tmp/live.err
oom-explain --facts --follow >/tmp/live.facts 2>/tmp/live.err &
EXPLAIN_PID=$!
sleep 0.5
check "oom-hog holds 48M" hog_start 48M
killable 0 insmod "$AOOM_KO"
expect "insmod returns 0" "$?" -eq 0
# the explanation appears once the log has been quiet for a second
_i=0
while ! grep -q '^e[0-9]*\.victim\.pid=' /tmp/live.facts && [ $_i -lt 100 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
ev=$(sed -n 's/^\(e[0-9]*\)\.victim\.comm=oom-hog$/\1/p' /tmp/live.facts | head -n 1)
check "the live explanation names oom-hog as the victim" [ -n "$ev" ]
check "its victim pid is oom-hog's" grep -qx "$ev.victim.pid=$HOG_PID" /tmp/live.facts
check "the trigger is insmod with GFP_KERNEL" sh -c \
	"grep -qx '$ev.trigger.comm=insmod' /tmp/live.facts && grep -qx '$ev.gfp.names=GFP_KERNEL' /tmp/live.facts"
kill "$EXPLAIN_PID" 2>/dev/null
wait "$EXPLAIN_PID"
expect "oom-explain ends cleanly on SIGTERM" "$?" -eq 0
[ -s /tmp/live.err ] && note "oom-explain said: $(head -n 3 /tmp/live.err)"
pid=$(sed -n "s/^$ev\.victim\.pid=//p" /tmp/live.facts)
dmesg | oom-explain --json >/tmp/live.json 2>/tmp/live.err
expect "oom-explain --json reads the report in dmesg" "$?" -eq 0
[ -s /tmp/live.err ] && note "oom-explain --json said: $(head -n 3 /tmp/live.err)"
check "its JSON names the same victim: oom-hog, with the pid of the facts" \
	grep -q "^{.*\"victim\":{\"pid\":${pid:-none},\"comm\":\"oom-hog\",.*}\$" /tmp/live.json
# The live verdict is the one the whole report gives afterwards (a zone
# may be below min, or above it again by the time the report is printed:
# the kernel does not promise either).
verdict=$(sed -n "s/^$ev\.verdict=//p" /tmp/live.facts)
dmesg | oom-explain --facts >/tmp/dmesg.facts 2>/dev/null
dev=$(sed -n "s/^\(e[0-9]*\)\.victim\.pid=${pid:-none}\$/\1/p" /tmp/dmesg.facts | head -n 1)
note "the live verdict: ${verdict:-none}"
check "the live verdict is the one read from dmesg afterwards" \
	sh -c "[ -n '$verdict' ] && grep -qx '$dev.verdict=$verdict' /tmp/dmesg.facts"
hog_stop
check "rmmod" rmmod alloc_oom
