# SPDX-License-Identifier: GPL-2.0
#
# make                 build alloc-oom.ko against the running kernel, and the tools
#                      (KDIR=, ARCH= and CROSS_COMPILE= are honoured)
# make run             boot a Debian guest and drive it into the OOM killer
# make run CMD='...'   run a command line in the guest instead, exit with its status
# make run SCRIPT=file run a host file in the guest instead, exit with its status
# make run SCENARIO=highmem
#                      run one scenario of rootfs/lib/alloc-oom/scenarios: its
#                      KTAP results and the kernel log (ARCH= and MEM= default
#                      to what the scenario's '# aoom:' line asks for)
# make shell           an interactive guest shell
# make replay REPORT=file [EVENT=N]
#                      make the same OOM again in a guest and compare it with
#                      the report fact by fact (docs/replay.md; PLAN=1 plans
#                      only, JSON=1, and the what-if SYSCTL='k=v ...', LIMIT=,
#                      MEM=, KVER=, ARCH=)
# make check           every test: gates, tools and guest scenarios
# make check-quick     the short loop: the gates and the smoke scenarios on
#                      the default kernel of each architecture
# make check-full      make check with the long scenarios in full on every row
# make bench           time to OOM against the allocator's limit, oom-hog and
#                      stress-ng, and its scaling with RAM (bench/results.md)
# make bench-smoke     one short run of the benchmark, checking its table
# make bench-explain   oom-explain's speed against grep on a 1 GiB log
# make install         install the module under /lib/modules/$(uname -r)/extra,
#                      oom-explain and oom-hog under /usr/local/bin and their
#                      manual pages under /usr/local/share/man/man1, all of
#                      it under DESTDIR= (the module also under
#                      INSTALL_MOD_PATH=, and PREFIX= for the tools)
# make dkms            register, build and install it with DKMS
# make help            the targets, the variables with their defaults, the scenarios
#
# Guest options: ARCH=x86_64|arm|arm64 MACHINE=vexpress-a9|vexpress-a15|virt
# KVER=6.1|5.10|6.12|latest FLAVOUR=rt MEM=256M SMP=1 NUMA=1 PARAMS='insmod parameters'
# (CMD, PARAMS and SCRIPT reach the guest byte for byte: '$' and all)
# TIMEOUT=seconds, and for your own kernel KERNEL=image KDIR=build-tree [DTB=file].
# Every one is data: make does not expand it and no shell reads it; run.sh
# refuses a value it does not know with status 2 before anything runs.
# 'make run' exits with the guest command's status; 1 when the host
# failed before the guest booted, 2 for a bad option, 123 when the guest
# kernel panicked, 124 on the timeout, 125 when the guest stopped before
# the command finished.

KDIR ?= /lib/modules/$(shell uname -r)/build

# make's variables are case-sensitive: 'make run arch=arm' would quietly
# run the default x86_64 guest.  A variable given on the command line
# that is one of these in other letters gets a warning.
KNOWN_VARS = ARCH MACHINE KVER FLAVOUR MEM SMP NUMA TIMEOUT KERNEL KDIR DTB \
	CMD PARAMS SCRIPT SCENARIO ARCHES KVERS SCENARIOS RT JOBS SAVE QUICK \
	DESTDIR PREFIX INSTALL_MOD_PATH CROSS_COMPILE BENCH_ARGS CI \
	REPORT EVENT PLAN JSON LIMIT SYSCTL \
	AOOM_CACHE AOOM_BUILD AOOM_KEEP_RUNS AOOM_NO_INSTALL AOOM_ACCEL
aoom-upper = $(shell printf '%s' '$(1)' | tr '[:lower:]-' '[:upper:]_')
aoom-sq = '$(subst ','\'',$(1))'
aoom_case_warnings := $(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(if \
	$(filter-out $(KNOWN_VARS),$(v)),$(if $(filter $(call aoom-upper,$(v)),$(KNOWN_VARS)),$(shell \
	printf 'warning: %s is ignored (make variables are case-sensitive): did you mean %s?\n' \
	$(call aoom-sq,$(v)=$(value $(v))) $(call aoom-sq,$(call aoom-upper,$(v))=$(value $(v))) >&2)))))

# The tools this tree has: a DKMS copy holds the module alone.
TOOLS = $(wildcard tools/oom-explain tools/oom-hog)

all: tools modules

# The userspace helpers, built for this host.
tools:
	$(foreach t,$(TOOLS),$(MAKE) -C $(t) &&) true

install-tools: tools
	$(foreach t,$(TOOLS),$(MAKE) -C $(t) install &&) true

# The tools' manual pages, beside the tools.
PREFIX ?= /usr/local
MANPAGES = $(wildcard man/*.1)
install-man:
	$(if $(MANPAGES),install -d $(DESTDIR)$(PREFIX)/share/man/man1)
	$(if $(MANPAGES),install -m 0644 $(MANPAGES) $(DESTDIR)$(PREFIX)/share/man/man1/)

modules modules_install:
	@test -f $(KDIR)/Makefile || { \
		echo "error: no kernel build tree at $(KDIR)."; \
		echo "Install the headers of the running kernel, pass KDIR=<build tree>,"; \
		echo "or use 'make run', which fetches a Debian guest kernel and its headers."; \
		exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) $@

# The sources DKMS needs, and where 'make dkms' stages them.
# VERSION is the one version string: modinfo's, DKMS's and the tools'.
DKMS_VERSION := $(shell cat VERSION 2>/dev/null)
DKMS_SRC = $(DESTDIR)/usr/src/alloc-oom-$(DKMS_VERSION)
MODULE_SOURCES = Kbuild Makefile dkms.conf VERSION $(wildcard *.c *.h)

# Distribution headers do not ship the key their kernel was signed with:
# without it, install unsigned rather than fail to sign.  depmod is told
# the release the module was built for, from its vermagic.  The module
# goes under INSTALL_MOD_PATH (kbuild's name for it), itself under
# DESTDIR, as the tools do: 'make install DESTDIR=/tmp/stage' stages all
# of it, and depmod writes its files there, not in the live /lib/modules.
MOD_ROOT = $(DESTDIR)$(INSTALL_MOD_PATH)
install: modules install-tools install-man
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=extra \
		$(if $(MOD_ROOT),INSTALL_MOD_PATH=$(MOD_ROOT)) \
		$(if $(wildcard $(KDIR)/certs/signing_key.pem),,CONFIG_MODULE_SIG_ALL=) \
		modules_install
	depmod $(if $(MOD_ROOT),-b $(MOD_ROOT)) \
		$$(modinfo -F vermagic alloc-oom.ko | cut -d' ' -f1)

dkms-src:
	install -d $(DKMS_SRC)
	install -m 0644 $(MODULE_SOURCES) $(DKMS_SRC)/

dkms: dkms-src
	dkms add alloc-oom/$(DKMS_VERSION)
	dkms build alloc-oom/$(DKMS_VERSION)
	dkms install alloc-oom/$(DKMS_VERSION)

# Without the build tree kbuild's own clean cannot run; the files it would
# remove are listed here as well.
clean:
	$(if $(wildcard $(KDIR)/Makefile),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	$(RM) *.o *.ko *.mod *.mod.c .*.cmd .*.o Module.symvers modules.order
	$(foreach t,$(TOOLS),$(MAKE) -C $(t) clean &&) true
	$(RM) -r build

# GNU make exits 2 whenever a recipe fails, and prints its own error
# line last.  'make run' hands back run.sh's own status (the guest
# command's, or 1/2/123/124/125), and 'make check' ends on its
# "N passed, N failed" line, through $(aoom-run), a function of the small
# plugin scripts/aoom_exit.c, built with the host's cc when make reads
# this file for either.  Where it cannot be built or loaded (make -n, no
# compiler, a make without load) the recipes run as usual and a failure
# exits 2.
#
# The variables of the guest and test targets are data.  Given on make's
# command line they become plain text here, which make never expands (it
# would run a $(shell ...) in them as it exported them), and the recipes
# hold none of them: run.sh takes each guest option as one argument, a
# shell word "$$AOOM_RUN_MEM" whose text is in the environment, set by
# $(aoom-setenv) or, without the plugin, exported as that text.  CMD,
# PARAMS and SCRIPT go there alone, not under their own names; KDIR only
# when it is yours (given here or in the environment), not the host's
# default.
guest_vars = ARCH MACHINE KVER FLAVOUR MEM SMP NUMA TIMEOUT KERNEL KDIR DTB SCENARIO CMD PARAMS SCRIPT
guest_goals = run shell replay check check-quick check-full
ifneq ($(filter $(guest_goals),$(MAKECMDGOALS)),)
cmdline_vars := $(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(v)))
$(foreach v,$(cmdline_vars),$(eval override $(v) := $$(value $(v))))
ifneq ($(filter-out CMD PARAMS SCRIPT,$(cmdline_vars)),)
export $(filter-out CMD PARAMS SCRIPT,$(cmdline_vars))
endif
unexport CMD PARAMS SCRIPT
endif
guest_value = $(if $(filter KDIR:file,$(1):$(origin $(1))),,$(value $(1)))
$(foreach v,$(guest_vars),$(eval run shell: export AOOM_RUN_$(v) := $$(call guest_value,$(v))))
run_env = $(foreach v,$(guest_vars),$(aoom-setenv AOOM_RUN_$(v),$(call guest_value,$(v))))
# make puts the variables given on its command line (make check ARCHES=arm,
# make run AOOM_KEEP_RUNS=3) into the environment of the commands it
# starts; $(aoom-run) starts its own, so it gets them the same way, as typed.
cmdline_env = $(foreach v,$(filter-out CMD PARAMS SCRIPT,$(cmdline_vars)),$(aoom-setenv $(v),$(value $(v))))
guest_opts = --arch "$$AOOM_RUN_ARCH" --machine "$$AOOM_RUN_MACHINE" --kver "$$AOOM_RUN_KVER" \
	--flavour "$$AOOM_RUN_FLAVOUR" --mem "$$AOOM_RUN_MEM" --smp "$$AOOM_RUN_SMP" \
	--numa "$$AOOM_RUN_NUMA" --timeout "$$AOOM_RUN_TIMEOUT" --kernel "$$AOOM_RUN_KERNEL" \
	--kdir "$$AOOM_RUN_KDIR" --dtb "$$AOOM_RUN_DTB"
run_cmd = scripts/run.sh $(guest_opts) --scenario "$$AOOM_RUN_SCENARIO" \
	--script "$$AOOM_RUN_SCRIPT" --cmd "$$AOOM_RUN_CMD" --params "$$AOOM_RUN_PARAMS"
ifneq ($(filter run replay check check-quick check-full,$(MAKECMDGOALS)),)
ifeq ($(findstring n,$(firstword -$(MAKEFLAGS))),)
aoom_exit_so := $(shell mkdir -p build && { [ build/aoom_exit.so -nt scripts/aoom_exit.c ] || \
	{ cc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O2 -fPIC -shared \
		-o build/aoom_exit.so.$$$$ scripts/aoom_exit.c && \
	  mv -f build/aoom_exit.so.$$$$ build/aoom_exit.so; }; } >/dev/null 2>&1 && \
	echo build/aoom_exit.so)
ifneq ($(aoom_exit_so),)
-load $(aoom_exit_so)
endif
endif
endif

run:
ifneq ($(filter %aoom_exit.so,$(.LOADED)),)
	@$(cmdline_env)$(run_env)$(aoom-run $(run_cmd))
else
	@$(run_cmd)
endif

shell:
	@scripts/run.sh $(guest_opts) --shell

# make replay's variables reach scripts/replay.sh as the guest options
# do: each one argument whose text is in the environment.
replay_vars = REPORT EVENT ARCH KVER MEM LIMIT TIMEOUT SYSCTL
unexport SYSCTL
$(foreach v,$(replay_vars),$(eval replay: export AOOM_REPLAY_$(v) := $$(value $(v))))
replay_env = $(foreach v,$(replay_vars),$(aoom-setenv AOOM_REPLAY_$(v),$(value $(v))))
replay_cmd = scripts/replay.sh $(if $(value EVENT),--event "$$AOOM_REPLAY_EVENT") $(if $(value PLAN),--plan) \
	$(if $(value JSON),--json) $(if $(value ARCH),--arch "$$AOOM_REPLAY_ARCH") \
	$(if $(value KVER),--kver "$$AOOM_REPLAY_KVER") $(if $(value MEM),--mem "$$AOOM_REPLAY_MEM") \
	$(if $(value LIMIT),--limit "$$AOOM_REPLAY_LIMIT") $(if $(value TIMEOUT),--timeout "$$AOOM_REPLAY_TIMEOUT") \
	$(if $(value SYSCTL),--sysctl "$$AOOM_REPLAY_SYSCTL") -- "$$AOOM_REPLAY_REPORT"
replay:
ifneq ($(filter %aoom_exit.so,$(.LOADED)),)
	@$(cmdline_env)$(replay_env)$(aoom-run $(replay_cmd))
else
	@$(replay_cmd)
endif

# The three tiers, one harness: what each adds is in its environment.
tier_env_check-quick := QUICK=1
tier_env_check-full := FULL=1
check check-quick check-full:
ifneq ($(filter %aoom_exit.so,$(.LOADED)),)
	@$(cmdline_env)$(aoom-run env $(tier_env_$@) tests/run.sh)
else
	@$(tier_env_$@) tests/run.sh
endif

# BENCH_ARGS go to bench/run.sh, e.g. BENCH_ARGS='--arch x86_64 --runs 3'.
bench:
	@bench/run.sh --arch 'x86_64 arm' --mem 256M $(BENCH_ARGS)
	@bench/run.sh --arch x86_64 --mem '512M 1G 2G 4G 8G' --orders 0 \
		--methods 'limit module hog' --no-extras $(BENCH_ARGS)
	@bench/run.sh --arch arm --mem '512M 1G' --orders 0 \
		--methods 'limit module hog' --no-extras $(BENCH_ARGS)

bench-smoke:
	@bench/run.sh --smoke

# oom-explain against grep -c on a generated 1 GiB kernel log.
bench-explain:
	@$(MAKE) -s -C tools/oom-explain bench

# distclean also deletes the cache of fetched kernels, headers, BusyBox
# and build roots in .cache/ (about 2 GB; 'make run' fetches it again).
distclean: clean
	$(RM) -r .cache

help:
	@scripts/help.sh

.PHONY: all tools install-tools install-man modules modules_install clean install dkms-src dkms \
	run shell replay check check-quick check-full bench bench-smoke bench-explain distclean help
