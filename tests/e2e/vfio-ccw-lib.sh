# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# vfio_ccw end to end, in the guest (busybox ash): the steps shared by the
# scripts that run them against a set of modules.  Not a test by itself
# (no "# kernels:" line); a script sources it after $VCD_LIB and calls
#
#   vccw_main SET
#
# SET is "anchor" (the in-tree vfio_ccw and mdev core that harness/anchor
# built, in /vcd/anchor, loaded with insmod) or "ours" (the project's
# vfio_ccw and mdev, installed in updates/, loaded with modprobe).  The
# calling script needs these header lines:
#
#   # qemu-devices: -device virtio-rng-ccw,devno=fe.0.0006
#   # vcd-modules: vfio vfio_iommu_type1
#   # vcd-programs: vfio_ccw_io
#   # vcd-include: vfio-ccw-lib.sh
#   # vcd-anchor: yes                      (SET=anchor only)
#
# Steps, each a test named SET:STEP: load the modules; take the spare
# subchannel of the virtio-rng device (devno 0.0.0006) from io_subchannel
# and bind it to vfio_ccw through driver_override; create the mdev (type
# vfio_ccw-io, available_instances 1 -> 0); run tests/userspace/vfio_ccw_io
# info, sense-id, idal, bad-cpa, bad-idaw, csch, hsch, schib, crw (for
# our driver also addresses and slow-user), bench, bench-idal; unbind
# and remove while the device is open, with and without the request
# eventfd (re-binding and re-creating in between); rmmod vfio_ccw while
# bound; give the subchannel back to io_subchannel (driver_override cleared
# first) and check the ccw device comes back; unload.  Every program run's
# output goes to the results channel as a transcript ("# | ..." lines).
#
# Settings: VCCW_DEVNO (0.0.0006), VCCW_UUID, VCCW_BENCH (2000 SENSE IDs),
# VCCW_BENCH_IDAL (200 programs), VCCW_DELAY (ms the program keeps a
# blocked unbind / remove waiting, 1000).

VCCW_DEVNO=${VCCW_DEVNO:-0.0.0006}
VCCW_UUID=${VCCW_UUID:-7e0c2f4a-3b1d-4c59-8e26-91d5a0b4c6f3}
VCCW_BENCH=${VCCW_BENCH:-2000}
VCCW_BENCH_IDAL=${VCCW_BENCH_IDAL:-200}
VCCW_DELAY=${VCCW_DELAY:-1000}
VCCW_PROG=/vcd/bin/vfio_ccw_io
VCCW_OUT=/tmp/vccw.out

# vccw_load SET: load vfio, the mdev core and vfio_ccw of SET.
vccw_load() {
	modprobe vfio_iommu_type1 || return 1
	case $1 in
	anchor)
		insmod /vcd/anchor/mdev.ko && insmod /vcd/anchor/vfio_ccw.ko ;;
	ours)
		modprobe vfio_ccw ;;
	*)
		echo "unknown module set $1"
		return 1 ;;
	esac || return 1
	[ -d /sys/bus/css/drivers/vfio_ccw ] || { echo "no css driver vfio_ccw"; return 1; }
	# ours carry the project's version (/vcd/VERSION with make check);
	# the in-tree ones do not (mdev has "0.1", vfio_ccw none)
	_v_p=$(cat /vcd/VERSION 2>/dev/null) || _v_p=""
	for _v_m in mdev vfio_ccw; do
		_v_v=$(cat "/sys/module/$_v_m/version" 2>/dev/null) || _v_v=""
		case $1 in
		anchor)
			if [ -n "$_v_v" ] && { [ "$_v_v" = "$_v_p" ] || [ "$_v_m" = vfio_ccw ]; }; then
				echo "$_v_m has version $_v_v: not the in-tree module"
				return 1
			fi ;;
		ours)
			if [ -z "$_v_v" ] || { [ -n "$_v_p" ] && [ "$_v_v" != "$_v_p" ]; }; then
				echo "$_v_m has version '$_v_v', not the project's '$_v_p'"
				return 1
			fi ;;
		esac
	done
}

# vccw_driver: the name of the driver bound to $sch ("" if none).
vccw_driver() {
	_v_d=$(readlink "/sys/bus/css/devices/$sch/driver" 2>/dev/null) || _v_d=""
	echo "${_v_d##*/}"
}

# vccw_find_sch NAME: set $sch to the subchannel of ccw device $VCCW_DEVNO
# and report that as test NAME; not ok, and $sch empty, if there is no
# such device.  Not for a subshell: $sch is the result.
vccw_find_sch() {
	sch=""
	_v_p=$(readlink -f "/sys/bus/ccw/devices/$VCCW_DEVNO" 2>/dev/null) &&
		_v_p=${_v_p%/*} && sch=${_v_p##*/}
	case $sch in
	[0-9].[0-9].[0-9a-f][0-9a-f][0-9a-f][0-9a-f])
		t_ok "$1"
		t_log "$VCCW_DEVNO is on subchannel $sch (driver $(vccw_driver))" ;;
	*)
		sch=""
		t_fail "$1" "no ccw device $VCCW_DEVNO: $(ls /sys/bus/ccw/devices)"
		return 1 ;;
	esac
}

# vccw_bind: bind $sch to vfio_ccw (from whichever driver has it).
vccw_bind() {
	if [ -n "$(vccw_driver)" ] && [ "$(vccw_driver)" != vfio_ccw ]; then
		echo "$sch" >"/sys/bus/css/devices/$sch/driver/unbind" || return 1
	fi
	echo vfio_ccw >"/sys/bus/css/devices/$sch/driver_override" || return 1
	if [ "$(vccw_driver)" != vfio_ccw ]; then
		echo "$sch" >/sys/bus/css/drivers/vfio_ccw/bind || return 1
	fi
	[ "$(vccw_driver)" = vfio_ccw ] || { echo "driver is '$(vccw_driver)'"; return 1; }
}

# vccw_create: create the mdev on $sch; available_instances goes 1 -> 0.
vccw_create() {
	_v_t=/sys/bus/css/devices/$sch/mdev_supported_types/vfio_ccw-io
	[ -d "$_v_t" ] || { echo "no $_v_t"; return 1; }
	_v_a=$(cat "$_v_t/available_instances")
	[ "$_v_a" = 1 ] || { echo "available_instances $_v_a before create"; return 1; }
	echo "$VCCW_UUID" >"$_v_t/create" || return 1
	[ -e "/sys/bus/mdev/devices/$VCCW_UUID" ] || { echo "no mdev after create"; return 1; }
	_v_a=$(cat "$_v_t/available_instances")
	[ "$_v_a" = 0 ] || { echo "available_instances $_v_a after create"; return 1; }
}

# vccw_gone: neither the mdev nor the binding to vfio_ccw is left.
vccw_gone() {
	[ ! -e "/sys/bus/mdev/devices/$VCCW_UUID" ] || { echo "the mdev is still there"; return 1; }
	[ -z "$(vccw_driver)" ] || { echo "$sch still bound to $(vccw_driver)"; return 1; }
}

# vccw_run NAME ARG...: run the program on the mdev; its output becomes a
# transcript; ok if it exits 0.
vccw_run() {
	_v_name=$1
	shift
	t_log "\$ vfio_ccw_io $VCCW_UUID $*"
	t_run "$_v_name" "$VCCW_OUT" "$VCCW_PROG" "$VCCW_UUID" "$@"
}

vccw_main() {
	set_=$1
	sch=""
	if ! t_check "$set_:load" vccw_load "$set_"; then
		return 1
	fi
	vccw_find_sch "$set_:subchannel-of-$VCCW_DEVNO" || return 1
	t_check "$set_:bind" vccw_bind || return 1
	t_check "$set_:mdev-create" vccw_create || return 1

	vccw_run "$set_:info" info
	vccw_run "$set_:sense-id" sense-id
	vccw_run "$set_:idal" idal
	vccw_run "$set_:bad-cpa" bad-cpa
	vccw_run "$set_:bad-idaw" bad-idaw
	vccw_run "$set_:csch" csch
	vccw_run "$set_:hsch" hsch
	vccw_run "$set_:schib" schib "${VCCW_DEVNO##*.}"
	# the program itself: a wrong expectation must fail
	if "$VCCW_PROG" "$VCCW_UUID" schib ffff >"$VCCW_OUT" 2>&1; then
		t_fail "$set_:schib-wrong-devno-fails" "schib ffff passed: $(cat "$VCCW_OUT")"
	else
		t_ok "$set_:schib-wrong-devno-fails"
	fi
	vccw_run "$set_:crw" crw
	# What the in-tree driver does not promise (vfio-ccw-anchor.sh): no
	# host address in what userspace reads, and no region access waiting
	# for another one's page fault.
	if [ "$set_" = ours ]; then
		vccw_run "$set_:addresses" addresses
		if [ -e /proc/sys/vm/unprivileged_userfaultfd ]; then
			vccw_run "$set_:slow-user" slow-user
		else
			t_skip "$set_:slow-user" "kernel without CONFIG_USERFAULTFD"
		fi
	fi
	vccw_run "$set_:bench" bench "$VCCW_BENCH"
	vccw_run "$set_:bench-idal" bench-idal "$VCCW_BENCH_IDAL"

	# unbind while open: the mdev goes with the binding
	if vccw_run "$set_:unbind-open-req" unbind-open --req; then
		t_check "$set_:unbind-open-req:gone" vccw_gone
	fi
	t_check "$set_:unbind-open-req:rebind" vccw_bind && t_check "$set_:unbind-open-req:recreate" vccw_create
	if vccw_run "$set_:unbind-open" unbind-open "$VCCW_DELAY"; then
		t_check "$set_:unbind-open:gone" vccw_gone
	fi
	t_check "$set_:unbind-open:rebind" vccw_bind && t_check "$set_:unbind-open:recreate" vccw_create

	# remove while open: the binding stays
	vccw_run "$set_:remove-open-req" remove-open --req
	t_check "$set_:remove-open-req:recreate" vccw_create
	vccw_run "$set_:remove-open" remove-open "$VCCW_DELAY"
	t_check "$set_:remove-open:recreate" vccw_create
	vccw_run "$set_:sense-id-again" sense-id

	# rmmod while bound, with an mdev
	t_check "$set_:rmmod-bound" rmmod vfio_ccw && t_check "$set_:rmmod-bound:gone" vccw_gone

	# give the subchannel back to io_subchannel
	t_check "$set_:give-back" vccw_give_back
	t_check "$set_:unload" rmmod mdev
}

# vccw_give_back: clear driver_override, let io_subchannel take $sch, and
# wait for the ccw device to come back.
vccw_give_back() {
	[ -z "$(vccw_driver)" ] || echo "$sch" >"/sys/bus/css/devices/$sch/driver/unbind" || return 1
	echo >"/sys/bus/css/devices/$sch/driver_override" || return 1
	_v_o=$(cat "/sys/bus/css/devices/$sch/driver_override")
	[ -z "$_v_o" ] || [ "$_v_o" = "(null)" ] || { echo "driver_override is '$_v_o'"; return 1; }
	echo "$sch" >/sys/bus/css/drivers/io_subchannel/bind || return 1
	_v_i=0
	while [ ! -e "/sys/bus/ccw/devices/$VCCW_DEVNO" ] && [ "$_v_i" -lt 50 ]; do
		sleep 0.1
		_v_i=$((_v_i + 1))
	done
	[ "$(vccw_driver)" = io_subchannel ] || { echo "driver is '$(vccw_driver)'"; return 1; }
	[ -e "/sys/bus/ccw/devices/$VCCW_DEVNO" ] || { echo "no ccw device $VCCW_DEVNO after 5 s"; return 1; }
}
