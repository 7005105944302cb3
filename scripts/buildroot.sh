#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# buildroot.sh SUITE
# buildroot.sh --run SUITE -- CMD [ARG...]
#
# Make, once, a small Debian build root of SUITE (e.g. trixie) in
# $CACHE/buildroot/SUITE, or run CMD inside it.  Debian's newest kernel
# headers (trixie's 6.12, trixie-backports' 7.x) are built with gcc-14 and
# their kbuild tools need trixie's C library, neither of which this
# Debian 12 host has; the root brings both, for amd64 and the arm64 and
# armhf cross compilers, without touching the host's dpkg state.
#
# The root is made with mmdebstrap from the mirror the host's apt already
# uses, then reused.  A root made from another package list is made again.
# Two callers at once are serialised by a lock in $CACHE/buildroot.
#
# --run runs CMD inside the root, as the caller, in a private mount
# namespace that shows the checkout, $CACHE, $BUILD and /tmp at their host
# paths, so the paths in CMD's arguments mean the same inside and out.
# Everything it mounts goes away with the namespace, even when it is
# killed.  CMD starts in the caller's directory, with PATH reset to the
# root's and the rest of the environment kept (through sudo: sudo's
# environment); its exit status is the script's.  A root that is missing
# is made first.
#
# Making the root, the namespace and chroot need root: a user's call runs
# the script again through sudo (asked once), and --run's CMD then runs
# as that user again inside the root, so what it writes is the user's.
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# What the root holds beyond minbase: compilers and binutils for the three
# guest architectures (the kernel makes its own -nostdinc, so the cross C
# libraries are not needed), what the headers' kbuild tools link against,
# pahole for module BTF (trixie's own name for it; dwarves is only a
# transitional package there), sparse for C=2, and kmod and the
# decompressors for looking at modules.
PACKAGES=(
	gcc-14 libc6-dev make
	gcc-14-aarch64-linux-gnu binutils-aarch64-linux-gnu
	gcc-14-arm-linux-gnueabihf binutils-arm-linux-gnueabihf
	libelf1t64 libssl3t64 zlib1g pahole sparse kmod perl-base xz-utils zstd
)
VARIANT=minbase
# Files no kernel build reads, left out by dpkg: documentation, manuals and
# translations, and, nearly half of the compilers' size, GCC's LTO back
# end and dump tool (Kbuild never uses GCC's LTO) and the user-space
# sanitizer run-times (the kernel brings its own).  Copyright files stay.
EXCLUDE=(
	/usr/share/man/'*' /usr/share/locale/'*' /usr/share/doc/'*'
	/usr/share/info/'*' /usr/share/lintian/'*'
	/usr/bin/'*-lto-dump-*' /usr/libexec/gcc'*'/lto1
	/usr/'*'/lib'*'san.so.'*' /usr/lib/gcc'*'/lib'*'san.a
	/usr/lib/gcc'*'/lib'*'san_preinit.o
)
INCLUDE=(/usr/share/locale/locale.alias /usr/share/doc/'*'/copyright)
# sparse 0.6.4, Debian 13's, cannot parse __typeof_unqual__, which the 7.x
# headers use under __CHECKER__: the kernel then turns C=2 off.  0.6.5 can;
# Debian has it only in unstable, so its sparse binary (it needs nothing
# newer than Debian 13's C library) goes into /usr/local/bin beside the
# packaged one.  The mirror's unstable may be older than its Valid-Until
# date, so an old, genuinely signed index could be replayed: the package is
# pinned by version and by the SHA-256 of its .deb (from unstable's signed
# Packages index on the day it was pinned), and any other file is refused.
# When unstable moves on, the root is made without it (with a warning)
# until the pin below is updated.
SID_SPARSE=3
SID_SPARSE_VERSION=0.6.5~rc1-2
SID_SPARSE_ARCH=amd64
SID_SPARSE_SHA256=a9fbd9d3091d78d77e1583cfd7596107135da1e84f0ceed88245661f33a8dfd6
# Part of the stamp: a change here makes existing roots be made again.
RECIPE="$VARIANT ${PACKAGES[*]} -${EXCLUDE[*]} +${INCLUDE[*]} sid-sparse=$SID_SPARSE:$SID_SPARSE_VERSION:$SID_SPARSE_SHA256"

usage() {
	die "usage: buildroot.sh SUITE | buildroot.sh --run SUITE -- CMD [ARG...]"
}

# ready ROOT: whether ROOT is complete and made from today's recipe.
ready() {
	[ -f "$1/.done" ] && grep -qxF "recipe: $RECIPE" "$1/.done"
}

# mounted_under DIR: whether anything is mounted at or below DIR.
mounted_under() {
	awk -v d="$1" '$5 == d || index($5, d "/") == 1 { f = 1 } END { exit !f }' \
		/proc/self/mountinfo
}

# make_root SUITE: make $CACHE/buildroot/SUITE unless it is ready.
make_root() {
	local suite=$1 dir root tmp log main t0 opts p d
	dir=$CACHE/buildroot
	root=$dir/$suite
	ready "$root" && return 0
	command -v mmdebstrap >/dev/null ||
		die "mmdebstrap is not installed; run 'apt-get install mmdebstrap' (a Debian 12 package)"
	mkdir -p "$dir"
	exec 8>>"$dir/.$suite.lock"
	if ! flock -n 8; then
		say "buildroot: waiting for another buildroot.sh on $root"
		flock 8
	fi
	# It may have been made while this one waited.
	if ready "$root"; then
		exec 8>&-
		return 0
	fi
	tmp=$root.tmp
	log=$dir/$suite.log
	# A root still in use must not be deleted under its mounts.
	for d in "$tmp" "$root" "$root.old"; do
		! mounted_under "$d" || die "something is mounted below $d; unmount it first"
	done
	rm -rf --one-file-system "$tmp" "$root.old"

	# shellcheck disable=SC2016 # apt's own $(FIELD) template
	main=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
		awk '$2 !~ /-security$/ { print $1; exit }')
	[ -n "$main" ] || die "apt has no Debian mirror configured; run 'apt-get update' first"

	opts=(
		--variant="$VARIANT"
		--include="$(IFS=,; echo "${PACKAGES[*]}")"
		--aptopt='Acquire::Languages "none"'
	)
	for p in "${EXCLUDE[@]}"; do
		opts+=(--dpkgopt="path-exclude=$p")
	done
	for p in "${INCLUDE[@]}"; do
		opts+=(--dpkgopt="path-include=$p")
	done
	# The hook gets the root's path as $1.
	# shellcheck disable=SC2016
	[ -z "$SID_SPARSE" ] ||
		opts+=(--customize-hook="$(printf '%q --sid-sparse "$1" %q' "$AOOM_TOP/scripts/buildroot.sh" "$main")")
	say "buildroot: making Debian $suite ($VARIANT + compilers, about 3 minutes) in $root from $main (log: $log)"
	t0=$(now_ms)
	# mmdebstrap mounts /proc, /sys and /dev in the root while it works; in
	# a namespace of its own nothing stays mounted if it is killed.
	unshare --mount --propagation private \
		mmdebstrap "${opts[@]}" "$suite" "$tmp" \
		"deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $main $suite main" \
		>"$log" 2>&1 || {
		tail -n 20 "$log" >&2
		die "mmdebstrap failed (see $log)"
	}
	{
		echo "recipe: $RECIPE"
		echo "mirror: $main"
		echo "made: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$tmp/.done"
	# The rename is what makes the root complete; an old one is replaced
	# only now, and a --run still inside it holds the lock shared, so the
	# exclusive lock above has waited for it.
	[ ! -e "$root" ] || mv "$root" "$root.old"
	mv "$tmp" "$root"
	rm -rf --one-file-system "$root.old"
	exec 8>&-
	say "buildroot: made $root in $(since "$t0") s, $(du -sh "$root" | cut -f1)"
}

# visible: the host paths shown inside the root, parents first, each once
# (a bind of a parent already shows its children).
visible() {
	local p q seen=()
	while IFS= read -r p; do
		for q in "${seen[@]}"; do
			case $p in "$q" | "$q"/*) continue 2 ;; esac
		done
		seen+=("$p")
		echo "$p"
	done < <(realpath -m -s -- /tmp "$AOOM_TOP" "$CACHE" "$BUILD" |
		awk '{ print length($0), $0 }' | sort -n | cut -d' ' -f2-)
}

# in_namespace PARENT-NS ROOT WD CMD...: the part of --run inside the new
# mount namespace.
in_namespace() {
	local parent=$1 root=$2 wd=$3 p paths first=() rest=() chroot
	shift 3
	# Run by hand, the mounts below would land in the host's namespace.
	[ "$(readlink /proc/self/ns/mnt)" != "$parent" ] ||
		die "--in-namespace is internal to --run"
	mapfile -t paths < <(visible)
	# A recursive bind copies the mounts below its source, and the root
	# usually lies in the checkout: bind the path that holds the root
	# first, and /proc and /dev last, so that none shows up twice.
	for p in "${paths[@]}"; do
		[ "$p" != / ] || die "cannot show / inside the build root"
		case $root in "$p"/*) first+=("$p") ;; *) rest+=("$p") ;; esac
	done
	for p in "${first[@]}" "${rest[@]}"; do
		mkdir -p "$p" "$root$p"
		mount --rbind "$p" "$root$p"
	done
	mount -t proc proc "$root/proc"
	mount --rbind /dev "$root/dev"
	chroot=$(command -v chroot)
	local as=()
	[ -z "${AOOM_RUN_AS:-}" ] || as=(--userspec="$AOOM_RUN_AS")
	# shellcheck disable=SC2016 # expanded by the root's shell
	PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin exec "$chroot" "${as[@]}" "$root" /bin/sh -c \
		'cd "$1" || exit 126; shift; exec "$@"' buildroot.sh "$wd" "$@"
}

# sid_sparse ROOT MIRROR: put unstable's sparse binary into ROOT's
# /usr/local/bin, with ROOT's own apt and keyring and a private list: the
# pinned version only, and only if its .deb has the pinned SHA-256.
# Called by mmdebstrap while it makes the root.
sid_sparse() {
	local root=$1 main=$2 d=/tmp/aoom-sid-sparse deb sum arch
	local apt=(apt-get -q -o Dir::Etc::SourceList="$d/sources.list"
		-o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$d/lists"
		-o Dir::Cache="$d/cache" -o Acquire::Languages=none
		-o Acquire::Check-Valid-Until=false -o APT::Sandbox::User=root)
	local no="C=2 against 7.x headers will say sparse is not up to date"
	arch=$(chroot "$root" dpkg --print-architecture)
	if [ "$arch" != "$SID_SPARSE_ARCH" ]; then
		warn "no pinned unstable sparse for $arch (only $SID_SPARSE_ARCH); $no"
		return 0
	fi
	rm -rf "${root:?}$d"
	mkdir -p "$root$d/lists/partial" "$root$d/cache/archives/partial"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $main sid main" >"$root$d/sources.list"
	# shellcheck disable=SC2016 # expanded by the root's shell
	if chroot "$root" sh -ec 'd=$1; v=$2; shift 2; "$@" update >/dev/null; cd "$d"
		"$@" download "sparse=$v" >/dev/null' sh "$d" "$SID_SPARSE_VERSION" "${apt[@]}"; then
		deb=$(find "$root$d" -maxdepth 1 -name 'sparse_*.deb' -print -quit)
		sum=$(sha256sum "$deb" | cut -d' ' -f1)
		if [ "$sum" = "$SID_SPARSE_SHA256" ]; then
			# shellcheck disable=SC2016 # expanded by the root's shell
			chroot "$root" sh -ec 'cd "$1"; dpkg-deb -x "$2" x
				install -m 0755 x/usr/bin/sparse /usr/local/bin/sparse' \
				sh "$d" "${deb##*/}" || warn "could not unpack unstable's sparse; $no"
		else
			warn "unstable's sparse $SID_SPARSE_VERSION is not the pinned file (sha256 $sum, pinned $SID_SPARSE_SHA256): not installed; $no"
		fi
	else
		warn "could not fetch sparse $SID_SPARSE_VERSION from unstable (no longer there? update the pin in scripts/buildroot.sh); $no"
	fi
	rm -rf "${root:?}$d"
	say "buildroot: sparse in /usr/local/bin: $(chroot "$root" /usr/local/bin/sparse --version 2>/dev/null || echo none)"
}

run() {
	local suite=$1 root wd p paths shown=
	shift
	root=$CACHE/buildroot/$suite
	make_root "$suite"
	# The directory CMD starts in must be one the root shows; elsewhere a
	# path of the same name inside the root would be a different folder.
	wd=$(pwd)
	if [ "$wd" != / ]; then
		mapfile -t paths < <(visible)
		for p in "${paths[@]}"; do
			case $wd in "$p" | "$p"/*) shown=1 ;; esac
		done
		if [ -z "$shown" ]; then
			warn "$wd is not visible inside the build root; running in /"
			wd=/
		fi
	fi
	# Held shared until CMD ends, so the root is not replaced under it.
	exec 8>>"$CACHE/buildroot/.$suite.lock"
	flock -s 8
	ready "$root" || die "$root was replaced or removed meanwhile; run again"
	exec unshare --mount --propagation private -- \
		"$AOOM_TOP/scripts/${0##*/}" --in-namespace \
		"$(readlink /proc/self/ns/mnt)" "$root" "$wd" "$@"
}

[ $# -gt 0 ] || usage
# mmdebstrap's root mode, mount and chroot all need root.  A user runs the
# script again through sudo, with the folders it was given, and its uid
# and gid for --run's CMD.
if [ "$(id -u)" != 0 ]; then
	case $1 in --in-namespace | --sid-sparse) die "buildroot.sh: $1 is internal" ;; esac
	command -v sudo >/dev/null ||
		die "buildroot.sh needs root for mmdebstrap, its mount namespace and chroot: run it as root, or install sudo"
	# Made by the user, so that they stay the user's.
	mkdir -p "$CACHE" "$BUILD"
	sudo -n true 2>/dev/null ||
		say "buildroot: mmdebstrap, the mount namespace and chroot need root: sudo asks for your password once"
	exec sudo -- env AOOM_CACHE="$CACHE" AOOM_BUILD="$BUILD" AOOM_RUN_AS="$(id -u):$(id -g)" "$0" "$@"
fi
case $1 in
--run)
	if [ $# -lt 4 ] || [ "$3" != -- ]; then
		usage
	fi
	suite=$2
	shift 3
	case $suite in "" | */* | .*) usage ;; esac
	run "$suite" "$@"
	;;
--sid-sparse)
	# Internal: mmdebstrap's customize hook.
	[ $# -eq 3 ] || usage
	sid_sparse "$2" "$3"
	;;
--in-namespace)
	# Internal: the second half of --run, already in the new namespace.
	shift
	in_namespace "$@"
	;;
-*)
	usage
	;;
*)
	[ $# -eq 1 ] || usage
	case $1 in */* | .*) usage ;; esac
	make_root "$1"
	say "buildroot: $CACHE/buildroot/$1 is ready"
	;;
esac
