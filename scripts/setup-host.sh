#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# setup-host.sh [--check] [ARCH...]
#
# Install the Debian packages the project needs on the host for the given
# guest architectures (default: all of them) plus the test tools.  Only
# missing packages are installed, each listed first with what it is for:
# as root with apt-get, otherwise through sudo, with apt's own progress
# shown.  With --check, or with AOOM_NO_INSTALL=1 in the environment,
# nothing is installed: the missing ones are listed with the command that
# installs them, and the exit status is 1 if any are missing.
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

check=
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
# shellcheck disable=SC2046 # one word per architecture
[ $# -gt 0 ] || set -- $(table_rows machines | awk '{ print $1 }' | sort -u)

# need PKGS WHY: the packages PKGS are needed for WHY.
declare -A why
need() {
	local p
	for p in $1; do
		why[$p]=${why[$p]:+${why[$p]}; }$2
	done
}
need "make gcc-12 libc6-dev" "building the module and the tools"
need "gcc" "cc and gcc: the tools, oom-hog for x86_64 guests and make's exit-status plugin"
need "gcc-multilib" "oom-hog's tests run a 32-bit build (size_t of 32 bits)"
need "libelf1 libssl3" "Debian's prebuilt kbuild tools (modpost, objtool) link against them"
need "dwarves" "6.12's headers run pahole for module BTF"
need "cpio xz-utils zstd" "unpacking guest kernels and packing the initramfs"
need "kmod" "modinfo and depmod"
need "perl" "checkpatch, and prove for the test stream"
need "ca-certificates debian-archive-keyring" "fetching Debian's guest kernels"
need "sparse" "the sparse (C=2) gate"
need "shellcheck" "the scripts' gate"
need "dkms" "the DKMS build test"
need "gnuplot-nox" "the benchmark's pictures"
need "clang libclang-rt-14-dev" "oom-explain's fuzzer and sanitizer runtimes"
need "libjson-c-dev" "oom-explain writes its JSON through json-c"
need "jq" "checking oom-explain's JSON"
need "python3-jsonschema" "validating oom-explain's JSON against its schema"
need "chromium" "loading oom-explain's --html page in a real headless browser (DOM checked, screenshot kept)"
need "mmdebstrap" "the Debian 13 build root for the newest kernels' headers"
for arch in "$@"; do
	for m in $(table_rows machines | awk -v a="$arch" '$1 == a { print $2 }'); do
		machine_load "$arch" "$m"
		need "$M_PKGS" "$arch guests ($m)"
	done
done

missing=
for p in $(printf '%s\n' "${!why[@]}" | sort); do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -n "$missing" ] || exit 0
echo "host packages to install, and what for:" >&2
for p in $missing; do
	printf '  %-26s %s\n' "$p" "${why[$p]}" >&2
done
if [ -n "$check" ] || [ -n "${AOOM_NO_INSTALL:-}" ]; then
	echo "not installing${AOOM_NO_INSTALL:+ (AOOM_NO_INSTALL is set)}; as root: apt-get install --no-install-recommends$missing" >&2
	exit 1
fi

sudo=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || die "need root or sudo to install:$missing"
	sudo=sudo
fi
say "installing:$missing (AOOM_NO_INSTALL=1 lists them instead)"
t0=$(now_ms)
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update || warn "apt-get update reported errors; trying the install anyway"
# shellcheck disable=SC2086 # word splitting of the package list is intended
$sudo apt-get install -y --no-install-recommends $missing ||
	die "apt-get install failed for:$missing"
say "host packages installed in $(since "$t0") s"
