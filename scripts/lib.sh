# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared helpers for the scripts: messages, the machine and kernel tables,
# the cache layout and a private apt state for downloading guest kernels.
# Sourced, never run.

AOOM_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${AOOM_CACHE:-$AOOM_TOP/.cache}
BUILD=${AOOM_BUILD:-$AOOM_TOP/build}

say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# table_rows FILE: the rows of a table file, comments and blank lines dropped.
table_rows() { awk '!/^[[:space:]]*(#|$)/' "$AOOM_TOP/scripts/$1"; }

# machine_load ARCH [MACHINE]: set the M_* variables from scripts/machines.
# An empty MACHINE picks the first row of ARCH.
machine_load() {
	local arch=$1 machine=${2:-} row
	row=$(table_rows machines | awk -v a="$arch" -v m="$machine" \
		'$1 == a && (m == "" || $2 == m) { print; exit }')
	if [ -z "$row" ]; then
		die "no guest machine ARCH=$arch${machine:+ MACHINE=$machine}; known: $(table_rows machines | awk '{ printf "%s%s/%s", sep, $1, $2; sep = ", " }')"
	fi
	# shellcheck disable=SC2034 # the M_* variables are for the callers
	read -r M_ARCH M_MACHINE M_DEBARCH M_FLAVOUR M_QEMU M_CONSOLE M_IMAGE \
		M_DTB M_CROSS M_PKGS <<<"$row"
	[ "$M_DTB" != - ] || M_DTB=
	[ "$M_CROSS" != - ] || M_CROSS=
	M_PKGS=${M_PKGS//,/ }
}

# kernel_load [KVER]: set the K_* variables from scripts/kernels.
kernel_load() {
	local kver=${1:-} row
	row=$(table_rows kernels | awk -v k="$kver" 'k == "" || $1 == k { print; exit }')
	[ -n "$row" ] || die "no guest kernel KVER=$kver; known: $(table_rows kernels | awk '{ printf "%s%s", sep, $1; sep = ", " }')"
	read -r K_VER K_SUITES K_GCC <<<"$row"
	K_SUITES=${K_SUITES//,/ }
}

# The folder a fetched kernel lives in, and the module build folder.
kernel_dir() { echo "$CACHE/kernels/$K_VER-$M_DEBARCH"; }
module_dir() { echo "$BUILD/$K_VER-$M_ARCH"; }

# host_cc: the C compiler the guest kernel's headers expect on this host.
host_cc() { echo "${M_CROSS}gcc-$K_GCC"; }

# scenario_opt SCENARIO KEY: the value of KEY in the scenario's
# "# aoom: arch=A mem=M timeout=S" line, or nothing.
scenario_opt() {
	sed -n 's/^# aoom: //p' "$AOOM_TOP/rootfs/lib/alloc-oom/scenarios/$1.sh" |
		tr ' ' '\n' | sed -n "s/^$2=//p"
}

# papt CMD ARGS: apt-get or apt-cache on the private apt state of KVER
# (written by fetch.sh), which knows both Debian architectures the guests
# use and leaves the system's apt configuration alone.
papt() {
	local cmd=$1 d=$CACHE/apt/$K_VER
	shift
	"$cmd" -q -o Dir::State="$d/state" \
		-o Dir::State::Lists="$d/lists" \
		-o Dir::State::status="$d/status" \
		-o Dir::Cache="$d/cache" \
		-o Dir::Etc::SourceList="$d/sources.list" \
		-o Dir::Etc::SourceParts="$d/sources.list.d" \
		-o Dir::Etc::PreferencesParts="$d/preferences.d" \
		-o Dir::Etc::Preferences="$d/preferences" \
		-o APT::Architecture=amd64 \
		-o APT::Architectures::=amd64 -o APT::Architectures::=armhf \
		-o APT::Sandbox::User=root -o Debug::NoLocking=1 "$@"
}

# since START: seconds from START, a now_ms value, until now, as s.d
now_ms() { date +%s%3N; }
since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }
