# SPDX-License-Identifier: GPL-2.0-only
#
# Stock Debian kernel fixtures, sourced by harness/kernel:
#
#   deb13-s390x   Debian 13 s390x 6.12 (newest 6.12.*+deb13-s390x)
#   deb12-s390x   Debian 12 s390x 6.1  (newest 6.1.0-*-s390x), plus vfio and
#                 vfio_iommu_type1 built out of tree from linux-source-6.1,
#                 as this kernel ships no VFIO
#   deb12-amd64   Debian 12 amd64 6.1  (newest 6.1.0-*-amd64-unsigned)
#   deb13-amd64   Debian 13 amd64 6.12 (newest 6.12.*+deb13-amd64-unsigned)
#   deb11-s390x   Debian 11 s390x 5.10 (newest 5.10.0-*-s390x)
#   deb11-amd64   Debian 11 amd64 5.10 (newest 5.10.0-*-amd64-unsigned)
#   deb14-s390x   Debian 14 (sid) s390x, newest 7.x+deb14-s390x (7.2 today)
#   deb14-amd64   Debian 14 (sid) amd64, newest 7.x+deb14-amd64
#   deb13bpo-s390x  trixie-backports s390x, newest 7.x+deb13-s390x that
#                 downloads (7.3 or 7.2 today): what a Debian 13 user gets
#                 with "apt-get -t trixie-backports install linux-image-s390x"
#
# Each fixture is the image, headers, headers-common and the host (amd64)
# linux-kbuild of one kernel version, unpacked into
# $VCD_CACHE/kernels/<name>-<version>/root and patched so that
# KDIR=<root>/usr/src/linux-headers-<release> works from there with the
# compilers of this machine (Debian 12: gcc-12 and s390x-linux-gnu-gcc-12).
# A complete fixture (stamp file written last) is reused as is, without
# looking at the package lists; VCD_REFRESH=1 looks for a newer kernel
# version, VCD_PIN=NAME=VERSION asks for one (lib.sh).  A version is taken
# only if all of its packages download: the mirror's indices can list
# versions it does not serve, and the next older one is tried then.
#
# Debian 13 kernels are built with gcc-14 and their kbuild binaries need
# glibc 2.38.  The fixture therefore uses Debian 12's rebuild of the same
# linux-kbuild version (linux-kbuild-<ver>+deb12, from the 6.12 backport)
# when the native one cannot run here; where there is none (7.x, built with
# gcc-16), the programs get a newer C library of their own (patchelf; see
# _stock_kbuild_libc).  The fixture builds with the gcc found on this
# machine instead of the gcc-14 named in the headers, and rewrites the few
# compiler-capability symbols of the kernel configuration (GCC_VERSION,
# CC_HAS_MIN_FUNCTION_ALIGNMENT, CC_HAS_ASM_GOTO_OUTPUT, ...) to describe
# that compiler.  These only select compiler flags and code generation
# inside a module, never a structure layout or an exported interface.
# Likewise PAHOLE_VERSION is set to the host's pahole (module BTF), and each
# new fixture must build a trivial module before it is marked complete.

# shellcheck shell=bash
# The K* variables set here are printed by harness/kernel.
# shellcheck disable=SC2034

KERNELS+=(deb13-s390x deb12-s390x deb12-amd64 deb13-amd64 deb11-s390x deb11-amd64
	deb14-s390x deb14-amd64 deb13bpo-s390x)

prepare_deb13_s390x() { _stock_prepare deb13-s390x s390x '6\.12\.[0-9]+\+deb13-s390x'; }
prepare_deb12_s390x() { _stock_prepare deb12-s390x s390x '6\.1\.0-[0-9]+-s390x'; }
prepare_deb12_amd64() { _stock_prepare deb12-amd64 amd64 '6\.1\.0-[0-9]+-amd64-unsigned'; }
prepare_deb13_amd64() { _stock_prepare deb13-amd64 amd64 '6\.12\.[0-9]+\+deb13-amd64-unsigned'; }
# Debian 11 LTS covers amd64, arm64, armhf and i386 only: since 11.11 the
# bullseye suites of the regular mirror carry no s390x packages, so this
# fixture fails there ("no linux-image-5.10... for s390x").
prepare_deb11_s390x() { _stock_prepare deb11-s390x s390x '5\.10\.0-[0-9]+-s390x'; }
prepare_deb14_s390x() { _stock_prepare deb14-s390x s390x '[7-9]\.[0-9]+\.[0-9]+\+deb14-s390x'; }
prepare_deb14_amd64() { _stock_prepare deb14-amd64 amd64 '[7-9]\.[0-9]+\.[0-9]+\+deb14-amd64(-unsigned)?'; }
prepare_deb13bpo_s390x() { _stock_prepare deb13bpo-s390x s390x '[7-9]\.[0-9]+\.[0-9]+\+deb13-s390x'; }
prepare_deb11_amd64() { _stock_prepare deb11-amd64 amd64 '5\.10\.0-[0-9]+-amd64-unsigned'; }

# _stock_candidates ARCH REGEX: "VERSION PACKAGE" of every listed
# linux-image package of ARCH whose name (without "linux-image-") matches
# the extended regular expression REGEX, newest first.
_stock_candidates() {
	local arch=$1 re=$2 pkg
	apt_cache pkgnames linux-image- | grep -E "^linux-image-$re\$" |
		while read -r pkg; do
			apt_cache madison "$pkg:$arch" |
				awk -F'|' -v p="$pkg" '{ gsub(/ /, "", $2); print $2, p }'
		done | sort -u -V -r
}

# Bump when the preparation below changes in a way that must redo cached
# fixtures (2: the s390 stack protector off for 7.x, _stock_fix_flags).
_STOCK_RECIPE=2

# _stock_complete DIR: DIR is a fixture complete under this recipe.
_stock_complete() {
	[ "$(cat "$1/.complete" 2>/dev/null)" = "recipe $_STOCK_RECIPE" ]
}

# _stock_newest_complete NAME [VERSION]: the newest complete fixture
# directory of NAME (of that image VERSION, if given).
_stock_newest_complete() {
	local d
	for d in "$VCD_CACHE/kernels/$1"-${2:-*}/; do
		if _stock_complete "$d"; then echo "${d%/}"; fi
	done | sort -V | tail -n 1
}

# _stock_glibc_ok DIR: true if every ELF program under DIR can run with the
# C library of this machine.
_stock_glibc_ok() {
	local have need f
	have=$(getconf GNU_LIBC_VERSION | awk '{ print $2 }')
	need=$(find "$1" -type f -perm -u+x -print0 |
		while IFS= read -r -d '' f; do
			if [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
				objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' || true
			fi
		done | sed 's/GLIBC_//' | sort -uV | tail -n 1)
	[ -z "$need" ] || [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | tail -n 1)" = "$have" ]
}

# _stock_kconf_set KDIR SYM VALUE: set CONFIG_SYM in the .config, auto.conf and
# autoconf.h of a headers tree.  VALUE is y, n, a number or a "string".
_stock_kconf_set() {
	local kdir=$1 sym=CONFIG_$2 val=$3 def
	sed -i -e "/^$sym=/d" -e "/^# $sym is not set\$/d" "$kdir/.config"
	sed -i -e "/^$sym=/d" "$kdir/include/config/auto.conf"
	sed -i -e "/^#define $sym /d" -e "/^#define ${sym}_MODULE /d" "$kdir/include/generated/autoconf.h"
	if [ "$val" = n ]; then
		echo "# $sym is not set" >>"$kdir/.config"
		return 0
	fi
	echo "$sym=$val" >>"$kdir/.config"
	case "$val" in
	\"*) echo "$sym=${val:1:${#val}-2}" >>"$kdir/include/config/auto.conf" ;;
	*) echo "$sym=$val" >>"$kdir/include/config/auto.conf" ;;
	esac
	def=$val
	[ "$val" = y ] && def=1
	echo "#define $sym $def" >>"$kdir/include/generated/autoconf.h"
}

# _stock_kconf_get KDIR SYM: the value of CONFIG_SYM in .config ("n" if unset).
_stock_kconf_get() {
	local v
	v=$(sed -n "s/^CONFIG_$2=//p" "$1/.config")
	echo "${v:-n}"
}

# _stock_fix_compiler KDIR CROSS_COMPILE: make the headers tree build with
# the gcc of this machine (see the top of this file).
_stock_fix_compiler() {
	local kdir=$1 cross=$2 kv=$1/.kernelvariables want cc ver num text broken
	# shellcheck disable=SC2016
	want=$(sed -n 's/^CC *=.*$(CROSS_COMPILE)\(gcc-[0-9]*\) *$/\1/p' "$kv")
	if [ -n "$want" ] && ! command -v "$cross$want" >/dev/null; then
		log "$cross$want is not installed: building with ${cross}gcc"
		sed -i "s/^\(CC *=.*\$(CROSS_COMPILE)\)gcc-[0-9]* *\$/\1gcc/" "$kv"
		want=gcc
	fi
	cc=$cross${want:-gcc}
	command -v "$cc" >/dev/null || die "no compiler $cc (apt-get install gcc-${cross:-x86-64-linux-gnu-}...)"
	ver=$("$cc" -dumpfullversion)
	num=$(echo "$ver" | awk -F. '{ printf "%d%02d%02d\n", $1, $2, $3 }')
	[ "$num" = "$(_stock_kconf_get "$kdir" GCC_VERSION)" ] && return 0
	log "kernel built with gcc $(_stock_kconf_get "$kdir" GCC_VERSION), describing $cc $ver in its configuration"
	text=$("$cc" --version | head -n 1)
	_stock_kconf_set "$kdir" CC_VERSION_TEXT "\"$text\""
	_stock_kconf_set "$kdir" GCC_VERSION "$num"
	if [ "$(_stock_kconf_get "$kdir" CC_HAS_MIN_FUNCTION_ALIGNMENT)" = y ] &&
	   ! "$cc" -Werror -fmin-function-alignment=8 -x c -c /dev/null -o /dev/null 2>/dev/null; then
		_stock_kconf_set "$kdir" CC_HAS_MIN_FUNCTION_ALIGNMENT n
		_stock_kconf_set "$kdir" CC_HAS_SANE_FUNCTION_ALIGNMENT n
	fi
	# Attributes newer compilers have (7.x init/Kconfig): each symbol the
	# kernel's compiler set and this one cannot honour is cleared.
	local sym src
	while IFS='|' read -r sym src; do
		[ "$(_stock_kconf_get "$kdir" "$sym")" = y ] || continue
		printf '%s\n' "$src" | "$cc" -Werror -x c -c - -o /dev/null 2>/dev/null && continue
		_stock_kconf_set "$kdir" "$sym" n
	done <<-'EOF'
	CC_HAS_COUNTED_BY|struct s { int n; int a[] __attribute__((__counted_by__(n))); };
	CC_HAS_COUNTED_BY_PTR|struct s { int n; int *p __attribute__((__counted_by__(n))); };
	CC_HAS_ASSUME|int f(int x) { __attribute__((__assume__(x > 0))); return x; }
	CC_HAS_MULTIDIMENSIONAL_NONSTRING|char tag[][4] __attribute__((__nonstring__)) = { };
	EOF
	case $(_stock_kconf_get "$kdir" CC_OPT_INLINE_MEMSET) in
	*-finline-stringops*)
		"$cc" -Werror -finline-stringops=memset -x c -c /dev/null -o /dev/null 2>/dev/null ||
			_stock_kconf_set "$kdir" CC_OPT_INLINE_MEMSET '""' ;;
	esac
	# GCC bug 113921, fixed in 14, 13.3, 12.4 and 11.5 (as init/Kconfig).
	broken=n
	if [ "$num" -lt 110500 ] || { [ "$num" -ge 120000 ] && [ "$num" -lt 120400 ]; } ||
	   { [ "$num" -ge 130000 ] && [ "$num" -lt 130300 ]; }; then
		broken=y
	fi
	if [ "$broken" = y ] && [ "$(_stock_kconf_get "$kdir" CC_HAS_ASM_GOTO_OUTPUT)" = y ]; then
		_stock_kconf_set "$kdir" GCC_ASM_GOTO_OUTPUT_BROKEN y
		_stock_kconf_set "$kdir" CC_HAS_ASM_GOTO_OUTPUT n
		_stock_kconf_set "$kdir" CC_HAS_ASM_GOTO_TIED_OUTPUT n
	fi
}

# _stock_fix_flags ROOT CC: drop from the arch Makefiles of the headers
# under ROOT the compiler options CC does not know.  Only the s390 stack
# protector is known to need this (gcc 16: -mstack-protector-guard=global
# with -mstack-protector-guard-record, the only form s390 has from 7.x).
# Without those options gcc's -fstack-protector-strong would read the
# canary through the thread pointer, that is from the user's TLS: a fault
# in the kernel (seen: create_store under a PIE mdevctl on 7.2).  So our
# modules are built without the canary: the stack protector is switched
# off in auto.conf, which only the Makefiles read, and stays on in
# autoconf.h, so that every structure keeps its layout.
_stock_fix_flags() {
	local root=$1 cc=$2 mk opt ac dropped=0
	for mk in "$root"/usr/src/linux-headers-*/arch/s390/Makefile; do
		[ -f "$mk" ] || continue
		for opt in -mstack-protector-guard-record -mstack-protector-guard=global; do
			grep -q -- "$opt" "$mk" || continue
			if ! "$cc" -Werror "$opt" -x c -c /dev/null -o /dev/null 2>/dev/null; then
				log "$cc does not know $opt: building without it"
				sed -i "s/ $opt\b//" "$mk"
				dropped=1
			fi
		done
	done
	[ "$dropped" -eq 1 ] || return 0
	for ac in "$root"/usr/src/linux-headers-*/include/config/auto.conf; do
		[ -f "$ac" ] || continue
		sed -i '/^CONFIG_STACKPROTECTOR\(_STRONG\)\?=/d' "$ac"
		log "building our modules without the stack protector (${ac#"$root"/})"
	done
}

# _stock_fix_checker ROOT: Debian's linux-kbuild-7.x does not ship
# scripts/checker-valid.sh, which the top Makefile of 6.13 and later runs
# to accept a C=1/C=2 checker; without it kbuild refuses every sparse,
# warns, and checks nothing.  Where a headers tree runs the script and it
# is missing, write one of ours that does the same job: print 1 when the
# checker runs on a file using __typeof_unqual__ (which 6.13's headers
# need) without reporting an error, else 0.  Idempotent, so cached
# fixtures get it too.
_stock_fix_checker() {
	local mk sdir
	for mk in "$1"/usr/src/linux-headers-*/Makefile; do
		grep -q 'scripts/checker-valid\.sh' "$mk" 2>/dev/null || continue
		sdir=$(readlink -f "$(dirname "$mk")/scripts") || continue
		[ -d "$sdir" ] && [ ! -e "$sdir/checker-valid.sh" ] || continue
		cat >"$sdir/checker-valid.sh.tmp" <<'SCRIPT'
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Written by the vfio-ccw-dkms harness (harness/kernels/stock.sh) into a
# Debian linux-kbuild tree that lacks kbuild's own checker test.
# Usage: checker-valid.sh CHECKER [FLAGS...]; prints 1 if CHECKER accepts
# __typeof_unqual__ without reporting an error, else 0.
if ! command -v "$1" >/dev/null 2>&1; then
	echo 0
	exit 0
fi
probe=$(mktemp) || exit 1
printf '%s\n' 'static int vcd_unqual(const int *p)' '{' \
	'	__typeof_unqual__(*p) v = *p;' '' '	return v;' '}' >"$probe"
if "$@" "$probe" 2>&1 | grep -q error; then
	echo 0
else
	echo 1
fi
rm -f "$probe"
SCRIPT
		chmod 755 "$sdir/checker-valid.sh.tmp"
		mv "$sdir/checker-valid.sh.tmp" "$sdir/checker-valid.sh"
		log "wrote $sdir/checker-valid.sh (missing from Debian's linux-kbuild)"
	done
}

# _stock_fix_pahole KDIR: module BTF is made by the host's pahole; describe
# its version in the configuration (newer kernels pass options that older
# pahole versions reject).  Without pahole, skip module BTF altogether.
_stock_fix_pahole() {
	local kdir=$1 have
	[ "$(_stock_kconf_get "$kdir" DEBUG_INFO_BTF_MODULES)" = y ] || return 0
	if ! command -v pahole >/dev/null; then
		log "no pahole on this machine (package dwarves): modules get no BTF"
		mv "$kdir/vmlinux" "$kdir/vmlinux.no-pahole"
		return 0
	fi
	have=$(pahole --version | sed 's/^v//' | awk -F. '{ printf "%d%02d\n", $1, $2 }')
	[ "$have" -lt "$(_stock_kconf_get "$kdir" PAHOLE_VERSION)" ] || return 0
	log "kernel built with pahole $(_stock_kconf_get "$kdir" PAHOLE_VERSION), describing pahole $have in its configuration"
	_stock_kconf_set "$kdir" PAHOLE_VERSION "$have"
	# --lang_exclude appeared in pahole 1.26.
	[ "$have" -ge 126 ] || _stock_kconf_set "$kdir" PAHOLE_HAS_LANG_EXCLUDE n
}

# _stock_unpack NAME[:ARCH] VERSION DIR: download a package and unpack it.
_stock_unpack() {
	local deb
	deb=$(fetch_deb "$1" "$2") || return 1
	extract_deb "$deb" "$3"
}

# _stock_glibc_need DIR: the newest GLIBC_x.y symbol version any ELF
# program under DIR needs ("" if none).
_stock_glibc_need() {
	local f
	find "$1" -type f -perm -u+x -print0 |
		while IFS= read -r -d '' f; do
			if [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
				objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' || true
			fi
		done | sed 's/GLIBC_//' | sort -uV | tail -n 1
}

# _stock_kbuild_libc ROOT DIR: give the ELF programs under DIR a C library
# of their own: the newest amd64 libc6 that downloads and is new enough is
# unpacked into ROOT/kbuild-libc, and each program's interpreter and
# library path are pointed there (patchelf).  The other libraries they use
# (libelf, libcrypto) still come from this machine.
_stock_kbuild_libc() {
	local root=$1 dir=$2 need v deb lib ld f n=0
	need=$(_stock_glibc_need "$dir")
	command -v patchelf >/dev/null || die "patchelf not found (harness/deps installs it)"
	for v in $(apt_versions libc6:amd64 '*' any); do
		[ "$(printf '%s\n%s\n' "$need" "${v%%-*}" | sort -V | head -n 1)" = "$need" ] || continue
		deb=$(fetch_deb libc6:amd64 "$v") && break
		deb=""
	done
	[ -n "$deb" ] || die "no amd64 libc6 with glibc $need or newer downloads"
	log "kbuild programs need glibc $need: giving them libc6 $v"
	vcd_record kbuild libc6:amd64 "$v" "C library of the kbuild programs"
	rm -rf "$root/kbuild-libc"
	extract_deb "$deb" "$root/kbuild-libc"
	lib=$root/kbuild-libc/usr/lib/x86_64-linux-gnu
	[ -d "$lib" ] || lib=$root/kbuild-libc/lib/x86_64-linux-gnu
	ld=$lib/ld-linux-x86-64.so.2
	[ -e "$ld" ] || die "no ld-linux-x86-64.so.2 in libc6 $v"
	while IFS= read -r -d '' f; do
		[ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] || continue
		# executables only; shared objects keep their (absent) interpreter
		patchelf --print-interpreter "$f" >/dev/null 2>&1 || continue
		patchelf --set-interpreter "$ld" --set-rpath "$lib" "$f" ||
			die "patchelf failed on $f"
		n=$((n + 1))
	done < <(find "$dir" -type f -perm -u+x -print0)
	# a program that runs proves it
	case $("$dir/scripts/basic/fixdep" 2>&1) in
	*[Uu]sage*) ;;
	*) die "the kbuild programs still do not run with libc6 $v" ;;
	esac
	log "pointed $n kbuild programs at libc6 $v"
}

# _stock_kbuild ROOT NAME VERSION: unpack the amd64 linux-kbuild package
# NAME of VERSION into ROOT; if its programs need a newer C library than
# this machine's, use Debian 12's rebuild of the same kernel version, or,
# where there is none (7.x), give them a newer C library of their own.
_stock_kbuild() {
	local root=$1 name=$2 ver=$3 tmp alt altver altdeb up
	tmp=$(mktemp -d "$(dirname "$root")/kbuild.XXXXXX")
	_stock_unpack "$name:amd64" "$ver" "$tmp/native" || die "cannot unpack $name $ver"
	if ! _stock_glibc_ok "$tmp/native/usr/lib/$name"; then
		alt=${name%+deb*}+deb12
		up=${ver%-*}
		if [ "$alt" != "$name" ] &&
		   read -r altver altdeb < <(_VCD_QUIET_MISSING=1 fetch_newest "$alt:amd64" "$up-*" 2>/dev/null); then
			log "$name $ver needs a newer glibc: using $alt $altver"
			vcd_record kbuild "$alt" "$altver" "for $name $ver"
			extract_deb "$altdeb" "$tmp/alt"
			_stock_glibc_ok "$tmp/alt/usr/lib/$alt" || die "$alt $altver cannot run here either"
			rm -rf "$tmp/native/usr/lib/$name"
			mv "$tmp/alt/usr/lib/$alt" "$tmp/native/usr/lib/$name"
		else
			cp -a "$tmp/native/." "$root/"
			rm -rf "$tmp"
			_stock_kbuild_libc "$root" "$root/usr/lib/$name"
			return 0
		fi
	fi
	cp -a "$tmp/native/." "$root/"
	rm -rf "$tmp"
}

# _stock_vfio_61 DIR SRCVERSION: build vfio and vfio_iommu_type1 from
# linux-source-6.1 of SRCVERSION (the kernel's own; else the newest 6.1
# source) out of tree in DIR/vfio-build; the modules (debug info stripped)
# and their Module.symvers go to DIR/vfio.
_stock_vfio_61() {
	local dir=$1 srcver=$2 b=$1/vfio-build f src deb
	local files="vfio.h vfio_main.c container.c iova_bitmap.c vfio_iommu_type1.c"
	mkdir -p "$b" "$dir/vfio"
	# the kernel's own source version, else the newest that downloads
	if deb=$(fetch_deb linux-source-6.1 "$srcver" 2>/dev/null); then
		log "extracting drivers/vfio from linux-source-6.1 $srcver"
		src=$(mktemp -d "$dir/src.XXXXXX")
		extract_deb "$deb" "$src/deb"
		tar -xf "$src"/deb/usr/src/linux-source-6.1.tar.* -C "$src" --wildcards '*/drivers/vfio/*'
		for f in $files; do
			cp "$src"/*/drivers/vfio/"$f" "$b/"
		done
		rm -rf "$src"
	else
		src=$(linux_source_tree 6.1)
		log "linux-source-6.1 $srcver does not download: using $src"
		srcver=${src##*/linux-source-}
		for f in $files; do
			cp "$src/drivers/vfio/$f" "$b/"
		done
	fi
	echo "$srcver" >"$dir/vfio/source-version"
	cat >"$b/Kbuild" <<-'EOF'
	# SPDX-License-Identifier: GPL-2.0-only
	# Test fixture: the vfio core of this kernel version, for a kernel
	# configured without VFIO.
	ccflags-y += -DCONFIG_VFIO_MODULE=1 -DCONFIG_VFIO_IOMMU_TYPE1_MODULE=1
	obj-m += vfio.o vfio_iommu_type1.o
	vfio-y := vfio_main.o iova_bitmap.o container.o
	EOF
	log "building the vfio fixture modules"
	make -s -C "$KDIR" M="$b" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" modules >&2 ||
		die "vfio fixture build failed"
	for f in vfio vfio_iommu_type1; do
		"${CROSS_COMPILE}objcopy" --strip-debug "$b/$f.ko" "$dir/vfio/$f.ko"
	done
	cp "$b/Module.symvers" "$dir/vfio/"
	KEXTRA_MODDIR=$dir/vfio
	KEXTRA_SYMBOLS=$dir/vfio/Module.symvers
}

# _stock_selftest DIR: build a trivial external module against $KDIR, so a
# fixture whose tree cannot build modules is never marked complete.
_stock_selftest() {
	local t=$1/selftest
	mkdir -p "$t"
	cat >"$t/vcd_selftest.c" <<-'EOF'
	// SPDX-License-Identifier: GPL-2.0-only
	#include <linux/init.h>
	#include <linux/module.h>

	static int __init vcd_selftest_init(void)
	{
		pr_info("vcd_selftest: loaded\n");
		return 0;
	}
	module_init(vcd_selftest_init);

	static void __exit vcd_selftest_exit(void)
	{
	}
	module_exit(vcd_selftest_exit);

	MODULE_LICENSE("GPL");
	MODULE_DESCRIPTION("kernel fixture self test");
	EOF
	printf '%s\n' '# SPDX-License-Identifier: GPL-2.0-only' 'obj-m := vcd_selftest.o' >"$t/Kbuild"
	make -s -C "$KDIR" M="$t" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" modules >"$t/build.log" 2>&1 ||
		die "a trivial module does not build against $KDIR, see $t/build.log"
	modinfo -F vermagic "$t/vcd_selftest.ko" | grep -q "^$KREL " ||
		die "the self-test module has the wrong vermagic"
}

# _stock_fetch_all PKG ARCH VERSION: download the image PKG of VERSION and
# every package of the same version the fixture needs (headers,
# headers-common, the amd64 linux-kbuild, and from 7.x on, where the image
# package only depends on them, linux-binary, linux-modules and linux-base
# of the release); print the names of all but the image, the three
# first.  Fails (fetch_deb logs which file and why) if any does not
# download, so that all of them always come from one version.
_stock_fetch_all() {
	local pkg=$1 arch=$2 ver=$3 krel deps common kbuild split p
	krel=${pkg#linux-image-}
	krel=${krel%-unsigned}
	deps=$(apt_cache show "linux-headers-$krel:$arch=$ver" 2>/dev/null | sed -n 's/^Depends: //p' | head -n 1)
	common=$(echo "$deps" | grep -oE 'linux-headers-[^ ,]+-common' | head -n 1)
	kbuild=$(echo "$deps" | grep -oE 'linux-kbuild-[^ ,]+' | head -n 1)
	if [ -z "$common" ] || [ -z "$kbuild" ]; then
		log "skipping $pkg $ver: cannot read the dependencies of linux-headers-$krel $ver"
		return 1
	fi
	split=$(apt_cache show "$pkg:$arch=$ver" 2>/dev/null | sed -n 's/^Depends: //p' | head -n 1 |
		grep -oE "linux-(binary|modules|base)-$(printf '%s' "$krel" | sed 's/[.+]/\\&/g')\b" | sort -u | tr '\n' ' ')
	fetch_deb "$pkg:$arch" "$ver" >/dev/null &&
		fetch_deb "linux-headers-$krel:$arch" "$ver" >/dev/null &&
		fetch_deb "$common" "$ver" >/dev/null &&
		fetch_deb "$kbuild:amd64" "$ver" >/dev/null || return 1
	for p in $split; do
		fetch_deb "$p:$arch" "$ver" >/dev/null || return 1
	done
	echo "linux-headers-$krel $common $kbuild $split"
}

# _stock_choose NAME ARCH REGEX [VERSION]: the kernel version fixture NAME
# is made of: the newest listed one (or VERSION) that is cached complete or
# whose packages all download (_stock_fetch_all); prints "VERSION IMAGE
# [HEADERS COMMON KBUILD]".  Each version skipped gets a log line.
_stock_choose() {
	local name=$1 arch=$2 re=$3 pin=${4:-} ver pkg pkgs
	while read -r ver pkg; do
		[ -z "$pin" ] || [ "$ver" = "$pin" ] || continue
		if _stock_complete "$VCD_CACHE/kernels/$name-$ver"; then
			echo "$ver $pkg"
			return 0
		fi
		if pkgs=$(_stock_fetch_all "$pkg" "$arch" "$ver"); then
			echo "$ver $pkg $pkgs"
			return 0
		fi
		log "$name: skipping $pkg $ver, not every package downloads (see above); trying an older version"
	done < <(_stock_candidates "$arch" "$re")
	return 1
}

# _stock_prepare NAME DEBARCH IMAGE_REGEX: reuse the newest complete fixture
# (no network); else, or with VCD_REFRESH, the newest listed kernel version
# whose packages all download; VCD_PIN=NAME=VERSION takes that version.
_stock_prepare() {
	local name=$1 arch=$2 re=$3 dir ver pkg pkgs hdr common kbuild split p root lock pin
	pin=$(vcd_pin "$name")
	dir=$(_stock_newest_complete "$name" "$pin")
	if [ -n "$dir" ] && { [ -n "$pin" ] || ! vcd_refresh; }; then
		# shellcheck disable=SC1091
		. "$dir/fixture.env"
		_stock_fix_checker "$dir/root"
		_stock_record "$name" "$dir"
		return 0
	fi
	mkdir -p "$VCD_CACHE/kernels"
	exec {lock}>"$VCD_CACHE/kernels/.$name.lock"
	flock "$lock"
	read -r ver pkg pkgs < <(_stock_choose "$name" "$arch" "$re" "$pin") ||
		die "$name: no version of linux-image-$re for $arch${pin:+ matching VCD_PIN $name=$pin} has every package downloadable"
	dir=$VCD_CACHE/kernels/$name-$ver
	if ! _stock_complete "$dir"; then
		log "preparing $name: $pkg $ver"
		read -r hdr common kbuild split <<<"$pkgs"
		rm -rf "$dir"
		root=$dir/root
		mkdir -p "$root"
		KREL=${pkg#linux-image-}
		KREL=${KREL%-unsigned}
		_stock_unpack "$pkg:$arch" "$ver" "$root" || die "cannot unpack $pkg"
		_stock_unpack "$hdr:$arch" "$ver" "$root" || die "cannot unpack $hdr"
		_stock_unpack "$common" "$ver" "$root" || die "cannot unpack $common"
		for p in $split; do
			_stock_unpack "$p:$arch" "$ver" "$root" || die "cannot unpack $p"
		done
		_stock_kbuild "$root" "$kbuild" "$ver"
		case $arch in
		s390x) KARCH=s390 CROSS_COMPILE=s390x-linux-gnu- QEMU_ARCH=s390x ;;
		amd64) KARCH=x86 CROSS_COMPILE="" QEMU_ARCH=x86_64 ;;
		esac
		KDIR=$root/usr/src/linux-headers-$KREL
		sed -i -e "s|^include /usr/src/|include $root/usr/src/|" \
			-e "s|^KBUILD_OUTPUT=/usr/src/|KBUILD_OUTPUT=$root/usr/src/|" "$KDIR/Makefile"
		grep -q "^include $root/" "$KDIR/Makefile" || die "unexpected $KDIR/Makefile"
		_stock_fix_compiler "$KDIR" "$CROSS_COMPILE"
		_stock_fix_pahole "$KDIR"
		[ "$arch" != s390x ] || _stock_fix_flags "$root" "${CROSS_COMPILE}gcc"
		_stock_fix_checker "$root"

		# Merged /usr (Debian 13) ships usr/lib/modules only.
		[ -e "$root/lib" ] || ln -s usr/lib "$root/lib"
		KMODROOT=$root
		[ -d "$KMODROOT/lib/modules/$KREL/kernel" ] || die "no modules in $pkg"
		depmod -b "$KMODROOT" "$KREL"
		# 7.x (linux-binary) keeps the image beside the modules
		KIMAGE=$root/boot/vmlinuz-$KREL
		[ -f "$KIMAGE" ] || KIMAGE=$root/usr/lib/modules/$KREL/vmlinuz
		[ -f "$KIMAGE" ] || die "no boot/vmlinuz-$KREL or usr/lib/modules/$KREL/vmlinuz in $pkg"

		_stock_selftest "$dir"
		KEXTRA_MODDIR="" KEXTRA_SYMBOLS=""
		if [ "$name" = deb12-s390x ] && [ "$(_stock_kconf_get "$KDIR" VFIO)" = n ]; then
			_stock_vfio_61 "$dir" "$ver"
		fi

		local v
		KVERSION=$ver
		for v in KREL KVERSION KARCH CROSS_COMPILE KDIR KIMAGE KMODROOT QEMU_ARCH \
			 KEXTRA_MODDIR KEXTRA_SYMBOLS; do
			printf '%s=%q\n' "$v" "${!v}"
		done >"$dir/fixture.env"
		echo "recipe $_STOCK_RECIPE" >"$dir/.complete"
		log "$name ready in $dir"
	fi
	exec {lock}>&-
	# shellcheck disable=SC1091
	. "$dir/fixture.env"
	_stock_record "$name" "$dir"
}

# _stock_record NAME DIR: vcd_record the versions fixture DIR is made of.
_stock_record() {
	KVERSION=${2##*/"$1"-}
	vcd_record kernel "$1" "$KVERSION" "$KREL"
	if [ -f "$2/vfio/source-version" ]; then
		vcd_record source linux-source-6.1 "$(cat "$2/vfio/source-version")" "vfio and vfio_iommu_type1 for $1"
	fi
}
