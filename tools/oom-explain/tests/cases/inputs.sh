# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/inputs.sh, sourced by tests/run-tests.sh: several inputs: events per file, --summary's counts, dates ordered across inputs, standard input among files.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

# Several inputs, read in order, each with a parser of its own: events
# are numbered per input and named by it.  Expected values come from
# runs on each input alone.
set -- "$here"/fixtures/*.txt
sum_ev=0
for fx in "$@"; do
	sum_ev=$((sum_ev + $("$plain" --count "$fx" 2>/dev/null || true)))
done
run "$work/sum.txt" "$work/err" "$bin" --summary "$@"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && [ "$sum_ev" -gt 0 ] &&
   grep -qx "Summary: $sum_ev events in $# inputs" "$work/sum.txt"; then
	ok "summary of all fixtures: $sum_ev events in $# inputs"
else
	not_ok "summary of all fixtures" "exit $rc, want $sum_ev events in $# inputs: $(head -n 1 "$work/sum.txt")"
fi
# every count of --summary --json against the events of each fixture's
# own --json
run "$work/sum.json" "$work/err" "$bin" --summary --json "$@"
: >"$work/each.json"
for fx in "$@"; do
	"$plain" --json "$fx" >>"$work/each.json" 2>/dev/null || true
done
if command -v python3 >/dev/null 2>&1; then
	why=$(python3 - "$work/sum.json" "$work/each.json" "$@" <<'PY' 2>&1
import collections, json, sys
summary = json.loads(open(sys.argv[1]).read())
events = [json.loads(l) for l in open(sys.argv[2])]
def kind(e):
    if e["panic"]:
        return "panic"
    if e["kind"] in ("alloc_failure", "alloc_stall"):
        return e["kind"]
    return "oom_kill" if e["victim"] else "oom_no_victim"
want = {k: 0 for k in summary["by_kind"]}
want.update(collections.Counter(kind(e) for e in events))
bad = []
if summary["events"] != len(events):
    bad.append("events %d, fixtures %d" % (summary["events"], len(events)))
if summary["by_kind"] != want:
    bad.append("by_kind %r, fixtures %r" % (summary["by_kind"], want))
v = collections.Counter(x for e in events for x in e["verdicts"])
v["none"] = sum(1 for e in events if not e["verdicts"])
if {k: n for k, n in summary["by_verdict"].items() if n} != {k: n for k, n in v.items() if n}:
    bad.append("by_verdict %r, fixtures %r" % (summary["by_verdict"], dict(v)))
for key, get in (("by_kernel", lambda e: e["kernel"]),
                 ("by_constraint", lambda e: e["constraint"]["type"]),
                 ("by_trigger", lambda e: e["trigger"]["comm"]),
                 ("by_victim", lambda e: e["victim"]["comm"] if e["victim"] else None)):
    got = {c["value"]: c["events"] for c in summary[key]["counts"]}
    exp = dict(collections.Counter(get(e) for e in events))
    if got != exp:
        bad.append("%s %r, fixtures %r" % (key, got, exp))
files = [i["file"] for i in summary["inputs"]]
if files != sys.argv[3:]:
    bad.append("inputs %r, given %r" % (files, sys.argv[3:]))
print("; ".join(bad[:3]))
PY
)
	if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && [ -z "$why" ]; then
		ok "summary --json counts what each fixture's --json says"
	else
		not_ok "summary --json counts what each fixture's --json says" "exit $rc: $why"
	fi
else
	ok "summary --json counts what each fixture's --json says # SKIP python3 not installed"
fi
# each input's events in the summary, against --count on it alone
why=
i=0
for fx in "$@"; do
	i=$((i + 1))
	want=$("$plain" --count "$fx" 2>/dev/null || true)
	got=$(sed -n "s|^  $fx: \([0-9]*\) events*.*|\1|p; s|^  $fx: no events$|0|p" "$work/sum.txt")
	[ "$got" = "$want" ] || why="$why $(basename "$fx"): $got, --count $want"
done
if [ -z "$why" ]; then
	ok "summary: each input's events as --count says"
else
	not_ok "summary: each input's events as --count says" "$why"
fi
schema_check "summary schema" "$top/schema/oom-explain-summary.schema.json" "$work/sum.json" 1
# Dated events are ordered across inputs.  Syslog dates (no year): the
# inputs given out of order, the earliest and latest of all found.
f=$here/fixtures
run "$work/out" "$work/err" "$bin" --summary --json "$f/numa-4.18-rocky8-nodemask.txt" \
	"$f/stall-4.9-linux-mm-syslog.txt" "$f/ubuntu-4.4-syslog-fragmentation.txt"
run "$work/text" "$work/err2" "$bin" --summary "$f/numa-4.18-rocky8-nodemask.txt" \
	"$f/stall-4.9-linux-mm-syslog.txt" "$f/ubuntu-4.4-syslog-fragmentation.txt"
if [ "$rc" -eq 0 ] &&
   grep -qF '"without_year":{"events":4,"inputs":3,"first":{"file":"'"$f"'/stall-4.9-linux-mm-syslog.txt","event":1,"as_printed":"Mar 14 14:31:20"},"last":{"file":"'"$f"'/numa-4.18-rocky8-nodemask.txt","event":1,"as_printed":"Jul 15 23:44:32"},"span_seconds":10660392}' "$work/out" &&
   grep -qF '"not_dated":{"events":0,"inputs":0}' "$work/out" &&
   grep -qF "earliest Mar 14 14:31:20 ($f/stall-4.9-linux-mm-syslog.txt, event 1), latest Jul 15 23:44:32 ($f/numa-4.18-rocky8-nodemask.txt, event 1): 123 d 9:13:12 apart" "$work/text" &&
   grep -qF "$f/stall-4.9-linux-mm-syslog.txt: 2 events, first Mar 14 14:31:20, last Mar 14 14:35:41: 0:04:21 from the earliest to the latest (by date)" "$work/text"; then
	ok "summary orders syslog dates across inputs"
else
	not_ok "summary orders syslog dates across inputs" "exit $rc: $(grep 'syslog dates' "$work/text")"
fi
# a syslog that runs past a new year, two logs in one input: December's
# events first, March's a year later
cat "$f/allocfail-5.10-lkml-wrapped-zones.txt" "$f/stall-4.9-linux-mm-syslog.txt" >"$work/newyear.txt"
run "$work/out" "$work/err" "$bin" --summary --json "$work/newyear.txt"
if [ "$rc" -eq 0 ] &&
   grep -qF '"as_printed":"Dec 21 03:47:22"},"last":{"file":"'"$work"'/newyear.txt","event":3,"as_printed":"Mar 14 14:35:41"},"span_seconds":7210099}' "$work/out" &&
   grep -qF '"date_span_seconds":7210099}' "$work/out"; then
	ok "summary takes a syslog past a new year as the next year"
else
	not_ok "summary takes a syslog past a new year as the next year" "exit $rc"
fi
# dates with a year: dmesg -T in German and French, and ISO 8601 with an
# offset (the 6.1 report's prefix rewritten, as the prefix tests do: 03:45
# at +02:00 is 01:45 UTC)
sed -e 's/^\[[ 0-9.]*\] /2024-11-22T03:45:35.123456+02:00 guest kernel: /' \
	"$f/x86_64-6.1-dmesg.txt" >"$work/iso.txt"
run "$work/out" "$work/err" "$bin" --summary --json "$f/x86_64-6.1-dmesg-T-two-events.txt" \
	"$f/locale-fr-6.1-dmesg-T-util-linux.txt" "$work/iso.txt" "$f/seed-004-arm64-6.9-kswapd.txt" \
	"$f/locale-de-3.2-dmesg-T-forum.txt"
run "$work/out2" "$work/err2" "$bin" --summary --json "$f/seed-004-arm64-6.9-kswapd.txt" "$work/iso.txt"
if [ "$rc" -eq 0 ] &&
   grep -qF '"with_year":{"events":6,"inputs":5,"first":{"file":"'"$f"'/locale-de-3.2-dmesg-T-forum.txt","event":1,"as_printed":"[So Jun  9 01:03:02 2013]"},"last":{"file":"'"$f"'/x86_64-6.1-dmesg-T-two-events.txt","event":2,"as_printed":"[Tue Dec  1 11:47:17 2026]"}' "$work/out" &&
   grep -qF '"last":{"file":"'"$work"'/iso.txt","event":1,"as_printed":"2024-11-22T03:45:35.123456+02:00"},"span_seconds":8832247}' "$work/out2"; then
	ok "summary orders dmesg -T and ISO dates across inputs"
else
	not_ok "summary orders dmesg -T and ISO dates across inputs" "exit $rc"
fi
# seconds since boot are each machine's and boot's own: said not to be
# ordered across inputs, and not put among the dated ones
run "$work/out" "$work/err" "$bin" --summary "$f/guest-x86_64-6.1-256M.txt" \
	"$f/guest-arm-6.1-1G.txt" "$f/stall-4.9-linux-mm-syslog.txt"
run "$work/out2" "$work/err2" "$bin" --summary --json "$f/guest-x86_64-6.1-256M.txt" \
	"$f/guest-arm-6.1-1G.txt" "$f/stall-4.9-linux-mm-syslog.txt"
if [ "$rc" -eq 0 ] &&
   grep -qx '  not ordered across inputs: 3 events in 2 inputs with seconds since boot (each machine.s and each boot.s own clock) or no timestamp' "$work/out" &&
   grep -qF '"not_dated":{"events":3,"inputs":2}' "$work/out2" &&
   grep -qF '"without_year":{"events":2,"inputs":1,' "$work/out2" &&
   grep -qF '"with_year":{"events":0,"inputs":0,"first":null,"last":null,"span_seconds":null}' "$work/out2"; then
	ok "summary says seconds since boot are not ordered across inputs"
else
	not_ok "summary says seconds since boot are not ordered across inputs" "exit $rc"
fi
# a table keeps 4096 values; the events of the others are counted as
# other, so that memory stays bounded
awk 'BEGIN { for (i = 0; i < 5000; i++)
	printf "c%d invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nOut of memory: Killed process 9 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n", i }' >"$work/names5000.txt"
run "$work/out" "$work/err" "$bin" --summary --json "$work/names5000.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" &&
   [ "$(grep -o '"value":"c[0-9]*","events":1}' "$work/out" | wc -l)" -eq 4096 ] &&
   grep -qF '"other":904,' "$work/out" && grep -qF '"events":5000,' "$work/out"; then
	ok "summary keeps 4096 values a table, counts the rest as other"
else
	not_ok "summary keeps 4096 values a table, counts the rest as other" "exit $rc"
fi

# standard input between two files: the same facts as three runs alone,
# each line named by its input
a="$here/fixtures/x86_64-6.1-sysrq-f.txt"
b="$here/fixtures/era-2.6.26-linux-mm-oomkilladj.txt"
c="$here/fixtures/allocfail-2.6.31-linux-mm-order5.txt"
{
	"$plain" --facts "$a" | sed "s|^|$a:|"
	"$plain" --facts "$b" | sed 's|^|-:|'
	"$plain" --facts "$c" | sed "s|^|$c:|"
} >"$work/want.facts" 2>/dev/null
# with_stdin FILE CMD...: CMD reading FILE as its standard input
with_stdin() {
	wf=$1
	shift
	"$@" <"$wf"
}
run "$work/got.facts" "$work/err" with_stdin "$b" "$bin" --facts "$a" - "$c"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && [ -s "$work/want.facts" ] &&
   cmp -s "$work/want.facts" "$work/got.facts"; then
	ok "several inputs with - between: facts as each alone, named"
else
	not_ok "several inputs with - between: facts as each alone, named" "exit $rc: $(diff "$work/want.facts" "$work/got.facts" | head -n 2 | tr '\n' ' ')"
fi
want="$a:$("$plain" --count "$a")
-:$("$plain" --count "$b")
$c:$("$plain" --count "$c")"
run "$work/out" "$work/err" with_stdin "$b" "$bin" --count "$a" - "$c"
if [ "$rc" -eq 0 ] && [ "$(cat "$work/out")" = "$want" ]; then
	ok "several inputs: --count per input"
else
	not_ok "several inputs: --count per input" "exit $rc: $(tr '\n' ' ' <"$work/out")"
fi
run "$work/out" "$work/err" with_stdin "$b" "$bin" --json "$a" - "$c"
nj=$(($("$plain" --count "$a") + $("$plain" --count "$b") + $("$plain" --count "$c")))
jfile=$(sed -n 's/.*"event":\([0-9]*\),"file":"\([^"]*\)".*/\2 \1/p' "$work/out" | tr '\n' ' ')
src=0
"$pyjs" "$here/validate-json.py" "$schema" "$work/out" "$nj" >"$work/schema.err" 2>&1 || src=$?
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && [ "$src" -ne 1 ] &&
   [ "$jfile" = "$a 1 $a 2 - 1 - 2 $c 1 $c 2 " ]; then
	ok "several inputs: JSON names the file, events numbered per input"
else
	not_ok "several inputs: JSON names the file, events numbered per input" "exit $rc, schema $src: $jfile"
fi
run "$work/out" "$work/err" with_stdin "$b" "$bin" "$a" - "$c"
if [ "$rc" -eq 0 ] && [ "$(grep -c '^== ' "$work/out")" -eq "$nj" ] &&
   [ "$(grep '^==> ' "$work/out" | tr '\n' '|')" = "==> $a <==|==> standard input <==|==> $c <==|" ]; then
	ok "several inputs: text with a head per input"
else
	not_ok "several inputs: text with a head per input" "exit $rc"
fi
# a missing input among several: named, exit 2, nothing read or written
run "$work/out" "$work/err" "$bin" "$a" "$work/does-not-exist" "$c"
if [ "$rc" -eq 2 ] && [ ! -s "$work/out" ] &&
   grep -qxF "oom-explain: $work/does-not-exist: No such file or directory" "$work/err"; then
	ok "a missing input among several is named, exit 2"
else
	not_ok "a missing input among several is named, exit 2" "exit $rc: $(head -n 1 "$work/err")"
fi
run "$work/out" "$work/err" "$bin" --summary "$a" "$work" "$c"
if [ "$rc" -eq 2 ] && [ ! -s "$work/out" ] && grep -qF "$work: is a directory" "$work/err"; then
	ok "a directory among several inputs is refused"
else
	not_ok "a directory among several inputs is refused" "exit $rc"
fi
while read -r name want args; do
	# shellcheck disable=SC2086 # the arguments are words
	run "$work/out" "$work/err" "$bin" $args
	if [ "$rc" -eq 2 ] && grep -q -- "$want" "$work/err" && [ ! -s "$work/out" ]; then
		ok "several inputs refused: $name"
	else
		not_ok "several inputs refused: $name" "exit $rc: $(head -n 1 "$work/err")"
	fi
done <<EOF_ARGS
html-events draws.the.events.of.one.log --html $work/m.html $a $c
follow-F read.their.own.input -F $a $c
summary-facts choose.two.output.formats --summary --facts $a
summary-follow does.not.go.with.--follow --summary -F $a
EOF_ARGS
# the summary page is none of the inputs either, the second one here
cp "$c" "$work/self2.log"
run "$work/out" "$work/err" "$bin" --summary --html "$work/self2.log" "$a" "$work/self2.log"
if [ "$rc" -eq 2 ] && grep -q 'is the input file' "$work/err" && cmp -s "$c" "$work/self2.log"; then
	ok "summary page refused onto its second input"
else
	not_ok "summary page refused onto its second input" "exit $rc, or the log changed"
fi
# getopt_long: -- ends the options, values after = too
cp "$a" "$work/--json"
run "$work/out" "$work/err" "$bin" --html="$work/eq.html" -- "$work/--json"
if [ "$rc" -eq 0 ] && grep -q '^== OOM event 2' "$work/out" && grep -q '<section class="event" id="e2"' "$work/eq.html"; then
	ok "-- ends the options; --html=PAGE"
else
	not_ok "-- ends the options; --html=PAGE" "exit $rc"
fi
