# SPDX-License-Identifier: GPL-2.0-only
# kernels: deb13-s390x deb12-s390x deb14-s390x
# qemu-devices: -device virtio-rng-ccw,devno=fe.0.0006
# vcd-modules: vfio vfio_iommu_type1
# vcd-programs: vfio_ccw_io
# vcd-include: vfio-ccw-lib.sh
# vcd-anchor: yes
#
# Guest test: the in-tree vfio_ccw and mdev core of the fixture's own
# kernel version (built by harness/anchor from Debian's linux-source, a
# test fixture) run every step of tests/e2e/vfio-ccw-lib.sh with
# tests/userspace/vfio_ccw_io.  This is the reference the project's own
# vfio_ccw must match (same steps, "vccw_main ours").
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"
# shellcheck source=tests/e2e/vfio-ccw-lib.sh disable=SC1091
. /vcd/vfio-ccw-lib.sh

vccw_main anchor
