#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the oom-hog tests; one line per test:
#   ok N oom-hog: NAME
#   not ok N oom-hog: NAME # REASON
# The sizes are checked against what malloc() can take: a 32-bit build
# (i686-linux-gnu-gcc -static, from Debian's gcc-i686-linux-gnu and
# libc6-dev-i386-cross) must refuse a chunk or SIZE past SIZE_MAX instead
# of cutting it in malloc(len) and writing the full length.  It runs as
# it is where the host's kernel runs i386 programs, and under qemu-i386
# (Debian's qemu-user) where it does not (a kernel without IA32
# emulation); without the compiler, or on such a host without qemu-i386,
# those tests are SKIP with the reason.  (gcc-multilib would do as well,
# but Debian does not let it share a host with the arm64 cross
# compiler.)  Exit status is non-zero if any test failed.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
hog_pid=
trap 'if [ -n "$hog_pid" ]; then kill "$hog_pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
# A signal ends the run (and so cleans up), rather than going on without
# its folder.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
n=0
failed=0
ok() {
	n=$((n + 1))
	echo "ok $n oom-hog: $1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n oom-hog: $1 # $2"
}

# holds BIN ARGS... EXPECTED: start BIN, wait (30 s at most: a loaded
# machine may start a process late) for its "holding" line, note its
# resident set in hold_rss (kB), stop it; true if the line is EXPECTED
holds() {
	bin=$1
	want=$2
	shift 2
	# The child drops this script's traps before it becomes the hog: a
	# TERM that reaches it before its exec must not run 'exit', and with
	# it the EXIT trap's rm of the whole work folder.
	: >"$work/hold.out"
	(
		trap - EXIT HUP INT TERM
		exec "$bin" "$@"
	) >>"$work/hold.out" 2>&1 &
	hog_pid=$!
	t=0
	while ! grep -q holding "$work/hold.out" && [ "$t" -lt 300 ] &&
	      kill -0 "$hog_pid" 2>/dev/null; do
		sleep 0.1
		t=$((t + 1))
	done
	hold_rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$hog_pid/status" 2>/dev/null || true)
	kill "$hog_pid" 2>/dev/null || true
	wait "$hog_pid" 2>/dev/null || true
	hog_pid=
	grep -q "holding $want" "$work/hold.out"
}

# refused BIN WHY ARGS...: exit 2 and a message that holds WHY.  Run with
# vm_kb (default 64 MiB) of address space and 10 s, so that a build that
# does not refuse fails its malloc() soon instead of taking gigabytes, or
# is stopped if it holds what it got.
refused() {
	bin=$1
	why=$2
	shift 2
	rc=0
	(ulimit -v "${vm_kb:-65536}" && exec timeout 10 "$bin" "$@") >"$work/out" 2>&1 || rc=$?
	[ "$rc" -eq 2 ] && grep -q "$why" "$work/out"
}

make -s -C "$here" O="$work" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
for args in "--chunk 0 1M" "12X" "-1M" "--chunk 99999999999999999999 1M"; do
	# shellcheck disable=SC2086 # the arguments are words
	if refused "$work/oom-hog" '' $args; then
		ok "refuses '$args'"
	else
		not_ok "refuses '$args'" "exit $rc: $(head -n 1 "$work/out")"
	fi
done
if holds "$work/oom-hog" "1024 KiB in 16 chunks of 64 KiB" --chunk 64K 1M; then
	ok "holds 1M in chunks of 64K"
else
	not_ok "holds 1M in chunks of 64K" "$(head -n 1 "$work/hold.out")"
fi

# --populate: the kernel faults the chunks in inside mmap(); the hog
# holds them all the same, and its resident set says so.
if holds "$work/oom-hog" "8192 KiB in 64 chunks of 128 KiB" --populate 8M &&
	[ "${hold_rss:-0}" -ge 8192 ]; then
	ok "--populate holds 8M, resident ($hold_rss kB)"
else
	not_ok "--populate holds 8M, resident" "VmRSS ${hold_rss:-?} kB; $(head -n 1 "$work/hold.out")"
fi

# --file: the file is made SIZE long and its pages are locked in, as
# page cache (resident), not as anonymous memory.  2M is within the
# smallest default RLIMIT_MEMLOCK of an unprivileged user (8M).
if holds "$work/oom-hog" "2048 KiB in 16 chunks of 128 KiB of the page cache of $work/file" \
	--file "$work/file" 2M && [ "${hold_rss:-0}" -ge 2048 ] && [ "$(stat -c %s "$work/file")" = 2097152 ]; then
	ok "--file holds 2M of a file's page cache, resident ($hold_rss kB)"
else
	not_ok "--file holds 2M of a file's page cache, resident" "VmRSS ${hold_rss:-?} kB; $(head -n 1 "$work/hold.out")"
fi
rc=0
timeout 10 "$work/oom-hog" --file "$work/no/file" 1M >"$work/out" 2>&1 || rc=$?
if [ "$rc" = 1 ] && grep -q "cannot create $work/no/file" "$work/out"; then
	ok "--file in a missing folder: status 1 and the reason"
else
	not_ok "--file in a missing folder: status 1 and the reason" "exit $rc: $(head -n 1 "$work/out")"
fi
# An existing file is never cut short: it is refused, untouched.
echo keep >"$work/kept"
rc=0
timeout 10 "$work/oom-hog" --file "$work/kept" 1M >"$work/out" 2>&1 || rc=$?
if [ "$rc" = 1 ] && grep -q "cannot create $work/kept: File exists" "$work/out" && [ "$(cat "$work/kept")" = keep ]; then
	ok "--file on an existing file: status 1, the file untouched"
else
	not_ok "--file on an existing file: status 1, the file untouched" "exit $rc: $(head -n 1 "$work/out"); file: $(head -c 40 "$work/kept")"
fi
# A file it cannot map (64 MiB of address space for 100G) is removed again.
rc=0
(ulimit -v 65536 && exec timeout 10 "$work/oom-hog" --file "$work/big" 100G) >"$work/out" 2>&1 || rc=$?
if [ "$rc" = 1 ] && grep -q "cannot map $work/big" "$work/out" && [ ! -e "$work/big" ]; then
	ok "--file it cannot map: status 1, the reason, the file removed"
else
	not_ok "--file it cannot map: status 1, the reason, the file removed" "exit $rc: $(head -n 1 "$work/out")"
fi

# 32-bit: size_t is 32 bits wide.  hog32 is the build, or a script that
# runs it under qemu-i386 where this kernel cannot run it: QEMU itself
# needs more than 64 MiB of address space (its code buffer is 128 MiB),
# so there the bound is the guest's, 256 MiB (-R), the program's own
# image included.
hog32=$work/oom-hog32
skip32=
vm32_kb=65536
if ! i686-linux-gnu-gcc -static -O2 -std=c11 -Wall -Wextra -Werror \
	-o "$hog32" "$here/oom-hog.c" >"$work/build32.log" 2>&1; then
	skip32="i686-linux-gnu-gcc cannot link a static program (install gcc-i686-linux-gnu libc6-dev-i386-cross)"
elif ! runs32=$("$hog32" --version 2>&1) && [[ $runs32 == *"Exec format error"* || $runs32 == *"cannot execute binary file"* ]]; then
	# Only a kernel that cannot exec it sends the build to QEMU: a build
	# that runs but fails --version fails the tests below instead.
	if command -v qemu-i386 >/dev/null; then
		printf '#!/bin/sh\nexec qemu-i386 -R 256M "%s" "$@"\n' "$work/oom-hog32" >"$work/hog32"
		chmod +x "$work/hog32"
		hog32=$work/hog32
		vm32_kb=1048576
		echo "# 32-bit: this kernel does not run i386 programs; the build runs under qemu-i386"
	else
		skip32="this kernel does not run i386 programs (no IA32 emulation), and qemu-i386 is not installed (install qemu-user)"
	fi
fi
if [ -z "$skip32" ]; then
	for args in "--chunk 4G 4G" "--chunk 4G 1M" "--chunk 8G 1M" "5G"; do
		# shellcheck disable=SC2086 # the arguments are words
		if vm_kb=$vm32_kb refused "$hog32" 'more than this system can address (SIZE_MAX 4294967295)' $args; then
			ok "32-bit: refuses '$args' past SIZE_MAX"
		else
			not_ok "32-bit: refuses '$args' past SIZE_MAX" "exit $rc: $(head -n 1 "$work/out")"
		fi
	done
	if holds "$hog32" "2048 KiB in 2 chunks of 1024 KiB" --chunk 1M 2M; then
		ok "32-bit: holds 2M in chunks of 1M"
	else
		not_ok "32-bit: holds 2M in chunks of 1M" "$(head -n 1 "$work/hold.out")"
	fi
else
	ok "32-bit: sizes past SIZE_MAX # SKIP $skip32"
fi
[ "$failed" -eq 0 ]
