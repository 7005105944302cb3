# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/install.sh: installing (make install, DKMS) and the user's own
# kernel, sourced by tests/host.sh.
# shellcheck disable=SC2154 # the variables are tests/run.sh's


# 2b. Installing, and the user's own kernel: the fetched kernels of the
# default series stand in for one the user built.
t0=$(now_ms)
kver=$(kernel_default)
for arch in $ARCHES; do
	machine_load "$arch"
	kd=$CACHE/kernels/$kver-$M_DEBARCH
	if [ ! -d "$kd/kdir" ]; then
		result skip "$arch check-config.sh and own kernel" "no $arch/$kver kernel was fetched in this run"
		continue
	fi
	if "$S/check-config.sh" --arch "$arch" "$kd/kdir" >"$out/config-$arch.log" 2>&1; then
		result ok "$arch check-config.sh accepts Debian's $kver .config"
	else
		result fail "$arch check-config.sh accepts Debian's $kver .config" "see $out/config-$arch.log"
	fi
	grep -v '^CONFIG_DEBUG_FS=y' "$kd/kdir/.config" >"$out/config-$arch-nodebugfs"
	if ! "$S/check-config.sh" --arch "$arch" "$out/config-$arch-nodebugfs" >"$out/config-$arch-nodebugfs.log" 2>&1 &&
		grep -q '^MISSING  CONFIG_DEBUG_FS=y' "$out/config-$arch-nodebugfs.log"; then
		result ok "$arch check-config.sh names CONFIG_DEBUG_FS when it is off"
	else
		result fail "$arch check-config.sh names CONFIG_DEBUG_FS when it is off" "see $out/config-$arch-nodebugfs.log"
	fi
	own=(ARCH="$arch" KERNEL="$kd/$M_IMAGE" KDIR="$kd/kdir")
	[ -z "$M_DTB" ] || own+=(DTB="$kd/dtbs/$M_DTB")
	if make -s -C "$AOOM_TOP" run "${own[@]}" TIMEOUT=240 \
		CMD='insmod alloc-oom.ko trigger=0 && grep -q "^alloc_oom " /proc/modules && rmmod alloc_oom' \
		>"$out/own-kernel-$arch.log" 2>&1; then
		result ok "$arch own kernel: make run KERNEL= KDIR=${M_DTB:+ DTB=} loads the module"
	else
		result fail "$arch own kernel: make run KERNEL= KDIR=${M_DTB:+ DTB=} loads the module" "see $out/own-kernel-$arch.log"
		diag 20 "$out/own-kernel-$arch.log"
	fi
done

# A guest that hangs explains itself: at the timeout the harness asks the
# guest kernel for its blocked tasks, backtraces and memory over SysRq.
if make -s -C "$AOOM_TOP" run KVER="$kver" TIMEOUT=20 CMD='sleep 1000' >"$out/hang.log" 2>&1; then
	result fail "a hung guest: make run fails at the timeout" "see $out/hang.log"
elif grep -q 'timed out after 20s' "$out/hang.log" &&
	grep -q 'sysrq: Show Blocked State' "$out/hang.log" &&
	grep -q 'sysrq: Show backtrace of all active CPUs' "$out/hang.log" &&
	grep -q 'Mem-Info:' "$out/hang.log"; then
	result ok "a hung guest: the timeout shows SysRq w, l and m from the guest kernel"
else
	result fail "a hung guest: the timeout shows SysRq w, l and m from the guest kernel" "see $out/hang.log"
fi

# dkms_state: the system's alloc-oom DKMS registrations and files (DKMS's
# tree, /usr/src and the kernels' module folders), one line each with its
# size and time, and /var/lib/dkms's own top level.
dkms_state() {
	dkms status alloc-oom 2>&1
	find /var/lib/dkms -maxdepth 1 2>/dev/null
	find /var/lib/dkms/alloc-oom /usr/src/alloc-oom-* /lib/modules/*/updates/dkms/alloc-oom.ko* \
		/lib/modules/*/extra/alloc-oom.ko* \( -type f -printf '%p %s %T@\n' \) -o \
		\( -type l -printf '%p -> %l\n' \) 2>/dev/null | sort
}

# dkms_checks SRC KDIR KREL: dkms add and build of the staged sources SRC
# against KDIR, in a DKMS tree of the test's own (dkms --dkmstree,
# --sourcetree and --installtree, dkms 3.0 and later; the signing key
# goes there too).  Nothing of the system's is touched: its alloc-oom
# DKMS state is the same after as before.  Only where the run owns the
# machine (CI=true, as root) does the test first register and build a
# system copy, as 'make dkms' would, to prove that the private build
# leaves it alone; a leftover of an earlier run that was killed before
# it cleaned up is removed first, and this one is removed at the end.
# On anyone else's machine DKMS, /usr/src and /lib/modules are only read.
dkms_checks() {
	local src=$1 kdir=$2 krel=$3 ver priv mine='' before after
	ver=${src##*/alloc-oom-}
	priv=$out/dkms
	rm -rf "$priv"
	mkdir -p "$priv/tree" "$priv/src" "$priv/lib/$krel"
	cp -R "$src" "$priv/src/"
	: >"$out/dkms.log"
	if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ]; then
		if [ -e "/usr/src/alloc-oom-$ver" ] || [ -e "/var/lib/dkms/alloc-oom/$ver" ]; then
			echo "# dkms: removing a leftover system registration of alloc-oom/$ver (CI=true: this run owns the machine)"
			dkms remove "alloc-oom/$ver" --all >>"$out/dkms.log" 2>&1 || true
			rm -rf "/usr/src/alloc-oom-$ver" "/var/lib/dkms/alloc-oom/$ver"
		fi
		mine=/usr/src/alloc-oom-$ver
		# Ours alone, so it goes even when the run is cut short.
		# shellcheck disable=SC2064 # the names are fixed now
		trap "dkms remove 'alloc-oom/$ver' --all >/dev/null 2>&1; rm -rf '$mine'" EXIT
		cp -R "$src" "$mine"
		if ! mok_signing_key=$priv/mok.key mok_certificate=$priv/mok.pub \
			dkms add "alloc-oom/$ver" >>"$out/dkms.log" 2>&1 ||
			! mok_signing_key=$priv/mok.key mok_certificate=$priv/mok.pub \
				dkms build "alloc-oom/$ver" -k "$krel" --kernelsourcedir "$kdir" >>"$out/dkms.log" 2>&1; then
			result fail "dkms: a system registration of alloc-oom/$ver to check against" "see $out/dkms.log"
		fi
	fi
	before=$(dkms_state)
	pdkms() {
		mok_signing_key=$priv/mok.key mok_certificate=$priv/mok.pub \
			dkms --dkmstree "$priv/tree" --sourcetree "$priv/src" --installtree "$priv/lib" "$@"
	}
	if pdkms add "alloc-oom/$ver" >>"$out/dkms.log" 2>&1 &&
		pdkms build "alloc-oom/$ver" -k "$krel" --kernelsourcedir "$kdir" >>"$out/dkms.log" 2>&1 &&
		[ "$(modinfo -F version "$priv/tree/alloc-oom/$ver/$krel"/*/module/alloc-oom.ko 2>/dev/null)" = "$(cat VERSION)" ]; then
		result ok "dkms add and build in a private DKMS tree against Debian's $krel headers; modinfo says version $ver"
	else
		result fail "dkms add and build in a private DKMS tree against Debian's $krel headers" "see $out/dkms.log"
		diag 10 "$out/dkms.log"
	fi
	after=$(dkms_state)
	if [ "$before" = "$after" ] && { [ -z "$mine" ] || grep -q "alloc-oom/$ver, $krel" <<<"$after"; }; then
		result ok "dkms: the system's alloc-oom registrations and files are the same after the test${mine:+ (one made for the check: alloc-oom/$ver built for $krel)}"
	else
		result fail "dkms: the system's alloc-oom registrations and files are the same after the test" "they changed"
		diff <(echo "$before") <(echo "$after") | sed 's/^/#   /'
	fi
	if [ -z "$mine" ]; then
		result skip "dkms: a system registration is kept beside the private build" \
			"registers one only where the run owns the machine (CI=true, as root); the system's DKMS state was compared, not touched"
	fi
	rm -rf "$priv"
	if [ -n "$mine" ]; then
		dkms remove "alloc-oom/$ver" --all >>"$out/dkms.log" 2>&1 || true
		rm -rf "$mine"
		trap - EXIT
	fi
}

kd=$CACHE/kernels/$kver-amd64
if [ -d "$kd/kdir" ]; then
	krel=$(cut -d' ' -f1 "$kd/release")
	stage=$out/install
	rm -rf "$stage"
	make -s -C "$AOOM_TOP" dkms-src DESTDIR="$stage" >/dev/null
	src=$(echo "$stage"/usr/src/alloc-oom-*)
	if make -s -C "$src" install KDIR="$kd/kdir" INSTALL_MOD_PATH="$stage/root" >"$out/install.log" 2>&1 &&
		[ -f "$stage/root/lib/modules/$krel/extra/alloc-oom.ko" ] &&
		grep -q 'extra/alloc-oom.ko:' "$stage/root/lib/modules/$krel/modules.dep"; then
		result ok "make install puts alloc-oom.ko in /lib/modules/$krel/extra and depmod lists it"
	else
		result fail "make install puts alloc-oom.ko in /lib/modules/$krel/extra and depmod lists it" "see $out/install.log"
	fi
	# DESTDIR stages the module too, and depmod's files beside it: the
	# live /lib/modules is left as it was.
	touch "$stage/before"
	if make -s -C "$src" install KDIR="$kd/kdir" DESTDIR="$stage/dest" >"$out/install-destdir.log" 2>&1 &&
		[ -f "$stage/dest/lib/modules/$krel/extra/alloc-oom.ko" ] &&
		grep -q 'extra/alloc-oom.ko:' "$stage/dest/lib/modules/$krel/modules.dep" &&
		[ -z "$(find /lib/modules -newer "$stage/before" 2>/dev/null | head -n 1)" ]; then
		result ok "make install DESTDIR= stages alloc-oom.ko and depmod's files in DESTDIR/lib/modules/$krel; /lib/modules is untouched"
	else
		result fail "make install DESTDIR= stages alloc-oom.ko and depmod's files in DESTDIR/lib/modules/$krel; /lib/modules is untouched" "see $out/install-destdir.log"
		find /lib/modules -newer "$stage/before" 2>/dev/null | head -n 3 | sed 's/^/#   changed: /'
	fi
	if make -s -C "$AOOM_TOP" install-tools DESTDIR="$stage/root" >"$out/install-tools.log" 2>&1 &&
		[ -x "$stage/root/usr/local/bin/oom-explain" ] && [ -x "$stage/root/usr/local/bin/oom-hog" ]; then
		result ok "make install-tools puts oom-explain and oom-hog in /usr/local/bin"
	else
		result fail "make install-tools puts oom-explain and oom-hog in /usr/local/bin" "see $out/install-tools.log"
	fi
	if make -s -C "$AOOM_TOP" install-man DESTDIR="$stage/root" >"$out/install-man.log" 2>&1 &&
		[ -f "$stage/root/usr/local/share/man/man1/oom-explain.1" ] &&
		[ -f "$stage/root/usr/local/share/man/man1/oom-hog.1" ]; then
		result ok "make install puts the oom-explain.1 and oom-hog.1 manual pages in /usr/local/share/man/man1"
	else
		result fail "make install puts the oom-explain.1 and oom-hog.1 manual pages in /usr/local/share/man/man1" "see $out/install-man.log"
	fi
	if command -v dkms >/dev/null; then
		dkms_checks "$src" "$kd/kdir" "$krel"
	else
		result skip "dkms build" "needs the dkms package"
	fi
else
	result skip "make install and dkms" "no x86_64/$kver kernel was fetched in this run"
fi
phase "install and own-kernel checks" "$t0"
