#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [--arch ARCH] [--machine M] [--kver KVER] [--flavour rt] [--mem SIZE] [--smp N] [--numa N]
#        [--cmd 'CMD' | --shell | --scenario NAME] [--params 'P'] [--timeout SEC]
#        [--kernel IMAGE --kdir DIR [--dtb FILE]] [--no-explain]
#
# The front door behind 'make run' and 'make shell': install what the host
# lacks, fetch the guest kernel, build the module against it, pack the
# initramfs and boot.  Without --cmd or --shell it runs the demo, with
# --params passed to insmod.  --scenario runs 'aoom-test NAME', with the
# arch, memory and NUMA nodes its '# aoom:' line asks for unless given.  --kernel and
# --kdir boot your own kernel with the module built against its build tree.
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

arch='' machine='' kver='' flavour='' mem='' smp=1 numa='' cmd='' shell='' params=''
timeout='' kernel='' kdir='' dtb='' explain=1 scenario=''
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2 ;;
	--machine) machine=$2 ;;
	--kver) kver=$2 ;;
	--flavour) flavour=$2 ;;
	--mem) mem=$2 ;;
	--smp) smp=$2 ;;
	--numa) numa=$2 ;;
	--cmd) cmd=$2 ;;
	--params) params=$2 ;;
	--scenario) scenario=$2 ;;
	--timeout) timeout=$2 ;;
	--kernel) kernel=$2 ;;
	--kdir) kdir=$2 ;;
	--dtb) dtb=$2 ;;
	--shell) shell=1; shift; continue ;;
	--no-explain) explain=; shift; continue ;;
	*) die "run.sh: unknown argument '$1'" ;;
	esac
	shift 2
done
if [ -n "$scenario" ]; then
	file=$AOOM_TOP/rootfs/lib/alloc-oom/scenarios/$scenario.sh
	[ -f "$file" ] || die "no scenario '$scenario'; known: $(find "$(dirname "$file")" -name '*.sh' -exec basename {} .sh \; | sort | xargs)"
	want_arch=$(scenario_opt "$scenario" arch)
	want_mem=$(scenario_opt "$scenario" mem)
	want_numa=$(scenario_opt "$scenario" numa)
	want_timeout=$(scenario_opt "$scenario" timeout)
	if [ -n "$arch" ] && ! scenario_runs_on "$scenario" "$arch"; then
		die "scenario '$scenario' runs on ARCH=$want_arch only (its '# aoom:' line)"
	fi
	arch=${arch:-${want_arch%%,*}}
	mem=${mem:-$want_mem}
	numa=${numa:-$want_numa}
	timeout=${timeout:-$want_timeout}
	cmd="aoom-test $scenario"
fi
arch=${arch:-x86_64}
mem=${mem:-256M}
machine_load "$arch" "$machine"
case $flavour in
'') ;;
rt) kver=${kver:-$(table_rows kernels | awk '{ print $1; exit }')} kver=${kver%-rt}-rt ;;
*) die "FLAVOUR=$flavour: the only flavour is rt (Debian's PREEMPT_RT kernels)" ;;
esac
kernel_load "$kver"
if [ -n "$kernel" ] && [ -z "$kdir" ]; then
	die "KERNEL= needs KDIR=, the build tree of that kernel, to build the module against"
fi

"$AOOM_TOP/scripts/setup-host.sh" "$arch"
boot=(--arch "$arch" --kver "$K_VER$K_RT" --mem "$mem" --smp "$smp" --numa "${numa:-1}")
[ -z "$machine" ] || boot+=(--machine "$machine")
[ -z "$timeout" ] || boot+=(--timeout "$timeout")
if [ -n "$kernel" ]; then
	# Your own kernel: build and pack into a folder of its own.
	out=$BUILD/custom-$arch
	"$AOOM_TOP/scripts/fetch.sh" --arch "$arch" --kver "$K_VER$K_RT" --busybox-only
	"$AOOM_TOP/scripts/build-module.sh" --arch "$arch" --kver "$K_VER$K_RT" --kdir "$kdir" --out "$out"
	"$AOOM_TOP/scripts/mkinitramfs.sh" --arch "$arch" --kver "$K_VER$K_RT" --out "$out" --kmods ''
	boot+=(--kernel "$kernel" --initrd "$out/initramfs.cpio.gz" --log "$out/serial.log")
	[ -z "$dtb" ] || boot+=(--dtb "$dtb")
	log=$out/serial.log
else
	"$AOOM_TOP/scripts/fetch.sh" --arch "$arch" --kver "$K_VER$K_RT"
	"$AOOM_TOP/scripts/build-module.sh" --arch "$arch" --kver "$K_VER$K_RT"
	"$AOOM_TOP/scripts/mkinitramfs.sh" --arch "$arch" --kver "$K_VER$K_RT"
	log=$(module_dir)/serial.log
fi

if [ -n "$shell" ]; then
	exec "$AOOM_TOP/scripts/boot.sh" "${boot[@]}"
fi
demo=
if [ -z "$cmd" ]; then
	cmd="aoom-demo $params"
	demo=1
fi
rc=0
"$AOOM_TOP/scripts/boot.sh" "${boot[@]}" --cmd "$cmd" || rc=$?
explainer=$AOOM_TOP/tools/oom-explain/oom-explain
if [ -n "$demo" ] && [ -n "$explain" ] && [ -f "$AOOM_TOP/tools/oom-explain/Makefile" ]; then
	make -s -C "$AOOM_TOP/tools/oom-explain" >/dev/null
	say "what oom-explain reads in the serial log"
	"$explainer" "$log" || true
fi
exit "$rc"
