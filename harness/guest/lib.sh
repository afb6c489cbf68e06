# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# Guest-side test library (busybox ash).  Test scripts run by
# harness/qemu-run source it:   . "$VCD_LIB"
#
#   t_ok NAME                 report a passing test
#   t_fail NAME REASON...     report a failing test
#   t_skip NAME [REASON...]   report a skipped test
#   t_check NAME CMD [ARG...] run CMD: ok if it exits 0, else not ok with
#                             its exit status and output
#   t_kunit MODULE [ARG...]   load a KUnit test module, copy the debugfs
#                             results of every suite it added to the
#                             results channel, unload it
#   t_run NAME OUT CMD [ARG...]
#                             run CMD with its output in the file OUT and
#                             copied to the channel as a transcript ("| "
#                             per line, then its exit status and time); a
#                             line "RESULT ..." is sent as "$T_RUN_RESULT
#                             RESULT ..." instead when T_RUN_RESULT is set;
#                             ok if it exits 0, else not ok with its last
#                             "error:" line (or last line of output)
#   t_log TEXT...             a diagnostic line ("# TEXT") on the channel
#
# Results go to the dedicated channel (a virtio-serial port that /init
# opens once as file descriptor 8: such a port can be open only once at a
# time) as KTAP-like lines; the host parses them.  Outside of /init, fd 8
# is opened on $VCD_RESULTS (default /dev/console).

if ! { true >&8; } 2>/dev/null; then
	exec 8>>"${VCD_RESULTS:-/dev/console}"
fi
VCD_COUNTER=${VCD_COUNTER:-/tmp/.vcd-count}
VCD_DEBUGFS=${VCD_DEBUGFS:-/sys/kernel/debug}

# _t_emit LINE...: write raw lines to the results channel.
_t_emit() {
	printf '%s\n' "$@" >&8
}

# _t_next: the next test number (kept in a file so subshells share it).
_t_next() {
	_t_n=0
	[ -r "$VCD_COUNTER" ] && read -r _t_n <"$VCD_COUNTER"
	_t_n=$((_t_n + 1))
	echo "$_t_n" >"$VCD_COUNTER"
	echo "$_t_n"
}

# _t_oneline TEXT: squash to one line without '#' so the line stays parseable.
_t_oneline() {
	printf '%s' "$*" | tr '\n\r\t#' '|  _' | cut -c 1-300
}

t_log() {
	_t_emit "# $(printf '%s' "$*" | tr '\n\r' '  ')"
}

t_ok() {
	_t_emit "ok $(_t_next) - $(_t_oneline "$1")"
}

t_fail() {
	_t_name=$1
	shift
	_t_emit "not ok $(_t_next) - $(_t_oneline "$_t_name") # $(_t_oneline "${*:-failed}")"
}

t_skip() {
	_t_name=$1
	shift
	_t_emit "ok $(_t_next) - $(_t_oneline "$_t_name") # SKIP $(_t_oneline "$*")"
}

t_check() {
	_t_cname=$1
	shift
	_t_rc=0
	_t_out=$("$@" 2>&1) || _t_rc=$?
	if [ "$_t_rc" -eq 0 ]; then
		t_ok "$_t_cname"
		return 0
	fi
	t_fail "$_t_cname" "exit $_t_rc: $*${_t_out:+ -> $_t_out}"
	printf '%s\n' "$_t_out" | head -n 50 | while IFS= read -r _t_l; do
		t_log "  $_t_l"
	done
	return "$_t_rc"
}

t_run() {
	_t_rname=$1 _t_rout=$2
	shift 2
	_t_t0=$(cut -d' ' -f1 /proc/uptime)
	_t_rc=0
	"$@" >"$_t_rout" 2>&1 || _t_rc=$?
	_t_t1=$(cut -d' ' -f1 /proc/uptime)
	while IFS= read -r _t_l; do
		case $_t_l in
		RESULT\ *) [ -n "${T_RUN_RESULT:-}" ] && t_log "$T_RUN_RESULT $_t_l" && continue ;;
		esac
		t_log "| $_t_l"
	done <"$_t_rout"
	t_log "[exit status $_t_rc, $(echo "$_t_t0 $_t_t1" | awk '{ printf "%.1f", $2 - $1 }') s]"
	if [ "$_t_rc" -eq 0 ]; then
		t_ok "$_t_rname"
		return 0
	fi
	_t_why=$(grep 'error:' "$_t_rout" | tail -n 1)
	[ -n "$_t_why" ] || _t_why=$(grep -v '^[[:space:]]*$' "$_t_rout" | tail -n 1)
	t_fail "$_t_rname" "exit $_t_rc${_t_why:+: $_t_why}"
	return "$_t_rc"
}

# _t_suites: the KUnit suites currently registered in debugfs.
_t_suites() {
	for _t_d in "$VCD_DEBUGFS"/kunit/*; do
		[ -d "$_t_d" ] && echo "${_t_d##*/}"
	done
}

t_kunit() {
	_t_mod=$1
	shift
	_t_tname=kunit:${_t_mod##*/}
	_t_tname=${_t_tname%.ko}
	if [ ! -d "$VCD_DEBUGFS/kunit" ] && [ ! -d /sys/module/kunit ]; then
		modprobe kunit >/dev/null 2>&1
	fi
	if [ ! -d "$VCD_DEBUGFS/kunit" ]; then
		t_fail "$_t_tname" "no $VCD_DEBUGFS/kunit (kernel without CONFIG_KUNIT_DEBUGFS?)"
		return 1
	fi
	_t_before=$(_t_suites)
	_t_rc=0
	case "$_t_mod" in
	*/*|*.ko) _t_out=$(insmod "$_t_mod" "$@" 2>&1) || _t_rc=$? ;;
	*) _t_out=$(modprobe "$_t_mod" "$@" 2>&1) || _t_rc=$? ;;
	esac
	if [ "$_t_rc" -ne 0 ]; then
		t_fail "$_t_tname" "loading failed (exit $_t_rc): $_t_out"
		return 1
	fi
	_t_after=$(_t_suites)
	_t_new=$(printf '%s\n' "$_t_after" | while IFS= read -r _t_s; do
		[ -n "$_t_s" ] || continue
		printf '%s\n' "$_t_before" | grep -qxF "$_t_s" || echo "$_t_s"
	done)
	if [ -z "$_t_new" ]; then
		t_fail "$_t_tname" "the module added no KUnit suite"
	fi
	for _t_s in $_t_new; do
		_t_emit "# kunit-begin $_t_s"
		cat "$VCD_DEBUGFS/kunit/$_t_s/results" >&8 2>&1
		_t_emit "# kunit-end $_t_s"
	done
	_t_base=${_t_mod##*/}
	_t_base=${_t_base%.ko}
	if ! _t_out=$(rmmod "$_t_base" 2>&1); then
		t_fail "$_t_tname:unload" "rmmod $_t_base: $_t_out"
		return 1
	fi
	[ -n "$_t_new" ]
}
