#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# replay.sh [--event N] [--plan] [--json] [--arch ARCH] [--kver KVER] [--mem SIZE]
#           [--limit SIZE] [--sysctl 'KEY=VALUE ...'] [--timeout SEC] REPORT
# replay.sh --compare [--json] [--zone-map 'FROM=TO ...'] ORIGINAL[:N] REPLAY[:N]
#
# The front door behind 'make replay': read one OOM report (event N of
# REPORT, the first by default) through 'oom-explain --json', plan a guest
# that makes the same OOM, run it through scripts/run.sh (the guest 'make
# run' gives), and compare the replay's report with the original, fact by
# fact.  --plan prints the plan and stops.  --arch, --kver and --mem
# override the plan's guest, --limit the memory cgroup's limit, --sysctl
# sets sysctls in the guest before the OOM: the what-if of a setting,
# whose comparison then shows which facts changed.  --json prints the
# plan and the comparison as JSON (one object each) instead of text.
# --compare compares two logs that exist already.
#
# Exit status: 0 when every fact the report states agrees, 1 when one
# differs (or the replay made no report), 2 on bad usage, 3 when the
# report's shape cannot be replayed (the plan says why), 4 when the
# guest could not be run (run.sh's own messages say why).
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# The whole script is one block, read before it runs: a replay takes
# minutes, and an edit of this file meanwhile must not change it.
{

usage() {
	sed -n '4,6p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
}
# bad MESSAGE: one line on stderr, status 2.  Control characters of a
# value quoted in it are shown as '?', so that it stays one line.
bad() {
	local m="$*"
	printf 'error: %s\n' "${m//[[:cntrl:]]/?}" >&2
	exit 2
}

event=1 plan_only='' json='' o_arch='' o_kver='' o_mem='' o_limit='' o_sysctl='' o_timeout=''
compare='' zmap_arg='' args=()
while [ $# -gt 0 ]; do
	case $1 in
	--plan) plan_only=1; shift; continue ;;
	--json) json=1; shift; continue ;;
	--compare) compare=1; shift; continue ;;
	-h | --help) usage ;;
	--) shift; args+=("$@"); break ;;
	--*) [ $# -ge 2 ] || bad "replay.sh: $1 needs a value" ;;
	*) args+=("$1"); shift; continue ;;
	esac
	[ -n "$2" ] || bad "replay.sh: $1 needs a value, not an empty one"
	case $1 in
	--event) event=$2 ;;
	--arch) o_arch=$2 ;;
	--kver) o_kver=$2 ;;
	--mem) o_mem=$2 ;;
	--limit) o_limit=$2 ;;
	--sysctl) o_sysctl=$2 ;;
	--timeout) o_timeout=$2 ;;
	--zone-map) zmap_arg=$2 ;;
	*) bad "replay.sh: unknown option '$1'" ;;
	esac
	shift 2
done
# Every value is checked in full before anything runs: each reaches a
# command line (run.sh's, the guest's) and must be what it says it is.
[[ $event =~ ^[1-9][0-9]{0,5}$ ]] || bad "EVENT=$event: not an event number (1 or more)"
if [ -n "$o_arch" ] && ! { [[ $o_arch =~ ^[a-z0-9_]{1,16}$ ]] && table_rows machines | awk '{ print $1 }' | grep -qxF -- "$o_arch"; }; then
	bad "ARCH=$o_arch: no such guest architecture; known: $(table_rows machines | awk '!s[$1]++ { printf "%s%s", c, $1; c = ", " }')"
fi
if [ -n "$o_kver" ] && ! { [[ $o_kver =~ ^[a-z0-9.]{1,16}(-rt)?$ ]] && table_rows kernels | awk '{ print $1 }' | grep -qxF -- "${o_kver%-rt}"; }; then
	bad "KVER=$o_kver: no such kernel row; known: $(table_rows kernels | awk '{ printf "%s%s", c, $1; c = ", " }') (each also as KVER-rt)"
fi
[ -z "$o_mem" ] || [[ $o_mem =~ ^[1-9][0-9]{0,6}[KkMmGg]?$ ]] || bad "MEM=$o_mem: not a memory size (e.g. 512M, 2G)"
[ -z "$o_limit" ] || [[ $o_limit =~ ^[1-9][0-9]{0,6}[KkMmGg]?$ ]] || bad "LIMIT=$o_limit: not a memory size (e.g. 64M)"
[ -z "$o_timeout" ] || [[ $o_timeout =~ ^[1-9][0-9]{0,5}$ ]] || bad "TIMEOUT=$o_timeout: not a number of seconds"
if [ -n "$o_sysctl" ]; then
	[[ $o_sysctl =~ ^[A-Za-z0-9_.:,+=\ -]*$ ]] ||
		bad "SYSCTL=$o_sysctl: only KEY=VALUE words of letters, digits and _ . : , + - separated by spaces"
	for kv in $o_sysctl; do
		[[ $kv =~ ^[a-z0-9_]+(\.[a-z0-9_]+)+=[A-Za-z0-9_.:,+-]+$ ]] ||
			bad "SYSCTL=$kv: not KEY=VALUE (e.g. vm.min_free_kbytes=8192)"
	done
fi
if [ -n "$zmap_arg" ]; then
	[[ $zmap_arg =~ ^[A-Za-z0-9=\ ]*$ ]] || bad "--zone-map $zmap_arg: only FROM=TO words of zone names"
	for kv in $zmap_arg; do
		[[ $kv =~ ^(DMA|DMA32|Normal|HighMem|Movable|Device)=(DMA|DMA32|Normal|HighMem|Movable|Device)$ ]] ||
			bad "--zone-map $kv: not FROM=TO of zone names (DMA, DMA32, Normal, HighMem, Movable, Device)"
	done
fi
for a in "${args[@]}"; do
	[[ $a != *[[:cntrl:]]* ]] || bad "a file name with a control character in it: $a"
done
"$AOOM_TOP/scripts/setup-host.sh" --profile replay || exit 1
command -v jq >/dev/null || die "replay needs jq (Debian package jq): apt-get install jq"

explainer=$AOOM_TOP/tools/oom-explain/oom-explain
(hold_lock "$BUILD/oom-explain.lock" && make -s -C "$AOOM_TOP/tools/oom-explain" >/dev/null) ||
	die "could not build tools/oom-explain"
JQ_LIB=$AOOM_TOP/scripts

# event_json FILE N: event N of FILE as one JSON object, or nothing.
event_json() {
	"$explainer" --json "$1" 2>/dev/null | jq -c --argjson n "$2" 'select(.event == $n)'
}

# size_mib SIZE: a K/M/G size in MiB (rounded up), or nothing.
size_mib() {
	local n=${1%[KkMmGg]} u=${1: -1}
	[[ $n =~ ^[0-9]+$ ]] || return 0
	case $u in
	K | k) echo $(((n + 1023) / 1024)) ;;
	M | m) echo "$n" ;;
	G | g) echo $((n * 1024)) ;;
	*) echo $(((n + 1048575) / 1048576)) ;;
	esac
}
# mib_str MIB: 512M, 4G.
mib_str() { if [ $(($1 % 1024)) = 0 ]; then echo "$(($1 / 1024))G"; else echo "${1}M"; fi; }
# pow2_mib MIB LO HI: the smallest power of two >= MIB, within LO..HI.
pow2_mib() {
	local m=$2
	while [ "$m" -lt "$1" ] && [ "$m" -lt "$3" ]; do m=$((m * 2)); done
	echo "$m"
}

# ---------------------------------------------------------------------
# compare_json ORIG_JSON REPLAY_JSON ZMAP_JSON [NOTE]: the comparison of
# facts, as JSON.  REPLAY_JSON may be empty (no report in the replay), and
# NOTE a line on what the guest saw then.  freed_late: only the verdicts
# and zones rows differ, and a zone of the replay could serve the request
# that failed there, so the pages it shows free were freed after the
# request's last try and before the report was printed.
compare_json() {
	local orig=$1 rep=$2 zmap=$3 note=${4:-}
	[ -n "$rep" ] || rep=null
	jq -n -L "$JQ_LIB" --argjson o "$orig" --argjson r "$rep" --argjson z "$zmap" --arg note "$note" '
		include "replay";
		($o | facts($z)) as $of |
		(if $r == null then [$of[] | {fact, value: (if .fact == "kind" then
			"no report" + (if $note != "" then ": " + $note else "" end) else "no report" end)}]
		 else ($r | facts({})) end) as $rf |
		[range(0; $of | length) as $i | {fact: $of[$i].fact, original: $of[$i].value,
			original_shown: ($of[$i].shown // $of[$i].value),
			replay: $rf[$i].value,
			agree: (if $of[$i].value == null then null else $of[$i].value == $rf[$i].value end)}] as $rows |
		{original: {kernel: $o.kernel, event: $o.event}, replay: (if $r == null then null
			else {kernel: $r.kernel, event: $r.event} end),
		 rows: $rows,
		 agree: ([$rows[] | select(.agree == false)] | length == 0),
		 changed: [$rows[] | select(.agree == false) | .fact],
		 freed_late: ([$rows[] | select(.agree == false) | .fact] as $c | ($c | length) > 0 and ($c - ["verdicts", "zones"] | length) == 0
			and any($rows[]; .fact == "zones" and .agree == false and (.replay | tostring | test("could serve it")))),
		 not_stated: [$rows[] | select(.agree == null) | .fact]}'
}

# compare_show COMPARISON_JSON: the table (or the JSON); status 0 when
# every stated fact agrees.
compare_show() {
	local out=$1
	if [ -n "$json" ]; then
		echo "$out"
	else
		jq -r '
			def w: if . == null then "(not in the report)" else . end;
			"Comparison: original (kernel \(.original.kernel)) vs replay (kernel \(.replay.kernel // "-"))",
			"",
			([" ", "fact", "original", "replay"] | @tsv),
			(.rows[] | [(if .agree == true then "✔" elif .agree == false then "✘" else "·" end),
				.fact, (.original_shown | w), (.replay | w)] | @tsv)' <<<"$out" |
			awk -F'\t' '
				NR <= 2 { print; next }
				{ for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > wd[i]) wd[i] = length($i) } n = NR }
				END {
					for (r = 3; r <= n; r++) {
						line = sprintf("%s %-*s  %-*s  %s", c[r, 1], wd[2], c[r, 2], wd[3], c[r, 3], c[r, 4])
						sub(/ +$/, "", line); print line
					}
				}'
		jq -r '"",
			(if .agree then "Every fact the report states agrees (\([.rows[] | select(.agree == true)] | length) rows ✔"
				+ (if (.not_stated | length) > 0 then "; not in the report: " + (.not_stated | join(", ")) else "" end) + ")."
			 else "Changed: " + (.changed | join(", ")) + "." end),
			(if .freed_late then "A zone of the replay could serve the request that failed there: the pages it shows free were freed after the request'"'"'s last try and before the report was printed (the OOM path may yield to other threads in between). That is a race, not the plan: run it again."
			 else empty end),
			(if (.runs // 1) > 1 then "Played twice: the first run'"'"'s report showed pages freed after the request'"'"'s last try." else empty end)' <<<"$out"
	fi
	jq -e '.agree' <<<"$out" >/dev/null
}

if [ -n "$compare" ]; then
	[ ${#args[@]} = 2 ] || bad "replay.sh --compare needs ORIGINAL[:N] REPLAY[:N]"
	declare -a ev=()
	for a in "${args[@]}"; do
		f=$a n=1
		if [[ $a =~ ^(.*):([1-9][0-9]*)$ ]] && [ ! -e "$a" ]; then f=${BASH_REMATCH[1]} n=${BASH_REMATCH[2]}; fi
		[ -r "$f" ] || bad "$f: no such readable file"
		e=$(event_json "$f" "$n")
		ev+=("$e")
		[ -n "$e" ] || [ ${#ev[@]} = 2 ] || bad "$f: no event $n in it (oom-explain finds $("$explainer" --count "$f" 2>/dev/null || echo 0))"
	done
	# shellcheck disable=SC2086 # a list of FROM=TO words
	zm=$(printf '%s\n' $zmap_arg | jq -R -s 'split("\n") | map(select(contains("=")) | split("=") | {(.[0]): .[1]}) | add // {}')
	rc=0
	compare_show "$(compare_json "${ev[0]}" "${ev[1]}" "$zm")" || rc=1
	exit "$rc"
fi

[ ${#args[@]} = 1 ] || bad "replay.sh needs one REPORT file, not ${#args[@]} (replay.sh --help)"
report=${args[0]}
[ -n "$report" ] || bad "replay needs REPORT=FILE, a kernel log with an OOM report"
[ -r "$report" ] || bad "REPORT=$report: no such readable file"
count=$("$explainer" --count "$report" 2>/dev/null || true)
orig=$(event_json "$report" "$event")
[ -n "$orig" ] || bad "REPORT=$report: no event $event in it (oom-explain finds ${count:-0})"

# The report's facts, as shell variables.
kind='' panic='' kernel='' order='' t_comm='' t_pid='' t_adj='' by_kswapd='' gfp_mask='' gfp_names=''
gfp_zone='' movable='' nodemask='' mems='' memcg_limit_kb='' memsw_limit_kb=''
zone_names='' zone_list='' managed_mib='' verdicts='' fragment='' causes='' v_comm='' v_pid='' v_adj='' v_high='' has_victim=''
cclass='' unprinted_free='' unprinted_mib='' gfp_decoded='' ha_zones='' nb_zones='' node_layout='' trace_arch='' trace_frame=''
eval "$(jq -r -L "$JQ_LIB" 'include "replay";
	def s: if . == null then "" else tostring end;
	@sh "kind=\(.kind) panic=\(.panic) kernel=\(.kernel | s) order=\(.trigger.order | s)",
	@sh "trace_arch=\(.trace_arch.arch // "") trace_frame=\(.trace_arch.frame // "")",
	@sh "t_comm=\(.trigger.comm | s) t_pid=\(.trigger.pid | s) t_adj=\(.trigger.oom_score_adj | s) by_kswapd=\(.trigger.by_kswapd)",
	@sh "gfp_mask=\(.gfp.mask | s) gfp_names=\(.gfp.names | s) gfp_zone=\(.gfp.highest_zone | s) movable=\(.gfp.movable)",
	@sh "gfp_decoded=\(.gfp.decoded // .gfp.names | s) unprinted_free=\(.unprinted_free // 0) unprinted_mib=\((.unprinted_free // 0) * (.page_kb // 4) / 1024 | floor)",
	@sh "nodemask=\(.constraint.nodemask | s) mems=\(.constraint.mems_allowed | s)",
	@sh "memcg_limit_kb=\(.memcg.limit_kb | s) memsw_limit_kb=\(.memcg.memsw_limit_kb | s)",
	@sh "zone_names=\([.zones[].name] | unique | join(" ")) zone_list=\([.zones[] | (if (.node // 0) > 0 then "\(.node)/" else "" end) + .name] | join(", "))",
	@sh "managed_mib=\(([.zones[].managed // 0] | add // 0) * (.page_kb // 4) / 1024 | floor)",
	@sh "v_comm=\(.victim.comm | s) v_pid=\(.victim.pid | s) v_adj=\(.victim.oom_score_adj | s) v_high=\(.badness.victim_is_highest | s)",
	@sh "has_victim=\(.victim != null) cclass=\(ctype) verdicts=\(.verdicts | join(" "))",
	@sh "causes=\([.zones[] | select(.usable and .below_min == true) | .below_min_cause // empty] | unique | join(" "))",
	@sh "ha_zones=\([.zones[] | select(.usable and .below_min == true and .below_min_cause == "highatomic") | "\(.node // 0)/\(.name)"] | join(" "))",
	@sh "nb_zones=\([.zones[] | select(.usable and .node_allowed != false and .below_min == false and .has_block == false) | "\(.node // 0)/\(.name)"] | join(" "))",
	@sh "node_layout=\([.zones[] | select(.usable) | {n: (.node // 0), z: .name}] | group_by(.n) | map("\(.[0].n):\([.[].z] | unique | join(","))") | join(" "))"' <<<"$orig")"

refusals=()
refuse() { refusals+=("$*"); }

# -- architecture -------------------------------------------------------
has_zone() { [[ " $zone_names " == *" $1 "* ]]; }
arch_why=''
if [ -n "$o_arch" ]; then
	arch=$o_arch arch_why="ARCH=$o_arch given"
else
	case $kernel in
	*amd64* | *x86_64*) arch=x86_64 arch_why="the kernel's name ($kernel)" ;;
	*arm64* | *aarch64*) arch=arm64 arch_why="the kernel's name ($kernel)" ;;
	*armmp* | *armv7* | *armhf*) arch=arm arch_why="the kernel's name ($kernel)" ;;
	*)
		if [ -n "$trace_arch" ]; then
			arch=$trace_arch arch_why="its call trace: $trace_frame() is $trace_arch's; the kernel's name ($kernel) does not say"
		elif has_zone HighMem; then
			arch=arm arch_why="its zones: a HighMem zone means a 32-bit machine, and arm (vexpress-a9) is the 32-bit guest; the kernel's name ($kernel) does not say"
		elif has_zone DMA32; then
			arch=x86_64 arch_why="its zones: DMA32 (the kernel's name, $kernel, does not say)"
		else
			arch=x86_64 arch_why="the default: neither the kernel's name ($kernel) nor its zones ($zone_list) name one"
		fi
		;;
	esac
fi
(machine_load "$arch" '') >/dev/null 2>&1 || bad "ARCH=$arch: no such guest architecture (scripts/machines)"
machine_load "$arch" ''

# -- kernel row ---------------------------------------------------------
ver_num() { [[ $1 =~ ^([0-9]+)\.([0-9]+) ]] && echo $((BASH_REMATCH[1] * 1000 + BASH_REMATCH[2])); }
row_version() {
	local rel=$CACHE/kernels/$1-$M_DEBARCH/release
	case $1 in
	[0-9]*) echo "$1" ;;
	*) [ ! -f "$rel" ] || awk '{ split($2, v, "."); print v[1] "." v[2]; exit }' "$rel" ;;
	esac
}
rver=$(ver_num "$kernel" || true)
kver_why=''
pick_row() {
	local best='' bestd='' row arches v d
	while read -r row _ _ _ arches _; do
		[ "$arches" = - ] || [[ ,$arches, == *",$arch,"* ]] || continue
		v=$(row_version "$row")
		[ -n "$v" ] || continue
		[ -z "${1:-}" ] || "$1" "$row" "$v" || continue
		d=$(($(ver_num "$v") - rver))
		d=${d#-}
		if [ -z "$bestd" ] || [ "$d" -lt "$bestd" ]; then best=$row bestd=$d; fi
	done < <(table_rows kernels)
	echo "$best"
}
if [ -n "$o_kver" ]; then
	kver=$o_kver kver_why="KVER=$o_kver given"
elif [ -z "$rver" ]; then
	kver=$(table_rows kernels | awk '{ print $1; exit }')
	kver_why="the report names no kernel version: the default row"
else
	kver=$(pick_row)
	rv=$(row_version "$kver")
	if [ "$(ver_num "$rv")" = "$rver" ] && [[ $kernel =~ -(amd64|arm64|armmp|armmp-lpae|rt-amd64|rt-arm64|cloud-amd64)$ ]]; then
		kver_why="the report's $kernel is Debian's $rv, this row"
	else
		kver_why="the report's $kernel is not a Debian row; $kver${rv:+$([ "$rv" = "$kver" ] || echo " ($rv)")} is the nearest row by version"
	fi
fi
(kernel_load "$kver") >/dev/null 2>&1 || bad "KVER=$kver: no such kernel row (scripts/kernels)"
kernel_has_arch "$kver" "$arch" 2>/dev/null || bad "KVER=$kver has no $arch row (scripts/kernels)"

# -- shape: trigger, allocation and what cannot be replayed --------------
cclass=${cclass:-CONSTRAINT_NONE}
[ "$kind" = oom ] || cclass=none
trigger='' gfp_param='' order_param=${order:-0} holes=''
case $gfp_zone in
Movable) gfp_param=movable ;;
HighMem) gfp_param=highuser ;;
Normal)
	# GFP_HIGHUSER where no HighMem exists (x86_64, arm64): the zones of
	# GFP_KERNEL, but __GFP_HARDWALL, which a cpuset walls in.
	case $gfp_decoded in
	*GFP_HIGHUSER* | *__GFP_HIGHMEM*) gfp_param=highuser ;;
	*) gfp_param=kernel ;;
	esac
	;;
DMA32) gfp_param=dma32 ;;
DMA) gfp_param=dma ;;
*) refuse "the report's GFP mask ($gfp_mask) has no zone class oom-explain could read" ;;
esac
[ "$by_kswapd" != true ] ||
	refuse "the OOM killer was invoked by kswapd ($t_comm), which mainline kernels never do: a patched kernel's path, not one a Debian row has"
if [ "$kind" = oom ] && [ "${order:-0}" = -1 ]; then
	trigger=sysrq
elif [ "$kind" = oom ]; then
	[ "${order:-0}" -le 3 ] ||
		refuse "an OOM kill at order $order: the kernel rows never call the OOM killer above order 3 (PAGE_ALLOC_COSTLY_ORDER)"
	case $gfp_param in
	dma | dma32) refuse "an OOM kill for a request limited to $gfp_zone: the kernel rows never kill for a lowmem-only request, it fails instead" ;;
	movable) trigger=fault ;;
	*) trigger=module ;;
	esac
	# An OOM kill for want of a block (orders 1 to 3): free pages in holes
	# of one page in the zones that had none of the order.
	if [[ " $verdicts " == *" fragmentation "* ]] && [ "${order:-0}" -gt 0 ]; then holes=1; fi
else
	trigger=module
	case $gfp_param in
	dma | dma32) ;;
	movable) refuse "a failure of a movable request ($gfp_names): the module's requests are never movable" ;;
	*)
		if [ "${order:-0}" -le 3 ]; then
			# A task the OOM killer has chosen fails its own requests
			# once the reserves it may dip into are gone.
			killed_in=''
			[ -z "$t_pid" ] || killed_in=$("$explainer" --json "$report" 2>/dev/null |
				jq -r --argjson n "$event" --argjson p "$t_pid" 'select(.event < $n and .victim.pid == $p) | .event' | tail -n 1)
			if [ -n "$killed_in" ]; then
				refuse "an order-${order:-?} failure of a request that may use $gfp_zone ($gfp_names) by $t_comm (pid $t_pid), the victim of event $killed_in: a killed task's request fails without a further OOM kill, and the replay compares its guest's first event, so replay event $killed_in (EVENT=$killed_in) instead"
			else
				refuse "an order-${order:-?} failure of a request that may use $gfp_zone ($gfp_names): below order 4 such a request fails without the OOM killer only when it may not retry (atomic, __GFP_NORETRY), which the module's never are, or when its task was already chosen by the OOM killer, which the report does not show"
			fi
		fi
		;;
	esac
	[ "${order:-0}" -le 10 ] || refuse "order $order: above the highest order of the guests' buddy allocators (10)"
	if [[ " $verdicts " == *" fragmentation "* ]]; then
		# Free pages in holes of one page, and no compaction to close them:
		# the report's request failed for want of a block, not of pages.
		fragment=1
	fi
fi
[ "$kind" != oom ] || [ "$has_victim" = true ] || [ "$panic" = true ] ||
	refuse "an OOM killer call that killed nothing and did not panic: the report does not say why, so a replay could not be told right from wrong"
if [ "$has_victim" = true ]; then
	[ "$v_high" != false ] ||
		refuse "the victim ($v_comm) did not have the highest badness in the report's own arithmetic: the kernel rows always kill the highest"
	[ "$v_adj" != -1000 ] || refuse "the victim's oom_score_adj is -1000, which the kernel rows never kill"
fi

# -- constraint ---------------------------------------------------------
group='' node='' numa=1 memcg_ver='' account='' spread=''
case $cclass in
CONSTRAINT_MEMCG)
	# The charge: the module's own pages (account=1) when the report's
	# request was a kernel allocation charged to the group
	# (__GFP_ACCOUNT); a file's page cache, faulted in with its mapping's
	# GFP_HIGHUSER_MOVABLE, when the report's was a movable one (a page
	# cache fault, such as a program's text read in again); else
	# oom-hog's anonymous pages, which the kernel rows charge with
	# GFP_KERNEL.
	case $gfp_decoded in
	*ACCOUNT*) trigger=module account=1 ;;
	*) trigger=fault ;;
	esac
	if [ "$gfp_zone:$movable" = Movable:true ] && [ "$trigger" = fault ]; then
		trigger="file"
	elif [ "$gfp_zone:$movable" != Normal:false ]; then
		refuse "a memory cgroup charge of a request of zone class $gfp_zone$([ "$movable" != true ] || echo ", movable") ($gfp_names): the replay's charges print GFP_KERNEL (oom-hog's anonymous pages, the module's with account=1) or GFP_HIGHUSER_MOVABLE (a file's page cache), so the GFP zone class could not agree"
	fi
	[ "${order:-0}" = 0 ] || refuse "a memory cgroup OOM at order $order: the replay's charges are of order 0"
	[ -n "$memcg_limit_kb" ] || [ -n "$o_limit" ] ||
		refuse "the report shows no memory cgroup limit (no 'memory: usage … limit' line): give LIMIT="
	if [ -n "$memsw_limit_kb" ]; then
		memcg_ver=1 mv_why="v1: the report has a memory+swap line, which only v1 prints"
	elif [ -n "$rver" ] && [ "$rver" -lt 4005 ]; then
		memcg_ver=1 mv_why="v1: before 4.5 only v1 had a memory controller"
	else
		memcg_ver=2 mv_why="v2: the report has no memory+swap line, which v1 prints"
	fi
	group=memcg$memcg_ver
	;;
CONSTRAINT_CPUSET | CONSTRAINT_MEMORY_POLICY)
	if [ "$cclass" = CONSTRAINT_CPUSET ]; then node=$mems what="cpuset.mems"; else node=$nodemask what="nodemask"; fi
	[[ $node =~ ^[0-9]$ ]] ||
		refuse "$what=$node: the replay confines the request to one node (0 to 7), not '$node'"
	[ "$arch" != arm ] || refuse "a NUMA constraint on arm: vexpress-a9 has one node"
	if [ "$cclass" = CONSTRAINT_CPUSET ]; then
		group=cpuset
		[ "$gfp_param" = movable ] || [ "$gfp_param" = highuser ] ||
			refuse "a cpuset OOM of a request without __GFP_HARDWALL ($gfp_names): a cgroup v2 cpuset walls in only __GFP_HARDWALL requests (GFP_USER, GFP_HIGHUSER and user pages), the module's GFP_KERNEL one falls back to any node"
	else
		[ "$trigger" = fault ] ||
			refuse "a memory-policy OOM of a request that is not a user page ($gfp_names): the replay binds oom-hog's pages (--membind), not a kernel allocation"
	fi
	;;
CONSTRAINT_NONE | none)
	# Unconstrained, the request may use every node's zones; the replay
	# makes one node then.
	nodes=$(jq -r '[.zones[] | select(.usable) | .node // 0] | unique | length' <<<"$orig")
	if [ "$nodes" -gt 1 ]; then
		# An OOM kill over two nodes of 4G on pc: node 0 holds the 3 GiB
		# below 4 GiB (DMA, DMA32) and 1G of Normal, node 1 is all Normal.
		if [ "$cclass" = CONSTRAINT_NONE ] && [ "$arch" = x86_64 ] && [ "$node_layout" = "0:DMA,DMA32,Normal 1:Normal" ]; then
			numa=2 spread=1
		else
			refuse "an unconstrained request over the zones of $nodes nodes ($zone_list): the replay's guest is one node unless the report confines the request to one, or, for an OOM kill on x86_64, two when node 0 has DMA, DMA32 and Normal and node 1 Normal alone (two pc nodes of 4G)"
		fi
	fi
	;;
*) refuse "constraint $cclass: unknown to the replay" ;;
esac

# -- memory, zones, nodes -----------------------------------------------
zmap='{}' zones_why='' mem_why=''
[ "$managed_mib" -gt 0 ] || managed_mib=''
managed_str="an amount not printed (no managed: field)"
[ -z "$managed_mib" ] || managed_str=$(mib_str "$managed_mib")
node_zones=''
if [[ $node =~ ^[0-9]$ ]]; then
	node_zones=$(jq -r --argjson n "$node" '[.zones[] | select(.node == $n) | .name] | unique | join(" ")' <<<"$orig")
	# show_mem() prints the zones of the allowed nodes that have memory
	[ -n "$node_zones" ] ||
		refuse "the report prints no zone of node $node, the one node its $what allows: that node had no memory when the report was made (taken offline, or never there), or the zone lines were cut from the report; a replay's node $node has memory, and its report would print zones the original does not"
fi
case $arch in
x86_64)
	if [ -n "$spread" ]; then
		mem=8192
		mem_why="2 nodes of 4G: node 0 holds DMA and DMA32 (pc keeps 3 GiB below 4 GiB) and 1G of Normal above them, node 1 is all Normal, as in the report; its zones manage $managed_str"
	elif [ -n "$node" ] && [ "$node_zones" = Normal ]; then
		# pc keeps 3 GiB below 4 GiB once it has 3.5 GiB or more: the
		# nodes before NODE fill it, so NODE is all Normal.
		numa=$((node + 1))
		[ "$numa" -ge 2 ] || numa=2
		per=$(((3072 + node - 1) / (node > 0 ? node : 1)))
		per=$(((per + 511) / 512 * 512))
		mem=$((per * numa))
		[ "$node" -gt 0 ] || refuse "node 0 with Normal only: on pc node 0 always holds DMA and DMA32"
		mem_why="$numa nodes of $(mib_str "$per"): the nodes before node $node hold the 3 GiB below 4 GiB, so node $node is all Normal, as in the report (its node manages $managed_str)"
	elif [ -n "$node" ]; then
		numa=$((node + 1))
		[ "$numa" -ge 2 ] || numa=2
		mem=$((128 * numa))
		[ "$mem" -ge 256 ] || mem=256
		mem_why="$numa nodes of $(mib_str $((mem / numa))), all below 4 GiB"
		case $node:$node_zones in
		*:) ;;
		0:"DMA DMA32" | 0:DMA32 | [1-7]:DMA32) ;;
		*) refuse "node $node with zones '$node_zones': not a layout a pc guest gives" ;;
		esac
	elif has_zone Normal && has_zone DMA32; then
		mem=4096
		mem_why="4G, the smallest pc guest with a Normal zone (3 GiB below 4 GiB, 1 GiB above); the report's zones manage $managed_str"
	else
		if has_zone Normal; then
			zmap='{"Normal":"DMA32"}'
			zones_why="the report's Normal without DMA32 is 32-bit lowmem: DMA32 plays it in a pc guest below 4 GiB"
		fi
		if [ -n "$managed_mib" ]; then
			mem=$(pow2_mib "$managed_mib" 256 2048)
			mem_why="the report's zones manage $(mib_str "$managed_mib"); $(mib_str "$mem") is the smallest guest that holds them$([ "$managed_mib" -le 2048 ] || echo ", scaled down from there")"
		else
			mem=256 mem_why="the report gives no managed pages: the default 256M"
		fi
	fi
	;;
arm)
	if has_zone DMA && has_zone Normal; then
		refuse "zones DMA and Normal both below HighMem: Debian's armmp kernel on vexpress-a9 has a single lowmem zone (DMA)"
	fi
	has_zone Normal && zmap='{"Normal":"DMA"}' zones_why="Debian's armmp kernel names vexpress-a9's lowmem zone DMA: it plays the report's Normal"
	if has_zone HighMem; then
		mem=1024
		mem_why="1G, the most vexpress-a9 takes, so that HighMem exists (above ~768M) as in the report; the report's zones manage $managed_str"
	elif [ "${unprinted_free:-0}" -gt 0 ]; then
		# A 6.x report prints no zone above the request's highest (5.10 did):
		# the free pages outside the printed zones are HighMem's.
		mem=1024
		mem_why="1G, the most vexpress-a9 takes, so that HighMem exists (above ~768M): the report prints no zone above the request's highest, but ${unprinted_mib}M of its free pages lie outside the zones it prints, which on a 32-bit machine is HighMem; its printed zones manage $managed_str"
	else
		mem=$(pow2_mib "${managed_mib:-256}" 256 512)
		mem_why="$(mib_str "$mem"), below the ~768M where HighMem begins: the report has none"
	fi
	;;
arm64)
	if [ -n "$node" ] && [ "$node_zones" = Normal ] && [ "$node" -gt 0 ]; then
		numa=$((node + 1))
		per=$(((3072 + node - 1) / node))
		per=$(((per + 511) / 512 * 512))
		mem=$((per * numa))
		mem_why="$numa nodes of $(mib_str "$per"): virt's DMA zone ends at 4 GiB (3 GiB of RAM), so node $node is all Normal"
	elif [ -n "$node" ]; then
		refuse "node $node with zones '$node_zones' on arm64: the replay makes a node of Normal only"
	elif has_zone Normal; then
		mem=4096
		mem_why="4G: virt's DMA zone ends at 4 GiB, so 1 GiB of Normal follows 3 GiB of DMA; the report's zones manage $managed_str"
	else
		mem=$(pow2_mib "${managed_mib:-256}" 256 2048)
		mem_why="$(mib_str "$mem"): the report's zones manage $managed_str"
	fi
	has_zone DMA32 && refuse "a DMA32 zone on arm64: Debian's kernel on virt leaves it empty"
	;;
esac
[ -n "$zones_why" ] || zones_why="as in the report"
# Up to 5.8 (from 4.7) an order-0 request's fast watermark check,
# zone_watermark_fast(), left the highatomic reserve in; 5.9 took it out
# there too.  By such a kernel a zone short only once the reserve is left
# out passed the check when printed: the report does not show what
# refused the request, and a guest, whose kernel leaves the reserve out,
# would agree with the newer kernels' reading, not with the report's.
# The check is made against min itself: __GFP_HIGH halves min only in
# the slower test.
if [[ " $causes " == *" highatomic "* ]] && [ "${order:-0}" = 0 ] && [ -n "$rver" ] && [ "$rver" -ge 4007 ] && [ "$rver" -lt 5009 ]; then
	above=$(jq -r '.gfp.movable as $mov
		| ((.gfp.decoded // .gfp.names // "") | test("(^|[|])__GFP_HIGH($|[|])")) as $high
		| [.zones[] | select(.usable and .below_min_cause == "highatomic")
		| (if $high then 2 * .min else .min end) as $min
		| select(.free - (if $mov then 0 else .free_cma // 0 end) > $min + (.reserve_used // 0))
		| "\((if (.node // 0) > 0 then "node \(.node) " else "" end) + .name) free \(.free) > min \($min)"] | join(", ")' <<<"$orig")
	[ -z "$above" ] ||
		refuse "a zone short only once its highatomic reserve is left out, for an order-0 request on $kernel: from 4.7 to 5.8 the order-0 fast watermark check left that reserve in (5.9 took it out), and by it $above when printed, so the report does not show what refused the request; the guest can make the reserve, but its kernel leaves it out of that check, so a replay would agree with the reading of a kernel from 5.9 on, not with what the report's kernel did (a distribution kernel with 5.9's check backported is not told apart by its report)"
fi

limit_mib=''
if [ "$group" = memcg1 ] || [ "$group" = memcg2 ]; then
	if [ -n "$o_limit" ]; then
		limit_mib=$(size_mib "$o_limit")
		[ "${limit_mib:-0}" -gt 0 ] || bad "LIMIT=$o_limit: not a memory size"
		limit_why="LIMIT=$o_limit given (the report's: $((${memcg_limit_kb:-0} / 1024))M)"
	else
		limit_mib=$(((memcg_limit_kb + 1023) / 1024))
		limit_why="the report's limit, kept"
	fi
	# The largest guest: 2G, or 1G, the most vexpress-a9 takes; a limit
	# too large for it is scaled to half of it.
	cap=2048
	[ "$arch" != arm ] || cap=1024
	mem=256
	while [ "$mem" -lt $((limit_mib + 192)) ] && [ "$mem" -lt "$cap" ]; do mem=$((mem * 2)); done
	if [ "$limit_mib" -gt $((mem - 192)) ] && [ -z "$o_limit" ]; then
		limit_why="the report's $(mib_str "$limit_mib") scaled down to $(mib_str $((cap / 2))) (a $(mib_str "$cap") guest)"
		limit_mib=$((cap / 2))
	fi
	mem_why="$(mib_str "$mem"): the group's limit of $(mib_str "$limit_mib") and 192M for the rest of the guest"
	zones_why="a memory cgroup OOM prints no zones"
fi
if [ -n "$o_mem" ]; then
	m=$(size_mib "$o_mem")
	[ "${m:-0}" -gt 0 ] || bad "MEM=$o_mem: not a memory size"
	mem_why="MEM=$o_mem given (the plan's: $(mib_str "$mem"), $mem_why)"
	mem=$m
	[ "$numa" = 1 ] || [ $((mem % numa)) = 0 ] || bad "MEM=$o_mem does not split into $numa nodes"
fi

# memcg v1 needs a row whose Debian build has it.
has_v1() {
	local cfg
	cfg=$(find "$CACHE/kernels/$1-$M_DEBARCH/root/usr/src" -maxdepth 2 -name .config 2>/dev/null | head -n 1)
	if [ -n "$cfg" ] && grep -q '^CONFIG_MEMCG_V1=y' "$cfg"; then return 0; fi
	if [ -n "$cfg" ] && grep -q '^# CONFIG_MEMCG_V1 is not set' "$cfg"; then return 1; fi
	# Before 6.12 v1 was always built with the memory controller.
	[ "$(ver_num "$2")" -lt 6012 ]
}
if [ "$group" = memcg1 ] && ! has_v1 "$kver" "$(row_version "$kver")"; then
	if [ -n "$o_kver" ]; then
		refuse "KVER=$kver: its Debian build has no v1 memory controller (CONFIG_MEMCG_V1), which the report's cgroup is"
	else
		alt=$(pick_row has_v1)
		[ -n "$alt" ] || refuse "no kernel row with a v1 memory controller for $arch"
		kver_why="$kver_why; but its Debian build has no v1 memory controller, so $alt, the nearest row that has one"
		kver=$alt
	fi
fi

# -- the highatomic reserve and the holes --------------------------------
# and_list 'A, B, C': A, B and C.
and_list() { if [[ $1 == *", "* ]]; then echo "${1%, *} and ${1##*, }"; else echo "$1"; fi; }
# zone_show NODE ZONE: ZONE, or "node N ZONE" beyond node 0.
zone_show() { if [ "$1" = 0 ]; then echo "$2"; else echo "node $1 $2"; fi; }
# guest_zone ZONE: the guest's name for the report's ZONE (the zone map).
guest_zone() { jq -r --arg z "$1" '.[$z] // $z' <<<"$zmap"; }
# zone_mib NODE ZONE: about what ZONE of NODE manages in the planned
# guest, in MiB: its span (pc: DMA below 16M, DMA32 below 4 GiB, 3 GiB of
# it once the guest has 3.5G; vexpress-a9: lowmem below ~768M; virt: DMA
# the first 3 GiB) less 64M for the kernel and the page tables.
zone_mib() {
	local per=$((mem / numa)) lo=0 hi=0 low4=$mem
	[ "$mem" -lt 3584 ] || low4=3072
	case $arch:$2 in
	x86_64:DMA) hi=16 ;;
	x86_64:DMA32) lo=16 hi=$low4 ;;
	x86_64:Normal) lo=$low4 hi=$mem ;;
	arm:DMA) hi=768 ;;
	arm:HighMem) lo=768 hi=$mem ;;
	arm64:DMA) hi=3072 ;;
	arm64:Normal) lo=3072 hi=$mem ;;
	esac
	[ "$lo" -ge $(($1 * per)) ] || lo=$(($1 * per))
	[ "$hi" -le $(($1 * per + per)) ] || hi=$(($1 * per + per))
	echo $((hi - lo > 64 ? hi - lo - 64 : 0))
}
# top_zone NODE: the highest zone of NODE in the planned guest, where a
# task bound to the node takes its pages first.
top_zone() {
	local per=$((mem / numa)) low4=$mem
	[ "$mem" -lt 3584 ] || low4=3072
	case $arch in
	x86_64) if [ $(($1 * per + per)) -gt "$low4" ]; then echo Normal; else echo DMA32; fi ;;
	arm) if [ "$mem" -gt 768 ]; then echo HighMem; else echo DMA; fi ;;
	arm64) if [ $(($1 * per + per)) -gt 3072 ]; then echo Normal; else echo DMA; fi ;;
	esac
}

# A zone short only once its highatomic reserve is left out needs that
# reserve in the guest.  A gfp=atomic order=2 round makes it first: each
# high-order atomic request the allocator serves from its slow path sets
# the pageblock it came from aside (reserve_highatomic_pageblock(), up to
# 1% of the zone plus a pageblock), and the blocks stay set aside once the
# round has freed its pages.  From 6.12 the kernel sets none aside in a
# zone whose 1% is less than a pageblock: 2M on x86_64 and arm64, 8M on
# armhf, whose lowmem never holds 800M.
ha_guest='' ha_show='' ha_why='' ha_small=''
case $arch in
arm) pb=8 ;;
*) pb=2 ;;
esac
# ha_small_zones: the zones of ha_guest too small for 6.12 on, with sizes.
ha_small_zones() {
	local z m out=''
	for z in ${ha_guest//,/ }; do
		m=$(zone_mib "${z%%/*}" "${z#*/}")
		[ "$m" -ge $((100 * pb)) ] || out+="${out:+, }$(zone_show "${z%%/*}" "${z#*/}") (about ${m}M)"
	done
	echo "$out"
}
# reserves_small ROW VERSION: the row's kernel sets pageblocks aside in a
# zone of any size (before 6.12).
reserves_small() {
	local v
	v=$(ver_num "$2") || return 1
	[ "$v" -lt 6012 ]
}
for z in $ha_zones; do
	g=$(guest_zone "${z#*/}")
	ha_guest+="${ha_guest:+,}${z%%/*}/$g"
	ha_show+="${ha_show:+, }$(zone_show "${z%%/*}" "$g")"
done
if [ -n "$ha_guest" ]; then
	ha_small=$(ha_small_zones)
	if [ -n "$ha_small" ] && ! reserves_small "$kver" "$(row_version "$kver")"; then
		old_mem=$mem
		if [ -n "$o_kver" ]; then
			refuse "KVER=$kver: from 6.12 the kernel sets no highatomic pageblock aside in a zone whose 1% is less than a pageblock (${pb}M), and the guest's $ha_small is that small, so the reserve the report's $ha_show lacked could not be made; a row before 6.12 reserves in any zone"
		elif [ -z "$o_mem" ] && [ "$numa" = 1 ] && [ "$arch" != arm ] && [ "$mem" -lt 1024 ] && mem=1024 && [ -z "$(ha_small_zones)" ]; then
			mem_why="1G, so that the 1% of $ha_show reaches a pageblock (${pb}M), below which KVER=$kver (6.12 on) sets no highatomic pageblock aside (the plan's $(mib_str "$old_mem"): $mem_why)"
		else
			mem=$old_mem
			alt=$(pick_row reserves_small)
			if [ -n "$alt" ]; then
				kver_why="$kver_why; but from 6.12 the kernel sets no highatomic pageblock aside in a zone whose 1% is less than a pageblock (${pb}M), which the guest's $ha_small is, so $alt, the nearest row that reserves in a zone of any size"
				kver=$alt
			else
				refuse "no kernel row for $arch sets a highatomic pageblock aside in the guest's $ha_small: from 6.12 the kernel reserves only in a zone whose 1% is a pageblock (${pb}M) or more"
			fi
		fi
	fi
	if reserves_small "$kver" "$(row_version "$kver")"; then
		ha_row="KVER=$kver reserves in a zone of any size"
	else
		ha_row="KVER=$kver reserves only in a zone whose 1% is a pageblock (${pb}M) or more: $(for z in ${ha_guest//,/ }; do printf '%s about %sM; ' "$(zone_show "${z%%/*}" "${z#*/}")" "$(zone_mib "${z%%/*}" "${z#*/}")"; done | sed 's/; $//')"
	fi
	case $cclass in
	CONSTRAINT_CPUSET) ha_ctx=", in the cpuset of node $node, whose zones serve its first slow-path requests" ;;
	CONSTRAINT_MEMORY_POLICY) ha_ctx=", unbound: GFP_ATOMIC leaves a memory policy and a cpuset behind after its first slow-path try, and the round runs until every zone has refused it, node $node's among them" ;;
	*) ha_ctx='' ;;
	esac
	ha_why="a gfp=atomic order=2 round first sets pageblocks aside in $(and_list "$ha_show") as the kernel's highatomic reserve (insmod alloc-oom.ko gfp=atomic order=2 release=all$ha_ctx): the high-order atomic requests its allocator serves from the slow path set the pageblocks they came from aside, up to about 1% of the zone and one more, and those stay set aside once the round has freed its pages; $ha_row"
fi

# An OOM kill for want of a block of order 1 to 3: the zones above min
# with no free block of the order get one-page holes, as many as their
# min watermark, their highatomic reserve and 1024 more, so that they stay
# above min.  The holes are ramfs pages, which cannot be migrated:
# compaction, which vm.extfrag_threshold holds back only above order 3,
# cannot close them.  A task bound to a node writes its pages into the
# node's highest zone first, so only that zone can be given holes.
holes_guest='' holes_show='' holes_why=''
if [ -n "$holes" ]; then
	for z in $nb_zones; do
		g=$(guest_zone "${z#*/}") top=$(top_zone "${z%%/*}")
		[ "$g" = "$top" ] ||
			refuse "$(zone_show "${z%%/*}" "${z#*/}") had no free block of order $order while above min: the guest's holes go into the highest zone of a node, which for node ${z%%/*} is $top, not $g"
		holes_guest+="${holes_guest:+,}${z%%/*}/$g"
		holes_show+="${holes_show:+, }$(zone_show "${z%%/*}" "$g")"
	done
	[ -z "$holes_guest" ] ||
		holes_why="fragmentation: one-page holes in $(and_list "$holes_show"): a task bound to the node writes ramfs pages into the zone and every other one is freed, as many as its min watermark (and what boosting may add to it), its highatomic reserve and 1024 more, so that it stays above min with no free block of order $order; ramfs pages cannot be migrated, so compaction (which vm.extfrag_threshold holds back only above order 3) cannot close the holes"
fi

# -- a CMA area -------------------------------------------------------------
# A zone short once its free CMA pages are left out needs a CMA area in
# that zone.  The guests have only their kernel's default one (armmp:
# 16M, which vexpress-a9 places in HighMem) unless cma=SIZE@START-END on
# the kernel's command line places it: below END, and in lowmem when END
# is there.  A non-movable request cannot use CMA pages and the
# watermark check leaves them out for it, so the module's pages fill the
# zone outside the area and the zone ends above min with the area's free
# pages and below it without them.  vexpress-a9's RAM starts at 1536M
# (0x60000000) and its lowmem, the zone DMA, spans up to 768M of it; the
# area goes into its first 512M, at the top (memblock allocates from the
# top down), above the kernel's image and the initramfs.  Its size is
# the report's free CMA scaled as the report's memory is to the guest's,
# in whole pageblocks (8M).
cma_append='' cma_why='' victim_cap='' victim_cap_why=''
if [[ " $causes " == *" cma "* ]]; then
	read -r cma_zones cma_free_mib < <(jq -r '[.zones[] | select(.usable and .below_min == true and .below_min_cause == "cma")] as $z
		| "\([$z[] | "\(.node // 0)/\(.name)"] | join(",")) \(([$z[].free_cma // 0] | add) * (.page_kb // 4) / 1024 | ceil)"' <<<"$orig")
	cma_show=''
	for z in ${cma_zones//,/ }; do cma_show+="${cma_show:+, }$(zone_show "${z%%/*}" "${z#*/}")"; done
	if [ "$arch" != arm ]; then
		refuse "$(and_list "$cma_show") short once its free CMA is left out, on $arch: the replay places a CMA area only in vexpress-a9's lowmem (arm), where it is measured$([ "$arch" != x86_64 ] || echo "; Debian's amd64 kernels have no CMA")"
	elif [ "$(guest_zone "${cma_zones#*/}")" != DMA ] || [[ $cma_zones == *,* ]]; then
		refuse "$(and_list "$cma_show") short once its free CMA is left out: the replay places a CMA area only in vexpress-a9's lowmem, the zone DMA"
	else
		lowmem=$((mem < 768 ? mem : 768))
		span=$((lowmem < 512 ? lowmem : 512))
		cma_mib=$cma_free_mib
		scale_why="the report's own size (its memory is not more than the guest's)"
		if [ -n "$managed_mib" ] && [ "$managed_mib" -gt "$mem" ]; then
			cma_mib=$(((cma_free_mib * mem + managed_mib - 1) / managed_mib))
			scale_why="scaled as the report's $(mib_str "$managed_mib") to the guest's $(mib_str "$mem")"
		fi
		cma_mib=$(((cma_mib + 7) / 8 * 8))
		[ "$cma_mib" -ge 8 ] || cma_mib=8
		cma_max=$((span / 2)) cma_min=8 rel_why=''
		if [ "$mem" -gt 768 ]; then
			# HighMem: whether it keeps more free pages than the zones the
			# request may use (free_in_unusable_zones) is a verdict.  The
			# lowmem zone ends with about the area free; HighMem with
			# what the victim, whose user pages go there first, and about
			# 16M of the initramfs leave.
			hm=$((mem - 768))
			sep=''
			# A separate victim, as below: an oom-hog in HighMem.
			if [ "$has_victim" = true ] && ! { [ -n "$v_pid" ] && [ "$v_pid" = "$t_pid" ]; }; then sep=1; fi
			if [[ " $verdicts " == *" free_in_unusable_zones "* ]]; then
				[ "$cma_max" -le $((hm - 96)) ] || cma_max=$((hm - 96))
				[ "$cma_mib" -le "$cma_max" ] || cma_mib=$cma_max
				if [ -n "$sep" ]; then
					victim_cap=$((hm - cma_mib - 64))
					[ "$victim_cap" -ge 16 ] || victim_cap=16
					victim_cap_why="at most $(mib_str "$victim_cap"), so that HighMem, where its pages go first, keeps more free pages than the CMA area in DMA, as the report's HighMem kept more than its $(and_list "$cma_show") (free_in_unusable_zones)"
				fi
				rel_why="; HighMem keeps more free pages than that, as in the report (free_in_unusable_zones)"
			else
				left=$((hm - 16))
				if [ -n "$sep" ]; then
					# The victim's size, as below.
					dv=$((mem / 5))
					[ "$dv" -le 256 ] || dv=256
					left=$((left - dv))
				fi
				cma_min=$(((left + 32 + 7) / 8 * 8))
				[ "$cma_mib" -ge "$cma_min" ] || cma_mib=$cma_min
				rel_why="; at least $(mib_str "$cma_min"), more than HighMem keeps free, as the report's $(and_list "$cma_show") kept more free pages than its HighMem"
			fi
		fi
		if [ "$cma_mib" -lt "$cma_min" ] || [ "$cma_mib" -gt $((span / 2)) ]; then
			refuse "a CMA area of $(mib_str "$cma_mib") in the guest's DMA: it must be at least $(mib_str "$cma_min") and at most $(mib_str $((span / 2))) (half of the lowmem it is placed in), for the zones to keep free pages as the report's did"
		else
			cma_append="cma=${cma_mib}M@1536M-$((1536 + span))M"
			cma_why="a CMA area of $(mib_str "$cma_mib") in DMA, which plays the report's $(and_list "$cma_show") ($cma_append on the guest kernel's command line, in place of armmp's default 16M, which vexpress-a9 places in HighMem): the report's $(and_list "$cma_show") had $(mib_str "$cma_free_mib") of free CMA, $scale_why, in whole pageblocks (8M)$rel_why; a non-movable request cannot use CMA pages and the watermark check leaves them out for it, so the module's pages fill DMA outside the area, which stays above min with its free CMA and below it without"
		fi
	fi
fi

# -- victim -------------------------------------------------------------
alloc_note='' victim_size='' victim_adj='' trig_adj=${t_adj:-0} fault_size='' victim_why=''
space=$mem
[ "$numa" = 1 ] || space=$((mem / numa))
[ -z "$limit_mib" ] || space=$limit_mib
if [ "$has_victim" = true ]; then
	if [ -n "$v_pid" ] && [ "$v_pid" = "$t_pid" ]; then
		trig_adj=${v_adj:-${t_adj:-0}}
		victim_why="the allocating task itself ($v_comm), oom_score_adj $trig_adj$([ -n "$v_adj" ] || echo " (the report does not print the victim's; the trigger's)"), as the largest task it may kill"
	else
		victim_adj=${v_adj:-0}
		if [ "$trigger" = fault ] || [ "$trigger" = file ]; then
			victim_size=$((space * 6 / 10))
		else
			victim_size=$((space / 5))
			[ "$victim_size" -le 256 ] || victim_size=256
		fi
		[ -z "$victim_cap" ] || [ "$victim_size" -le "$victim_cap" ] || victim_size=$victim_cap
		victim_why="oom-hog holding $(mib_str "$victim_size") with oom_score_adj $victim_adj$([ -n "$v_adj" ] || echo " (the report does not print it: 0)"), the largest task, in place of $v_comm$([ -z "$victim_cap" ] || echo " ($victim_cap_why)"); the trigger at oom_score_adj $trig_adj"
	fi
else
	victim_why="none: the report kills nothing"
fi
if [ "$trigger" = fault ] || [ "$trigger" = file ]; then fault_size=$((space * 2 + 64)); fi

# -- sysctls: the report's panic_on_oom, and the what-if ------------------
sysctls=()
if [ "$panic" = true ] && [ "$kind" = oom ]; then
	if [ "$cclass" = CONSTRAINT_NONE ]; then sysctls+=(vm.panic_on_oom=1); else sysctls+=(vm.panic_on_oom=2); fi
fi
frag_why=''
if [ -n "$fragment" ]; then
	fragment=$((mem / 4))
	sysctls+=(vm.extfrag_threshold=1000)
	frag_why="fragmentation: $(mib_str "$fragment") of one-page tmpfs files with every other one deleted leaves free pages no order-${order} block can use; vm.extfrag_threshold=1000 keeps compaction from closing the holes$(case $gfp_names in *ATOMIC* | *NOWAIT*) echo ", as the report's $gfp_names request could not compact" ;; esac)"
fi
# Watermark boosting (5.0) raises min while the trigger's requests steal
# pageblocks of other types, and kswapd drops the boost again at any
# time: a zone judged against its boosted min may be printed against its
# plain one.  A report from before 5.0 had none.
if { [ -n "$ha_why" ] || [ -n "$holes_why" ]; } && [ -n "$rver" ] && [ "$rver" -lt 5000 ]; then
	sysctls+=(vm.watermark_boost_factor=0)
	boost_why="; vm.watermark_boost_factor=0: the report's kernel predates watermark boosting (5.0), which raises min while the trigger steals pageblocks of other types, and kswapd may drop the boost before the report is printed"
	if [ -n "$holes_why" ]; then holes_why+=$boost_why; else ha_why+=$boost_why; fi
fi
[ -z "$holes_why" ] || frag_why=$holes_why
for kv in $o_sysctl; do sysctls+=("$kv"); done

# -- the guest command ----------------------------------------------------
gcmd=(aoom-replay)
for kv in "${sysctls[@]}"; do gcmd+=(--sysctl "$kv"); done
[ "$panic" != true ] || gcmd+=(--panic)
case $group in
memcg1 | memcg2) gcmd+=("--$group" "${limit_mib}M") ;;
cpuset) gcmd+=(--cpuset "$node") ;;
esac
[ -z "$ha_guest" ] || gcmd+=(--highatomic "$ha_guest")
[ -z "$fragment" ] || gcmd+=(--fragment "$fragment")
[ -z "$holes_guest" ] || gcmd+=(--holes "$holes_guest")
[ -z "$victim_size" ] || gcmd+=(--victim "${victim_size}M" --victim-adj "$victim_adj")
gcmd+=(--trigger "$trigger")
params=''
case $trigger in
module)
	params="order=$order_param gfp=$gfp_param${account:+ account=1}"
	case $gfp_names in
	*ATOMIC* | *NOWAIT* | *NORETRY*)
		alloc_note="the module's request may sleep, reclaim and retry, the report's ($gfp_names) could not; the zones it may use are the same"
		;;
	esac
	# kills=0 leaves the kernel to panic (panic_on_oom) or kill as it will.
	[ "$panic" != true ] || params="$params kills=0"
	gcmd+=(--params "$params")
	;;
fault | file)
	gcmd+=(--size "${fault_size}M")
	[ "$cclass" != CONSTRAINT_MEMORY_POLICY ] || gcmd+=(--membind "$node")
	;;
esac
gcmd+=(--adj "$trig_adj")
cmdline=''
for a in "${gcmd[@]}"; do
	if [[ $a =~ ^[A-Za-z0-9_.,=/:+-]+$ ]]; then cmdline+=" $a"; else cmdline+=" $(sq "$a")"; fi
done
cmdline=${cmdline# }
timeout=${o_timeout:-$([ "$mem" -ge 4096 ] && echo 900 || echo 300)}
run=(--arch "$arch" --kver "$kver" --mem "$(mib_str "$mem")" --timeout "$timeout")
[ "$numa" = 1 ] || run+=(--numa "$numa")
[ -z "$cma_append" ] || run+=(--append "$cma_append")

# -- the plan, as text or JSON ---------------------------------------------
case $trigger in
module)
	alloc_how="insmod alloc-oom.ko $params"
	[ -z "$account" ] || alloc_how="$alloc_how in the group, its pages charged to it (__GFP_ACCOUNT) as the report's $gfp_names"
	;;
fault)
	if [ "$cclass" = CONSTRAINT_MEMCG ]; then
		alloc_how="oom-hog faulting anonymous pages in the group (the kernel rows charge them with GFP_KERNEL)"
	else
		alloc_how="oom-hog faulting anonymous pages (user pages: GFP_HIGHUSER_MOVABLE)"
	fi
	;;
file) alloc_how="oom-hog locking a file's page cache in the group, on ext2 on a zram disk: each page is charged as it faults in, with the file's GFP_HIGHUSER_MOVABLE, as a page cache fault is" ;;
sysrq) alloc_how="echo f >/proc/sysrq-trigger (a manual OOM, order -1)" ;;
*) alloc_how='' ;;
esac
case $cclass in
CONSTRAINT_MEMCG) c_how="a cgroup v$memcg_ver group with its limit at $(mib_str "${limit_mib:-0}") ($mv_why; $limit_why)" ;;
CONSTRAINT_CPUSET) c_how="a cgroup v2 cpuset with cpuset.mems=$node, $numa nodes" ;;
CONSTRAINT_MEMORY_POLICY) c_how="oom-hog --membind $node, $numa nodes" ;;
none) c_how="an allocation failure: no OOM killer, so no constraint" ;;
*) c_how="none (the whole machine)$([ "$numa" = 1 ] || echo ", $numa nodes")" ;;
esac
kind_text=$kind
[ "$kind" != oom ] || kind_text="OOM kill"
[ "$kind" != alloc_failure ] || kind_text="allocation failure without an OOM kill"
[ "$panic" != true ] || kind_text="$kind_text, ending in a panic"

plan_json=$(jq -n --arg report "$report" --argjson event "$event" --argjson events "${count:-0}" \
	--arg kind "$kind_text" --arg arch "$arch" --arg arch_why "$arch_why" --arg machine "$M_MACHINE" \
	--arg kver "$kver" --arg kver_why "$kver_why" --arg mem "$(mib_str "$mem")" --argjson numa "$numa" \
	--arg mem_why "$mem_why" --arg zones "$zone_list" --arg zones_why "$zones_why" --argjson zmap "$zmap" \
	--arg order "${order:-}" --arg gfp "$gfp_mask${gfp_names:+($gfp_names)}" --arg gclass "$gfp_zone" \
	--argjson movable "${movable:-false}" --arg trigger "$trigger" --arg alloc "$alloc_how" --arg alloc_note "$alloc_note" \
	--arg constraint "$cclass" --arg c_how "$c_how" --arg victim "$victim_why" \
	--arg guest "$cmdline" --arg run "scripts/run.sh ${run[*]} --cmd $(sq "$cmdline")" \
	--arg sysctls "${sysctls[*]}" --arg frag "$frag_why" --arg ha "$ha_why" --arg ha_zones "$ha_guest" \
	--arg cma "$cma_why" --arg cma_append "$cma_append" \
	--argjson refused "$(printf '%s\n' "${refusals[@]}" | jq -R -s 'split("\n") | map(select(. != ""))')" '
	{report: $report, event: $event, events: $events, kind: $kind, replayable: ($refused | length == 0),
	 refused: $refused,
	 arch: {arch: $arch, machine: $machine, why: $arch_why}, kver: {row: $kver, why: $kver_why},
	 memory: {mem: $mem, numa: $numa, why: $mem_why},
	 zones: {report: $zones, zone_map: $zmap, why: $zones_why},
	 allocation: {order: ($order | tonumber? // null), gfp: $gfp, zone_class: $gclass, movable: $movable,
		trigger: $trigger, how: $alloc, note: (if $alloc_note == "" then null else $alloc_note end)},
	 constraint: {type: $constraint, how: $c_how}, victim: $victim,
	 highatomic: (if $ha == "" then null else {zones: ($ha_zones | split(",")), how: $ha} end),
	 cma: (if $cma == "" then null else {append: $cma_append, how: $cma} end),
	 fragmentation: (if $frag == "" then null else $frag end),
	 sysctls: ($sysctls | split(" ") | map(select(. != ""))),
	 guest_command: $guest, run: $run}')

print_plan() {
	jq -r '
		"Replay plan: \(.report), event \(.event) of \(.events)",
		"  report:      \(.kind)",
		"  arch:        \(.arch.arch) (\(.arch.machine)), from \(.arch.why)",
		"  kernel:      KVER=\(.kver.row): \(.kver.why)",
		"  memory:      MEM=\(.memory.mem)\(if .memory.numa > 1 then ", NUMA=\(.memory.numa)" else "" end): \(.memory.why)",
		"  zones:       \(if .zones.report == "" then "(none printed)" else .zones.report end): \(.zones.why)",
		"  allocation:  order \(.allocation.order), \(.allocation.gfp): zone class \(.allocation.zone_class), \(if .allocation.movable then "movable" else "not movable" end)",
		(if .allocation.how != "" then "               -> \(.allocation.how)" else empty end),
		(if .allocation.note != null then "               (\(.allocation.note))" else empty end),
		"  constraint:  \(.constraint.type): \(.constraint.how)",
		"  victim:      \(.victim)",
		(if .highatomic != null then "  highatomic:  \(.highatomic.how)" else empty end),
		(if .cma != null then "  cma:         \(.cma.how)" else empty end),
		(if .fragmentation != null then "  memory map:  \(.fragmentation)" else empty end),
		(if (.sysctls | length) > 0 then "  sysctls:     \(.sysctls | join(" "))" else empty end),
		(if .replayable then "  guest:       \(.guest_command)", "  run:         \(.run)"
		 else "", "Not replayable:", (.refused[] | "  - " + .) end)' <<<"$plan_json"
}
if [ -n "$json" ]; then echo "$plan_json"; else print_plan; fi
[ ${#refusals[@]} = 0 ] || exit 3
[ -z "$plan_only" ] || exit 0

# -- run ------------------------------------------------------------------
[ -n "$json" ] || echo
say "replaying in a $arch guest (KVER=$kver, MEM=$(mib_str "$mem")$([ "$numa" = 1 ] || echo ", NUMA=$numa")); run.sh's progress follows"
runout=$(mktemp)
trap 'rm -f "$runout" "$runout.dmesg"' EXIT
# play_guest: one run of the guest; sets rep (its first event, JSON),
# what (what the guest said of its set-up and trigger), log and rundir.
play_guest() {
	local rc=0
	"$AOOM_TOP/scripts/run.sh" "${run[@]}" --cmd "$cmdline" 2>&1 | tee "$runout" >&2 || true
	rc=${PIPESTATUS[0]}
	rundir=$(sed -n "s/^==> this run's folder (serial log, command, initramfs): //p" "$runout" | tail -n 1)
	log=$rundir/serial.log
	if [ -z "$rundir" ] || [ ! -f "$log" ]; then
		echo "error: the guest did not run (run.sh exited $rc; its messages are above)" >&2
		exit 4
	fi
	tr -d '\r' <"$log" | sed -n '/^---- aoom-replay dmesg ----$/,/^---- aoom-replay end ----$/p' >"$runout.dmesg"
	# A panic ends the guest before the dump: the report is on the console.
	[ -s "$runout.dmesg" ] || tr -d '\r' <"$log" >"$runout.dmesg"
	cp "$runout.dmesg" "$rundir/replay-report.txt"
	rep=$(event_json "$runout.dmesg" 1)
	what=$(tr -d '\r' <"$log" | sed -n 's/^aoom-replay: //p' | grep -E '^(highatomic pageblocks|holes|insmod exited|alloc_oom: done|oom-hog exited|the victim)' |
		tr '\n' ';' | sed 's/;$//; s/;/; /g')
	[ -n "$json" ] || {
		echo
		say "the replay's serial log: $log; its kernel log: $rundir/replay-report.txt"
		[ -z "$what" ] || say "in the guest: $what"
		echo
	}
	[ "$rc" = 0 ] || [ "$rc" = 123 ] || [ -n "$rep" ] || {
		echo "error: the guest did not finish (run.sh exited $rc); the last lines of its serial log:" >&2
		tail -n 20 "$log" >&2
		exit 4
	}
}
# Pages freed late are a race of the kernel's OOM path, not the plan's
# doing (1 run in 24 of the arm64 CMA report on arm64/6.1, host busy): the
# guest is played once more, and the second run's comparison stands.
for attempt in 1 2; do
	play_guest
	cmp=$(compare_json "$orig" "$rep" "$zmap" "${what:-the guest shows no OOM}")
	if [ "$attempt" = 2 ] || ! jq -e .freed_late <<<"$cmp" >/dev/null; then
		break
	fi
	say "the replay's report shows pages freed after the request's last try (only the verdicts and zones rows differ): a race of the OOM path, so the guest is played once more"
done
status=0
compare_show "$(jq --argjson n "$attempt" '. + {runs: $n}' <<<"$cmp")" || status=1
exit "$status"
}
