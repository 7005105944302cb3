# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Several rounds in one load through the debugfs trigger file, each
# killing its own oom-hog: the per-round notifier hits add up to
# notifier_hits_total, held_now follows each round, and "release" hands
# back every held block.  While a round runs, a second writer gets EBUSY
# and rmmod is refused because the open trigger file holds the module.
#
# The kernel's function tracer watches insmod and rmmod: the OOM notifier
# is registered before the control files are created, and they are
# removed before it is unregistered, so no round can start without the
# notifier's guard.
# shellcheck disable=SC2034 # read by aoom-test
PLAN=30

# notifier_order WHAT FIRST THEN CMD...: run CMD (insmod or rmmod) under
# the function tracer and check that it called FIRST before THEN.
notifier_order() {
	_what=$1 _first=$2 _then=$3
	shift 3
	_calls=$(traced_calls "register_oom_notifier unregister_oom_notifier debugfs_create_dir debugfs_remove" "$@")
	case $? in
	0)
		ok "$_what"
		note "$_what called: $(echo "$_calls" | tr '\n' ' ')"
		if called_before "$_calls" "$_first" "$_then"; then
			ok "$_what calls $_first before $_then"
		else
			not_ok "$_what calls $_first before $_then" "calls: $(echo "$_calls" | tr '\n' ' ')"
		fi
		;;
	2)
		why=$(echo "$_calls" | tail -n 1)
		check "$_what" "$@"
		skip "$_what calls $_first before $_then" "$why"
		;;
	*)
		not_ok "$_what" "failed: $*"
		not_ok "$_what calls $_first before $_then" "it failed"
		;;
	esac
}

T=$AOOM_DEBUGFS/trigger
# The tracer's first use keeps some memory (its buffers, trampolines): let
# that happen before the figure the rounds are measured against.
traced_calls register_oom_notifier true >/dev/null
settle
mem0=$(memfree_kb)
notifier_order "insmod trigger=0" register_oom_notifier debugfs_create_dir \
	insmod "$AOOM_KO" trigger=0
hits=0
for r in 1 2 3; do
	hog_start 48M
	killable 0 sh -c "echo 1 >$T"
	expect "round $r: the write returns 0" "$?" -eq 0
	expect "round $r: rounds=$r" "$(stat_field rounds)" -eq "$r"
	expect "round $r: stop=kill" "$(stat_field stop)" = kill
	hits=$((hits + $(stat_field notifier_hits)))
	held=$(stat_field held)
	expect "round $r: held_now=held=$held" "$(stat_field held_now)" -eq "$held"
	dmesg -c >/dev/null
	echo release >"$T"
	freed=$(dmesg | sed -n 's/.*alloc_oom: release: freed \([0-9]*\) pages.*/\1/p')
	expect "round $r: release freed the $held held pages" "$freed" -eq "$held"
	expect "round $r: held_now=0 after release" "$(stat_field held_now)" -eq 0
	hog_stop
	wait "$HOG_PID" 2>/dev/null
done
expect "notifier_hits_total is the sum of the rounds' ($hits)" \
	"$(stat_field notifier_hits_total)" -eq "$hits"

# A slow round: the writer runs at nice 19 so this shell gets the CPU.
hog_start 48M
killable 0 sh -c "renice -n 19 \$\$ >/dev/null; echo 1 >$T" &
writer=$!
seen=0
i=0
while [ $i -lt 400 ] && kill -0 "$writer" 2>/dev/null; do
	if [ "$(stat_field running)" = 1 ]; then
		seen=1
		break
	fi
	i=$((i + 1))
done
expect "a round is running (running=1)" "$seen" -eq 1
echo 1 >"$T" 2>/tmp/busy.out
check "a second writer gets EBUSY" grep -q 'Device or resource busy' /tmp/busy.out
rmmod alloc_oom >/tmp/rmmod.out 2>&1
expect "rmmod during the round is refused" "$?" -ne 0
# delete_module() says EWOULDBLOCK while the module's refcount is held.
check "rmmod says the module is busy" grep -q 'Resource temporarily unavailable' /tmp/rmmod.out
check "the module is still loaded" grep -q '^alloc_oom ' /proc/modules
wait "$writer"
expect "the round finished: rounds=4" "$(stat_field rounds)" -eq 4
notifier_order "rmmod after the round" debugfs_remove unregister_oom_notifier \
	rmmod alloc_oom
hog_stop
settle
expect_memfree "free memory is back within 1% after rmmod" "$mem0"
