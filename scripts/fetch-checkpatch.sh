#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-checkpatch.sh: take checkpatch.pl, its data files and the kernel's
# .clang-format out of Debian's linux-source-6.1 tarball, into
# $CACHE/checkpatch.  Done once; later calls return at once.
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

dest=$CACHE/checkpatch
[ -x "$dest/scripts/checkpatch.pl" ] && exit 0
tmp=$dest.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
t0=$(now_ms)
say "downloading linux-source-6.1 for checkpatch.pl and .clang-format (~140 MB)"
# A machine that already had every host package may never have fetched
# the package lists.
if ! apt-cache policy linux-source-6.1 2>/dev/null | grep -q 'Candidate: [0-9]'; then
	apt-get update -q >/dev/null || warn "apt-get update reported errors; trying anyway"
fi
(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root linux-source-6.1 >/dev/null) ||
	die "apt-get download linux-source-6.1 failed (run 'apt-get update' first)"
dpkg --fsys-tarfile "$tmp"/linux-source-6.1_*.deb |
	tar -x -C "$tmp" --wildcards './usr/src/linux-source-6.1.tar.xz'
say "unpacking the checkpatch files"
tar -xJf "$tmp/usr/src/linux-source-6.1.tar.xz" -C "$tmp" --strip-components=1 \
	linux-source-6.1/scripts/checkpatch.pl linux-source-6.1/scripts/spelling.txt \
	linux-source-6.1/scripts/const_structs.checkpatch linux-source-6.1/.clang-format
rm -rf "${tmp:?}/usr" "$tmp"/*.deb
rm -rf "$dest"
mv "$tmp" "$dest"
say "checkpatch ready in $(since "$t0") s"
