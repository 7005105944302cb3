#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh BIN FILE SIZE EVENTS RUNS [ARGS]
# bench.sh --rss BIN DIR SIZE
#
# Write FILE: SIZE (e.g. 1G, 8M) of ordinary kernel log lines with EVENTS
# OOM reports spread through it, then time BIN [ARGS] FILE and `grep -c
# 'invoked oom-killer'` on it, RUNS times each, and print the median
# throughputs and their ratio.  ARGS (e.g. --json) choose the output that
# is timed; without them, the text.  FILE is regenerated only when its
# size or event count changed.
#
# --rss: the peak memory (GNU time's "Maximum resident set size") of BIN
# on inputs of SIZE in DIR, one at a time and each deleted after: the
# ordinary log with 300 reports, and one event of each hostile shape of
# scripts/hostile.sh (a task table of 8-byte rows, a zone line with
# 4-byte continuation lines, zone lines of ever new nodes, 60000-byte
# strings, 200-byte task names), as the text, JSON and --count.  Prints
# one line per input and a table.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
template="$here/tests/fixtures/x86_64-6.1-dmesg.txt"

to_bytes() {
	case "$1" in
	*G) echo $(( ${1%G} * 1024 * 1024 * 1024 )) ;;
	*M) echo $(( ${1%M} * 1024 * 1024 )) ;;
	*K) echo $(( ${1%K} * 1024 )) ;;
	*) echo "$1" ;;
	esac
}

# write_log FILE BYTES EVENTS: the ordinary log with EVENTS reports
write_log() {
	file=$1
	bytes=$2
	events=$3
	tmp=$(mktemp -d)
	# one MiB of ordinary lines
	awk 'BEGIN {
		srand(42);
		split("audit: type=1400 audit(1700000000.123:42): apparmor=\"DENIED\" operation=\"open\" profile=\"snap.lxd\" name=\"/proc/sys/kernel/random/boot_id\" pid=1432 comm=\"lxd\" requested_mask=\"r\" denied_mask=\"r\"|EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro. Quota mode: none.|IPv4: martian source 10.0.0.255 from 10.0.0.17, on dev eth0|usb 1-1: new high-speed USB device number 2 using xhci_hcd|docker0: port 1(veth3c1f2a7) entered forwarding state|eth0: Link is Up - 1Gbps/Full - flow control rx/tx|systemd-journald[312]: Received client request to flush runtime journal.|TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.|nf_conntrack: nf_conntrack: table full, dropping packet|perf: interrupt took too long (2512 > 2500), lowering kernel.perf_event_max_sample_rate to 79500|kauditd_printk_skb: 14 callbacks suppressed|memory: the oom_score_adj of pid 812 was set by systemd", msg, "|");
		n = length(msg); t = 0; bytes = 0;
		while (bytes < 1048576) {
			t += rand() * 0.5;
			line = sprintf("[%12.6f] %s", t, msg[int(rand() * n) + 1]);
			print line; bytes += length(line) + 1;
		}
	}' >"$tmp/noise"
	chunks=$(( bytes / $(wc -c <"$tmp/noise") ))
	[ "$chunks" -ge 1 ] || chunks=1
	# the report without the fixture's header lines
	grep -v '^#' "$template" >"$tmp/event"
	i=0
	placed=0
	while [ "$i" -lt "$chunks" ]; do
		cat "$tmp/noise"
		# place event k after chunk floor((k+1) * chunks / events) - 1
		while [ "$placed" -lt "$events" ] &&
		      [ $(( (placed + 1) * chunks / events )) -le $(( i + 1 )) ]; do
			cat "$tmp/event"
			placed=$((placed + 1))
		done
		i=$((i + 1))
	done >"$file"
	rm -rf "$tmp"
}

if [ "${1:-}" = --rss ]; then
	[ $# -eq 4 ] || { echo "usage: bench.sh --rss BIN DIR SIZE" >&2; exit 2; }
	bin=$2
	dir=$3
	size=$4
	bytes=$(to_bytes "$size")
	[ -x /usr/bin/time ] || { echo "bench: --rss needs GNU time (/usr/bin/time, Debian's time)" >&2; exit 2; }
	mkdir -p "$dir"
	f="$dir/oomx-rss.$$.log"
	trap 'rm -f "$f" "$f.time"' EXIT INT TERM
	table=
	for shape in ordinary tasks continuations zones strings names; do
		echo "bench: writing $size, $shape, to $f"
		if [ "$shape" = ordinary ]; then
			write_log "$f" "$bytes" 300
		else
			"$here/scripts/hostile.sh" "$shape" "$size" "$f"
		fi
		row="$shape"
		for o in text --json --count; do
			a=$o
			[ "$o" = text ] && a=
			# shellcheck disable=SC2086 # no option for the text
			/usr/bin/time -v -o "$f.time" "$bin" $a "$f" >/dev/null 2>&1 || true
			kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$f.time")
			secs=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$f.time")
			echo "bench: $shape $o: max RSS $kb kB, $secs"
			row="$row $kb"
		done
		rm -f "$f"
		table="$table$row
"
	done
	printf '%s' "$table" | awk -v size="$size" 'BEGIN {
		printf "bench: peak RSS (MB, of 10^6 bytes) on %s inputs\n", size;
		printf "bench: %-14s %8s %8s %8s\n", "input", "text", "--json", "--count";
	} { printf "bench: %-14s %8.1f %8.1f %8.1f\n", $1, $2 * 1.024 / 1000, $3 * 1.024 / 1000, $4 * 1.024 / 1000 }'
	exit 0
fi

bin=$1
file=$2
size=$3
events=$4
runs=$5
args=${6:-}
bytes=$(to_bytes "$size")
[ "$bytes" -ge 1048576 ] || { echo "bench: size must be at least 1M" >&2; exit 2; }

mkdir -p "$(dirname "$file")"
stamp="$file.params"
if [ ! -f "$file" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$bytes $events" ]; then
	echo "bench: writing $size with $events OOM reports to $file"
	write_log "$file" "$bytes" "$events"
	echo "$bytes $events" >"$stamp"
fi

mb=$(( $(wc -c <"$file") / 1048576 ))
# warm the page cache and both programs once before timing
cat "$file" >/dev/null
# shellcheck disable=SC2086 # ARGS are words
"$bin" $args "$file" >/dev/null || true
grep -c 'invoked oom-killer' "$file" >/dev/null || true

now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

: >"${file}.t-oomx"
: >"${file}.t-grep"
r=0
while [ "$r" -lt "$runs" ]; do
	t0=$(now)
	# shellcheck disable=SC2086 # ARGS are words
	"$bin" $args "$file" >/dev/null || true
	t1=$(now)
	want=$(grep -c 'invoked oom-killer' "$file" || true)
	t2=$(now)
	echo $(( t1 - t0 )) >>"${file}.t-oomx"
	echo $(( t2 - t1 )) >>"${file}.t-grep"
	r=$((r + 1))
done
got=$("$bin" --count "$file" || true)
if [ "$got" != "$want" ]; then
	echo "bench: oom-explain found $got events, grep counted $want" >&2
	exit 1
fi
to=$(median <"${file}.t-oomx")
tg=$(median <"${file}.t-grep")
rm -f "${file}.t-oomx" "${file}.t-grep"
awk -v mb="$mb" -v out="${args:-text}" -v to="$to" -v tg="$tg" -v ev="$got" -v runs="$runs" 'BEGIN {
	so = to / 1e9; sg = tg / 1e9;
	printf "bench: %d MiB, %d OOM reports, median of %d runs, output %s\n", mb, ev, runs, out;
	printf "bench: oom-explain  %8.3f s  %8.1f MiB/s\n", so, mb / so;
	printf "bench: grep -c      %8.3f s  %8.1f MiB/s\n", sg, mb / sg;
	printf "bench: throughput ratio oom-explain/grep = %.2f\n", sg / so;
}'
