#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# boot.sh [options]
#
# Boot a guest under QEMU and run one command line in it, like
# 'vng -- cmd': the guest's console goes to stdout and to a log file, and
# the exit status is the command's.  Without --cmd the guest gives an
# interactive shell.  Three steps: QEMU's command line from
# scripts/machines; an optional snapshot, saved or restored through
# QEMU's QMP socket (scripts/qmp.py); the verdict.
#
# The verdict comes over a channel of its own, which nothing the command
# prints can reach: the machine's second serial port (CHANNEL in
# scripts/machines), written to a file of this run's, LOG.verdict.  The
# guest's init writes "aoom-start" there before the command and
# "aoom-exit=N" after it, and the kernel prints its errors there as on the
# console, a panic included.  A panic on the channel is 123 whatever
# status came before it; an "aoom-exit=N" on the console is the guest
# talking, and counts for nothing.
#
# Every boot has a hard timeout; when the guest does not finish, the last
# serial lines are shown with the reason, after the guest kernel's own
# account of its state: at the timeout, SysRq w, l and m (blocked tasks,
# every CPU's backtrace, memory) are sent as a break on the serial line,
# and QEMU gets DIAG_SECS more to print them.  The exit
# status then says what happened: 123 the kernel panicked, 124 timed out,
# 125 the guest stopped before the command finished (lib.sh's AOOM_EXIT_*).
#
#   --arch ARCH        x86_64 (default), arm or arm64
#   --machine NAME     a MACHINE of scripts/machines (default: the ARCH's first)
#   --kver KVER        a guest kernel of scripts/kernels (default: the first)
#   --mem SIZE         guest RAM, e.g. 256M or 1G (default 256M)
#   --smp N            guest CPUs (default 1)
#   --numa N           N NUMA nodes sharing the RAM equally; the CPUs are on
#                      node 0, the other nodes hold memory only (default 1)
#   --cmd 'CMD'        shell command line to run in the guest, byte for byte and
#                      of any length: it travels in the initramfs as /aoom/cmd
#   --script FILE      run this host file in the guest instead, as /aoom/NAME
#   --timeout SEC      kill QEMU after SEC seconds (default 300; 3600 for a shell)
#   --no-sysrq         at the timeout, kill QEMU at once instead of asking
#                      the guest kernel for its state (the KVM probe's
#                      guest, whose hang at boot has nothing to say)
#   --log FILE         serial log (default: the build folder's serial.log);
#                      the verdict channel is FILE.verdict
#   --quiet            do not copy the console to stdout
#   --kernel FILE      boot this kernel image instead of the fetched one
#   --dtb FILE         with --kernel on ARM: its device tree
#   --initrd FILE      boot this initramfs instead of the built one
#   --append 'ARGS'    extra kernel command line arguments
#   --save FILE        boot until the guest waits for its command, then
#                      stop it, save it to FILE (QEMU migration over
#                      QMP) and quit
#   --restore FILE     start from a guest --save made with the same
#                      options instead of booting, and give it --cmd on
#                      its verdict channel
set -eu
set -o pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

arch=x86_64 machine='' kver='' mem=256M smp=1 numa=1 cmd='' shell=1 timeout='' log=''
quiet='' sysrq=1 kernel='' dtb='' initrd='' append='' script='' save='' restore=''
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2 ;;
	--machine) machine=$2 ;;
	--kver) kver=$2 ;;
	--mem) mem=$2 ;;
	--smp) smp=$2 ;;
	--numa) numa=$2 ;;
	--cmd) cmd=$2; shell= ;;
	--script) script=$2; shell= ;;
	--timeout) timeout=$2 ;;
	--log) log=$2 ;;
	--kernel) kernel=$2 ;;
	--dtb) dtb=$2 ;;
	--initrd) initrd=$2 ;;
	--append) append=$2 ;;
	--save) save=$2; shell= ;;
	--restore) restore=$2 ;;
	--quiet) quiet=1; shift; continue ;;
	--no-sysrq) sysrq=''; shift; continue ;;
	*) die "boot.sh: unknown argument '$1'" ;;
	esac
	shift 2
done
machine_load "$arch" "$machine"
kernel_load "$kver"

kernel=${kernel:-$(kernel_dir)/$M_IMAGE}
initrd=${initrd:-$(module_dir)/initramfs.cpio.gz}
log=${log:-$(module_dir)/serial.log}
if [ -z "$dtb" ] && [ -n "$M_DTB" ]; then
	dtb=$(kernel_dir)/dtbs/$M_DTB
fi
[ -f "$kernel" ] || die "no guest kernel at $kernel (run scripts/fetch.sh --arch $arch)"
[ -f "$initrd" ] || die "no initramfs at $initrd (run scripts/mkinitramfs.sh --arch $arch)"
[ -z "$dtb" ] || [ -f "$dtb" ] || die "no device tree at $dtb"
if [ -n "$script" ]; then
	[ -z "$cmd" ] || die "boot.sh: --cmd and --script exclude each other"
	{ [ -f "$script" ] && [ -r "$script" ]; } || die "boot.sh: --script $script: no such readable file"
	[ -z "$restore" ] || die "boot.sh: --restore takes --cmd, not --script"
	name=$(basename "$script")
	cmd=$(sq "/aoom/$name")
fi
if [ -n "$restore" ]; then
	[ -f "$restore" ] || die "no saved guest at $restore (make one with --save)"
	[ -n "$cmd" ] || die "--restore needs --cmd"
fi
# Debian's python3 where there is one: a python3 earlier in PATH may be a
# version manager's shim, which takes longer to start than the restore.
py=python3
[ ! -x /usr/bin/python3 ] || py=/usr/bin/python3
if [ -n "$save$restore" ]; then
	command -v "$py" >/dev/null || die "boot.sh --save/--restore talk to QEMU through python3 (scripts/qmp.py), which is not installed (run scripts/setup-host.sh)"
fi
if [ -n "$shell" ]; then
	timeout=${timeout:-3600}
	[ -t 0 ] || die "an interactive guest shell needs a terminal; pass --cmd"
fi
timeout=${timeout:-300}

# 1. QEMU's command line.

# Only errors reach the console (loglevel=3): the guest's scripts print
# dmesg where they want it, so kernel lines never cut into their output.
# cryptomgr.notests skips the crypto API's boot-time self-tests, the
# longest initcall under TCG: about 0.7-1.4 s of a 4-7 s x86_64 boot and
# about 4 s of a 10 s vexpress-a9 boot.  Nothing here needs them.
# init_on_alloc=0: Debian's kernels zero every page they hand out
# (CONFIG_INIT_ON_ALLOC_DEFAULT_ON), a hardening that costs a round,
# which takes every free page, a pass of writes over all of RAM, and
# under TCG a large share of the guest's time (vexpress-a9 at 1 GiB,
# kills-1g in full, boot included: 57.3 and 54.4 s with it, 40.4 and
# 41.1 s without).  Nothing here reads the contents of a page it did
# not write; --append init_on_alloc=1 puts it back.
# sysrq_always_enabled lets a break on the serial line ask for the dumps
# a hang needs (Debian enables only a few SysRq functions by default).
#
# A guest that runs a command has the verdict channel, which aoom.verdict
# names for init, and where the kernel prints too (scripts/machines'
# CHANCON): through a kept earlycon, or as a console before the serial
# console, since the last console= is /dev/console, the command's output.
cmdline="console=$M_CONSOLE panic=-1 loglevel=3 cryptomgr.notests init_on_alloc=0 sysrq_always_enabled"
if [ -z "$shell" ]; then
	if [ -n "$M_CHANCON" ]; then
		cmdline="$cmdline earlycon=$M_CHANCON keep_bootcon"
	else
		cmdline="console=$M_CHANNEL $cmdline"
	fi
	cmdline="$cmdline aoom.verdict=$M_CHANNEL"
fi
cmdline="$cmdline${append:+ $append}"

# This boot's own files (the command's archive, the verdict channel's
# ends, the QMP socket) go when it ends.
work=$(mktemp -d "${TMPDIR:-/tmp}/aoom-boot.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The DTB's copy carries 64 random bytes as /chosen/rng-seed, which the
# kernel credits to its pool at boot (scripts/machines says why).
if [ -n "$dtb" ]; then
	if command -v fdtput >/dev/null; then
		cp -- "$dtb" "$work/seeded.dtb"
		# shellcheck disable=SC2046 # one word per byte
		fdtput -p -t bx "$work/seeded.dtb" /chosen rng-seed $(od -An -v -tx1 -N64 /dev/urandom) ||
			die "fdtput could not add /chosen/rng-seed to a copy of $dtb"
		dtb=$work/seeded.dtb
	else
		say "no fdtput (device-tree-compiler): the guest's first read of /dev/urandom waits for entropy"
	fi
fi
enc=
if [ -n "$save$restore" ]; then
	# A guest to be saved waits for its command on its verdict channel
	# (init's aoom.wait); a restored one is given it there, as one line
	# for the tty.  The initramfs is the one the saved guest unpacked.
	enc=$(printf '%s' "$cmd" | base64 -w0)
	[ ${#enc} -le 4000 ] || die "the command is too long for a restored guest (${#enc} > 4000 bytes as base64)"
	cmdline="$cmdline aoom.wait"
elif [ -z "$shell" ]; then
	# The command (and the script) travel as files in a second cpio
	# archive appended to the initramfs, which the kernel unpacks after
	# the first: so they reach the guest byte for byte, at any length,
	# where the kernel command line would split, mangle or truncate them.
	mkdir -p "$work/root/aoom"
	printf '%s' "$cmd" >"$work/root/aoom/cmd"
	[ -z "$script" ] || install -m 0755 -- "$script" "$work/root/aoom/$name"
	(cd "$work/root" && find aoom -print0 | LC_ALL=C sort -z | cpio -o -0 -H newc -R 0:0 --quiet) |
		gzip -1 >"$work/run.cpio.gz"
	cat "$initrd" "$work/run.cpio.gz" >"$work/initramfs.cpio.gz"
	initrd=$work/initramfs.cpio.gz
fi

qemu=("$M_QEMU" -M "$M_MACHINE${M_OPTS:+,$M_OPTS}" -m "$mem" -smp "$smp" -nodefaults -no-user-config
	-display none -no-reboot -kernel "$kernel" -initrd "$initrd" -append "$cmdline")
[ -z "$M_CPU" ] || qemu+=(-cpu "$M_CPU")
if [ "$numa" != 1 ]; then
	case $mem in
	*G) mib=$((${mem%G} * 1024)) ;;
	*M) mib=${mem%M} ;;
	*) die "--numa needs --mem in M or G, not '$mem'" ;;
	esac
	if [ "$numa" -lt 2 ] || [ $((mib % numa)) != 0 ]; then
		die "--numa $numa: $mem does not split into $numa equal nodes"
	fi
	for ((node = 0; node < numa; node++)); do
		qemu+=(-object "memory-backend-ram,id=ram$node,size=$((mib / numa))M"
			-numa "node,nodeid=$node,memdev=ram$node")
		[ "$node" != 0 ] || qemu[-1]+=",cpus=0-$((smp - 1))"
	done
fi
[ -z "$dtb" ] || qemu+=(-dtb "$dtb")
command -v "$M_QEMU" >/dev/null || die "$M_QEMU is not installed (run scripts/setup-host.sh $arch)"

# The accelerator: AOOM_ACCEL when set; otherwise KVM where the host runs
# the guest's architecture natively, /dev/kvm is usable and a probe guest
# booted with it runs 'true' within 10 s (the same boot under TCG waits
# for its command after 4 to 7 s here, and KVM is faster); TCG everywhere
# else.  A nested KVM can hang at boot or stop with an internal error, so
# /dev/kvm alone proves nothing, and a hung probe holds up every boot of
# the architecture until its timeout.  The probe runs once per build
# folder and architecture ($BUILD/accel-ARCH holds its verdict; delete it
# to probe again).
accel_pick() {
	local memo=$BUILD/accel-$M_ARCH host
	host=$(uname -m)
	if [ -n "${AOOM_ACCEL:-}" ]; then
		echo "$AOOM_ACCEL (AOOM_ACCEL)"
		return
	fi
	case $M_ARCH:$host in
	x86_64:x86_64 | arm64:aarch64) ;;
	*)
		echo "tcg (KVM cannot run a $M_ARCH guest on this $host host)"
		return
		;;
	esac
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		echo "tcg (no usable /dev/kvm)"
		return
	fi
	mkdir -p "$BUILD"
	(
		flock 9
		[ -s "$memo" ] && exit 0
		say "probing KVM: a guest booted with -accel kvm must run 'true' within 10 s" >&2
		if AOOM_ACCEL=kvm "$0" --arch "$arch" --machine "$M_MACHINE" --kver "$kver" --kernel "$kernel" \
			--initrd "$initrd" ${dtb:+--dtb "$dtb"} --quiet --no-sysrq --timeout 10 --cmd true \
			--log "$memo.log" >/dev/null 2>&1; then
			echo "kvm (the probe guest booted)" >"$memo"
		else
			echo "tcg (a probe guest with KVM did not finish; see $memo.log)" >"$memo"
		fi
	) 9>"$memo.lock"
	cat "$memo"
}
accel=$(accel_pick)
say_accel=$accel
accel=${accel%% *}
[ "$accel" != tcg ] || [ "$smp" = 1 ] || accel=tcg,thread=multi
qemu+=(-accel "$accel")
# No sound, on every machine: without an audio backend of its own,
# vexpress's PL041 makes QEMU try PulseAudio, JACK, SDL and ALSA, and
# complain about each on stderr; given one but not told to use it, it
# warns that the default is deprecated.
qemu+=(-audiodev "none,id=noaudio")
case $M_MACHINE in vexpress-*) qemu+=(-global pl041.audiodev=noaudio) ;; esac

mkdir -p "$(dirname "$log")"
nodes=
[ "$numa" = 1 ] || nodes=", $numa NUMA nodes"
what="booting $(basename "$kernel")"
[ -z "$restore" ] || what="restoring the booted guest saved in $(basename "$restore")"
say "$what on $M_MACHINE ($arch, $mem$nodes, $smp CPU) under $say_accel, timeout ${timeout}s"
t0=$(now_ms)
if [ -n "$shell" ]; then
	# Ctrl-A X leaves QEMU; poweroff -f leaves the guest.
	qemu+=(-serial mon:stdio)
	rc=0
	timeout --foreground -s KILL "$timeout" "${qemu[@]}" || rc=$?
	if [ "$rc" = 137 ]; then
		echo "error: guest shell killed after the ${timeout}s timeout" >&2
		exit "$AOOM_EXIT_TIMEOUT"
	fi
	exit "$rc"
fi

# The console is a multiplexer on QEMU's stdin and stdout, so that Ctrl-A B
# on stdin sends the guest a break.  stdin is a FIFO only this script
# writes to: the SysRq requests when the guest has run out of time.
DIAG_SECS=12
[ -n "$sysrq" ] || DIAG_SECS=0
mkfifo "$work/console"
exec 3<>"$work/console"
qemu+=(-chardev 'stdio,id=con,mux=on,signal=off' -monitor none -serial chardev:con)
# The verdict channel, after the console's port: QEMU writes this run's
# own file (a restored guest's is the restoring run's), through a link
# to it as the pipe's ".out", and reads the pipe's ".in", a FIFO, which
# only a restored guest's command is written to.
verdict=$log.verdict
: >"$verdict"
mkfifo "$work/channel.in"
ln -s "$(cd "$(dirname "$verdict")" && pwd)/$(basename "$verdict")" "$work/channel.out"
exec 4<>"$work/channel.in"
qemu+=(-chardev "pipe,id=verdict,path=${work//,/,,}/channel")
if [ -n "$M_CHANDEV" ]; then
	qemu+=(-device "$M_CHANDEV,chardev=verdict")
else
	qemu+=(-serial chardev:verdict)
fi
qmp=$work/qmp.sock
[ -z "$save$restore" ] || qemu+=(-qmp "unix:${qmp//,/,,},server=on,wait=off")
[ -z "$restore" ] || qemu+=(-incoming defer)

# sysrq_dump: raise the console loglevel (SysRq 9), then ask for blocked
# tasks, backtraces of every CPU and memory, each a break and a key.
sysrq_dump() {
	local key
	for key in 9 w l m; do
		printf '\001b'
		sleep 0.5
		printf '%s' "$key"
		sleep 2
	done
}
# The watcher ends its sleep when it is told to stop, so that nothing of
# it outlives the guest.  When the time is up it leaves $late: a command
# that finishes during the dumps still ran out of time.
late=$log.late
rm -f "$late"
(
	trap 'kill "$nap" 2>/dev/null; exit 0' TERM
	sleep "$timeout" >/dev/null 2>&1 3>&- &
	nap=$!
	wait "$nap"
	: >"$late"
	[ -z "$sysrq" ] || sysrq_dump >&3
) &
diag=$!

# 2. The snapshot.  A guest booted with aoom.wait says "aoom-ready" on
# its verdict channel once it listens there for its command.  To save
# it, scripts/qmp.py stops it, migrates it into the file and quits QEMU;
# to restore one, it loads the file into this QEMU and lets it run, and
# the guest is then given its command.  Each waits only while QEMU runs
# ($work/qemu.done), and the helper does its part within the timeout;
# what it says goes to stderr and to $work/qmp.err.
: >"$log"
snap=
if [ -n "$save$restore" ]; then
	[ -z "$save" ] || rm -f "$save" "$save.tmp"
	(
		# await TEST...: true once TEST is, false if QEMU ends first.
		await() {
			until "$@"; do
				[ ! -e "$work/qemu.done" ] || return 1
				sleep 0.05
			done
		}
		await test -S "$qmp" || exit 0
		if [ -n "$save" ]; then
			await grep -q '^aoom-ready' "$verdict" || exit 0
			say "the guest waits for its command after $(since "$t0")s: saving it" >&2
			"$py" "$AOOM_TOP/scripts/qmp.py" save "$qmp" "$save.tmp" "$timeout" 2>&1 >&2 | tee "$work/qmp.err" >&2 &&
				: >"$work/snapshot.ok"
		else
			"$py" "$AOOM_TOP/scripts/qmp.py" restore "$qmp" "$restore" "$timeout" 2>&1 >&2 | tee "$work/qmp.err" >&2 &&
				: >"$work/snapshot.ok" && printf 'aoom-cmd=%s\n' "$enc" >&4
		fi
	) &
	snap=$!
fi
rc=0
if [ -n "$quiet" ]; then
	timeout -s KILL $((timeout + DIAG_SECS)) "${qemu[@]}" <&3 >"$log" 2>&1 || rc=$?
else
	timeout -s KILL $((timeout + DIAG_SECS)) "${qemu[@]}" <&3 2>&1 | tee "$log" || rc=$?
fi
# The watcher is ended if it still runs (the number of one that ended
# long ago may by now be another process's: make check starts enough
# processes for the numbers to wrap); the snapshot helper ends by itself
# once QEMU has gone.
! jobs -pr | grep -qx "$diag" || kill "$diag" 2>/dev/null || true
: >"$work/qemu.done"
[ -z "$snap" ] || wait "$snap" || true
exec 3>&- 4>&-
secs=$(since "$t0")
for f in "$log" "$verdict"; do
	[ ! -f "$f" ] || { tr -d '\r' <"$f" >"$f.tmp" && mv "$f.tmp" "$f"; }
done

if [ -n "$save" ] && [ "$rc" = 0 ] && [ -e "$work/snapshot.ok" ] && [ -s "$save.tmp" ] && [ ! -e "$late" ]; then
	mv "$save.tmp" "$save"
	say "saved the booted guest to $save ($(du -h "$save" | cut -f1)) after ${secs}s"
	exit 0
fi
[ -z "$save" ] || rm -f "$save.tmp"

# 3. The verdict, from the channel: init's own lines are whole lines, the
# kernel's have its time stamp in front.  A panic there is 123 even after
# a status: the command may have left a child that brought the kernel
# down.  A panic on the console alone is one before the channel was up.
status=$(sed -n 's/^aoom-exit=\([0-9][0-9]*\)$/\1/p' "$verdict" 2>/dev/null | tail -n 1)
panic=$(grep -m1 'Kernel panic' "$verdict" 2>/dev/null || true)
[ -n "$panic" ] || [ -n "$status" ] || panic=$(grep -m1 'Kernel panic' "$log" || true)
timed_out=
if [ -e "$late" ]; then
	timed_out=1
	rm -f "$late"
fi
if [ -n "$status" ] && [ -z "$panic" ] && [ -z "$timed_out" ] && [ -z "$save" ]; then
	say "guest command exited $status after ${secs}s (serial log: $log)"
	exit "$status"
fi
if [ -n "$panic" ]; then
	why="the guest kernel panicked${status:+ after the command exited $status}: $panic" status=$AOOM_EXIT_PANIC
elif [ "$rc" = 137 ] || [ -n "$timed_out" ]; then
	why="timed out after ${timeout}s${status:+ (the command ended later, during the dumps, with $status)}; its state at the timeout is shown above"
	status=$AOOM_EXIT_TIMEOUT
elif [ -n "$save" ]; then
	why="the booted guest was not saved (QEMU exited with status $rc)"
	if [ -s "$work/qmp.err" ]; then
		why="$why: $(tail -n 1 "$work/qmp.err")"
	elif ! grep -q '^aoom-ready' "$verdict"; then
		why="$why: it never said aoom-ready on its verdict channel $M_CHANNEL ($verdict)"
	fi
	status=$AOOM_EXIT_BOOT
elif [ -n "$restore" ] && [ ! -e "$work/snapshot.ok" ]; then
	why="the saved guest was not restored (QEMU exited with status $rc)"
	[ ! -s "$work/qmp.err" ] || why="$why: $(tail -n 1 "$work/qmp.err")"
	status=$AOOM_EXIT_BOOT
elif grep -qx aoom-start "$verdict" 2>/dev/null; then
	why="the guest stopped (QEMU exited with status $rc) before the command finished: no status on the verdict channel $M_CHANNEL ($verdict)"
	status=$AOOM_EXIT_BOOT
elif grep -q '^aoom: .*verdict channel' "$log"; then
	why="the guest has no verdict channel: $(grep -m1 '^aoom: .*verdict channel' "$log") (a kernel without the driver of $M_CHANNEL?)"
	status=$AOOM_EXIT_BOOT
else
	why="QEMU exited with status $rc before the guest command started (nothing on the verdict channel $M_CHANNEL, $verdict)"
	status=$AOOM_EXIT_BOOT
fi
# Up to the dumps, the last 40 lines; then the dumps, which the guest
# kernel printed at the timeout (a guest that panicked through sysrq-c
# has a "sysrq: " line too, but no dumps).
dump=
[ "$status" != "$AOOM_EXIT_TIMEOUT" ] || dump=$(grep -n -m1 'sysrq: ' "$log" | cut -d: -f1 || true)
{
	echo "---- last 40 serial lines ($log) ----"
	head -n $((${dump:-0} > 0 ? dump - 1 : $(wc -l <"$log"))) "$log" | tail -n 40
	if [ -n "$dump" ]; then
		echo "---- the guest kernel's state at the timeout (SysRq w, l, m) ----"
		tail -n +"$dump" "$log" | head -n 300
	fi
	echo "----"
	echo "error: guest $arch/$K_VER$K_RT: $why (exit status $status)"
} >&2
exit "$status"
