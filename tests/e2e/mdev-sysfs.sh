# SPDX-License-Identifier: GPL-2.0-only
# kernels: deb13-s390x deb12-s390x deb14-s390x deb13-amd64 deb12-amd64 deb14-amd64 deb11-amd64
#
# Guest test: the device life cycle through sysfs alone, with the test
# parent, on every stock kernel, Debian 11's 5.10 (no v6.1 mdev API in the
# kernel: our own declarations, vcd_-prefixed exports, binding by bus
# match) included.  A device is created through the type's "create" file,
# is bound to its parent's driver, takes one available instance and gives
# it back on removal; a duplicate uuid and a malformed one are refused,
# each with one kernel log line naming the parent; unloading the parent
# removes the devices still under it.
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"

u1=0e4b3c1a-6d2f-4a8e-9b17-3c5d7e9f1a20
u2=7a9c2e4f-1b3d-4c5e-8f60-2a4b6c8d0e13
pdir=/sys/class/mdev_bus/mdev_test_parent
tdir=$pdir/mdev_supported_types/mdev_test_parent-small
bus=/sys/bus/mdev/devices

# avail_is N: the small type's available_instances reads N.
avail_is() {
	[ "$(cat "$tdir/available_instances")" = "$1" ]
}

# write_fails FILE TEXT: writing TEXT to FILE is refused.
write_fails() {
	! echo "$2" >"$1" 2>/dev/null
}

# log_count TEXT: how many kernel log lines contain TEXT.
log_count() {
	dmesg | grep -c "$1"
}

# logged_once TEXT: exactly one kernel log line contains TEXT, naming the parent.
logged_once() {
	[ "$(log_count "$1")" = 1 ] && dmesg | grep "$1" | grep -q mdev_test_parent
}

t_check "modprobe mdev_test_parent" modprobe mdev_test_parent
t_check "the parent offers the small type" test -d "$tdir"
t_check "available_instances is 16" avail_is 16
t_check "device_api is vfio-test" grep -qx vfio-test "$tdir/device_api"

t_check "create a device" sh -c "echo $u1 >$tdir/create"
t_check "the device is on the mdev bus" test -d "$bus/$u1"
t_check "the device is bound to the parent's driver" \
	test "$(basename "$(readlink "$bus/$u1/driver")")" = mdev_test_parent
t_check "the device's mdev_type is the small type" \
	test "$(basename "$(readlink "$bus/$u1/mdev_type")")" = mdev_test_parent-small
t_check "the type lists the device" test -e "$tdir/devices/$u1"
t_check "available_instances is 15" avail_is 15

t_check "a duplicate uuid is refused" write_fails "$tdir/create" "$u1"
t_check "one log line for the duplicate" logged_once "uuid already in use"
t_check "a malformed uuid is refused" write_fails "$tdir/create" "not-a-uuid"
t_check "one log line for the malformed uuid" logged_once "expected a uuid"
t_check "available_instances is still 15" avail_is 15

t_check "remove the device" sh -c "echo 1 >$bus/$u1/remove"
t_check "the device is gone" test ! -e "$bus/$u1"
t_check "the type lists no device" test -z "$(ls "$tdir/devices")"
t_check "available_instances is 16 again" avail_is 16

t_check "create two devices" sh -c "echo $u1 >$tdir/create && echo $u2 >$tdir/create"
t_check "available_instances is 14" avail_is 14
t_check "rmmod mdev_test_parent (with devices)" rmmod mdev_test_parent
t_check "its devices are gone" test -z "$(ls "$bus")"
t_check "rmmod mdev" rmmod mdev
