# SPDX-License-Identifier: GPL-2.0-only
# kernels: deb13-s390x deb12-s390x deb14-s390x deb13-amd64 deb12-amd64 deb14-amd64
# vcd-debs: mdevctl
# vcd-include: mdev-lib.sh
#
# Guest test: Debian's mdevctl (from the fixture's suite: 1.4 in trixie,
# 1.2 in bookworm) manages devices of our mdev core through the test
# parent: "mdevctl types" shows the parent's two types, "mdevctl start"
# creates a device that sysfs then has, "mdevctl list" shows it, "mdevctl
# stop" removes it again, and the type's available_instances follows (16,
# 15, 16).  Every mdevctl command and its output go to the results channel
# as a transcript.  mdevctl needs no udev here: it reads and writes sysfs
# and keeps its (empty) configuration in /etc/mdevctl.d.
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"
# shellcheck source=tests/e2e/mdev-lib.sh disable=SC1091
. /vcd/mdev-lib.sh

uuid=5b1e0c7a-8f2d-4c3b-9a61-0d4e2f7c3b18
parent=mdev_test_parent
pdir=/sys/class/mdev_bus/$parent
out=/tmp/mdevctl.out

t_check "mdevctl binary is installed" test -x /usr/bin/mdevctl
t_check "mdevctl --version" mc --version
t_check "mdevctl --version names a version" has '^mdevctl [0-9]+\.[0-9]+'

t_check "modprobe mdev_test_parent" modprobe mdev_test_parent
t_check "the parent is in /sys/class/mdev_bus" test -d "$pdir/mdev_supported_types"
# The core names a type directory "<driver of the parent>-<type>" as
# upstream does; the test parent is a class device, named after its class.
type=mdev_test_parent-small
large=mdev_test_parent-large
tdir=$pdir/mdev_supported_types/$type
t_log "the parent's types: $(cd "$pdir/mdev_supported_types" && echo *)"
t_check "the parent has a type *-small" test -n "$type"
t_check "the parent has a type *-large" test -d "$pdir/mdev_supported_types/$large"
t_check "available_instances is 16" avail_is 16

t_check "mdevctl types" mc types
t_check "mdevctl types: the parent" has "^$parent\$"
t_check "mdevctl types: the small type" has "^ +$type\$"
t_check "mdevctl types: the large type" has "^ +$large\$"
t_check "mdevctl types: 16 available" has "Available instances: 16"
t_check "mdevctl types: device API vfio-test" has "Device API: vfio-test"
t_check "mdevctl types: the type's name" has "Name: Test device \(small\)"

t_check "mdevctl list (before)" mc list
t_check "mdevctl list is empty before" no_output

t_check "mdevctl start (small type)" mc start -u "$uuid" -p "$parent" -t "$type"
t_check "sysfs: the device is on the mdev bus" test -d "/sys/bus/mdev/devices/$uuid"
t_check "sysfs: the device is under its parent" \
	test -d "$(readlink -f "$pdir")/$uuid"
t_check "sysfs: the device's mdev_type is the small type" \
	test "$(basename "$(readlink "/sys/bus/mdev/devices/$uuid/mdev_type")")" = "$type"
t_check "sysfs: the type lists the device" test -e "$tdir/devices/$uuid"
t_check "available_instances is 15" avail_is 15

t_check "mdevctl list (started)" mc list
t_check "mdevctl list shows the device" has "^$uuid +$parent +$type( |\$)"
t_check "mdevctl types (started)" mc types
t_check "mdevctl types: 15 available" has "Available instances: 15"

t_check "mdevctl stop" mc stop -u "$uuid"
t_check "sysfs: the device is gone from the mdev bus" test ! -e "/sys/bus/mdev/devices/$uuid"
t_check "sysfs: the device is gone from its parent" \
	test ! -e "$(readlink -f "$pdir")/$uuid"
t_check "sysfs: the type lists no device" test -z "$(ls "$tdir/devices" 2>&1)"
t_check "available_instances is 16 again" avail_is 16

t_check "mdevctl list (stopped)" mc list
t_check "mdevctl list is empty again" no_output

t_check "rmmod mdev_test_parent" rmmod mdev_test_parent
t_check "rmmod mdev" rmmod mdev
