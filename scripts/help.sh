#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# help.sh: what 'make help' prints: the targets, the variables with their
# defaults (read from the tables where they live) and the scenarios.
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

machines=$(table_rows machines | awk '{ printf "%s%s/%s", s, $1, $2; s = ", " }')
kvers=$(table_rows kernels | awk '{ printf "%s%s", s, $1; s = ", " }')
kver=$(kernel_default)
rt=$(kernel_rt_rows)
# make check's rows, four to a line under the ARCHES= line.
rows=$(kernel_rows "$(table_rows kernels | awk '{ print $1 }' | xargs)" \
	"$(table_rows machines | awk '{ print $1 }' | uniq | xargs)" |
	xargs -n 4 | sed 's/^/                               /')

cat <<EOT
Targets:
  make                 build alloc-oom.ko for the running kernel (KDIR=), and the tools
  make run             boot a Debian guest and drive it into the OOM killer (the demo)
  make run CMD='...'   run a command line in the guest; exits with its status
  make run SCRIPT=F    run the host file F in the guest; exits with its status
  make run SCENARIO=N  run one scenario: its KTAP results and the kernel log
  make shell           an interactive guest shell (leave QEMU with Ctrl-A X)
  make replay REPORT=F the OOM report in F again in a guest, compared fact by fact
                       (EVENT=N, PLAN=1, JSON=1; what-if: SYSCTL='k=v ...', LIMIT=,
                       MEM=, KVER=; docs/replay.md)
  make check           every test: gates, tools and guest scenarios (TAP)
  make check-quick     the short loop: the gates and the smoke scenarios on $kver
  make check-full      make check with the long scenarios in full on every row
  make bench           time to OOM against the allocator's limit, oom-hog, stress-ng
  make bench-smoke     one short benchmark run, checking its table
  make bench-explain   oom-explain against grep on a 1 GiB log
  make install         the module into /lib/modules/\$(uname -r)/extra, the tools
                       into \$(PREFIX)/bin and their manual pages
  make dkms            copy to /usr/src/alloc-oom-$(cat "$AOOM_TOP/VERSION"), dkms add, build, install
  make clean           build output; make distclean also deletes the cache
  make help            this text

Guest variables (make run, make shell), with their defaults:
  ARCH=x86_64          x86_64, arm (32-bit vexpress) or arm64 (virt)
  MACHINE=             the ARCH's first of: $machines
  KVER=$kver             one of: $kvers
  FLAVOUR=             rt: Debian's PREEMPT_RT kernel of the series
  MEM=256M             guest RAM, e.g. 1G (a scenario may ask for more)
  SMP=1                guest CPUs
  NUMA=1               NUMA nodes; MEM is split equally between them
  TIMEOUT=300          seconds before QEMU is killed (3600 for make shell;
                       a scenario may set its own)
  CMD=                 a command line to run in the guest instead of the demo,
                       byte for byte: '\$', quotes, newlines, any length
  PARAMS=              insmod parameters for the demo, as typed, e.g. 'order=2 release=none'
  SCRIPT=              a host file to run in the guest instead of the demo
  SCENARIO=            a scenario (below) instead of the demo
  KERNEL= KDIR= DTB=   boot your own kernel image with the module built against
                       its build tree (DTB= for ARM)

Build, install and test variables:
  KDIR=/lib/modules/\$(uname -r)/build   the build tree for make and make install
  DESTDIR=                     a staging root for all that make install puts
  PREFIX=/usr/local            where make install puts the tools and man pages
  INSTALL_MOD_PATH=            where make install puts the module (under DESTDIR)
  ARCHES= KVERS= SCENARIOS=    narrow make check (default: all of each)
                               its rows, and the RT ones below:
$rows
  RT=${rt// /,}               rows make check also runs on PREEMPT_RT ('' for none)
  JOBS=$(nproc)                       builds and guests make check runs at once (the CPUs)
  SAVE=yes                     start make check's scenarios from a saved boot where the
                               machine allows it (no: boot every guest; check-quick's default)
  AOOM_CACHE=.cache            fetched kernels, headers, BusyBox, build roots
  AOOM_BUILD=build             modules, initramfs images, run folders, test logs
  AOOM_KEEP_RUNS=10            run folders kept in \$AOOM_BUILD/runs (each run's serial log)
  AOOM_NO_INSTALL=1            list missing host packages instead of installing them;
                               no apt call touches the system
  CI=true                      the run owns the machine: make check also registers a
                               system DKMS copy and runs make run as a sudo user
  AOOM_ACCEL=                  QEMU's accelerator (default: kvm where a probe guest
                               boots with it, else tcg; the boot line says which)
  BENCH_ARGS=                  options passed to bench/run.sh

make run exits with the guest command's status; 1 when the host failed
before the guest booted, 2 for a bad option, 123 when the guest kernel
panicked, 124 on the timeout, 125 when the guest stopped before the
command finished.

Scenarios (make run SCENARIO=NAME):
EOT
# Each scenario's first sentence, from its header comment.
for f in "$AOOM_TOP"/rootfs/lib/alloc-oom/scenarios/*.sh; do
	awk -v n="$(basename "$f" .sh)" '
		/^# / && !/^# (SPDX|shellcheck|aoom:)/ { sub(/^# /, ""); t = t (t == "" ? "" : " ") $0; next }
		t != "" { exit }
		END {
			if (match(t, /[.:;]( |$)/)) t = substr(t, 1, RSTART - 1)
			if (length(t) > 58) { t = substr(t, 1, 55); sub(/ [^ ]*$/, "", t); t = t "..." }
			printf "  %-18s %s\n", n, t
		}' "$f"
done
