#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# setup-host.sh [--check] [--profile run|replay|check] [--kver KVER] [ARCH...]
#
# Install the Debian packages the host lacks for what is about to run,
# each listed first with what it is for.  Three profiles:
#
#   run    what 'make run' needs for the guest architectures ARCH and the
#          kernel row KVER (default: the first of scripts/kernels): the
#          compilers, QEMU and the cross compiler of ARCH, the unpackers,
#          kmod, json-c for oom-explain, and mmdebstrap only when KVER's
#          headers build inside a Debian build root (its ROOT column);
#   replay what 'make replay' needs before it knows its guest: the tools'
#          build and jq (its run then installs the guest's needs);
#   check  (the default) everything 'make check' needs: the run profile of
#          every architecture and kernel, and the gates' and tests' tools.
#
# ARCH defaults to every architecture.  apt runs as root, or through sudo
# otherwise (asked once); its own output goes to $BUILD/apt.log, and a few
# lines say what it is doing.  With --check, or with AOOM_NO_INSTALL=1 in
# the environment, nothing is installed and apt is not called: the missing
# packages are listed with the command that installs them, and the exit
# status is 1 if any are missing.
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

check='' profile=check kver=''
while [ $# -gt 0 ]; do
	case $1 in
	--check) check=1; shift ;;
	--profile) profile=${2:-}; shift 2 ;;
	--kver) kver=${2:-}; shift 2 ;;
	-*) die "setup-host.sh: unknown option '$1'" ;;
	*) break ;;
	esac
done
case $profile in
run | check) ;;
replay) set -- ;;
*) die "setup-host.sh: --profile is run, replay or check, not '$profile'" ;;
esac
# shellcheck disable=SC2046 # one word per architecture
[ $# -gt 0 ] || [ "$profile" = replay ] || set -- $(table_rows machines | awk '{ print $1 }' | sort -u)

# need PKGS WHY: the packages PKGS are needed for WHY.
declare -A why
need() {
	local p
	for p in $1; do
		[[ ${why[$p]:-} == *"$2"* ]] || why[$p]=${why[$p]:+${why[$p]}; }$2
	done
}
need "make gcc-12 libc6-dev" "building the module and the tools"
need "gcc" "cc and gcc: the tools, oom-hog for x86_64 guests and make's exit-status plugin"
need "libelf1 libssl3" "Debian's prebuilt kbuild tools (modpost, objtool) link against them"
need "cpio xz-utils zstd" "unpacking guest kernels and packing the initramfs"
need "kmod" "modinfo and depmod"
need "ca-certificates debian-archive-keyring" "fetching Debian's guest kernels"
need "libjson-c-dev" "oom-explain writes its JSON through json-c"
for arch in "$@"; do
	machines=$(table_rows machines | awk -v a="$arch" '$1 == a { printf "%s%s", s, $2; s = ", " }')
	for m in ${machines//,/}; do
		machine_load "$arch" "$m"
		need "$M_PKGS" "$arch guests ($machines)"
	done
done
# kernel_needs KVER: what the kernel row KVER adds: its headers build
# inside a Debian build root, or on this host with pahole at hand.
kernel_needs() {
	local root
	root=$(table_rows kernels | awk -v k="${1%-rt}" 'k == "" || $1 == k { print $4; exit }')
	if [ "${root:--}" != - ]; then
		need mmdebstrap "the Debian $root build root for the headers of Linux ${1:-the first row}"
	else
		need dwarves "module BTF: newer headers (6.12) run pahole"
	fi
}
if [ "$profile" = replay ]; then
	need jq "reading oom-explain's JSON to plan and compare a replay"
elif [ "$profile" = run ]; then
	kernel_needs "$kver"
else
	for k in $(table_rows kernels | awk '{ print $1 }'); do
		kernel_needs "$k"
	done
	need "perl" "checkpatch, and prove for the test stream"
	# Not gcc-multilib: Debian makes it conflict with the cross compilers.
	need "gcc-i686-linux-gnu libc6-dev-i386-cross" "oom-hog's tests run a 32-bit build (size_t of 32 bits)"
	need "qemu-user" "oom-hog's 32-bit build runs under qemu-i386 where the kernel runs no i386 program"
	need "git" "listing the scripts for the shellcheck gate"
	need "sparse" "the sparse (C=2) gate"
	need "shellcheck" "the scripts' gate"
	need "clang-format" "the kernel's clang-format gate"
	need "man-db" "checking the manual pages (man --warnings)"
	need "dkms" "the DKMS build test"
	need "gnuplot-nox" "the benchmark's pictures"
	need "clang libclang-rt-14-dev" "oom-explain's fuzzer and sanitizer runtimes"
	need "jq" "checking oom-explain's JSON"
	need "python3-jsonschema" "validating oom-explain's JSON against its schema"
	need "python3" "boot.sh --save/--restore: the saved guests' QMP client (scripts/qmp.py)"
	need "chromium" "loading oom-explain's --html page in a real headless browser (DOM checked, screenshot kept)"
	need "sudo" "make run as a user through sudo (a test when CI=true)"
fi

# One dpkg-query for them all (one each took a second of CPU a run).
declare -A have=()
while read -r p status; do
	[ "$status" != "install ok installed" ] || have[$p]=1
done < <(dpkg-query -W -f '${Package} ${Status}\n' "${!why[@]}" 2>/dev/null || true)
missing=
for p in $(printf '%s\n' "${!why[@]}" | sort); do
	[ -n "${have[$p]:-}" ] || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
echo "host packages to install (for make $profile), and what for:" >&2
for p in $missing; do
	printf '  %-26s %s\n' "$p" "${why[$p]}" >&2
done
if [ -n "$check" ] || [ -n "${AOOM_NO_INSTALL:-}" ]; then
	echo "not installing${AOOM_NO_INSTALL:+ (AOOM_NO_INSTALL is set)}; as root: apt-get install --no-install-recommends$missing" >&2
	exit 1
fi

sudo=()
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || die "need root or sudo to install:$missing"
	sudo=(sudo)
	sudo -n true 2>/dev/null || say "apt needs root: sudo asks for your password once"
	sudo -v || die "sudo refused; as root: apt-get install --no-install-recommends$missing"
fi
mkdir -p "$BUILD"
log=$BUILD/apt.log
: >"$log"
say "installing with apt (AOOM_NO_INSTALL=1 lists them instead); apt's output: $log"
t0=$(now_ms)
export DEBIAN_FRONTEND=noninteractive
echo "apt: updating the package lists" >&2
"${sudo[@]}" apt-get update >>"$log" 2>&1 || warn "apt-get update reported errors (see $log); trying the install anyway"
# What apt will do, from a dry run: the packages with their dependencies
# and the size of what it downloads (none of which needs root).
# shellcheck disable=SC2086 # word splitting of the package list is intended
n=$(apt-get install -s --no-install-recommends $missing 2>>"$log" | grep -c '^Inst ' || true)
# shellcheck disable=SC2086
mb=$(apt-get install -qq --print-uris --no-install-recommends $missing 2>>"$log" |
	awk '/^'"'"'/ { b += $3 } END { printf "%.0f", b / 1e6 }')
echo "apt: installing $n package$([ "$n" = 1 ] || echo s) with their dependencies ($mb MB to download)" >&2
set -o pipefail
# Both append to the log: apt's messages and its output, in turn.
# shellcheck disable=SC2086,SC2094
"${sudo[@]}" apt-get install -y --no-install-recommends -o APT::Status-Fd=1 $missing 2>>"$log" |
	tee -a "$log" | apt_progress apt || {
	tail -n 20 "$log" >&2
	die "apt-get install failed for:$missing (see $log)"
}
echo "apt: done in $(since "$t0") s" >&2
