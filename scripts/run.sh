#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [--arch ARCH] [--machine M] [--kver KVER] [--flavour rt] [--mem SIZE] [--smp N] [--numa N]
#        [--cmd 'CMD' | --script FILE | --shell | --scenario NAME] [--params 'P'] [--timeout SEC]
#        [--kernel IMAGE --kdir DIR [--dtb FILE]] [--no-explain]
#
# The front door behind 'make run' and 'make shell': install what the host
# lacks, fetch the guest kernel, build the module against it, pack the
# initramfs and boot.  Without --cmd, --script or --shell it runs the
# demo, with --params given to insmod as one string, as it is.  --cmd
# and --script FILE (a host file) reach the guest byte for byte.
# --scenario runs 'aoom-test NAME', with the arch, memory and NUMA nodes
# its '# aoom:' line asks for unless given.  --kernel and --kdir boot your
# own kernel with the module built against its build tree.
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
# a bad one ends the run with one line and status 2.  A failure to set up,
# fetch or build exits 1.  Otherwise the exit status is the guest
# command's own, or boot.sh's 123 (the guest kernel panicked), 124 (timed
# out) or 125 (the guest stopped before the command finished).
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# bad MESSAGE: a bad option, one line, status 2.
bad() {
	printf 'error: %s\n' "$*" >&2
	exit 2
}

# host CMD...: a step on the host before the guest boots; its failure,
# which it has explained, ends the run with status 1 (make's own 2 would
# read as a bad option).
host() { "$@" || exit 1; }

arch='' machine='' kver='' flavour='' mem='' smp=1 numa='' cmd='' shell='' params=''
timeout='' kernel='' kdir='' dtb='' explain=1 scenario='' script=''
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
	--shell) shell=1; shift; continue ;;
	--no-explain) explain=; shift; continue ;;
	*) bad "run.sh: unknown argument '$1'" ;;
	esac
	shift 2
done
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
	case $scenario in
	*/* | .*) known= ;;
	*) known=$(find "$dir" -name "$scenario.sh") ;;
	esac
	[ -n "$known" ] || bad "SCENARIO=$scenario: no such scenario; known: $(find "$dir" -name '*.sh' -exec basename {} .sh \; | sort | xargs)"
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
[ "$flavour" != rt ] || kver=${kver:-$(table_rows kernels | awk '{ print $1; exit }')} kver=${kver%-rt}-rt
(machine_load "$arch" "$machine" && kernel_load "$kver") || exit 2
machine_load "$arch" "$machine"
kernel_load "$kver"
# KDIR alone is the host's build tree, for 'make', not a guest's.
if [ -n "$kernel" ]; then
	[ -n "$kdir" ] || bad "KERNEL= needs KDIR=, the build tree of that kernel, to build the module against"
	[ -f "$kernel" ] || bad "KERNEL=$kernel: no such file"
	[ -f "$kdir/Makefile" ] || bad "KDIR=$kdir: not a kernel build tree (no Makefile)"
	[ -z "$dtb" ] || [ -f "$dtb" ] || bad "DTB=$dtb: no such file"
fi

host "$AOOM_TOP/scripts/setup-host.sh" "$arch"
boot=(--arch "$arch" --kver "$K_VER$K_RT" --mem "$mem" --smp "$smp" --numa "${numa:-1}")
[ -z "$machine" ] || boot+=(--machine "$machine")
[ -z "$timeout" ] || boot+=(--timeout "$timeout")
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
say "this run's folder (serial log, command, initramfs): $rundir"

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
demo=
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
if [ -n "$demo" ] && [ -n "$explain" ] && [ -f "$AOOM_TOP/tools/oom-explain/Makefile" ] &&
	{ [ "$rc" = "$AOOM_EXIT_PANIC" ] || grep -q '^======== The kernel log of the run' "$log" 2>/dev/null; }; then
	(hold_lock "$BUILD/oom-explain.lock" tools/oom-explain && make -s -C "$AOOM_TOP/tools/oom-explain" >/dev/null)
	say "what oom-explain reads in the serial log"
	"$explainer" "$log" || true
fi
exit "$rc"
