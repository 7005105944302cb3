# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/report.sh: the end of 'make check', sourced by tests/run.sh:
# the time of each phase, each guest's time to verdict, each scenario's
# summed over the rows, a line per kernel row, and whether prove reads
# the stream.
# shellcheck disable=SC2154 # the variables are tests/run.sh's

printf '#   %s\n' "${phases[@]}"
# Boot-to-verdict wall time of each guest, QEMU start to exit.
echo "# seconds from QEMU start to verdict, per guest (median, min-max of the scenarios):"
for t in $ready; do
	arch=${t%/*} kver=${t#*/}
	sort -n "$out/times-$kver-$arch" 2>/dev/null |
		awk -v t="$t" '{ v[NR] = $1 } END { if (NR) printf "#   %-12s %5.1f  (%.1f-%.1f, %d guests)\n", t, v[int((NR + 1) / 2)], v[1], v[NR], NR }'
done
# Where the guests' time goes: each scenario's seconds summed over the
# rows, the largest first, with its slowest row.
echo "# guest seconds per scenario, summed over the rows (its slowest row):"
awk '{ sum[$2] += $1; n[$2]++; if ($1 > max[$2]) { max[$2] = $1; at[$2] = $3 } }
	END { for (s in sum) printf "%7.1f  %-16s %2d rows  (%s %.1f)\n", sum[s], s, n[s], at[s], max[s] }' \
	"$out/times-scenarios" 2>/dev/null | sort -rn | sed 's/^/#   /'
# One line per row, for the README's table of kernels and architectures.
echo "# per row: kernel, module build and gates, scenario results"
for t in $rows; do
	awk -F '\t' -v t="$t " '
		index($2, t) != 1 { next }
		$2 ~ / fetch: / { rel = substr($2, index($2, ": ") + 2); sub(/ \([0-9.]+ s\)$/, "", rel) }
		$2 ~ / (build alloc-oom.ko|W=1 build with sparse \(C=2\) is silent)$/ { g[$1]++; next }
		$2 ~ / fetch/ { next }
		{ r[$1]++ }
		END {
			printf "#   %-16s %-28s gates %d ok %d failed   scenarios %d passed %d failed %d skipped\n",
				t, rel, g["ok"], g["fail"], r["ok"], r["fail"], r["skip"]
		}' "$out/results"
done
# TAP consumers accept the stream: prove reads the results so far, framed
# as the stream is (this check's own line and the plan follow the same way).
{
	echo "TAP version 13"
	cat "$out/tap"
	echo "1..$n"
	echo "$passed passed, $failed failed"
} >"$out/tap-so-far"
prove -e cat "$out/tap-so-far" >"$out/prove.log" 2>&1 || true
if grep -q "Tests=$n\b" "$out/prove.log" && ! grep -q 'Parse errors' "$out/prove.log"; then
	result ok "prove reads the stream: $n results, no parse errors"
else
	result fail "prove reads the stream" "see $out/prove.log"
	diag 10 "$out/prove.log"
fi
