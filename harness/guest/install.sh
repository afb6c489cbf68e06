# SPDX-License-Identifier: GPL-2.0-only
# qemu-devices: -device virtio-rng-ccw,devno=fe.0.0006
# vcd-modules: virtio_blk ext4 crc32c_generic
# vcd-programs: vfio_ccw_io
# vcd-include: ../../tests/e2e/vfio-ccw-lib.sh
#
# Guest side of harness/install-test (busybox ash, run by the initramfs
# /init of harness/qemu-run).  The Debian 13 root file system the harness
# built (debootstrap, with dkms, the compiler, kmod, mdevctl and the
# headers of the running kernel preinstalled) is the virtio-blk disk
# /dev/vda; the package under test is /vcd/pkg/*.deb.  Everything Debian
# runs, runs in a chroot of that disk, exactly as on an installed system:
#
#   apt install ./vfio-ccw-dkms_*.deb   (offline: DKMS builds in postinst)
#   dkms status                         (installed for the running kernel)
#   modinfo -F signer                   (DKMS signed both modules with the
#                                        key it generated, /var/lib/dkms)
#   modinfo -n vfio_ccw / mdev          (in /lib/modules/<rel>/updates/dkms)
#   modprobe vfio_ccw                   (/sys/module/*/version is ours, and
#                                        the loaded srcversion is the file's)
#   mdevctl start -p <subchannel> -t vfio_ccw-io, SENSE ID through the
#   mdev (tests/userspace/vfio_ccw_io), mdevctl list, mdevctl stop
#   sig_enforce=1, modprobe mdev        (refused: DKMS's key is not one the
#                                        kernel trusts, as README says)
#   apt remove vfio-ccw-dkms            (no module left under updates/)
#
# Each command and its output go to the results channel as a transcript
# ("# $ command" and "# | output" lines); harness/install-test prints it.
# shellcheck shell=sh
# shellcheck source=harness/guest/lib.sh disable=SC1091
. "$VCD_LIB"
# shellcheck source=tests/e2e/vfio-ccw-lib.sh disable=SC1091
. /vcd/vfio-ccw-lib.sh

ROOT=/mnt
OUT=/tmp/install.out
KREL=$(uname -r)
# the release as a literal in an ERE ("6.12.107+deb13-s390x" has a '+')
KREL_RE=$(printf '%s' "$KREL" | sed 's/[.+]/\\&/g')
VERSION=$(cat /vcd/VERSION)
PKG=vfio-ccw-dkms
VCCW_UUID=3f6a2d90-1c4b-4e7f-a5d8-6b0e9c2f4a71

# enforced_load: switch module signature enforcement on (it cannot be
# switched off again in this boot) and try to load our mdev; succeeds if
# the kernel refuses it, printing the kernel's reason.
enforced_load() {
	echo 1 >/sys/module/module/parameters/sig_enforce || return 1
	if inroot modprobe mdev; then
		echo "mdev was loaded although signatures are enforced"
		return 1
	fi
	dmesg | grep 'Loading of .* is rejected' | tail -n 1
}

# inroot CMD...: run CMD in the installed system with a clean environment.
inroot() {
	chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive "$@"
}

# step NAME CMD...: run CMD (output in $OUT and in the transcript, with
# its exit status and duration); ok iff it exits 0.
step() {
	_s_name=$1
	shift
	if [ "$1" = inroot ]; then
		_s_cmd=$*
		t_log "[chroot]# ${_s_cmd#inroot }"
	else
		t_log "[initramfs]# $*"
	fi
	t_run "$_s_name" "$OUT" "$@"
}

# expect NAME PATTERN: the last step's output has a line matching the ERE.
expect() {
	if grep -Eq "$2" "$OUT"; then
		t_ok "$1"
	else
		t_fail "$1" "no line matching '$2' in: $(head -c 200 "$OUT")"
		return 1
	fi
}

mount_root() {
	for _m_m in virtio_blk crc32c_generic ext4; do
		modprobe "$_m_m" || return 1
	done
	_m_i=0
	while [ ! -b /dev/vda ] && [ "$_m_i" -lt 100 ]; do
		sleep 0.1
		_m_i=$((_m_i + 1))
	done
	mkdir -p "$ROOT"
	mount -t ext4 /dev/vda "$ROOT" || return 1
	for _m_d in proc sys dev; do
		mount -o bind "/$_m_d" "$ROOT/$_m_d" || return 1
	done
	mkdir -p "$ROOT/dev/pts" && mount -t devpts devpts "$ROOT/dev/pts" || return 1
	mount -t tmpfs tmpfs "$ROOT/tmp" && mount -t tmpfs tmpfs "$ROOT/run" || return 1
	[ -e "$ROOT/lib/modules/$KREL/build/Makefile" ] ||
		{ echo "no headers for $KREL in the root file system"; return 1; }
}

umount_root() {
	sync
	for _m_d in run tmp dev/pts dev sys proc; do
		umount "$ROOT/$_m_d" || return 1
	done
	umount "$ROOT"
}

# our_modules_left: the module files of the package under any updates/.
our_modules_left() {
	find "$ROOT"/lib/modules/*/updates "$ROOT"/usr/lib/modules/*/updates \
		\( -name 'vfio_ccw.ko*' -o -name 'mdev.ko*' \) 2>/dev/null
}

# loaded_is_file MODULE: the loaded module is the file modinfo -n names.
loaded_is_file() {
	_l_f=$(inroot modinfo -n "$1") || return 1
	_l_want=$(inroot modinfo -F srcversion "$_l_f")
	_l_have=$(cat "/sys/module/$1/srcversion")
	echo "$1: loaded srcversion $_l_have, $_l_f has $_l_want"
	[ -n "$_l_have" ] && [ "$_l_have" = "$_l_want" ]
}

version_is_ours() {
	for _v_m in mdev vfio_ccw; do
		_v_v=$(cat "/sys/module/$_v_m/version" 2>/dev/null)
		echo "/sys/module/$_v_m/version: '$_v_v' (VERSION: $VERSION)"
		[ "$_v_v" = "$VERSION" ] || return 1
	done
}

if ! step rootfs-mount mount_root; then
	exit 0
fi
deb=""
for _f in /vcd/pkg/*.deb; do
	[ -f "$_f" ] && deb=$_f
done
if [ -z "$deb" ]; then
	t_fail package "no .deb in /vcd/pkg"
	exit 0
fi
cp "$deb" "$ROOT/tmp/" || exit 1
deb=${deb##*/}

step debian-version inroot cat /etc/debian_version
step kernel-headers inroot dpkg-query -W "linux-headers-$KREL" dkms mdevctl gcc

# the package, offline (no package sources; its dependencies are
# installed): DKMS builds in its postinst
if ! step apt-install inroot sh -c "cd /tmp && apt install -y ./$deb"; then
	for _f in "$ROOT/var/lib/dkms/$PKG"/*/build/make.log \
		"$ROOT/var/lib/dkms/$PKG"/*/*/*/log/make.log; do
		[ -f "$_f" ] || continue
		t_log "---- ${_f#"$ROOT"} (tail)"
		tail -n 40 "$_f" | while IFS= read -r _l; do t_log "| $_l"; done
	done
	umount_root
	exit 0
fi
step dkms-status inroot dkms status
expect dkms-status:installed "^$PKG/$VERSION, $KREL_RE, [^:]*: installed"
for m in mdev vfio_ccw; do
	step "modinfo-n:$m" inroot modinfo -n "$m"
	expect "modinfo-n:$m:updates-dkms" "^(/usr)?/lib/modules/$KREL_RE/updates/dkms/$m\.ko"
done

# signing: DKMS made its key (openssl is installed) and signed both
for m in mdev vfio_ccw; do
	step "signer:$m" inroot modinfo -F signer "$m"
	expect "signer:$m:dkms-key" 'DKMS'
done
step mok-certificate inroot openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -subject
expect mok-certificate:dkms-key 'DKMS'

step modprobe:vfio_iommu_type1 inroot modprobe vfio_iommu_type1
step modprobe:vfio_ccw inroot modprobe vfio_ccw
step module-version version_is_ours
step loaded-is-dkms-file:mdev loaded_is_file mdev
step loaded-is-dkms-file:vfio_ccw loaded_is_file vfio_ccw

# the spare virtio-rng subchannel, bound to vfio_ccw; mdevctl makes the mdev
vccw_find_sch "subchannel-of-$VCCW_DEVNO"
if [ -n "$sch" ] && step bind vccw_bind; then
	step mdevctl-types inroot mdevctl types
	expect mdevctl-types:vfio_ccw-io 'vfio_ccw-io'
	if step mdevctl-start inroot mdevctl start -u "$VCCW_UUID" -p "$sch" -t vfio_ccw-io; then
		step mdev-in-sysfs test -e "/sys/bus/mdev/devices/$VCCW_UUID"
		step mdevctl-list inroot mdevctl list
		expect mdevctl-list:shows-it "^$VCCW_UUID $sch vfio_ccw-io"
		vccw_run sense-id sense-id
		step mdevctl-stop inroot mdevctl stop -u "$VCCW_UUID"
		step mdev-gone test ! -e "/sys/bus/mdev/devices/$VCCW_UUID"
		step mdevctl-list:empty inroot mdevctl list
		if grep -q "$VCCW_UUID" "$OUT"; then
			t_fail mdevctl-list:empty:no-uuid "mdevctl still lists $VCCW_UUID"
		else
			t_ok mdevctl-list:empty:no-uuid
		fi
	fi
	step give-back vccw_give_back
fi
step rmmod inroot modprobe -r vfio_ccw mdev

# where signatures are enforced, DKMS's own key must be enrolled first
if step sig-enforce:refused enforced_load; then
	expect sig-enforce:key-not-trusted 'module with unavailable key is rejected'
fi

# removal: DKMS takes the modules out again
step apt-remove inroot apt-get remove -y "$PKG"
step dkms-status-after inroot dkms status
if grep -q "^$PKG/" "$OUT"; then
	t_fail dkms-status-after:gone "dkms still knows $PKG"
else
	t_ok dkms-status-after:gone
fi
left=$(our_modules_left; ls -d "$ROOT/var/lib/dkms/$PKG" "$ROOT/usr/src/$PKG"-* 2>/dev/null)
if [ -z "$left" ]; then
	t_ok no-module-left
else
	t_fail no-module-left "$(echo "$left" | tr '\n' ' ')"
fi
if inroot modinfo -n vfio_ccw >"$OUT" 2>&1; then
	t_fail modinfo-after-remove "modinfo still finds $(cat "$OUT")"
else
	t_ok modinfo-after-remove
fi
step umount umount_root
