# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/mirror.sh: scripts/fetch.sh against a mirror that lists what it
# cannot serve, sourced by tests/frontdoor.sh with its result().  A local
# mirror copy (a flat file: apt repository made here) lists a newer
# linux-image-amd64 than Debian's, with all its packages, whose files are
# not in its pool: the fetch must skip it, saying why, and take the newest
# version that downloads (Debian's own, from the real mirror); with that
# mirror alone it must end with status 3, quoting the mirror's answer;
# and when the newer files are there and verify but are no kernel
# packages, the fetch must fail (status 1), not skip.
# shellcheck disable=SC2154 # the variables are tests/run.sh's

# fake_repo DIR WITH_FILES: a flat repository in DIR listing Linux 99.0
# for amd64: the meta-package, image, headers, common headers and kbuild
# tools, as Debian's packages name and link them.  With WITH_FILES the
# files are in the pool (bytes that are no .deb, with their true hashes);
# without, the index names files that are not there.
fake_repo() {
	local dir=$1 files=$2 p name arch deps f
	rm -rf "$dir"
	mkdir -p "$dir/pool"
	for p in "linux-image-amd64|amd64|linux-image-99.0.0-1-amd64 (= 99.0-1)" \
		"linux-image-99.0.0-1-amd64|amd64|kmod" \
		"linux-headers-99.0.0-1-amd64|amd64|linux-headers-99.0.0-1-common (= 99.0-1), linux-kbuild-99.0 (= 99.0-1)" \
		"linux-headers-99.0.0-1-common|all|" \
		"linux-kbuild-99.0|amd64|"; do
		IFS='|' read -r name arch deps <<<"$p"
		f=pool/${name}_99.0-1_$arch.deb
		[ -z "$files" ] || echo "not a Debian package: $name" >"$dir/$f"
		printf 'Package: %s\nVersion: 99.0-1\nArchitecture: %s\n' "$name" "$arch"
		[ -z "$deps" ] || printf 'Depends: %s\n' "$deps"
		printf 'Filename: %s\n' "$f"
		if [ -n "$files" ]; then
			printf 'Size: %s\nSHA256: %s\n' "$(stat -c %s "$dir/$f")" "$(sha256sum "$dir/$f" | cut -d' ' -f1)"
		else
			printf 'Size: 1000\nSHA256: %064d\n' 0
		fi
		printf 'Description: Linux 99.0, a version the mirror lists\n\n'
	done >"$dir/Packages"
	{
		printf 'Origin: alloc-oom tests\nSuite: aoom-test\nCodename: aoom-test\n'
		printf 'Date: %s\nArchitectures: amd64 all\nSHA256:\n' "$(LC_ALL=C date -u -R)"
		printf ' %s %s Packages\n' "$(sha256sum "$dir/Packages" | cut -d' ' -f1)" "$(stat -c %s "$dir/Packages")"
	} >"$dir/Release"
}

# mirror_fetch SOURCES LOG: fetch.sh of the default series for x86_64
# into a cache of its own from the apt sources in SOURCES, its output in
# LOG and its status in rc.
mirror_fetch() {
	rc=0
	AOOM_CACHE=$m/cache AOOM_APT_SOURCES=$1 \
		"$S/fetch.sh" --arch x86_64 --kver "$kver" >"$2" 2>&1 || rc=$?
}

mirror_checks() {
	local m=$out/mirror kver real rc log
	kver=$(kernel_default)
	real=$CACHE/apt/$kver-amd64/sources.list
	if [ ! -s "$real" ]; then
		result skip "fetch.sh against a mirror mid-sync" "no x86_64/$kver fetch to take Debian's sources from"
		return 0
	fi
	rm -rf "$m"
	mkdir -p "$m"
	fake_repo "$m/missing" ''
	fake_repo "$m/garbage" 1

	# A newer version whose files are missing, beside Debian's own.
	{
		echo "deb [trusted=yes] file:$m/missing ./"
		cat "$real"
	} >"$m/sources-mixed"
	log=$m/fallback.log
	mirror_fetch "$m/sources-mixed" "$log"
	if [ "$rc" = 0 ] &&
		grep -q '^warning: skipping linux-image-amd64 99.0-1: linux-image-99.0.0-1-amd64_99.0-1_amd64.deb: File not found' "$log" &&
		grep -q "^==> Linux $kver for amd64 resolves to $kver\." "$log" &&
		[ -f "$m/cache/kernels/$kver-amd64/.done" ] &&
		grep -q "^$kver\..* $kver\." "$m/cache/kernels/$kver-amd64/release"; then
		result ok "fetch.sh skips a version the mirror lists but cannot serve, and takes the newest that downloads ($(cat "$m/cache/kernels/$kver-amd64/release"))"
		grep -E "^(warning: skipping|==> Linux $kver for amd64 resolves)" "$log" | sed 's/^/#   /'
	else
		result fail "fetch.sh skips a version the mirror lists but cannot serve, and takes the newest that downloads" "status $rc, see $log"
		diag 10 "$log"
	fi
	rm -rf "$m/cache"

	# That mirror alone: nothing downloads, status 3, the answer quoted.
	echo "deb [trusted=yes] file:$m/missing ./" >"$m/sources-missing"
	log=$m/none.log
	mirror_fetch "$m/sources-missing" "$log"
	if [ "$rc" = 3 ] &&
		tail -n 1 "$log" | grep -q '^error: no version of linux-image-amd64 downloads from the mirror; tried 99.0-1 (linux-image-99.0.0-1-amd64_99.0-1_amd64.deb: File not found)$'; then
		result ok "fetch.sh exits 3 when the mirror serves no version, quoting its answer"
		tail -n 1 "$log" | sed 's/^/#   /'
	else
		result fail "fetch.sh exits 3 when the mirror serves no version, quoting its answer" "status $rc, see $log"
		diag 10 "$log"
	fi
	rm -rf "$m/cache"

	# Files that download and verify but are no kernel: a failure.
	echo "deb [trusted=yes] file:$m/garbage ./" >"$m/sources-garbage"
	log=$m/garbage.log
	mirror_fetch "$m/sources-garbage" "$log"
	if [ "$rc" = 1 ] && ! grep -q '^warning: skipping' "$log"; then
		result ok "fetch.sh fails (status 1), not skips, on packages that download but hold no kernel"
	else
		result fail "fetch.sh fails (status 1), not skips, on packages that download but hold no kernel" "status $rc, see $log"
		diag 10 "$log"
	fi
	rm -rf "$m/cache"
}
mirror_checks
