# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # the fixture variables are read by harness/kernel
#
# s390x test kernels built from Debian's linux-source packages (sourced by
# harness/kernel).
#
#   test-7.2-s390x-debug   linux-source-7.2, trimmed config with KUnit,
#                          KASAN, lockdep, kmemleak, UBSAN, ... and, like
#                          Ubuntu, RHEL and SLES, the in-tree mdev core,
#                          vfio_ccw and vfio_ap as modules (plus the mtty
#                          sample), which our package must shadow and
#                          serve.  One kernel for all three roles: a
#                          second 7.2 build costs about 18 minutes of a
#                          cold make check on two cores.
#   canary-s390x           the newest linux-source-X.Y of any suite (today
#                          experimental's 7.3 release candidate), only
#                          configured and prepared for external modules
#                          (no vmlinux, nothing to boot): a build-only
#                          check that shows the next break before users
#                          meet it.  Unresolved symbols are warnings
#                          there (KBUILD_MODPOST_WARN), as there is no
#                          Module.symvers.
#   test-6.12-s390x        linux-source-6.12, trimmed config with KUnit,
#                          VFIO=m and no in-tree mdev users: make bench's
#                          kernel (make check no longer uses it)
#   test-6.1-s390x         linux-source-6.1, same trimmed config, only
#                          configured and prepared: the KUnit suites
#                          build against 6.1's KUnit and vfio, and run on
#                          test-7.2-s390x-debug (building this kernel cost
#                          14 minutes of a cold make check); vfio_ccw runs
#                          on 6.1 in QEMU on deb12-s390x
#   test-5.10-s390x        linux-source-5.10, same trimmed config, only
#                          configured and prepared like the canary: the
#                          old mdev API builds (Debian 11 has no s390x
#                          packages left on the regular mirror, so no
#                          stock 5.10 s390x); that API runs in QEMU on
#                          Debian 11's stock amd64 kernel (deb11-amd64)
#
# The .config is the Kconfig defaults plus the fragments in
# harness/kernels/configs/ (checked line by line after olddefconfig).  Each
# fixture lives in $VCD_CACHE/kernels/<name>-<srcversion>-<key>/ with
#   build/    the O= tree (KDIR; KIMAGE is build/arch/s390/boot/bzImage)
#   modroot/  modules_install + depmod output (KMODROOT)
#   build.log the kbuild output
#   complete  stamp, written last; a fixture with it is reused as is
# where <key> hashes the fragments, the toolchain versions and the make
# variables.  Compiles go through ccache ($VCD_CACHE/ccache).
#
# Source trees: the newest linux-source-X.Y already unpacked in
# $VCD_CACHE/src is used, so a cached fixture needs no network; set
# VCD_REFRESH=1 to ask the archive for the newest version that downloads
# first, VCD_PIN=linux-source-X.Y=VERSION for one version.
# VCD_JOBS overrides the make -j value (default 2).

KERNELS+=(test-7.2-s390x-debug test-6.12-s390x
	test-6.1-s390x test-5.10-s390x canary-s390x)

_TK_CONFDIR=$VCD_TOP/harness/kernels/configs
_TK_CROSS=s390x-linux-gnu-
# Bump when the build recipe changes in a way that must invalidate fixtures.
_TK_RECIPE=1

prepare_test_7_2_s390x_debug() {
	_tk_prepare 7.2 test-s390x.config test-s390x-6.12.config distro-s390x.config debug.config
}

prepare_canary_s390x() {
	local series
	series=$(apt_cache pkgnames linux-source- | sed -n 's/^linux-source-\([0-9]*\.[0-9]*\)$/\1/p' |
		sort -V | tail -n 1)
	[ -n "$series" ] || die "no linux-source-X.Y in the package lists"
	_TK_PREPARE_ONLY=1 _tk_prepare "$series" test-s390x.config test-s390x-6.12.config
}

prepare_test_6_12_s390x() {
	_tk_prepare 6.12 test-s390x.config test-s390x-6.12.config
}

prepare_test_6_1_s390x() {
	_TK_PREPARE_ONLY=1 _tk_prepare 6.1 test-s390x.config
}

prepare_test_5_10_s390x() {
	_TK_PREPARE_ONLY=1 _tk_prepare 5.10 test-s390x.config
}

# _tk_source X.Y: print the path of an unpacked linux-source-X.Y tree: the
# newest one already unpacked; with VCD_REFRESH (or none unpacked) the
# newest version that downloads; VCD_PIN=linux-source-X.Y=VERSION that one.
_tk_source() {
	local series=$1 d pin
	pin=$(vcd_pin "linux-source-$series")
	if [ -n "$pin" ]; then
		d=$(linux_source_tree "$series" "$pin")
		[ "$d" = "$VCD_CACHE/src/linux-source-$pin" ] ||
			die "VCD_PIN linux-source-$series=$pin: that version does not download"
		echo "$d"
		return
	fi
	linux_source_tree "$series"
}

# The make variables of every kbuild call on a fixture tree; they must never
# vary, or kbuild rebuilds everything.
_tk_make() {
	local src=$1 out=$2
	shift 2
	CCACHE_DIR=$VCD_CACHE/ccache make -C "$src" O="$out" ARCH=s390 \
		CROSS_COMPILE="$_TK_CROSS" CC="ccache ${_TK_CROSS}gcc" "$@"
}

# _tk_run LOG DESCRIPTION CMD...: run CMD with its output appended to LOG;
# on failure show the end of LOG and stop.
_tk_run() {
	local logf=$1 what=$2
	shift 2
	echo "### $what: $*" >>"$logf"
	if ! "$@" >>"$logf" 2>&1 </dev/null; then
		tail -n 60 "$logf" >&2
		die "$what failed (full log: $logf)"
	fi
}

# _tk_check_config CONFIG FRAGMENT...: every CONFIG_X=v line of the fragments
# must be in CONFIG verbatim, every "# CONFIG_X is not set" must be unset.
# The last fragment that mentions a symbol wins, as in the merge.
_tk_check_config() {
	local cfg=$1
	shift
	awk '
	FNR == NR { have[$0] = 1; next }
	/^CONFIG_[A-Za-z0-9_]+=/ {
		sym = $0; sub(/=.*/, "", sym); want[sym] = $0; order[++n] = sym; next
	}
	/^# CONFIG_[A-Za-z0-9_]+ is not set$/ {
		sym = $2; want[sym] = ""; order[++n] = sym; next
	}
	END {
		bad = 0
		for (i = 1; i <= n; i++) {
			sym = order[i]
			if (sym in done) continue
			done[sym] = 1
			if (want[sym] != "") {
				if (!(want[sym] in have)) {
					got = "unset"
					for (l in have) if (index(l, sym "=") == 1) got = l
					printf "config: wanted %s, got %s\n", want[sym], got
					bad = 1
				}
			} else if ((sym "=y") in have || (sym "=m") in have) {
				printf "config: wanted %s unset, got %s\n", sym, \
					((sym "=y") in have) ? "y" : "m"
				bad = 1
			}
		}
		exit bad
	}' "$cfg" "$@" >&2
}

# _tk_prepare X.Y FRAGMENT...: build (or reuse) the fixture and set the
# variables harness/kernel prints.
_tk_prepare() {
	local series=$1 src srcver key fix bdir frags=() f t0 t1 lockfd krel
	local makevars
	shift
	for f in "$@"; do
		[ -f "$_TK_CONFDIR/$f" ] || die "missing config fragment $_TK_CONFDIR/$f"
		frags+=("$_TK_CONFDIR/$f")
	done
	command -v "${_TK_CROSS}gcc" >/dev/null || die "${_TK_CROSS}gcc not found (install gcc-s390x-linux-gnu)"
	command -v ccache >/dev/null || die "ccache not found"

	src=$(_tk_source "$series")
	[ -f "$src/Makefile" ] || die "no kernel source tree for $series"
	srcver=$(basename "$src")
	srcver=${srcver#linux-source-}
	srcver=$(printf '%s' "$srcver" | tr '~:' '__')

	makevars="recipe=$_TK_RECIPE${_TK_PREPARE_ONLY:+ prepare-only} ARCH=s390 CROSS_COMPILE=$_TK_CROSS CC=ccache ${_TK_CROSS}gcc"
	key=$({
		for f in "${frags[@]}"; do
			echo "--- $(basename "$f")"
			cat "$f"
		done
		"${_TK_CROSS}gcc" --version | head -n 1
		"${_TK_CROSS}ld" --version | head -n 1
		echo "$makevars"
	} | sha256sum | cut -c 1-12)
	fix=$VCD_CACHE/kernels/$KNAME-$srcver-$key
	bdir=$fix/build

	mkdir -p "$VCD_CACHE/kernels"
	exec {lockfd}>"$VCD_CACHE/kernels/.$KNAME.lock"
	flock "$lockfd"

	if [ ! -f "$fix/complete" ]; then
		log "$KNAME: building $srcver into $fix (log: $fix/build.log)"
		rm -rf "$fix"
		mkdir -p "$bdir" "$fix/modroot"
		: >"$fix/build.log"
		t0=$(date +%s)
		cat "${frags[@]}" >"$bdir/.config"
		_tk_run "$fix/build.log" olddefconfig _tk_make "$src" "$bdir" olddefconfig
		if ! _tk_check_config "$bdir/.config" "${frags[@]}"; then
			exec {lockfd}>&-
			die "$KNAME: the .config differs from the fragments (see above; $bdir/.config)"
		fi
		if [ -n "${_TK_PREPARE_ONLY:-}" ]; then
			_tk_run "$fix/build.log" modules_prepare _tk_make "$src" "$bdir" \
				-j"${VCD_JOBS:-2}" modules_prepare
			krel=$(cat "$bdir/include/config/kernel.release")
		else
			_tk_run "$fix/build.log" build _tk_make "$src" "$bdir" -j"${VCD_JOBS:-2}"
			_tk_run "$fix/build.log" modules_install _tk_make "$src" "$bdir" \
				INSTALL_MOD_PATH="$fix/modroot" modules_install
			krel=$(cat "$bdir/include/config/kernel.release")
			_tk_run "$fix/build.log" depmod "$(command -v depmod || echo /sbin/depmod)" -b "$fix/modroot" "$krel"
			[ -f "$fix/modroot/lib/modules/$krel/modules.dep" ] || die "$KNAME: depmod wrote no modules.dep"
			[ -f "$bdir/arch/s390/boot/bzImage" ] || die "$KNAME: no bzImage"
		fi
		printf '%s\n' "$src" >"$fix/source"
		t1=$(date +%s)
		log "$KNAME: built $krel in $((t1 - t0)) s"
		touch "$fix/complete"
	fi
	exec {lockfd}>&-

	KREL=$(cat "$bdir/include/config/kernel.release")
	KARCH=s390
	CROSS_COMPILE=$_TK_CROSS
	KDIR=$bdir
	KIMAGE=$bdir/arch/s390/boot/bzImage
	KMODROOT=$fix/modroot
	KMAKEFLAGS=""
	if [ -n "${_TK_PREPARE_ONLY:-}" ]; then
		KIMAGE="" KMODROOT="" KMAKEFLAGS=KBUILD_MODPOST_WARN=1
	fi
	QEMU_ARCH=s390x
	KEXTRA_MODDIR=""
	KEXTRA_SYMBOLS=""
	KSRC=$(cat "$fix/source")
	KVERSION=$(basename "$KSRC")
	KVERSION=${KVERSION#linux-source-}
	vcd_record kernel "$KNAME" "$KVERSION" "built from linux-source-$series, $KREL, config $key"
}
