# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tests/cases/pagesize.sh, sourced by tests/run-tests.sh: the page size and where it comes from, and the highatomic rule of each era.
# shellcheck disable=SC2154 # the variables and helpers are run-tests.sh's

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
