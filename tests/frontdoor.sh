# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/frontdoor.sh: the front door, sourced by tests/host.sh: make run's
# options and exit statuses, hostile values, the host's packages, make
# help, the one version, a mirror mid-sync (tests/mirror.sh) and the
# docs (tests/docs.sh).
# shellcheck disable=SC2154 # the variables are tests/run.sh's

# 2c. The front door: options are checked before anything is fetched or
# built, the host's packages are listed before they are installed, and
# make run's exit status says what happened.
t0=$(now_ms)
# Each bad variable: status 2 and one line naming it, before set-up: the
# build and cache folders given to the run stay empty, and apt is never
# asked (AOOM_NO_INSTALL).
for bad in MEM=12Q SMP=0 NUMA=x TIMEOUT=abc ARCH=sparc KVER=9.9 MACHINE=nope SCENARIO=nope SCRIPT=nope AOOM_KEEP_RUNS=0; do
	empty=$out/bad-option
	rm -rf "$empty"
	mkdir -p "$empty/build" "$empty/cache"
	rc=0
	AOOM_BUILD=$empty/build AOOM_CACHE=$empty/cache AOOM_NO_INSTALL=1 timeout 120 \
		make -s -C "$AOOM_TOP" run "$bad" CMD=true >"$out/bad-$bad.log" 2>&1 || rc=$?
	if [ "$rc" = 2 ] && [ "$(wc -l <"$out/bad-$bad.log")" = 1 ] &&
		grep -q "^error: .*${bad%%=*}=${bad#*=}" "$out/bad-$bad.log" &&
		[ -z "$(find "$empty/build" "$empty/cache" -mindepth 1)" ]; then
		result ok "make run $bad fails at once with status 2 and one line: $(cat "$out/bad-$bad.log")"
	else
		result fail "make run $bad fails at once with status 2 and one line" "status $rc, $(wc -l <"$out/bad-$bad.log") lines, see $out/bad-$bad.log"
		diag 5 "$out/bad-$bad.log"
	fi
	rm -rf "$empty"
done
# Hostile values are data: each guest variable given each of these, on
# make's command line, is refused with status 2 by make run, by make run
# without the make plugin (.LOADED= keeps make from using it) and, but
# for make run's SCENARIO and SCRIPT, by make shell; and nothing runs: not
# the marker's touch, not make's own $(shell), not set-up (the build and
# cache folders stay empty).  KERNEL= comes with the KDIR= values, which
# are checked for it only.
marker=$out/hostile-marker
hostile=("0; touch $marker; true" "x'; touch $marker; echo '" "x\"; touch $marker; echo \""
	"\$(touch $marker)" "\`touch $marker\`" "1
touch $marker" "1 2" "-1" "--cmd=touch $marker" "\$(shell touch $marker)")
empty=$out/hostile
rm -rf "$empty" "$marker"
mkdir -p "$empty/build" "$empty/cache"
: >"$empty/kernel"
t1=$(now_ms)
for var in ARCH MACHINE KVER FLAVOUR MEM SMP NUMA TIMEOUT KERNEL KDIR DTB SCENARIO SCRIPT AOOM_KEEP_RUNS; do
	with=() hows=(run 'run .LOADED=' shell) which="make run (with and without its plugin) and make shell"
	[ "$var" != KDIR ] || with=(KERNEL="$empty/kernel")
	case $var in SCENARIO | SCRIPT) hows=(run 'run .LOADED=') which="make run (with and without its plugin)" ;; esac
	why='' n_tried=0
	for value in "${hostile[@]}"; do
		for how in "${hows[@]}"; do
			n_tried=$((n_tried + 1))
			rc=0
			# shellcheck disable=SC2086 # the target and its option
			AOOM_BUILD=$empty/build AOOM_CACHE=$empty/cache AOOM_NO_INSTALL=1 timeout 20 \
				make -s -C "$AOOM_TOP" $how "${with[@]}" "$var=$value" </dev/null >"$out/hostile.log" 2>&1 || rc=$?
			if [ "$rc" != 2 ] || [ -e "$marker" ] || [ "$(grep -c '^error: ' "$out/hostile.log")" != 1 ] ||
				! head -n 1 "$out/hostile.log" | grep -q "^error: .*$var="; then
				why="make $how $var=${value@Q}: status $rc$([ ! -e "$marker" ] || echo ', the marker was made'), said: $(head -n 2 "$out/hostile.log" | tr '\n' ' ')"
				rm -f "$marker"
				break 2
			fi
		done
	done
	if [ -z "$why" ] && [ -n "$(find "$empty/build" "$empty/cache" -mindepth 1 -print -quit)" ]; then
		why="set-up ran: $(find "$empty/build" "$empty/cache" -mindepth 1 | head -n 3 | xargs)"
	fi
	if [ -z "$why" ]; then
		result ok "$which refuse $var= with each of ${#hostile[@]} hostile values (;, quotes, \$( ), \$(shell ), backquotes, a newline, a space, a leading -): status 2, one error line, nothing run ($n_tried tries)"
	else
		result fail "$which refuse $var= with each hostile value: status 2, nothing run" "$why"
	fi
done
echo "# the hostile values took $(since "$t1") s"
rm -rf "$empty"
# Against an empty dpkg database every package is missing: each is listed
# with its reason, and AOOM_NO_INSTALL stops before apt.  make check's
# profile has the test tools; make run's has one architecture's guest
# needs and no test tool, and mmdebstrap only for a kernel row built in a
# Debian build root.
mkdir -p "$out/no-dpkg/info"
: >"$out/no-dpkg/status"
rc=0
DPKG_ADMINDIR=$out/no-dpkg AOOM_NO_INSTALL=1 "$S/setup-host.sh" x86_64 >"$out/no-install.log" 2>&1 || rc=$?
if [ "$rc" = 1 ] && grep -Eq '^  qemu-system-x86 +x86_64 guests' "$out/no-install.log" &&
	grep -Eq '^  shellcheck +the scripts' "$out/no-install.log" &&
	grep -q '^not installing (AOOM_NO_INSTALL is set)' "$out/no-install.log" &&
	! grep -q 'Reading package lists' "$out/no-install.log"; then
	result ok "setup-host.sh lists each missing package with its reason; AOOM_NO_INSTALL=1 stops there"
else
	result fail "setup-host.sh lists each missing package with its reason; AOOM_NO_INSTALL=1 stops there" "status $rc, see $out/no-install.log"
	diag 10 "$out/no-install.log"
fi
# What a fresh Debian machine gets from make check's one apt-get install,
# every architecture's packages together, must hold together: apt's dry
# run against the empty database finds no conflict (gcc-multilib and the
# arm64 cross compiler, for one, cannot share a host).
rc=0
DPKG_ADMINDIR=$out/no-dpkg AOOM_NO_INSTALL=1 "$S/setup-host.sh" >"$out/no-install-all.log" 2>&1 || rc=$?
mapfile -t all < <(awk '/^  [a-z0-9]/ { print $1 }' "$out/no-install-all.log")
if [ -z "$(find /var/lib/apt/lists -name '*_Packages*' -print -quit 2>/dev/null)" ]; then
	result skip "make check's host packages install together on a fresh machine" "apt has no package lists here (apt-get update was never run)"
elif [ "$rc" = 1 ] && [ "${#all[@]}" -gt 0 ] &&
	apt-get install -s --no-install-recommends -o Dir::State::status="$out/no-dpkg/status" "${all[@]}" >"$out/apt-fresh.log" 2>&1; then
	result ok "make check's host packages install together on a fresh machine ($(grep -c '^Inst ' "$out/apt-fresh.log") packages in apt's dry run)"
else
	result fail "make check's host packages install together on a fresh machine" "status $rc; see $out/apt-fresh.log"
	diag 10 "$out/apt-fresh.log"
fi
root_kver=$(table_rows kernels | awk '$4 != "-" { print $1; exit }')
for p in "x86_64 $(table_rows kernels | awk '{ print $1; exit }') qemu-system-x86 -" \
	"arm $root_kver qemu-system-arm mmdebstrap"; do
	read -r arch kv qemu root <<<"$p"
	log=$out/no-install-run-$arch.log
	rc=0
	DPKG_ADMINDIR=$out/no-dpkg AOOM_NO_INSTALL=1 "$S/setup-host.sh" --profile run --kver "$kv" "$arch" >"$log" 2>&1 || rc=$?
	# The other architectures' packages that this one does not share.
	mine=$(table_rows machines | awk -v a="$arch" '$1 == a { print $12 }' | tr , '\n' | sort -u)
	others=$(table_rows machines | awk -v a="$arch" '$1 != a { print $12 }' | tr , '\n' | sort -u |
		comm -23 - <(echo "$mine") | xargs)
	extra=
	for x in shellcheck sparse chromium dkms gnuplot-nox python3-jsonschema clang $others; do
		! grep -Eq "^  $x " "$log" || extra="$extra $x"
	done
	if [ "$root" = - ]; then
		! grep -Eq '^  mmdebstrap ' "$log" || extra="$extra mmdebstrap"
	elif ! grep -Eq '^  mmdebstrap +the Debian' "$log"; then
		extra="$extra (no mmdebstrap)"
	fi
	if [ "$rc" = 1 ] && grep -Eq "^  $qemu +$arch guests" "$log" && grep -Eq '^  make ' "$log" && [ -z "$extra" ]; then
		result ok "setup-host.sh --profile run for $arch/$kv lists that guest's needs and no test tool$([ "$root" = - ] || echo ", with mmdebstrap for its build root")"
	else
		result fail "setup-host.sh --profile run for $arch/$kv lists that guest's needs and no test tool" "status $rc, unwanted:${extra:- none}; see $log"
		diag 10 "$log"
	fi
done
rm -rf "$out/no-dpkg"
# help_has WORD...: make help's text holds every WORD.
help_has() {
	local w
	for w in "$@"; do
		grep -qF -- "$w" "$out/help.log" || { echo "# make help lacks '$w'"; return 1; }
	done
}
# shellcheck disable=SC2086,SC2046 # one word per scenario and per row
if make -s -C "$AOOM_TOP" help >"$out/help.log" 2>&1 &&
	help_has ARCH=x86_64 MACHINE= KVER= MEM=256M SMP=1 NUMA=1 TIMEOUT=300 CMD= PARAMS= SCRIPT= JOBS= \
		AOOM_CACHE= AOOM_BUILD= AOOM_KEEP_RUNS=10 AOOM_NO_INSTALL= 'make check' 'make run' distclean $SCENARIOS \
		$(printf '%s\n' $ready | grep -v -- '-rt$'); then
	result ok "make help lists the targets, the variables with their defaults, the scenarios and the kernel rows"
else
	result fail "make help lists the targets, the variables with their defaults, the scenarios and the kernel rows" "see $out/help.log"
fi
# make's variables are case-sensitive: arch=arm gets one warning line
# naming ARCH=arm.
if make -s -C "$AOOM_TOP" help arch=arm >/dev/null 2>"$out/case.log" &&
	[ "$(cat "$out/case.log")" = "warning: arch=arm is ignored (make variables are case-sensitive): did you mean ARCH=arm?" ]; then
	result ok "make help arch=arm warns once that make variables are case-sensitive: did you mean ARCH=arm?"
else
	result fail "make help arch=arm warns once that make variables are case-sensitive" "see $out/case.log"
fi
for f in man/*.1; do
	if man --warnings -l "$f" >/dev/null 2>"$out/man-${f##*/}.log" && [ ! -s "$out/man-${f##*/}.log" ]; then
		result ok "man --warnings -l $f is silent"
	else
		result fail "man --warnings -l $f is silent" "see $out/man-${f##*/}.log"
		diag 5 "$out/man-${f##*/}.log"
	fi
done
# One version string: VERSION, dkms.conf as DKMS reads it, the module's
# modinfo, oom-hog --version and oom-explain --version.
v=$(cat VERSION)
# shellcheck disable=SC1091 # dkms.conf is read as DKMS reads it
dkms_v=$(bash -c '. "$1" && echo "$PACKAGE_VERSION"' sh "$AOOM_TOP/dkms.conf" || true)
ko=$(for t in $targets; do echo "$BUILD/${t#*/}-${t%/*}/alloc-oom.ko"; done | head -n 1)
mod_v=$([ -z "$ko" ] || modinfo -F version "$ko" 2>/dev/null || true)
make -s -C tools/oom-hog O="$out" >/dev/null 2>&1 || true
hog_v=$("$out/oom-hog" --version 2>/dev/null || true)
versions="dkms.conf=$dkms_v modinfo=${mod_v:-none} oom-hog='$hog_v'"
same=$([ "$dkms_v" = "$v" ] && [ "$mod_v" = "$v" ] && [ "$hog_v" = "oom-hog $v" ] && echo 1)
if [ -f tools/oom-explain/Makefile ] && make -s -C tools/oom-explain >/dev/null 2>&1; then
	if tools/oom-explain/oom-explain --version >"$out/explain-version.log" 2>&1; then
		versions="$versions oom-explain='$(head -n 1 "$out/explain-version.log")'"
		grep -qw -- "$v" "$out/explain-version.log" || same=
	else
		versions="$versions (oom-explain has no --version)"
	fi
fi
if [ -n "$same" ]; then
	result ok "one version, $v: $versions"
else
	result fail "one version" "VERSION=$v $versions"
fi

# make run's exit status, on the first x86_64 row: the guest command's
# own, then 124 for a timeout, 123 for a kernel panic and 125 for a guest
# that stops before the command finishes; the demo stops once at a
# refused parameter, without oom-explain.
row=$(for t in $ready; do [ "${t%/*}" != x86_64 ] || echo "$t"; done | head -n 1)
if [ -z "$row" ]; then
	result skip "make run exit statuses" "no x86_64 row in this run"
else
	k=${row#*/}
	# run_status NAME WANT MAKE-ARGS...: make run exits WANT.
	run_status() {
		local want=$2 log=$out/run-status-$1.log rc=0
		shift 2
		make -s -C "$AOOM_TOP" run ARCH=x86_64 KVER="$k" "$@" >"$log" 2>&1 || rc=$?
		if [ "$rc" = "$want" ]; then
			result ok "make run on $row: ${*@Q} exits $want"
		else
			result fail "make run on $row: ${*@Q} exits $want" "exit $rc, see $log"
			diag 10 "$log"
		fi
	}
	run_status exit3 3 CMD='exit 3'
	# The boot line says which accelerator ran, and why.
	accel=$(sed -n 's/^==> booting .* under \(.*\), timeout .*/\1/p' "$out/run-status-exit3.log")
	if [[ $accel == "tcg ("*")" || $accel == "kvm ("*")" ]]; then
		result ok "make run on $row: the boot line names the accelerator: $accel"
	else
		result fail "make run on $row: the boot line names the accelerator" "got '$accel', see $out/run-status-exit3.log"
	fi
	run_status timeout 124 TIMEOUT=1 CMD=true
	# The verdict comes from the guest's own channel: a command that
	# prints a fake "aoom-exit=0" on the console and then panics the
	# kernel exits 123 (tests/guests.sh proves the channel on every row).
	run_status panic 123 CMD='echo aoom-exit=0; echo c > /proc/sysrq-trigger'
	# The console's lines end in CR LF as the terminal got them.
	if tr -d '\r' <"$out/run-status-panic.log" | grep -qx 'aoom-exit=0' && grep -q 'Kernel panic' "$out/run-status-panic.log"; then
		result ok "make run on $row: the fake aoom-exit=0 and the panic are on the console"
	else
		result fail "make run on $row: the fake aoom-exit=0 and the panic are on the console" "see $out/run-status-panic.log"
	fi
	: >"$out/empty-kernel"
	run_status boot 125 KERNEL="$out/empty-kernel" KDIR="$CACHE/kernels/$k-amd64/kdir" CMD=true
	# The demo tells its story once: the module's figures once, none of
	# the harness's own lines (kept in the run folder's run.log), no
	# QEMU audio noise, and a closing summary of three to six lines that
	# names the logs and the --html page, which exist.
	log=$out/front-demo.log
	rc=0
	make -s -C "$AOOM_TOP" run ARCH=x86_64 KVER="$k" >"$log" 2>&1 || rc=$?
	summary=$(sed -n '/^==> in short$/,$p' "$log" | tail -n +2)
	# The paths are shown from make's directory, the checkout.
	runlog=$(sed -n 's/^  logs: \([^ ]*\) .*/\1/p' "$log")
	html=$(sed -n 's/.*the report as a page: \(.*\)$/\1/p' "$log")
	[[ -z $runlog || $runlog == /* ]] || runlog=$AOOM_TOP/$runlog
	[[ -z $html || $html == /* ]] || html=$AOOM_TOP/$html
	why=
	[ "$rc" = 0 ] || why="$why exit $rc;"
	[ "$(grep -c 'alloc_oom: done ' "$log")" = 1 ] || why="$why the done line $(grep -c 'alloc_oom: done ' "$log") times;"
	! grep -Eq 'aoom-exit=|reboot: Power down|Skipping BTF|KVM cannot|audio|GIC CPU mask|guest command exited|under [a-z]+ \(' "$log" ||
		why="$why harness lines on screen: $(grep -Em1 'aoom-exit=|reboot: Power down|Skipping BTF|KVM cannot|audio|GIC CPU mask|guest command exited|under [a-z]+ \(' "$log");"
	lines=$(grep -c . <<<"$summary")
	[ "$lines" -ge 3 ] && [ "$lines" -le 6 ] || why="$why a summary of $lines lines;"
	for w in '  allocated: [0-9]+ blocks of order 0' '  killed: oom-hog \(pid [0-9]+' '  logs: ' '  next: make run ARCH=arm MEM=1G.*make shell'; do
		grep -Eq "^$w" <<<"$summary" || why="$why no '$w' in the summary;"
	done
	{ [ -n "$runlog" ] && grep -q "^==> this run's folder" "$runlog" 2>/dev/null && [ -s "${runlog%/*}/serial.log" ]; } ||
		why="$why no run.log with the lines kept off the screen, and serial.log, at '$runlog';"
	{ [ -n "$html" ] && grep -q '<html' "$html" 2>/dev/null; } || why="$why no page at '$html';"
	if [ -z "$why" ]; then
		result ok "make run on $row: the demo tells its story once and ends on a $lines-line summary naming run.log and the --html page"
	else
		result fail "make run on $row: the demo tells its story once and ends on a summary" "$why see $log"
		diag 8 "$log"
	fi
	log=$out/run-status-demo.log
	rc=0
	make -s -C "$AOOM_TOP" run ARCH=x86_64 KVER="$k" PARAMS=order=99 >"$log" 2>&1 || rc=$?
	if [ "$rc" != 0 ] && [ "$(grep -c 'alloc_oom: order=99 is out of range' "$log")" = 1 ] &&
		! grep -q 'rmmod\|what oom-explain reads' "$log"; then
		result ok "make run on $row: PARAMS=order=99 prints the module's refusal once and stops (exit $rc)"
	else
		result fail "make run on $row: PARAMS=order=99 prints the module's refusal once and stops" "exit $rc, see $log"
		diag 20 "$log"
	fi

	# serial_of LOG: the serial log that the make run in LOG names: on
	# the line that ends the guest, or for the demo, beside the run.log
	# its summary names (from make's directory, the checkout).
	serial_of() {
		local s
		s=$(sed -n 's/.*(serial log: \(.*\))$/\1/p' "$1" | tail -n 1)
		if [ -z "$s" ]; then
			s=$(sed -n 's/^  logs: \(.*\)\/run\.log .*/\1/p' "$1" | tail -n 1)
			[ -z "$s" ] || s=$s/serial.log
			[[ -z $s || $s == /* ]] || s=$AOOM_TOP/$s
		fi
		echo "$s"
	}
	# CMD byte for byte: '$' ($HOME, $!, $(...), $((...))), quotes,
	# backslashes, backquotes and newlines, and 3000 bytes more, where
	# the kernel command line took 800 at most.  First the command of the
	# README, whose output is the guest's own; then, between the marks,
	# the guest prints what sh -c of the same text prints here (the text
	# sets HOME and prints no pid).
	vcmd=$(cat <<'EOF'
HOME=/h; printf '%s\n' "home=$HOME" 'single=$HOME "dq" \$x' "dq=\"q\" 'sq' \\\\ \$HOME"
printf '%s\n' "sub=$(printf '%s' "a\$b")" "bt=`echo bt`" "arith=$((6 * 7))" 'bs=a\b\\c\n'
sleep 0 & pid=$!; wait; case $pid in '' | *[!0-9]*) echo "bang=$pid" ;; *) echo 'bang=a number' ;; esac
printf '<%s>\n' "line one
line two"
EOF
	)
	vcmd="$vcmd
x=$(printf '%03000d' 0); echo \"long=\${#x}\""
	sh -c "$vcmd" >"$out/front-verbatim.want" 2>&1
	log=$out/front-verbatim.log
	rc=0
	# shellcheck disable=SC2016 # for the guest's shell
	make -s -C "$AOOM_TOP" run ARCH=x86_64 KVER="$k" CMD='sleep 5 & echo "pid=$!"; echo "home=$HOME"; echo "sub=$(echo hi)"'"
echo '==== begin'
$vcmd
echo '==== end'" >"$log" 2>&1 || rc=$?
	serial=$(serial_of "$log")
	sed -n '/^==== begin$/,/^==== end$/p' "$serial" 2>/dev/null | sed '1d;$d' >"$out/front-verbatim.got"
	if [ "$rc" = 0 ] && [ -s "$out/front-verbatim.want" ] && cmp -s "$out/front-verbatim.want" "$out/front-verbatim.got" &&
		grep -Eq '^pid=[0-9]+$' "$serial" && grep -qx 'home=/root' "$serial" && grep -qx 'sub=hi' "$serial"; then
		result ok "make run on $row: CMD with \$, quotes, backslashes, newlines and ${#vcmd} bytes reaches the guest byte for byte"
	else
		result fail "make run on $row: CMD with \$, quotes, backslashes, newlines and ${#vcmd} bytes reaches the guest byte for byte" "exit $rc, see $log"
		diff "$out/front-verbatim.want" "$out/front-verbatim.got" | sed 's/^/#   /' | head -n 20
		grep -E '^(pid|home|sub)=' "$serial" 2>/dev/null | sed 's/^/#   /'
	fi

	# PARAMS byte for byte, into insmod: a release= value with '$',
	# backquotes, a backslash and quotes, which the module refuses in its
	# own words; its error line must show the value as typed.
	value="\$HOME \$(id) \`x\` \\n 'q'"
	log=$out/front-params.log
	rc=0
	make -s -C "$AOOM_TOP" run ARCH=x86_64 KVER="$k" PARAMS="release=\"$value\" order=0" >"$log" 2>&1 || rc=$?
	serial=$(serial_of "$log")
	if [ "$rc" = 22 ] && [ "$(grep -cxF "alloc_oom: release=$value is unknown: use none, backup, all or notifier" "$serial" 2>/dev/null)" = 1 ]; then
		result ok "make run on $row: PARAMS reach insmod as typed: the module refuses release=$value (exit 22)"
	else
		result fail "make run on $row: PARAMS reach insmod as typed" "exit $rc, see $log"
		grep 'alloc_oom: release' "$serial" 2>/dev/null | sed 's/^/#   /'
	fi

	# SCRIPT: a 64 KiB host file, every line of it run in the guest, which
	# prints its own sha256 and line count and exits 7.
	script=$out/front-script.sh
	# shellcheck disable=SC2016 # for the guest's shell
	{
		echo '#!/bin/sh'
		echo '# make check: 64 KiB of shell, every line run; it prints its own checksum.'
		for ((i = 0; i < 1600; i++)); do
			printf 'n=$((n + 1)); : '\''%05d $HOME "q" \\ `x`'\''\n' "$i"
		done
		echo 'echo "lines=$n"'
		echo 'sha256sum "$0"'
		echo 'exit 7'
	} >"$script.tmp"
	pad=$((65536 - $(wc -c <"$script.tmp") - 2))
	{
		head -n 2 "$script.tmp"
		printf '#%*s\n' "$pad" '' | tr ' ' '='
		tail -n +3 "$script.tmp"
	} >"$script"
	rm -f "$script.tmp"
	sum=$(sha256sum <"$script" | cut -d' ' -f1)
	log=$out/front-script.log
	rc=0
	make -s -C "$AOOM_TOP" run ARCH=x86_64 KVER="$k" SCRIPT="$script" >"$log" 2>&1 || rc=$?
	serial=$(serial_of "$log")
	if [ "$rc" = 7 ] && [ "$(wc -c <"$script")" = 65536 ] &&
		grep -qx "$sum  /aoom/front-script.sh" "$serial" && grep -qx 'lines=1600' "$serial"; then
		result ok "make run on $row: SCRIPT= of 64 KiB runs whole in the guest (sha256 matches, 1600 lines) and exits 7"
	else
		result fail "make run on $row: SCRIPT= of 64 KiB runs whole in the guest and exits 7" "exit $rc, see $log"
		grep -E '^lines=|front-script' "$serial" 2>/dev/null | sed 's/^/#   /'
	fi

	# Two make runs at once in this checkout: each succeeds, with a
	# folder and serial log of its own that holds its own output only.
	for twin in a b; do
		make -s -C "$AOOM_TOP" run ARCH=x86_64 KVER="$k" CMD="echo \"twin=$twin \$((20 + 1))\"" \
			>"$out/front-twin-$twin.log" 2>&1 &
		echo "$!" >"$out/front-twin-$twin.pid"
	done
	twins=ok why='' serial_a='' serial_b=''
	for twin in a b; do
		other=b
		[ "$twin" = a ] || other=a
		rc=0
		wait "$(cat "$out/front-twin-$twin.pid")" || rc=$?
		serial=$(serial_of "$out/front-twin-$twin.log")
		if [ "$twin" = a ]; then serial_a=$serial; else serial_b=$serial; fi
		if [ "$rc" != 0 ] || ! grep -qx "twin=$twin 21" "$serial" 2>/dev/null || grep -q "twin=$other" "$serial"; then
			twins='' why="$why twin $twin: exit $rc, serial log '${serial:-none}', see $out/front-twin-$twin.log;"
		fi
	done
	[ "$serial_a" != "$serial_b" ] || twins='' why="$why both named the same serial log;"
	if [ -n "$twins" ]; then
		result ok "make run on $row: two at once each succeed with a serial log of their own (${serial_a#"$BUILD"/}, ${serial_b#"$BUILD"/})"
	else
		result fail "make run on $row: two at once each succeed with a serial log of their own" "$why"
	fi
	# More runs than that went through this section: the oldest folders
	# are gone, the newest are there.
	folders=$(find "$BUILD/runs" -mindepth 1 -maxdepth 1 -type d | wc -l)
	if [ "$folders" -le 10 ] && [ -d "${serial_a%/*}" ] && [ -d "${serial_b%/*}" ]; then
		result ok "make run keeps the last 10 run folders ($folders in $BUILD/runs)"
	else
		result fail "make run keeps the last 10 run folders" "$folders in $BUILD/runs"
	fi
fi
# A user who is not root, with sudo: make run and make run KVER=latest
# (whose module builds inside the Debian build root, through sudo) pass
# from a copy of the checkout that the user owns, with this run's cache,
# whose kernels are fetched already and only read.  Nothing in the copy
# may belong to anyone else afterwards: the build inside the root runs as
# the user.  The test adds a user and a sudoers file, so it runs only
# where the run owns the machine (CI=true, as root), and removes both.
nr_user=aoom-check-user
nr_rows=$(for t in $ready; do case $t in "x86_64/$(kernel_default)" | x86_64/latest) echo "$t" ;; esac; done | xargs)
if [ "${CI:-}" != true ] || [ "$(id -u)" != 0 ]; then
	result skip "make run as a user with sudo" "adds a user: only where the run owns the machine (CI=true, as root)"
elif ! command -v sudo >/dev/null || ! command -v useradd >/dev/null; then
	result skip "make run as a user with sudo" "needs sudo and useradd"
elif [ -z "$nr_rows" ]; then
	result skip "make run as a user with sudo" "neither x86_64 row of it (the first, latest) is in this run"
else
	# A leftover of a run that was killed first.
	userdel -r "$nr_user" >/dev/null 2>&1 || true
	useradd -m -s /bin/bash "$nr_user"
	echo "$nr_user ALL=(ALL) NOPASSWD: ALL" >"/etc/sudoers.d/$nr_user"
	chmod 0440 "/etc/sudoers.d/$nr_user"
	copy=$(mktemp -d "${TMPDIR:-/tmp}/aoom-user.XXXXXX")
	(cd "$AOOM_TOP" && git ls-files -z --cached --others --exclude-standard |
		tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -x -C "$copy"
	chown -R "$nr_user:" "$copy"
	chmod 0755 "$copy"
	nr_first=${nr_rows%% *}
	nr_kd=$(machine_load x86_64 && kernel_load "${nr_first#*/}" && kernel_dir)
	if ! sudo -u "$nr_user" test -r "$nr_kd/release"; then
		result skip "make run as a user with sudo" "the cache $CACHE is not readable by other users"
	else
		for t in $nr_rows; do
			log=$out/nonroot-${t#*/}.log
			rc=0
			# The log is this run's, written as root.
			# shellcheck disable=SC2024
			sudo -u "$nr_user" -H env AOOM_CACHE="$CACHE" make -s -C "$copy" run KVER="${t#*/}" >"$log" 2>&1 || rc=$?
			strays=$(find "$copy" ! -user "$nr_user" | head -n 3 | xargs)
			if [ "$rc" = 0 ] && grep -q '^  killed: oom-hog ' "$log" && [ -z "$strays" ]; then
				result ok "make run KVER=${t#*/} as a user with sudo passes, and every file it made is the user's"
			else
				result fail "make run KVER=${t#*/} as a user with sudo passes, and every file it made is the user's" "exit $rc${strays:+, owned by others: $strays}, see $log"
				diag 10 "$log"
			fi
		done
	fi
	rm -rf "$copy"
	rm -f "/etc/sudoers.d/$nr_user"
	userdel -r "$nr_user" >/dev/null 2>&1 || true
fi
# A mirror that lists kernels it cannot serve (tests/mirror.sh).
# shellcheck source=mirror.sh
. "$AOOM_TOP/tests/mirror.sh"
# The README's layout and the docs' links (tests/docs.sh).
# shellcheck source=docs.sh
. "$AOOM_TOP/tests/docs.sh"
phase "front-door checks" "$t0"
