# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# aoom: smoke=yes
# Bad parameters are refused with -EINVAL and one error line naming the
# parameter and what it accepts, before a single page is taken: values
# of the wrong type (a number too big for it, a negative one, no value at
# all) as well as values out of range.  The kernel's parameter parser
# says nothing of its own: its -ERANGE and its "invalid for parameter"
# line are never seen.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=97

# The highest order, as /proc/buddyinfo counts them.
top=$(top_order)
for args in "order=99|order=99 is out of range: this kernel's buddy allocator has orders 0 to $top" \
	"order=-1|order=-1 is out of range: this kernel's buddy allocator has orders 0 to $top" \
	"order=99999999999|order=99999999999 is out of range: this kernel's buddy allocator has orders 0 to $top" \
	"order=$((top + 1))|order=$((top + 1)) is out of range: this kernel's buddy allocator has orders 0 to $top" \
	"order|order= is out of range: this kernel's buddy allocator has orders 0 to $top" \
	"release=bogus|release=bogus is unknown: use none, backup, all or notifier" \
	"release=|release= is unknown: use none, backup, all or notifier" \
	"gfp=bogus|gfp=bogus is unknown: use kernel, highuser, dma32, dma or atomic" \
	"gfp=atomic target=min|target=min stops at a watermark that atomic requests are allowed below" \
	"gfp=atomic account=1|account=1 with gfp=atomic: the kernel charges atomic requests past the group's limit" \
	"target=bogus|target=bogus is unknown: use none, min, low or high" \
	"target=low order=1|target=low takes order-0 pages" \
	"backup=99999999999|backup=99999999999 is out of range: RAM holds" \
	"backup=999999999999999999999|backup=999999999999999999999 is out of range: RAM holds" \
	"backup=-1|backup=-1 is out of range: RAM holds" \
	"trigger=2|trigger=2 is out of range: use 1 to run the loop at insmod or 0 to only load" \
	"kills=-1|kills=-1 is out of range: use the number of OOM kills a round runs to, from 1 to 2147483647, or 0 for no limit" \
	"kills=3000000000|kills=3000000000 is out of range: use the number of OOM kills a round runs to, from 1 to 2147483647, or 0 for no limit" \
	"account=2|account=2 is out of range: use 1 to charge the blocks"; do
	param=${args%%|*}
	message=${args#*|}
	dmesg -c >/dev/null
	# shellcheck disable=SC2086 # one entry may hold several parameters
	insmod "$AOOM_KO" $param >/tmp/insmod.out 2>&1
	expect "$param: insmod fails" "$?" -ne 0
	check "$param: with EINVAL" grep -q 'Invalid argument' /tmp/insmod.out
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
