# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# Guest script of "make demo": show, command by command, what our modules
# do on a stock kernel.  Every command's output goes to the results channel
# as a transcript; every step is also a test.
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"

# show NAME CMD...: run CMD, put "$ CMD" and its output in the transcript,
# report NAME as passed or failed by CMD's exit status.
show() {
	_name=$1
	shift
	t_log "\$ $*"
	_rc=0
	_out=$("$@" 2>&1) || _rc=$?
	[ -z "$_out" ] || printf '%s\n' "$_out" | while IFS= read -r _l; do t_log "$_l"; done
	if [ "$_rc" -eq 0 ]; then t_ok "$_name"; else t_fail "$_name" "exit $_rc"; fi
}

show "kernel" uname -r
show "load the mdev core" modprobe mdev
show "module version" cat /sys/module/mdev/version
show "mdev bus" ls /sys/bus/mdev
show "mdev_bus class" ls -d /sys/class/mdev_bus
show "kernel log" sh -c 'dmesg | tail -n 3'
show "unload" modprobe -r mdev
