# SPDX-License-Identifier: GPL-2.0-only
# kernels: test-7.2-s390x-debug
# vcd-modules: mtty vfio_ap
# vcd-debs: mdevctl
# vcd-deb-suite: sid
# vcd-include: mdev-lib.sh
#
# Guest test on a distribution-style kernel: test-7.2-s390x-debug builds the
# in-tree mdev core, vfio_ccw and vfio_ap as modules (as Ubuntu, RHEL and
# SLES do) and the in-tree mtty sample.  Our package must shadow the
# in-tree mdev.ko and vfio_ccw.ko, and the in-tree consumers of the mdev
# API must run on our core.  mdevctl comes from sid, the suite of the
# kernel's linux-source-7.2.
#
#  1. shadowing: both copies of mdev.ko and vfio_ccw.ko are on disk (ours
#     in updates/, the kernel's in kernel/...), the module index (written
#     by depmod when the initramfs is built, as DKMS runs it) names only
#     ours, modinfo and modprobe resolve the names to ours, and what
#     "modprobe vfio_ccw" loads carries our version;
#  2. the in-tree mtty sample registers its parent with our core, and
#     mdevctl lists its types, creates, lists and removes a device;
#  3. vfio_ap: its dependency resolves to our mdev.ko, and every mdev
#     symbol it imports resolves against our loaded core.  The AP matrix
#     device itself cannot appear under QEMU TCG (no AP instructions, no
#     SIE), which the transcript records;
#  4. our vfio_ccw and mdev unload at the end.
# Each step's commands and kernel messages go to the results channel.
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"
# shellcheck source=tests/e2e/mdev-lib.sh disable=SC1091
. /vcd/mdev-lib.sh

want=$(cat /vcd/VERSION)
mdir=/lib/modules/$(uname -r)
dep=$mdir/modules.dep
out=/tmp/distro.out
symbad='disagrees about version of symbol|Unknown symbol|exports duplicate symbol|no symbol version for|but does not import it'

# lacks_text TEXT PART: PART does not occur in TEXT.
lacks_text() {
	! has_text "$@"
}

# differ FILE1 FILE2: the two files are not identical.
differ() {
	! cmp -s "$1" "$2"
}

# dep_entry NAME: the modules.dep key (relative path) of module NAME.
dep_entry() {
	grep -E "^([^:]*/)?$1\\.ko[.a-z]*:" "$dep" | cut -d: -f1
}

# mark TEXT: a marker line in the kernel log.  since TEXT: the kernel
# log after the marker.
mark() {
	echo "vcd: distro: $1" >/dev/kmsg
}
since() {
	dmesg | sed -n "/vcd: distro: $1\$/,\$p" | sed 1d
}

# plan_ok PLAN NAME ...: "modprobe -D" output PLAN loads each NAME from
# updates/ and no in-tree copy of it.
plan_ok() {
	_p=$1
	shift
	for _n in "$@"; do
		printf '%s\n' "$_p" | grep -q "/updates/$_n\\.ko" || return 1
		printf '%s\n' "$_p" | grep -q "/kernel/.*/$_n\\.ko" && return 1
	done
	return 0
}

# kallsyms_has SYMBOL MODULE: /proc/kallsyms lists SYMBOL in MODULE.
kallsyms_has() {
	awk -v s="$1" -v m="[$2]" '$3 == s && $4 == m { f = 1 } END { exit !f }' /proc/kallsyms
}

# words TEXT: the blank-separated words of TEXT, one a line, sorted, unique.
words() {
	printf '%s\n' "$1" | awk '{ for (i = 1; i <= NF; i++) print $i }' | sort -u
}

# same_words A B: A and B hold the same words (order and repeats aside).
same_words() {
	[ "$(words "$1")" = "$(words "$2")" ]
}

# oneline TEXT: TEXT with its lines joined by blanks.
oneline() {
	printf '%s\n' "$1" | tr '\n' ' '
}

# holders MODULE: the modules holding MODULE, on one line.
holders() {
	find "/sys/module/$1/holders" -mindepth 1 -maxdepth 1 -exec basename {} \; | tr '\n' ' '
}

t_log "kernel $(uname -r), project version $want"

# ---- 1. shadowing ----------------------------------------------------
t_log "== 1. our mdev.ko and vfio_ccw.ko shadow the in-tree ones"
for m in mdev vfio_ccw; do
	ours=$(find "$mdir/updates" -name "$m.ko*" | head -n 1)
	intree=$(find "$mdir/kernel" -name "$m.ko*" | head -n 1)
	t_log "$m on disk: ${ours#"$mdir"/} and ${intree#"$mdir"/}"
	t_check "$m: ours is installed in updates/" test -n "$ours"
	t_check "$m: the in-tree $m.ko is on disk too, under kernel/" test -n "$intree"
	[ -n "$ours" ] && [ -n "$intree" ] &&
		t_check "$m: the two files are different modules" differ "$ours" "$intree"
	t_log "$m: modinfo -F version of the in-tree file: '$(modinfo -F version "$intree" 2>&1)'"

	entries=$(grep -E "^([^:]*/)?$m\\.ko[.a-z]*:" "$dep" | cut -d: -f1)
	printf '%s\n' "$entries" | log_lines "$m: modules.dep entry: "
	t_check "$m: modules.dep has exactly one $m, the one in updates/" \
		test "$entries" = "${ours#"$mdir"/}"
	t_check "$m: modules.dep names the in-tree $m.ko nowhere (not even as a dependency)" \
		lacks_text "$(cat "$dep")" "${intree#"$mdir"/}"

	fname=$(modinfo -F filename "$m" 2>&1)
	t_log "$m: modinfo -F filename $m: $fname"
	t_check "$m: modinfo -F filename names updates/" test "$fname" = "$ours"
	ver=$(modinfo -F version "$m" 2>&1)
	t_log "$m: modinfo -F version $m: $ver"
	t_check "$m: modinfo -F version is $want" test "$ver" = "$want"
done
t_log "modules.dep was written by kmod's depmod over this tree when the initramfs was" \
	"built (as DKMS runs it after an install).  Of two modules of one name depmod keeps" \
	"the one in the directory it searches first; kmod's default order (no depmod.d, as" \
	"on Debian) is 'updates built-in'.  The entries above are its decision, made on" \
	"this tree with both copies present; the loads below follow it"

# what modprobe would load, before anything is loaded (busybox's -D is
# kmod's --show-depends; it leaves out what is loaded already)
plan=$(modprobe -D vfio_ccw 2>&1)
printf '%s\n' "$plan" | log_lines "modprobe -D vfio_ccw: "
t_check "modprobe -D vfio_ccw: mdev and vfio_ccw from updates/" plan_ok "$plan" mdev vfio_ccw
applan=$(modprobe -D vfio_ap 2>&1)
printf '%s\n' "$applan" | log_lines "modprobe -D vfio_ap: "
t_check "modprobe -D vfio_ap: its mdev dependency is ours, from updates/" plan_ok "$applan" mdev
mtplan=$(modprobe -D mtty 2>&1)
printf '%s\n' "$mtplan" | log_lines "modprobe -D mtty: "
t_check "modprobe -D mtty: its mdev dependency is ours, from updates/" plan_ok "$mtplan" mdev

mark "modprobe vfio_ccw"
t_check "modprobe vfio_ccw" modprobe vfio_ccw
since "modprobe vfio_ccw" | grep -v '^$' | log_lines "dmesg: "
for m in mdev vfio_ccw; do
	t_log "/sys/module/$m/version: $(cat "/sys/module/$m/version" 2>&1), taint: $(cat "/sys/module/$m/taint" 2>&1)"
	t_check "the loaded $m is ours (/sys/module/$m/version is $want)" \
		grep -qx "$want" "/sys/module/$m/version"
	t_check "the loaded $m is out of tree (taint O)" grep -q O "/sys/module/$m/taint"
done
t_check "vfio_ccw holds our mdev" test -e /sys/module/mdev/holders/vfio_ccw
t_check "one mdev and one vfio_ccw loaded" \
	test "$(grep -cE '^(mdev|vfio_ccw) ' /proc/modules)" -eq 2

# ---- 2. the in-tree mtty sample on our core --------------------------
t_log "== 2. the in-tree mtty sample on our mdev core, managed with mdevctl"
uuid=3f9b2c4e-71d0-4a85-b6e3-58c1d92a0e47
parent=mtty
pdir=/sys/class/mdev_bus/$parent
t_log "mtty: $(modinfo -F filename mtty 2>&1), depends: $(modinfo -F depends mtty 2>&1)"
t_check "mtty is the in-tree module (kernel/samples/...)" \
	has_text "$(modinfo -F filename mtty 2>&1)" "$mdir/kernel/samples/"
mark "modprobe mtty"
t_check "modprobe mtty" modprobe mtty
since "modprobe mtty" | grep -v '^$' | log_lines "dmesg: "
grep -E '^(mdev|mtty|vfio|vfio_ccw) ' /proc/modules | log_lines "/proc/modules: "
t_log "mdev holders: $(holders mdev)"
t_check "mtty is in tree (no taint)" test -z "$(cat /sys/module/mtty/taint 2>&1)"
t_check "mtty is a holder of our mdev (/sys/module/mdev/holders/mtty)" \
	test -e /sys/module/mdev/holders/mtty
t_check "/proc/modules (lsmod): mdev is used by mtty" \
	has_word "$(awk '$1 == "mdev" { print $4 }' /proc/modules | tr ',' ' ')" mtty
t_check "the mtty parent is in /sys/class/mdev_bus" test -d "$pdir/mdev_supported_types"
t_log "mtty's types: $(cd "$pdir/mdev_supported_types" 2>/dev/null && echo *)"
type=mtty-2
tdir=$pdir/mdev_supported_types/$type
t_check "mtty has the type mtty-1" test -d "$pdir/mdev_supported_types/mtty-1"
t_check "mtty has the type mtty-2" test -d "$tdir"
t_log "$type: name '$(cat "$tdir/name" 2>&1)', device_api '$(cat "$tdir/device_api" 2>&1)'," \
	"available_instances $(cat "$tdir/available_instances" 2>&1)"
avail=$(cat "$tdir/available_instances" 2>/dev/null)
t_check "$type: available_instances is a positive number" test "${avail:-0}" -gt 0

t_check "mdevctl types" mc types
t_check "mdevctl types: the mtty parent" has "^$parent\$"
t_check "mdevctl types: type mtty-1" has "^ +mtty-1\$"
t_check "mdevctl types: type $type" has "^ +$type\$"
t_check "mdevctl types: $type is the dual port serial" has "Name: Dual port serial"
t_check "mdevctl types: device API vfio-pci" has "Device API: vfio-pci"
t_check "mdevctl types: $avail available" has "Available instances: $avail"
t_check "mdevctl list (before)" mc list
t_check "mdevctl list is empty before" no_output

t_check "mdevctl start -p mtty -t $type" mc start -u "$uuid" -p "$parent" -t "$type"
t_check "sysfs: the device is on the mdev bus" test -d "/sys/bus/mdev/devices/$uuid"
t_check "sysfs: the device is under the mtty parent" test -d "$(readlink -f "$pdir")/$uuid"
t_check "sysfs: its type is $type" \
	test "$(basename "$(readlink "/sys/bus/mdev/devices/$uuid/mdev_type")")" = "$type"
t_log "device driver: $(readlink "/sys/bus/mdev/devices/$uuid/driver" 2>&1)," \
	"iommu_group: $(readlink "/sys/bus/mdev/devices/$uuid/iommu_group" 2>&1)"
t_check "sysfs: mtty's mdev driver probed it" \
	test "$(basename "$(readlink "/sys/bus/mdev/devices/$uuid/driver")")" = mtty
t_check "available_instances is $((avail - 1))" avail_is $((avail - 1))
t_check "mdevctl list (started)" mc list
t_check "mdevctl list shows the device" has "^$uuid +$parent +$type( |\$)"

t_check "mdevctl stop" mc stop -u "$uuid"
t_check "sysfs: the device is gone from the mdev bus" test ! -e "/sys/bus/mdev/devices/$uuid"
t_check "sysfs: the type lists no device" test -z "$(ls "$tdir/devices" 2>&1)"
t_check "available_instances is $avail again" avail_is "$avail"
t_check "mdevctl list (stopped)" mc list
t_check "mdevctl list is empty again" no_output

t_check "rmmod mtty" rmmod mtty
t_check "the mtty parent is gone from /sys/class/mdev_bus" test ! -e "$pdir"
t_check "mtty no longer holds mdev" test ! -e /sys/module/mdev/holders/mtty

# ---- 3. the in-tree vfio_ap against our core -------------------------
t_log "== 3. the in-tree vfio_ap against our mdev core"
apent=$(dep_entry vfio_ap)
apko=$mdir/$apent
t_log "modules.dep: $(grep -E "^$apent:" "$dep")"
t_check "vfio_ap is the in-tree module (kernel/drivers/s390/crypto/)" \
	has_text "$apent" kernel/drivers/s390/crypto/vfio_ap.ko
t_check "modules.dep: vfio_ap depends on updates/mdev.ko" \
	has_word "$(grep -E "^$apent:" "$dep" | cut -d: -f2)" "$(dep_entry mdev)"
apdeps=$(modinfo -F depends vfio_ap 2>&1)
t_log "modinfo -F depends vfio_ap: $apdeps"
t_check "modinfo -F depends vfio_ap includes mdev" has_word "$(echo "$apdeps" | tr ',' ' ')" mdev

# Why the matrix device cannot appear here: recorded, not judged.
t_log "under QEMU TCG there is no AP facility (PQAP is not emulated, and QEMU refuses" \
	"-cpu max,ap=on without KVM) and no SIE: the AP bus and vfio_ap_init() return -ENODEV" \
	"when ap_instructions_available() is false, and kvm_s390_init() returns -ENODEV without" \
	"SIEF2; so the vfio_ap matrix parent cannot register here, and vfio_ap (which imports" \
	"from kvm) cannot load at all"
dmesg | grep -E 'AP instructions|SIE ' | log_lines "boot dmesg: "
grep -m1 '^facilities' /proc/cpuinfo | log_lines "/proc/cpuinfo: "

mark "modprobe vfio_ap"
aprc=0
apout=$(modprobe vfio_ap 2>&1) || aprc=$?
t_log "\$ modprobe vfio_ap -> exit $aprc: $apout"
aplog=$(since "modprobe vfio_ap")
printf '%s\n' "$aplog" | grep -v '^$' | log_lines "dmesg: "
t_check "modprobe vfio_ap fails (expected under TCG)" test "$aprc" -ne 0
t_check "modprobe vfio_ap: 'No such device'" has_text "$apout" "No such device"
t_check "the 'No such device' is kvm's: it is the module refused" has_text "$apout" "kvm.ko"
t_check "the kernel log says why: SIE is not available" has_text "$aplog" "SIE is not available"
t_log "so modprobe stops at kvm, before vfio_ap's own symbols are resolved and before" \
	"vfio_ap_init() could return its own -ENODEV"
t_check "modprobe vfio_ap: no symbol message in the kernel log" \
	lacks_text "$(printf '%s\n' "$aplog" | grep -E "$symbad")" "vfio_ap"
t_check "vfio_ap is not loaded" test ! -e /sys/module/vfio_ap

# The imports of vfio_ap.ko, by exporting module: its string table
# names them, modules.symbols says which module exports each name.
strings "$apko" | sort -u >/tmp/ap.strings
awk 'NR == FNR { s[$0] = 1; next }
	$1 == "alias" && substr($2, 1, 7) == "symbol:" && (substr($2, 8) in s) && $3 != "vfio_ap" {
		print $3, substr($2, 8)
	}' /tmp/ap.strings "$mdir/modules.symbols" | sort >/tmp/ap.imports
log_lines "vfio_ap imports (exporter symbol): " </tmp/ap.imports
mdev_imports=$(awk '$1 == "mdev" { print $2 }' /tmp/ap.imports)
kvm_imports=$(awk '$1 == "kvm" { print $2 }' /tmp/ap.imports)
t_check "vfio_ap imports mdev_register_parent" has_word "$(oneline "$mdev_imports")" mdev_register_parent
t_check "vfio_ap imports mdev_register_driver" has_word "$(oneline "$mdev_imports")" mdev_register_driver
for s in $mdev_imports; do
	t_check "our loaded mdev exports $s (/proc/kallsyms)" kallsyms_has "$s" mdev
done

# kvm cannot load, so insmod vfio_ap.ko itself with our mdev and vfio
# loaded: the loader resolves every undefined symbol and reports each one
# it cannot resolve, then refuses the module.  Exactly kvm's symbols must
# be reported: every mdev (and vfio) import resolved against what is
# loaded, i.e. our core.  This kernel has no MODVERSIONS, so there is no
# CRC to compare: resolution is by name (the CRCs are checked on the
# amd64 stock kernels, modversions:*).
t_check "our mdev is loaded" test -d /sys/module/mdev
t_check "vfio is loaded" test -d /sys/module/vfio
mark "insmod vfio_ap"
irc=0
iout=$(insmod "$apko" 2>&1) || irc=$?
t_log "\$ insmod ${apko#"$mdir"/} -> exit $irc: $iout"
ilog=$(since "insmod vfio_ap")
printf '%s\n' "$ilog" | grep -v '^$' | log_lines "dmesg: "
unknown=$(printf '%s\n' "$ilog" | sed -n 's/.*vfio_ap: Unknown symbol \([^ ]*\) .*/\1/p' | sort -u)
t_log "(each message twice: busybox's insmod and modprobe try finit_module, then init_module)"
t_log "unresolved: $(oneline "$unknown")"
t_log "kvm's exports vfio_ap imports: $(oneline "$kvm_imports")"
t_check "insmod vfio_ap without kvm is refused" test "$irc" -ne 0
t_check "vfio_ap is still not loaded" test ! -e /sys/module/vfio_ap
t_check "the loader reported unresolved symbols (it walked vfio_ap's imports)" test -n "$unknown"
t_check "exactly kvm's symbols are unresolved" same_words "$unknown" "$kvm_imports"
bad=""
for s in $unknown; do
	has_word "$mdev_imports" "$s" && bad="$bad $s"
done
t_check "no mdev symbol is unresolved (all resolved against our core)" test -z "$bad"
t_check "no version, namespace or duplicate symbol message" \
	lacks_text "$(printf '%s\n' "$ilog" | grep -E "$symbad" | grep -v 'Unknown symbol')" "vfio_ap"
t_check "vfio_ap left no reference on our mdev" test ! -e /sys/module/mdev/holders/vfio_ap

# ---- 4. unload ---------------------------------------------------------
t_log "== 4. our vfio_ccw and mdev unload"
t_log "mdev holders: $(holders mdev)"
t_check "rmmod vfio_ccw mdev" rmmod vfio_ccw mdev
t_check "vfio_ccw is unloaded" test ! -e /sys/module/vfio_ccw
t_check "mdev is unloaded" test ! -e /sys/module/mdev
t_check "no symbol message in the whole kernel log for mdev, vfio_ccw or mtty" \
	test -z "$(dmesg | grep -E "$symbad" | grep -E '(mdev|vfio_ccw|mtty):')"
