#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile.sh SHAPE SIZE FILE
#
# Write FILE: one OOM event of about SIZE bytes (e.g. 1G, 64M, 300K)
# shaped to make a parser hold as much as it can, for the benchmark's
# memory figures and the limits' tests:
#   tasks          a task table of 8-byte rows "[1] 0 x" (134M rows a GiB)
#   continuations  one zone line followed by 4-byte continuation lines
#                  "a:1" (268M a GiB)
#   zones          zone lines of ever new nodes, "Node N Normal free:4kB"
#   strings        oom-kill: lines of 60000-byte values
#   names          task rows of 200-byte names
# The event ends with its "Killed process" line.
set -eu

[ $# -eq 3 ] || { echo "usage: hostile.sh tasks|continuations|zones|strings|names SIZE FILE" >&2; exit 2; }
shape=$1
size=$2
file=$3
case "$size" in
*G) bytes=$(( ${size%G} * 1024 * 1024 * 1024 )) ;;
*M) bytes=$(( ${size%M} * 1024 * 1024 )) ;;
*K) bytes=$(( ${size%K} * 1024 )) ;;
*) bytes=$size ;;
esac

head='x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0'
tail='Out of memory: Killed process 1 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB'
# body LINE FIRST: FIRST, then LINE repeated to fill the rest, whole lines only
body() {
	n=$(( bytes - ${#head} - ${#tail} - ${#2} - 3 ))
	[ "$n" -gt 0 ] || n=0
	n=$(( n / (${#1} + 1) * (${#1} + 1) ))
	printf '%s\n' "$2"
	yes "$1" | head -c "$n"
}
{
	printf '%s\n' "$head"
	case "$shape" in
	tasks)
		body '[1] 0 x' '[  pid  ]   uid name'
		;;
	continuations)
		body 'a:1' 'Node 0 Normal free:4kB'
		;;
	zones)
		# nodes 0 to 2^20 - 1 (the largest the parser takes), over again
		per=$(( bytes / 30 + 1 ))
		awk -v n="$per" 'BEGIN { for (i = 0; i < n; i++) printf "Node %d Normal free:4kB\n", i % 1048576 }'
		;;
	strings)
		v=$(head -c 60000 /dev/zero | tr '\0' 'A')
		body "oom-kill:constraint=CONSTRAINT_NONE,task_memcg=/$v,task=x,pid=1,uid=0" 'Tasks state (memory values in pages):'
		;;
	names)
		v=$(head -c 200 /dev/zero | tr '\0' 'n')
		body "[1] 0 $v" '[  pid  ]   uid name'
		;;
	*)
		echo "hostile.sh: unknown shape '$shape'" >&2
		exit 2
		;;
	esac
	printf '%s\n' "$tail"
} >"$file"
