# SPDX-License-Identifier: GPL-2.0-only
# qemu-devices: -device virtio-rng-ccw,devno=fe.0.0006
# vcd-modules: virtio_blk ext4 crc32c_generic
# vcd-programs: vfio_ccw_io
# vcd-include: ../../tests/e2e/vfio-ccw-lib.sh reboot-init
#
# Guest side of harness/install-test (busybox ash, run by the initramfs
# /init of harness/qemu-run).  The Debian 13 root file system the harness
# built (debootstrap, with dkms, the compiler, kmod, mdevctl and the
# headers of the running kernel preinstalled) is the virtio-blk disk on
# devno 0.0.0010; the package under test is /vcd/pkg/*.deb.  Everything
# Debian runs, runs in a chroot of that disk, exactly as on an installed
# system:
#
#   force-unsafe-io in dpkg.cfg.d       (a throw-away disk: no sync per
#                                        unpacked file)
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
#
# The kernel upgrade (when the harness gives /vcd/upgrade.env and a second
# disk, devno 0.0.0011, with a file repository of the trixie-backports
# kernel and what apt needs for it), steps named upgrade:*:
#
#   apt-get install -t trixie-backports linux-image-<new> linux-headers-<new>
#                                       (DKMS builds ours for <new> from the
#                                        kernel's hooks; initramfs-tools
#                                        makes its initrd)
#   dkms status                         (installed for both kernels)
#   modinfo -k <new>                    (updates/dkms, our version, signed)
#
# then copies /boot/vmlinuz-<new> and /boot/initrd.img-<new> to that disk
# for the host, and leaves in /vcd-reboot a copy of this initramfs's test
# tree for the second boot.  Without an upgrade (or when it fails) the
# package is removed in this boot:
#
#   apt-get remove                      (no module left under updates/,
#                                        dpkg keeps nothing of it)
#
# The second boot (harness/install-test: the same disk, the new kernel and
# the initrd initramfs-tools made; /vcd/phase exists): reboot-init, run by
# that initrd's /init (init=), starts the harness's /init in /vcd-reboot
# with the system's root at /mnt.  Steps: how it booted (PID 1, the root
# from the disk, the initrd's size), uname -r, dkms status, modprobe
# vfio_ccw (ours, from updates/dkms), the mdevctl and SENSE ID steps
# again, apt-get remove (no module of ours left for either kernel, dkms
# status empty, dpkg keeps nothing of it).
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
VERSION=$(cat /vcd/VERSION)
PKG=vfio-ccw-dkms
VCCW_UUID=3f6a2d90-1c4b-4e7f-a5d8-6b0e9c2f4a71
# the disks (harness/install-test): the root file system, the upgrade's
# file repository; where the installed system sees the latter
ROOT_DEVNO=0.0.0010
UPG_DEVNO=0.0.0011
UPG_DIR=/srv/vcd-upgrade
# the test tree of the second boot, in the installed system
REBOOT_DIR=/vcd-reboot

# ere TEXT: TEXT as a literal in an ERE ("6.12.107+deb13-s390x" has a '+')
ere() {
	printf '%s' "$1" | sed 's/[].+*?^$|(){}[\\]/\\&/g'
}
KREL_RE=$(ere "$KREL")
VERSION_RE=$(ere "$VERSION")

# the second boot: reboot-init started this script from the copy the first
# boot left (OLD_KREL, UPG_KREL); HERE names where the harness's commands
# run in the transcript
REBOOT="" HERE=initramfs
if [ -f /vcd/phase ]; then
	# shellcheck disable=SC1091
	. /vcd/phase
	REBOOT=1 HERE=vcd-reboot
fi

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
		t_log "[$HERE]# $*"
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

# ccw_blk DEVNO: the block device of the virtio-blk disk on ccw device
# DEVNO (waits up to 10 s for it).
ccw_blk() {
	_c_i=0
	while [ "$_c_i" -lt 100 ]; do
		for _c_b in /sys/bus/ccw/devices/"$1"/virtio*/block/*; do
			if [ -e "$_c_b" ] && [ -b "/dev/${_c_b##*/}" ]; then
				echo "/dev/${_c_b##*/}"
				return 0
			fi
		done
		sleep 0.1
		_c_i=$((_c_i + 1))
	done
	echo "no disk on ccw device $1"
	return 1
}

mount_root() {
	if [ -n "$REBOOT" ]; then
		# the system's own root, shown here by reboot-init
		[ -e "$ROOT/etc/debian_version" ] ||
			{ echo "reboot-init did not put the root file system at $ROOT"; return 1; }
	else
		for _m_m in virtio_blk crc32c_generic ext4; do
			modprobe "$_m_m" || return 1
		done
		_m_dev=$(ccw_blk "$ROOT_DEVNO") || { echo "$_m_dev"; return 1; }
		mkdir -p "$ROOT"
		mount -t ext4 "$_m_dev" "$ROOT" || return 1
	fi
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
	if grep -q " $ROOT$UPG_DIR " /proc/mounts; then
		umount "$ROOT$UPG_DIR" || return 1
	fi
	for _m_d in run tmp dev/pts dev sys proc; do
		umount "$ROOT/$_m_d" || return 1
	done
	umount "$ROOT"
}

# our_modules_left [RELEASE]: the module files of the package under any
# updates/ (of RELEASE only, if given).
our_modules_left() {
	find "$ROOT"/lib/modules/"${1:-*}"/updates "$ROOT"/usr/lib/modules/"${1:-*}"/updates \
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

# dkms_logs: the tails of DKMS's build logs, into the transcript.
dkms_logs() {
	for _f in "$ROOT/var/lib/dkms/$PKG"/*/build/make.log \
		"$ROOT/var/lib/dkms/$PKG"/*/*/*/log/make.log; do
		[ -f "$_f" ] || continue
		t_log "---- ${_f#"$ROOT"} (tail)"
		tail -n 40 "$_f" | while IFS= read -r _l; do t_log "| $_l"; done
	done
}

# use_steps: our modules of the running kernel, loaded and used: modprobe,
# versions, the spare virtio-rng subchannel bound to vfio_ccw, an mdev
# that mdevctl starts, SENSE ID through it, mdevctl stop, unload.
use_steps() {
	for m in mdev vfio_ccw; do
		step "modinfo-n:$m" inroot modinfo -n "$m"
		expect "modinfo-n:$m:updates-dkms" "^(/usr)?/lib/modules/$KREL_RE/updates/dkms/$m\.ko"
	done
	step modprobe:vfio_iommu_type1 inroot modprobe vfio_iommu_type1
	step modprobe:vfio_ccw inroot modprobe vfio_ccw
	step module-version version_is_ours
	step loaded-is-dkms-file:mdev loaded_is_file mdev
	step loaded-is-dkms-file:vfio_ccw loaded_is_file vfio_ccw

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
}

# remove_steps RELEASE...: apt removes the package; DKMS takes its modules
# out for every kernel RELEASE, and nothing of it is left.
remove_steps() {
	step apt-remove inroot apt-get remove -y "$PKG"
	step dkms-status-after inroot dkms status
	if grep -q "^$PKG/" "$OUT"; then
		t_fail dkms-status-after:gone "dkms still knows $PKG"
	else
		t_ok dkms-status-after:gone
	fi
	if grep -q . "$OUT"; then
		t_fail dkms-status-after:empty "dkms status: $(head -c 200 "$OUT")"
	else
		t_ok dkms-status-after:empty
	fi
	for _r in "$@"; do
		step "updates-after:$_r" inroot find "/lib/modules/$_r" -path '*/updates/*'
		_left=$(our_modules_left "$_r")
		if [ -z "$_left" ]; then
			t_ok "no-module-left:$_r"
		else
			t_fail "no-module-left:$_r" "$(echo "$_left" | tr '\n' ' ')"
		fi
	done
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
	# no configuration files either: dpkg forgot the package (else
	# "apt-get purge" is what would remove what is left)
	if inroot dpkg-query -s "$PKG" >"$OUT" 2>&1 && ! grep -q '^Status: .* not-installed$' "$OUT"; then
		t_fail dpkg-forgot "dpkg still knows $PKG: $(grep '^Status:' "$OUT")"
		step apt-purge inroot apt-get purge -y "$PKG"
	else
		t_ok dpkg-forgot
	fi
}

# mount_upgrade: the upgrade's disk at $UPG_DIR of the installed system,
# and its repository as a package source there (deb822, trusted: the
# harness made it of .debs that apt checked against the mirror's signed
# indices).
mount_upgrade() {
	_u_dev=$(ccw_blk "$UPG_DEVNO") || { echo "$_u_dev"; return 1; }
	mkdir -p "$ROOT$UPG_DIR" || return 1
	mount -t ext4 "$_u_dev" "$ROOT$UPG_DIR" || return 1
	{
		echo "Types: deb"
		echo "URIs: file:$UPG_DIR/repo"
		echo "Suites: $UPG_SUITES"
		echo "Components: main"
		echo "Trusted: yes"
	} >"$ROOT/etc/apt/sources.list.d/vcd-upgrade.sources" || return 1
	echo "$_u_dev mounted on $UPG_DIR; suites: $(cd "$ROOT$UPG_DIR/repo/dists" && echo *)"
}

# reboot_tree: /vcd-reboot in the installed system, the second boot's test
# tree: this initramfs's harness (/init, busybox, /vcd), reboot-init and
# /vcd/phase.
reboot_tree() {
	_r_t=$ROOT$REBOOT_DIR
	rm -rf "$_r_t"
	for _r_d in bin sbin usr/bin usr/sbin etc dev proc sys tmp run root mnt vcd; do
		mkdir -p "$_r_t/$_r_d" || return 1
	done
	cp /init "$_r_t/init" && cp /bin/busybox "$_r_t/bin/busybox" &&
		ln -s busybox "$_r_t/bin/sh" && cp /etc/passwd "$_r_t/etc/passwd" || return 1
	for _r_f in /vcd/*; do
		case ${_r_f##*/} in
		pkg | upgrade.env) continue ;;
		esac
		cp -a "$_r_f" "$_r_t/vcd/" || return 1
	done
	cp /vcd/reboot-init "$_r_t/reboot-init" && chmod 755 "$_r_t/reboot-init" || return 1
	printf 'OLD_KREL=%s\nUPG_KREL=%s\n' "$KREL" "$UPG_KREL" >"$_r_t/vcd/phase" || return 1
	(cd "$_r_t" && find . -type f | sort)
}

# copy_out: the new kernel's image and initrd, and their SHA256SUMS
# (written last), to the upgrade's disk, unmounted then.
copy_out() {
	_o=$ROOT$UPG_DIR/out
	cp -L "$ROOT/boot/vmlinuz-$UPG_KREL" "$ROOT/boot/initrd.img-$UPG_KREL" "$_o/" || return 1
	(cd "$_o" && sha256sum "vmlinuz-$UPG_KREL" "initrd.img-$UPG_KREL" >SHA256SUMS.new &&
		mv SHA256SUMS.new SHA256SUMS && cat SHA256SUMS) || return 1
	sync
	umount "$ROOT$UPG_DIR"
}

# upgrade_steps: the trixie-backports kernel, installed as a user does it;
# true if the second boot can follow.
upgrade_steps() {
	# shellcheck disable=SC1091
	. /vcd/upgrade.env
	UPG_RE=$(ere "$UPG_KREL")
	t_log "==== kernel upgrade: $UPG_KREL ($UPG_KVERSION) from $UPG_SUITE, with $PKG installed"
	step upgrade:disk mount_upgrade || return 1
	step upgrade:sources inroot cat /etc/apt/sources.list.d/vcd-upgrade.sources
	step upgrade:apt-update inroot apt-get update || return 1
	step upgrade:apt-policy inroot apt-cache policy "linux-image-$UPG_KREL" linux-base
	if ! step upgrade:apt-install inroot apt-get install -y --no-install-recommends \
		-t "$UPG_SUITE" "linux-image-$UPG_KREL" "linux-headers-$UPG_KREL"; then
		dkms_logs
		return 1
	fi
	_u_ok=0
	step upgrade:dkms-status inroot dkms status
	expect "upgrade:dkms-status:installed:$KREL" "^$PKG/$VERSION_RE, $KREL_RE, [^:]*: installed" || _u_ok=1
	expect "upgrade:dkms-status:installed:$UPG_KREL" "^$PKG/$VERSION_RE, $UPG_RE, [^:]*: installed" || _u_ok=1
	for m in mdev vfio_ccw; do
		step "upgrade:modinfo-n:$m" inroot modinfo -k "$UPG_KREL" -n "$m"
		expect "upgrade:modinfo-n:$m:updates-dkms" "^(/usr)?/lib/modules/$UPG_RE/updates/dkms/$m\.ko" || _u_ok=1
		step "upgrade:version:$m" inroot modinfo -k "$UPG_KREL" -F version "$m"
		expect "upgrade:version:$m:ours" "^$VERSION_RE\$" || _u_ok=1
		step "upgrade:signer:$m" inroot modinfo -k "$UPG_KREL" -F signer "$m"
		expect "upgrade:signer:$m:dkms-key" 'DKMS'
	done
	[ "$_u_ok" = 0 ] || dkms_logs
	step upgrade:boot-files inroot ls -lL /boot "/boot/vmlinuz-$UPG_KREL" "/boot/initrd.img-$UPG_KREL" ||
		return 1
	step upgrade:reboot-tree reboot_tree || return 1
	step upgrade:copy-out copy_out || return 1
	return "$_u_ok"
}

# initrd_booted: the kernel freed an initrd of the size of the one
# initramfs-tools made (the harness's own initramfs has another size).
initrd_booted() {
	_i_size=$(wc -c <"$ROOT/boot/initrd.img-$KREL") || return 1
	_i_freed=$(dmesg | sed -n 's/.*Freeing initrd memory: \([0-9]*\)K.*/\1/p' | tail -n 1)
	echo "/boot/initrd.img-$KREL: $_i_size bytes; the kernel freed ${_i_freed:-?} KiB of initrd"
	[ -n "$_i_freed" ] || return 1
	# whole pages of it
	[ $((_i_size / 1024 - _i_freed)) -ge 0 ] && [ $((_i_size / 1024 - _i_freed)) -le 12 ]
}

# reboot_main: the second boot, on the kernel the upgrade installed.
reboot_main() {
	t_log "==== second boot: $KREL from the first boot's disk, its initrd by initramfs-tools"
	step uname-r uname -r
	expect uname-r:new-kernel "^$(ere "$UPG_KREL")\$"
	step boot cat /vcd/boot.txt
	expect boot:pid-1 '^pid 1$'
	expect boot:root-from-disk '^/dev/vda / ext4 rw'
	if ! step rootfs-mount mount_root; then
		return 0
	fi
	step boot:initrd initrd_booted
	step dkms-status inroot dkms status
	expect "dkms-status:installed:$OLD_KREL" "^$PKG/$VERSION_RE, $(ere "$OLD_KREL"), [^:]*: installed"
	expect "dkms-status:installed:$KREL" "^$PKG/$VERSION_RE, $KREL_RE, [^:]*: installed"
	use_steps
	remove_steps "$OLD_KREL" "$KREL"
	step umount umount_root
}

if [ -f /vcd/reboot-expected ]; then
	# harness/install-test gives the second boot's initrd through QEMU;
	# this initramfs (harness/qemu-run's) is what it replaces
	t_fail initrd "the second boot ran qemu-run's initramfs, not the one initramfs-tools made"
	exit 0
fi
if [ -n "$REBOOT" ]; then
	reboot_main
	exit 0
fi

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
# the disk is a throw-away overlay, so dpkg need not sync every file it
# unpacks (the kernel upgrade unpacks tens of thousands; under TCG each
# sync is an ext4 journal commit emulated instruction by instruction)
step dpkg-unsafe-io inroot sh -c \
	'echo force-unsafe-io >/etc/dpkg/dpkg.cfg.d/vcd-unsafe-io && cat /etc/dpkg/dpkg.cfg.d/vcd-unsafe-io'

# the package, offline (no package sources; its dependencies are
# installed): DKMS builds in its postinst
if ! step apt-install inroot sh -c "cd /tmp && apt install -y ./$deb"; then
	dkms_logs
	umount_root
	exit 0
fi
step dkms-status inroot dkms status
expect dkms-status:installed "^$PKG/$VERSION_RE, $KREL_RE, [^:]*: installed"

# signing: DKMS made its key (openssl is installed) and signed both
for m in mdev vfio_ccw; do
	step "signer:$m" inroot modinfo -F signer "$m"
	expect "signer:$m:dkms-key" 'DKMS'
done
step mok-certificate inroot openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -subject
expect mok-certificate:dkms-key 'DKMS'

use_steps

# where signatures are enforced, DKMS's own key must be enrolled first
if step sig-enforce:refused enforced_load; then
	expect sig-enforce:key-not-trusted 'module with unavailable key is rejected'
fi

# the kernel upgrade, with the package installed; the second boot removes
# it then, else this one does
if [ -f /vcd/upgrade.env ] && upgrade_steps; then
	t_log "$PKG stays installed: the second boot, on $UPG_KREL, removes it"
else
	[ ! -f /vcd/upgrade.env ] || t_log "the upgrade failed: $PKG is removed in this boot"
	remove_steps "$KREL"
fi
step umount umount_root
