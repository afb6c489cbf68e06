# SPDX-License-Identifier: GPL-2.0-only
# qemu-devices: -device virtio-rng-ccw,devno=fe.0.0006
# vcd-modules: vfio vfio_iommu_type1
# vcd-programs: vfio_ccw_io
# vcd-debs: mdevctl
# vcd-include: ../../tests/e2e/vfio-ccw-lib.sh
#
# Guest script of "make demo": the project's vfio_ccw at work on a stock
# kernel, told for someone who has never seen channel I/O.  Ten steps:
# load our modules, find the spare subchannel (virtio-rng, devno
# 0.0.0006), bind it to vfio_ccw, create the mdev with mdevctl, SENSE ID,
# an IDAL program and CSCH through it (tests/userspace/vfio_ccw_io), remove
# the mdev, give the subchannel back to io_subchannel, unload.  Each step
# prints what it means in plain words, its commands with their output and
# its wall time; each is a test.  After a failed step that the rest needs
# (load, subchannel, bind, mdev) the remaining steps are skipped.
# Everything goes to the results channel as "# " lines, which harness/demo
# prints as the transcript.
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"
# shellcheck source=tests/e2e/vfio-ccw-lib.sh disable=SC1091
. /vcd/vfio-ccw-lib.sh

PATH=/vcd/bin:$PATH
out=/tmp/demo.out
sch=""			# set by vccw_find_sch

# now_ms: milliseconds of the wall clock.  Busybox's date has no %N;
# adjtimex prints the time in microseconds.  /proc/uptime (10 ms steps)
# if that fails.
now_ms() {
	adjtimex 2>/dev/null | awk '
		/tv_sec:/ { s = $2 } /tv_usec:/ { u = $2 }
		END { if (s != "") printf "%.0f\n", s * 1000 + int(u / 1000) }' | grep . ||
		awk '{ printf "%.0f\n", $1 * 1000 }' /proc/uptime
}

say() {
	t_log "$*"
}

# step TITLE LINE...: begin a step: its title and what it means.  False
# (and the step reported as skipped) once a step the rest needs failed.
step_no=0
stop=""
step() {
	step_no=$((step_no + 1))
	step_name="$step_no. $1"
	step_why=""
	say ""
	say "[$step_no] $1"
	shift
	if [ -n "$stop" ]; then
		say "=> skipped: $stop failed"
		t_skip "$step_name" "$stop failed"
		return 1
	fi
	for _d_l; do say "    $_d_l"; done
	step_t0=$(now_ms)
}

# step_fail WHY: the step fails (the first reason is kept).
step_fail() {
	[ -n "$step_why" ] || step_why=$*
}

# step_end [needed]: report the step with its wall time; "needed": the
# steps after it cannot run without it.
step_end() {
	_d_ms=$(($(now_ms) - step_t0))
	if [ -z "$step_why" ]; then
		say "=> ok, $_d_ms ms"
		t_ok "$step_name"
		return 0
	fi
	say "=> FAILED: $step_why ($_d_ms ms)"
	t_fail "$step_name" "$step_why"
	[ "${1:-}" != needed ] || stop="step $step_no"
	return 1
}

# show_out: the lines of $out, indented, into the transcript.
show_out() {
	while IFS= read -r _d_l; do
		[ -z "$_d_l" ] || say "  $_d_l"
	done <"$out"
}

# run CMD...: show "$ CMD", run it, show its output; a non-zero exit
# status fails the step.
run() {
	say "\$ $*"
	_d_rc=0
	"$@" >"$out" 2>&1 || _d_rc=$?
	show_out
	[ "$_d_rc" -eq 0 ] || step_fail "'$*' exited with status $_d_rc"
	return "$_d_rc"
}

# put VALUE FILE: show and do "echo VALUE > FILE" (a sysfs write).
put() {
	say "\$ echo ${1:+$1 }> $2"
	_d_rc=0
	{ echo "$1" >"$2"; } >"$out" 2>&1 || _d_rc=1
	show_out
	[ "$_d_rc" -eq 0 ] || step_fail "writing '$1' to $2 failed"
	return "$_d_rc"
}

# check WHAT CMD...: a condition the step needs, shown as "ok: WHAT".
check() {
	_d_what=$1
	shift
	if "$@" >/dev/null 2>&1; then
		say "  ok: $_d_what"
	else
		say "  NOT OK: $_d_what"
		step_fail "not: $_d_what"
	fi
}

# has ERE: the last command's output has a line matching ERE.
has() {
	grep -Eq "$1" "$out"
}

# ours MODULE: the module is loaded from updates/ and has our version.
ours() {
	_d_f=$(modinfo -n "$1" 2>/dev/null) || return 1
	case $_d_f in
	*/updates/*) ;;
	*) return 1 ;;
	esac
	[ -n "$version" ] && [ "$(cat "/sys/module/$1/version")" = "$version" ]
}

# wait_ccw: wait up to 5 s for the ccw device $VCCW_DEVNO to appear.
wait_ccw() {
	_d_i=0
	while [ ! -e "/sys/bus/ccw/devices/$VCCW_DEVNO" ] && [ "$_d_i" -lt 50 ]; do
		sleep 0.1
		_d_i=$((_d_i + 1))
	done
	[ -e "/sys/bus/ccw/devices/$VCCW_DEVNO" ]
}

mdev_exists() {
	[ -e "/sys/bus/mdev/devices/$VCCW_UUID" ]
}

mdev_gone() {
	! mdev_exists
}

# bound_to DRIVER: $sch is bound to DRIVER.
bound_to() {
	[ "$(vccw_driver)" = "$1" ]
}

# unloaded: neither of our modules is loaded.
unloaded() {
	[ ! -d /sys/module/vfio_ccw ] && [ ! -d /sys/module/mdev ]
}

version=$(cat /vcd/VERSION 2>/dev/null) || version=""
t0_all=$(now_ms)
say "A stock Debian 13 s390x kernel ($(uname -r)) in QEMU.  Debian builds it"
say "with VFIO but without vfio_ccw; this project's DKMS package adds vfio_ccw"
say "and the mdev core it needs.  Here they are installed under updates/, as DKMS"
say "would, and run against QEMU's virtio random-number generator."

if step "Load our vfio_ccw driver" \
	"vfio_ccw lets a program outside the kernel (normally QEMU running a VM) drive a" \
	"mainframe I/O device.  modprobe must pick our build and our mdev core.  (VFIO's" \
	"vfio_iommu_type1, Debian's own, maps the program's memory for the device.)"; then
	run modprobe vfio_ccw
	[ -d /sys/module/vfio_iommu_type1 ] || run modprobe vfio_iommu_type1
	run modinfo -n vfio_ccw
	run modinfo -n mdev
	run cat /sys/module/vfio_ccw/version /sys/module/mdev/version
	check "vfio_ccw comes from updates/ and has version ${version:-?}" ours vfio_ccw
	check "mdev comes from updates/ and has version ${version:-?}" ours mdev
	step_end needed
fi

if step "Find the subchannel of device $VCCW_DEVNO" \
	"Mainframe devices hang off channels; Linux reaches each one through a" \
	"subchannel, the handle on which it starts I/O.  Device $VCCW_DEVNO is QEMU's RNG."; then
	if vccw_find_sch "subchannel of $VCCW_DEVNO"; then
		run ls -l "/sys/bus/ccw/devices/$VCCW_DEVNO"
	else
		step_fail "no ccw device $VCCW_DEVNO"
	fi
	step_end needed
fi

if step "Give the subchannel to vfio_ccw" \
	"io_subchannel, Linux's own driver, has it.  Unbind it, set driver_override so" \
	"that only vfio_ccw may take it, and bind vfio_ccw."; then
	put "$sch" "/sys/bus/css/devices/$sch/driver/unbind"
	put vfio_ccw "/sys/bus/css/devices/$sch/driver_override"
	put "$sch" /sys/bus/css/drivers/vfio_ccw/bind
	run ls "/sys/bus/css/devices/$sch/mdev_supported_types"
	check "$sch is bound to vfio_ccw" bound_to vfio_ccw
	step_end needed
fi

if step "Create a mediated device (mdev) with mdevctl" \
	"An mdev is what a VM gets instead of the real device; vfio_ccw offers one per" \
	"subchannel, of type vfio_ccw-io.  mdevctl is the usual tool to make one."; then
	run mdevctl start -u "$VCCW_UUID" -p "$sch" -t vfio_ccw-io
	run mdevctl list
	check "the mdev is on the mdev bus" mdev_exists
	step_end needed
fi

if step "SENSE ID through the mdev" \
	"vfio_ccw_io opens the mdev with VFIO, as QEMU would, and sends a channel program:" \
	"a list of CCWs (channel command words), one command each.  SENSE ID asks the device" \
	"what it is (control unit 3832: virtio); CE+DE (channel end, device end): done, no error."; then
	run vfio_ccw_io "$VCCW_UUID" sense-id
	check "CE+DE, control unit 3832" has 'CE DE.* cu 3832 '
	step_end
fi

if step "A 16-CCW channel program with IDALs" \
	"A CCW names one buffer in one piece.  An IDAL (indirect data address list) lets its" \
	"data span pieces, here across page boundaries; vfio_ccw translates and pins each."; then
	run vfio_ccw_io "$VCCW_UUID" idal
	check "CE+DE, the data where the IDALs point" has 'CE\+DE'
	step_end
fi

if step "CLEAR SUBCHANNEL (CSCH)" \
	"CSCH stops whatever the subchannel is doing and resets it, as a VM does to recover" \
	"a device.  Its interrupt must report the clear; a SENSE ID then still works."; then
	run vfio_ccw_io "$VCCW_UUID" csch
	check "the interrupt reports the clear function" has '^csch: ret_code 0.*function 0x1'
	step_end
fi

if step "Remove the mdev" \
	"mdevctl stop removes it (it was only started, not defined: nothing to undefine)."; then
	run mdevctl stop -u "$VCCW_UUID"
	run mdevctl list
	check "the mdev is gone" mdev_gone
	step_end
fi

if step "Give the subchannel back to io_subchannel" \
	"Clear driver_override first (else vfio_ccw would take it again), then bind" \
	"io_subchannel: device $VCCW_DEVNO comes back for Linux's own drivers."; then
	put "$sch" /sys/bus/css/drivers/vfio_ccw/unbind
	put "" "/sys/bus/css/devices/$sch/driver_override"
	put "$sch" /sys/bus/css/drivers/io_subchannel/bind
	if wait_ccw; then
		run ls -l "/sys/bus/ccw/devices/$VCCW_DEVNO"
	fi
	check "device $VCCW_DEVNO is back" wait_ccw
	check "$sch is bound to io_subchannel" bound_to io_subchannel
	step_end
fi

if step "Unload" \
	"Take vfio_ccw out, then the mdev core it used."; then
	run rmmod vfio_ccw
	run rmmod mdev
	check "neither module is loaded" unloaded
	step_end
fi

say ""
say "all steps: $(($(now_ms) - t0_all)) ms (QEMU emulates the s390x CPU in software"
say "here, so every step takes far longer than on a mainframe)"
