# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/odd-inputs.sh, sourced by tests/run-tests.sh: odd and broken inputs (found by hand and by the fuzzer), the basic command line, and --skipped.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

# the reaper may fail; that is said, and COMPACTION is disabled is known
printf 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nCOMPACTION is disabled!!!\nOut of memory: Killed process 9 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\noom_reaper: unable to reap pid:9 (x)\n' >"$work/reap.txt"
run "$work/out" "$work/err" "$bin" "$work/reap.txt"
if [ "$rc" -eq 0 ] && grep -q 'unable to reap the victim' "$work/out" &&
   grep -q '^Skipped:    0 ' "$work/out"; then
	ok "reaper failure"
else
	not_ok "reaper failure" "exit $rc"
fi

# "Task in" with an empty or missing cgroup path (found by the fuzzer)
printf 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nTask in killed as a result of limit of /a\nTask in  killed as a result of limit of /b\n' >"$work/taskin.txt"
run "$work/out" "$work/err" "$bin" --facts "$work/taskin.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && grep -qx 'e1.verdict=memcg_limit' "$work/out" &&
   grep -qx 'e1.skipped=1' "$work/out"; then
	ok "memcg Task in with empty path"
else
	not_ok "memcg Task in with empty path" "exit $rc"
fi

# an order no kernel has is not believed (found by the fuzzer)
printf 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=63, oom_score_adj=0\n' >"$work/order.txt"
run "$work/out" "$work/err" "$bin" --facts "$work/order.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && grep -qx 'e1.trigger.order=-' "$work/out"; then
	ok "absurd order is unknown"
else
	not_ok "absurd order is unknown" "exit $rc"
fi
run "$work/out" "$work/err" "$bin" "$work/order.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err"; then ok "absurd order text"; else not_ok "absurd order text" "exit $rc"; fi

# command line
run "$work/out" "$work/err" "$bin" --help
if [ "$rc" -eq 0 ] && grep -q '^Usage: oom-explain' "$work/out"; then ok "usage --help"; else not_ok "usage --help" "exit $rc"; fi
run "$work/out" "$work/err" "$bin" --no-such-option
if [ "$rc" -eq 2 ]; then ok "usage bad option exits 2"; else not_ok "usage bad option exits 2" "exit $rc"; fi
run "$work/out" "$work/err" "$bin" "$work/does-not-exist"
if [ "$rc" -eq 2 ]; then ok "usage missing file exits 2"; else not_ok "usage missing file exits 2" "exit $rc"; fi
printf '[    1.000000] Linux version 6.1.0\n[    2.000000] Out of memory: not a report\n' >"$work/none.txt"
run "$work/out" "$work/err" "$bin" "$work/none.txt"
if [ "$rc" -eq 1 ] && sanitizer_clean "$work/err"; then ok "no event exits 1"; else not_ok "no event exits 1" "exit $rc"; fi
: >"$work/empty.txt"
run "$work/out" "$work/err" "$bin" --json "$work/empty.txt"
if [ "$rc" -eq 1 ] && [ ! -s "$work/out" ]; then ok "empty input exits 1"; else not_ok "empty input exits 1" "exit $rc"; fi

# stdin gives the same facts as the file
fx="$here/fixtures/x86_64-6.1-qemu-serial.txt"
"$bin" --facts "$fx" >"$work/a" 2>/dev/null || true
rc=0
"$bin" --facts <"$fx" >"$work/b" 2>"$work/err" || rc=$?
if [ "$rc" -eq 0 ] && cmp -s "$work/a" "$work/b"; then ok "stdin equals file"; else not_ok "stdin equals file" "exit $rc or different output"; fi

# an unterminated last line and NUL bytes are read
printf 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nOut of memory: Killed process 9 (\000x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB' >"$work/nul.txt"
run "$work/out" "$work/err" "$bin" --facts "$work/nul.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && grep -qx 'e1.victim.pid=9' "$work/out"; then
	ok "unterminated last line with NUL"
else
	not_ok "unterminated last line with NUL" "exit $rc"
fi

# a very long line inside an event is cut and counted, not fatal
{
	echo 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0'
	head -c 200000 /dev/zero | tr '\0' 'a'
	echo
	echo 'Out of memory: Killed process 9 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB'
} >"$work/long.txt"
run "$work/out" "$work/err" "$bin" "$work/long.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && grep -q '1 over-long line cut' "$work/out"; then
	ok "over-long line cut"
else
	not_ok "over-long line cut" "exit $rc"
fi

# --skipped lists the lines it skips escaped: a window title (OSC 0), a
# clipboard write (OSC 52) and a screen clear (CSI 2J) do not reach the
# terminal
printf 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n\033]0;title\007 \033]52;c;aWQgPiBwd25lZA==\007 \033[2J\nOut of memory: Killed process 9 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' >"$work/osc.txt"
run "$work/out" "$work/err" "$bin" --skipped "$work/osc.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && ! grep -q "$(printf '\033')" "$work/err" &&
   grep -qxF 'oom-explain: event 1: skipped: \x1b]0;title\x07 \x1b]52;c;aWQgPiBwd25lZA==\x07 \x1b[2J' "$work/err"; then
	ok "--skipped shows escape sequences escaped"
else
	not_ok "--skipped shows escape sequences escaped" "exit $rc: $(head -n 1 "$work/err")"
fi

# With several inputs, events are numbered per file, so each skipped
# line names its file too (escaped as well: a name is not trusted).
cp "$work/osc.txt" "$work/a.txt"
printf 'y invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nnot a report line\nOut of memory: Killed process 8 (y) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' >"$work/b$(printf '\033')[2J.txt"
run "$work/out" "$work/err" "$bin" --skipped "$work/a.txt" "$work/b$(printf '\033')[2J.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && ! grep -q "$(printf '\033')" "$work/err" &&
   grep -qxF "oom-explain: $work/a.txt: event 1: skipped: \x1b]0;title\x07 \x1b]52;c;aWQgPiBwd25lZA==\x07 \x1b[2J" "$work/err" &&
   grep -qxF "oom-explain: $work/b\x1b[2J.txt: event 1: skipped: not a report line" "$work/err" &&
   [ "$(wc -l <"$work/err")" -eq 2 ]; then
	ok "--skipped with two inputs names the file of each line"
else
	not_ok "--skipped with two inputs names the file of each line" "exit $rc: $(head -n 2 "$work/err" | tr '\n' '|')"
fi
