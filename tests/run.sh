#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/run.sh: everything 'make check' proves, as TAP version 13, ending
# on "N passed, N failed".  The phases, each in its own file: set-up
# (setup.sh), gates (gates.sh), the host-side checks beside the guests
# (host.sh: install.sh, frontdoor.sh, the tools' tests and replay.sh),
# the guests (guests.sh), the benchmark's smoke run, and the phase table
# (report.sh); tap.sh writes the stream.
#
# ARCHES, KVERS, SCENARIOS narrow the run; RT lists the rt rows; JOBS
# guests at once (default: the CPUs); SAVE=no boots every guest instead
# of restoring a saved boot.  QUICK=1 is make check-quick, FULL=1 make
# check-full: the tiers and every variable are in docs/testing.md.
set -eu
# shellcheck source=../scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"

ARCHES=${ARCHES:-$(table_rows machines | awk '{ print $1 }' | uniq | xargs)}
QUICK=${QUICK:-}
KVERS=${KVERS:-$(table_rows kernels | awk -v q="$QUICK" '{ print $1; if (q != "") exit }' | xargs)}
FULL=${FULL:-}
if [ -z "${SCENARIOS:-}" ]; then
	SCENARIOS=$(find "$AOOM_TOP/rootfs/lib/alloc-oom/scenarios" -name '*.sh' -exec basename {} .sh \; | sort | xargs)
	if [ -n "$QUICK" ]; then
		SCENARIOS=$(for s in $SCENARIOS; do [ "$(scenario_opt "$s" smoke)" != yes ] || echo "$s"; done | xargs)
	fi
fi
RT=${RT-$([ -n "$QUICK" ] || kernel_rt_rows)}
JOBS=${JOBS:-$(nproc)}
# A saved boot pays off from a few scenarios a row on: the quick tier
# boots its three.
SAVE=${SAVE:-$([ -n "$QUICK" ] && echo no || echo yes)}
out=$BUILD/tests
S=$AOOM_TOP/scripts
mkdir -p "$out"

# shellcheck source=tap.sh
. "$AOOM_TOP/tests/tap.sh"

t_start=$(now_ms)
echo "TAP version 13"
echo "# alloc-oom tests: ARCHES='$ARCHES' KVERS='$KVERS' JOBS=$JOBS"

# 1. Set-up: the host, the kernels of the rows, the build roots.
# shellcheck source=setup.sh
. "$AOOM_TOP/tests/setup.sh"

# 2. Gates: the module of each row, its style and the scripts'.
# shellcheck source=gates.sh
. "$AOOM_TOP/tests/gates.sh"

# 2b, 2c and 3: installing, the front door and the tools (tests/host.sh).
# They keep one CPU busy at a time, so they run beside the guests; their
# results and comments are held back in $out/host.stream and follow the
# guests' in the stream.
host_pid=
if [ -n "$QUICK" ]; then
	echo "# check-quick: the install, front-door, tools and bench checks are left out (make check runs them)"
else
	echo "# the install, front-door and tools checks run beside the guests; their results follow the guests'"
	rm -f "$out/host.rc"
	{
		(
			tap_defer
			# shellcheck source=host.sh
			. "$AOOM_TOP/tests/host.sh"
		) >"$out/host.stream" 2>&1
		echo "$?" >"$out/host.rc"
	} &
	host_pid=$!
fi

# 4. Guests: every scenario on every row.
# shellcheck source=guests.sh
. "$AOOM_TOP/tests/guests.sh"

# The host-side checks' results, numbered in the stream's order.
if [ -n "$host_pid" ]; then
	t0=$(now_ms)
	# Its status is in host.rc: bash may have forgotten a child that
	# ended long before (thousands of others have come and gone since).
	wait "$host_pid" 2>/dev/null || true
	while [ ! -e "$out/host.rc" ] && kill -0 "$host_pid" 2>/dev/null; do
		sleep 1
	done
	[ "$(cat "$out/host.rc" 2>/dev/null)" = 0 ] ||
		result fail "host-side checks (tests/host.sh) ran to the end" "status $(cat "$out/host.rc" 2>/dev/null || echo unknown), see $out/host.stream"
	tap_replay "$out/host.stream"
	phase "waiting for the host-side checks after the guests" "$t0"
fi

# 5. The benchmark's smoke run (x86_64, 256M, one run): the script works
# and its table is well formed.  Benchmarks are never timed tests.
if [ -z "$QUICK" ] && [[ " $ready " == *" x86_64/"* ]] && [ -x bench/run.sh ]; then
	t0=$(now_ms)
	if bench/run.sh --smoke >"$out/bench-smoke.log" 2>&1; then
		result ok "bench: smoke"
	else
		result fail "bench: smoke" "see $out/bench-smoke.log"
		diag 20 "$out/bench-smoke.log"
	fi
	phase "bench smoke" "$t0"
fi
echo "# all tests $(since "$t_start") s; per phase:"

# shellcheck source=report.sh
. "$AOOM_TOP/tests/report.sh"
finish
