#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check-config.sh [--arch ARCH] CONFIG|KDIR
#
# Say whether a kernel's .config (or the .config of a build tree) has what
# the alloc-oom guests need: module loading, the initramfs, debugfs, and
# the serial console of the ARCH's machine.  Missing options are listed
# with the reason; the exit status is 1 if a required one is missing.
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

arch=x86_64
if [ "${1:-}" = --arch ]; then
	arch=$2
	shift 2
fi
[ $# = 1 ] || die "usage: check-config.sh [--arch x86_64|arm|arm64] CONFIG|KDIR"
config=$1
[ ! -d "$config" ] || config=$config/.config
[ -f "$config" ] || die "no kernel configuration at $config"
machine_load "$arch"

# OPTION:why, all required built in (=y).
required="CONFIG_MODULES:to load alloc-oom.ko
CONFIG_MODULE_UNLOAD:to rmmod it
CONFIG_BLK_DEV_INITRD:to boot the BusyBox initramfs
CONFIG_RD_GZIP:the initramfs is gzip-compressed
CONFIG_DEVTMPFS:the guest's /dev
CONFIG_TMPFS:the guest's /tmp
CONFIG_DEBUG_FS:for /sys/kernel/debug/alloc_oom/{stats,buddyinfo}
CONFIG_PROC_FS:for /proc/buddyinfo and /proc/meminfo"
# What the machine's row in scripts/machines implies.
case $M_CONSOLE in
ttyS*) required="$required
CONFIG_SERIAL_8250:the $M_MACHINE machine's serial port
CONFIG_SERIAL_8250_CONSOLE:the console on $M_CONSOLE" ;;
ttyAMA*) required="$required
CONFIG_SERIAL_AMBA_PL011:the $M_MACHINE machine's serial port
CONFIG_SERIAL_AMBA_PL011_CONSOLE:the console on $M_CONSOLE" ;;
esac
case $M_MACHINE in vexpress-*) required="$required
CONFIG_ARCH_VEXPRESS:the vexpress machines" ;;
esac
# The verdict channel: the kernel's messages reach it through a kept
# earlycon, or through its own driver, a PCI 16550.
[ -z "$M_CHANCON" ] || required="$required
CONFIG_SERIAL_EARLYCON:the kernel's messages on the verdict channel $M_CHANNEL (earlycon=$M_CHANCON)"
[ "$M_CHANDEV" != pci-serial ] || required="$required
CONFIG_SERIAL_8250:the verdict channel $M_CHANNEL, a PCI 16550
CONFIG_SERIAL_8250_CONSOLE:the kernel's messages on $M_CHANNEL
CONFIG_SERIAL_8250_PCI:the verdict channel's PCI 16550
CONFIG_PCI_HOST_GENERIC:the $M_MACHINE machine's PCI bus"
# Scenarios that use these say so when they are missing.
optional="CONFIG_MEMCG:the memory cgroup scenarios
CONFIG_MAGIC_SYSRQ:the sysrq-f scenario
CONFIG_SWAP:the pressure scenario's swap
CONFIG_ZRAM:the pressure scenario's swap disk; built in, as the initramfs has no module for your kernel"
[ "$M_IMAGE" != vmlinux ] || optional="$optional
CONFIG_PVH:booting the uncompressed vmlinux (a bzImage needs nothing)"
[ "$M_DEBARCH" != armhf ] || optional="$optional
CONFIG_HIGHMEM:the HighMem scenarios with MEM=1G"

missing=0
check() {
	local kind=$1 opt why
	while IFS= read -r line; do
		opt=${line%%:*} why=${line#*:}
		if grep -q "^$opt=y" "$config"; then
			echo "ok       $opt"
		elif [ "$kind" = required ]; then
			echo "MISSING  $opt=y: $why"
			missing=$((missing + 1))
		else
			echo "optional $opt=y: $why"
		fi
	done
}
check required <<<"$required"
check optional <<<"$optional"
if [ "$missing" != 0 ]; then
	echo "$config lacks $missing option(s) the guests need" >&2
	exit 1
fi
echo "$config has everything the $arch guests need"
