# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/guests.sh: step 4 of 'make check', sourced by tests/run.sh: a
# saved guest per row of $ready, every scenario of $SCENARIOS in a guest
# of its own, and their KTAP results and kernel logs read out of the
# serial logs.
# shellcheck disable=SC2154 # the variables are tests/run.sh's

# 4. Guests.  Each job runs one scenario in a guest of its own; JOBS at a
# time, twice as many once the host-side checks have ended.  A scenario's
# "# aoom: arch=A,B mem=M numa=N timeout=S" line limits it to those
# architectures and sets the guest's RAM (default 256M), its NUMA nodes
# (default 1) and its time limit in seconds (default 240); rows=default
# keeps it to the default series outside FULL.  A
# guest of each row is booted once and saved as it waits for its command
# (boot.sh --save), and every scenario with the default RAM and nodes
# starts from that saved guest instead of booting: the same kernel,
# initramfs and QEMU options, up to the moment init reads its command.
# Another RAM size that two scenarios or more of the row run with (1G:
# kills-1g, orders-1g, and highmem on arm) gets a saved guest of its own.
# SAVE=no boots every guest.
t0=$(now_ms)
# row_scenarios ARCH KVER: "SCENARIO MEM NUMA" for each scenario the row
# runs in this tier.
row_scenarios() {
	local s mem numa
	for s in $SCENARIOS; do
		scenario_runs_on "$s" "$1" || continue
		scenario_in_tier "$s" "$2" "$FULL" || continue
		scenario_opt_var mem "$s" mem
		scenario_opt_var numa "$s" numa
		echo "$s ${mem:-256M} ${numa:-1}"
	done
}
# saved_state ARCH KVER MEM: the file of the row's saved guest of MEM.
saved_state() { echo "$out/saved-$2-$1-$3.state"; }
save_job() {
	local arch=$1 kver=$2 mem=$3 log
	log=$out/saved-$kver-$arch-$mem.log
	rm -f "$(saved_state "$arch" "$kver" "$mem")"
	"$S/boot.sh" --arch "$arch" --kver "$kver" --mem "$mem" --quiet --timeout 120 \
		--save "$(saved_state "$arch" "$kver" "$mem")" --log "$log" >"$log.host" 2>&1
	echo $? >"$log.rc"
}
export -f save_job saved_state
# The sizes to save: 256M, and any other that two scenarios or more of
# the row run with on one node.
saves=$(for t in $ready; do
	[ "$SAVE" != no ] || continue
	arch=${t%/*} kver=${t#*/}
	{
		echo 256M
		row_scenarios "$arch" "$kver" | awk '$2 != "256M" && $3 == 1 { print $2 }' | sort | uniq -d
	} | sort -u | while read -r mem; do echo "$arch $kver $mem"; done
done)
echo "$saves" | sed '/^$/d' | xargs -r -P "$JOBS" -L 1 bash -c 'save_job "$@"' _
while read -r arch kver mem; do
	[ -n "$arch" ] || continue
	t=$arch/$kver
	log=$out/saved-$kver-$arch-$mem.log
	[ -e "$log.rc" ] || continue
	if [ "$(cat "$log.rc")" = 0 ]; then
		result ok "$t a booted guest of $mem is saved for the scenarios: $(sed -n 's/.*saved the booted guest to .* (\(.*\)) after \(.*\)$/\1 in \2/p' "$log.host")"
	else
		result fail "$t a booted guest of $mem is saved for the scenarios" "see $log.host; its scenarios boot"
		diag 10 "$log.host"
	fi
	rm -f "$log.rc"
done <<<"$saves"
phase "saved guests" "$t0"
guest_job() {
	local arch=$1 kver=$2 scenario=$3 mem=$4 timeout=$5 numa=$6 state=$7 full=$8 restore=()
	local log=$out/guest-$kver-$arch-$scenario.log
	[ "$state" = - ] || restore=(--restore "$state")
	"$S/boot.sh" --arch "$arch" --kver "$kver" --mem "$mem" --numa "$numa" --quiet --timeout "$timeout" \
		"${restore[@]}" --cmd "$([ "$full" = 0 ] || echo 'AOOM_FULL=1 ')aoom-test $scenario" --log "$log" >"$log.host" 2>&1
	echo $? >"$log.rc"
}
# guest_host_log FILE: from a guest's host log (boot.sh's own lines),
# $secs, how long its command ran (empty when it did not finish), and
# $how, booted or restored; read by bash alone, as a process costs
# milliseconds and there are hundreds of guests.
guest_host_log() {
	local line
	secs='' how=booted
	[ -f "$1" ] || return 0
	while IFS= read -r line; do
		case $line in
		'==> restoring'*) how=restored ;;
		'==> guest command exited '[0-9]*' after '*)
			secs=${line#* after }
			secs=${secs%%s*}
			;;
		esac
	done <"$1"
}
t0=$(now_ms)
# The longest guests start first, so that no long one is left running
# alone at the end: as long as the last run took, or a tenth of the
# scenario's time limit when there was none.
for t in $ready; do
	arch=${t%/*} kver=${t#*/}
	full=0
	[ -z "$FULL" ] && [ "$kver" != "$(kernel_default)" ] || full=1
	while read -r s mem numa; do
		scenario_opt_var timeout "$s" timeout
		timeout=${timeout:-240}
		guest_host_log "$out/guest-$kver-$arch-$s.log.host"
		from=-
		state=$(saved_state "$arch" "$kver" "$mem")
		[ "$numa" != 1 ] || [ ! -f "$state" ] || from=$state
		echo "${secs:-$((timeout / 10))} $arch $kver $s $mem $timeout $numa $from $full"
	done < <(row_scenarios "$arch" "$kver")
done | sort -rn | cut -d' ' -f2- >"$out/guest-queue"
# guest_worker: the queue's guests one after another, each taken off its
# top under a lock, until it is empty.
guest_worker() {
	local job
	while :; do
		# shellcheck disable=SC2016 # for the inner sh
		job=$(flock "$out/guest-queue.lock" sh -c 'head -n 1 "$1" && sed -i 1d "$1"' sh "$out/guest-queue")
		[ -n "$job" ] || return 0
		# shellcheck disable=SC2086 # one word per field
		guest_job $job
	done
}
workers=()
for ((i = 0; i < JOBS; i++)); do
	guest_worker &
	workers+=($!)
done
# The host-side checks beside the guests keep about a CPU busy; a guest
# leaves part of one idle (it sleeps while it waits for kswapd, a reaper
# or a settle: release-modes kept x86_64/6.1's QEMU busy 10.4 s of
# 15.3).  Once those checks have ended, JOBS guests more run at a time:
# with one more, two CPUs were still a tenth idle.
if [ -n "${host_pid:-}" ]; then
	for ((i = 0; i < JOBS; i++)); do
		{
			while kill -0 "$host_pid" 2>/dev/null && [ -s "$out/guest-queue" ]; do
				sleep 2
			done
			guest_worker
		} &
		workers+=($!)
	done
fi
wait "${workers[@]}"
rm -f "$out/guest-queue" "$out/guest-queue.lock"

# The verdict cannot be forged: a guest of each row, restored from its
# saved boot where there is one, runs a command that prints a fake
# "aoom-exit=0" on the console, writes a status of 0 on the verdict
# channel itself, as init does after a command, and then panics the
# kernel.  boot.sh must say 123: a panic after a status.
verdict_job() {
	local arch=$1 kver=$2 state=$3 restore=() log=$out/verdict-$2-$1.log cmd
	# shellcheck disable=SC2016 # for the guest's shell
	cmd='echo aoom-exit=0; v=$(sed -n "s/.*aoom[.]verdict=\([^ ]*\).*/\1/p" /proc/cmdline)
echo aoom-exit=0 >"/dev/$v"; echo c >/proc/sysrq-trigger'
	[ "$state" = - ] || restore=(--restore "$state")
	"$S/boot.sh" --arch "$arch" --kver "$kver" --quiet --timeout 120 "${restore[@]}" \
		--cmd "$cmd" --log "$log" >"$log.host" 2>&1
	echo $? >"$log.rc"
}
export -f verdict_job
for t in $ready; do
	state=$(saved_state "${t%/*}" "${t#*/}" 256M)
	[ -f "$state" ] || state=-
	echo "${t%/*} ${t#*/} $state"
done | xargs -r -P "$JOBS" -L 1 bash -c 'verdict_job "$@"' _

rm -f "$out"/times-*
# The kernel must not have complained anywhere in a scenario.
booted=0 restored=0
kernel_trouble='BUG:|Oops|WARNING:|Kernel panic|soft lockup|rcu.*(stall|self-detected)|blocked for more than|general protection fault|Unable to handle kernel'
for t in $ready; do
	arch=${t%/*} kver=${t#*/}
	for s in $SCENARIOS; do
		log=$out/guest-$kver-$arch-$s.log
		name="$t $s"
		if ! scenario_runs_on "$s" "$arch"; then
			result skip "$name" "the scenario needs arch=$(scenario_opt "$s" arch) (its '# aoom:' line)"
			continue
		fi
		if ! scenario_in_tier "$s" "$kver" "$FULL"; then
			result skip "$name" "rows=default (its '# aoom:' line): make check runs it on each architecture's $(kernel_default), make check-full on every row"
			continue
		fi
		guest_host_log "$log.host"
		if [ -z "$secs" ]; then
			result fail "$name: guest finished" "$(tail -n 1 "$log.host" 2>/dev/null)"
			sed 's/^/#   /' "$log.host" 2>/dev/null | tail -n 42
			continue
		fi
		echo "$secs" >>"$out/times-$kver-$arch"
		echo "$secs $s $t" >>"$out/times-scenarios"
		if [ "$how" = restored ]; then
			restored=$((restored + 1))
		else
			booted=$((booted + 1))
		fi
		tap_import "$log" "$name: "
		# The serial log's plan, and the first line of kernel trouble in
		# its dmesg, in one pass.
		{
			read -r plan || plan=
			IFS= read -r trouble || trouble=
		} < <(awk -v re="$kernel_trouble" '
			p == "" && /^1\.\.[0-9]+$/ { p = substr($0, 4) }
			/^---- dmesg ----$/ { d = 1 }
			d && t == "" && $0 ~ re { t = $0 }
			/^---- end of dmesg ----$/ { d = 0 }
			END { print p; print t }' "$log")
		if [ -n "$plan" ] && [ "$imported" = "$plan" ]; then
			result ok "$name: all $plan planned results reported"
		else
			result fail "$name: all planned results reported" "planned ${plan:-?}, got $imported"
		fi
		if [ -z "$trouble" ]; then
			result ok "$name: kernel log has no oops, WARN, lockup or stall"
		else
			result fail "$name: kernel log has no oops, WARN, lockup or stall" "$trouble"
		fi
	done
done
for t in $ready; do
	log=$out/verdict-${t#*/}-${t%/*}.log
	rc=$(cat "$log.rc" 2>/dev/null || echo none)
	how=booted
	! grep -q '^==> restoring' "$log.host" 2>/dev/null || how=restored
	if [ "$rc" = "$AOOM_EXIT_PANIC" ] && grep -qx 'aoom-exit=0' "$log" &&
		grep -q 'the guest kernel panicked after the command exited 0' "$log.host"; then
		result ok "$t verdict: a fake aoom-exit=0 on the console, a status on the channel, then a panic: $rc ($how guest)"
	else
		result fail "$t verdict: a fake aoom-exit=0 on the console, a status on the channel, then a panic: 123" "exit $rc, see $log.host"
		diag 10 "$log.host"
	fi
done
rm -f "$out"/saved-*.state
phase "guests ($booted booted, $restored restored from a saved boot)" "$t0"
