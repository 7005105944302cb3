# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/gates.sh: step 2 of 'make check', sourced by tests/run.sh: the
# module builds for every row of $targets, its W=1 and sparse build,
# checkpatch, clang-format and shellcheck.  Sets $ready, the rows whose
# module and initramfs were built.
# shellcheck disable=SC2154 # the variables are tests/run.sh's

# 2. Gates.  A row's module build, its initramfs and its W=1 build with
# sparse (C=2; one build checks both) are one job, JOBS rows at a time;
# the results follow in order.
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
	rm -f "$out"/{build,initramfs,checks}-"$kver-$arch".log.rc
	job_run "$out/build-$kver-$arch.log" "$S/build-module.sh" --arch "$arch" --kver "$kver" || return 0
	job_run "$out/initramfs-$kver-$arch.log" "$S/mkinitramfs.sh" --arch "$arch" --kver "$kver" || true
	job_run "$out/checks-$kver-$arch.log" \
		"$S/build-module.sh" --arch "$arch" --kver "$kver" --out "$out/checks-$kver-$arch" W=1 C=2 || true
}
export -f job_run build_job
export out S
t0=$(now_ms)
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
	log=$out/checks-$kver-$arch.log
	gate_verdict "$t W=1 build with sparse (C=2) is silent" "$log" "$(cat "$log.rc" 2>/dev/null || echo missing)"
done

checkpatch=$CACHE/checkpatch/scripts/checkpatch.pl
clang_format=$CACHE/checkpatch/.clang-format
cd "$AOOM_TOP" || exit 1
# Kernel code (the module and the benchmark's module), oom-hog and the
# make plugin, all in the kernel's style.
for f in Kbuild ./*.c ./*.h bench/Kbuild bench/*.c tools/oom-hog/*.c scripts/*.c; do
	f=${f#./}
	# kbuild's generated source, left by an in-tree make
	case $f in *.mod.c) continue ;; esac
	ignore=
	# A hog must write its pages through a volatile pointer, or the
	# compiler may drop the writes; that is the one use checkpatch doubts.
	case $f in tools/*) ignore=--ignore=VOLATILE ;; esac
	if [ -x "$checkpatch" ]; then
		gate "checkpatch --strict $f" "$out/checkpatch-${f//\//_}.log" \
			"$checkpatch" --strict --no-tree --terse --quiet $ignore -f "$f"
	fi
	case $f in *.c | *.h)
		if [ -f "$clang_format" ]; then
			# shellcheck disable=SC2016 # expanded by the inner sh
			gate "clang-format (the kernel's) $f" "$out/clang-format-${f//\//_}.log" \
				sh -c 'clang-format --style=file:"$1" "$2" | diff -u "$2" -' sh "$clang_format" "$f"
		fi
		;;
	esac
done
for f in $(git ls-files 2>/dev/null | xargs grep -lE '^#!.*(ba)?sh|^# shellcheck shell=' 2>/dev/null); do
	gate "shellcheck $f" "$out/shellcheck-${f//\//_}.log" shellcheck -x -P SCRIPTDIR "$f"
done
phase gates "$t0"
