#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/stress-ng.sh [--arch ARCH] --root DIR
#
# Put Debian's stress-ng for the guest architecture into DIR (a guest
# root): the binary in /usr/local/bin, the shared libraries it needs
# (the closure of the ELF NEEDED entries) and the dynamic loader.  The
# packages are downloaded once, with the private apt state that
# scripts/fetch.sh keeps for the default kernel, into the cache.
set -eu
set -o pipefail
bench=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$bench/../scripts/lib.sh"

arch=x86_64 root=''
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2; shift 2 ;;
	--root) root=$2; shift 2 ;;
	*) die "stress-ng.sh: unknown argument '$1'" ;;
	esac
done
[ -n "$root" ] || die "stress-ng.sh: --root DIR is needed"
machine_load "$arch"
kernel_load ''
apt_dir=$(apt_dir)
[ -f "$apt_dir/sources.list" ] || die "no apt state in $apt_dir (run scripts/fetch.sh)"
dl=$CACHE/stress-ng/$M_DEBARCH

if [ ! -f "$dl/.done" ]; then
	say "stress-ng: downloading stress-ng:$M_DEBARCH and its libraries"
	rm -rf "$dl"
	mkdir -p "$dl/debs" "$dl/tree"
	# Depends and Pre-Depends only, recursively, of this architecture.
	pkgs=$(papt apt-cache depends --recurse --no-recommends --no-suggests \
		--no-conflicts --no-breaks --no-replaces --no-enhances \
		"stress-ng:$M_DEBARCH" | awk '/^[a-z0-9]/ { print }' |
		grep -E ":$M_DEBARCH\$|^[^:]*\$" | sort -u)
	# Virtual packages and arch:all data packages cannot or need not be
	# downloaded for this architecture; skip what apt refuses.
	(cd "$dl/debs" && for p in $pkgs; do
		papt apt-get download "$p" >/dev/null 2>&1 || true
	done)
	for deb in "$dl"/debs/*.deb; do
		dpkg -x "$deb" "$dl/tree"
	done
	touch "$dl/.done"
fi
tree=$dl/tree
bin=$tree/usr/bin/stress-ng
[ -x "$bin" ] || die "stress-ng:$M_DEBARCH did not download (see $dl)"

# find_lib SONAME: the library file of that name in the unpacked tree.
find_lib() {
	find "$tree/lib" "$tree/usr/lib" \( -type f -o -type l \) -name "$1" 2>/dev/null | head -n 1
}
# needed ELF: its NEEDED sonames.
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

mkdir -p "$root/usr/local/bin" "$root/lib"
cp "$bin" "$root/usr/local/bin/stress-ng"
interp=$(readelf -l "$bin" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
todo=$(needed "$bin") done_=' '
while [ -n "$todo" ]; do
	next=
	for so in $todo; do
		case $done_ in *" $so "*) continue ;; esac
		done_="$done_$so "
		f=$(find_lib "$so")
		[ -n "$f" ] || die "stress-ng: no $so for $M_DEBARCH in $dl"
		cp -L "$f" "$root/lib/$so"
		next="$next $(needed "$root/lib/$so" | xargs)"
	done
	todo=$next
done
# The loader at the path the binary asks for; the libraries are found
# through LD_LIBRARY_PATH=/lib, set by the guest script.
f=$(find_lib "$(basename "$interp")")
[ -n "$f" ] || die "stress-ng: no dynamic loader $interp"
mkdir -p "$root$(dirname "$interp")"
cp -L "$f" "$root$interp"
say "stress-ng: $(echo "$done_" | wc -w) libraries, loader $interp, $(du -sk "$root" | cut -f1) KiB"
