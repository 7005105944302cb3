#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/run.sh [--arch 'ARCH...'] [--mem 'SIZE...'] [--runs N] [--orders 'O...']
#              [--methods 'M...'] [--data DIR] [--smoke]
#
# Boot one guest per architecture and RAM size and run the guest side
# (bench/guest/aoom-bench) in it: time to OOM of alloc-oom.ko against the
# allocator's limit (aoom_limit.ko), oom-hog and stress-ng, all in the
# same boot.  The BENCH lines of each boot go to DATA/<arch>-<mem>.bench
# (default bench/data), then bench/report.sh prints the tables and writes
# bench/results.md.  --smoke is one run of x86_64 at 256M, order 0, into a
# scratch folder, and checks that the table is well formed.  Benchmarks
# never fail on slowness; a guest that does not finish, or a lockup, stall
# or hung task in its kernel log, does fail.
set -eu
set -o pipefail
bench=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$bench/../scripts/lib.sh"

arches='x86_64 arm' mems=256M runs=5 orders='0 1 2 3' methods='limit module hog stress'
data=$bench/data smoke='' extras=--extras
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arches=$2; shift 2 ;;
	--mem) mems=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--orders) orders=$2; shift 2 ;;
	--methods) methods=$2; shift 2 ;;
	--data) data=$2; shift 2 ;;
	--no-extras) extras=; shift ;;
	--smoke) smoke=1; shift ;;
	*) die "bench/run.sh: unknown argument '$1'" ;;
	esac
done
if [ -n "$smoke" ]; then
	arches=x86_64 mems=256M runs=1 orders=0 methods='limit module hog'
	data=$BUILD/bench-smoke
	rm -rf "$data"
fi
mkdir -p "$data"

# Host tools of the report: gnuplot draws the PNGs.
if ! command -v gnuplot >/dev/null; then
	"$AOOM_TOP/scripts/setup-host.sh" >&2
fi

nostress=
case " $methods " in *" stress "*) ;; *) nostress=--no-stress-ng ;; esac
for arch in $arches; do
	say "building the benchmark for $arch"
	log=$data/build-$arch.log
	initrd=$("$bench/build.sh" --arch "$arch" $nostress 2>"$log") ||
		{ tail -n 20 "$log" >&2; die "bench build for $arch failed (see $log)"; }
	for mem in $mems; do
		out=$data/$arch-$mem.bench
		serial=$data/$arch-$mem.serial
		# Generous: an 8G TCG guest takes minutes per method and run,
		# and vexpress-a9 is about three times slower than x86_64.
		mb=$(numfmt --from=iec "$mem" | awk '{ print int($1 / 1048576) }')
		nord=$(echo "$orders" | wc -w)
		timeout=$((120 + mb * runs * nord / 16))
		[ "$arch" = x86_64 ] || timeout=$((timeout * 3))
		say "$arch $mem: $runs run(s) of orders '$orders', methods '$methods' (timeout ${timeout}s)"
		t0=$(now_ms)
		"$AOOM_TOP/scripts/boot.sh" --arch "$arch" --mem "$mem" --quiet \
			--timeout "$timeout" --initrd "$initrd" --log "$serial" \
			--cmd "aoom-bench --runs $runs --orders '$orders' --methods '$methods' $extras" >&2
		grep -E '^BENCH' "$serial" >"$out.tmp"
		echo "BENCH-HOST arch=$arch mem=$mem wall_s=$(since "$t0")" >>"$out.tmp"
		mv "$out.tmp" "$out"
		grep -q '^BENCH-DONE' "$out" || die "$arch $mem: the guest did not finish (see $serial)"
		if grep -E 'soft lockup|rcu_sched self-detected stall|rcu: INFO|hung_task|blocked for more than' "$serial" >&2; then
			die "$arch $mem: the kernel complained (see $serial)"
		fi
		say "$arch $mem: done in $(since "$t0") s"
	done
done

if [ -n "$smoke" ]; then
	"$bench/report.sh" --data "$data" --out "$data/results.md" --no-plots >"$data/table.txt"
	cat "$data/table.txt"
	# Well formed: a header, a separator and a row per method with a
	# median and a min-max, and every method present.
	for m in limit module hog; do
		grep -Eq "^\| x86_64 \| 256M \| $m \| 0 \| [0-9]+ \| [0-9]+-[0-9]+ \|" "$data/table.txt" ||
			die "smoke: no well-formed row for $m in $data/table.txt"
	done
	say "smoke: the table is well formed"
else
	"$bench/report.sh" --data "$data"
fi
