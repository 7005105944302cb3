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

# the sha256 of file $1, with the build's version written as V
sum() {
	sed -e 's/"tool_version":"[^"]*"/"tool_version":"V"/g' \
		-e 's/content="oom-explain [^"]*"/content="oom-explain V"/g' "$1" |
		sha256sum | cut -d' ' -f1
}

# one DIR NAME: every output mode of oom-explain on DIR/NAME, run from
# DIR so that only the name is seen
one() {
	dir=$1
	name=$2
	for mode in text --json --facts --count --skipped '--json --skipped' \
		'--facts --skipped' '--count --skipped' '--html -' '--html PAGE'; do
		rm -f "$work/page.html"
		case $mode in
		text) set -- ;;
		'--html PAGE') set -- --html "$work/page.html" ;;
		*)
			# shellcheck disable=SC2086 # split into its words on purpose
			set -- $mode
			;;
		esac
		rc=0
		(cd "$dir" && "$bin" "$@" "$name") >"$work/out" 2>"$work/err" || rc=$?
		page=
		[ -f "$work/page.html" ] && page=" page=$(sum "$work/page.html")"
		printf '%s\t%s\trc=%s out=%s err=%s%s\n' "$name" "$mode" "$rc" \
			"$(sum "$work/out")" "$(sum "$work/err")" "$page"
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
		rc=0
		"$bin" --decode-gfp "$mask" --kernel "$kv" >"$work/out" 2>"$work/err" || rc=$?
		printf '%s\t%s\trc=%s out=%s err=%s\n' "decode-gfp $mask" "--kernel $kv" \
			"$rc" "$(sum "$work/out")" "$(sum "$work/err")"
	done
done
