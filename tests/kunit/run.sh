# SPDX-License-Identifier: GPL-2.0-only
#
# Guest script: load every KUnit test module of ours (installed under
# updates/ by the runner) and report each suite's results.
# qemu-devices: -device virtio-rng-ccw,devno=fe.0.0006
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"

found=0
for ko in /lib/modules/"$(uname -r)"/updates/*_test.ko; do
	[ -f "$ko" ] || continue
	found=1
	t_kunit "$(basename "$ko" .ko)"
done
[ "$found" = 1 ] || t_fail "kunit modules present" "no *_test.ko installed"
