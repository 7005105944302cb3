# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/options.sh, sourced by tests/run-tests.sh: the command line's errors, and a task name's escape sequences.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

# command line: version, missing values, conflicting outputs, paths in errors
run "$work/out" "$work/err" "$bin" --version
want_ver=$(cat "$top/../../VERSION" 2>/dev/null || echo unknown)
if [ "$rc" -eq 0 ] && [ "$(cat "$work/out")" = "oom-explain $want_ver" ]; then
	ok "--version prints the VERSION file's version"
else
	not_ok "--version prints the VERSION file's version" "got '$(cat "$work/out")'"
fi
for opt in --decode-gfp --kernel -F; do
	run "$work/out" "$work/err" "$bin" "$opt"
	if [ "$rc" -eq 2 ] && grep -q "^oom-explain: $opt needs " "$work/err"; then
		ok "$opt without a value says what it needs"
	else
		not_ok "$opt without a value says what it needs" "exit $rc: $(head -n 1 "$work/err")"
	fi
done
run "$work/out" "$work/err" "$bin" --json --facts "$here/fixtures/x86_64-6.1-dmesg.txt"
if [ "$rc" -eq 2 ] && grep -q 'choose two output formats' "$work/err" && [ ! -s "$work/out" ]; then
	ok "--json with --facts is refused"
else
	not_ok "--json with --facts is refused" "exit $rc"
fi
run "$work/out" "$work/err" "$bin" "$work"
if [ "$rc" -eq 2 ] && grep -qF "$work" "$work/err"; then
	ok "a directory is refused with its path"
else
	not_ok "a directory is refused with its path" "exit $rc: $(head -n 1 "$work/err")"
fi
run "$work/out" "$work/err" "$bin" "$work/does-not-exist"
if [ "$rc" -eq 2 ] && grep -qF "$work/does-not-exist" "$work/err"; then
	ok "a missing file is named"
else
	not_ok "a missing file is named" "exit $rc"
fi
if command -v script >/dev/null 2>&1; then
	# a terminal on stdin: say how to end the input instead of waiting silently
	script -qec "$bin </dev/tty" /dev/null </dev/null >"$work/tty.out" 2>&1 || true
	if grep -q 'reading a kernel log from the terminal' "$work/tty.out"; then
		ok "a hint when stdin is a terminal"
	else
		not_ok "a hint when stdin is a terminal" "$(head -n 2 "$work/tty.out" | tr '\n' ' ')"
	fi
else
	ok "a hint when stdin is a terminal # SKIP script(1) not installed"
fi

# an escape sequence in a task name never reaches the terminal raw
printf 'x\033[2Jy invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nOut of memory: Killed process 9 (x\033[2Jy) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' >"$work/esc.txt"
run "$work/out" "$work/err" "$bin" "$work/esc.txt"
run "$work/out2" "$work/err" "$bin" --facts "$work/esc.txt"
if ! grep -q "$(printf '\033')" "$work/out" "$work/out2" && grep -qF 'x\x1b[2Jy' "$work/out" &&
   grep -qxF 'e1.victim.comm=x\x1b[2Jy' "$work/out2"; then
	ok "control bytes are escaped in text and facts"
else
	not_ok "control bytes are escaped in text and facts" "raw escape or no \\x1b"
fi
