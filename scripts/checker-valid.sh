#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# checker-valid.sh CHECK [FLAG...]: print 1 when the source checker CHECK
# (sparse) can read the kernel's headers, else 0.
#
# From 7.x the kernel's Makefile asks scripts/checker-valid.sh before a
# C=1 or C=2 build and turns the checker off when it answers anything but
# 1.  Debian's linux-kbuild packages leave the script out, so fetch.sh puts
# this one in its place.  The test is the construct those headers need
# under __CHECKER__, __typeof_unqual__; sparse mostly exits 0 on an error,
# so what it prints is what counts.
set -eu
if ! command -v "$1" >/dev/null 2>&1; then
	echo 0
	exit 0
fi
src=$(mktemp --suffix=.c)
trap 'rm -f "$src"' EXIT
printf 'static inline int f(const int *p)\n{\n\t__typeof_unqual__(*p) v = *p;\n\n\treturn v;\n}\n' >"$src"
if "$@" "$src" 2>&1 | grep -q error; then
	echo 0
else
	echo 1
fi
