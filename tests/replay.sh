#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/replay.sh: the tests of 'make replay' (scripts/replay.sh), in TAP
# version 13, ending with "N passed, N failed"; exit 0 when none failed.
#
# On the host, in seconds: the plan of each published report of a
# different shape (architecture, kernel row, memory, nodes, trigger,
# constraint), the refusals with their reason, the comparison of a report
# with itself (every row agrees) and with another (the rows that differ
# are named), the front door (make replay's statuses).
#
# With REPLAY_GUESTS=1, replayable reports are then replayed each in its
# own guest (6 to 50 s each under TCG) and every fact row must agree: one
# report of each shape (a global OOM on x86_64, memcg v2 and v1, a memcg
# v2 OOM of a page cache fault, a cpuset on two nodes, sysrq-f (ours and
# an Ubuntu 21.10 guest's), armhf with HighMem free, an order-5 allocation
# failure, an order-2 OOM on two nodes with a zone short for want of
# highatomic pages and the others without an order-2 block, in an 8G
# guest, an arm lowmem zone short once its free CMA is left out, with a
# CMA area placed there by cma=, an order-2 OOM on arm64 whose free
# blocks of that order are all CMA), and with REPLAY_GUESTS=all four more of
# shapes already covered (another HighMem one, a German-locale and a
# 2.6.26 report, make check-full runs them).  REPLAY_FIXTURES='a.txt b.txt:2' picks
# some (FILE:N for event N).  Use AOOM_CACHE for the kernels.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
fx=$top/tools/oom-explain/tests/fixtures
R=$top/scripts/replay.sh
out=${AOOM_BUILD:-$top/build}/tests/replay
mkdir -p "$out"
n=0 passed=0 failed=0

echo "TAP version 13"
ok() {
	n=$((n + 1)) passed=$((passed + 1))
	echo "ok $n $1"
}
not_ok() {
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n $1"
	echo "# $2"
}
# diag FILE: its last lines as TAP comments.
diag() { tail -n "${2:-15}" "$1" | sed 's/^/#   /'; }

# freed_late LOG: the comparison in LOG says a zone's free pages were freed
# after the request's last try and before the report was printed.
freed_late() { grep -q "^A zone of the replay could serve the request that failed there" "$1"; }

# plan_is NAME FIXTURE[:EVENT] JQ-TEST [STATUS [OPTION...]]: the --plan
# --json of event EVENT (1) of FIXTURE, with the what-if OPTIONs, passes
# JQ-TEST and exits STATUS (0).
plan_is() {
	local f=${2%:*} e=1
	[ "$f" = "$2" ] || e=${2##*:}
	local log=$out/plan-${f%.txt}-$e${5:+-${*:5}}.json
	log=${log// /}
	"$R" --plan --json --event "$e" "${@:5}" "$fx/$f" >"$log" 2>"$log.err"
	local rc=$?
	if [ "$rc" = "${4:-0}" ] && jq -e "$3" "$log" >/dev/null 2>&1; then
		ok "plan $2: $1"
	else
		not_ok "plan $2: $1" "status $rc; wanted $3; got: $(jq -c '{arch: .arch.arch, kver: .kver.row, memory, zones, trigger: .allocation.trigger, guest_command, refused}' "$log" 2>/dev/null)"
		diag "$log.err" 5
	fi
}

# refused NAME FIXTURE[:EVENT] PATTERN: the plan refuses, status 3, with a
# reason matching PATTERN.
refused() {
	local f=${2%:*} e=1
	[ "$f" = "$2" ] || e=${2##*:}
	local log=$out/refused-${f%.txt}-$e.txt
	"$R" --plan --event "$e" "$fx/$f" >"$log" 2>&1
	local rc=$?
	if [ "$rc" = 3 ] && sed -n '/^Not replayable:/,$p' "$log" | grep -q -- "$3"; then
		ok "plan $2 is refused: $1"
	else
		not_ok "plan $2 is refused: $1" "status $rc (want 3), reason matching '$3'"
		diag "$log" 8
	fi
}

if ! command -v jq >/dev/null; then
	not_ok "jq is installed (make replay needs it)" "apt-get install jq"
	echo "1..$n"
	echo "$passed passed, $failed failed"
	exit 1
fi

# --- the plans ------------------------------------------------------------
# Each fixture is real kernel output (tools/oom-explain/tests/fixtures/
# SOURCES.md); the plan asserted is what its report says.
plan_is "global, GFP_KERNEL, DMA32 below min: x86_64 6.1 (its own row), 256M, the module at order 0, a separate oom-hog victim at 1000" \
	x86_64-6.1-dmesg.txt \
	'.arch.arch == "x86_64" and .kver.row == "6.1" and (.kver.why | contains("is Debian'"'"'s 6.1"))
	 and .memory.mem == "256M" and .memory.numa == 1 and .zones.zone_map == {}
	 and .allocation.trigger == "module" and (.guest_command | contains("--params '"'"'order=0 gfp=kernel'"'"'"))
	 and (.guest_command | test("--victim [0-9]+M --victim-adj 1000 ")) and (.guest_command | test("--adj 0$"))'
plan_is "lowmem exhausted, HighMem unprinted but free: arm 6.1, 1G for HighMem, DMA as in the report, insmod itself the victim" \
	armhf-6.1-vexpress-highmem.txt \
	'.arch.arch == "arm" and .kver.row == "6.1" and .memory.mem == "1G"
	 and (.memory.why | contains("outside the zones it prints")) and .zones.zone_map == {}
	 and (.guest_command | contains("order=0 gfp=kernel")) and (.guest_command | contains("--victim") | not)'
plan_is "the same shape with a separate victim: arm 6.1, 1G, oom-hog at 1000" \
	guest-arm-6.1-1G.txt \
	'.arch.arch == "arm" and .kver.row == "6.1" and .memory.mem == "1G" and .zones.zone_map == {}
	 and (.guest_command | test("--victim [0-9]+M --victim-adj 1000 --trigger module"))'
plan_is "lab8 on 4.0 (Normal below min, HighMem free): arm 5.10 (nearest), 1G, Normal played by DMA" \
	seed-000-arm-4.0-highmem.txt \
	'.arch.arch == "arm" and .kver.row == "5.10" and .memory.mem == "1G" and (.arch.why | contains("call trace: ret_fast_syscall()"))
	 and .zones.zone_map == {"Normal": "DMA"} and (.kver.why | contains("not a Debian row"))
	 and (.guest_command | contains("order=0 gfp=kernel")) and (.guest_command | contains("--victim") | not)'
plan_is "cpuset on node 1 (DMA32) of 2, GFP_HIGHUSER: x86_64 6.1, 256M in 2 nodes, the module at gfp=highuser in cpuset.mems=1" \
	x86_64-6.1-cpuset-numa2.txt \
	'.arch.arch == "x86_64" and .kver.row == "6.1" and .memory.mem == "256M" and .memory.numa == 2
	 and .allocation.trigger == "module" and (.guest_command | contains("--cpuset 1 "))
	 and (.guest_command | contains("order=0 gfp=highuser")) and (.guest_command | test("--victim-adj 1000 "))
	 and (.run | contains("--numa 2"))'
plan_is "mempolicy on node 1 (DMA32) of 2, a user page: x86_64 6.1, 256M in 2 nodes, oom-hog faulting with --membind 1 at 1000" \
	x86_64-6.1-mempolicy-numa2.txt \
	'.replayable and .arch.arch == "x86_64" and .kver.row == "6.1" and .memory.mem == "256M" and .memory.numa == 2
	 and .guest_command == "aoom-replay --trigger fault --size 320M --membind 1 --adj 1000"
	 and (.run | contains("--numa 2"))'
plan_is "memcg v1 of 32M, GFP_KERNEL_ACCOUNT by insmod: a v1 group, the module charging it (account=1), oom-hog at 1000" \
	x86_64-6.1-memcg-v1.txt \
	'.kver.row == "6.1" and .memory.mem == "256M" and (.constraint.how | contains("cgroup v1"))
	 and (.guest_command | test("^aoom-replay --memcg1 32M --victim [0-9]+M --victim-adj 1000 --trigger module "))
	 and (.guest_command | contains("order=0 gfp=kernel account=1"))'
plan_is "memcg v2 of 16M, GFP_KERNEL by oom-hog itself: a v2 group, oom-hog faulting in it" \
	x86_64-6.1-memcg-v2.txt \
	'.replayable and .kver.row == "6.1" and .memory.mem == "256M" and (.constraint.how | contains("cgroup v2"))
	 and .guest_command == "aoom-replay --memcg2 16M --trigger fault --size 96M --adj 0"'
plan_is "memcg v2 of 30480M on Proxmox 5.15, a page cache fault (GFP_HIGHUSER_MOVABLE) by a task other than the victim: a v2 group of 1G, a 614M victim in it, oom-hog --file locking page cache" \
	memcg-5.15-proxmox-oomanalyser.txt \
	'.replayable and .arch.arch == "x86_64" and .kver.row == "5.10" and (.kver.why | contains("not a Debian row"))
	 and .memory.mem == "2G" and (.constraint.how | contains("cgroup v2")) and .allocation.trigger == "file"
	 and (.allocation.how | contains("GFP_HIGHUSER_MOVABLE"))
	 and .guest_command == "aoom-replay --memcg2 1024M --victim 614M --victim-adj 0 --trigger file --size 2112M --adj 0"'
plan_is "the same with ARCH=arm: 1G, the most vexpress-a9 takes, the limit scaled to 512M" \
	memcg-5.15-proxmox-oomanalyser.txt \
	'.replayable and .arch.arch == "arm" and .memory.mem == "1G" and (.constraint.how | contains("scaled down to 512M (a 1G guest)"))
	 and .guest_command == "aoom-replay --memcg2 512M --victim 307M --victim-adj 0 --trigger file --size 1088M --adj 0"' \
	0 --arch arm
plan_is "a manual OOM on Ubuntu 21.10 (5.13, 2G): x86_64 5.10, 2G, an oom-hog victim, then echo f" \
	sysrq-5.13-ubuntu-oomanalyser.txt \
	'.replayable and .kver.row == "5.10" and .memory.mem == "2G" and .allocation.trigger == "sysrq"
	 and (.arch.why | contains("its zones: DMA32"))
	 and .guest_command == "aoom-replay --victim 256M --victim-adj 0 --trigger sysrq --adj 0"'
plan_is "order-5 atomic failure on i386 2.6.31: the module at order 5 on fragmented memory, x86_64 5.10, Normal played by DMA32" \
	allocfail-2.6.31-linux-mm-order5.txt \
	'.arch.arch == "x86_64" and .kver.row == "5.10" and .allocation.order == 5
	 and (.guest_command | contains("order=5 gfp=kernel")) and (.guest_command | contains("--victim") | not)
	 and .zones.zone_map == {"Normal": "DMA32"} and .allocation.note != null
	 and (.guest_command | contains("--fragment 64 ")) and .sysctls == ["vm.extfrag_threshold=1000"]'
plan_is "sysrq-f, event 1 (the manual OOM): an oom-hog victim at 1000, then echo f" \
	x86_64-6.1-sysrq-f.txt:1 \
	'.allocation.trigger == "sysrq" and .allocation.order == -1 and .kver.row == "6.1"
	 and (.guest_command | test("--victim [0-9]+M --victim-adj 1000 --trigger sysrq "))'
plan_is "sysrq-f, event 2 (the module's round after it): the module at order 0" \
	x86_64-6.1-sysrq-f.txt:2 \
	'.allocation.trigger == "module" and .event == 2 and .events == 2
	 and (.guest_command | test("--victim-adj 1000 --trigger module --params .order=0 gfp=kernel"))'
plan_is "3.2, Normal below min, DMA and DMA32 refused by lowmem_reserve (dmesg -T, German): x86_64 5.10, 4G for a Normal zone" \
	locale-de-3.2-dmesg-T-forum.txt \
	'.arch.arch == "x86_64" and .kver.row == "5.10" and .memory.mem == "4G" and .memory.numa == 1
	 and (.arch.why | contains("call trace: system_call_fastpath()")) and (.guest_command | contains("order=0 gfp=kernel"))
	 and (.guest_command | test("--victim [0-9]+M --victim-adj 0 "))'
plan_is "2.6.26, a user page (GFP_HIGHUSER_MOVABLE), Normal below min: 4G, oom-hog faulting, a separate oom-hog victim" \
	era-2.6.26-linux-mm-oomkilladj.txt \
	'.memory.mem == "4G" and .allocation.trigger == "fault" and .allocation.movable
	 and (.guest_command | test("--victim [0-9]+M --victim-adj 0 --trigger fault --size [0-9]+M"))
	 and (.memory.why | contains("no managed: field"))'
plan_is "CMA with HighMem on 3.14, Normal short once its free CMA is left out: arm 5.10, 1G, Normal played by DMA, a CMA area of the report's free CMA scaled (226M of 1649M to 144M of 1G) placed in DMA with cma=, a victim small enough for HighMem to keep more free" \
	seed-002-arm-3.14-cma.txt \
	'.replayable and .arch.arch == "arm" and .kver.row == "5.10" and .memory.mem == "1G"
	 and (.arch.why | contains("call trace: ret_fast_syscall()")) and .zones.zone_map == {"Normal": "DMA"}
	 and .cma.append == "cma=144M@1536M-2048M" and (.cma.how | contains("226M of free CMA, scaled as the report'"'"'s 1649M to the guest'"'"'s 1G"))
	 and (.run | contains(" --append cma=144M@1536M-2048M "))
	 and .guest_command == "aoom-replay --victim 48M --victim-adj 0 --trigger module --params '"'"'order=0 gfp=kernel'"'"' --adj 0"'
plan_is "CMA with ARCH=x86_64: refused, the replay places a CMA area only in vexpress-a9's lowmem" \
	seed-002-arm-3.14-cma.txt \
	'.replayable == false and .cma == null and any(.refused[]; test("^Normal short once its free CMA is left out, on x86_64: .*Debian'"'"'s amd64 kernels have no CMA"))' \
	3 --arch x86_64
plan_is "CMA with MEM=256M (no HighMem): the area in the guest's first 256M, at most half of it" \
	seed-002-arm-3.14-cma.txt \
	'.replayable and .memory.mem == "256M" and .cma.append == "cma=40M@1536M-1792M"' \
	0 --mem 256M
# Refused below for their zones' cause; the rest of their plan still holds.
plan_is "mempolicy on node 3 of Normal only: 4G in 4 nodes, oom-hog --membind 3, the highatomic round for node 3 Normal (refused: 4.18's order-0 fast check)" \
	numa-4.18-rocky8-nodemask.txt \
	'.memory.mem == "4G" and .memory.numa == 4 and (.guest_command | contains("--membind 3"))
	 and .allocation.trigger == "fault" and .replayable == false
	 and .highatomic.zones == ["3/Normal"] and (.guest_command | contains("--highatomic 3/Normal "))' 3
plan_is "order-2 OOM on two nodes, DMA32 short once highatomic is left out, both Normals without an order-2 block (4.4): x86_64 5.10, 8G in 2 nodes, the highatomic round, holes in both Normals" \
	ubuntu-4.4-syslog-fragmentation.txt \
	'.replayable and .arch.arch == "x86_64" and .kver.row == "5.10" and .memory.mem == "8G" and .memory.numa == 2
	 and .zones.zone_map == {} and .highatomic.zones == ["0/DMA32"]
	 and (.highatomic.how | test("^a gfp=atomic order=2 round first sets pageblocks aside in DMA32 .*KVER=5.10 reserves in a zone of any size"))
	 and (.guest_command | contains("--highatomic 0/DMA32 --holes 0/Normal,1/Normal --victim 256M --victim-adj 0 --trigger module --params '"'"'order=2 gfp=kernel'"'"'"))
	 and .sysctls == ["vm.watermark_boost_factor=0"] and (.fragmentation | contains("ramfs"))
	 and (.constraint.how | contains("2 nodes")) and (.run | contains("--numa 2"))'
plan_is "order-2 fork on arm64 6.6-rt, every free block of order 2 and up in CMA: arm64 (from its call trace) 6.1, 2G, one-page holes in DMA" \
	arm64-6.6-linux-cifs-cma-order2.txt \
	'.replayable and .arch.arch == "arm64" and (.arch.why | contains("call trace: el0_svc_common()"))
	 and .kver.row == "6.1" and .memory.mem == "2G" and .zones.zone_map == {}
	 and .guest_command == "aoom-replay --holes 0/DMA --victim 256M --victim-adj 0 --trigger module --params '"'"'order=2 gfp=kernel'"'"' --adj 0"'
refused "an order-5 failure over four nodes (arm64 6.1): the guest is one node" \
	allocfail-arm64-6.1-netdev-four-nodes.txt 'an unconstrained request over the zones of 4 nodes'
# Without the trace's entry frame, the zones tell: DMA32 is x86_64's.
sed -e '/system_call_fastpath/d' "$fx/locale-de-3.2-dmesg-T-forum.txt" >"$out/no-entry-frame.txt"
fx=$out plan_is "the 3.2 report without its system call frame: x86_64 from its zones (DMA32)" \
	no-entry-frame.txt '.arch.arch == "x86_64" and (.arch.why | contains("its zones: DMA32"))'
# From 6.12 the kernel sets no highatomic pageblock aside in a zone whose
# 1% is less than a pageblock: the plan says which row would.
plan_is "KVER=6.12 on a guest of 8G: DMA32 holds far more than 200M, so 6.12 reserves there too" \
	ubuntu-4.4-syslog-fragmentation.txt \
	'.replayable and .kver.row == "6.12" and (.highatomic.how | test("KVER=6.12 reserves only in a zone whose 1% is a pageblock \\(2M\\) or more: DMA32 about [0-9]+M$"))' \
	0 --kver 6.12
plan_is "KVER=6.12 with MEM=256M: the guest's DMA32 is too small for 6.12 to reserve in, refused with the reason" \
	ubuntu-4.4-syslog-fragmentation.txt \
	'.replayable == false and any(.refused[]; test("^KVER=6.12: from 6.12 the kernel sets no highatomic pageblock aside .*DMA32 \\(about [0-9]+M\\)"))' \
	3 --kver 6.12 --mem 256M

refused "an OOM invoked by kswapd, which mainline kernels never do" \
	seed-004-arm64-6.9-kswapd.txt 'invoked by kswapd'
refused "a zone short once its highatomic reserve is left out, order 0 on 4.18, whose fast check kept that reserve: node 3 was above min when printed" \
	numa-4.18-rocky8-nodemask.txt 'from 4.7 to 5.8 the order-0 fast watermark check.*node 3 Normal free 9094 > min 8661'
refused "a global OOM over the zones of two nodes (RHEL 6, node 0 of Normal only): the guest is one node" \
	era-2.6.32-rhel6-two-nodes.txt 'over the zones of 2 nodes'
refused "the failure of an OOM victim's own request: replay the event that killed it" \
	guest-arm-6.12-1G.txt:3 'the victim of event 2.*EVENT=2'
refused "a mempolicy OOM whose one node shows no zone (6.10, the node hot-removed): a replay's node has memory" \
	mempolicy-6.10-lkml-flowed-hot-remove.txt 'prints no zone of node 2, the one node its nodemask allows'

# What-if overrides reach the plan; bad ones are refused before anything runs.
log=$out/whatif.json
if "$R" --plan --json --sysctl 'vm.min_free_kbytes=8192 vm.watermark_scale_factor=200' --mem 512M --kver 6.12 \
	"$fx/x86_64-6.1-dmesg.txt" >"$log" 2>&1 &&
	jq -e '.memory.mem == "512M" and .kver.row == "6.12"
		and .sysctls == ["vm.min_free_kbytes=8192", "vm.watermark_scale_factor=200"]
		and (.guest_command | contains("--sysctl vm.min_free_kbytes=8192 --sysctl vm.watermark_scale_factor=200"))' \
		"$log" >/dev/null; then
	ok "what-if: SYSCTL, MEM and KVER reach the plan and the guest command"
else
	not_ok "what-if: SYSCTL, MEM and KVER reach the plan and the guest command" "$(head -c 300 "$log")"
fi
log=$out/whatif-limit.json
if "$R" --plan --json --limit 64M "$fx/x86_64-6.1-memcg-v1.txt" >"$log" 2>&1 &&
	jq -e '(.guest_command | contains("--memcg1 64M ")) and (.constraint.how | contains("LIMIT=64M given"))' "$log" >/dev/null; then
	ok "what-if: LIMIT replaces the report's memory cgroup limit"
else
	not_ok "what-if: LIMIT replaces the report's memory cgroup limit" "$(head -c 300 "$log")"
fi
# Every value is checked in full: a bad or hostile one is refused with
# status 2 and one line, and nothing in it runs.
rm -f "$out/pwned"
pw=$out/pwned
nl='
'
bads=(--sysctl vm.min_free_kbytes --mem 12Q --kver 9.9 --event 7 --limit x --event 0 --timeout 1e3
	--arch '' --arch sparc --kver 6.1-rtx
	--arch "x86_64';touch $pw;'" --kver "6.1\$(touch $pw)" --mem "1G' \`touch $pw\`'" --limit "64M;touch $pw"
	--timeout "30;touch $pw" --event "1 2" --sysctl "vm.min_free_kbytes=1\$(touch $pw)"
	--sysctl "vm.min_free_kbytes=1;touch $pw" --sysctl "vm.min_free_kbytes=1${nl}touch $pw"
	--zone-map "Normal=DMA;touch $pw" --zone-map "Normal=Foo")
# refused_at_once SHOWN PATTERN CMD...: CMD exits 2 with one line, which matches
# PATTERN, and runs nothing (no marker).
refused_at_once() {
	local shown=$1 pat=$2 rc=0
	shift 2
	"$@" >"$out/bad.log" 2>&1 || rc=$?
	if [ "$rc" = 2 ] && [ "$(wc -l <"$out/bad.log")" = 1 ] && grep -q "$pat" "$out/bad.log" && [ ! -e "$pw" ]; then
		ok "a bad $shown: status 2 and one error line"
	else
		not_ok "a bad $shown: status 2 and one error line" "status $rc: $(head -c 300 "$out/bad.log")"
	fi
}
for ((i = 0; i < ${#bads[@]}; i += 2)); do
	opt=${bads[i]} val=${bads[i + 1]}
	refused_at_once "$opt '${val//$nl/\\n}'" '^error: ' "$R" --plan "$opt" "$val" "$fx/x86_64-6.1-memcg-v1.txt"
done
# run.sh --append, which carries the plan's cma= to the guest kernel's
# command line, takes KEY or KEY=VALUE words only, none of the harness's
# own, and refuses anything else with status 2 and one line before
# anything is set up.
appends=("cma=8M;touch $pw" "cma=8M\$(touch $pw)" "cma=8M \`touch $pw\`" "cma=8M${nl}touch $pw" 'x="a b"'
	"-- touch $pw" 'cma=' 'console=ttyS0' 'aoom.verdict=ttyS1' 'rdinit=/bin/sh')
for val in "${appends[@]}"; do
	refused_at_once "run.sh --append '${val//$nl/\\n}'" '^error: --append ' \
		"$top/scripts/run.sh" --arch arm --append "$val" --cmd true
done
# bad_report NAME FILE...: the plan of FILE... is refused, status 2, one line.
bad_report() {
	local name=$1
	shift
	"$R" --plan "$@" >"$out/bad.log" 2>&1
	local rc=$?
	if [ "$rc" = 2 ] && [ "$(wc -l <"$out/bad.log")" = 1 ] && grep -q '^error: ' "$out/bad.log"; then
		ok "$name: status 2 and one error line"
	else
		not_ok "$name: status 2 and one error line" "status $rc: $(head -c 300 "$out/bad.log")"
	fi
}
bad_report "two REPORT files" "$fx/x86_64-6.1-dmesg.txt" "$fx/x86_64-6.1-dmesg.txt"
bad_report "a REPORT name with a newline" "$fx/x86_64-6.1-dmesg.txt$nl"
"$R" --plan "$fx/SOURCES.md" >"$out/none.log" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q 'no event 1 in it' "$out/none.log"; then
	ok "a file without a report: status 2, 'no event 1 in it'"
else
	not_ok "a file without a report: status 2, 'no event 1 in it'" "status $rc: $(cat "$out/none.log")"
fi

# --- the comparison ---------------------------------------------------------
for f in x86_64-6.1-dmesg.txt armhf-6.1-vexpress-highmem.txt x86_64-6.1-memcg-v2.txt x86_64-6.1-cpuset-numa2.txt \
	x86_64-6.1-mempolicy-numa2.txt memcg-5.15-proxmox-oomanalyser.txt sysrq-5.13-ubuntu-oomanalyser.txt \
	x86_64-6.1-memcg-v1.txt allocfail-2.6.31-linux-mm-order5.txt x86_64-6.1-sysrq-f.txt seed-002-arm-3.14-cma.txt \
	seed-000-arm-4.0-highmem.txt numa-4.18-rocky8-nodemask.txt ubuntu-4.4-syslog-fragmentation.txt \
	mempolicy-6.10-lkml-flowed-hot-remove.txt \
	arm64-6.6-linux-cifs-cma-order2.txt allocfail-arm64-6.1-netdev-four-nodes.txt; do
	"$R" --compare "$fx/$f" "$fx/$f" >"$out/self.txt" 2>&1
	rc=$?
	if [ "$rc" = 0 ] && [ "$(grep -c '^✔ ' "$out/self.txt")" -ge 6 ] && ! grep -q '^✘ ' "$out/self.txt"; then
		ok "compare $f with itself: status 0, no row differs"
	else
		not_ok "compare $f with itself: status 0, no row differs" "status $rc"
		diag "$out/self.txt"
	fi
done
# The manual OOM (sysrq-f's event 1) against the module's (the demo's):
# order -1, no verdict of zones, every zone able to serve it.
"$R" --compare --json "$fx/x86_64-6.1-dmesg.txt" "$fx/x86_64-6.1-sysrq-f.txt:1" >"$out/diff.json" 2>&1
rc=$?
if [ "$rc" = 1 ] && jq -e '.agree == false and .changed == ["order", "verdicts", "zones"]
	and (.rows[] | select(.fact == "verdicts") | .replay == "manual") and .freed_late == false' "$out/diff.json" >/dev/null; then
	ok "compare a global OOM with a sysrq-f one: status 1, order, verdicts and zones differ, no pages freed late"
else
	not_ok "compare a global OOM with a sysrq-f one: status 1, order, verdicts and zones differ, no pages freed late" \
		"status $rc: $(jq -c .changed "$out/diff.json" 2>/dev/null)"
fi
# sysrq-f's event 2, the module's round, agrees with the demo's report.
"$R" --compare "$fx/x86_64-6.1-dmesg.txt" "$fx/x86_64-6.1-sysrq-f.txt:2" >"$out/ev2.txt" 2>&1
rc=$?
if [ "$rc" = 0 ] && ! grep -q '^✘ ' "$out/ev2.txt"; then
	ok "compare with FILE:2: event 2 of sysrq-f agrees with the demo's report"
else
	not_ok "compare with FILE:2: event 2 of sysrq-f agrees with the demo's report" "status $rc"
	diag "$out/ev2.txt"
fi
# A zone mapping makes the report's Normal the guest's DMA: our own arm
# guest's report of the lab8 shape agrees with the published one.
"$R" --compare --zone-map 'Normal=DMA' "$fx/seed-000-arm-4.0-highmem.txt" "$fx/guest-arm-6.1-1G.txt" \
	>"$out/zmap.txt" 2>&1
if grep -q '^✔ zones  *Normal (as DMA): below min  *DMA: below min$' "$out/zmap.txt"; then
	ok "compare with --zone-map Normal=DMA: the zone row reads the report's Normal as DMA"
else
	not_ok "compare with --zone-map Normal=DMA: the zone row reads the report's Normal as DMA" "see $out/zmap.txt"
	diag "$out/zmap.txt"
fi

# A replay whose report shows blocks freed after the request's last try:
# the rows that differ, and the line that says it is a race.
"$R" --compare "$fx/arm64-6.6-linux-cifs-cma-order2.txt" "$fx/guest-arm64-6.1-freed-late.txt" >"$out/late.txt" 2>&1
rc=$?
if [ "$rc" = 1 ] && grep -q '^Changed: verdicts, zones\.$' "$out/late.txt" && freed_late "$out/late.txt"; then
	ok "compare with a replay whose block was freed late: status 1, verdicts and zones differ, and it says why"
else
	not_ok "compare with a replay whose block was freed late: status 1, verdicts and zones differ, and it says why" "status $rc"
	diag "$out/late.txt"
fi

# --- the front door -------------------------------------------------------
make -s -C "$top" replay >"$out/make-none.log" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q '^error: replay needs REPORT=FILE' "$out/make-none.log"; then
	ok "make replay without REPORT: status 2 and the reason"
else
	not_ok "make replay without REPORT: status 2 and the reason" "status $rc: $(head -c 300 "$out/make-none.log")"
fi
make -s -C "$top" replay PLAN=1 REPORT="$fx/seed-004-arm64-6.9-kswapd.txt" >"$out/make-refused.log" 2>&1
rc=$?
if [ "$rc" = 3 ] && grep -q '^Not replayable:' "$out/make-refused.log"; then
	ok "make replay of a shape it cannot replay: status 3 through make"
else
	not_ok "make replay of a shape it cannot replay: status 3 through make" "status $rc"
	diag "$out/make-refused.log" 5
fi
make -s -C "$top" replay PLAN=1 SYSCTL='vm.min_free_kbytes=4096 vm.watermark_scale_factor=100' \
	REPORT="$fx/x86_64-6.1-dmesg.txt" >"$out/make-plan.log" 2>&1
rc=$?
if [ "$rc" = 0 ] && grep -q '^  sysctls:     vm.min_free_kbytes=4096 vm.watermark_scale_factor=100$' "$out/make-plan.log"; then
	ok "make replay PLAN=1 SYSCTL='a=1 b=2': status 0, both sysctls in the plan"
else
	not_ok "make replay PLAN=1 SYSCTL='a=1 b=2': status 0, both sysctls in the plan" "status $rc"
	diag "$out/make-plan.log" 5
fi

# --- replays in guests --------------------------------------------------------
if [ -n "${REPLAY_GUESTS:-}" ]; then
	list="x86_64-6.1-dmesg.txt x86_64-6.1-memcg-v2.txt x86_64-6.1-memcg-v1.txt x86_64-6.1-cpuset-numa2.txt
		x86_64-6.1-mempolicy-numa2.txt x86_64-6.1-sysrq-f.txt memcg-5.15-proxmox-oomanalyser.txt
		sysrq-5.13-ubuntu-oomanalyser.txt armhf-6.1-vexpress-highmem.txt allocfail-2.6.31-linux-mm-order5.txt
		ubuntu-4.4-syslog-fragmentation.txt seed-002-arm-3.14-cma.txt arm64-6.6-linux-cifs-cma-order2.txt"
	[ "$REPLAY_GUESTS" != all ] || list="$list guest-arm-6.1-1G.txt seed-000-arm-4.0-highmem.txt
		locale-de-3.2-dmesg-T-forum.txt era-2.6.26-linux-mm-oomkilladj.txt"
	list=${REPLAY_FIXTURES:-$list}
	for f in $list; do
		e=1
		[[ $f != *:* ]] || e=${f##*:} f=${f%:*}
		log=$out/guest-${f%.txt}-$e.txt
		t0=$(date +%s)
		"$R" --event "$e" "$fx/$f" >"$log" 2>"$log.err"
		rc=$?
		secs=$(($(date +%s) - t0))
		if [ "$rc" = 0 ] && grep -q '^Every fact the report states agrees' "$log"; then
			ok "replay $f event $e in a guest: every fact row agrees ($secs s$(! grep -q '^Played twice' "$log" || echo "; played twice, the first run's report showed pages freed late"))"
		else
			# The rows that differ, or else the last word of the run.
			why=$(sed -En '/^✘ /{s/^✘ +//; s/ {2,}/ | /g; p}' "$log" | paste -sd ';' - | sed 's/;/; /g')
			[ -n "$why" ] || why=$(cat "$log.err" "$log" | grep -v '^[[:space:]]*$' | tail -n 1)
			not_ok "replay $f event $e in a guest: every fact row agrees" "status $rc after $secs s: ${why:-no output}; see $log"
			diag "$log" 14
		fi
	done
fi

echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
