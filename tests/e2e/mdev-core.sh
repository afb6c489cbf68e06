# SPDX-License-Identifier: GPL-2.0-only
# kernels: deb13-s390x deb12-s390x deb14-s390x deb13-amd64 deb12-amd64 deb14-amd64 deb11-amd64
#
# Guest test: our mdev core loads on a stock kernel through modprobe (as a
# DKMS install would have it, from updates/, ahead of an in-tree mdev.ko
# on amd64), registers the mdev bus and the mdev_bus class, and unloads
# cleanly.
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"

want=$(cat /vcd/VERSION)
t_check "modprobe mdev" modprobe mdev
t_check "the loaded mdev is ours (version $want)" \
	grep -qx "$want" /sys/module/mdev/version
t_check "/sys/bus/mdev exists" test -d /sys/bus/mdev/devices
t_check "/sys/class/mdev_bus exists" test -d /sys/class/mdev_bus
t_check "rmmod mdev" rmmod mdev
t_check "/sys/bus/mdev is gone" test ! -e /sys/bus/mdev
t_check "/sys/class/mdev_bus is gone" test ! -e /sys/class/mdev_bus
t_check "modprobe mdev again" modprobe mdev
t_check "modprobe -r mdev" modprobe -r mdev
