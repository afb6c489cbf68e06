# SPDX-License-Identifier: GPL-2.0-only
# kernels: deb12-amd64 deb13-amd64 deb14-amd64
# vcd-modules: kvmgt
# vcd-include: mdev-lib.sh
#
# Guest test: our mdev.ko is a drop-in for the in-tree one.  Installed in
# updates/ next to the kernel's own kernel/drivers/vfio/mdev/mdev.ko (as
# DKMS leaves it), the module index resolves "mdev" to ours, and an
# in-tree consumer (kvmgt) loads against our exports: no MODVERSIONS
# mismatch, no unknown or duplicate symbol, no second mdev core.  kvmgt
# itself needs no Intel GPU to load (without one it registers its mdev
# driver and idles); should its init fail for another reason than a
# symbol, that is reported but not held against us.
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"
# shellcheck source=tests/e2e/mdev-lib.sh disable=SC1091
. /vcd/mdev-lib.sh

want=$(cat /vcd/VERSION)
mdir=/lib/modules/$(uname -r)
dep=$mdir/modules.dep
symbad='disagrees about version of symbol|Unknown symbol|exports duplicate symbol|no symbol version for'
dupcore="cannot create duplicate filename|kobject_add_internal failed|is already registered"

# kernel_quiet ERE: the kernel log has no line matching ERE (shows them).
kernel_quiet() {
	! dmesg | grep -E "$1"
}

# plan_uses_ours TEXT: "modprobe -D" output takes mdev from updates/ only.
plan_uses_ours() {
	printf '%s\n' "$1" | grep -q '/updates/mdev\.ko' &&
		! printf '%s\n' "$1" | grep -q '/kernel/drivers/vfio/mdev/'
}

# The files on disk and what the index makes of them.
ours=$(find "$mdir/updates" -name 'mdev.ko*' | head -n 1)
intree=$(find "$mdir/kernel" -name 'mdev.ko*' | head -n 1)
t_check "our mdev.ko is installed in updates/" test -n "$ours"
t_check "the in-tree mdev.ko is on disk too (shadowed)" test -n "$intree"
t_log "on disk: ${ours#"$mdir"/} and ${intree#"$mdir"/}"

mdev_lines=$(grep -E '^[^:]*/mdev\.ko[.a-z]*:' "$dep")
printf '%s\n' "$mdev_lines" | log_lines "modules.dep: "
t_check "modules.dep has one mdev entry, updates/mdev.ko" \
	test "$(printf '%s\n' "$mdev_lines" | cut -d: -f1)" = "${ours#"$mdir"/}"

# what "modinfo -n mdev" shows with kmod (busybox spells it -F filename)
fname=$(modinfo -F filename mdev 2>&1)
t_log "modinfo -F filename mdev: $fname"
t_check "modinfo resolves mdev to $ours" test "$fname" = "$ours"

kvmgt_line=$(grep -E '^[^:]*/kvmgt\.ko[.a-z]*:' "$dep")
t_log "modules.dep: $kvmgt_line"
t_check "kvmgt depends on updates/mdev.ko in modules.dep" \
	has_word "${kvmgt_line#*:}" "${ours#"$mdir"/}"
t_check "kvmgt does not depend on the in-tree mdev.ko" \
	test "${kvmgt_line#*kernel/drivers/vfio/mdev/}" = "$kvmgt_line"

plan=$(modprobe -D kvmgt 2>&1)
printf '%s\n' "$plan" | log_lines "modprobe -D kvmgt: "
t_check "modprobe -D kvmgt loads mdev from updates/" plan_uses_ours "$plan"

# Load kvmgt; everything the kernel says from here on is ours to judge.
echo "vcd: mdev-dropin: modprobe kvmgt" >/dev/kmsg
rc=0
out=$(modprobe kvmgt 2>&1) || rc=$?
t_log "modprobe kvmgt: exit $rc${out:+: $out}"
klog=$(dmesg | sed -n '/vcd: mdev-dropin: modprobe kvmgt/,$p' | sed 1d)
printf '%s\n' "$klog" | grep -v '^$' | log_lines "dmesg: "

# The kernel's copy cannot join ours: same module name, refused.
if [ -n "$intree" ] && [ -d /sys/module/mdev ]; then
	rc2=0
	out2=$(insmod "$intree" 2>&1) || rc2=$?
	t_log "insmod ${intree#"$mdir"/} while ours is loaded: exit $rc2${out2:+: $out2}"
	t_check "the in-tree mdev.ko is refused while ours is loaded (EEXIST)" \
		has_text "$out2" "File exists"
fi

t_check "no symbol version or unknown/duplicate symbol message" \
	kernel_quiet "$symbad"
t_check "no second mdev core (no duplicate bus/class registration)" \
	kernel_quiet "$dupcore"
t_check "mdev is loaded once" test "$(grep -c '^mdev ' /proc/modules)" -eq 1
t_check "the loaded mdev is ours (version $want)" \
	grep -qx "$want" /sys/module/mdev/version
t_check "the loaded mdev is out of tree (taint O)" grep -q O /sys/module/mdev/taint
lsmod | grep -E '^(mdev|kvmgt|i915|vfio|kvm|drm) ' | log_lines "lsmod: "
t_log "mdev holders: $(ls /sys/module/mdev/holders)"

if [ "$rc" -eq 0 ] && [ -d /sys/module/kvmgt ]; then
	t_ok "modprobe kvmgt"
	t_check "/sys/module/mdev/holders lists kvmgt" test -e /sys/module/mdev/holders/kvmgt
	t_check "kvmgt registered its mdev driver on our bus" \
		test -d /sys/bus/mdev/drivers/intel_vgpu_mdev
	t_log "mdev drivers: $(echo /sys/bus/mdev/drivers/*)"
	t_check "rmmod kvmgt" rmmod kvmgt
	t_check "kvmgt's mdev driver is gone" test ! -e /sys/bus/mdev/drivers/intel_vgpu_mdev
	t_check "rmmod mdev" rmmod mdev
elif printf '%s\n%s\n' "$out" "$klog" | grep -Eq "$symbad"; then
	t_fail "modprobe kvmgt" "a symbol problem (exit $rc)"
else
	t_skip "modprobe kvmgt" "kvmgt's init failed without a symbol problem (exit $rc): $out"
fi
