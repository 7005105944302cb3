# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/shapes.sh, sourced by tests/run-tests.sh: the shapes read from their JSON (stall warnings, wrapped and flowed mail lines) and --summary of the stalls.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

# the three shapes read from their JSON: a stall warning's kind and time,
# a memcg OOM told by its call trace, the fields of wrapped zone lines
# (checked by a JSON reader, not by the --facts the tests above use)
# json_fields NAME FIXTURE PYTHON: one test; PYTHON reads the events of
# FIXTURE's --json as ev (a list) and prints what is wrong, if anything
json_fields() {
	run "$work/jf.json" "$work/err" "$bin" --json "$here/fixtures/$2.txt"
	if ! command -v python3 >/dev/null 2>&1; then
		ok "$1 # SKIP python3 not installed"
		return
	fi
	why=$(python3 -c "import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
$3" "$work/jf.json" 2>&1)
	if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && [ -z "$why" ]; then
		ok "$1"
	else
		not_ok "$1" "exit $rc: $why"
	fi
}
json_fields "stall warnings: kind alloc_stall, stall_ms, order and mask in JSON" \
	stall-4.9-linux-mm-syslog '
want = [(10646, "DOM Worker"), (11024, "DOM Worker")]
got = [(e["trigger"].get("stall_ms"), e["trigger"]["comm"]) for e in ev]
bad = [e["kind"] for e in ev if e["kind"] != "alloc_stall"]
bad += [e["gfp"]["mask"] for e in ev if e["gfp"]["mask"] != "0x24280ca"]
bad += [e["trigger"]["order"] for e in ev if e["trigger"]["order"] != 0]
bad += [e["victim"] for e in ev if e["victim"]]
print("" if got == want and not bad else "%r %r" % (got, bad))'
json_fields "a stall followed at once by an OOM report: both events, the OOM whole" \
	stall-4.10-linux-mm-then-oom '
k = [e["kind"] for e in ev]
s, o = ev
ok = k == ["alloc_stall", "oom"] and s["trigger"]["stall_ms"] == 10079 and \
     "stall_ms" not in o["trigger"] and o["victim"]["pid"] == 10688 and \
     len(o["zones"]) == 2 and s["end_offset"] < o["offset"]
print("" if ok else "%r" % k)'
json_fields "memcg OOM without memcg lines: CONSTRAINT_MEMCG from the call trace, no zone blamed" \
	memcg-3.10-linux-mm-trace-only '
e, = ev
c = e["constraint"]
ok = c["type"] == "CONSTRAINT_MEMCG" and c.get("source") == "call_trace" and \
     e["verdicts"] == ["memcg_limit"] and e["memcg"]["limit_kb"] is None
print("" if ok else "%r %r" % (c, e["verdicts"]))'
json_fields "wrapped zone lines: min, managed, free_cma and highatomic from the continuations" \
	allocfail-5.10-lkml-wrapped-zones '
e, = ev
got = [(z["name"], z["min"], z["managed"], z["free_cma"], z["highatomic"], z["fields_cut"])
       for z in e["zones"]]
want = [("DMA", 2, 3840, 0, 0, False), ("DMA32", 510, 742089, 0, 0, False),
        ("Normal", 5206, 7447162, 0, 512, False)]
ok = got == want and e["kernel"] == "5.10.0-22-rt-amd64" and e["trigger"]["order"] == 4
print("" if ok else "%r" % got)'
# the same report unwrapped (each continuation joined to the line before)
# gives the same zones
awk '/^(Dec|#)/ { if (l != "") print l; l = $0; next }
	{ sub(/^ +/, ""); l = l " " $0 } END { print l }' \
	"$here/fixtures/allocfail-5.10-lkml-wrapped-zones.txt" >"$work/unwrapped.txt"
"$plain" --json "$here/fixtures/allocfail-5.10-lkml-wrapped-zones.txt" 2>/dev/null |
	sed 's/"end_offset":[0-9]*,//; s/"offset":[0-9]*,//; s/"skipped_lines":[0-9]*,//' >"$work/w.json" || true
run "$work/u.json" "$work/err" "$bin" --json "$work/unwrapped.txt"
sed -i 's/"end_offset":[0-9]*,//; s/"offset":[0-9]*,//; s/"skipped_lines":[0-9]*,//' "$work/u.json"
if [ "$rc" -eq 0 ] && [ "$(wc -l <"$work/u.json")" -eq 1 ] &&
   python3 -c 'import json, sys
a, b = (json.loads(open(f).readline()) for f in sys.argv[1:])
sys.exit(0 if a["zones"] == b["zones"] and a["verdicts"] == b["verdicts"] and a["gfp"] == b["gfp"] else 1)' "$work/w.json" "$work/u.json"; then
	ok "wrapped zone lines read as the unwrapped report"
else
	not_ok "wrapped zone lines read as the unwrapped report" "exit $rc, or the zones differ"
fi
# A log quoted in a mail whose console wrapped its long lines at a
# column, even inside a token (the MIPS report of 16 kB pages): the rest
# of a wrapped line has the quote marks ("| ") and no stamp, and is joined
# to its line.  The same report unwrapped, unquoted, quoted with "> > ",
# and with a zone's free:411376kB cut between k and B, gives the same
# zones, buddy lists, verdicts and page size.
fx="$here/fixtures/mips64-3.17-linux-mips-16k-pages.txt"
awk '/^\| [^[ ]/ { l = l substr($0, 3); next }
	{ if (NR > 1) print l; l = $0 } END { print l }' "$fx" >"$work/q-unwrapped.txt"
run "$work/u.json" "$work/err" "$bin" --json "$work/q-unwrapped.txt"
why=
[ "$rc" -eq 0 ] && [ "$(wc -l <"$work/u.json")" -eq 1 ] || why="unwrapped: exit $rc"
sed -e 's/^| //' "$fx" >"$work/q-bare.txt"
sed -e 's/^| /> > /' "$fx" >"$work/q-mail.txt"
sed -e 's/ free:411376kB min:/ free:411376k\nB min:/' "$work/q-bare.txt" >"$work/q-kB.txt"
for v in "$fx" "$work/q-bare.txt" "$work/q-mail.txt" "$work/q-kB.txt"; do
	run "$work/v.json" "$work/err" "$bin" --json "$v"
	if [ "$rc" -ne 0 ] || ! python3 -c 'import json, sys
a, b = (json.loads(open(f).readline()) for f in sys.argv[1:])
keys = ("zones", "verdicts", "gfp", "page_kb", "page_size")
z = b["zones"][1]
sys.exit(0 if all(a[k] == b[k] for k in keys) and not z["fields_cut"] and
         z["free"] == 25711 and len(z["buddy"]["blocks"]) == 12 else 1)' "$work/u.json" "$work/v.json"; then
		why="$why $(basename "$v"): exit $rc, or the zones differ"
	fi
done
if [ -z "$why" ]; then
	ok "a quoted log's wrapped lines (quote marks, no stamp) read as the unwrapped report"
else
	not_ok "a quoted log's wrapped lines (quote marks, no stamp) read as the unwrapped report" "$why"
fi
# A mail client that wraps lines the format=flowed way ends every piece
# of a line but the last with a space, and the pieces after it have the
# quote marks but no stamp (the 6.10 mempolicy report: its first line,
# CPU line, task header and rows and kill line).  It reads as the same
# report joined by hand, its task rows keep their names, and the text
# says that node 2, its policy's node, prints no zone.  A log
# without stamps is never joined: there, a line ending in a space is
# followed by lines of their own (the 6.1 dmesg, its stamps cut and a
# space put at the end of every line).
fx="$here/fixtures/mempolicy-6.10-lkml-flowed-hot-remove.txt"
awk '/^#/ { next } { sub(/^> /, "") } j { l = l $0 } !j { if (n++) print l; l = $0 }
	{ j = / $/ } END { print l }' "$fx" >"$work/f-joined.txt"
why=
run "$work/u.json" "$work/err" "$bin" --json "$work/f-joined.txt"
[ "$rc" -eq 0 ] || why="joined: exit $rc"
run "$work/v.json" "$work/err" "$bin" --json "$fx"
[ "$rc" -eq 0 ] && sanitizer_clean "$work/err" || why="$why flowed: exit $rc"
if [ -z "$why" ] && ! python3 -c 'import json, sys
a, b = (json.loads(open(f).readline()) for f in sys.argv[1:])
keys = ("trigger", "kernel", "gfp", "constraint", "verdicts", "victim", "badness",
        "zones", "total_swap_kb", "skipped_lines")
sys.exit(0 if all(a[k] == b[k] for k in keys) and b["victim"]["pgtables_kb"] == 1512 and
         b["trigger"]["order"] == 0 and b["kernel"] == "6.10.0-rc2+" else 1)' "$work/u.json" "$work/v.json"; then
	why="the flowed report differs from the joined one"
fi
run "$work/text" "$work/err" "$bin" "$fx"
grep -q '^    the report prints no zone of those nodes: they had no memory then' "$work/text" ||
	why="$why the text does not say that node 2 shows no zone"
run "$work/page" "$work/err" "$bin" --html - "$fx"
for name in systemd-journal '(udev-worker)' consume_std_pag; do
	grep -qF "<td>$name</td>" "$work/page" || why="$why no task row named $name"
done
sed -n '/^\[/ { s/^\[[^]]*\] //; s/$/ /; p; }' \
	"$here/fixtures/x86_64-6.1-dmesg.txt" >"$work/f-nostamp.txt"
sed 's/ $//' "$work/f-nostamp.txt" >"$work/f-nospace.txt"
run "$work/a.facts" "$work/err" "$bin" --facts "$work/f-nostamp.txt"
run "$work/b.facts" "$work/err" "$bin" --facts "$work/f-nospace.txt"
if ! grep -q ' $' "$work/f-nostamp.txt" || ! grep -q '^e1.victim.pid=[0-9]' "$work/a.facts" ||
   ! cmp -s "$work/a.facts" "$work/b.facts"; then
	why="$why a log without stamps was joined"
fi
if [ -z "$why" ]; then
	ok "a mail's flowed lines (a space at the end, no stamp after) read as the report joined by hand"
else
	not_ok "a mail's flowed lines (a space at the end, no stamp after) read as the report joined by hand" "$why"
fi
# --summary counts the stall warnings by their kind
run "$work/out" "$work/err" "$bin" --summary --json "$here/fixtures/stall-4.9-linux-mm-syslog.txt" \
	"$here/fixtures/stall-4.10-linux-mm-then-oom.txt"
run "$work/out2" "$work/err2" "$bin" --summary "$here/fixtures/stall-4.9-linux-mm-syslog.txt" \
	"$here/fixtures/stall-4.10-linux-mm-then-oom.txt"
if [ "$rc" -eq 0 ] && python3 -c 'import json, sys
k = json.load(open(sys.argv[1]))["by_kind"]
sys.exit(0 if k["alloc_stall"] == 3 and k["oom_kill"] == 1 else 1)' "$work/out" &&
   grep -q '^ *3 .*page allocation stall warning' "$work/out2"; then
	ok "summary counts stall warnings as their own kind"
else
	not_ok "summary counts stall warnings as their own kind" "exit $rc: $(grep -i stall "$work/out2" | head -n 1)"
fi
