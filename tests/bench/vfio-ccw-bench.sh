# SPDX-License-Identifier: GPL-2.0-only
# qemu-devices: -device virtio-rng-ccw,devno=fe.0.0006
# vcd-modules: vfio vfio_iommu_type1 lz4_compress
# vcd-programs: vfio_ccw_io
# vcd-include: ../e2e/vfio-ccw-lib.sh
# vcd-anchor: yes
#
# Guest script of make bench, vfio_ccw part (harness/bench-ccw); not a
# test of make check.  One boot; for each module set named in BENCH_ORDER
# ("anchor": the in-tree mdev and vfio_ccw of this kernel, /vcd/anchor,
# insmod; "ours": the project's, from updates/ through modprobe), one at a
# time: load it, bind the spare virtio-rng subchannel (devno 0.0.0006) to
# vfio_ccw, create the mdev, run tests/userspace/vfio_ccw_io "bench" and
# "bench-idal" BENCH_REPS times each, then remove the mdev, give the
# subchannel back to io_subchannel and unload vfio_ccw and mdev.  vfio and
# vfio_iommu_type1 stay loaded throughout: both sets use them alike.
#
# Spacer: qemu-system-s390x (TCG) has been seen to Oops when two different
# modules are loaded one after the other at the same address (DEVELOPERS.md,
# "Benchmark and a known harness-level crash").  Before "ours" is loaded, a
# module that never runs any code (lz4_compress, a library nothing here
# calls) is loaded and kept until "ours" is unloaded, so ours lands past it
# and never where the anchor was; the anchor loads where nothing but the
# spacer was.  The .text address of each module is logged ("bench ... text").
#
# Where the submit time goes: after the timed runs of a load, one more
# "bench-idal BENCH_PROFILE" run with the function_graph tracer limited to
# a few functions of the set: the config-region write handler (ours:
# vfio_ccw_write; in-tree: vfio_ccw_mdev_write), the translation (cp_init:
# fetch and check the chains; cp_prefetch: IDALs and pinning; both drivers
# have these two) and, ours only, vfio_ccw_hw_start, which issues START
# SUBCHANNEL (the in-tree driver does it inline in fsm_io_request).  Under
# QEMU the SSCH instruction itself runs the whole channel program before
# it returns: the same work for both drivers, inside the write.  Only
# these functions are traced, and the timed runs are not.
#
# Every RESULT line of the program goes to the results channel as
# "# bench set=SET round=R rep=N RESULT ..."; the profile as "# bench
# set=SET round=R profile fn=NAME n=N median_us=T".  The host makes the
# table.  /bench/params sets BENCH_ORDER, BENCH_REPS, BENCH_SENSE (SENSE
# IDs per "bench" run), BENCH_IDAL (programs per "bench-idal" run) and
# BENCH_PROFILE (programs of the traced run, 0: none); BENCH_PROFILE_MORE
# may name more functions to trace (their medians are logged only: every
# traced call adds the tracer's own cost to the functions around it).
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"
# shellcheck source=tests/e2e/vfio-ccw-lib.sh disable=SC1091
. /vcd/vfio-ccw-lib.sh
# shellcheck disable=SC1091
. /bench/params

SPACER=lz4_compress

# text_of MODULE: the start of its .text ("-" if unknown)
text_of() {
	cat "/sys/module/$1/sections/.text" 2>/dev/null || echo -
}

# bench_run SET ROUND REP CMD N: run the program; RESULT lines become
# "bench" lines, the rest a transcript; ok if it exits 0.
bench_run() {
	T_RUN_RESULT="bench set=$1 round=$2 rep=$3"
	_b_rc=0
	t_run "$1:$2:$4:$3" "$VCCW_OUT" "$VCCW_PROG" "$VCCW_UUID" "$4" "$5" || _b_rc=$?
	T_RUN_RESULT=""
	return "$_b_rc"
}

# teardown: remove the mdev, give the subchannel back, unload the set
# (as far as it got).
teardown() {
	_b_m=/sys/bus/mdev/devices/$VCCW_UUID
	if [ -e "$_b_m/remove" ]; then
		echo 1 >"$_b_m/remove" || return 1
	fi
	if [ -n "$sch" ] && [ "$(vccw_driver)" != io_subchannel ]; then
		vccw_give_back || return 1
	fi
	for _b_mod in vfio_ccw mdev "$SPACER"; do
		if [ -d "/sys/module/$_b_mod" ]; then
			rmmod "$_b_mod" || return 1
		fi
	done
}

TR=/sys/kernel/tracing

# trace_setup FUNCTION...: function_graph on these functions only
trace_setup() {
	if [ ! -e "$TR/trace" ]; then
		mount -t tracefs nodev "$TR" || return 1
	fi
	echo 0 >"$TR/tracing_on" && echo nop >"$TR/current_tracer" &&
		echo >"$TR/trace" || return 1
	: >"$TR/set_ftrace_filter" || return 1
	for _b_f; do
		awk -v f="$_b_f" '$1 == f { ok = 1 } END { exit !ok }' \
			"$TR/available_filter_functions" ||
			{ echo "$_b_f cannot be traced"; return 1; }
		echo "$_b_f" >>"$TR/set_ftrace_filter" || return 1
	done
	echo 1 >"$TR/options/funcgraph-tail" &&
		echo function_graph >"$TR/current_tracer" && echo 1 >"$TR/tracing_on"
}

# trace_stop: tracing off; the durations stay in the buffer
trace_stop() {
	echo 0 >"$TR/tracing_on"
}

# trace_median FUNCTION: "n=N median_us=T" of its traced calls
trace_median() {
	# a call is "name [module]();" (leaf) or "} /* name [module] */" (it
	# called a traced one)
	awk -v f="$1" '
		{ gsub(/ \[[A-Za-z0-9_]+\]/, "") }
		index($0, " " f "();") || index($0, "/* " f " */") {
			for (i = 1; i < NF; i++)
				if ($(i + 1) == "us" && $i ~ /^[0-9.]+$/) { print $i; break }
		}' "$TR/trace" | sort -n >/tmp/durations
	_b_c=$(wc -l </tmp/durations)
	[ "$_b_c" -gt 0 ] || { echo "n=0"; return; }
	echo "n=$_b_c median_us=$(sed -n "$(((_b_c + 1) / 2))p" /tmp/durations)"
}

# profile SET ROUND: the traced run and the median of each function
profile() {
	case $1 in
	anchor) _b_w=vfio_ccw_mdev_write _b_s="" ;;
	*) _b_w=vfio_ccw_write _b_s=vfio_ccw_hw_start ;;
	esac
	# shellcheck disable=SC2086
	t_check "$1:$2:trace-setup" trace_setup "$_b_w" cp_init cp_prefetch $_b_s \
		${BENCH_PROFILE_MORE:-} || return 1
	"$VCCW_PROG" "$VCCW_UUID" bench-idal "$BENCH_PROFILE" >"$VCCW_OUT" 2>&1
	_b_rc=$?
	trace_stop
	if [ "$_b_rc" -ne 0 ]; then
		t_fail "$1:$2:profile" "exit $_b_rc: $(grep 'error:' "$VCCW_OUT" | tail -n 1)"
		return 1
	fi
	t_ok "$1:$2:profile"
	t_log "bench set=$1 round=$2 profile role=write fn=$_b_w $(trace_median "$_b_w")"
	t_log "bench set=$1 round=$2 profile role=init fn=cp_init $(trace_median cp_init)"
	t_log "bench set=$1 round=$2 profile role=prefetch fn=cp_prefetch $(trace_median cp_prefetch)"
	if [ -n "$_b_s" ]; then
		t_log "bench set=$1 round=$2 profile role=ssch fn=$_b_s $(trace_median "$_b_s")"
	fi
	for _b_f in ${BENCH_PROFILE_MORE:-}; do
		t_log "bench set=$1 round=$2 profile role=more fn=$_b_f $(trace_median "$_b_f")"
	done
	echo nop >"$TR/current_tracer"
}

# bench_set SET ROUND
bench_set() {
	s=$1 r=$2
	if [ -d /sys/module/vfio_ccw ] || [ -d /sys/module/mdev ]; then
		t_fail "$s:$r:clean-before" "vfio_ccw or mdev still loaded"
		return 1
	fi
	if [ "$s" = ours ]; then
		t_check "$s:$r:spacer" modprobe "$SPACER" || return 1
	fi
	if ! t_check "$s:$r:load" vccw_load "$s"; then
		teardown
		return 1
	fi
	t_log "bench set=$s round=$r text mdev=$(text_of mdev) vfio_ccw=$(text_of vfio_ccw) spacer=$(text_of "$SPACER")"
	if ! t_check "$s:$r:bind" vccw_bind || ! t_check "$s:$r:create" vccw_create; then
		t_check "$s:$r:teardown" teardown
		return 1
	fi
	i=1
	while [ "$i" -le "$BENCH_REPS" ]; do
		bench_run "$s" "$r" "$i" bench "$BENCH_SENSE"
		bench_run "$s" "$r" "$i" bench-idal "$BENCH_IDAL"
		i=$((i + 1))
	done
	if [ "$s" = ours ]; then
		# how the interrupts were delivered: irq_inline counts those the
		# write itself delivered (the device ended the program before
		# SSCH returned), the rest went through io_work
		_b_d=/sys/kernel/debug/vfio_ccw/$sch/stats
		[ -e "$_b_d" ] || mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
		t_log "bench set=$s round=$r stats $(sed 's/ /=/' "$_b_d" 2>/dev/null | tr '\n' ' ')"
	fi
	[ "$BENCH_PROFILE" -gt 0 ] && profile "$s" "$r"
	t_check "$s:$r:teardown" teardown
}

# the Nth load of a set is its round N
vccw_find_sch "subchannel-of-$VCCW_DEVNO" || exit 1
na=0
no=0
for set_ in $BENCH_ORDER; do
	case $set_ in
	anchor) na=$((na + 1)); n=$na ;;
	*) no=$((no + 1)); n=$no ;;
	esac
	bench_set "$set_" "$n"
done
t_check "nothing left loaded" test ! -d /sys/module/vfio_ccw -a ! -d /sys/module/mdev
