# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/gfp-zones.sh, sourced by tests/run-tests.sh: GFP masks of every era, the zone table's labels, versions and eras told by a report's shape, and cut lines.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

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
