# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared helpers for the scripts: messages, the machine and kernel tables,
# the cache layout and a private apt state for downloading guest kernels.
# Sourced, never run.

AOOM_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${AOOM_CACHE:-$AOOM_TOP/.cache}
BUILD=${AOOM_BUILD:-$AOOM_TOP/build}

# The exit statuses of a guest that did not report its command's own
# (boot.sh): its kernel panicked, it timed out, or it stopped (QEMU
# failed, or the kernel never reached the command) before the command
# finished.  Errors in the options exit 2, before anything is built.
# shellcheck disable=SC2034 # for the scripts that source this file
AOOM_EXIT_PANIC=123 AOOM_EXIT_TIMEOUT=124 AOOM_EXIT_BOOT=125

say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# sq STRING: STRING quoted for sh, whatever it holds.
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

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
	read -r M_ARCH M_MACHINE M_OPTS M_CPU M_DEBARCH M_FLAVOUR M_QEMU M_CONSOLE M_CHANNEL \
		M_CHANDEV M_CHANCON M_IMAGE M_DTB M_CROSS M_PKGS <<<"$row"
	[ "$M_OPTS" != - ] || M_OPTS=
	[ "$M_CHANDEV" != - ] || M_CHANDEV=
	[ "$M_CHANCON" != - ] || M_CHANCON=
	[ "$M_CPU" != - ] || M_CPU=
	[ "$M_DTB" != - ] || M_DTB=
	[ "$M_CROSS" != - ] || M_CROSS=
	M_PKGS=${M_PKGS//,/ }
}

# kernel_load [KVER[-rt]]: set the K_* variables from scripts/kernels,
# after machine_load.  A "-rt" suffix picks Debian's PREEMPT_RT flavour of
# the same series (K_RT=-rt, M_FLAVOUR rt-<flavour>).
kernel_load() {
	local kver=${1:-} row
	K_RT=
	case $kver in *-rt)
		K_RT=-rt
		kver=${kver%-rt}
		M_FLAVOUR=rt-$M_FLAVOUR
		;;
	esac
	row=$(table_rows kernels | awk -v k="$kver" 'k == "" || $1 == k { print; exit }')
	[ -n "$row" ] || die "no guest kernel KVER=$kver; known: $(table_rows kernels | awk '{ printf "%s%s", sep, $1; sep = ", " }') (each also as KVER-rt)"
	# shellcheck disable=SC2034 # the K_* variables are for the callers
	read -r K_VER K_SUITES K_GCC K_ROOT K_ARCHES K_RTARCHES <<<"$row"
	K_SUITES=${K_SUITES//,/ }
	[ "$K_ROOT" != - ] || K_ROOT=
	case ,$K_ARCHES, in
	,-, | *",$M_ARCH,"*) ;;
	*) die "Linux $K_VER has no $M_ARCH guest (scripts/kernels: $K_ARCHES only)" ;;
	esac
}

# kernel_default: the default series, the first row of scripts/kernels.
kernel_default() { table_rows kernels | awk '{ print $1; exit }'; }

# kernel_rt_rows: the ARCH/KVER rows whose PREEMPT_RT flavour 'make
# check' also runs (the RT column of scripts/kernels).
kernel_rt_rows() {
	table_rows kernels | awk '$6 != "-" { n = split($6, a, ","); for (i = 1; i <= n; i++) print a[i] "/" $1 }' | xargs
}

# kernel_has_arch KVER ARCH: whether scripts/kernels offers KVER on ARCH.
kernel_has_arch() {
	table_rows kernels | awk -v k="$1" -v a="$2" '$1 == k {
		f = $5 == "-" || index("," $5 ",", "," a ","); exit } END { exit !f }'
}

# kernel_rows 'KVER...' 'ARCH...': the ARCH/KVER rows of those kernels
# and architectures that scripts/kernels offers, kernel by kernel.
kernel_rows() {
	local k a rows=
	for k in $1; do
		for a in $2; do
			! kernel_has_arch "$k" "$a" || rows="$rows${rows:+ }$a/$k"
		done
	done
	echo "$rows"
}

# hold_lock FILE [WHAT]: take the lock FILE on fd 9 until this process
# exits, waiting, and saying so, while another run holds it.  Runs in one
# checkout share the module's build folder per kernel and architecture
# (FILE is the folder's name with .lock), and the cache: they take turns
# there.  A caller that holds FILE already for a child names it in
# AOOM_LOCKED.
hold_lock() {
	[ "${AOOM_LOCKED:-}" != "$1" ] || return 0
	mkdir -p "$(dirname "$1")"
	exec 9>>"$1"
	if ! flock -n 9; then
		say "waiting for another run to finish with ${2:-${1%.lock}}"
		flock 9
	fi
}

# The folders of a fetched kernel, of the module built for it, and of the
# kernel's private apt state.
kernel_dir() { echo "$CACHE/kernels/$K_VER$K_RT-$M_DEBARCH"; }
module_dir() { echo "$BUILD/$K_VER$K_RT-$M_ARCH"; }
apt_dir() { echo "$CACHE/apt/$K_VER-$M_DEBARCH"; }

# host_cc: the C compiler the guest kernel's headers expect.
host_cc() { echo "${M_CROSS}gcc-$K_GCC"; }

# kbuild KDIR DIR ARG...: build the external module in DIR against the
# build tree KDIR.  Against a fetched kernel's headers that is done with the
# compiler they were made with (5.10's gcc-10 is not in bookworm, so the
# host's gcc-12 stands in), and for a kernel row with a ROOT inside that
# Debian build root (scripts/buildroot.sh): its headers need a newer
# compiler and C library than this host has.
kbuild() {
	local kdir=$1 dir=$2 run=() cc=()
	shift 2
	# Your own build tree is built with the compiler it names.
	if [ "$kdir" = "$(kernel_dir)/kdir" ]; then
		cc=("CC=$(host_cc)")
		[ -z "$K_ROOT" ] || run=("$AOOM_TOP/scripts/buildroot.sh" --run "$K_ROOT" --)
	fi
	# The caller's make variables (MEM=, CMD=, ...) are not Kbuild's business.
	(
		unset MAKEFLAGS MFLAGS MAKELEVEL
		"${run[@]}" make -s -C "$kdir" M="$dir" ARCH="$M_ARCH" \
			${M_CROSS:+CROSS_COMPILE=$M_CROSS} "${cc[@]}" "$@"
	)
}

# scenario_opt SCENARIO KEY: the value of KEY in the scenario's
# "# aoom: arch=A,B mem=M numa=N timeout=S" line, or nothing.
# scenario_opt_var VAR SCENARIO KEY: the same, into VAR.  Both are bash
# alone: make check asks about every scenario of every row, and on a
# slow machine a process costs milliseconds.
scenario_opt() {
	local v
	scenario_opt_var v "$@"
	[ -z "$v" ] || echo "$v"
}
scenario_opt_var() {
	local f=$AOOM_TOP/rootfs/lib/alloc-oom/scenarios/$2.sh line w words
	printf -v "$1" '%s' ''
	[ -f "$f" ] || return 0
	while IFS= read -r line; do
		case $line in "# aoom: "*) ;; *) continue ;; esac
		read -ra words <<<"${line#"# aoom: "}"
		for w in "${words[@]}"; do
			case $w in "$3="*) printf -v "$1" '%s' "${w#"$3="}" ;; esac
		done
	done <"$f"
}

# scenario_runs_on SCENARIO ARCH: true unless the scenario's arch= list
# leaves ARCH out.
scenario_runs_on() {
	local only
	scenario_opt_var only "$1" arch
	[ -z "$only" ] || [[ ",$only," == *",$2,"* ]]
}

# scenario_in_tier SCENARIO KVER FULL: true unless the scenario says
# rows=default and KVER is not the default series, outside the full tier
# (FULL empty): a run too long for every row of make check.
scenario_in_tier() {
	local rows
	scenario_opt_var rows "$1" rows
	[ -n "$3" ] || [ "$rows" != default ] || [ "$2" = "$(kernel_default)" ]
}

# papt CMD ARGS: apt-get or apt-cache on the private apt state of KVER and
# the machine's Debian architecture (written by fetch.sh).  It knows amd64,
# for the kbuild tools, and the guest's architecture only: a mirror whose
# index of another architecture is mid-sync cannot hide a whole suite.  The
# system's apt configuration is left alone.
papt() {
	local cmd=$1 d
	d=$(apt_dir)
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
		-o APT::Architectures::=amd64 -o APT::Architectures::="$M_DEBARCH" \
		-o APT::Sandbox::User=root -o Debug::NoLocking=1 "$@"
}

# since START: seconds from START, a now_ms value, until now, as s.d
now_ms() { date +%s%3N; }
since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# apt_progress WHAT: the progress of an apt-get run with
# -o APT::Status-Fd=1, whose output comes on stdin, on stderr: a line per
# phase (downloading; unpacking and setting up), redrawn on a terminal,
# otherwise growing by a quarter at a time.  The rest of apt's output is
# for its log.
apt_progress() {
	local line fields pct phase last='' shown=-1 tty=''
	[ ! -t 2 ] || tty=1
	while IFS= read -r line; do
		case $line in
		dlstatus:*) phase=downloading ;;
		pmstatus:*) phase='unpacking and setting up' ;;
		*) continue ;;
		esac
		# The percentage is the first field with a decimal point (the
		# package field before it may hold a colon of its own).
		pct=
		IFS=: read -ra fields <<<"$line"
		for pct in "${fields[@]:1}"; do
			[[ ! $pct =~ ^[0-9]+\.[0-9]+$ ]] || break
		done
		[[ $pct =~ ^[0-9]+\.[0-9]+$ ]] || continue
		pct=${pct%%.*}
		if [ "$phase" != "$last" ]; then
			[ -z "$last" ] || printf '\n' >&2
			[ -n "$tty" ] || printf '%s: %s' "$1" "$phase" >&2
			last=$phase shown=0
		fi
		if [ -n "$tty" ]; then
			[ "$pct" = "$shown" ] || printf '\r%s: %s %3d%%' "$1" "$phase" "$pct" >&2
			shown=$pct
		elif [ $((pct / 25 * 25)) -gt "$shown" ]; then
			shown=$((pct / 25 * 25))
			printf ' %d%%' "$shown" >&2
		fi
	done
	[ -z "$last" ] || printf '\n' >&2
}
