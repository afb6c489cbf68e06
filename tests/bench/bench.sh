# SPDX-License-Identifier: GPL-2.0-only
#
# Guest script of make bench (harness/bench), not a test of make check.
# For each core named in BENCH_ORDER ("anchor": the in-tree mdev core built
# from the kernel's source, at /anchor/mdev.ko; "ours": our mdev.ko, from
# updates/ through modprobe), one at a time: load it and the test parent,
# run /bench/mdev_bench, then remove every device and unload both.  The
# "bench ..." lines of mdev_bench go to the results channel as "# bench
# ..." lines; the host turns them into a table.
#
# /bench/params sets BENCH_ORDER, BENCH_TOTAL, BENCH_BATCH, BENCH_REPS,
# BENCH_SMALL, BENCH_MAX (the test parent's max_instances) and the
# srcversion of each core (BENCH_SRCVERSION_ANCHOR, BENCH_SRCVERSION_OURS).
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"
# shellcheck disable=SC1091
. /bench/params

types=/sys/class/mdev_bus/mdev_test_parent/mdev_supported_types

# remove_all: remove whatever mdev devices are left; prints their number.
remove_all() {
	n=0
	for d in /sys/bus/mdev/devices/*; do
		[ -e "$d/remove" ] || continue
		echo 1 >"$d/remove" 2>/dev/null
		n=$((n + 1))
	done
	echo "$n"
}

# unload: remove devices, the test parent and whichever mdev core is loaded.
unload() {
	[ -d /sys/bus/mdev ] && left=$(remove_all) && [ "$left" -gt 0 ] &&
		t_log "cleanup: removed $left leftover device(s)"
	[ -d /sys/module/mdev_test_parent ] && rmmod mdev_test_parent
	[ -d /sys/module/mdev ] && rmmod mdev
	true
}

# is_core NAME: the loaded mdev module is core NAME (by srcversion).
is_core() {
	case $1 in
	anchor) want=$BENCH_SRCVERSION_ANCHOR ;;
	*) want=$BENCH_SRCVERSION_OURS ;;
	esac
	grep -qx "$want" /sys/module/mdev/srcversion
}

# load_core NAME: load core NAME and check that it is the one loaded.
load_core() {
	case $1 in
	anchor) t_check "$1: insmod /anchor/mdev.ko" insmod /anchor/mdev.ko || return 1 ;;
	ours) t_check "$1: modprobe mdev" modprobe mdev || return 1 ;;
	*) t_fail "$1: load" "unknown core"; return 1 ;;
	esac
	t_check "$1: the loaded mdev is $1 (version $(cat /sys/module/mdev/version))" \
		is_core "$1"
}

# bench_core NAME
bench_core() {
	c=$1
	if [ -d /sys/module/mdev ]; then
		t_fail "$c: no mdev core loaded before" "$(cat /sys/module/mdev/version 2>/dev/null)"
		unload
	fi
	load_core "$c" || { unload; return 1; }
	t_check "$c: insmod mdev_test_parent max_instances=$BENCH_MAX" \
		insmod /bench/mdev_test_parent.ko max_instances="$BENCH_MAX" || { unload; return 1; }
	# <driver>-small: the driver part is that of the parent device
	type=$(find "$types" -mindepth 1 -maxdepth 1 -name '*-small' | head -n 1)
	t_check "$c: type small at ${type:-$types/?-small}" test -f "$type/create"
	t_check "$c: $BENCH_MAX instances available" \
		grep -qx "$BENCH_MAX" "$type/available_instances"
	t_log "bench core=$c start uptime=$(cut -d' ' -f1 /proc/uptime)"
	# each line goes out as soon as it is there (progress for the host)
	{
		rc=0
		/bench/mdev_bench "$c" "$type" "$BENCH_TOTAL" "$BENCH_BATCH" \
			"$BENCH_REPS" "$BENCH_SMALL" 2>/tmp/bench.err || rc=$?
		echo "$rc" >/tmp/bench.rc
	} | while IFS= read -r l; do t_log "$l"; done
	read -r rc </tmp/bench.rc
	if [ "$rc" -eq 0 ]; then
		t_ok "$c: mdev_bench"
	else
		t_fail "$c: mdev_bench" "exit $rc: $(head -n 3 /tmp/bench.err)"
	fi
	t_log "bench core=$c end uptime=$(cut -d' ' -f1 /proc/uptime)"
	n=$(find /sys/bus/mdev/devices -mindepth 1 -maxdepth 1 | wc -l)
	if [ "$n" -eq 0 ]; then
		t_ok "$c: no device left"
	else
		t_fail "$c: no device left" "$n devices"
	fi
	t_check "$c: all instances available again" \
		grep -qx "$BENCH_MAX" "$type/available_instances"
	t_check "$c: rmmod mdev_test_parent" rmmod mdev_test_parent
	t_check "$c: rmmod mdev" rmmod mdev
	unload
}

for c in $BENCH_ORDER; do
	bench_core "$c"
done
t_check "no mdev core left loaded" test ! -d /sys/module/mdev
