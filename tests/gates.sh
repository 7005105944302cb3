# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/gates.sh: step 2 of 'make check', sourced by tests/run.sh: the
# module builds for every row of $targets, its W=1 and sparse build,
# checkpatch, clang-format and shellcheck.  Sets $ready, the rows whose
# module and initramfs were built.
# shellcheck disable=SC2154 # the variables are tests/run.sh's

# 2. Gates.  A row's module build and its initramfs are one job, JOBS
# rows at a time; the results follow in order.  The module is built with
# W=1 and sparse (C=2): W=1 only adds warnings and sparse reads each file
# beside the compiler, so that one build gives the guests their module
# and proves the build silent.
# job_run LOG CMD...: CMD's output in LOG and its status in LOG.rc.
job_run() {
	local log=$1 rc=0
	shift
	"$@" >"$log" 2>&1 || rc=$?
	echo "$rc" >"$log.rc"
	return "$rc"
}
build_job() {
	local arch=$1 kver=$2
	rm -f "$out"/{build,initramfs}-"$kver-$arch".log.rc
	job_run "$out/build-$kver-$arch.log" "$S/build-module.sh" --arch "$arch" --kver "$kver" W=1 C=2 || return 0
	job_run "$out/initramfs-$kver-$arch.log" "$S/mkinitramfs.sh" --arch "$arch" --kver "$kver" || true
}
export -f job_run build_job
export out S
t0=$(now_ms)
checkpatch=$CACHE/checkpatch/scripts/checkpatch.pl
clang_format=$CACHE/checkpatch/.clang-format
# style_gates: "KIND FILE" for each style check: checkpatch and
# clang-format for kernel code (the module and the benchmark's module),
# oom-hog and the make plugin, all in the kernel's style, and shellcheck
# for every shell script.
style_gates() {
	local f
	for f in Kbuild ./*.c ./*.h bench/Kbuild bench/*.c tools/oom-hog/*.c scripts/*.c; do
		f=${f#./}
		# kbuild's generated source, left by an in-tree make
		case $f in *.mod.c) continue ;; esac
		[ ! -x "$checkpatch" ] || echo "checkpatch $f"
		case $f in *.c | *.h) [ ! -f "$clang_format" ] || echo "clang-format $f" ;; esac
	done
	for f in $(git ls-files 2>/dev/null | xargs grep -lE '^#!.*(ba)?sh|^# shellcheck shell=' 2>/dev/null); do
		echo "shellcheck $f"
	done
}
# style_name KIND FILE: the check's result name.  style_log KIND FILE:
# its log.  style_run KIND FILE: run it.
style_name() {
	case $1 in
	checkpatch) echo "checkpatch --strict $2" ;;
	clang-format) echo "clang-format (the kernel's) $2" ;;
	*) echo "$1 $2" ;;
	esac
}
style_log() { echo "$out/$1-${2//\//_}.log"; }
style_run() {
	case $1 in
	checkpatch)
		# A hog must write its pages through a volatile pointer, or
		# the compiler may drop the writes; that is the one use
		# checkpatch doubts.
		case $2 in
		tools/*) "$checkpatch" --strict --no-tree --terse --quiet --ignore=VOLATILE -f "$2" ;;
		*) "$checkpatch" --strict --no-tree --terse --quiet -f "$2" ;;
		esac
		;;
	clang-format) clang-format --style=file:"$clang_format" "$2" | diff -u "$2" - ;;
	shellcheck) shellcheck -x -P SCRIPTDIR "$2" ;;
	esac
}
# style_job KIND FILE: style_run's output in its log, its status in
# LOG.rc.
style_job() {
	local log rc=0
	log=$(style_log "$1" "$2")
	style_run "$1" "$2" >"$log" 2>&1 || rc=$?
	echo "$rc" >"$log.rc"
}
export -f style_log style_run style_job
export checkpatch clang_format
# The style checks take about a CPU-minute: they run beside the builds,
# JOBS at a time too, so that no CPU waits at the end for the last rows'
# build or for the checks alone; their results follow the builds'.
cd "$AOOM_TOP" || exit 1
style_gates >"$out/style-gates"
xargs -r -P "$JOBS" -L 1 bash -c 'style_job "$@"' _ <"$out/style-gates" &
style_pid=$!
for t in $targets; do
	echo "${t%/*} ${t#*/}"
done | xargs -r -P "$JOBS" -L 1 bash -c 'build_job "$@"' _
ready=
for t in $targets; do
	arch=${t%/*} kver=${t#*/}
	log=$out/build-$kver-$arch.log
	if [ "$(cat "$log.rc" 2>/dev/null)" = 0 ]; then
		result ok "$t build alloc-oom.ko"
		if [ "$(cat "$out/initramfs-$kver-$arch.log.rc" 2>/dev/null)" = 0 ]; then
			ready="$ready $t"
		else
			result fail "$t initramfs" "see $out/initramfs-$kver-$arch.log"
		fi
	else
		result fail "$t build alloc-oom.ko" "see $log"
		diag 20 "$log"
		continue
	fi
	gate_verdict "$t W=1 build with sparse (C=2) is silent" "$log" 0
done
wait "$style_pid" || true
while read -r kind f; do
	log=$(style_log "$kind" "$f")
	gate_verdict "$(style_name "$kind" "$f")" "$log" "$(cat "$log.rc" 2>/dev/null || echo missing)"
	rm -f "$log.rc"
done <"$out/style-gates"
phase gates "$t0"
