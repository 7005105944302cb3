#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/report.sh [--data DIR] [--out FILE] [--no-plots]
#
# Turn the BENCH lines that bench/run.sh saved (DIR/<arch>-<mem>.bench,
# default bench/data) into tables: printed, and written with the machine
# and kernels they came from to FILE (default bench/results.md), with
# gnuplot PNGs next to it: time to OOM against guest RAM, one line per
# method, and /proc/buddyinfo before and after one module run.
#
# Ratios are taken run by run inside one boot and on the time per page,
# because the methods do not take exactly the same number of pages:
#   limit row:        module / limit   (goal <= 1.2)
#   hog, stress rows: method / module  (goal >= 3)
set -eu
set -o pipefail
bench=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$bench/../scripts/lib.sh"

data=$bench/data out='' plots=1
while [ $# -gt 0 ]; do
	case $1 in
	--data) data=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--no-plots) plots=; shift ;;
	*) die "bench/report.sh: unknown argument '$1'" ;;
	esac
done
out=${out:-$bench/results.md}
outdir=$(dirname "$out")
ls "$data"/*.bench >/dev/null 2>&1 || die "no $data/*.bench: run bench/run.sh first"

# One row per result: arch mem mem_mib method order run ms pages free_ms held
# (an rmmod time counts only when the module held pages: when the OOM
# killer took insmod too, stop=signal, everything was freed in the loop)
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
for f in "$data"/*.bench; do
	b=$(basename "$f" .bench)
	arch=${b%-*} mem=${b##*-}
	mib=$(numfmt --from=iec "$mem" | awk '{ print int($1 / 1048576) }')
	awk -v a="$arch" -v m="$mem" -v mib="$mib" '
		$1 == "BENCH" {
			delete f
			for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
			print a, m, mib, f["method"], f["order"], f["run"], f["ms"], f["pages"], \
				(f["free_ms"] == "" ? "-" : f["free_ms"]), (f["held"] == "" ? "-" : f["held"])
		}' "$f"
done | sort -k1,1 -k3,3n -k5,5n -k4,4 -k6,6n >"$rows"

# The time-to-OOM table.  Per-page ratios are formed within each run.
table() {
	awk '
	function med(s,   n, v, i, j, t) {
		n = split(s, v, " ")
		for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
		lo = v[1]; hi = v[n]
		return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	{
		k = $1 SUBSEP $2 SUBSEP $5
		if (!(k in seen)) { seen[k] = 1; keys[++nk] = k; mib[k] = $3 }
		km = k SUBSEP $4
		ms[km] = ms[km] " " $7; pg[km] = pg[km] " " $8
		if ($9 != "-" && $10 != 0) fr[km] = fr[km] " " $9
		per[k SUBSEP $4 SUBSEP $6] = ($8 > 0 ? $7 / $8 : "")
		runs[k SUBSEP $6] = 1
	}
	END {
		print "| arch | RAM | method | order | median ms | min-max ms | median pages | median free ms | ratio (per page) | ratio min-max |"
		print "|---|---|---|---|---|---|---|---|---|---|"
		nm = split("module limit hog stress", M, " ")
		for (i = 1; i <= nk; i++) {
			k = keys[i]; split(k, p, SUBSEP)
			for (j = 1; j <= nm; j++) {
				km = k SUBSEP M[j]
				if (!(km in ms)) continue
				m = med(ms[km]); l = lo; h = hi
				pgs = med(pg[km])
				f = (km in fr) ? sprintf("%d", med(fr[km])) : "-"
				# ratios, run by run
				rs = ""
				for (rk in runs) {
					split(rk, q, SUBSEP)
					if (q[1] SUBSEP q[2] SUBSEP q[3] != k) continue
					a = per[k SUBSEP "module" SUBSEP q[4]]; b = per[k SUBSEP M[j] SUBSEP q[4]]
					if (a == "" || b == "" || a == 0 || b == 0) continue
					rs = rs " " (M[j] == "limit" ? a / b : b / a)
				}
				if (M[j] == "module" || rs == "") { r = "-"; rr = "-" }
				else { r = sprintf("%.2f", med(rs)); rr = sprintf("%.2f-%.2f", lo, hi) }
				name = M[j] == "limit" ? "limit (module/limit)" : M[j]
				if (M[j] == "hog" || M[j] == "stress") name = M[j] " (" M[j] "/module)"
				printf "| %s | %s | %s | %s | %d | %d-%d | %d | %s | %s | %s |\n", p[1], p[2], M[j], p[3], m, l, h, pgs, f, r, rr
			}
		}
	}' "$rows"
}

# The scaling table: order 0, per arch and RAM; fits of ms against pages.
scaling() {
	awk '
	function med(s,   n, v, i, j, t) {
		n = split(s, v, " ")
		for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
		return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	$5 == 0 {
		k = $1 SUBSEP $3
		if (!(k in seen)) { seen[k] = 1; keys[++nk] = k; memn[k] = $2 }
		ms[k SUBSEP $4] = ms[k SUBSEP $4] " " $7; pg[k SUBSEP $4] = pg[k SUBSEP $4] " " $8
		if ($9 != "-" && $10 != 0) fr[k SUBSEP $4] = fr[k SUBSEP $4] " " $9
	}
	function fit(a, m,   i, n, sx, sy, sxx, sxy, syy, x, y, b, c, ss, st) {
		n = 0; sx = sy = sxx = sxy = syy = 0
		for (i = 1; i <= nk; i++) {
			split(keys[i], q, SUBSEP); if (q[1] != a) continue
			km = keys[i] SUBSEP (m == "free" ? "module" : m)
			if (!(km in ms) || (m == "free" && !(km in fr))) continue
			x = med(pg[km]); y = (m == "free") ? med(fr[km]) : med(ms[km])
			n++; sx += x; sy += y; sxx += x * x; sxy += x * y; syy += y * y
		}
		if (n < 3) return "-"
		b = (n * sxy - sx * sy) / (n * sxx - sx * sx); c = (sy - b * sx) / n
		st = syy - sy * sy / n; ss = 0
		for (i = 1; i <= nk; i++) {
			split(keys[i], q, SUBSEP); if (q[1] != a) continue
			km = keys[i] SUBSEP (m == "free" ? "module" : m)
			if (!(km in ms) || (m == "free" && !(km in fr))) continue
			x = med(pg[km]); y = (m == "free") ? med(fr[km]) : med(ms[km])
			ss += (y - b * x - c) ^ 2
		}
		return sprintf("%.3f ms/MiB, R2 = %.4f (%d sizes)", b * 256, st > 0 ? 1 - ss / st : 1, n)
	}
	END {
		print "| arch | RAM | module ms | module pages | rmmod free ms | limit ms | limit pages | hog ms | hog pages |"
		print "|---|---|---|---|---|---|---|---|---|"
		for (i = 1; i <= nk; i++) {
			k = keys[i]; split(k, p, SUBSEP)
			printf "| %s | %s", p[1], memn[k]
			km = k SUBSEP "module"; printf " | %s | %s | %s", (km in ms) ? med(ms[km]) : "-", (km in pg) ? med(pg[km]) : "-", (km in fr) ? sprintf("%d", med(fr[km])) : "-"
			km = k SUBSEP "limit"; printf " | %s | %s", (km in ms) ? med(ms[km]) : "-", (km in pg) ? med(pg[km]) : "-"
			km = k SUBSEP "hog"; printf " | %s | %s |\n", (km in ms) ? med(ms[km]) : "-", (km in pg) ? med(pg[km]) : "-"
			arches[p[1]] = 1
		}
		print ""
		print "Linear fits of the median time against the median pages taken (order 0):"
		print ""
		for (a in arches) {
			printf "- %s module: %s\n", a, fit(a, "module")
			printf "- %s module rmmod free: %s\n", a, fit(a, "free")
			printf "- %s limit: %s\n", a, fit(a, "limit")
			printf "- %s hog: %s\n", a, fit(a, "hog")
		}
	}' "$rows"
}

bookkeeping() {
	local f line
	echo "| arch | RAM | held blocks | MemFree drop kB | held pages kB | extra bytes per block | slab delta bytes | slab bytes per block |"
	echo "|---|---|---|---|---|---|---|---|"
	for f in "$data"/*.bench; do
		line=$(grep '^BENCH-BOOK' "$f" | head -n 1) || continue
		b=$(basename "$f" .bench)
		# shellcheck disable=SC2086 # key=value words
		echo "$b $line" | awk '{
			split($1, am, "-"); for (i = 3; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
			hk = f["held_pages"] * 4
			printf "| %s | %s | %d | %d | %d | %.1f | %d | %.2f |\n", substr($1, 1, length($1) - length(am[length(am)]) - 1), am[length(am)], \
				f["held_blocks"], f["memfree_drop_kb"], hk, (f["memfree_drop_kb"] - hk) * 1024 / f["held_blocks"], \
				f["slab_delta_bytes"], f["slab_delta_bytes"] / f["held_blocks"] }'
	done
}

plots() {
	command -v gnuplot >/dev/null || { warn "no gnuplot: no PNGs"; return 0; }
	local dat=$outdir/.time-to-oom.dat plot='' arch m first=1 buddy color dt pt
	# arch method mib median_ms (order 0)
	awk 'function med(s,   n, v, i, j, t) {
			n = split(s, v, " ")
			for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
			return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		}
		$5 == 0 { k = $1 " " $4 " " $3; v[k] = v[k] " " $7 }
		END { for (k in v) print k, med(v[k]) }' \
		"$rows" | sort -k1,1 -k2,2 -k3,3n >"$dat"
	while read -r arch; do
		for m in module limit hog stress; do
			grep -q "^$arch $m " "$dat" || continue
			[ -n "$first" ] || plot="$plot, "
			first=
			case $m in
			module) color='#1f5fbf' ;;
			limit) color='#2ca02c' ;;
			hog) color='#d62728' ;;
			*) color='#ff7f0e' ;;
			esac
			dt=1 pt=7
			[ "$arch" = x86_64 ] || { dt=2; pt=5; }
			plot="$plot\"< grep '^$arch $m ' $dat\" using 3:4 with linespoints lw 2 dt $dt pt $pt lc rgb '$color' title '$arch $m'"
		done
	done < <(awk '{ print $1 }' "$dat" | sort -u)
	gnuplot <<-GP
		set terminal pngcairo size 900,600 noenhanced
		set output '$outdir/time-to-oom.png'
		set title 'Time to OOM (order 0) against guest RAM, median of the runs (solid x86_64, dashed vexpress-a9)'
		set xlabel 'guest RAM (MiB)'
		set ylabel 'milliseconds'
		set logscale xy
		set grid
		set key top left
		plot $plot
	GP
	rm -f "$dat"
	# buddyinfo before and after one module run: the first file with it.
	buddy=$(grep -l '^BENCH-BUDDY' "$data"/x86_64-*.bench "$data"/*.bench 2>/dev/null | head -n 1) || return 0
	dat=$outdir/.buddy.dat
	awk '/^BENCH-BUDDY when=/ { split($2, w, "="); when = w[2]; next }
		/^BENCH-BUDDY Node/ { z = $5; for (o = 0; o + 6 <= NF; o++) n[z, o, when] = $(o + 6); zs[z] = 1; if (NF - 6 > max) max = NF - 6 }
		END { for (z in zs) { print "# zone " z; for (o = 0; o <= max; o++) print o, n[z, o, "before"] + 0, n[z, o, "after"] + 0; print ""; print "" } }' \
		"$buddy" >"$dat"
	local zones nz i
	zones=$(sed -n 's/^# zone //p' "$dat" | xargs)
	nz=$(echo "$zones" | wc -w)
	{
		echo "set terminal pngcairo size $((nz > 1 ? 450 * nz : 700)),500 noenhanced"
		echo "set output '$outdir/buddyinfo.png'"
		echo "set multiplot layout 1,$nz title 'buddyinfo before and after alloc-oom.ko order=0 ($(basename "$buddy" .bench))'"
		echo "set style data histograms; set style histogram clustered gap 1; set style fill solid 0.8 border -1"
		echo "set xlabel 'order'; set ylabel 'free blocks'; set grid ytics; set key outside bottom center horizontal; set yrange [0:*]"
		i=0
		for z in $zones; do
			echo "set title 'zone $z'"
			echo "plot '$dat' index $i using 2:xtic(1) title 'before', '' index $i using 3 title 'after'"
			i=$((i + 1))
		done
		echo "unset multiplot"
	} | gnuplot
	rm -f "$dat"
}

# goals TABLE: the goals against the medians of the time-to-OOM table.
goals() {
	awk -F ' *[|] *' '$4 ~ /^(limit|hog|stress)$/ && $10 != "-" {
		k = $2 " " $4
		if (!(k in lo) || $10 + 0 < lo[k]) { lo[k] = $10 + 0; lok[k] = $3 " order " $5 }
		if (!(k in hi) || $10 + 0 > hi[k]) { hi[k] = $10 + 0; hik[k] = $3 " order " $5 }
	}
	END {
		for (k in lo) {
			split(k, p, " ")
			if (p[2] == "limit")
				printf "- %s module/limit <= 1.2: %s (medians %.2f at %s to %.2f at %s)\n", p[1], (hi[k] <= 1.2 ? "met" : "not met everywhere"), lo[k], lok[k], hi[k], hik[k]
			else
				printf "- %s %s/module >= 3: %s (medians %.2f at %s to %.2f at %s)\n", p[1], p[2], (lo[k] >= 3 ? "met" : "not met everywhere"), lo[k], lok[k], hi[k], hik[k]
		}
	}' <<<"$1" | sort
}

t1=$(table)
t2=$(scaling)
t3=$(bookkeeping)
t0=$(goals "$t1")
echo "$t0"
echo
echo "$t1"
echo
echo "$t2"
echo
echo "$t3"
[ -z "$plots" ] || plots

{
	echo "# alloc-oom benchmark results"
	echo
	echo "Written by \`bench/report.sh\` from \`$(basename "$data")/*.bench\` (\`make bench\`)."
	echo
	echo "## Machine and kernels"
	echo
	echo "- host: $(uname -srm), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- QEMU: $(qemu-system-x86_64 --version 2>/dev/null | head -n 1), TCG (no KVM)"
	for f in "$data"/*.bench; do
		sed -n "s/^BENCH-INFO kernel=\([^ ]*\) machine=\([^ ]*\) memtotal_kb=\([0-9]*\).*/- guest $(basename "$f" .bench): Linux \1 (\2), MemTotal \3 kB/p" "$f"
		sed -n "s/^BENCH-HOST .*wall_s=\(.*\)/  (boot wall time \1 s)/p" "$f"
	done
	echo
	echo "## Goals"
	echo
	echo "Per-page ratios, the median of each row of the tables below, over"
	echo "every order and RAM size measured."
	echo
	echo "$t0"
	echo
	echo "## Time to OOM"
	echo
	echo "Median and min-max over the runs of one boot per row group.  ms is the"
	echo "module's own loop time (insmod to the notifier's hit), the limit module's"
	echo "loop time, and for oom-hog and stress-ng the time from before the"
	echo "process starts to when it holds its memory (dmesg marks).  The"
	echo "userspace methods touch 90% of the pages the module took (all of them"
	echo "would itself end in the OOM killer), so ratios compare the time per page,"
	echo "run by run."
	echo
	echo "$t1"
	echo
	echo "## Scaling (order 0)"
	echo
	echo "$t2"
	echo
	echo "## Bookkeeping per held block"
	echo
	echo "MemFree (plus the per-CPU lists) before the run and while the module"
	echo "holds its blocks, minus the held pages themselves; and the change of"
	echo "the slab caches' total (\`/proc/slabinfo\`).  Measured, not asserted."
	echo
	echo "$t3"
	echo
	if [ -f "$outdir/time-to-oom.png" ]; then
		echo "## Pictures"
		echo
		echo "![time to OOM](time-to-oom.png)"
		echo
		echo "![buddyinfo](buddyinfo.png)"
		echo
	fi
	for f in notes.md devloop.md; do
		[ ! -f "$bench/$f" ] || cat "$bench/$f"
	done
} >"$out"
say "wrote $out"
