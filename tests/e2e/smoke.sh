# SPDX-License-Identifier: GPL-2.0-only
#
# Smoke test of the guest harness itself: the guest booted the fixture's
# kernel, the results channel works, and modprobe resolves a real module of
# the kernel with its dependencies.  Run with
#   harness/qemu-run --kernel NAME --test tests/e2e/smoke.sh
#
# kernels: deb13-s390x deb12-s390x deb14-s390x deb13-amd64 deb12-amd64 deb14-amd64
# vcd-modules: vfio_iommu_type1
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"

t_check proc-version grep -q "^Linux version $(uname -r) " /proc/version
t_check debugfs-mounted test -d /sys/kernel/debug/tracing -o -d /sys/kernel/debug/block
t_check modules-dep test -s "/lib/modules/$(uname -r)/modules.dep"
t_check modprobe-vfio_iommu_type1 modprobe vfio_iommu_type1
t_check vfio-loaded test -d /sys/module/vfio
t_check vfio-dev-node test -c /dev/vfio/vfio
t_check rmmod-vfio_iommu_type1 modprobe -r vfio_iommu_type1
