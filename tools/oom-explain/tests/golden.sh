#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# golden.sh BIN: one line per input and output mode, with the exit status
# and the sha256 of what oom-explain wrote to stdout, to stderr and (for
# --html PAGE) to the page:
#   INPUT<TAB>MODE<TAB>rc=N out=SHA err=SHA [page=SHA]
#
# The inputs are every fixture, every seed of fuzz/corpus, the fixture
# x86_64-6.1-dmesg rewritten with each prefix of tests/prefix-variants,
# and a few --decode-gfp masks.  tests/golden.sha256 holds these lines
# as the tool wrote them when it was pinned; run-tests.sh compares a
# fresh run with it, so any change of output shows.  `make golden`
# writes the file again, for a change of output that is meant.
#
# The version the tool was built with (JSON's tool_version, the page's
# generator) is written as "V", so that a release does not count as a
# change of output.  -F and --follow are not covered: they end an event
# after a second of quiet, so their output depends on timing.
set -eu

[ $# -eq 1 ] || { echo "usage: golden.sh BIN" >&2; exit 2; }
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# Each run's stdout, stderr and page are kept as $out/K.out, K.err and
# K.page, K counting the runs, and "K<TAB>INPUT<TAB>MODE<TAB>N" (N its
# status) is added to $work/runs.  The sums are taken at the end, in one
# pass over every file: a run costs one process, not a dozen.
out=$work/out
mkdir "$out"
k=0
# run NAME MODE ARGS...: oom-explain ARGS, recorded as NAME and MODE
run() {
	k=$((k + 1))
	run_rc=0
	run_label="$1	$2"
	shift 2
	"$bin" "$@" >"$out/$k.out" 2>"$out/$k.err" || run_rc=$?
	printf '%s\t%s\t%s\n' "$k" "$run_label" "$run_rc" >>"$work/runs"
}

# one DIR NAME: every output mode of oom-explain on DIR/NAME, run from
# DIR so that only the name is seen
one() {
	cd "$1"
	one_name=$2
	for mode in text --json --facts --count --skipped '--json --skipped' \
		'--facts --skipped' '--count --skipped' '--html -' '--html PAGE'; do
		case $mode in
		text) set -- ;;
		'--html PAGE') set -- --html "$out/$((k + 1)).page" ;;
		*)
			# shellcheck disable=SC2086 # split into its words on purpose
			set -- $mode
			;;
		esac
		run "$one_name" "$mode" "$@" "$one_name"
	done
}

for fx in "$here"/fixtures/*.txt; do
	one "$here/fixtures" "$(basename "$fx")"
done
for fx in "$top"/fuzz/corpus/*; do
	one "$top/fuzz/corpus" "$(basename "$fx")"
done
mkdir "$work/variants"
while read -r name script; do
	sed -e "$script" "$here/fixtures/x86_64-6.1-dmesg.txt" >"$work/variants/prefix-$name.txt"
	one "$work/variants" "prefix-$name.txt"
done <"$here/prefix-variants"
# the GFP tables, one mask of each era
for kv in 2.6.18 2.6.26 2.6.32 3.10 4.4 4.19 5.10 6.1 6.12; do
	for mask in 0xd0 0x201da 0xcc0 0x6200ca 0x100cca 0x2800; do
		run "decode-gfp $mask" "--kernel $kv" --decode-gfp "$mask" --kernel "$kv"
	done
done

# The sums, with the build's version written as V, and a line per run in
# the order they ran: "page=" only where a page was written.
cd "$out"
find . -type f -name '*.*' -print0 | xargs -0 sed -i \
	-e 's/"tool_version":"[^"]*"/"tool_version":"V"/g' \
	-e 's/content="oom-explain [^"]*"/content="oom-explain V"/g'
find . -type f -name '*.*' -print0 | xargs -0 sha256sum >"$work/sums"
# sha256sum writes "SUM  ./FILE": the name from the 69th character.
awk -F '\t' '
FNR == NR { f = substr($0, 69); sum[f] = substr($0, 1, 64); next }
{
	page = ($1 ".page") in sum ? " page=" sum[$1 ".page"] : ""
	printf "%s\t%s\trc=%s out=%s err=%s%s\n", $2, $3, $4, sum[$1 ".out"], sum[$1 ".err"], page
}' "$work/sums" "$work/runs"
