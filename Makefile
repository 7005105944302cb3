# SPDX-License-Identifier: GPL-2.0
#
# make                 build alloc-oom.ko against the running kernel
#                      (KDIR=, ARCH= and CROSS_COMPILE= are honoured)
# make run             boot a Debian guest and drive it into the OOM killer
# make run CMD='...'   run a command line in the guest instead, exit with its status
# make run SCENARIO=highmem
#                      run one scenario of rootfs/lib/alloc-oom/scenarios: its
#                      KTAP results and the kernel log (ARCH= and MEM= default
#                      to what the scenario's '# aoom:' line asks for)
# make shell           an interactive guest shell
# make check           every test: gates, tools and guest scenarios
# make install         install the module under /lib/modules/$(uname -r)/extra
#
# Guest options: ARCH=x86_64|arm MACHINE=vexpress-a9|vexpress-a15 KVER=6.1
# MEM=256M SMP=1 PARAMS='insmod parameters' TIMEOUT=seconds, and for your
# own kernel KERNEL=image KDIR=build-tree [DTB=file].

KDIR ?= /lib/modules/$(shell uname -r)/build

# The guest targets pass only what was set.
guest_opts = $(if $(ARCH),--arch $(ARCH)) \
	$(if $(MACHINE),--machine $(MACHINE)) \
	$(if $(KVER),--kver $(KVER)) \
	$(if $(MEM),--mem $(MEM)) \
	$(if $(SMP),--smp $(SMP)) \
	$(if $(TIMEOUT),--timeout $(TIMEOUT)) \
	$(if $(KERNEL),--kernel $(KERNEL)) \
	$(if $(filter command line environment,$(origin KDIR)),--kdir $(KDIR)) \
	$(if $(DTB),--dtb $(DTB))

all: modules

modules modules_install:
	@test -f $(KDIR)/Makefile || { \
		echo "error: no kernel build tree at $(KDIR)."; \
		echo "Install the headers of the running kernel, pass KDIR=<build tree>,"; \
		echo "or use 'make run', which fetches a Debian guest kernel and its headers."; \
		exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) $@

install:
	$(MAKE) modules_install INSTALL_MOD_DIR=extra
	depmod -a $$($(MAKE) -s -C $(KDIR) kernelrelease)

clean:
	$(if $(wildcard $(KDIR)/Makefile),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	$(RM) -r build

run:
	@scripts/run.sh $(guest_opts) $(if $(SCENARIO),--scenario '$(SCENARIO)') $(if $(CMD),--cmd '$(subst ','\'',$(CMD))',--params '$(PARAMS)')

shell:
	@scripts/run.sh $(guest_opts) --shell

check:
	@tests/run.sh

distclean: clean
	$(RM) -r .cache

.PHONY: all modules modules_install clean install run shell check distclean
