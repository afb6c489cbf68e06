# SPDX-License-Identifier: GPL-2.0-only
# kernels: deb13-s390x deb12-s390x deb14-s390x test-7.2-s390x-debug
# qemu-devices: -device virtio-rng-ccw,devno=fe.0.0006
# vcd-modules: vfio vfio_iommu_type1
# vcd-programs: vfio_ccw_io
# vcd-include: vfio-ccw-lib.sh
#
# Guest test: the project's vfio_ccw and mdev core (installed in updates/
# as DKMS would, loaded with modprobe) run every step of
# tests/e2e/vfio-ccw-lib.sh with tests/userspace/vfio_ccw_io: bind the
# spare virtio-rng subchannel, create the mdev, SENSE ID, a multi-CCW
# program with an IDAL, malformed programs, CSCH, HSCH, schib and crw
# reads, unbind and remove while open (with and without the request
# eventfd), rmmod while bound, and give the subchannel back.
# vfio-ccw-anchor.sh runs the same steps against the in-tree driver.
# On test-7.2-s390x-debug (KASAN, lockdep, kmemleak, debug objects) any
# report on the console and any object of the final kmemleak scan fails.
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"
# shellcheck source=tests/e2e/vfio-ccw-lib.sh disable=SC1091
. /vcd/vfio-ccw-lib.sh

vccw_main ours
