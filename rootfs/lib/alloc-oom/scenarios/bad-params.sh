# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: smoke=yes
# Bad parameters are refused with one clear error line, before a single
# page is taken: the module's own checks give -EINVAL, a number too big
# for an int is refused by the kernel's parameter parser with -ERANGE.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=57

for args in "order=99|Invalid argument|order=99 is out of range" \
	"order=-1|Invalid argument|order=-1 is out of range" \
	"order=99999999999|Numerical result out of range|\`99999999999' invalid for parameter \`order'" \
	"release=bogus|Invalid argument|release=bogus is unknown" \
	"gfp=bogus|Invalid argument|gfp=bogus is unknown" \
	"target=bogus|Invalid argument|target=bogus is unknown" \
	"target=low order=1|Invalid argument|target=low takes order-0 pages" \
	"backup=99999999999|Invalid argument|backup=99999999999 is out of range" \
	"trigger=2|Invalid argument|trigger=2 is out of range" \
	"kills=-1|Invalid argument|kills=-1 is out of range" \
	"account=2|Invalid argument|\`2' invalid for parameter \`account'"; do
	param=${args%%|*}
	errno=${args#*|}
	errno=${errno%%|*}
	message=${args##*|}
	dmesg -c >/dev/null
	# shellcheck disable=SC2086 # one entry may hold several parameters
	insmod "$AOOM_KO" $param >/tmp/insmod.out 2>&1
	expect "$param: insmod fails" "$?" -ne 0
	check "$param: with '$errno'" grep -q "$errno" /tmp/insmod.out
	# dmesg -r keeps the level: <3> is KERN_ERR.  BusyBox's insmod tries
	# finit_module() and then init_module(), so init may run twice; each
	# run must print the same single message.
	errors=$(dmesg -r | sed -n 's/^<3>[^]]*] alloc_oom: //p' | sort -u | wc -l)
	expect "$param: one error message" "$errors" -eq 1
	check "$param: saying '$message'" dmesg_has "alloc_oom: $message"
	check "$param: nothing was taken or loaded" \
		sh -c "! dmesg | grep -q 'alloc_oom: \(before\|loaded\|done\)' && ! grep -q '^alloc_oom ' /proc/modules"
done

# After all of that, a good round still works.
check "a good round after the bad ones" hog_start 48M
killable 0 insmod "$AOOM_KO"
expect "a good round: stop=kill" "$(summary stop)" = kill
rmmod alloc_oom
hog_stop
