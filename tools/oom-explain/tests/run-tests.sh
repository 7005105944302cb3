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

for fx in "$here"/fixtures/*.txt; do
	name=$(basename "$fx" .txt)
	exp="$here/expected/$name.facts"
	if [ ! -f "$exp" ]; then
		not_ok "fixture $name" "no expected/$name.facts"
		continue
	fi
	want_rc=$(sed -n 's/^@exit //p' "$exp")
	want_rc=${want_rc:-0}
	want_ev=$(sed -n 's/^@events //p' "$exp")
	want_ev=${want_ev:-1}

	run "$work/facts" "$work/err" "$bin" --facts "$fx"
	reason=
	if ! sanitizer_clean "$work/err"; then
		reason="sanitizer: $(grep -m1 -e ERROR -e 'runtime error' "$work/err")"
	elif [ "$rc" -ne "$want_rc" ]; then
		reason="exit $rc, expected $want_rc"
	else
		got_ev=$(grep -c '\.trigger\.comm=' "$work/facts" || true)
		if [ "$got_ev" -ne "$want_ev" ]; then
			reason="$got_ev events, expected $want_ev"
		fi
	fi
	if [ -z "$reason" ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			case "$line" in
			'' | '#'* | '@'*) continue ;;
			'!'*)
				if grep -Fxq -- "${line#!}" "$work/facts"; then
					reason="unexpected: ${line#!}"
					break
				fi
				;;
			*)
				if ! grep -Fxq -- "$line" "$work/facts"; then
					got=$(grep -F -- "${line%%=*}=" "$work/facts" | head -n 3 | tr '\n' ' ')
					reason="missing: $line (got: ${got:-nothing})"
					break
				fi
				;;
			esac
		done <"$exp"
	fi
	if [ -z "$reason" ]; then ok "fixture $name"; else not_ok "fixture $name" "$reason"; fi

	# the same input as JSON Lines and as text
	run "$work/json" "$work/err" "$bin" --json "$fx"
	jrc=0
	json_valid "$work/json" "$want_ev" || jrc=$?
	if ! sanitizer_clean "$work/err"; then
		not_ok "json $name" "sanitizer report"
	elif [ "$jrc" -eq 2 ]; then
		ok "json $name # SKIP neither python3 nor jq"
	elif [ "$rc" -ne "$want_rc" ] || [ "$jrc" -ne 0 ]; then
		not_ok "json $name" "exit $rc or invalid JSON Lines"
	else
		ok "json $name"
	fi
	# and every object as the JSON Schema documents it
	schema_check "schema $name" "$schema" "$work/json" "$want_ev"
	run "$work/text" "$work/err" "$bin" "$fx"
	if ! sanitizer_clean "$work/err" || [ "$rc" -ne "$want_rc" ] ||
	   [ "$(grep -c '^== ' "$work/text" || true)" -ne "$want_ev" ]; then
		not_ok "text $name" "exit $rc or wrong number of events"
	else
		ok "text $name"
	fi
done

# every output mode on every fixture and seed is byte for byte what
# tests/golden.sha256 pinned (see tests/golden.sh)
golden="$here/golden.sha256"
if "$here/golden.sh" "$bin" >"$work/golden" 2>"$work/golden.err" &&
   cmp -s "$golden" "$work/golden"; then
	ok "output identical to golden.sha256 ($(wc -l <"$golden") input and mode pairs)"
else
	diff "$golden" "$work/golden" | grep '^>' | cut -f1,2 | sed 's/^> /#   differs: /' | head -n 20
	head -n 5 "$work/golden.err" | sed 's/^/# /'
	not_ok "output identical to golden.sha256" \
		"$(diff "$golden" "$work/golden" | grep -c '^>' || true) input and mode pairs differ; if the change of output is meant, run 'make golden' and commit tests/golden.sha256"
fi

# streaming: feeding in 1, 7 and 4093 byte pieces must not change a fact
if [ -x "$feed" ]; then
	for fx in "$here"/fixtures/*.txt; do
		name=$(basename "$fx" .txt)
		run "$work/out" "$work/err" "$feed" "$fx"
		if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err"; then
			ok "chunked feed $name"
		else
			not_ok "chunked feed $name" "$(head -n 1 "$work/err")"
		fi
	done
fi

# gfp_table: lines "VERSION MASK NAMES" on stdin, each decoded and compared
gfp_table() {
	while read -r ver mask want; do
		run "$work/out" "$work/err" "$bin" --decode-gfp "$mask" --kernel "$ver"
		got=$(cat "$work/out")
		if [ "$rc" -eq 0 ] && [ "$got" = "$want" ]; then
			ok "gfp $ver $mask"
		else
			not_ok "gfp $ver $mask" "got '$got', expected '$want'"
		fi
	done
}

# GFP tables: masks as real kernels of each era printed them with names
gfp_table <<'TABLE'
3.10 0xd0 GFP_KERNEL
3.10 0x200da GFP_HIGHUSER_MOVABLE
3.14 0x800d0 GFP_TEMPORARY
3.10 0x280da GFP_HIGHUSER_MOVABLE|__GFP_ZERO
4.4 0x24201ca GFP_HIGHUSER_MOVABLE|__GFP_COLD
4.4 0x24000c0 GFP_KERNEL
4.4 0x2000200 GFP_NOWAIT|__GFP_NOWARN
4.14 0x14000c0 GFP_KERNEL
4.14 0x14200ca GFP_HIGHUSER_MOVABLE
4.14 0x15080c0 GFP_KERNEL_ACCOUNT|__GFP_ZERO
4.19 0x6000c0 GFP_KERNEL
4.19 0x6200ca GFP_HIGHUSER_MOVABLE
4.19 0x7080c0 GFP_KERNEL_ACCOUNT|__GFP_ZERO
5.10 0xcc0 GFP_KERNEL
5.10 0x100cca GFP_HIGHUSER_MOVABLE
5.10 0x400dc0 GFP_KERNEL_ACCOUNT|__GFP_ZERO
6.1 0x140cca GFP_HIGHUSER_MOVABLE|__GFP_COMP
6.1 0xcc0 GFP_KERNEL
TABLE

# 2.6 printed no names: masks checked against the allocation in the trace
# (read_swap_cache_async, page cache readahead, dma_alloc_coherent)
gfp_table <<'TABLE'
2.6.26 0x1200d2 GFP_HIGHUSER_MOVABLE
2.6.26 0x1201d2 GFP_HIGHUSER_MOVABLE|__GFP_COLD
2.6.32 0x201da GFP_HIGHUSER_MOVABLE|__GFP_COLD
2.6.31 0x8020 GFP_ATOMIC|__GFP_ZERO
2.6.18 0x201d2 GFP_HIGHUSER|__GFP_COLD
TABLE

# The zone table's label says what refuses a zone, with the numbers of
# its own row (free cma min low high reserve effective label): "below
# min by N" only when effective < min (N = min - effective), "at min, not
# above it" when equal, else "short of min + reserve by N" (the pages it
# lacks to pass effective > min + reserve), on every fixture.
for fx in "$here"/fixtures/*.txt; do
	name=$(basename "$fx" .txt)
	"$plain" "$fx" >"$work/text" 2>/dev/null || true
	why=$(awk '
	/^  [0-9]*\/?[A-Za-z0-9]+ +yes +[0-9]/ {
		min = $5; r = ($8 == "-") ? 0 : $8; eff = $9
		label = $0
		for (i = 1; i <= 9; i++)
			sub(/^ *[^ ]+/, "", label)
		sub(/^ +/, "", label)
		if (label ~ /^below min by /) {
			n = label; sub(/^below min by /, "", n); n += 0
			if (!(eff < min && n == min - eff)) { print $1 ": " label " with effective " eff ", min " min; exit }
		} else if (label ~ /^at min/) {
			if (eff != min) { print $1 ": " label " with effective " eff ", min " min; exit }
		} else if (label ~ /^short of min \+ reserve by /) {
			n = label; sub(/^short of min \+ reserve by /, "", n); n += 0
			if (!(eff > min && eff <= min + r && n == min + r + 1 - eff)) { print $1 ": " label " with effective " eff ", min " min ", reserve " r; exit }
		} else if (label ~ /below min/) {
			print $1 ": " label; exit
		}
	}' "$work/text")
	if [ -z "$why" ]; then
		ok "zone labels say what refuses: $name"
	else
		not_ok "zone labels say what refuses: $name" "$why"
	fi
done
# the DMA zone of the x86_64 6.1 reports: 214 free, above its min of 34,
# refused by the lowmem_reserve for Normal requests (180 on one guest,
# 181 on the other); DMA32 is below min; in the second event of the
# dmesg -T log DMA32 sits at min
while IFS='|' read -r name dma dma32 short; do
	fx="$here/fixtures/$name.txt"
	text_and_html "$fx" "$work/label.html"
	if [ "$rc" -eq 0 ] && grep -qx "  0/DMA      yes       214        0       34       42       50      $dma       214  short of min + reserve by $short" "$work/text" &&
	   grep -qx "  0/DMA32    yes $dma32" "$work/text" &&
	   grep -qF "Node 0 DMA <span class=\"state\">short of min + reserve by $short</span>" "$work/label.html" &&
	   grep -qF "= $((34 + dma)): <b>short of min + reserve by $short</b>" "$work/label.html" &&
	   ! grep -q 'DMA .*below min' "$work/text" "$work/label.html"; then
		ok "DMA above min, refused by lowmem_reserve, in text and html: $name"
	else
		not_ok "DMA above min, refused by lowmem_reserve, in text and html: $name" "exit $rc: $(grep '0/DMA ' "$work/text" | head -n 1)"
	fi
done <<'ROWS'
x86_64-6.1-dmesg|180|      403        0      412      515      618        0       403  below min by 9|1
guest-x86_64-6.1-256M|181|      459        0      925     1028     1131        0       459  below min by 466|2
ROWS
run "$work/text" "$work/err" "$bin" "$here/fixtures/x86_64-6.1-dmesg-T-two-events.txt"
if [ "$rc" -eq 0 ] && grep -qx '  0/DMA32    yes      1339        0     1339     1442     1545        0      1339  at min, not above it' "$work/text"; then
	ok "a zone at min is not said to be below it"
else
	not_ok "a zone at min is not said to be below it" "exit $rc: $(grep '0/DMA32 ' "$work/text" | tail -n 1)"
fi

# a header alone: no CPU: line, so the version is unknown; order 4 is costly
printf 'x invoked oom-killer: gfp_mask=0x24201ca, order=4, oom_score_adj=0\n' >"$work/hdr.txt"
run "$work/out" "$work/err" "$bin" --facts "$work/hdr.txt"
if [ "$rc" -eq 0 ] && grep -qx 'e1.verdict=costly_order' "$work/out" &&
   grep -qx 'e1.kernel=unknown' "$work/out" && grep -qx 'e1.gfp.table=5.1+' "$work/out"; then
	ok "costly order, unknown version"
else
	not_ok "costly order, unknown version" "exit $rc"
fi
run "$work/out" "$work/err" "$bin" "$work/hdr.txt"
if [ "$rc" -eq 0 ] && grep -q 'kernel version unknown: decoded with the 5.1+ table' "$work/out"; then
	ok "unknown version is said"
else
	not_ok "unknown version is said" "exit $rc"
fi

# a zone line cut inside min: that zone is unknown and no verdict is claimed
{
	echo 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0'
	echo 'Node 0 DMA free:800kB boost:0kB min:88kB low:108kB high:128kB present:15992kB managed:15360kB free_cma:0kB'
	echo 'lowmem_reserve[]: 0 205 205 205 205'
	echo 'Node 0 DMA32 free:1192kB boost:0kB min:12'
	echo 'lowmem_reserve[]: 0 0 0 0 0'
	echo 'Out of memory: Killed process 9 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB'
} >"$work/cut.txt"
run "$work/out" "$work/err" "$bin" --facts "$work/cut.txt"
if [ "$rc" -eq 0 ] && grep -qx 'e1.zone.DMA32.below_min=-1' "$work/out" &&
   grep -qx 'e1.zone.DMA32.fields_cut=1' "$work/out" &&
   grep -qx 'e1.zone.DMA.below_min=1' "$work/out" &&
   ! grep -q '^e1.verdict=' "$work/out"; then
	ok "cut min is unknown, not a verdict"
else
	not_ok "cut min is unknown, not a verdict" "exit $rc"
fi

# the same report with other prefixes gives the same facts (but the
# event's time, which is the prefix's own)
fx="$here/fixtures/x86_64-6.1-dmesg.txt"
"$bin" --facts "$fx" 2>/dev/null | grep -v '^e[0-9]*\.stamp' >"$work/ref" || true
while read -r name script; do
	sed -e "$script" "$fx" >"$work/variant.txt"
	run "$work/out0" "$work/err" "$bin" --facts "$work/variant.txt"
	grep -v '^e[0-9]*\.stamp' "$work/out0" >"$work/out" || true
	if [ "$rc" -eq 0 ] && cmp -s "$work/ref" "$work/out"; then
		ok "prefix $name"
	else
		not_ok "prefix $name" "exit $rc or facts differ"
	fi
done <"$here/prefix-variants"

# without a version line the era comes from the report's shape: the 2.6.26
# report less its Pid: lines (oomkilladj=, bit 0x100000), the RHEL 6 one
# less its Pid: line (oom_adj= with oom_score_adj=)
while read -r name fx want; do
	sed -e '/Pid: [0-9]*, comm:/d' "$here/fixtures/$fx" >"$work/era.txt"
	run "$work/out" "$work/err" "$bin" --facts "$work/era.txt"
	got=$(sed -n 's/^e1\.\(era\.inferred\|gfp\.table\)=//p' "$work/out" | tr '\n' ' ' | sed 's/ $//')
	if [ "$rc" -eq 0 ] && grep -qx 'e1.kernel=unknown' "$work/out" && [ "$got" = "$want" ]; then
		ok "era from shape: $name"
	else
		not_ok "era from shape: $name" "exit $rc, got '$got', expected '$want'"
	fi
done <<'ERAS'
2.6.26 era-2.6.26-linux-mm-oomkilladj.txt 2.6.24 2.6.24-2.6.30
rhel6 era-2.6.32-rhel6-two-nodes.txt 3.0 3.x-4.3
ERAS
run "$work/out" "$work/err" "$bin" "$work/era.txt"
if [ "$rc" -eq 0 ] && grep -q 'no version line; oom_adj= with oom_score_adj=' "$work/out"; then
	ok "era from shape is said"
else
	not_ok "era from shape is said" "exit $rc"
fi

# a zone line cut before its free_cma: the summary's free_cma counts
# (the ARM 3.14 CMA report with the wrapped rest of its Normal line lost:
# the five lines after it)
fx="$here/fixtures/seed-002-arm-3.14-cma.txt"
l=$(grep -n 'Normal free:233460kB' "$fx" | cut -d: -f1)
sed -e "$((l + 1)),$((l + 5))d" "$fx" >"$work/cma.txt"
run "$work/out" "$work/err" "$bin" --facts "$work/cma.txt"
if [ "$rc" -eq 0 ] && grep -qx 'e1.zone.Normal.cma=57779' "$work/out" &&
   grep -qx 'e1.zone.Normal.cma_from_summary=1' "$work/out" &&
   grep -qx 'e1.zone.Normal.cause=cma' "$work/out" && grep -qx 'e1.verdict=below_min' "$work/out"; then
	ok "free_cma from the summary when the zone line is cut"
else
	not_ok "free_cma from the summary when the zone line is cut" "exit $rc"
fi

# no "Killed process" line: the oom-kill: summary names the victim
sed -e '/Killed process/d' "$here/fixtures/numa-4.18-rocky8-nodemask.txt" >"$work/nokill.txt"
run "$work/out" "$work/err" "$bin" --facts "$work/nokill.txt"
if [ "$rc" -eq 0 ] && grep -qx 'e1.victim.pid=2074' "$work/out" &&
   grep -qx 'e1.victim.comm=oom' "$work/out" && grep -qx 'e1.victim.source=oom-kill' "$work/out"; then
	ok "victim from the oom-kill: line"
else
	not_ok "victim from the oom-kill: line" "exit $rc"
fi

# The page size.  The arm64 report of 64 kB pages with its buddy lines
# lost: the summary's free:9580 pages against the zone's free:613120kB
# tell it, and the zones, RAM and badness are counted in 64 kB pages.
fx="$here/fixtures/arm64-5.4-blog-64k-pages.txt"
sed -e '/DMA32: 12\*64kB/d' "$fx" >"$work/nobuddy.txt"
run "$work/out" "$work/err" "$bin" --facts "$work/nobuddy.txt"
if [ "$rc" -eq 0 ] && grep -qx 'e1.page_kb=64' "$work/out" &&
   grep -qx 'e1.page_kb.source=summary_free' "$work/out" &&
   grep -qx 'e1.zone.DMA32.free=9580' "$work/out" && grep -qx 'e1.ram_kb=2031616' "$work/out" &&
   grep -qx 'e1.victim.row_rss_kb=63872' "$work/out" &&
   grep -qx 'e1.badness.highest_points=2059' "$work/out" &&
   grep -qx 'e2.page_kb.source=summary_free' "$work/out"; then
	ok "page size from the summary's free pages, the buddy lines lost"
else
	not_ok "page size from the summary's free pages, the buddy lines lost" "exit $rc: $(grep 'page_kb' "$work/out" | tr '\n' ' ')"
fi
# and the summary's free count lost too: nothing tells, 4 kB is assumed
# and every output says so
sed -e '/ free:9580 free_pcp/d' "$work/nobuddy.txt" >"$work/nopk.txt"
run "$work/out" "$work/err" "$bin" --facts "$work/nopk.txt"
run "$work/text" "$work/err2" "$bin" "$work/nopk.txt"
run "$work/json" "$work/err3" "$bin" --json "$work/nopk.txt"
run "$work/page" "$work/err4" "$bin" --html - "$work/nopk.txt"
if [ "$rc" -eq 0 ] && grep -qx 'e1.page_kb=4' "$work/out" &&
   grep -qx 'e1.page_kb.source=assumed' "$work/out" &&
   grep -qx 'e1.ram_kb=126976' "$work/out" &&
   grep -q '^Pages:      4 kB, assumed: nothing in the report tells the page size' "$work/text" &&
   grep -q '"page_size":{"kb":4,"source":"assumed",' "$work/json" &&
   grep -q '<dd class="page-size" data-page-kb="4" data-source="assumed">' "$work/page"; then
	ok "page size assumed, and said, when nothing tells it"
else
	not_ok "page size assumed, and said, when nothing tells it" "exit $rc: $(grep 'page_kb' "$work/out" | tr '\n' ' ')"
fi
# A memcg OOM prints no zone lines: its kill line against the victim's
# task row tells the size, or without one (vm.panic_on_oom=2) its
# memory.stat anon bytes against the tasks' rss, or without those its
# call trace's architecture (x86_64: 4 kB only).  4 kB told is not said.
fx="$here/fixtures/x86_64-6.1-memcg-v2.txt"
why=
for cut in '' '/Killed process/d' '/Killed process/d;/\] anon [0-9]/d' \
	'/Killed process/d;/\] anon [0-9]/d;/asm_exc_page_fault/d'; do
	sed -e "$cut" "$fx" >"$work/memcg.txt"
	run "$work/out" "$work/err" "$bin" --facts "$work/memcg.txt"
	run "$work/text" "$work/err2" "$bin" "$work/memcg.txt"
	case $cut in
	*asm_exc*)
		grep -qx 'e1.page_kb.source=assumed' "$work/out" &&
			grep -q '^Pages:      4 kB, assumed' "$work/text" || why="$why [$cut]: not said to be assumed"
		;;
	*)
		! grep -q 'page_kb.source' "$work/out" && ! grep -q '^Pages:' "$work/text" &&
			grep -qx 'e1.page_kb=4' "$work/out" || why="$why [$cut]: a page size note"
		;;
	esac
	[ "$rc" -eq 0 ] || why="$why [$cut]: exit $rc"
done
if [ -z "$why" ]; then
	ok "memcg OOM: page size from the kill line, or from memory.stat"
else
	not_ok "memcg OOM: page size from the kill line, or from memory.stat" "$why"
fi
# every published or captured report tells its page size
why=
for fx in "$here"/fixtures/*.txt; do
	"$plain" --facts "$fx" 2>/dev/null | grep -q '\.page_kb\.source=assumed$' &&
		why="$why $(basename "$fx")"
done
if [ -z "$why" ]; then
	ok "every fixture tells its page size"
else
	not_ok "every fixture tells its page size" "assumed in:$why"
fi

# the highatomic reserve by the report's era: none before 4.4, the whole
# reserve (nr_reserved_highatomic) from 4.4 to 6.11, its free pages
# (nr_free_highatomic, not printed) from 6.12; an atomic request, and
# from 6.3 a __GFP_HIGH one, may use it.  The arm64 6.9 report (a reserve
# of 37888 pages in Normal) and the Rocky 8 one (free H blocks, at least a
# pageblock reserved) with their version lines, or GFP masks, changed.
fx="$here/fixtures/seed-004-arm64-6.9-kswapd.txt"
rocky="$here/fixtures/numa-4.18-rocky8-nodemask.txt"
fx510="$here/fixtures/allocfail-5.10-lkml-wrapped-zones.txt"
while read -r name file script want; do
	case $file in
	fx) src=$fx ;;
	rocky) src=$rocky ;;
	*) src=$fx510 ;;
	esac
	sed -e "$script" "$src" >"$work/ha.txt"
	run "$work/out" "$work/err" "$bin" --facts "$work/ha.txt"
	bad=
	for w in $want; do
		case $w in
		!*) ! grep -qx "${w#!}" "$work/out" || bad="$bad $w" ;;
		*) grep -qx "$w" "$work/out" || bad="$bad $w" ;;
		esac
	done
	if [ "$rc" -eq 0 ] && [ -z "$bad" ]; then
		ok "highatomic by era: $name"
	else
		not_ok "highatomic by era: $name" "exit $rc, wrong:$bad"
	fi
done <<'HA'
6.9 fx s/^//        e1.highatomic_rule=reserved_highatomic e1.zone.Normal.highatomic=37888 e1.zone.Normal.effective=21821 !e1.highatomic_exempt=1
4.3 fx s/6\.9\.8-orbstack/4.3.0-orbstack/ e1.highatomic_rule=none e1.zone.Normal.highatomic=0 e1.zone.Normal.effective=59709
6.12 fx s/6\.9\.8-orbstack/6.12.1-orbstack/ e1.highatomic_rule=free_highatomic e1.zone.Normal.highatomic=0 e1.zone.Normal.highatomic_max=37888 e1.zone.Normal.below_min=0
6.9-gfp-high fx s/gfp_mask=0xcc0(GFP_KERNEL)/gfp_mask=0xce0(GFP_KERNEL|__GFP_HIGH)/ e1.highatomic_exempt=1 e1.zone.Normal.highatomic=0 e1.zone.Normal.effective=59709
5.10-gfp-high fx510 s/mode:0x40dc0(GFP_KERNEL|/mode:0x40de0(GFP_KERNEL|__GFP_HIGH|/ e1.highatomic_rule=reserved_highatomic !e1.highatomic_exempt=1 e1.zone.Normal.highatomic=512
rocky8-4.18 rocky s/^// e1.zone.Normal@3.highatomic=512 e1.zone.Normal@3.below_min=1 e1.verdict=below_min
rocky8-as-4.3 rocky s/4\.18\.0-477/4.3.0-477/ e1.highatomic_rule=none e1.zone.Normal@3.highatomic=0 e1.zone.Normal@3.below_min=0 !e1.verdict=below_min
HA
sed -e 's/6\.9\.8-orbstack/6.12.1-orbstack/' "$fx" >"$work/ha.txt"
run "$work/out" "$work/err" "$bin" "$work/ha.txt"
if [ "$rc" -eq 0 ] && grep -q 'highatomic (rule free_highatomic): ' "$work/out" &&
   grep -q '(nr_free_highatomic, 6.12 on), which the report does not print: unknown' "$work/out" &&
   grep -q 'Normal: 0 to 37888 pages of the reserve free$' "$work/out" &&
   grep -q ' - 0 to 37888 highatomic = 59709 to 21821 > 21159 min + 0 lowmem_reserve (by at least 662)$' "$work/out"; then
	ok "highatomic 6.12: the reserve's free pages are unknown"
else
	not_ok "highatomic 6.12: the reserve's free pages are unknown" "exit $rc"
fi
sed -e '/CPU: [0-9]* PID: /d' "$here/fixtures/x86_64-6.1-dmesg.txt" >"$work/ha.txt"
run "$work/out" "$work/err" "$bin" "$work/ha.txt"
run "$work/out2" "$work/err" "$bin" --facts "$work/ha.txt"
if [ "$rc" -eq 0 ] && grep -q 'the kernel version is unknown: the 4.4 to 6.11 rule is assumed' "$work/out" &&
   grep -qx 'e1.highatomic_rule_assumed=1' "$work/out2"; then
	ok "highatomic rule assumed without a version line"
else
	not_ok "highatomic rule assumed without a version line" "exit $rc"
fi
# the rule in JSON, one fixture of each era
while read -r fx want; do
	run "$work/out" "$work/err" "$bin" --json "$here/fixtures/$fx"
	if [ "$rc" -eq 0 ] && head -n 1 "$work/out" | grep -qF "\"highatomic_rule\":$want"; then
		ok "highatomic rule in JSON: $fx"
	else
		not_ok "highatomic rule in JSON: $fx" "exit $rc, expected $want"
	fi
done <<'HAJ'
era-2.6.32-rhel6-two-nodes.txt {"rule":"none","assumed":false,"request_may_use":false}
allocfail-2.6.31-linux-mm-order5.txt {"rule":"none","assumed":false,"request_may_use":true}
ubuntu-4.4-syslog-fragmentation.txt {"rule":"reserved_highatomic","assumed":false,"request_may_use":false}
x86_64-6.1-dmesg.txt {"rule":"reserved_highatomic","assumed":false,"request_may_use":false}
guest-x86_64-6.12-256M.txt {"rule":"free_highatomic","assumed":false,"request_may_use":false}
stall-4.10-linux-mm-then-oom.txt {"rule":"reserved_highatomic","assumed":true,"request_may_use":false}
HAJ

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

# -F FILE: each event is explained once it is complete, while the file
# is still growing; the second event is appended only after the first
# explanation has appeared
fx="$here/fixtures/era-2.6.26-linux-mm-oomkilladj.txt"
split=$(grep -n 'invoked oom-killer' "$fx" | sed -n '2s/:.*//p')
: >"$work/grow.log"
"$bin" --facts -F "$work/grow.log" >"$work/follow.out" 2>"$work/follow.err" &
fpid=$!
head -n $((split - 1)) "$fx" >>"$work/grow.log"
wait_for() {
	# wait_for PATTERN FILE: up to 10 s
	t=0
	while ! grep -q "$1" "$2" && [ "$t" -lt 100 ]; do
		sleep 0.1
		t=$((t + 1))
	done
	grep -q "$1" "$2"
}
# follow_stop: end the follower $fpid as a user would (SIGINT); its exit
# status in $frc
follow_stop() {
	kill -INT "$fpid" 2>/dev/null || true
	frc=0
	wait "$fpid" || frc=$?
}
first=0
wait_for '^e1.victim.pid=8405$' "$work/follow.out" && first=1
second_early=0
grep -q '^e2\.' "$work/follow.out" && second_early=1
tail -n +"$split" "$fx" >>"$work/grow.log"
second=0
wait_for '^e2.victim.pid=4808$' "$work/follow.out" && second=1
follow_stop
if [ "$first" = 1 ] && [ "$second_early" = 0 ] && [ "$second" = 1 ] && [ "$frc" = 0 ] &&
   sanitizer_clean "$work/follow.err"; then
	ok "-F explains each event as the file grows"
else
	not_ok "-F explains each event as the file grows" "first=$first second=$second exit=$frc $(head -n 1 "$work/follow.err")"
fi

# -F FILE: a report that comes in two bursts, 2.5 s apart, the first
# cut before its kill line, is one event with its victim: an event whose
# end has not been seen waits for the rest (OPEN_IDLE_MS), where quiet of
# a second ends one whose end has been seen
fx="$here/fixtures/x86_64-6.1-dmesg.txt"
cut=$(grep -n 'Mem-Info:' "$fx" | head -n 1 | cut -d: -f1)
: >"$work/burst.log"
"$bin" --facts -F "$work/burst.log" >"$work/burst.out" 2>"$work/burst.err" &
fpid=$!
head -n "$cut" "$fx" >>"$work/burst.log"
sleep 2.5
early=0
grep -q '^e1\.' "$work/burst.out" && early=1
tail -n +"$((cut + 1))" "$fx" >>"$work/burst.log"
whole=0
wait_for '^e1.victim.pid=93$' "$work/burst.out" && whole=1
follow_stop
if [ "$early" = 0 ] && [ "$whole" = 1 ] && [ "$(grep -c '^e1.kind=' "$work/burst.out")" = 1 ] &&
   ! grep -q '^e2\.' "$work/burst.out" && [ "$frc" = 0 ] && sanitizer_clean "$work/burst.err"; then
	ok "-F keeps a report that comes in two bursts as one event, with its victim"
else
	not_ok "-F keeps a report that comes in two bursts as one event, with its victim" "shown early=$early whole=$whole exit=$frc $(head -n 1 "$work/burst.err")"
fi

# -F FILE truncated under a half-written line: the line stays a line of
# its own, not the start of the new content's first line (whose stamp
# would then be the cut line's)
printf '[    9.999999] zz' >"$work/trunc.log"
"$bin" --facts -F "$work/trunc.log" >"$work/trunc.out" 2>"$work/trunc.err" &
fpid=$!
sleep 1
tail -n +"$(grep -n 'invoked oom-killer' "$fx" | head -n 1 | cut -d: -f1)" "$fx" >"$work/trunc.new"
: >"$work/trunc.log"
sleep 0.6
cat "$work/trunc.new" >>"$work/trunc.log"
got=0
wait_for '^e1.victim.pid=93$' "$work/trunc.out" && got=1
follow_stop
if [ "$got" = 1 ] && grep -qx 'e1.stamp_secs=10.016489' "$work/trunc.out" && [ "$frc" = 0 ] &&
   sanitizer_clean "$work/trunc.err"; then
	ok "-F on a file truncated under a half-written line starts the new content on a line of its own"
else
	not_ok "-F on a file truncated under a half-written line starts the new content on a line of its own" "got=$got $(grep '^e1.stamp_secs' "$work/trunc.out") exit=$frc"
fi

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

# Nothing a terminal or a browser acts on passes from the log to any
# output: each class (bytes as printf writes them) as a task name, in the
# header, in a line the parser skips and in the kill line, must come out
# escaped as the text shows it and as JSON writes it (\ufffd: U+FFFD), in the text, the
# facts, --skipped, JSON and HTML, and no output may hold it raw.
noraw() {
	command -v python3 >/dev/null 2>&1 || return 0
	python3 "$here/no-raw-controls.py" "$@"
}
while read -r class bytes shown json; do
	[ -n "$class" ] || continue
	x=$(printf '%b' "$bytes")
	# JSON holds a byte that is not UTF-8 as U+FFFD itself
	json=$(printf '%s' "$json" | sed "s/\\\\ufffd/$(printf '\357\277\275')/g")
	{
		printf 'a%sb invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n' "$x"
		printf 'junk a%sb\n' "$x"
		printf 'Out of memory: Killed process 9 (a%sb) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' "$x"
	} >"$work/ctl.txt"
	why=
	run "$work/ctl.text" "$work/ctl.skipped" "$bin" --skipped "$work/ctl.txt"
	if [ "$rc" -ne 0 ] || ! sanitizer_clean "$work/ctl.skipped"; then
		why="text: exit $rc"
	elif ! grep -qF "Trigger:    a${shown}b (pid" "$work/ctl.text" ||
	     ! grep -qF "Victim:     a${shown}b (pid 9)" "$work/ctl.text"; then
		why="text: no a${shown}b"
	elif ! grep -qxF "oom-explain: event 1: skipped: junk a${shown}b" "$work/ctl.skipped"; then
		why="--skipped: no a${shown}b"
	fi
	run "$work/ctl.facts" "$work/err" "$bin" --facts "$work/ctl.txt"
	if [ -z "$why" ] && { ! grep -qxF "e1.trigger.comm=a${shown}b" "$work/ctl.facts" ||
	     ! grep -qxF "e1.victim.comm=a${shown}b" "$work/ctl.facts"; }; then
		why="facts: no a${shown}b"
	fi
	run "$work/ctl.json" "$work/err" "$bin" --json "$work/ctl.txt"
	jrc=0
	json_valid "$work/ctl.json" 1 || jrc=$?
	if [ -z "$why" ] && { [ "$jrc" -eq 1 ] ||
	     [ "$(grep -oF "\"comm\":\"a${json}b\"" "$work/ctl.json" | wc -l)" -ne 2 ]; }; then
		why="json: invalid, or comm is not \"a${json}b\" twice"
	fi
	run "$work/ctl.out" "$work/err" "$bin" --html "$work/ctl.html" "$work/ctl.txt"
	if [ -z "$why" ] && [ "$(grep -oF "a${shown}b" "$work/ctl.html" | wc -l)" -lt 3 ]; then
		why="html: a${shown}b not shown as trigger, victim and task"
	fi
	if [ -z "$why" ] && ! noraw "$work/ctl.text" "$work/ctl.skipped" "$work/ctl.facts" \
		"$work/ctl.json" "$work/ctl.html" >"$work/noraw" 2>&1; then
		why="raw: $(head -n 1 "$work/noraw")"
	fi
	if [ -z "$why" ]; then
		ok "no raw control in any output: $class"
	else
		not_ok "no raw control in any output: $class" "$why"
	fi
done <<'CLASSES'
c0-esc          \0033               \x1b            \u001b
c0-bel          \0007               \x07            \u0007
c0-tab          \0011               \x09            \t
c0-cr           \0015               \x0d            \r
del             \0177               \x7f            \u007f
c1-byte-csi     \0233               \x9b            \ufffd
c1-byte-osc     \0235               \x9d            \ufffd
c1-byte-st      \0234               \x9c            \ufffd
c1-utf8-csi     \0302\0233          \u009b          \u009b
c1-utf8-osc     \0302\0235          \u009d          \u009d
c1-utf8-st      \0302\0234          \u009c          \u009c
c1-utf8-nel     \0302\0205          \u0085          \u0085
bidi-lre        \0342\0200\0252     \u202a          \u202a
bidi-pdf        \0342\0200\0254     \u202c          \u202c
bidi-rlo        \0342\0200\0256     \u202e          \u202e
bidi-lri        \0342\0201\0246     \u2066          \u2066
bidi-pdi        \0342\0201\0251     \u2069          \u2069
bidi-lrm        \0342\0200\0216     \u200e          \u200e
bidi-rlm        \0342\0200\0217     \u200f          \u200f
bidi-alm        \0330\0234          \u061c          \u061c
bom             \0357\0273\0277     \ufeff          \ufeff
utf8-invalid    \0377               \xff            \ufffd
utf8-cut        \0342\0200          \xe2\x80        \ufffd\ufffd
utf8-overlong   \0300\0257          \xc0\xaf        \ufffd\ufffd
utf8-surrogate  \0355\0240\0200     \xed\xa0\x80    \ufffd\ufffd\ufffd
CLASSES
# printable UTF-8 stays as it is (the same check, a class that passes)
printf 'a\303\251b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nOut of memory: Killed process 9 (a\342\206\222b) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' >"$work/ctl.txt"
run "$work/ctl.text" "$work/err" "$bin" "$work/ctl.txt"
run "$work/ctl.json" "$work/err2" "$bin" --json "$work/ctl.txt"
if [ "$rc" -eq 0 ] && grep -qF "$(printf 'a\303\251b')" "$work/ctl.text" &&
   grep -qF "$(printf '"comm":"a\342\206\222b"')" "$work/ctl.json"; then
	ok "printable UTF-8 is shown as it is"
else
	not_ok "printable UTF-8 is shown as it is" "exit $rc"
fi

# JSON: the event's time as printed, its seconds, schema and tool versions
run "$work/out" "$work/err" "$bin" --json "$here/fixtures/x86_64-6.1-dmesg.txt"
if [ "$rc" -eq 0 ] && grep -q '"schema_version":3,"tool_version":"'"$want_ver"'"' "$work/out" &&
   grep -q '"timestamp":{"as_printed":"\[' "$work/out" && grep -q '"seconds":[0-9]' "$work/out"; then
	ok "JSON carries the time, schema and tool versions"
else
	not_ok "JSON carries the time, schema and tool versions" "exit $rc"
fi

# JSON: the architecture a call trace names, by its entry frames; null
# where no frame is one architecture's alone (Rocky 8's x86_64 trace runs
# through page_fault, which i386 has too)
bad_arch=''
for want in arm64-6.6-linux-cifs-cma-order2:arm64:el0_svc_common seed-000-arm-4.0-highmem:arm:ret_fast_syscall \
	x86_64-6.1-dmesg:x86_64:do_syscall_64 ubuntu-4.4-syslog-fragmentation:x86_64:entry_SYSCALL_64_fastpath \
	numa-4.18-rocky8-nodemask:: mips64-3.17-linux-mips-16k-pages::; do
	f=${want%%:*} arch_frame=${want#*:}
	run "$work/out" "$work/err" "$bin" --json "$here/fixtures/$f.txt"
	got=$(sed -n 's/.*"trace_arch":{"arch":"\([^"]*\)","frame":"\([^"]*\)"}.*/\1:\2/p; s/.*"trace_arch":null.*/:/p' "$work/out")
	[ "$rc" -eq 0 ] && [ "$got" = "$arch_frame" ] || bad_arch="$bad_arch $f: '$got', want '$arch_frame';"
done
if [ -z "$bad_arch" ]; then
	ok "JSON names the architecture of the call trace's entry frames"
else
	not_ok "JSON names the architecture of the call trace's entry frames" "$bad_arch"
fi

# A zone whose blocks of the order are all CMA: the verdict says so
run "$work/out" "$work/err" "$bin" "$here/fixtures/arm64-6.6-linux-cifs-cma-order2.txt"
if [ "$rc" -eq 0 ] && grep -q '^      DMA: no free block of order 2 to 10 it may take: those there are all CMA (C), the largest order 10 (4096 kB), 21557 pages above min$' "$work/out"; then
	ok "fragmentation names the migrate type of the blocks a request may not take"
else
	not_ok "fragmentation names the migrate type of the blocks a request may not take" "exit $rc: $(grep 'DMA: ' "$work/out" | head -n 1)"
fi

# JSON strings are UTF-8: valid sequences as they are, other bytes U+FFFD
printf 'caf\303\251 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nOut of memory: Killed process 9 (a\377b) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' >"$work/utf8.txt"
run "$work/out" "$work/err" "$bin" --json "$work/utf8.txt"
if [ "$rc" -eq 0 ] && grep -q "\"comm\":\"caf$(printf '\303\251')\"" "$work/out" &&
   grep -q "\"comm\":\"a$(printf '\357\277\275')b\"" "$work/out" && "$pyjs" "$here/validate-json.py" "$schema" "$work/out" 1 >/dev/null 2>&1; then
	ok "JSON keeps UTF-8 and replaces other bytes"
else
	not_ok "JSON keeps UTF-8 and replaces other bytes" "exit $rc"
fi

# validate-json.py takes a JSON line as one line, also when a string in
# it holds U+0085 or U+2028 raw (valid JSON, which splitlines() breaks)
run "$work/out" "$work/err" "$bin" --json "$here/fixtures/x86_64-6.1-dmesg.txt"
sed "s/\"comm\":\"insmod\"/\"comm\":\"ins$(printf '\302\205')mod$(printf '\342\200\250')\"/" "$work/out" >"$work/nel.json"
src=0
"$pyjs" "$here/validate-json.py" "$schema" "$work/nel.json" 1 >"$work/schema.err" 2>&1 || src=$?
if [ "$src" -eq 2 ]; then
	ok "validate-json.py splits on newlines only # SKIP python3-jsonschema not installed"
elif [ "$src" -eq 0 ] && grep -q "$(printf '\342\200\250')" "$work/nel.json"; then
	ok "validate-json.py splits on newlines only"
else
	not_ok "validate-json.py splits on newlines only" "$(head -n 1 "$work/schema.err")"
fi

# --html: every text from the log is escaped, markup and quotes included
printf 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nOut of memory: Killed process 9 (<i>a&b"c'"'"'d\033) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' >"$work/markup.txt"
run "$work/out" "$work/err" "$bin" --html "$work/markup.html" "$work/markup.txt"
if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" &&
   grep -qF '&lt;i&gt;a&amp;b&quot;c&#39;d\x1b' "$work/markup.html" &&
   ! grep -q '<i>' "$work/markup.html" && ! grep -q "$(printf '\033')" "$work/markup.html"; then
	ok "html escapes the log's text"
else
	not_ok "html escapes the log's text" "exit $rc, or raw markup or control bytes in the page"
fi
# the page is written besides the usual output, which it does not change
fx="$here/fixtures/seed-000-arm-4.0-highmem.txt"
"$bin" "$fx" >"$work/plain" 2>/dev/null || true
run "$work/out" "$work/err" "$bin" --html "$work/p.html" "$fx"
if [ "$rc" -eq 0 ] && cmp -s "$work/plain" "$work/out" && grep -q '<section class="event" id="e1"' "$work/p.html"; then
	ok "html page besides the text"
else
	not_ok "html page besides the text" "exit $rc or the text changed"
fi
run "$work/out" "$work/err" "$bin" --html - "$fx"
if [ "$rc" -eq 0 ] && head -n 1 "$work/out" | grep -qx '<!DOCTYPE html>' && ! grep -q '^== ' "$work/out" &&
   tail -n 1 "$work/out" | grep -qx '</html>'; then
	ok "html - writes the page alone to stdout"
else
	not_ok "html - writes the page alone to stdout" "exit $rc"
fi
run "$work/out" "$work/err" "$bin" --html "$work/none.html" "$work/none.txt"
if [ "$rc" -eq 1 ] && grep -q 'class="none"' "$work/none.html" && grep -qx '</html>' "$work/none.html"; then
	ok "html without an event says so, exit 1"
else
	not_ok "html without an event says so, exit 1" "exit $rc"
fi
while read -r name want args; do
	# shellcheck disable=SC2086 # the arguments are words
	run "$work/out" "$work/err" "$bin" $args
	if [ "$rc" -eq 2 ] && grep -q "$want" "$work/err"; then
		ok "html refused: $name"
	else
		not_ok "html refused: $name" "exit $rc: $(head -n 1 "$work/err")"
	fi
done <<EOF_ARGS
with-follow does.not.go.with.--follow --html $work/f.html -F $work/none.txt
stdout-with-json does.not.go.with.--json --html - --json $fx
unwritable-path $work/no-dir/p.html --html $work/no-dir/p.html $fx
with-decode-gfp does.not.go.with.--decode-gfp --html $work/g.html --decode-gfp 0xcc0
EOF_ARGS

# the task table's caption: the kernel's adj * (totalpages / 1000), the
# division first, as the page's own points are computed (oom-hog, adj
# 1000, 12854 pages of rss and page tables: 12854 + 1000 * 52 = 64854;
# 1000 * 52688 / 1000 would make it 65542)
run "$work/out" "$work/err" "$bin" --html "$work/caption.html" "$here/fixtures/x86_64-6.1-dmesg.txt"
if [ "$rc" -eq 0 ] && grep -qF '+ oom_score_adj &times; &lfloor;totalpages / 1000&rfloor;; totalpages 52688, so oom_score_adj &times; 52)</caption>' "$work/caption.html" &&
   grep -qF 'data-pid="93" data-points="64854"' "$work/caption.html"; then
	ok "html caption gives the kernel's adj * (totalpages / 1000)"
else
	not_ok "html caption gives the kernel's adj * (totalpages / 1000)" "exit $rc: $(grep -o '<caption>.*</caption>' "$work/caption.html")"
fi

# The page's <title> names the kernels of its events (and how many of
# each kind), the source as the input is named, all escaped
while IFS='|' read -r name want; do
	run "$work/out" "$work/err" "$bin" --html "$work/title.html" "$here/fixtures/$name.txt"
	got=$(grep -m 1 -o '<title>[^<]*</title>' "$work/title.html")
	if [ "$got" = "<title>$want</title>" ]; then
		ok "html title: $name"
	else
		not_ok "html title: $name" "got '$got'"
	fi
done <<'TITLES'
x86_64-6.1-dmesg|OOM report: x86_64-6.1-dmesg.txt, Linux 6.1.0-57-amd64
x86_64-6.1-dmesg-T-two-events|2 OOM reports: x86_64-6.1-dmesg-T-two-events.txt, Linux 6.1.0-57-amd64
guest-arm-6.12-1G|2 OOM reports, 1 page allocation failure: guest-arm-6.12-1G.txt, Linux 6.12.95+deb12-armmp
TITLES
printf 'x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\nCPU: 0 PID: 9 Comm: x Not tainted 6.1.0-<i>&"x'"'"'\033[2J #1 Debian\nOut of memory: Killed process 9 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB\n' >"$work/kver.txt"
run "$work/out" "$work/err" "$bin" --html "$work/title.html" "$work/kver.txt"
if [ "$rc" -eq 0 ] && grep -qxF '<title>OOM report: kver.txt, Linux 6.1.0-&lt;i&gt;&amp;&quot;x&#39;\x1b[2J</title>' "$work/title.html"; then
	ok "html title escapes the kernel"
else
	not_ok "html title escapes the kernel" "exit $rc: $(grep -m 1 '<title>' "$work/title.html")"
fi
if [ -x "$htmlpage" ]; then
	while IFS='|' read -r src want; do
		run "$work/title.html" "$work/err" "$htmlpage" "$src" "$here/fixtures/x86_64-6.1-dmesg.txt"
		got=$(grep -m 1 -o '<title>[^<]*</title>' "$work/title.html")
		if [ "$rc" -eq 0 ] && sanitizer_clean "$work/err" && [ "$got" = "<title>$want</title>" ]; then
			ok "html title names the source: $src"
		else
			not_ok "html title names the source: $src" "exit $rc, got '$got'"
		fi
	done <<'SOURCES'
/var/log/syslog.txt|OOM report: syslog.txt, Linux 6.1.0-57-amd64
-|OOM report: standard input, Linux 6.1.0-57-amd64
logs/a<b>&"c'd.log|OOM report: a&lt;b&gt;&amp;&quot;c&#39;d.log, Linux 6.1.0-57-amd64
SOURCES
else
	ok "html title names the source # SKIP no $htmlpage (make check builds it)"
fi

# The lab8 answer on the page, not only in the text: on armhf 6.1 a
# one-page GFP_KERNEL request fails with 64114 HighMem pages free (the
# report lists no HighMem zone; the global free count has them) against
# 837 in DMA, all the request may use
fx="$here/fixtures/armhf-6.1-vexpress-highmem.txt"
text_and_html "$fx" "$work/lab8.html"
if [ "$rc" -eq 0 ] && grep -qF '* free_in_unusable_zones: 64114 free pages are in zones the request cannot use' "$work/text" &&
   grep -qF '<li data-verdict="free_in_unusable_zones">free_in_unusable_zones: <span class="answer">64114 free pages (256456 kB) are in zones this request cannot use (64114 in zones above Normal that the report does not list' "$work/lab8.html" &&
   grep -qF 'the zones up to Normal, all it may use, have 837.</span></li>' "$work/lab8.html" &&
   grep -qF '<div class="unusable-free" id="e1-unusable-free" data-usable="837" data-unusable="64114">' "$work/lab8.html" &&
   grep -qF 'data-bar="unusable" data-value="64114"' "$work/lab8.html"; then
	ok "html says and draws the free pages the request could not use (armhf HighMem)"
else
	not_ok "html says and draws the free pages the request could not use (armhf HighMem)" "exit $rc: $(grep -o '<li data-verdict="free_in[^<]*' "$work/lab8.html")"
fi

# --html onto its own input is refused before the page is opened for
# writing: the same file by name, through a symbolic link, and as a hard
# link of standard input; the log is left as it was
cp "$fx" "$work/self.log"
ln -s "$work/self.log" "$work/self-link.html"
ln "$work/self.log" "$work/self-hard.html"
for how in name link stdin; do
	# shellcheck disable=SC2016 # the inner shell expands them
	case $how in
	name) run "$work/out" "$work/err" "$bin" --html "$work/self.log" "$work/self.log" ;;
	link) run "$work/out" "$work/err" "$bin" --html "$work/self-link.html" "$work/self.log" ;;
	stdin) run "$work/out" "$work/err" sh -c '"$1" --html "$2" <"$3"' sh "$bin" "$work/self-hard.html" "$work/self.log" ;;
	esac
	if [ "$rc" -eq 2 ] && grep -q 'is the input file' "$work/err" && cmp -s "$fx" "$work/self.log"; then
		ok "html refused onto its own input ($how)"
	else
		not_ok "html refused onto its own input ($how)" "exit $rc, or the log changed"
	fi
done

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

# --html in a real browser: chromium loads the page of real reports, the
# DOM it built has every zone with its bars and the victim marked; a
# screenshot of each page is kept
shots="$top/build/test/html"
mkdir -p "$shots"
browser=
for b in chromium chromium-browser; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
# in_browser NAME PAGE PNG CHECKER ARGS...: one test: chromium loads
# PAGE, keeps a screenshot in PNG, and CHECKER reads the DOM it built
# (CHECKER DOM ARGS...)
in_browser() {
	bname=$1
	bpage=$2
	bpng=$3
	bcheck=$4
	shift 4
	brc=0
	timeout 60 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$work/chromium" --window-size=1000,1600 \
		--screenshot="$bpng" --dump-dom "file://$bpage" \
		>"$work/dom" 2>"$work/browser.err" </dev/null || brc=$?
	if [ "$brc" -ne 0 ]; then
		not_ok "$bname" "$browser exit $brc: $(grep -v dbus "$work/browser.err" | tail -n 1)"
	elif ! python3 "$bcheck" "$work/dom" "$@" >"$work/check" 2>&1; then
		not_ok "$bname" "$(head -n 3 "$work/check" | tr '\n' ';')"
	elif [ "$(head -c 8 "$bpng" 2>/dev/null | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
		not_ok "$bname" "no PNG screenshot at $bpng"
	else
		ok "$bname"
		echo "# screenshot: $bpng"
	fi
}
while read -r name flags; do
	fx="$here/fixtures/$name.txt"
	page="$shots/$name.html"
	png="$shots/$name.png"
	if [ -z "$browser" ]; then
		ok "html in chromium $name # SKIP chromium not installed (scripts/setup-host.sh installs it)"
		continue
	fi
	rm -f "$png"
	run "$work/facts" "$work/err" "$bin" --facts "$fx"
	run "$work/out" "$work/err" "$bin" --html "$page" "$fx"
	if [ "$rc" -ne 0 ] || ! sanitizer_clean "$work/err"; then
		not_ok "html in chromium $name" "oom-explain --html: exit $rc"
		continue
	fi
	in_browser "html in chromium $name" "$page" "$png" "$here/check-html-dom.py" \
		"$work/facts" ${flags:+"$flags"}
done <<'PAGES'
seed-000-arm-4.0-highmem --victim-row
numa-4.18-rocky8-nodemask --victim-row
era-2.6.32-rhel6-two-nodes
guest-x86_64-6.1-256M --victim-row
allocfail-2.6.31-linux-mm-order5
guest-arm-6.1-1G --victim-row
armhf-6.1-vexpress-highmem --victim-row
stall-4.9-linux-mm-syslog
stall-4.10-linux-mm-then-oom
memcg-3.10-linux-mm-trace-only
allocfail-5.10-lkml-wrapped-zones
arm64-5.4-blog-64k-pages
mips64-3.17-linux-mips-16k-pages
PAGES
# the summary page of all fixtures: what chromium built counts what
# --summary --json counts
page="$shots/summary.html"
png="$shots/summary.png"
rm -f "$png"
if [ -z "$browser" ]; then
	ok "summary page in chromium # SKIP chromium not installed (scripts/setup-host.sh installs it)"
else
	run "$work/sum.json" "$work/err" "$bin" --summary --json "$here"/fixtures/*.txt
	run "$work/out" "$work/err2" "$bin" --summary --html "$page" "$here"/fixtures/*.txt
	if [ "$rc" -ne 0 ] || ! sanitizer_clean "$work/err2"; then
		not_ok "summary page in chromium" "oom-explain --summary --html: exit $rc"
	else
		in_browser "summary page in chromium" "$page" "$png" "$here/check-summary-dom.py" "$work/sum.json"
	fi
	# and the checker sees a bar that counts wrong
	sed -e 's/class="vbar" data-verdict="below_min" data-count="\([0-9]*\)"/class="vbar" data-verdict="below_min" data-count="1\1"/' \
		"$work/dom" >"$work/wrong.html"
	if ! cmp -s "$work/dom" "$work/wrong.html" &&
	   ! python3 "$here/check-summary-dom.py" "$work/wrong.html" "$work/sum.json" >/dev/null 2>&1; then
		ok "summary page check finds a wrong bar"
	else
		not_ok "summary page check finds a wrong bar" "check-summary-dom.py passed a page with a wrong count"
	fi
	# a date timeline that lost a mark, and no word on the events without
	# a date
	while read -r what script; do
		what=$(printf '%s' "$what" | tr - ' ')
		sed -e "$script" "$work/dom" >"$work/wrong.html"
		if ! cmp -s "$work/dom" "$work/wrong.html" &&
		   ! python3 "$here/check-summary-dom.py" "$work/wrong.html" "$work/sum.json" >/dev/null 2>&1; then
			ok "summary page check finds $what"
		else
			not_ok "summary page check finds $what" "check-summary-dom.py passed it, or the page did not change"
		fi
	done <<'FORGED'
a-date-timeline-short-of-a-mark 0,/class="dt-mark"/s/class="dt-mark"/class="x"/
unordered-events-not-said s/class="not-ordered"/class="x"/
FORGED
fi
if [ -n "$browser" ]; then
	# the checker itself must see a page that marks no victim
	sed -e 's/class="task victim/class="task/' "$shots/numa-4.18-rocky8-nodemask.html" >"$work/unmarked.html"
	"$bin" --facts "$here/fixtures/numa-4.18-rocky8-nodemask.txt" >"$work/facts" 2>/dev/null || true
	if python3 "$here/check-html-dom.py" "$work/unmarked.html" "$work/facts" --victim-row >/dev/null 2>&1; then
		not_ok "html check finds an unmarked victim" "check-html-dom.py passed a page without the victim marked"
	else
		ok "html check finds an unmarked victim"
	fi
	# and a badge that says "below min" of a zone above min, a caption
	# that multiplies first, a row whose points do not follow the caption
	"$bin" --facts "$here/fixtures/guest-x86_64-6.1-256M.txt" >"$work/facts" 2>/dev/null || true
	while read -r what script; do
		what=$(printf '%s' "$what" | tr - ' ')
		sed -e "$script" "$shots/guest-x86_64-6.1-256M.html" >"$work/forged.html"
		if cmp -s "$work/forged.html" "$shots/guest-x86_64-6.1-256M.html"; then
			not_ok "html check finds $what" "the page did not change"
		elif python3 "$here/check-html-dom.py" "$work/forged.html" "$work/facts" --victim-row >/dev/null 2>&1; then
			not_ok "html check finds $what" "check-html-dom.py passed it"
		else
			ok "html check finds $what"
		fi
	done <<'FORGED'
a-reserve-refusal-called-below-min s/short of min + reserve by 2</below min by 1</
a-caption-that-multiplies-first s/&lfloor;totalpages \/ 1000&rfloor;; totalpages 52691, so oom_score_adj &times; 52)/totalpages \/ 1000; totalpages 52691)/
points-not-following-the-caption s/<td>1000<\/td><td>64770<\/td>/<td>1000<\/td><td>65461<\/td>/
FORGED
	"$bin" --facts "$here/fixtures/armhf-6.1-vexpress-highmem.txt" >"$work/facts" 2>/dev/null || true
	sed -e 's/<span class="answer">[^<]*<\/span>//' "$shots/armhf-6.1-vexpress-highmem.html" >"$work/forged.html"
	if cmp -s "$work/forged.html" "$shots/armhf-6.1-vexpress-highmem.html" ||
	   python3 "$here/check-html-dom.py" "$work/forged.html" "$work/facts" --victim-row >/dev/null 2>&1; then
		not_ok "html check finds a page without the unusable free pages said" "check-html-dom.py passed it, or the page did not change"
	else
		ok "html check finds a page without the unusable free pages said"
	fi
fi

mkdir -p "$top/build"
echo "$n" >"$top/build/test-count"
[ "$failed" -eq 0 ]
