# SPDX-License-Identifier: GPL-2.0-only
#
# vfio-ccw-dkms: user-facing make targets.  Kbuild reads ./Kbuild, never
# this file, so everything here runs outside the kernel's build system.
#
#   make [KDIR=...] [KERNELRELEASE=...] [ARCH=...] [CROSS_COMPILE=...]
#   make print-config      compat probe results for the target kernel
#   make check             the whole test suite (README)
#   make demo              boot stock Debian 13 s390x in QEMU and show ours
#   make bench             mdev create/remove cost: ours against the in-tree core
#   make dist / deb / rpm  packages in build/pkg/ (packaging/make-pkg)

VERSION := $(shell cat $(CURDIR)/VERSION)
KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
KDIR := $(abspath $(KDIR))

# The release of the tree we build against, read from the tree itself so
# that a cross build or a DKMS build for another kernel lands in its own
# output directory.
KREL := $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
	  $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
OUT := $(CURDIR)/build/$(if $(KREL),$(KREL),unknown)
COMPAT_H := $(OUT)/compat_config.h
PROBES := $(wildcard $(CURDIR)/src/compat/probes/*.c)

KBUILD_ARGS := -C $(KDIR) M=$(CURDIR) VCD_OUT=$(OUT) VCD_VERSION=$(VERSION)

.PHONY: all modules clean print-config sparse w1 check demo checkpatch \
	kunit-modules test-modules help bench cio-layout dist deb rpm

all: modules

$(KDIR)/include/generated/utsrelease.h:
	@echo "error: no kernel build tree at KDIR=$(KDIR)" >&2
	@echo "       (install the headers for $(KERNELRELEASE), or pass KDIR=...)" >&2
	@exit 1

$(COMPAT_H): $(PROBES) $(CURDIR)/src/compat/probe $(KDIR)/include/generated/utsrelease.h
	@$(CURDIR)/src/compat/probe $(KDIR) $(OUT)

# The kernel's private cio layout from its BTF, for src/ccw/cio.h (s390
# only): build/<release>/cio_layout.h.  VCD_BTF=<file> (raw BTF, vmlinux or
# boot image) or VCD_BTF=none overrides the search (src/compat/btf-check).
CIO_LAYOUT_H := $(OUT)/cio_layout.h

cio-layout: $(KDIR)/include/generated/utsrelease.h
	@if grep -q '^CONFIG_S390=y' $(KDIR)/include/config/auto.conf; then \
	  if command -v python3 >/dev/null; then \
	    python3 $(CURDIR)/src/compat/btf-check --kdir $(KDIR) --release $(KREL) \
	      --out $(CIO_LAYOUT_H) $(if $(VCD_BTF),--btf $(VCD_BTF)); \
	  else mkdir -p $(OUT); printf '%s\n' '/* SPDX-License-Identifier: GPL-2.0-only */' \
	    '/* no python3 to read BTF */' '#define VCD_BTF_NONE 1' >$(CIO_LAYOUT_H); fi; \
	 fi

modules: $(COMPAT_H) cio-layout
	$(MAKE) $(KBUILD_ARGS) modules

kunit-modules: $(COMPAT_H) cio-layout
	@grep -q '^CONFIG_KUNIT=y' $(KDIR)/include/config/auto.conf || { \
	  echo "error: $(KREL) is built without CONFIG_KUNIT=y; KUnit test" \
	       "modules need a test kernel (see harness/kernel list)" >&2; exit 1; }
	$(MAKE) $(KBUILD_ARGS) VCD_KUNIT=1 VCD_TEST_MODULES=1 modules

# modules plus the test-only modules of tests/modules (never packaged)
test-modules: $(COMPAT_H) cio-layout
	$(MAKE) $(KBUILD_ARGS) VCD_TEST_MODULES=1 modules

sparse: $(COMPAT_H) cio-layout
	$(MAKE) $(KBUILD_ARGS) C=2 CF="-D__CHECK_ENDIAN__" modules

w1: $(COMPAT_H) cio-layout
	$(MAKE) $(KBUILD_ARGS) W=1 modules

print-config: $(COMPAT_H)
	@echo "kernel $(KREL) ($(KDIR))"
	@sed -n 's|^#define \(HAVE_[A-Z0-9_]*\) 1$$|  \1 = yes|p; s|^/\* #undef \(HAVE_[A-Z0-9_]*\) \*/$$|  \1 = no|p' $(COMPAT_H)

checkpatch:
	@$(CURDIR)/harness/checkpatch

check:
	@$(CURDIR)/harness/check

demo:
	@$(CURDIR)/harness/demo

bench:
	@$(CURDIR)/harness/bench

dist deb rpm:
	@$(CURDIR)/packaging/make-pkg $@

clean:
	-$(MAKE) $(KBUILD_ARGS) clean 2>/dev/null
	rm -rf $(CURDIR)/build

help:
	@sed -n 's/^#   /  /p' $(CURDIR)/Makefile
