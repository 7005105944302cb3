#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# setup-host.sh [--check] [ARCH...]
#
# Install the Debian packages the project needs on the host for the given
# guest architectures (default: all of them) plus the test tools.  Only
# missing packages are installed: as root with apt-get, otherwise through
# sudo.  With --check nothing is installed; the missing ones are listed
# and the exit status is 1 if any are.
set -eu
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

check=
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
# shellcheck disable=SC2046 # one word per architecture
[ $# -gt 0 ] || set -- $(table_rows machines | awk '{ print $1 }' | sort -u)

# Build and guest tools common to every architecture.  libelf1 and libssl3
# are what Debian's prebuilt kbuild tools (modpost, objtool) link against;
# 6.12's headers run pahole (dwarves) for module BTF, zstd unpacks its vmlinux;
# gnuplot-nox draws the benchmark's pictures; clang's libFuzzer and
# sanitizer runtimes test oom-explain, jq checks its JSON and
# python3-jsonschema validates it against its schema.
pkgs="make gcc-12 libc6-dev libelf1 libssl3 cpio xz-utils zstd dwarves kmod perl
      ca-certificates debian-archive-keyring sparse shellcheck dkms gnuplot-nox
      clang libclang-rt-14-dev jq mmdebstrap python3-jsonschema"
for arch in "$@"; do
	for m in $(table_rows machines | awk -v a="$arch" '$1 == a { print $2 }'); do
		machine_load "$arch" "$m"
		pkgs="$pkgs $M_PKGS"
	done
done

missing=
# shellcheck disable=SC2086 # one word per package
for p in $(printf '%s\n' $pkgs | sort -u); do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -n "$missing" ] || exit 0
if [ -n "$check" ]; then
	echo "missing packages:$missing"
	exit 1
fi

sudo=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || die "need root or sudo to install:$missing"
	sudo=sudo
fi
say "installing:$missing"
t0=$(now_ms)
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # word splitting of the package list is intended
$sudo apt-get update -q >/dev/null || warn "apt-get update reported errors; trying the install anyway"
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null ||
	die "apt-get install failed for:$missing"
say "host packages installed in $(since "$t0") s"
