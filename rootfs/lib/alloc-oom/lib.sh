# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Helpers for the guest's scenarios and demo: KTAP results, the module's
# summary line, memory figures and processes the OOM killer may choose.
# Sourced, never run.

# shellcheck disable=SC2034 # for the scripts that source this
AOOM_KO=/root/alloc-oom.ko
AOOM_DEBUGFS=/sys/kernel/debug/alloc_oom
KTAP_N=0
KTAP_FAILED=0

ok() {
	KTAP_N=$((KTAP_N + 1))
	echo "ok $KTAP_N $*"
}

# not_ok DESC REASON
not_ok() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_FAILED=$((KTAP_FAILED + 1))
	echo "not ok $KTAP_N $1 # $2"
}

# check DESC CMD...: ok when CMD succeeds.
check() {
	_d=$1
	shift
	if "$@"; then ok "$_d"; else not_ok "$_d" "failed: $*"; fi
}

# expect DESC ACTUAL OP WANTED: compare with test(1), e.g. expect x "$n" -ge 1
expect() {
	if test "$2" "$3" "$4" 2>/dev/null; then
		ok "$1"
	else
		not_ok "$1" "got '$2', want $3 $4"
	fi
}

# note TEXT: a KTAP diagnostic line.
note() { echo "# $*"; }

# kv KEY: the value of KEY in the "KEY=VALUE KEY=VALUE ..." on stdin.
kv() { tr ' ' '\n' | sed -n "s/^$1=//p"; }

# summary KEY: a field of the module's last "done" line in dmesg.
summary() { dmesg | sed -n 's/.*alloc_oom: done //p' | tail -n 1 | kv "$1"; }

# stat_field KEY: a field of the debugfs stats file.
stat_field() { kv "$1" <"$AOOM_DEBUGFS/stats"; }

# pcp_kb: the pages parked on the per-CPU free lists, in kB (the "count:"
# lines of /proc/zoneinfo; every guest uses 4 KiB pages).
pcp_kb() { awk '$1 == "count:" { n += $2 } END { print n * 4 }' /proc/zoneinfo; }

# memfree_kb: free memory in kB, MemFree plus the per-CPU lists.  MemFree
# leaves those out, and since 6.x auto-tunes their size they can hold
# megabytes of freshly freed pages, which the kernel then moves to the
# buddy lists a batch at a time (the lists' decay, once a second).  A
# batch moved between the two reads would be counted twice or not at
# all: on 7.3, 450 readings after a round spread over 1036 kB.  So the
# lists are read before and after MemFree, and the reading is the first
# where both agree (the same 450 spread over 156 kB).
memfree_kb() {
	_i=0
	while [ $_i -lt 20 ]; do
		_p=$(pcp_kb)
		_m=$(awk '/^MemFree:/ { print $2 }' /proc/meminfo)
		[ "$_p" = "$(pcp_kb)" ] && break
		_i=$((_i + 1))
	done
	echo $((_m + _p))
}

# memfree_back KB [NOW]: free memory (NOW, or read now) is no more than
# 1% below KB.  What the module took and did not give back shows as less
# free memory; more (the kernel freeing caches or slabs of its own
# meanwhile) is no loss.
memfree_back() {
	awk -v a="${2:-$(memfree_kb)}" -v b="$1" 'BEGIN { exit !(b > 0 && (b - a) * 100 <= b) }'
}

# expect_memfree DESC KB: free memory is back within 1% of KB (not more
# than 1% below it).
expect_memfree() {
	_now=$(memfree_kb)
	if memfree_back "$2" "$_now"; then
		ok "$1"
	else
		not_ok "$1" "free ${_now} kB (MemFree + per-CPU lists), was $2 kB"
	fi
}

# sleeper ADJ: start a sleep of 600 s in the background with
# oom_score_adj ADJ, a victim whose death frees almost nothing, and wait
# until it is that sleep (the adjustment set and sh gone by exec), so
# that an OOM at once finds it as named.  Sets SLEEP_PID.
sleeper() {
	sh -c 'echo "$1" >/proc/self/oom_score_adj && exec sleep 600' sh "$1" &
	SLEEP_PID=$!
	_i=0
	while [ "$(cat "/proc/$SLEEP_PID/comm" 2>/dev/null)" != sleep ] && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

# killable ADJ CMD...: run CMD with oom_score_adj ADJ.  The scenario
# shell itself is exempt (-1000) so that it outlives every OOM, and
# children would inherit that.
killable() {
	sh -c 'echo "$1" >/proc/self/oom_score_adj && shift && exec "$@"' sh "$@"
}

# hog_start SIZE [ADJ]: start oom-hog as the OOM killer's preferred
# victim (or with oom_score_adj ADJ) and wait until it holds SIZE.  Sets
# HOG_PID.  Its pages are faulted in inside mmap (--populate): under TCG
# a page fault each took an arm guest 1.1 to 1.9 s for 48M, against 0.3
# to 0.7 s.
hog_start() {
	rm -f /tmp/hog.out
	oom-hog --populate --adj "${2:-1000}" "$1" >/tmp/hog.out 2>&1 &
	HOG_PID=$!
	_i=0
	while ! grep -q holding /tmp/hog.out 2>/dev/null; do
		_i=$((_i + 1))
		if [ $_i -gt 300 ] || ! kill -0 "$HOG_PID" 2>/dev/null; then
			note "oom-hog did not start: $(cat /tmp/hog.out 2>/dev/null)"
			return 1
		fi
		sleep 0.1
	done
}

# hog_in_cgroup CGROUP SIZE: start oom-hog with oom_score_adj 1000 inside
# CGROUP (a cgroup folder), so that its pages are charged there, and wait
# until it holds SIZE.  Sets HOG_PID.
hog_in_cgroup() {
	# shellcheck disable=SC2016 # expanded by the inner sh
	sh -c 'echo $$ >"$1/cgroup.procs" && exec oom-hog --adj 1000 "$2"' sh "$1" "$2" \
		>/tmp/hog.out 2>&1 &
	HOG_PID=$!
	_i=0
	while ! grep -q holding /tmp/hog.out && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

# insmod_in_cgroup ADJ CGROUP PARAM...: insmod the module from inside
# CGROUP with oom_score_adj ADJ; insmod's status.
insmod_in_cgroup() {
	_adj=$1
	_cg=$2
	shift 2
	# shellcheck disable=SC2016 # expanded by the inner sh
	killable "$_adj" sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec insmod "$@"' \
		sh "$_cg" "$AOOM_KO" "$@"
}

# buddyinfo_same: true when the module's debugfs buddyinfo equals
# /proc/buddyinfo.  One cat reads both back to back on an idle guest, so
# that no process starts between them; still, a page taken or freed in
# between (a per-CPU list refilled, a kworker) shows as a difference, so
# up to ten tries a second apart are allowed, each difference noted.
buddyinfo_same() {
	_n=$(wc -l </proc/buddyinfo)
	for _try in 1 2 3 4 5 6 7 8 9 10; do
		cat /proc/buddyinfo "$AOOM_DEBUGFS/buddyinfo" >/tmp/both.buddyinfo
		head -n "$_n" /tmp/both.buddyinfo >/tmp/proc.buddyinfo
		tail -n +"$((_n + 1))" /tmp/both.buddyinfo >/tmp/aoom.buddyinfo
		diff /tmp/proc.buddyinfo /tmp/aoom.buddyinfo >/tmp/buddyinfo.diff && return 0
		note "try $_try differed:"
		sed 's/^/#   /' /tmp/buddyinfo.diff
		sleep 1
	done
	return 1
}

# hog_gone: reap oom-hog; true when it is dead.
hog_gone() {
	kill -0 "$HOG_PID" 2>/dev/null && return 1
	wait "$HOG_PID" 2>/dev/null
	return 0
}

# hog_stop: make sure oom-hog is gone, killing it if the OOM killer did not,
# and reap it.
hog_stop() {
	kill -9 "$HOG_PID" 2>/dev/null
	wait "$HOG_PID" 2>/dev/null
	return 0
}

# settle: let the OOM reaper and the per-CPU lists give pages back before
# MemFree is compared.
settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 0.5
}

# dmesg_dump: the kernel log, between markers, for the host to read.
dmesg_dump() {
	echo "---- dmesg ----"
	dmesg
	echo "---- end of dmesg ----"
}

# nopage_note: remember when a scenario ended (aoom-test calls it after
# each).  nopage_wait: wait until 11 s have passed since then.
# warn_alloc() prints one "page allocation failure" report every 10 s at
# most, and an earlier scenario in the same guest may have printed one
# at any time (its log may be cleared since), so a scenario that needs a
# report of its own (gfp_zone_round, order4, highatomic) waits; in a
# guest of its own, as make check runs them, it goes at once.
nopage_note() {
	read -r _up _ </proc/uptime
	echo "${_up%.*}" >/tmp/aoom-nopage
}
nopage_wait() {
	[ -f /tmp/aoom-nopage ] || return 0
	read -r _last </tmp/aoom-nopage
	read -r _up _ </proc/uptime
	_left=$((_last + 11 - ${_up%.*}))
	[ "$_left" -le 0 ] || sleep "$_left"
}

# gfp_zone_round ZONE: the gfp-dma and gfp-dma32 scenarios.  gfp=ZONE
# limits the loop to a zone below Normal, and the OOM killer never runs
# for those ("does not needlessly kill tasks for lowmem"): the
# allocation fails with the allocator's report and the loop reports
# stop=alloc_failed.  A zone the machine lacks is refused with EINVAL.
# release=all: on x86_64 ZONE_DMA32 and on ARM ZONE_DMA hold all of
# lowmem, and the guest needs it back as soon as the loop gives up.
# Seven results.
gfp_zone_round() {
	nopage_wait
	dmesg -c >/dev/null
	settle
	_mem0=$(memfree_kb)
	killable 0 insmod "$AOOM_KO" gfp="$1" release=all >/tmp/insmod.out 2>&1
	_rc=$?
	if [ "$_rc" != 0 ] && dmesg_has "gfp=$1 needs a zone this machine does not have"; then
		note "$1: $(uname -m) has no such zone"
		check "$1: insmod is refused with EINVAL" grep -q 'Invalid argument' /tmp/insmod.out
		check "$1: nothing was taken or loaded" \
			sh -c "! dmesg | grep -q 'alloc_oom: \(before\|loaded\|done\)'"
		for _what in "stop=alloc_failed" "released all" "page allocation failure" "no OOM kill" "rmmod"; do
			skip "$1: $_what" "no ZONE_$1 on $(uname -m)"
		done
		return
	fi
	expect "$1: insmod returns 0" "$_rc" -eq 0
	expect "$1: stop=alloc_failed" "$(summary stop)" = alloc_failed
	expect "$1: released all $(summary pages) pages" "$(summary released)" -eq "$(summary pages)"
	note "$1: $(dmesg | grep -m 1 'page allocation failure')"
	check "$1: the allocator reported an order-0 failure" \
		sh -c "dmesg | grep -q 'page allocation failure: order:0'"
	check "$1: the OOM killer was not invoked" sh -c "! dmesg | grep -q 'invoked oom-killer'"
	check "$1: rmmod" rmmod alloc_oom
	settle
	expect_memfree "$1: free memory is back within 1% after rmmod" "$_mem0"
}

# in_oom_trace PATTERN: PATTERN occurs in the report of the first OOM,
# between "invoked oom-killer" and "Mem-Info:".
in_oom_trace() {
	dmesg | sed -n '/invoked oom-killer/,/Mem-Info:/p' | grep -q "$1"
}

# dmesg_has STRING: the kernel log contains STRING, taken literally.
dmesg_has() { dmesg | grep -qF "$1"; }

# highatomic_blocks NODE ZONE: the highatomic pageblocks of NODE's ZONE,
# from /proc/pagetypeinfo's "Number of blocks type" table (0 when the
# zone is not there).
highatomic_blocks() {
	awk -v n="$1," -v z="$2" '
		/^Free pages count/ { c = 0 }
		/^Number of blocks type/ {
			for (i = 5; i <= NF; i++)
				if ($i == "HighAtomic")
					c = i
			next
		}
		c && $1 == "Node" && $2 == n && $3 == "zone" && $4 == z { print $c; found = 1 }
		END { if (!found) print 0 }' /proc/pagetypeinfo
}

# traced_calls FUNCS CMD...: run CMD with the kernel's function tracer on
# the kernel functions FUNCS (a space-separated list), for CMD's process
# only, and print the calls it made of them in order, one per line.
# Returns CMD's status, or 2 (having printed why) when this kernel cannot
# trace them.
traced_calls() {
	_tr=/sys/kernel/tracing
	[ -e $_tr/trace ] || mount -t tracefs nodev $_tr 2>/dev/null
	if [ ! -w $_tr/set_ftrace_filter ]; then
		echo "this kernel has no function tracer (CONFIG_FUNCTION_TRACER)"
		return 2
	fi
	for _f in $1; do
		grep -qx "$_f" $_tr/available_filter_functions || {
			echo "$_f is not in available_filter_functions"
			return 2
		}
	done
	echo nop >$_tr/current_tracer
	# A few calls need a few pages: the default buffer would keep
	# megabytes once the first tracer has expanded it.
	echo 16 >$_tr/buffer_size_kb
	echo "$1" >$_tr/set_ftrace_filter
	: >$_tr/trace
	echo function >$_tr/current_tracer
	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	sh -c 'echo $$ >'$_tr'/set_ftrace_pid && exec "$@"' sh "$@" >/dev/null 2>&1
	_rc=$?
	# A change of tracer empties the buffer: stop it and read it first.
	echo 0 >$_tr/tracing_on
	# "  insmod-97  [000] .....  12.345678: debugfs_create_dir <-init"
	sed -n 's/.* [0-9]*\.[0-9]*: \([A-Za-z0-9_.]*\) <-.*/\1/p' $_tr/trace
	echo nop >$_tr/current_tracer
	: >$_tr/set_ftrace_pid
	: >$_tr/set_ftrace_filter
	echo 1 >$_tr/tracing_on
	return $_rc
}

# called_before CALLS A B: in CALLS (traced_calls' output), A was called
# and B not before it.
called_before() {
	_a=$(echo "$1" | grep -n -m 1 -x "$2" | cut -d: -f1)
	_b=$(echo "$1" | grep -n -m 1 -x "$3" | cut -d: -f1)
	[ -n "$_a" ] && { [ -z "$_b" ] || [ "$_a" -lt "$_b" ]; }
}

# skip DESC REASON: a KTAP result that was not run, and why.
skip() {
	KTAP_N=$((KTAP_N + 1))
	echo "ok $KTAP_N $1 # SKIP $2"
}

# zone_free WHEN ZONE: free pages of ZONE in the module's WHEN scan of the
# last round, e.g. zone_free after HighMem.
zone_free() {
	dmesg | sed -n "s/.*alloc_oom: $1: node 0 zone $2 free=\([0-9]*\) .*/\1/p" | tail -n 1
}

# kmods_load: load the kernel's own modules the guest carries in
# /lib/alloc-oom/modules (zram, ext4 and what they depend on), in the
# order of its "order" file, each unless loaded or built in.  On failure
# it says which and returns 1.
kmods_load() {
	_mods=/lib/alloc-oom/modules
	[ -f $_mods/order ] || return 0
	while read -r _m; do
		grep -q "^$_m " /proc/modules && continue
		[ ! -d "/sys/module/$_m" ] || continue
		insmod "$_mods/$_m.ko" || {
			echo "insmod $_mods/$_m.ko failed"
			return 1
		}
	done <$_mods/order
}

# zram_disk SIZE: zram0 made SIZE (e.g. 64M) long.  On failure it says
# why and returns 1, or 2 when the kernel has no zram at all.
zram_disk() {
	kmods_load || return 1
	if [ ! -e /sys/block/zram0 ]; then
		echo "this kernel has no zram (CONFIG_ZRAM), built in or in /lib/alloc-oom/modules"
		return 2
	fi
	echo "$1" >/sys/block/zram0/disksize
}

# zram_swap SIZE: swap on a zram disk of SIZE, so that reclaim has
# somewhere to put anonymous pages.  Status as zram_disk's.
zram_swap() {
	zram_disk "$1" || return
	mkswap /dev/zram0 >/dev/null &&
		swapon /dev/zram0
}

# zram_ext2 SIZE DIR: an ext2 file system on a zram disk of SIZE, mounted
# on DIR: page cache that is neither shmem nor ramfs, so a file's pages
# are charged with its mapping's GFP mask (GFP_HIGHUSER_MOVABLE), as on
# a disk.  Its blocks are 4K, the least a zram disk takes.  Status as
# zram_disk's.
zram_ext2() {
	zram_disk "$1" || return
	mkdir -p "$2" && mke2fs -q -b 4096 /dev/zram0 >/dev/null &&
		mount -t ext2 /dev/zram0 "$2"
}

# zram_off: undo zram_swap.
zram_off() {
	swapoff /dev/zram0 && echo 1 >/sys/block/zram0/reset
}

# kill_rounds VICTIM ADJ RELEASE ROUNDS: ROUNDS rounds of insmod with
# oom_score_adj ADJ and release=RELEASE (the default kills=1) against
# VICTIM: tiny (a sleep), a size for oom-hog (e.g. 48M), or none.  Each
# round must end with exactly the kills expected and no panic: none with
# release=notifier or with nothing killable, else one, of the victim or,
# with no victim, of insmod itself; a victim not killed must still run,
# and rmmod must work.  Sets KR_BAD to the rounds that did not, and
# KR_WANT to the kills expected; each bad round is noted.
kill_rounds() {
	KR_BAD=0
	KR_WANT=1
	[ "$3" != notifier ] || KR_WANT=0
	[ "$1" != none ] || [ "$2" != -1000 ] || KR_WANT=0
	_r=0
	while [ $_r -lt "$4" ]; do
		_r=$((_r + 1))
		dmesg -c >/dev/null
		_vpid=
		case $1 in
		none) ;;
		tiny)
			sleeper 1000
			_vpid=$SLEEP_PID
			;;
		*)
			hog_start "$1" || {
				KR_BAD=$((KR_BAD + 1))
				continue
			}
			_vpid=$HOG_PID
			;;
		esac
		killable "$2" insmod "$AOOM_KO" release="$3"
		_kills=$(summary kills)
		_logged=$(dmesg | grep -c 'Killed process')
		_why=
		[ "$_kills" = "$KR_WANT" ] || _why="$_why kills=$_kills;"
		[ "$_logged" = "$KR_WANT" ] || _why="$_why $_logged 'Killed process' lines;"
		! dmesg_has 'deadlocked on memory' || _why="$_why deadlock panic;"
		if [ -n "$_vpid" ] && [ "$KR_WANT" = 0 ] && ! kill -0 "$_vpid" 2>/dev/null; then
			_why="$_why the victim is gone;"
		fi
		rmmod alloc_oom || _why="$_why rmmod failed;"
		if [ -n "$_vpid" ]; then
			kill -9 "$_vpid" 2>/dev/null
			wait "$_vpid" 2>/dev/null
		fi
		if [ -n "$_why" ]; then
			KR_BAD=$((KR_BAD + 1))
			note "victim=$1 adj=$2 release=$3 round $_r:$_why stop=$(summary stop)"
			dmesg | grep -E 'oom-kill:|Killed process|alloc_oom: (OOM|done)' | sed 's/^/#   /'
		fi
	done
}

# kill_matrix ROUNDS 'ADJ...' VICTIM...: kill_rounds for each VICTIM,
# each insmod oom_score_adj ADJ (0 killable, -1000 exempt) and each
# release mode of KILL_MODES (default: all four): one result each.
kill_matrix() {
	_rounds=$1
	_adjs=$2
	shift 2
	for _v in "$@"; do
		for _adj in $_adjs; do
			for _rel in ${KILL_MODES:-none backup all notifier}; do
				kill_rounds "$_v" "$_adj" "$_rel" "$_rounds"
				expect "victim=$_v insmod adj=$_adj release=$_rel: $KR_WANT kill(s) in each of $_rounds rounds" \
					"$KR_BAD" -eq 0
			done
		done
	done
}

# node_free_kb NODE: free memory of NUMA node NODE, in kB.
node_free_kb() {
	awk '$3 == "MemFree:" { print $4 }' "/sys/devices/system/node/node$1/meminfo"
}

# top_order: the kernel's highest page order, from the column count of
# /proc/buddyinfo ("Node 0, zone DMA32 n0 n1 ...").
top_order() { awk '{ print NF - 5; exit }' /proc/buddyinfo; }

# every_order HOG: every order from 0 to the kernel's highest loads with
# the default parameters, insmod killable, and runs a round.  Orders 0 to
# 3 run against oom-hog holding HOG and must end with stop=kill and one
# kill, of oom-hog.  Above 3 the allocator fails instead of calling the
# OOM killer: stop=alloc_failed, and nothing killed (no oom-hog, so that
# an OOM would have to take insmod).  Each round fills the guest's memory:
# outside the full tier (AOOM_FULL=1) the rounds run only at the orders
# of SHORT_ORDERS (default "0 3 4 top": the edges of both outcomes, top
# for the highest), and every other order loads with trigger=0, which
# checks its parameters and reserve as a round's load does, and is
# removed.  Four results: every insmod loaded, the low orders, the high
# orders, every rmmod.
every_order() {
	_top=$(top_order)
	_load='' _low='' _high='' _rm='' _o=0 _lows='' _highs=''
	_short=" $(echo "${SHORT_ORDERS:-0 3 4 top}" | sed "s/top/$_top/") "
	while [ "$_o" -le "$_top" ]; do
		dmesg -c >/dev/null
		case ${AOOM_FULL:-}:$_short in
		1:* | *" $_o "*) ;;
		*)
			insmod "$AOOM_KO" order=$_o trigger=0 >/tmp/insmod.out 2>&1 ||
				_load="$_load $_o: exit $?, $(tr '\n' ' ' </tmp/insmod.out)$(dmesg | sed -n 's/.*alloc_oom: //p' | head -n 1);"
			grep -q '^alloc_oom ' /proc/modules && ! rmmod alloc_oom && _rm="$_rm $_o;"
			_o=$((_o + 1))
			continue
			;;
		esac
		settle
		HOG_PID=
		if [ "$_o" -le 3 ] && ! hog_start "$1"; then
			_low="$_low $_o: oom-hog did not start;"
		fi
		killable 0 insmod "$AOOM_KO" order=$_o >/tmp/insmod.out 2>&1
		_rc=$?
		if [ "$_rc" != 0 ]; then
			_load="$_load $_o: exit $_rc, $(tr '\n' ' ' </tmp/insmod.out)$(dmesg | sed -n 's/.*alloc_oom: //p' | head -n 1);"
		fi
		_stop=$(summary stop) _kills=$(summary kills)
		_killed=$(dmesg | grep -c 'Killed process')
		note "order $_o: $(dmesg | sed -n 's/.*alloc_oom: done //p' | tail -n 1)"
		if [ "$_o" -le 3 ]; then
			_lows="$_lows${_lows:+,}$_o"
			[ "$_stop" = kill ] || _low="$_low $_o: stop=$_stop;"
			[ "$_kills" = 1 ] || _low="$_low $_o: kills=$_kills;"
			[ "$_killed" = 1 ] || _low="$_low $_o: $_killed 'Killed process' lines;"
			dmesg | grep -q "Killed process ${HOG_PID:-none} (oom-hog)" ||
				_low="$_low $_o: oom-hog was not the victim;"
		else
			_highs="$_highs${_highs:+,}$_o"
			[ "$_stop" = alloc_failed ] || _high="$_high $_o: stop=$_stop;"
			[ "$_kills" = 0 ] || _high="$_high $_o: kills=$_kills;"
			[ "$_killed" = 0 ] || _high="$_high $_o: $_killed 'Killed process' lines;"
			! dmesg | grep -q 'insmod invoked oom-killer' ||
				_high="$_high $_o: insmod invoked the OOM killer;"
		fi
		grep -q '^alloc_oom ' /proc/modules && ! rmmod alloc_oom && _rm="$_rm $_o;"
		[ -z "$HOG_PID" ] || hog_stop
		_o=$((_o + 1))
	done
	expect "every order from 0 to $_top loads with the default parameters" ":$_load" = ":"
	expect "rounds at orders $_lows: stop=kill, one kill, of oom-hog" ":$_low" = ":"
	expect "rounds at orders $_highs: stop=alloc_failed, the OOM killer not invoked, nothing killed" ":$_high" = ":"
	expect "every rmmod worked" ":$_rm" = ":"
}

# orders_scenario HOG: the orders and orders-1g scenarios, at the guest's
# RAM: every order with the default parameters against an oom-hog of HOG
# (every_order), then the shell answers and free memory comes back.
orders_scenario() {
	settle
	_mem0=$(memfree_kb)
	note "orders 0 to $(top_order), by the columns of /proc/buddyinfo"
	every_order "$1"
	check "the shell still answers" sh -c 'echo alive >/dev/null'
	settle
	expect_memfree "free memory is back within 1% after the last rmmod" "$_mem0"
}
