#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch.sh [--arch ARCH] [--kver KVER] [--busybox-only]
#
# Download a Debian guest kernel, its headers, BusyBox and json-c (which
# the guest's oom-explain is linked with) into the cache, without
# installing anything into /boot or touching the system's apt state.  The
# kernel ABI (e.g. 6.1.0-56-amd64) is resolved from Debian's meta-packages
# at fetch time: the newest version whose packages all download and
# verify, so that a mirror whose index names files its pool does not have
# yet (mid-sync) costs a version, not the row.  Already fetched kernels are
# reused.  --busybox-only fetches the guest's userland (BusyBox, json-c)
# and no kernel.
#
# AOOM_APT_SOURCES=FILE takes the guest kernels' apt sources from FILE
# (sources.list lines: a local mirror, say) instead of the mirrors the
# system's apt uses.
#
# Exit status: 0 fetched, 3 the mirror has no version of the kernel that
# downloads (its answer, 404 or a hash mismatch, is the last line), 1 any
# other failure.
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

arch=x86_64
kver=
busybox_only=
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	--busybox-only) busybox_only=1; shift ;;
	*) die "fetch.sh: unknown argument '$1'" ;;
	esac
done
machine_load "$arch"
kernel_load "$kver"
# fetch_lock PATH...: two runs fetching at once would both write the same
# folders, so whatever is missing is fetched under the locks of what it
# writes (PATH: the folder it fills, then the private apt state it uses),
# and looked for again once they are held: the other run may have fetched
# it meanwhile.  What is there already is read without one.  A step takes
# its folder's lock before its apt state's and lets both go when it is
# done (fetch_unlock), so fetches of different rows run at once.
fetch_held=()
fetch_lock() {
	local f fd
	for f; do
		mkdir -p "$(dirname "$f")"
		exec {fd}>>"$f.lock"
		if ! flock -n "$fd"; then
			say "waiting for another run to finish with ${f#"$CACHE"/}"
			flock "$fd"
		fi
		fetch_held+=("$fd")
	done
}
fetch_unlock() {
	local fd
	for fd in "${fetch_held[@]}"; do
		exec {fd}>&-
	done
	fetch_held=()
}

apt_dir=$(apt_dir)
keyring=/usr/share/keyrings/debian-archive-keyring.gpg


# Write the private sources.list from the mirrors the system's apt already
# uses: security suites from its security mirror, the rest from its main one.
# Every suite is pinned alike, backports too, so the newest version wins.
apt_prepare() {
	local main sec suite uri
	mkdir -p "$apt_dir"/{state,lists/partial,cache/archives/partial,sources.list.d,preferences.d}
	: >"$apt_dir/status"
	# shellcheck disable=SC2016 # apt's own $(FIELD) template
	main=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
		awk '$2 !~ /-security$/ { print $1; exit }')
	# shellcheck disable=SC2016
	sec=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
		awk '$2 ~ /-security$/ { print $1; exit }')
	: >"$apt_dir/sources.list.new"
	for suite in $K_SUITES; do
		uri=$main
		case $suite in *-security) uri=$sec ;; esac
		if [ -n "${AOOM_APT_SOURCES:-}" ]; then
			:
		elif [ -z "$main" ]; then
			die "apt has no Debian mirror configured; run 'apt-get update' first"
		elif [ -z "$uri" ]; then
			warn "no security mirror configured; skipping $suite"
			continue
		else
			echo "deb [signed-by=$keyring] $uri $suite main" >>"$apt_dir/sources.list.new"
		fi
		printf 'Package: *\nPin: release n=%s\nPin-Priority: 500\n\n' "$suite"
	done >"$apt_dir/preferences"
	if [ -n "${AOOM_APT_SOURCES:-}" ]; then
		cp "$AOOM_APT_SOURCES" "$apt_dir/sources.list.new" ||
			die "AOOM_APT_SOURCES=$AOOM_APT_SOURCES: cannot read it"
	fi
	mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
	say "apt: updating the package lists for Linux $K_VER on $M_DEBARCH (${K_SUITES// /, })"
	# A mirror that is mid-sync for one architecture makes update exit 100,
	# and apt then leaves out that whole suite but keeps the others: judge
	# by what we can find, and say which suites were left out.
	local bad
	if ! papt apt-get update >"$apt_dir/update.log" 2>&1; then
		bad=$(awk '/^Err:/ && / Packages$/ { sub(/\/.*/, "", $3); print $3 }' "$apt_dir/update.log" | sort -u | xargs)
		warn "apt-get update could not read ${bad:-some indexes} (a mirror mid-sync?); going on without ${bad:+them} (see $apt_dir/update.log)"
	fi
}

# candidate PKG: the version apt would pick.
candidate() {
	papt apt-cache policy "$1" | awk '/Candidate:/ { print $2; exit }'
}

# versions PKG: every version of PKG the indexes list, newest first, once each.
versions() {
	papt apt-cache madison "$1" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2) } !seen[$2]++ { print $2 }'
}

# depends PKG VERSION: the names of PKG=VERSION's dependencies, one a line.
depends() {
	papt apt-cache show "$1=$2" | awk '/^Depends:/ {
		sub(/^Depends: */, ""); n = split($0, d, /, */)
		for (i = 1; i <= n; i++) { sub(/ .*/, "", d[i]); print d[i] } exit }'
}

# download DIR PKG=VER...: fetch .debs into DIR, showing apt's progress;
# apt's messages are in DIR/download.log.  apt checks each file against
# the index's hashes.
download() {
	local dir=$1
	shift
	(set -o pipefail && cd "$dir" &&
		papt apt-get download -o APT::Status-Fd=1 "$@" 2>&1 | tee "$dir/download.log" | apt_progress apt)
}

# refusal LOG: the mirror's own answer in apt's LOG of a failed download,
# as "FILE: ANSWER" (404 Not Found, Hash Sum mismatch, ...): the mirror
# lists what it cannot serve.  Nothing, and status 1, for any other
# failure (no network, a full disk, a bad argument).
refusal() {
	awk '/^E: Failed to fetch / {
		file = $5; sub(/.*\//, "", file)
		gsub(/%2[bB]/, "+", file); gsub(/%7[eE]/, "~", file); gsub(/%3[aA]/, ":", file)
		if (match($0, / [45][0-9][0-9] +[A-Za-z][A-Za-z ]*/) ||
		    match($0, /Hash Sum mismatch|File has unexpected size|File not found/)) {
			why = substr($0, RSTART, RLENGTH); gsub(/^ +| +$/, "", why); gsub(/  +/, " ", why)
			print file ": " why; f = 1; exit
		}
	}
	/^E: Can.t find a source to download version/ { sub(/^E: /, ""); print; f = 1; exit }
	END { exit !f }' "$1"
}

# vmlinux_from_bzimage BZIMAGE OUT: unpack the ELF vmlinux from the bzImage
# so QEMU can boot it through PVH, skipping in-guest decompression.  The
# payload is XZ (Debian up to 6.1) or zstd (6.12); its start is found by
# the format's magic, and the first candidate that unpacks to ELF wins.
vmlinux_from_bzimage() {
	local off offsets magic tool
	for magic in '\xfd7zXZ\x00:xz' '\x28\xb5\x2f\xfd:zstd'; do
		tool=${magic##*:}
		offsets=$(LC_ALL=C grep -aboP "${magic%:*}" "$1" | cut -d: -f1)
		for off in $offsets; do
			# Trailing bytes after the stream make both tools complain;
			# what counts is whether an ELF image came out.
			tail -c +$((off + 1)) "$1" | "$tool" -dc 2>/dev/null >"$2.tmp" || true
			if [ "$(head -c 4 "$2.tmp" | od -An -c | tr -d ' ')" = '177ELF' ]; then
				mv "$2.tmp" "$2"
				return 0
			fi
		done
	done
	rm -f "$2.tmp"
	return 1
}

# Modules the guest loads itself, with everything they depend on: zram
# gives the pressure scenario swap, so kswapd has pages it can reclaim;
# ext4 (which mounts ext2) on a zram disk gives a replay a file system
# whose page cache is charged with the file's own GFP mask, unlike tmpfs.
# A name ending in ? is taken where the package has it: up to 6.x ext4
# asks the crypto API for crc32c (its soft dependency, a module there),
# from 7.x it calls the library, built in.
GUEST_MODULES='zram ext4 crc32c_generic?'

# guest_modules DEB DEST NAME...: unpack the named modules of the image
# package DEB and, level by level, the modules they depend on (modinfo's
# "depends"), decompressed into DEST as NAME.ko with the module's own name
# (_ where the file may say -).  DEST/order lists them so that loading them
# top to bottom meets every dependency.
guest_modules() {
	local deb=$1 dest=$2 list x want paths name opt path level=0
	shift 2
	want="$*"
	list=$(dpkg -c "$deb" | awk '$NF ~ /\.ko(\.xz|\.zst)?$/ { print $NF }')
	x=$dest.x
	mkdir -p "$dest" "$x"
	while [ -n "$want" ]; do
		level=$((level + 1))
		[ "$level" -le 8 ] || die "module dependencies of $* nest deeper than 8"
		paths=()
		for name in $want; do
			opt=${name%\?}
			if path=$(grep -m1 -E "/${opt//_/[-_]}\.ko(\.xz|\.zst)?\$" <<<"$list"); then
				paths+=("$path")
			elif [ "$opt" = "$name" ]; then
				die "module $name is not in $(basename "$deb")"
			fi
		done
		[ "${#paths[@]}" -gt 0 ] || break
		dpkg --fsys-tarfile "$deb" | tar -x -C "$x" "${paths[@]}"
		for path in "${paths[@]}"; do
			name=$(basename "$path")
			name=${name%%.ko*}
			name=${name//-/_}
			case $path in
			*.xz) xz -dc "$x/$path" >"$dest/$name.ko" ;;
			*.zst) zstd -qdc "$x/$path" >"$dest/$name.ko" ;;
			*) cp "$x/$path" "$dest/$name.ko" ;;
			esac
		done
		want=''
		for path in "$dest"/*.ko; do
			for name in $(modinfo -F depends "$path" | tr , ' '); do
				[ -f "$dest/$name.ko" ] || case " $want " in
					*" $name "*) ;;
					*) want="$want $name" ;;
					esac
			done
		done
	done
	rm -rf "$x"
	: >"$dest/order"
	for name in "$@"; do
		name=${name%\?}
		[ ! -f "$dest/$name.ko" ] || module_order "$dest" "$name"
	done
}

# module_order DIR NAME: append NAME to DIR/order after its dependencies.
module_order() {
	local dep
	! grep -qx "$2" "$1/order" || return 0
	for dep in $(modinfo -F depends "$1/$2.ko" | tr , ' '); do
		module_order "$1" "$dep"
	done
	echo "$2" >>"$1/order"
}

# resolve MVER: set abi, img, ver, hdr, common, kbuild, kver_tools and
# imgs (the image packages as PKG=VER) for version MVER of the meta-package
# $meta.  Status 1, with the reason in why, when the index lacks one of
# them; a layout it does not know ends the fetch.
resolve() {
	local pkg
	img=$(depends "$meta" "$1" | grep -m1 '^linux-image-') ||
		die "cannot resolve the kernel ABI from $meta $1"
	abi=${img#linux-image-}
	[ "$M_DEBARCH" = amd64 ] || img=$img:$M_DEBARCH
	ver=$(versions "$img" | head -n 1)
	if [ -z "$ver" ]; then
		why="${img%%:*} is not in its index"
		return 1
	fi
	hdr=linux-headers-$abi
	[ "$M_DEBARCH" = amd64 ] || hdr=$hdr:$M_DEBARCH
	if ! papt apt-cache show "$hdr=$ver" >/dev/null 2>&1; then
		why="${hdr%%:*} $ver is not in its index"
		return 1
	fi
	common=$(depends "$hdr" "$ver" | grep -m1 -E -- '-common(-rt)?$') ||
		die "cannot find the common headers of $hdr $ver"
	kbuild=$(depends "$hdr" "$ver" | grep -m1 '^linux-kbuild-') ||
		die "cannot find the kbuild tools of $hdr $ver"
	# The kbuild tools run on this host, so they are amd64's build, which
	# Debian may have rebuilt (6.1.192-3 beside arm64's 6.1.192-2): take
	# the same version where there is one, else the newest of the series.
	kver_tools=$ver
	if ! versions "$kbuild:amd64" | grep -qxF -- "$ver"; then
		kver_tools=$(versions "$kbuild:amd64" | head -n 1)
		if [ "${kver_tools%-*}" != "${ver%-*}" ]; then
			why="$kbuild:amd64 is at ${kver_tools:-no version}, not at $ver's upstream version"
			return 1
		fi
	fi
	# From 7.x Debian splits the image package: the kernel and the modules
	# are in linux-binary-ABI and linux-modules-ABI, on which it depends.
	imgs=("$img=$ver")
	for pkg in $(depends "$img" "$ver" | grep -Fx -e "linux-binary-$abi" -e "linux-modules-$abi"); do
		[ "$M_DEBARCH" = amd64 ] || pkg=$pkg:$M_DEBARCH
		imgs+=("$pkg=$ver")
	done
}

# have_modules DIR: DIR is a whole kernel of the cache, with every one of
# GUEST_MODULES but those its package may lack.
have_modules() {
	local name
	[ -f "$1/.done" ] && [ -f "$1/modules/order" ] || return 1
	for name in $GUEST_MODULES; do
		[ "$name" != "${name%\?}" ] || grep -qx "$name" "$1/modules/order" || return 1
	done
}

fetch_kernel() {
	local kd meta mver mvers img imgs kimg ver abi hdr common kbuild kver_tools tmp why skipped
	kd=$(kernel_dir)
	# A cache without every guest module is fetched again.
	have_modules "$kd" || fetch_lock "$kd" "$apt_dir"
	if have_modules "$kd"; then
		say "Linux $K_VER$K_RT for $M_DEBARCH is in the cache ($(cat "$kd/release"))"
		fetch_unlock
		return 0
	fi
	t0=$(now_ms)
	apt_prepare
	meta=linux-image-$M_FLAVOUR
	[ "$M_DEBARCH" = amd64 ] || meta=$meta:$M_DEBARCH
	mvers=$(versions "$meta")
	[ -n "$mvers" ] || die "$meta is not in ${K_SUITES// /, }; see $apt_dir/update.log"
	tmp=$kd.tmp
	# The newest version whose packages all download and verify wins: an
	# index can name files that its pool does not have yet.
	skipped=
	for mver in $mvers; do
		if resolve "$mver"; then
			rm -rf "$tmp"
			mkdir -p "$tmp/debs" "$tmp/root"
			say "Linux $K_VER$K_RT for $M_DEBARCH resolves to $abi ($ver)"
			say "downloading ${img%%:*}, its headers and $kbuild (~100 MB)"
			if download "$tmp/debs" "${imgs[@]}" "$hdr=$ver" "$common=$ver" "$kbuild:amd64=$kver_tools"; then
				break
			fi
			why=$(refusal "$tmp/debs/download.log") || {
				sed 's/^/  /' "$tmp/debs/download.log" | tail -n 5 >&2
				die "apt-get download of $abi ($ver) failed"
			}
		fi
		warn "skipping $meta $mver: $why"
		skipped="$skipped$mver ($why); "
		mver=
	done
	if [ -z "$mver" ]; then
		rm -rf "$tmp"
		echo "error: no version of $meta downloads from the mirror; tried ${skipped%; }" >&2
		exit 3
	fi
	say "unpacking"
	local deb moddeb=
	for deb in "$tmp"/debs/linux-headers-*.deb "$tmp"/debs/linux-kbuild-*.deb; do
		dpkg -x "$deb" "$tmp/root" || die "cannot unpack $(basename "$deb")"
	done
	for deb in "$tmp"/debs/linux-{image,binary,modules}-*.deb; do
		[ -f "$deb" ] || continue
		# Each package has some of these or none; tar's complaint is no error.
		dpkg --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards \
			'./boot/vmlinuz-*' './usr/lib/modules/*/vmlinuz' './usr/lib/*vexpress*.dtb' 2>/dev/null || true
		[ -n "$moddeb" ] || ! dpkg -c "$deb" | awk '/\/kernel\/.*\.ko/ { f = 1 } END { exit !f }' || moddeb=$deb
	done
	# /boot up to 6.x, beside the modules from 7.x on
	kimg=$tmp/boot/vmlinuz-$abi
	[ -f "$kimg" ] || kimg=$tmp/usr/lib/modules/$abi/vmlinuz
	[ -f "$kimg" ] || die "no vmlinuz in ${imgs[*]}"
	[ -n "$moddeb" ] || die "no kernel modules in ${imgs[*]}"
	mkdir -p "$tmp/dtbs"
	say "unpacking the guest modules ($GUEST_MODULES) and what they depend on"
	# shellcheck disable=SC2086 # a list of names
	guest_modules "$moddeb" "$tmp/modules" $GUEST_MODULES
	find "$tmp/usr" -name '*.dtb' -exec mv {} "$tmp/dtbs/" \; 2>/dev/null || true

	# The flavour's Makefile names the common headers (and from 7.x its
	# own folder, as KBUILD_OUTPUT) by absolute path.
	local mk=$tmp/root/usr/src/linux-headers-$abi/Makefile
	[ -f "$mk" ] || die "headers package has no $mk"
	sed -i "s|\([ =]\)/usr/src/|\1$kd/root/usr/src/|" "$mk"
	# From 7.x the Makefile asks scripts/checker-valid.sh before running
	# sparse, and Debian's packages leave it out: put in a stand-in, or
	# C=2 would silently check nothing.
	local d
	for d in "$tmp"/root/usr/src/linux-headers-*; do
		if grep -q 'scripts/checker-valid\.sh' "$d/Makefile" && [ ! -e "$d/scripts/checker-valid.sh" ]; then
			install -m 0755 "$AOOM_TOP/scripts/checker-valid.sh" "$d/scripts/"
		fi
	done

	if [ "$M_IMAGE" = vmlinux ]; then
		say "unpacking vmlinux from the bzImage (boots twice as fast under TCG)"
		vmlinux_from_bzimage "$kimg" "$tmp/vmlinux" ||
			die "no XZ or zstd compressed ELF kernel inside ${kimg#"$tmp"/}"
	else
		mv "$kimg" "$tmp/vmlinuz"
	fi
	rm -rf "${tmp:?}/debs" "${tmp:?}/boot" "${tmp:?}/usr"
	ln -s "root/usr/src/linux-headers-$abi" "$tmp/kdir"
	echo "$abi $ver" >"$tmp/release"
	rm -rf "$kd"
	mv "$tmp" "$kd"
	touch "$kd/.done"
	fetch_unlock
	say "Linux $abi for $M_DEBARCH fetched in $(since "$t0") s"
}

# fetch_busybox DEBARCH: the guests' userland, the same BusyBox under
# every kernel: the one of the first row of scripts/kernels.
fetch_busybox() {
	local bd=$CACHE/busybox/$1 pkg=busybox-static tmp f
	[ -x "$bd/busybox" ] || fetch_lock "$bd" "$(kernel_load '' && apt_dir)"
	if [ -x "$bd/busybox" ]; then
		fetch_unlock
		return 0
	fi
	(
		kernel_load ''
		apt_dir=$(apt_dir)
		[ -s "$apt_dir/sources.list" ] || apt_prepare
		[ "$1" = amd64 ] || pkg=$pkg:$1
		say "downloading $pkg"
		tmp=$bd.tmp
		rm -rf "$tmp"
		mkdir -p "$tmp"
		download "$tmp" "$pkg=$(candidate "$pkg")" || die "apt-get download $pkg failed; see $tmp/download.log"
		dpkg -x "$tmp"/busybox-static_*.deb "$tmp/root"
		# /bin up to Debian 12, /usr/bin from Debian 13 on
		for f in bin/busybox usr/bin/busybox; do
			[ ! -f "$tmp/root/$f" ] || mv "$tmp/root/$f" "$tmp/busybox"
		done
		[ -x "$tmp/busybox" ] || die "no busybox binary in $pkg"
		rm -rf "$tmp/root" "$tmp"/*.deb "$tmp/download.log"
		rm -rf "$bd"
		mv "$tmp" "$bd"
	)
	fetch_unlock
}

# fetch_json_c DEBARCH: Debian's libjson-c-dev for the guest architecture,
# the static libjson-c.a and the headers that the guest's oom-explain is
# linked with (its --json), in $CACHE/json-c/DEBARCH/{include,lib} with
# the Debian version in DEBARCH/version.  From the same suites as BusyBox
# (the first row of scripts/kernels), so every guest has the same json-c.
fetch_json_c() {
	local jd=$CACHE/json-c/$1 pkg=libjson-c-dev tmp ver a
	{ [ -f "$jd/lib/libjson-c.a" ] && [ -f "$jd/include/json-c/json.h" ]; } ||
		fetch_lock "$jd" "$(kernel_load '' && apt_dir)"
	if [ -f "$jd/lib/libjson-c.a" ] && [ -f "$jd/include/json-c/json.h" ]; then
		fetch_unlock
		return 0
	fi
	(
		kernel_load ''
		apt_dir=$(apt_dir)
		[ -s "$apt_dir/sources.list" ] || apt_prepare
		[ "$1" = amd64 ] || pkg=$pkg:$1
		ver=$(candidate "$pkg")
		case $ver in "" | "(none)") die "$pkg is not in ${K_SUITES// /, }" ;; esac
		say "downloading $pkg $ver (json-c for the guest's oom-explain --json)"
		tmp=$jd.tmp
		rm -rf "$tmp"
		mkdir -p "$tmp/lib"
		download "$tmp" "$pkg=$ver" || die "apt-get download $pkg=$ver failed; see $tmp/download.log"
		dpkg -x "$tmp"/libjson-c-dev_*.deb "$tmp/root"
		# The archive is in the multiarch folder, /usr/lib/<triplet>; the
		# .so beside it points into libjson-c5, which is not fetched.
		a=$(find "$tmp/root/usr/lib" -name libjson-c.a | head -n 1)
		[ -n "$a" ] || die "no libjson-c.a in $pkg $ver"
		mv "$a" "$tmp/lib/"
		[ -f "$tmp/root/usr/include/json-c/json.h" ] || die "no json-c/json.h in $pkg $ver"
		mv "$tmp/root/usr/include" "$tmp/include"
		echo "$ver" >"$tmp/version"
		rm -rf "$tmp/root" "$tmp"/*.deb "$tmp/download.log"
		rm -rf "$jd"
		mv "$tmp" "$jd"
	)
	fetch_unlock
}

[ -n "$busybox_only" ] || fetch_kernel
fetch_busybox "$M_DEBARCH"
fetch_json_c "$M_DEBARCH"
# The amd64 BusyBox runs on the host and lists the applets to link.
fetch_busybox amd64
