#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [--arch ARCH] [--machine M] [--kver KVER] [--flavour rt] [--mem SIZE] [--smp N] [--numa N]
#        [--cmd 'CMD' | --script FILE | --shell | --scenario NAME] [--params 'P'] [--timeout SEC]
#        [--kernel IMAGE --kdir DIR [--dtb FILE]] [--append 'ARGS'] [--no-explain]
#
# The front door behind 'make run' and 'make shell': install what the host
# lacks, fetch the guest kernel, build the module against it, pack the
# initramfs and boot.  Without --cmd, --script or --shell it runs the
# demo, with --params given to insmod as one string, as it is.  --cmd
# and --script FILE (a host file) reach the guest byte for byte.
# --scenario runs 'aoom-test NAME', with the arch, memory and NUMA nodes
# its '# aoom:' line asks for unless given.  --kernel and --kdir boot your
# own kernel with the module built against its build tree.  --append
# adds arguments to the guest kernel's command line (e.g. a cma= area),
# words of KEY or KEY=VALUE in letters, digits and _ . , : @ + / -; the
# ones the harness sets itself (console, earlycon, keep_bootcon, panic,
# loglevel, init, rdinit, aoom.*) are refused.
#
# Each run has a folder of its own, $BUILD/runs/TIME-ARCH-KVER.XXXX: its
# serial log, the command the guest ran and its copy of the initramfs, so
# that runs side by side in one checkout never write over each other.
# The module and the initramfs it copies are built once per kernel and
# architecture, in turn (build-module.sh and mkinitramfs.sh lock their
# folder).  The last AOOM_KEEP_RUNS (10) folders are kept, and never one
# whose run is still going.
#
# Every option is checked before anything is installed, fetched or built:
# a bad one ends the run with one line and status 2.  An empty one is the
# same as none: 'make run' gives every option, most of them empty.  A
# failure to set up, fetch or build exits 1.  Otherwise the exit status is
# the guest command's own, or boot.sh's 123 (the guest kernel panicked),
# 124 (timed out) or 125 (the guest stopped before the command finished).
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# bad MESSAGE: a bad option, one line, status 2.  The value quoted in
# MESSAGE may hold anything: its newlines are shown as \n and its other
# control characters as ?, so that it is one line that does nothing to
# the terminal.
bad() {
	local msg=$*
	msg=${msg//$'\n'/\\n}
	printf 'error: %s\n' "${msg//[[:cntrl:]]/?}" >&2
	exit 2
}

# name VAR VALUE: VALUE, the name of a table row or a scenario, is a word
# of letters, digits, '.', '_' and '-', not starting with '-' or '.'.
name() {
	[[ -z $2 || $2 =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || bad "$1=$2: not a name (letters, digits, '.', '_', '-')"
}

# host CMD...: a step on the host before the guest boots; its failure,
# which it has explained, ends the run with status 1 (make's own 2 would
# read as a bad option).
host() { "$@" || exit 1; }

# rel PATH: PATH from the current directory, where it lies below it.
rel() { echo "${1#"$PWD"/}"; }

# demo_summary: the end of the demo, in three to six lines: what the
# module took (its "done" line), who the OOM killer killed and why (from
# oom-explain's facts: its victims, and the first report's trigger and
# verdicts), where the logs and the page are, and what to try next.
demo_summary() {
	local fin facts e n victims='' why='' v x next stop rss pages
	summed=1
	say "in short"
	fin=$(sed -n 's/.*alloc_oom: done //p' "$log" 2>/dev/null | tail -n 1 | tr -d '\r')
	# d KEY: a field of the module's "done" line.
	d() { tr ' ' '\n' <<<"$fin" | sed -n "s/^$1=//p"; }
	if [ -n "$fin" ]; then
		pages=$(d pages)
		pages=${pages:-0}
		case $(d stop) in
		kill) stop="the OOM killer had killed" ;;
		notifier) stop="the OOM notifier was called" ;;
		signal) stop="insmod itself was killed" ;;
		alloc_failed) stop="an allocation failed" ;;
		*) stop="stop=$(d stop)" ;;
		esac
		printf '  allocated: %s blocks of order %s (%s MiB) in %s ms, until %s; %s pages given back at once, %s held until rmmod\n' \
			"$(d blocks)" "$(d order)" "$((pages * 4 / 1024))" "$(d ms)" "$stop" "$(d released)" "$(d held)"
	fi
	if [ -n "$page" ] && facts=$("$explainer" --facts "$log" 2>/dev/null); then
		# fact KEY: one of oom-explain's facts.
		fact() { sed -n "s/^$1=//p" <<<"$facts" | head -n 1; }
		n=$(sed -n 's/^e\([0-9]*\)\.kind=.*/\1/p' <<<"$facts" | tail -n 1)
		for ((e = 1; e <= ${n:-0}; e++)); do
			v=$(fact "e$e.victim.comm")
			rss=$(fact "e$e.victim.anon_rss_kb")
			[ -z "$v" ] || victims="$victims${victims:+, then }$v (pid $(fact "e$e.victim.pid")${rss:+, $((rss / 1024)) MiB anonymous}$([ "$(fact "e$e.badness.victim_is_highest")" != 1 ] || echo ", the highest badness"))"
		done
		while read -r x; do
			case $x in
			below_min) x="every zone it may use was at or below its min watermark" ;;
			free_in_unusable_zones) x="$(fact e1.unusable_free) free pages were in zones it cannot use, against $(fact e1.usable_free) in those it can" ;;
			fragmentation) x="no zone it may use had a free block of order $(fact e1.trigger.order)" ;;
			memcg_limit) x="its memory cgroup was at its limit" ;;
			cpuset_constraint) x="its cpuset allowed only some nodes" ;;
			mempolicy_constraint) x="its memory policy allowed only some nodes" ;;
			manual) x="an OOM kill was forced with sysrq-f" ;;
			watermarks_ok) x="reclaim made no progress, though a zone was above min when the report was printed" ;;
			*) x="oom-explain's verdict $x" ;;
			esac
			why="$why${why:+, and }$x"
		done < <(sed -n 's/^e1\.verdict=//p' <<<"$facts")
		printf "  killed: %s, because %s's order-%s %s request failed: %s\n" "${victims:-nothing}" \
			"$(fact e1.trigger.comm)" "$(fact e1.trigger.order)" "$(fact e1.gfp.names)" "${why:-no verdict}"
	fi
	printf '  logs: %s (all the run printed) and serial.log beside it (the guest console)%s\n' \
		"$(rel "$rundir/run.log")" "${page:+; the report as a page: $(rel "$page")}"
	[ "$rc" = 0 ] || return 0
	next="make run ARCH=arm MEM=1G (the HighMem puzzle: one page fails with pages free)"
	[ "$arch" != arm ] || [ "$mem" != 1G ] || next="make run PARAMS=order=4 (above order 3 the allocator fails instead of killing)"
	printf '  next: %s, or make shell (the same guest, by hand)\n' "$next"
}

arch='' machine='' kver='' flavour='' mem='' smp='' numa='' cmd='' shell='' params=''
timeout='' kernel='' kdir='' dtb='' explain=1 scenario='' script='' append=''
while [ $# -gt 0 ]; do
	case $1 in
	--shell | --no-explain) ;;
	*) [ $# -ge 2 ] || bad "run.sh: $1 needs a value" ;;
	esac
	case $1 in
	--arch) arch=$2 ;;
	--machine) machine=$2 ;;
	--kver) kver=$2 ;;
	--flavour) flavour=$2 ;;
	--mem) mem=$2 ;;
	--smp) smp=$2 ;;
	--numa) numa=$2 ;;
	--cmd) cmd=$2 ;;
	--script) script=$2 ;;
	--params) params=$2 ;;
	--scenario) scenario=$2 ;;
	--timeout) timeout=$2 ;;
	--kernel) kernel=$2 ;;
	--kdir) kdir=$2 ;;
	--dtb) dtb=$2 ;;
	--append) append=$2 ;;
	--shell) shell=1; shift; continue ;;
	--no-explain) explain=; shift; continue ;;
	*) bad "run.sh: unknown argument '$1'" ;;
	esac
	shift 2
done
name ARCH "$arch"
name MACHINE "$machine"
name KVER "$kver"
name FLAVOUR "$flavour"
name SCENARIO "$scenario"
# --append is data for the guest kernel's command line, where a quote,
# a leading '-' (after '--' the kernel hands words to init) or one of the
# harness's own arguments would change what the harness relies on.
if [ -n "$append" ]; then
	[[ $append =~ ^[A-Za-z0-9_.,:@+/=\ -]+$ ]] ||
		bad "--append '$append': only KEY or KEY=VALUE words of letters, digits and _ . , : @ + / - separated by spaces"
	for w in $append; do
		[[ $w =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*(=[A-Za-z0-9_.,:@+/-]+)?$ ]] ||
			bad "--append '$w': not a kernel argument (KEY or KEY=VALUE, KEY of letters, digits and _ . -)"
		case ${w%%=*} in
		console | earlycon | keep_bootcon | panic | loglevel | init | rdinit | aoom.*)
			bad "--append '$w': the harness sets ${w%%=*} itself" ;;
		esac
	done
fi
keep=${AOOM_KEEP_RUNS:-10}
[[ $keep =~ ^[1-9][0-9]{0,3}$ ]] || bad "AOOM_KEEP_RUNS=$keep: not a number of run folders to keep (1 or more)"
if [ -n "$script" ]; then
	{ [ -f "$script" ] && [ -r "$script" ]; } || bad "SCRIPT=$script: no such readable file"
	[ -z "$cmd" ] || bad "SCRIPT=$script and CMD= exclude each other: give one"
	[ -z "$scenario" ] || bad "SCRIPT=$script and SCENARIO=$scenario exclude each other: give one"
	[ -z "$shell" ] || bad "SCRIPT=$script is for make run, not make shell"
fi
if [ -n "$scenario" ]; then
	dir=$AOOM_TOP/rootfs/lib/alloc-oom/scenarios
	[ -f "$dir/$scenario.sh" ] || bad "SCENARIO=$scenario: no such scenario; known: $(find "$dir" -name '*.sh' -exec basename {} .sh \; | sort | xargs)"
	want_arch=$(scenario_opt "$scenario" arch)
	want_mem=$(scenario_opt "$scenario" mem)
	want_numa=$(scenario_opt "$scenario" numa)
	want_timeout=$(scenario_opt "$scenario" timeout)
	if [ -n "$arch" ] && ! scenario_runs_on "$scenario" "$arch"; then
		bad "SCENARIO=$scenario runs on ARCH=$want_arch only (its '# aoom:' line)"
	fi
	arch=${arch:-${want_arch%%,*}}
	mem=${mem:-$want_mem}
	numa=${numa:-$want_numa}
	timeout=${timeout:-$want_timeout}
	cmd="aoom-test $scenario"
fi
arch=${arch:-x86_64}
mem=${mem:-256M}
smp=${smp:-1}
# QEMU's -m: a size, MiB without a suffix.
[[ $mem =~ ^[1-9][0-9]*[KkMmGgTt]?$ ]] ||
	bad "MEM=$mem: not a memory size; give a number with an optional K, M, G or T suffix, e.g. 256M or 1G"
if ! [[ $smp =~ ^[1-9][0-9]?$ ]] || [ "$smp" -gt 64 ]; then
	bad "SMP=$smp: not a number of CPUs from 1 to 64"
fi
[ -z "$timeout" ] || [[ $timeout =~ ^[1-9][0-9]{0,5}$ ]] ||
	bad "TIMEOUT=$timeout: not a number of seconds (1 or more)"
# NUMA=N splits MEM, given in M or G, into N equal QEMU nodes.
if [ -n "$numa" ] && [ "$numa" != 1 ]; then
	[[ $numa =~ ^[2-8]$ ]] || bad "NUMA=$numa: not a number of nodes from 1 to 8"
	case $mem in
	*G) mib=$((${mem%G} * 1024)) ;;
	*M) mib=${mem%M} ;;
	*) bad "NUMA=$numa needs MEM in M or G, not $mem" ;;
	esac
	[ $((mib % numa)) = 0 ] || bad "NUMA=$numa: MEM=$mem does not split into $numa equal nodes"
fi
# machine_load and kernel_load name what is known when they refuse; they
# run once here, where their one line ends the run with status 2.
case $flavour in
'' | rt) ;;
*) bad "FLAVOUR=$flavour: the only flavour is rt (Debian's PREEMPT_RT kernels)" ;;
esac
[ "$flavour" != rt ] || kver=${kver:-$(kernel_default)} kver=${kver%-rt}-rt
(machine_load "$arch" "$machine" && kernel_load "$kver") || exit 2
machine_load "$arch" "$machine"
kernel_load "$kver"
# KDIR alone is the host's build tree, for 'make', not a guest's.
[ -z "$dtb" ] || [ -n "$kernel" ] || bad "DTB=$dtb goes with KERNEL=, your own kernel; the fetched ones have theirs"
if [ -n "$kernel" ]; then
	[ -f "$kernel" ] || bad "KERNEL=$kernel: no such file"
	[ -n "$kdir" ] || bad "KERNEL=$kernel needs KDIR=, the build tree of that kernel, to build the module against"
	[ -f "$kdir/Makefile" ] || bad "KDIR=$kdir: not a kernel build tree (no Makefile)"
	[ -z "$dtb" ] || [ -f "$dtb" ] || bad "DTB=$dtb: no such file"
fi

host "$AOOM_TOP/scripts/setup-host.sh" --profile run --kver "$K_VER" "$arch"
boot=(--arch "$arch" --kver "$K_VER$K_RT" --mem "$mem" --smp "$smp" --numa "${numa:-1}")
[ -z "$machine" ] || boot+=(--machine "$machine")
[ -z "$timeout" ] || boot+=(--timeout "$timeout")
[ -z "$append" ] || boot+=(--append "$append")
host "$AOOM_TOP/scripts/fetch.sh" --arch "$arch" --kver "$K_VER$K_RT" ${kernel:+--busybox-only}

# This run's folder, held (fd 8) while the run goes on; the oldest of the
# others beyond the last $keep go, unless their run still holds them.
runs=$BUILD/runs
mkdir -p "$runs"
rundir=$(mktemp -d "$runs/$(date -u +%Y%m%d-%H%M%S)-$arch-$K_VER$K_RT.XXXX")
chmod "$(umask -S)" "$rundir"
exec 8>"$rundir/.lock"
flock 8
find "$runs" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort -r | tail -n +$((keep + 1)) |
	while read -r old; do
		flock -n "$runs/$old/.lock" rm -rf "$runs/$old" 2>/dev/null || true
	done
[ -z "$shell$script$cmd" ] || say "this run's folder (serial log, command, initramfs): $rundir"

# The demo tells its story once: from here on, what the harness says for
# itself (the guest's exit-status line and power-off, a build's BTF
# note, the harmless GIC warning of vexpress-a9, why the accelerator is
# what it is, the run folder named twice) stays out of the screen; all
# of it, as printed, goes to the run folder's run.log.  Everything goes
# to stdout, in the order it came.
demo='' summed=''
[ -n "$shell$script$cmd" ] || demo=1
if [ -n "$demo" ]; then
	exec 6>&1 7>&2
	exec > >(tee -a "$rundir/run.log" | sed -u -e 's/\r$//' \
		-e '/^aoom-exit=[0-9]*$/d' \
		-e '/^\[ *[0-9.]*\] reboot: Power down$/d' \
		-e '/^Skipping BTF generation for /d' \
		-e '/^\[ *[0-9.]*\] GIC CPU mask not found/d' \
		-e "/^==> this run's folder/d" \
		-e '/^==> guest command exited [0-9]* after /d' \
		-e 's/^\(==> booting .* under [^ ]*\) ([^)]*)\(, timeout \)/\1\2/' >&6) 2>&1
	filter=$!
	# The screen has all of it before the shell prompt comes back, and
	# a run that stops early still says where its log is.
	trap '[ -n "$summed" ] || say "the log of this run: $(rel "$rundir/run.log")"; exec >&6 2>&7; wait "$filter"' EXIT
	say "this run's folder (serial log, command, initramfs): $rundir"
fi

# The module and the image are built in a folder that runs share, one
# per kernel and architecture (for your own kernel, per build tree); this
# run holds it until it has its own copy of the image.
build=() pack=() mdir=$(module_dir)
if [ -n "$kernel" ]; then
	mdir=$BUILD/custom-$arch-$(realpath "$kdir" | md5sum | cut -c1-8)
	build=(--kdir "$kdir" --out "$mdir")
	pack=(--out "$mdir" --kmods '')
	boot+=(--kernel "$kernel")
	[ -z "$dtb" ] || boot+=(--dtb "$dtb")
fi
(
	hold_lock "$mdir.lock"
	export AOOM_LOCKED=$mdir.lock
	host "$AOOM_TOP/scripts/build-module.sh" --arch "$arch" --kver "$K_VER$K_RT" "${build[@]}"
	host "$AOOM_TOP/scripts/mkinitramfs.sh" --arch "$arch" --kver "$K_VER$K_RT" "${pack[@]}"
	cp "$mdir/initramfs.cpio.gz" "$rundir/initramfs.cpio.gz"
	# The kernel ignores a module parameter the module does not have
	# (one line in the log) and the demo would run without it: refuse
	# it before booting, naming the ones the built module has.
	# PARAMS is split as the kernel's next_arg() splits it: at blanks
	# outside double quotes; a name ends at its '='.
	if [ -n "$params" ]; then
		known=$(modinfo -F parm "$mdir/alloc-oom.ko" | sed -n 's/^\([a-z_0-9]*\):.*/\1/p' | xargs)
		names=() word='' quoted=0
		for ((i = 0; i <= ${#params}; i++)); do
			c=${params:i:1}
			[ "$c" != '"' ] || quoted=$((1 - quoted))
			if [ -z "$c" ] || { [ "$quoted" = 0 ] && [[ $c == [[:space:]] ]]; }; then
				[ -z "$word" ] || names+=("${word%%=*}")
				word=''
			else
				word+=$c
			fi
		done
		for n in "${names[@]}"; do
			n=${n#\"}
			[[ " $known " == *" $n "* ]] ||
				bad "PARAMS: alloc-oom.ko has no parameter '$n'; it has: $known"
		done
	fi
) || exit
log=$rundir/serial.log
boot+=(--initrd "$rundir/initramfs.cpio.gz" --log "$log")

if [ -n "$shell" ]; then
	exec "$AOOM_TOP/scripts/boot.sh" "${boot[@]}"
fi
if [ -n "$script" ]; then
	boot+=(--script "$script")
	printf 'SCRIPT=%s\n' "$script" >"$rundir/cmd"
else
	if [ -z "$cmd" ]; then
		# The parameters are one argument: insmod hands them to the
		# kernel as they are, quotes and all.
		cmd="aoom-demo${params:+ $(sq "$params")}"
		demo=1
	fi
	boot+=(--cmd "$cmd")
	printf '%s' "$cmd" >"$rundir/cmd"
fi
rc=0
"$AOOM_TOP/scripts/boot.sh" "${boot[@]}" || rc=$?
# oom-explain reads the kernel's report: the demo's dump of the kernel
# log, once the module loaded, or a panic.  A demo that stopped at insmod
# or a guest that never ran has none to read.
explainer=$AOOM_TOP/tools/oom-explain/oom-explain
page=
if [ -n "$demo" ] && [ -n "$explain" ] && [ -f "$AOOM_TOP/tools/oom-explain/Makefile" ] &&
	{ [ "$rc" = "$AOOM_EXIT_PANIC" ] || grep -q '^======== The kernel log of the run' "$log" 2>/dev/null; }; then
	(hold_lock "$BUILD/oom-explain.lock" tools/oom-explain && make -s -C "$AOOM_TOP/tools/oom-explain" >/dev/null)
	say "what oom-explain reads in the serial log"
	"$explainer" --html "$rundir/oom.html" "$log" && page=$rundir/oom.html
fi
[ -z "$demo" ] || demo_summary
exit "$rc"
