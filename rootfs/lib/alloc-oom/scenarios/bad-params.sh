# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Bad parameters are refused with -EINVAL and one clear error line, before
# a single page is taken.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=25

for args in "order=99 order=99 is out of range" \
	"order=-1 order=-1 is out of range" \
	"release=bogus release=bogus is unknown" \
	"backup=99999999999 backup=99999999999 is out of range" \
	"trigger=2 trigger=2 is out of range"; do
	param=${args%% *}
	message=${args#* }
	dmesg -c >/dev/null
	insmod "$AOOM_KO" "$param" >/tmp/insmod.out 2>&1
	expect "$param: insmod fails" "$?" -ne 0
	check "$param: with EINVAL" grep -q 'Invalid argument' /tmp/insmod.out
	# dmesg -r keeps the level: <3> is KERN_ERR.  BusyBox's insmod tries
	# finit_module() and then init_module(), so init may run twice; each
	# run must print the same single message.
	errors=$(dmesg -r | sed -n 's/^<3>[^]]*] alloc_oom: //p' | sort -u | wc -l)
	expect "$param: one error message" "$errors" -eq 1
	check "$param: saying '$message'" sh -c "dmesg | grep -q 'alloc_oom: $message'"
	check "$param: nothing was taken or loaded" \
		sh -c "! dmesg | grep -q 'alloc_oom: \(before\|loaded\|done\)' && ! grep -q '^alloc_oom ' /proc/modules"
done
