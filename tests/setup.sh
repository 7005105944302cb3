# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/setup.sh: step 1 of 'make check', sourced by tests/run.sh: the
# host packages, checkpatch, the guest kernels of every row and the build
# roots.  Sets $rows (every ARCH/KVER row of this run) and $targets (those
# whose kernel was fetched).
# shellcheck disable=SC2154 # the variables are tests/run.sh's

# 1. Set-up.  Without a kernel or the tools nothing else can run.  What
# setup-host.sh says (the packages it installs and why, apt's progress)
# is shown as it comes, as TAP comments.
# shellcheck disable=SC2086 # lists of words
"$S/setup-host.sh" $ARCHES 2>&1 | tee "$out/setup.log" | sed -u 's/^/#   /'
if [ "${PIPESTATUS[0]}" != 0 ]; then
	result fail "set-up: host packages" "see $out/setup.log"
	finish
	exit 1
fi
result ok "set-up: host packages"
if "$S/fetch-checkpatch.sh" >"$out/checkpatch-fetch.log" 2>&1; then
	result ok "set-up: checkpatch from linux-source-6.1"
else
	result fail "set-up: checkpatch from linux-source-6.1" "see $out/checkpatch-fetch.log"
fi
# The ARCH/KVER rows: every kernel on every architecture, then the rt ones.
rows=$(kernel_rows "$KVERS" "$ARCHES")
for t in $RT; do
	if [[ " $rows " == *" $t "* ]]; then
		rows="$rows $t-rt"
	else
		result skip "$t-rt: every scenario" "its row $t is not in this run (ARCHES='$ARCHES' KVERS='$KVERS')"
	fi
done
# The build roots the rows need are made while the kernels download.
roots=$(for kver in $KVERS; do table_rows kernels | awk -v k="$kver" '$1 == k && $4 != "-" { print $4 }'; done | sort -u)
for r in $roots; do
	"$S/buildroot.sh" "$r" >"$out/buildroot-$r.log" 2>&1 &
	echo "$!" >"$out/buildroot-$r.pid"
done
targets=
for t in $rows; do
	arch=${t%/*} kver=${t#*/}
	# fetch.sh exits 3 when the mirror lists versions of the kernel but
	# serves none of them (mid-sync): the row is skipped, quoting it.
	rc=0
	"$S/fetch.sh" --arch "$arch" --kver "$kver" >"$out/fetch-$kver-$arch.log" 2>&1 || rc=$?
	case $rc in
	0)
		result ok "$t fetch: $(machine_load "$arch" && kernel_load "$kver" && cat "$(kernel_dir)/release")"
		grep '^warning: skipping' "$out/fetch-$kver-$arch.log" | sed 's/^/# /' || true
		targets="$targets $t"
		;;
	3) result skip "$t: every scenario" "$(tail -n 1 "$out/fetch-$kver-$arch.log" | sed 's/^error: //')" ;;
	*)
		result fail "$t fetch" "see $out/fetch-$kver-$arch.log"
		diag 10 "$out/fetch-$kver-$arch.log"
		;;
	esac
done
for r in $roots; do
	if wait "$(cat "$out/buildroot-$r.pid")"; then
		result ok "set-up: Debian $r build root ($(du -sh "$CACHE/buildroot/$r" | cut -f1))"
	else
		result fail "set-up: Debian $r build root" "see $out/buildroot-$r.log"
		diag 10 "$out/buildroot-$r.log"
	fi
done
phase set-up "$t_start"
