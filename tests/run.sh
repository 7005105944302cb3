#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/run.sh: everything 'make check' proves, as TAP version 13: one
# result line each ("ok N name" / "not ok N name # why"), diagnostics as
# "#" comments, the plan "1..N" after the last result, and then
# "N passed, N failed" as the last line.
#
#   1. set-up: host packages, guest kernels, checkpatch;
#   2. gates: the module builds for every guest, a W=1 build with sparse
#      (C=2) is silent, checkpatch --strict and clang-format find nothing, and
#      the scripts pass shellcheck;
#   3. host-side checks (tests/host.sh): installing, your own kernel,
#      the front door and the userspace tools' own tests, beside the
#      guests;
#   4. guests: every scenario of rootfs/lib/alloc-oom/scenarios runs in
#      its own guest on every kernel and architecture; the host reads the
#      KTAP results and the kernel log out of the real serial log;
#   5. the benchmark's smoke run, and the time each phase took.
#
# ARCHES, KVERS and SCENARIOS narrow the run; RT lists the ARCH/KVER rows
# that also run on Debian's PREEMPT_RT flavour (default x86_64/6.12; empty
# for none); JOBS sets how many guests boot at once (default: the number
# of CPUs); SAVE=no boots every guest instead of restoring saved ones.
# QUICK=1 ('make check-quick') is the short loop: one kernel per
# architecture (the first of scripts/kernels) with every scenario, the
# gates, and no install, front-door, tools or bench checks.
set -eu
# shellcheck source=../scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"

ARCHES=${ARCHES:-$(table_rows machines | awk '{ print $1 }' | uniq | xargs)}
QUICK=${QUICK:-}
KVERS=${KVERS:-$(table_rows kernels | awk -v q="$QUICK" '{ print $1; if (q != "") exit }' | xargs)}
SCENARIOS=${SCENARIOS:-$(find "$AOOM_TOP/rootfs/lib/alloc-oom/scenarios" -name '*.sh' -exec basename {} .sh \; | sort | xargs)}
RT=${RT-$([ -n "$QUICK" ] || echo x86_64/6.12)}
JOBS=${JOBS:-$(nproc)}
out=$BUILD/tests
S=$AOOM_TOP/scripts
mkdir -p "$out"

n=0 passed=0 failed=0 skipped=0
: >"$out/results"
: >"$out/tap"
# result ok|fail|skip NAME [REASON]: one TAP line, kept in $out/tap too.
result() {
	local line
	n=$((n + 1))
	printf '%s\t%s\n' "$1" "$2" >>"$out/results"
	case $1 in
	ok)
		passed=$((passed + 1))
		line="ok $n $2"
		;;
	skip)
		skipped=$((skipped + 1))
		line="ok $n $2 # SKIP ${3:-}"
		;;
	*)
		failed=$((failed + 1))
		line="not ok $n $2 # ${3:-failed}"
		;;
	esac
	echo "$line"
	echo "$line" >>"$out/tap"
}

# gate NAME LOG CMD...: ok when CMD succeeds and prints no warning or
# error, make's own $(warning)s ("Makefile:1311: C=2 specified, but sparse
# is not available or not up to date") included.
gate() {
	local name=$1 log=$2 rc=0
	shift 2
	"$@" >"$log" 2>&1 || rc=$?
	gate_verdict "$name" "$log" "$rc"
}

# gate_verdict NAME LOG STATUS: the same for a command that already ran.
gate_verdict() {
	if [ "$3" = 0 ] && ! grep -Eiq '(warning|error)[: ]|Makefile[^ ]*:[0-9]+: ' "$2"; then
		result ok "$1"
	else
		result fail "$1" "see $2"
		sed 's/^/#   /' "$2" | tail -n 20
	fi
}

# diag N FILE: the last N lines of FILE, as TAP comments.
diag() { tail -n "$1" "$2" | sed 's/^/#   /'; }

# ktap_name LINE: the description of a KTAP result line.
ktap_name() {
	local l=${1#not }
	l=${l#ok }
	l=${l#"${l%%[!0-9]*}"}
	l=${l# }
	echo "${l%% # *}"
}

# phase NAME START: how long a phase took since START, now and again in
# the breakdown at the end.
phases=()
phase() {
	local secs
	secs=$(since "$2")
	echo "# $1 took $secs s"
	phases+=("$(printf '%8s s  %s' "$secs" "$1")")
}

# The stream is TAP version 13 with the plan at its end, so that prove and
# other TAP consumers read it; the plain count closes it, for CI.
finish() {
	echo "1..$n"
	echo "$passed passed, $failed failed$([ "$skipped" = 0 ] || echo ", $skipped skipped")"
	[ "$failed" = 0 ]
}

t_start=$(now_ms)
echo "TAP version 13"
echo "# alloc-oom tests: ARCHES='$ARCHES' KVERS='$KVERS' JOBS=$JOBS"

# 1. Set-up.  Without a kernel or the tools nothing else can run.  What
# setup-host.sh says (the packages it installs and why, apt's progress)
# is shown as it comes, as TAP comments.
# shellcheck disable=SC2086 # lists of words
"$S/setup-host.sh" $ARCHES 2>&1 | tee "$out/setup.log" | sed -u 's/^/#   /'
if [ "${PIPESTATUS[0]}" != 0 ]; then
	result fail "set-up: host packages" "see $out/setup.log"
	finish
	exit 1
fi
result ok "set-up: host packages"
if "$S/fetch-checkpatch.sh" >"$out/checkpatch-fetch.log" 2>&1; then
	result ok "set-up: checkpatch from linux-source-6.1"
else
	result fail "set-up: checkpatch from linux-source-6.1" "see $out/checkpatch-fetch.log"
fi
# The ARCH/KVER rows: every kernel on every architecture, then the rt ones.
rows=
for kver in $KVERS; do
	for arch in $ARCHES; do
		! kernel_has_arch "$kver" "$arch" || rows="$rows $arch/$kver"
	done
done
for t in $RT; do
	[[ " $rows " != *" $t "* ]] || rows="$rows $t-rt"
done
# The build roots the rows need are made while the kernels download.
roots=$(for kver in $KVERS; do table_rows kernels | awk -v k="$kver" '$1 == k && $4 != "-" { print $4 }'; done | sort -u)
for r in $roots; do
	"$S/buildroot.sh" "$r" >"$out/buildroot-$r.log" 2>&1 &
	echo "$!" >"$out/buildroot-$r.pid"
done
targets=
for t in $rows; do
	arch=${t%/*} kver=${t#*/}
	if "$S/fetch.sh" --arch "$arch" --kver "$kver" >"$out/fetch-$kver-$arch.log" 2>&1; then
		result ok "$t fetch: $(machine_load "$arch" && kernel_load "$kver" && cat "$(kernel_dir)/release")"
		targets="$targets $t"
	else
		result fail "$t fetch" "see $out/fetch-$kver-$arch.log"
		diag 10 "$out/fetch-$kver-$arch.log"
	fi
done
for r in $roots; do
	if wait "$(cat "$out/buildroot-$r.pid")"; then
		result ok "set-up: Debian $r build root ($(du -sh "$CACHE/buildroot/$r" | cut -f1))"
	else
		result fail "set-up: Debian $r build root" "see $out/buildroot-$r.log"
		diag 10 "$out/buildroot-$r.log"
	fi
done
phase set-up "$t_start"

# 2. Gates.  A row's module build, its initramfs and its W=1 build with
# sparse (C=2; one build checks both) are one job, JOBS rows at a time;
# the results follow in order.
# job_run LOG CMD...: CMD's output in LOG and its status in LOG.rc.
job_run() {
	local log=$1 rc=0
	shift
	"$@" >"$log" 2>&1 || rc=$?
	echo "$rc" >"$log.rc"
	return "$rc"
}
build_job() {
	local arch=$1 kver=$2
	rm -f "$out"/{build,initramfs,checks}-"$kver-$arch".log.rc
	job_run "$out/build-$kver-$arch.log" "$S/build-module.sh" --arch "$arch" --kver "$kver" || return 0
	job_run "$out/initramfs-$kver-$arch.log" "$S/mkinitramfs.sh" --arch "$arch" --kver "$kver" || true
	job_run "$out/checks-$kver-$arch.log" \
		"$S/build-module.sh" --arch "$arch" --kver "$kver" --out "$out/checks-$kver-$arch" W=1 C=2 || true
}
export -f job_run build_job
export out S
t0=$(now_ms)
for t in $targets; do
	echo "${t%/*} ${t#*/}"
done | xargs -r -P "$JOBS" -L 1 bash -c 'build_job "$@"' _
ready=
for t in $targets; do
	arch=${t%/*} kver=${t#*/}
	log=$out/build-$kver-$arch.log
	if [ "$(cat "$log.rc" 2>/dev/null)" = 0 ]; then
		result ok "$t build alloc-oom.ko"
		if [ "$(cat "$out/initramfs-$kver-$arch.log.rc" 2>/dev/null)" = 0 ]; then
			ready="$ready $t"
		else
			result fail "$t initramfs" "see $out/initramfs-$kver-$arch.log"
		fi
	else
		result fail "$t build alloc-oom.ko" "see $log"
		diag 20 "$log"
		continue
	fi
	log=$out/checks-$kver-$arch.log
	gate_verdict "$t W=1 build with sparse (C=2) is silent" "$log" "$(cat "$log.rc" 2>/dev/null || echo missing)"
done

checkpatch=$CACHE/checkpatch/scripts/checkpatch.pl
clang_format=$CACHE/checkpatch/.clang-format
cd "$AOOM_TOP"
# Kernel code (the module and the benchmark's module), oom-hog and the
# make plugin, all in the kernel's style.
for f in Kbuild ./*.c ./*.h bench/Kbuild bench/*.c tools/oom-hog/*.c scripts/*.c; do
	f=${f#./}
	# kbuild's generated source, left by an in-tree make
	case $f in *.mod.c) continue ;; esac
	ignore=
	# A hog must write its pages through a volatile pointer, or the
	# compiler may drop the writes; that is the one use checkpatch doubts.
	case $f in tools/*) ignore=--ignore=VOLATILE ;; esac
	if [ -x "$checkpatch" ]; then
		gate "checkpatch --strict $f" "$out/checkpatch-${f//\//_}.log" \
			"$checkpatch" --strict --no-tree --terse --quiet $ignore -f "$f"
	fi
	case $f in *.c | *.h)
		if [ -f "$clang_format" ]; then
			# shellcheck disable=SC2016 # expanded by the inner sh
			gate "clang-format (the kernel's) $f" "$out/clang-format-${f//\//_}.log" \
				sh -c 'clang-format --style=file:"$1" "$2" | diff -u "$2" -' sh "$clang_format" "$f"
		fi
		;;
	esac
done
for f in $(git ls-files 2>/dev/null | xargs grep -lE '^#!.*(ba)?sh|^# shellcheck shell=' 2>/dev/null); do
	gate "shellcheck $f" "$out/shellcheck-${f//\//_}.log" shellcheck -x -P SCRIPTDIR "$f"
done
phase gates "$t0"

# 2b, 2c and 3: installing, the front door and the tools (tests/host.sh).
# They keep one CPU busy at a time, so they run beside the guests; their
# results and comments are held back in $out/host.stream and follow the
# guests' in the stream.
host_pid=
if [ -n "$QUICK" ]; then
	echo "# check-quick: the install, front-door, tools and bench checks are left out (make check runs them)"
else
	echo "# the install, front-door and tools checks run beside the guests; their results follow the guests'"
	rm -f "$out/host.rc"
	{
		(
			result() { printf '@@result\t%s\t%s\t%s\n' "$1" "$2" "${3:-}"; }
			phase() { printf '@@phase\t%s\t%s\n' "$1" "$(since "$2")"; }
			# shellcheck source=host.sh
			. "$AOOM_TOP/tests/host.sh"
		) >"$out/host.stream" 2>&1
		echo "$?" >"$out/host.rc"
	} &
	host_pid=$!
fi

# 4. Guests.  Each job runs one scenario in a guest of its own; JOBS at a
# time.  A scenario's "# aoom: arch=A,B mem=M numa=N timeout=S" line
# limits it to those architectures and sets the guest's RAM (default
# 256M), its NUMA nodes (default 1) and its time limit in seconds (default
# 240).  A guest of each row is booted once and saved as it waits for its
# command (boot.sh --save), and every scenario with the default RAM and
# nodes starts from that saved guest instead of booting: the same kernel,
# initramfs and QEMU options, up to the moment init reads its command.
# SAVE=no boots every guest.
t0=$(now_ms)
save_job() {
	local arch=$1 kver=$2 log
	log=$out/saved-$kver-$arch.log
	rm -f "$out/saved-$kver-$arch.state"
	"$S/boot.sh" --arch "$arch" --kver "$kver" --quiet --timeout 120 \
		--save "$out/saved-$kver-$arch.state" --log "$log" >"$log.host" 2>&1
	echo $? >"$log.rc"
}
export -f save_job
for t in $ready; do
	[ "${SAVE:-yes}" = no ] || echo "${t%/*} ${t#*/}"
done | xargs -r -P "$JOBS" -L 1 bash -c 'save_job "$@"' _
for t in $ready; do
	arch=${t%/*} kver=${t#*/}
	log=$out/saved-$kver-$arch.log
	[ -e "$log.rc" ] || continue
	if [ "$(cat "$log.rc")" = 0 ]; then
		result ok "$t a booted guest is saved for the scenarios: $(sed -n 's/.*saved the booted guest to .* (\(.*\)) after \(.*\)$/\1 in \2/p' "$log.host")"
	else
		result fail "$t a booted guest is saved for the scenarios" "see $log.host; its scenarios boot"
		diag 10 "$log.host"
	fi
	rm -f "$log.rc"
done
phase "saved guests" "$t0"
guest_job() {
	local arch=$1 kver=$2 scenario=$3 mem=$4 timeout=$5 numa=$6 state=$7 restore=()
	local log=$out/guest-$kver-$arch-$scenario.log
	[ "$state" = - ] || restore=(--restore "$state")
	"$S/boot.sh" --arch "$arch" --kver "$kver" --mem "$mem" --numa "$numa" --quiet --timeout "$timeout" \
		"${restore[@]}" --cmd "aoom-test $scenario" --log "$log" >"$log.host" 2>&1
	echo $? >"$log.rc"
}
export -f guest_job
t0=$(now_ms)
# The longest guests start first, so that no long one is left running
# alone at the end: as long as the last run took, or a tenth of the
# scenario's time limit when there was none.
for t in $ready; do
	arch=${t%/*} kver=${t#*/}
	state=$out/saved-$kver-$arch.state
	for s in $SCENARIOS; do
		scenario_runs_on "$s" "$arch" || continue
		mem=$(scenario_opt "$s" mem)
		numa=$(scenario_opt "$s" numa)
		timeout=$(scenario_opt "$s" timeout)
		timeout=${timeout:-240}
		last=$(sed -n 's/.*guest command exited [0-9]* after \([0-9.]*\)s.*/\1/p' \
			"$out/guest-$kver-$arch-$s.log.host" 2>/dev/null || true)
		from=-
		if [ "${mem:-256M}" = 256M ] && [ "${numa:-1}" = 1 ] && [ -f "$state" ]; then
			from=$state
		fi
		echo "${last:-$((timeout / 10))} $arch $kver $s ${mem:-256M} $timeout ${numa:-1} $from"
	done
done | sort -rn | cut -d' ' -f2- | xargs -r -P "$JOBS" -L 1 bash -c 'guest_job "$@"' _

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
	state=$out/saved-${t#*/}-${t%/*}.state
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
		if ! grep -q '^==> guest command exited [0-9]* after' "$log.host" 2>/dev/null; then
			result fail "$name: guest finished" "$(tail -n 1 "$log.host" 2>/dev/null)"
			sed 's/^/#   /' "$log.host" 2>/dev/null | tail -n 42
			continue
		fi
		sed -n 's/.*guest command exited [0-9]* after \([0-9.]*\)s.*/\1/p' "$log.host" >>"$out/times-$kver-$arch"
		if grep -q '^==> restoring' "$log.host"; then
			restored=$((restored + 1))
		else
			booted=$((booted + 1))
		fi
		plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$log" | head -n 1)
		got=0
		while read -r line; do
			got=$((got + 1))
			case $line in
			"ok "*"# SKIP"*) result skip "$name: $(ktap_name "$line")" "${line#*# SKIP }" ;;
			"ok "*) result ok "$name: $(ktap_name "$line")" ;;
			*) result fail "$name: $(ktap_name "$line")" "${line#*# }" ;;
			esac
		done < <(grep -E '^(not )?ok [0-9]+ ' "$log")
		if [ -n "$plan" ] && [ "$got" = "$plan" ]; then
			result ok "$name: all $plan planned results reported"
		else
			result fail "$name: all planned results reported" "planned ${plan:-?}, got $got"
		fi
		trouble=$(sed -n '/^---- dmesg ----$/,/^---- end of dmesg ----$/p' "$log" | grep -E "$kernel_trouble" | head -n 3)
		if [ -z "$trouble" ]; then
			result ok "$name: kernel log has no oops, WARN, lockup or stall"
		else
			result fail "$name: kernel log has no oops, WARN, lockup or stall" "$(echo "$trouble" | head -n 1)"
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

# The host-side checks' results, numbered in the stream's order.
if [ -n "$host_pid" ]; then
	t0=$(now_ms)
	# Its status is in host.rc: bash may have forgotten a child that
	# ended long before (thousands of others have come and gone since).
	wait "$host_pid" 2>/dev/null || true
	while [ ! -e "$out/host.rc" ] && kill -0 "$host_pid" 2>/dev/null; do
		sleep 1
	done
	[ "$(cat "$out/host.rc" 2>/dev/null)" = 0 ] ||
		result fail "host-side checks (tests/host.sh) ran to the end" "status $(cat "$out/host.rc" 2>/dev/null || echo unknown), see $out/host.stream"
	while IFS= read -r line; do
		case $line in
		@@result$'\t'*)
			IFS=$'\t' read -r _ kind name why <<<"$line"
			result "$kind" "$name" "$why"
			;;
		@@phase$'\t'*)
			IFS=$'\t' read -r _ name secs <<<"$line"
			echo "# $name took $secs s (beside the guests)"
			phases+=("$(printf '%8s s  %s (beside the guests)' "$secs" "$name")")
			;;
		*) echo "$line" ;;
		esac
	done <"$out/host.stream"
	phase "waiting for the host-side checks after the guests" "$t0"
fi

# 5. The benchmark's smoke run (x86_64, 256M, one run): the script works
# and its table is well formed.  Benchmarks are never timed tests.
if [ -z "$QUICK" ] && [[ " $ready " == *" x86_64/"* ]] && [ -x bench/run.sh ]; then
	t0=$(now_ms)
	if bench/run.sh --smoke >"$out/bench-smoke.log" 2>&1; then
		result ok "bench: smoke"
	else
		result fail "bench: smoke" "see $out/bench-smoke.log"
		diag 20 "$out/bench-smoke.log"
	fi
	phase "bench smoke" "$t0"
fi
echo "# all tests $(since "$t_start") s; per phase:"
printf '#   %s\n' "${phases[@]}"
# Boot-to-verdict wall time of each guest, QEMU start to exit.
echo "# seconds from QEMU start to verdict, per guest (median, min-max of the scenarios):"
for t in $ready; do
	arch=${t%/*} kver=${t#*/}
	sort -n "$out/times-$kver-$arch" 2>/dev/null |
		awk -v t="$t" '{ v[NR] = $1 } END { if (NR) printf "#   %-12s %5.1f  (%.1f-%.1f, %d guests)\n", t, v[int((NR + 1) / 2)], v[1], v[NR], NR }'
done
# One line per row, for the README's table of kernels and architectures.
echo "# per row: kernel, module build and gates, scenario results"
for t in $rows; do
	awk -F '\t' -v t="$t " '
		index($2, t) != 1 { next }
		$2 ~ / fetch: / { rel = substr($2, index($2, ": ") + 2) }
		$2 ~ / (build alloc-oom.ko|W=1 build with sparse \(C=2\) is silent)$/ { g[$1]++; next }
		$2 ~ / fetch/ { next }
		{ r[$1]++ }
		END {
			printf "#   %-16s %-28s gates %d ok %d failed   scenarios %d passed %d failed %d skipped\n",
				t, rel, g["ok"], g["fail"], r["ok"], r["fail"], r["skip"]
		}' "$out/results"
done
# TAP consumers accept the stream: prove reads the results so far, framed
# as the stream is (this check's own line and the plan follow the same way).
{
	echo "TAP version 13"
	cat "$out/tap"
	echo "1..$n"
	echo "$passed passed, $failed failed"
} >"$out/tap-so-far"
prove -e cat "$out/tap-so-far" >"$out/prove.log" 2>&1 || true
if grep -q "Tests=$n\b" "$out/prove.log" && ! grep -q 'Parse errors' "$out/prove.log"; then
	result ok "prove reads the stream: $n results, no parse errors"
else
	result fail "prove reads the stream" "see $out/prove.log"
	diag 10 "$out/prove.log"
fi
finish
