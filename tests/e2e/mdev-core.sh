# SPDX-License-Identifier: GPL-2.0-only
# kernels: deb13-s390x deb12-s390x
#
# Guest test: our mdev core loads on a stock kernel through modprobe (as a
# DKMS install would have it, from updates/), registers the mdev bus and
# the mdev_bus class, and unloads cleanly.

t_check "modprobe mdev" modprobe mdev
t_check "mdev is ours (version $(cat /sys/module/mdev/version 2>/dev/null))" \
	test -f /sys/module/mdev/version
t_check "/sys/bus/mdev exists" test -d /sys/bus/mdev/devices
t_check "/sys/class/mdev_bus exists" test -d /sys/class/mdev_bus
t_check "rmmod mdev" rmmod mdev
t_check "/sys/bus/mdev is gone" test ! -e /sys/bus/mdev
t_check "/sys/class/mdev_bus is gone" test ! -e /sys/class/mdev_bus
t_check "modprobe mdev again" modprobe mdev
t_check "modprobe -r mdev" modprobe -r mdev
