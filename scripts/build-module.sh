#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh [--arch ARCH] [--kver KVER] [--kdir DIR] [--out DIR] [KBUILD-ARG...]
#
# Build alloc-oom.ko for a guest.  The sources are copied to a build folder
# per kernel and architecture, so builds for several guests do not clobber
# each other.  KDIR defaults to the fetched Debian headers of KVER; any
# other argument (W=1, C=2, ...) goes to Kbuild.
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

arch=x86_64 kver='' kdir='' out=''
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	--kdir) kdir=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) break ;;
	esac
done
machine_load "$arch"
kernel_load "$kver"

[ -n "$kdir" ] || kdir=$(kernel_dir)/kdir
[ -f "$kdir/Makefile" ] || die "no kernel build tree at $kdir (run scripts/fetch.sh --arch $arch${kver:+ --kver $kver}, or pass a KDIR)"
out=${out:-$(module_dir)}
hold_lock "$out.lock"

mkdir -p "$out"
cp -p "$AOOM_TOP/Kbuild" "$AOOM_TOP/VERSION" "$AOOM_TOP"/*.c "$AOOM_TOP"/*.h "$out/"
t0=$(now_ms)
kbuild "$kdir" "$out" "$@" modules
say "built $out/alloc-oom.ko for $arch in $(since "$t0") s"
