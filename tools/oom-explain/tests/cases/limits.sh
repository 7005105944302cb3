# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/limits.sh, sourced by tests/run-tests.sh: the limit on every per-event structure, and peak memory on hostile inputs.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

# Every per-event structure has a limit checked before anything is
# stored; what is kept out is counted, in the text, the facts and JSON.
hostile="$top/scripts/hostile.sh"
lim_rows=131072
# task rows past the limit: read, counted, not kept; the victim can then
# be said not to be the highest, never to be it
"$hostile" tasks 1200K "$work/tasks.txt"
rows=$(grep -c '^\[1\] 0 x$' "$work/tasks.txt")
run "$work/facts" "$work/err" "$bin" --facts "$work/tasks.txt"
run "$work/json" "$work/err2" "$bin" --json "$work/tasks.txt"
run "$work/text" "$work/err3" "$bin" "$work/tasks.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && grep -qx "e1.tasks=$lim_rows" "$work/facts" &&
   grep -qx "e1.dropped.task_rows=$((rows - lim_rows))" "$work/facts" &&
   ! grep -q 'victim_is_highest' "$work/facts" &&
   grep -qF "\"task_rows\":$((rows - lim_rows))," "$work/json" &&
   grep -qF '"victim_is_highest":null' "$work/json" &&
   grep -qF "Dropped:    not kept, past the limits: $((rows - lim_rows)) task rows past $lim_rows" "$work/text"; then
	ok "task rows past $lim_rows are counted, not kept"
else
	not_ok "task rows past $lim_rows are counted, not kept" "exit $rc, $rows rows: $(grep -e tasks= -e dropped "$work/facts" | tr '\n' ' ')"
fi
# task names: cut to 64 bytes before they are stored
"$hostile" names 20K "$work/names.txt"
rows=$(grep -c '^\[1\] 0 n' "$work/names.txt")
run "$work/json" "$work/err" "$bin" --json "$work/names.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && grep -qF "\"task_names_cut\":$rows," "$work/json"; then
	ok "task names are cut to 64 bytes, counted"
else
	not_ok "task names are cut to 64 bytes, counted" "exit $rc"
fi
# a zone line's continuations: 64 KiB of them are kept (16381 lines of
# "a:1" after "free:4kB"), the rest counted and the zone marked cut
{
	echo 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0'
	echo 'Node 0 Normal free:4kB'
	yes 'a:1' | head -n 20000
	echo 'Out of memory: Killed process 1 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB'
} >"$work/cont.txt"
run "$work/facts" "$work/err" "$bin" --facts "$work/cont.txt"
run "$work/json" "$work/err2" "$bin" --json "$work/cont.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && grep -qx 'e1.dropped.continuation_lines=3619' "$work/facts" &&
   grep -qx 'e1.zone.Normal.fields_cut=1' "$work/facts" && grep -qF '"continuation_lines":3619,' "$work/json"; then
	ok "continuation lines past 64 KiB are counted, not kept"
else
	not_ok "continuation lines past 64 KiB are counted, not kept" "exit $rc: $(grep dropped "$work/facts")"
fi
# zones past 256 and lowmem_reserve entries past 64
{
	echo 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0'
	i=0
	while [ "$i" -lt 300 ]; do
		echo "Node $i Normal free:4kB min:4kB low:4kB high:4kB"
		i=$((i + 1))
	done
	echo 'Node 0 Normal free:8kB'
	echo "lowmem_reserve[]: $(seq -s ' ' 1 70)"
	echo 'Out of memory: Killed process 1 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB'
} >"$work/zones.txt"
run "$work/json" "$work/err" "$bin" --json "$work/zones.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" &&
   grep -qF '"dropped":{"task_rows":0,"task_names_cut":0,"zone_lines":44,"continuation_lines":0,"lowmem_reserve_entries":6,"strings":0}' "$work/json" &&
   [ "$(grep -o '"name":"Normal"' "$work/json" | wc -l)" -eq 256 ]; then
	ok "zones past 256 and lowmem_reserve entries past 64 are counted, not kept"
else
	not_ok "zones past 256 and lowmem_reserve entries past 64 are counted, not kept" "exit $rc"
fi
# the event's strings: 8 MiB in all
"$hostile" strings 10M "$work/strings.txt"
run "$work/facts" "$work/err" "$bin" --facts "$work/strings.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && grep -q '^e1.dropped.strings=[1-9]' "$work/facts"; then
	ok "strings past 8 MiB are counted, not kept"
else
	not_ok "strings past 8 MiB are counted, not kept" "exit $rc"
fi
# Peak memory of the unsanitized build on hostile inputs of 32 MiB (4M
# task rows, 8M continuation lines, 32 MiB of strings) stays under 64 MB,
# as the text, JSON and --count; before the limits the task table alone
# took over 500 MB.  GNU time measures it; without it, python's rusage,
# which also counts the python process the command was forked from (more,
# never less).
peak_kb() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$work/peak" "$@" >/dev/null 2>&1 || true
		tail -n 1 "$work/peak"
	else
		python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
	fi
}
if [ -x "$plain" ] && { [ -x /usr/bin/time ] || command -v python3 >/dev/null 2>&1; }; then
	for shape in tasks continuations strings; do
		"$hostile" "$shape" 32M "$work/big.txt"
		for o in --json --count text; do
			[ "$o" = text ] && o=
			# shellcheck disable=SC2086 # no option for the text
			kb=$(peak_kb "$plain" $o "$work/big.txt")
			if [ "$kb" -lt 65536 ]; then
				ok "32 MiB of $shape ${o:-text}: peak RSS $kb kB < 64 MB"
			else
				not_ok "32 MiB of $shape ${o:-text}: peak RSS $kb kB < 64 MB" "over the bound"
			fi
		done
	done
	rm -f "$work/big.txt"
else
	ok "peak RSS on hostile inputs # SKIP no unsanitized build (OOMX_PLAIN), or neither GNU time nor python3"
fi
