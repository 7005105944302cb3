# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/host.sh: the host-side part of 'make check', sourced by
# tests/run.sh after the gates, with the TAP writer of tests/tap.sh
# deferred, and its $ready rows: installing and the user's own kernel
# (tests/install.sh), the front door (tests/frontdoor.sh), the userspace
# tools' own tests and make replay's.  'make check-quick' leaves it out.
# shellcheck disable=SC2154 # the variables are tests/run.sh's

# shellcheck source=install.sh
. "$AOOM_TOP/tests/install.sh"
# shellcheck source=frontdoor.sh
. "$AOOM_TOP/tests/frontdoor.sh"

# 3. The userspace tools' own tests.
# tool_check NAME: tools/NAME's make check, its results read into ours.
tool_check() {
	local log=$out/$1.log rc=0
	make -s -C "tools/$1" check >"$log" 2>&1 || rc=$?
	tap_import "$log"
	[ "$rc" = 0 ] || result fail "$1: make check" "exit $rc, see $log"
}
t0=$(now_ms)
if [ -f tools/oom-explain/Makefile ]; then
	tool_check oom-explain
	if make -s -C tools/oom-explain bench-smoke >"$out/oom-explain-bench.log" 2>&1; then
		result ok "oom-explain: bench smoke, $(sed -n 's/.*throughput ratio/throughput ratio/p' "$out/oom-explain-bench.log")"
	else
		result fail "oom-explain: bench smoke" "see $out/oom-explain-bench.log"
	fi
fi
[ ! -f tools/oom-hog/Makefile ] || tool_check oom-hog
phase tools "$t0"

# 4. make replay (tests/replay.sh): plans, refusals, comparisons and the
# front door on the host, then a report of each shape (every replayable
# report in the full tier) replayed in a guest of the row its plan picks,
# every fact row agreeing.
t0=$(now_ms)
log=$out/replay.log
rc=0
REPLAY_GUESTS=$([ -n "$FULL" ] && echo all || echo 1) "$AOOM_TOP/tests/replay.sh" >"$log" 2>&1 || rc=$?
tap_import "$log" "replay: "
if ! tail -n 1 "$log" | grep -qE '^[0-9]+ passed, [0-9]+ failed$' || [ "$rc" -gt 1 ]; then
	result fail "replay: tests/replay.sh ran to the end" "exit $rc, see $log"
fi
phase replay "$t0"
