# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers shared by the guest scripts that drive mdev devices from user
# space (mdevctl.sh, distro.sh) and check module shadowing (distro.sh,
# mdev-dropin.sh).  A script names this file on its "# vcd-include:" line
# and sources /vcd/mdev-lib.sh after $VCD_LIB.  No "# kernels:" line: it
# is not a test of its own.
#
# The mdevctl helpers keep the last command's output in $out (the script
# sets it) and read the type directory of the device under test from
# $tdir.
# shellcheck shell=sh

# log_lines PREFIX: each line of stdin as a diagnostic.
log_lines() {
	while IFS= read -r _l; do
		t_log "$1$_l"
	done
}

# has_word LIST WORD: WORD is one of the blank-separated LIST.
has_word() {
	case " $1 " in *" $2 "*) return 0 ;; esac
	return 1
}

# has_text TEXT PART: PART occurs in TEXT.
has_text() {
	case "$1" in *"$2"*) return 0 ;; esac
	return 1
}

# mc ARG...: run "mdevctl ARG...", its output (stdout and stderr) in $out
# and, with the command and its exit status, on the results channel.
# shellcheck disable=SC2154 # $out is the sourcing script's
mc() {
	t_log "\$ mdevctl $*"
	mc_rc=0
	mdevctl "$@" >"$out" 2>&1 || mc_rc=$?
	log_lines "  " <"$out"
	t_log "  [exit status $mc_rc]"
	return "$mc_rc"
}

# has ERE: the last mdevctl output has a line matching ERE.
has() {
	grep -Eq "$1" "$out"
}

# no_output: the last mdevctl printed nothing but blank lines (1.2 prints
# one blank line for an empty list, 1.4 nothing).
no_output() {
	! grep -q '[^[:space:]]' "$out"
}

# avail_is N: the type's available_instances reads N.
# shellcheck disable=SC2154 # $tdir is the sourcing script's
avail_is() {
	[ "$(cat "$tdir/available_instances")" = "$1" ]
}
