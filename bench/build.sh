#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/build.sh [--arch ARCH] [--kver KVER] [--no-stress-ng] [KBUILD-ARG...]
#
# Build what the benchmark boots: alloc-oom.ko and the project's initramfs
# (through the project's own scripts), aoom_limit.ko against the same
# headers, and a second initramfs that appends a small cpio archive to the
# project's one: the kernel unpacks concatenated archives in order, so the
# guest sees the project's files plus /root/aoom_limit.ko, the guest side
# of the benchmark (/usr/local/bin/aoom-bench) and, unless --no-stress-ng,
# Debian's stress-ng with its shared libraries and dynamic loader.
# Prints the path of the benchmark initramfs.
set -eu
set -o pipefail
bench=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$bench/../scripts/lib.sh"

arch=x86_64 kver='' stress=1
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	--no-stress-ng) stress=; shift ;;
	*) break ;;
	esac
done
machine_load "$arch"
kernel_load "$kver"
S=$AOOM_TOP/scripts

"$S/setup-host.sh" --profile run --kver "$K_VER" "$arch" >&2
"$S/fetch.sh" --arch "$arch" --kver "$K_VER$K_RT" >&2
"$S/build-module.sh" --arch "$arch" --kver "$K_VER$K_RT" >&2
"$S/mkinitramfs.sh" --arch "$arch" --kver "$K_VER$K_RT" >&2

out=$(module_dir)/bench
mkdir -p "$out"
cp -p "$bench/Kbuild" "$bench/aoom_limit.c" "$out/"
kbuild "$(kernel_dir)/kdir" "$out" "$@" modules >&2
say "built $out/aoom_limit.ko"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/root" "$root/usr/local/bin"
cp "$out/aoom_limit.ko" "$root/root/"
cp "$bench/guest/aoom-bench" "$root/usr/local/bin/"
if [ -n "$stress" ]; then
	"$bench/stress-ng.sh" --arch "$arch" --root "$root" >&2
fi
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$out/extra.cpio.gz"
cat "$(module_dir)/initramfs.cpio.gz" "$out/extra.cpio.gz" >"$out/initramfs.cpio.gz"
echo "$out/initramfs.cpio.gz"
