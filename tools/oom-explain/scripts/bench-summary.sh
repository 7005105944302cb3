#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench-summary.sh BIN FILE SIZE
#
# Write FILE: every fixture of tests/fixtures concatenated, repeated to
# SIZE (e.g. 1G, 8M; regenerated only when its size changed), a mixed
# log of every report shape the tests know.  Then run BIN --summary on
# it as text, as JSON (--summary --json) and with the page
# (--summary --html), each under GNU time (/usr/bin/time -v), and print
# per run the wall, user and system time, the throughput and the peak
# resident set size, and whether the summary counted the events it
# should: the fixtures' events (BIN --count on one copy) times the
# copies.
set -eu

[ $# -eq 3 ] || { echo "usage: bench-summary.sh BIN FILE SIZE" >&2; exit 2; }
bin=$1
file=$2
size=$3
here=$(cd "$(dirname "$0")/.." && pwd)
[ -x /usr/bin/time ] || { echo "bench-summary: needs GNU time (/usr/bin/time, Debian's time)" >&2; exit 2; }

case "$size" in
*G) bytes=$(( ${size%G} * 1024 * 1024 * 1024 )) ;;
*M) bytes=$(( ${size%M} * 1024 * 1024 )) ;;
*K) bytes=$(( ${size%K} * 1024 )) ;;
*) bytes=$size ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

set -- "$here"/tests/fixtures/*.txt
nfix=$#
cat "$@" >"$tmp/one"
one=$(wc -c <"$tmp/one")
copies=$(( (bytes + one - 1) / one ))
per_copy=$("$bin" --count "$tmp/one" || true)
want=$(( copies * per_copy ))

if [ ! -f "$file" ] || [ "$(wc -c <"$file")" -ne $(( copies * one )) ]; then
	echo "writing $file: $copies copies of the $nfix fixtures ($one bytes, $per_copy events each)"
	mkdir -p "$(dirname "$file")"
	# 64 copies at a time, then the rest
	i=0
	while [ "$i" -lt 64 ]; do
		cat "$tmp/one"
		i=$((i + 1))
	done >"$tmp/block"
	i=0
	while [ $((i + 64)) -le "$copies" ]; do
		cat "$tmp/block"
		i=$((i + 64))
	done >"$file.part"
	while [ "$i" -lt "$copies" ]; do
		cat "$tmp/one"
		i=$((i + 1))
	done >>"$file.part"
	mv "$file.part" "$file"
fi
mib=$(awk -v b="$(wc -c <"$file")" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "input: $file, $mib MiB, $want events expected"

printf '%-28s %9s %8s %8s %10s %12s  %s\n' run wall_s user_s sys_s MiB/s peak_rss_MB events
for how in text json html; do
	case $how in
	text) set -- --summary ;;
	json) set -- --summary --json ;;
	html) set -- --summary --html "$tmp/page.html" ;;
	esac
	label=$(echo "$*" | sed "s|$tmp/page.html|PAGE|")
	rc=0
	/usr/bin/time -v -o "$tmp/time" "$bin" "$@" "$file" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "bench-summary: $bin $* exited $rc: $(head -n 1 "$tmp/err")" >&2
		exit 1
	fi
	case $how in
	json) got=$(sed -n 's/.*"events":\([0-9]*\),"by_kind".*/\1/p' "$tmp/out") ;;
	*) got=$(sed -n 's/^Summary: \([0-9]*\) events* in .*/\1/p' "$tmp/out") ;;
	esac
	[ "$got" = "$want" ] && check="$got, as expected" || check="$got, expected $want"
	awk -v how="$label" -v mib="$mib" -v check="$check" '
		/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
		/User time/ { u = $NF }
		/System time/ { s = $NF }
		/Maximum resident set size/ { rss = $NF }
		END { printf "%-28s %9.2f %8.2f %8.2f %10.1f %12.1f  %s\n", how, w, u, s, (w > 0 ? mib / w : 0), rss * 1024 / 1e6, check }
	' "$tmp/time"
	[ "$got" = "$want" ] || exit 1
done
