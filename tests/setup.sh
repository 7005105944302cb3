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
t0=$(now_ms)
"$S/setup-host.sh" $ARCHES 2>&1 | tee "$out/setup.log" | sed -u 's/^/#   /'
if [ "${PIPESTATUS[0]}" != 0 ]; then
	result fail "set-up: host packages" "see $out/setup.log"
	finish
	exit 1
fi
result ok "set-up: host packages ($(since "$t0") s)"
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
t_roots=$(now_ms)
roots=$(for kver in $KVERS; do table_rows kernels | awk -v k="$kver" '$1 == k && $4 != "-" { print $4 }'; done | sort -u)
for r in $roots; do
	"$S/buildroot.sh" "$r" >"$out/buildroot-$r.log" 2>&1 &
	echo "$!" >"$out/buildroot-$r.pid"
done
# The rows' fetches, JOBS at a time (each locks only what it writes),
# each with its status and seconds in its log's .rc and .secs; the
# results follow in order.
fetch_job() {
	local t0 rc=0
	t0=$(now_ms)
	"$S/fetch.sh" --arch "$1" --kver "$2" >"$out/fetch-$2-$1.log" 2>&1 || rc=$?
	since "$t0" >"$out/fetch-$2-$1.log.secs"
	echo "$rc" >"$out/fetch-$2-$1.log.rc"
}
export -f fetch_job now_ms since
export out S
echo "# fetching the kernels of $(echo "$rows" | wc -w) rows, $JOBS at a time"
for t in $rows; do
	rm -f "$out/fetch-${t#*/}-${t%/*}.log.rc"
	echo "${t%/*} ${t#*/}"
done | xargs -r -P "$JOBS" -L 1 bash -c 'fetch_job "$@"' _
targets=
for t in $rows; do
	arch=${t%/*} kver=${t#*/}
	log=$out/fetch-$kver-$arch.log
	# fetch.sh exits 3 when the mirror lists versions of the kernel but
	# serves none of them (mid-sync): the row is skipped, quoting it.
	case $(cat "$log.rc" 2>/dev/null || echo missing) in
	0)
		result ok "$t fetch: $(machine_load "$arch" && kernel_load "$kver" && cat "$(kernel_dir)/release") ($(cat "$log.secs") s)"
		grep '^warning: skipping' "$log" | sed 's/^/# /' || true
		targets="$targets $t"
		;;
	3) result skip "$t: every scenario" "$(tail -n 1 "$log" | sed 's/^error: //')" ;;
	*)
		result fail "$t fetch" "see $log"
		diag 10 "$log"
		;;
	esac
done
for r in $roots; do
	if wait "$(cat "$out/buildroot-$r.pid")"; then
		result ok "set-up: Debian $r build root ($(du -sh "$CACHE/buildroot/$r" | cut -f1), ready $(since "$t_roots") s after the fetches began)"
	else
		result fail "set-up: Debian $r build root" "see $out/buildroot-$r.log"
		diag 10 "$out/buildroot-$r.log"
	fi
done
phase set-up "$t_start"
