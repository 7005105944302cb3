#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh [--arch ARCH] [--kver KVER] [--out DIR] [--kmods DIR]
#
# Pack the guest's initramfs into DIR/initramfs.cpio.gz: BusyBox with its
# applet links, rootfs/ (init, the demo and the scenarios), the module in
# /root (the guest's working directory), the tools in /usr/local/bin and
# the kernel's own modules that scenarios load (zram and its dependencies,
# listed in load order) in /lib/alloc-oom/modules.  --kmods picks where
# those come from (default: the fetched kernel's; empty: none).
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

arch=x86_64 kver='' out='' kmods=-
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--kmods) kmods=$2; shift 2 ;;
	*) die "mkinitramfs.sh: unknown argument '$1'" ;;
	esac
done
machine_load "$arch"
kernel_load "$kver"
out=${out:-$(module_dir)}
hold_lock "$out.lock"
[ "$kmods" != - ] || kmods=$(kernel_dir)/modules
bb=$CACHE/busybox/$M_DEBARCH/busybox
[ -x "$bb" ] || die "no BusyBox for $M_DEBARCH in the cache (run scripts/fetch.sh --arch $arch)"
jc=$CACHE/json-c/$M_DEBARCH
[ -f "$jc/lib/libjson-c.a" ] || die "no json-c for $M_DEBARCH in the cache (run scripts/fetch.sh --arch $arch)"
[ -f "$out/alloc-oom.ko" ] || die "no $out/alloc-oom.ko (run scripts/build-module.sh --arch $arch)"

# Guest programs are static: the initramfs has no C library.  They are
# built with the host's own (cross) compiler, whatever built the kernel;
# oom-explain's --json with the guest architecture's json-c from Debian.
# So they are the same for every kernel of an architecture: its rows
# share one build.
progs=$BUILD/guest-$M_DEBARCH
(
	hold_lock "$progs.lock" "the $M_DEBARCH guest programs"
	mkdir -p "$progs"
	make -s -C "$AOOM_TOP/tools/oom-hog" O="$progs" CC="${M_CROSS}gcc" LDFLAGS=-static
	make -s -C "$AOOM_TOP/tools/oom-explain" guest O="$progs" CC="${M_CROSS}gcc" LDFLAGS=-static \
		JSON_C_INC="$jc/include" JSON_C_LIB="$jc/lib"
)

# An image newer than all it would hold, packed with the same kernel
# modules folder, is kept as it is.
img=$out/initramfs.cpio.gz
if [ -f "$img" ] && [ "$(cat "$img.kmods" 2>/dev/null)" = "$kmods" ] &&
	[ -z "$(find "$bb" "$out/alloc-oom.ko" "$progs/oom-hog" "$progs/oom-explain" "$AOOM_TOP/rootfs" \
		${kmods:+"$kmods"} -newer "$img" -print -quit)" ]; then
	say "$img is up to date"
	exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,dev,proc,sys,tmp,root,etc}
cp "$bb" "$root/bin/busybox"
# The applets are the same on every architecture; the host's BusyBox lists them.
for applet in $("$CACHE/busybox/amd64/busybox" --list-full); do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
cp -R "$AOOM_TOP/rootfs/." "$root/"
cp "$out/alloc-oom.ko" "$root/root/"
cp "$progs/oom-hog" "$progs/oom-explain" "$root/usr/local/bin/"
if [ -n "$kmods" ]; then
	[ -f "$kmods/order" ] || die "no $kmods/order (run scripts/fetch.sh --arch $arch --kver $K_VER$K_RT)"
	mkdir -p "$root/lib/alloc-oom/modules"
	cp "$kmods/order" "$kmods"/*.ko "$root/lib/alloc-oom/modules/"
fi
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$img.tmp"
printf '%s\n' "$kmods" >"$img.kmods"
mv "$img.tmp" "$img"
