#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run the oom-explain tests; one line per test:
#   ok N oom-explain: NAME
#   not ok N oom-explain: NAME # REASON
# Exit status is non-zero if any test failed.
#
# Each fixture tests/fixtures/NAME.txt has tests/expected/NAME.facts:
#   KEY=VALUE     a line that --facts must print
#   !KEY=VALUE    a line that --facts must not print
#   @exit N       expected exit status (default 0)
#   @events N     expected number of events (default 1)
#   # ...         comment
#
# The tests are in tests/cases/, one file a topic, run in the order
# below in this shell: they share its helpers, its $work folder and its
# count.  A new test goes into the file of its topic.
# shellcheck disable=SC2034 # what is set here is read by the parts
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin=${OOMX:-$top/oom-explain}
feed=${OOMX_FEED:-$top/build/feed-test}
plain=${OOMX_PLAIN:-$top/oom-explain}
htmlpage=${OOMX_HTML_PAGE:-$top/build/html-page}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A signal ends the run (and so cleans up), rather than going on without
# its folder.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=99:detect_leaks=1:abort_on_error=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:exitcode=98}
export ASAN_OPTIONS UBSAN_OPTIONS

n=0
failed=0

ok() {
	n=$((n + 1))
	echo "ok $n oom-explain: $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n oom-explain: $1 # $2"
}

# run OUT ERR ARGS...: sets rc; fails on sanitizer reports
run() {
	out=$1
	err=$2
	shift 2
	rc=0
	"$@" >"$out" 2>"$err" || rc=$?
}

# text_and_html FX PAGE: FX explained as text into $work/text and as a
# page into PAGE; rc is the first non-zero status of the two.
text_and_html() {
	run "$work/text" "$work/err" "$bin" "$1"
	_rc=$rc
	run "$work/out" "$work/err2" "$bin" --html "$2" "$1"
	[ "$_rc" -eq 0 ] || rc=$_rc
}

sanitizer_clean() {
	! grep -q -e 'ERROR: AddressSanitizer' -e 'ERROR: LeakSanitizer' \
		-e 'runtime error:' "$1"
}

json_valid() {
	# $1: file of JSON Lines, $2: expected number of lines
	[ "$(wc -l <"$1")" -eq "$2" ] || return 1
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import json,sys
for l in open(sys.argv[1]): json.loads(l)' "$1"
	elif command -v jq >/dev/null 2>&1; then
		jq -e . "$1" >/dev/null
	else
		return 2
	fi
}

schema="$top/schema/oom-explain.schema.json"
# Debian's python3-jsonschema is for Debian's python3
pyjs=python3
[ -x /usr/bin/python3 ] && pyjs=/usr/bin/python3

# schema_check NAME SCHEMA FILE LINES: one test, FILE's JSON Lines
# (LINES of them) as SCHEMA documents them
schema_check() {
	src=0
	"$pyjs" "$here/validate-json.py" "$2" "$3" "$4" >"$work/schema.err" 2>&1 || src=$?
	if [ "$src" -eq 2 ]; then
		ok "$1 # SKIP python3-jsonschema not installed"
	elif [ "$src" -ne 0 ]; then
		not_ok "$1" "$(head -n 1 "$work/schema.err")"
	else
		ok "$1"
	fi
}

for part in fixtures gfp-zones pagesize odd-inputs limits follow options \
	escaping json-html inputs shapes browser; do
	# shellcheck source=/dev/null # each part is checked on its own
	. "$here/cases/$part.sh"
done

mkdir -p "$top/build"
echo "$n" >"$top/build/test-count"
[ "$failed" -eq 0 ]
