#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-checkpatch.sh: take checkpatch.pl, its data files and the kernel's
# .clang-format out of Debian's linux-source-6.1 tarball, into
# $CACHE/checkpatch, through the cache's private apt state (the system's
# is not touched).  Done once; later calls return at once.
set -eu
set -o pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

dest=$CACHE/checkpatch
[ -x "$dest/scripts/checkpatch.pl" ] && exit 0
tmp=$dest.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
t0=$(now_ms)
say "downloading linux-source-6.1 for checkpatch.pl and .clang-format (~140 MB)"
# From the private apt state of the first kernel row on amd64 (Debian 12's
# suites), which fetch.sh writes and keeps in the cache: the system's apt
# state is neither read for it nor written.
machine_load x86_64
kernel_load ''
log=$tmp.log
get() {
	(cd "$tmp" && papt apt-get download -o APT::Status-Fd=1 linux-source-6.1 2>>"$log" | apt_progress apt)
}
if ! papt apt-cache policy linux-source-6.1 2>/dev/null | grep -q 'Candidate: [0-9]'; then
	"$AOOM_TOP/scripts/fetch.sh" --arch x86_64 --busybox-only >&2
fi
# Lists kept from an earlier fetch may name a version the mirror has
# since replaced: refreshed once, they name today's.
if ! get; then
	[ -s "$(apt_dir)/sources.list" ] || die "no private apt state in $(apt_dir) (scripts/fetch.sh writes it)"
	say "refreshing the cache's package lists for Debian 12"
	papt apt-get update >>"$log" 2>&1 || warn "apt-get update reported errors (see $log); trying anyway"
	get || die "apt-get download linux-source-6.1 failed (see $log)"
fi
rm -f "$log"
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
