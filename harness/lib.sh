# SPDX-License-Identifier: GPL-2.0-only
#
# Shared helpers for the test harness: cache location, logging, and a
# private apt root that can fetch Debian packages of any architecture from
# the suites the harness needs, using the mirror this machine is already
# configured with.  Sourced by the other harness scripts.

VCD_TOP=${VCD_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
VCD_CACHE=${VCD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-ccw-dkms}
mkdir -p "$VCD_CACHE"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Print the URI of the first apt source on this machine whose path ends in
# the given archive name ("debian" or "debian-security").
_host_mirror() {
	local want=$1 f line uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		while read -r line; do
			case "$line" in
			URIs:*)
				for uri in ${line#URIs:}; do
					case "${uri%/}" in
					*/"$want") echo "${uri%/}"; return 0 ;;
					esac
				done ;;
			esac
		done <"$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		# shellcheck disable=SC2013
		for uri in $(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; break } }' "$f"); do
			case "${uri%/}" in
			*/"$want") echo "${uri%/}"; return 0 ;;
			esac
		done
	done
	return 1
}

APTROOT=$VCD_CACHE/aptroot
_apt_opts() {
	echo "-o Dir::Etc::SourceList=$APTROOT/sources.list" \
	     "-o Dir::Etc::SourceParts=$APTROOT/empty" \
	     "-o Dir::Etc::Preferences=$APTROOT/empty/prefs" \
	     "-o Dir::Etc::PreferencesParts=$APTROOT/empty" \
	     "-o Dir::State=$APTROOT/state" \
	     "-o Dir::State::status=$APTROOT/state/status" \
	     "-o Dir::Cache=$APTROOT/cache" \
	     "-o APT::Architecture=amd64" \
	     "-o APT::Architectures::=amd64 -o APT::Architectures::=s390x" \
	     "-o Acquire::Languages=none" \
	     "-o Debug::NoLocking=1"
}

# Set up (once a day, or when the list of suites changes) the private apt
# root with bullseye, bookworm and trixie, and bookworm-backports (only
# for what asks for it by name: see apt_newest and qemu_bin).
apt_root_init() {
	local main sec stamp=$APTROOT/updated
	local suites="bullseye bullseye-updates bookworm bookworm-updates bookworm-backports trixie trixie-updates"
	local secsuites="bullseye-security bookworm-security trixie-security"
	if [ -f "$stamp" ] && [ -z "$(find "$stamp" -mmin +1440)" ] &&
	   [ "$(cat "$APTROOT/suites" 2>/dev/null)" = "$suites $secsuites" ]; then
		return 0
	fi
	main=$(_host_mirror debian) || die "no Debian mirror in this machine's apt configuration"
	sec=$(_host_mirror debian-security) || sec=""
	mkdir -p "$APTROOT"/{state/lists/partial,cache/archives/partial,empty,debs}
	: >"$APTROOT/state/status"
	{
		local s
		for s in $suites; do
			echo "deb [arch=amd64,s390x signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $main $s main"
		done
		if [ -n "$sec" ]; then
			for s in $secsuites; do
				echo "deb [arch=amd64,s390x signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $sec $s main"
			done
		fi
	} >"$APTROOT/sources.list"
	log "updating the private apt root (bullseye, bookworm(-backports), trixie; amd64, s390x)"
	# A mirror in mid-sync may fail an index the harness does not need
	# (seen: trixie-security s390x); what matters is that the packages
	# asked for later are found, and fetch_deb says so when they are not.
	# shellcheck disable=SC2046
	if ! apt-get -q $(_apt_opts) update >"$APTROOT/update.log" 2>&1; then
		log "warning: some package indices failed to download:"
		grep '^Err' "$APTROOT/update.log" | sed 's/^/    /' >&2 || true
	fi
	echo "$suites $secsuites" >"$APTROOT/suites"
	touch "$stamp"
}

# apt_cache ARGS...: run apt-cache against the private root.
apt_cache() {
	apt_root_init
	# shellcheck disable=SC2046
	apt-cache $(_apt_opts) "$@"
}

# Newest version of package NAME (optionally NAME:ARCH) whose version
# matches the glob PATTERN (e.g. "6.12.*"), from any suite but a
# -backports one (those are asked for by name: apt_newest_in).
apt_newest() {
	local name=$1 pattern=${2:-*}
	apt_cache madison "$name" | awk -F'|' '$3 !~ /-backports\// {gsub(/ /, "", $2); print $2}' |
		while read -r v; do
			# shellcheck disable=SC2254
			case "$v" in $pattern) echo "$v" ;; esac
		done | sort -V | tail -n 1
}

# fetch_deb NAME[:ARCH] [VERSION]: download a .deb into the cache (once)
# and print its path.
fetch_deb() {
	local spec=$1 ver=${2:-} name arch f
	apt_root_init
	name=${spec%%:*}
	arch=${spec#*:}
	[ "$arch" = "$spec" ] && arch=amd64
	[ -n "$ver" ] || ver=$(apt_newest "$spec")
	[ -n "$ver" ] || die "package $spec not found"
	f=$(ls "$APTROOT/debs/${name}_${ver//:/%3a}_${arch}.deb" "$APTROOT/debs/${name}_${ver//:/%3a}_all.deb" 2>/dev/null | head -n 1)
	if [ -z "$f" ]; then
		log "downloading $name:$arch $ver"
		# shellcheck disable=SC2046
		(cd "$APTROOT/debs" && apt-get -q $(_apt_opts) download "$name:$arch=$ver" >/dev/null 2>"$APTROOT/download.err") ||
			die "download of $name:$arch=$ver failed: $(cat "$APTROOT/download.err")"
		f=$(ls "$APTROOT/debs/${name}_${ver//:/%3a}_${arch}.deb" "$APTROOT/debs/${name}_${ver//:/%3a}_all.deb" 2>/dev/null | head -n 1)
	fi
	[ -n "$f" ] || die "downloaded $name but cannot find the file"
	echo "$f"
}

# extract_deb DEB DIR: unpack a .deb's data into DIR.
extract_deb() {
	mkdir -p "$2"
	dpkg-deb -x "$1" "$2"
}

# linux_source_tree X.Y: unpack Debian's newest linux-source-X.Y into the
# cache (once) and print the path of the source tree.  The tree is shared
# and must be treated as read-only: build with O= elsewhere.
linux_source_tree() {
	local series=$1 ver deb dir tarball tmp
	ver=$(apt_newest "linux-source-$series")
	[ -n "$ver" ] || die "linux-source-$series not found"
	dir=$VCD_CACHE/src/linux-source-$ver
	if [ ! -f "$dir/.unpacked" ]; then
		deb=$(fetch_deb "linux-source-$series" "$ver")
		tmp=$(mktemp -d "$VCD_CACHE/src.XXXXXX")
		extract_deb "$deb" "$tmp/deb"
		tarball=$(ls "$tmp"/deb/usr/src/linux-source-"$series".tar.* | head -n 1)
		log "unpacking $(basename "$tarball") ($ver)"
		mkdir -p "$tmp/tree"
		tar -xf "$tarball" -C "$tmp/tree" --strip-components=1
		rm -rf "$dir"
		mkdir -p "$(dirname "$dir")"
		mv "$tmp/tree" "$dir"
		rm -rf "$tmp"
		touch "$dir/.unpacked"
	fi
	echo "$dir"
}

# fixture_env_file NAME DIR: prepare kernel fixture NAME (harness/kernel),
# write its KEY=value lines to DIR/NAME.env and print that path.  The
# fixture's log goes to DIR/NAME.fixture.log; on failure its tail is shown.
fixture_env_file() {
	local name=$1 dir=$2
	mkdir -p "$dir"
	if "$VCD_TOP/harness/kernel" env "$name" >"$dir/$name.env" 2>"$dir/$name.fixture.log"; then
		echo "$dir/$name.env"
	else
		tail -n 20 "$dir/$name.fixture.log" >&2
		return 1
	fi
}

# build_tree_for ENVFILE DIR TARGET: build our modules (make TARGET) for the
# kernel described by ENVFILE in DIR/tree, a private copy of the project's
# files, so that builds for several kernels never share objects.  The
# output goes to DIR/build.log.
build_tree_for() {
	local envf=$1 dir=$2 target=$3
	local files
	files=$(cd "$VCD_TOP" && git ls-files -co --exclude-standard | grep -v '^build/')
	# a file removed from the project must not linger in the copy
	mkdir -p "$dir"
	if [ "$files" != "$(cat "$dir/files.txt" 2>/dev/null)" ]; then
		rm -rf "$dir/tree"
		printf '%s\n' "$files" >"$dir/files.txt"
	fi
	mkdir -p "$dir/tree"
	(
		# shellcheck disable=SC1090
		. "$envf"
		printf '%s\n' "$files" | rsync -a --files-from=- "$VCD_TOP" "$dir/tree/"
		make -C "$dir/tree" KDIR="$KDIR" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" \
			${KEXTRA_SYMBOLS:+KBUILD_EXTRA_SYMBOLS="$KEXTRA_SYMBOLS"} \
			"$target"
	) >"$dir/build.log" 2>&1
}

# _apt_suite_versions SUITE ARCH NAME...: "NAME VERSION" for the newest
# version of each NAME for ARCH in SUITE proper and its -updates and
# -security suites; names not found there print nothing.
_apt_suite_versions() {
	local suite=$1 arch=$2 n
	shift 2
	# shellcheck disable=SC2046
	for n; do echo "$n:$arch"; done | xargs -r apt-cache $(_apt_opts) madison 2>/dev/null |
		awk -F'|' -v s="$suite" '{
			name = $1; gsub(/ /, "", name); sub(/:.*/, "", name)
			ver = $2; gsub(/ /, "", ver)
			split($3, f, " "); sub(/\/.*/, "", f[2])
			if (f[2] == s || f[2] == s "-updates" || f[2] == s "-security")
				print name, ver
		}' | sort -k1,1 -k2,2V | awk '{ v[$1] = $2 } END { for (n in v) print n, v[n] }'
}

# apt_newest_in SUITE NAME[:ARCH] [PATTERN]: like apt_newest, but only the
# versions of SUITE itself and of SUITE-updates and SUITE-security.
apt_newest_in() {
	local suite=$1 name=${2%%:*} arch=${2#*:} pattern=${3:-*}
	[ "$arch" = "$2" ] && arch=amd64
	apt_root_init
	# shellcheck disable=SC2046
	apt-cache $(_apt_opts) madison "$name:$arch" 2>/dev/null |
		awk -F'|' -v s="$suite" '{
			ver = $2; gsub(/ /, "", ver)
			split($3, f, " "); sub(/\/.*/, "", f[2])
			if (f[2] == s || f[2] == s "-updates" || f[2] == s "-security")
				print ver
		}' | while read -r v; do
			# shellcheck disable=SC2254
			case "$v" in $pattern) echo "$v" ;; esac
		done | sort -V | tail -n 1
}

# deb_closure SUITE ARCH NAME...: the packages NAME for ARCH from SUITE
# (newest there, -updates and -security included) and, recursively, the
# packages of section "libs" they depend on (Depends and Pre-Depends; of
# alternatives the first one SUITE has); other dependencies (udev, ...)
# are left out.  Downloads them all (fetch_deb) and prints one line
# "main|lib NAME VERSION DEBFILE" per package.  The answer is cached until
# the apt root is next refreshed.
deb_closure() {
	local suite=$1 arch=$2
	shift 2
	local cache n v a f sec deps alt role=main ok
	local -A ver=() seen=()
	local -a todo=("$@") next level out=()
	apt_root_init
	mkdir -p "$APTROOT/closure"
	cache=$APTROOT/closure/$(printf '%s\n' "$suite" "$arch" "$@" | sha256sum | cut -c 1-16)
	if [ -s "$cache" ] && [ "$cache" -nt "$APTROOT/updated" ]; then
		ok=1
		while read -r _ _ _ f; do [ -f "$f" ] || ok=0; done <"$cache"
		if [ "$ok" = 1 ]; then
			cat "$cache"
			return 0
		fi
	fi
	while [ ${#todo[@]} -gt 0 ]; do
		# todo holds alternatives "a|b"; look all of them up at once
		# shellcheck disable=SC2046
		while read -r n v; do ver[$n]=$v; done < <(_apt_suite_versions "$suite" "$arch" \
			$(printf '%s\n' "${todo[@]}" | tr '|' '\n' | sort -u))
		level=()
		for alt in "${todo[@]}"; do
			n=""
			for a in ${alt//|/ }; do
				[ -n "${ver[$a]:-}" ] && { n=$a; break; }
			done
			if [ -z "$n" ]; then
				[ "$role" = main ] && die "package $alt:$arch is not in $suite"
				log "warning: dependency $alt:$arch is not in $suite (left out)"
				continue
			fi
			[ -n "${seen[$n]:-}" ] && continue
			seen[$n]=1
			level+=("$n:$arch=${ver[$n]}")
		done
		[ ${#level[@]} -gt 0 ] || break
		next=()
		# one record per package: name, section, its dependencies
		while IFS=$'\t' read -r n sec deps; do
			if [ "$role" = lib ] && [ "${sec##*/}" != libs ]; then
				continue
			fi
			out+=("$role $n ${ver[$n]} $(fetch_deb "$n:$arch" "${ver[$n]}" </dev/null)") ||
				return 1
			deps=$(printf '%s' "$deps" | tr ',' '\n' |
				sed -e 's/([^)]*)//g' -e 's/:any//g' -e 's/\[[^]]*\]//g' -e 's/ //g')
			for alt in $deps; do
				[ -n "${seen[${alt%%|*}]:-}" ] || next+=("$alt")
			done
		done < <(apt_cache show "${level[@]}" | awk '
			/^Package:/ { p = $2; s = ""; d = "" }
			/^Section:/ { s = $2 }
			/^(Pre-)?Depends:/ { sub(/^[^:]*: */, ""); d = d (d == "" ? "" : ", ") $0 }
			/^$/ { if (p != "") print p "\t" s "\t" d; p = "" }
			END { if (p != "") print p "\t" s "\t" d }')
		todo=("${next[@]}")
		role=lib
	done
	printf '%s\n' "${out[@]}" >"$cache.tmp" && mv "$cache.tmp" "$cache"
	cat "$cache"
}

# QEMU for the guests.  qemu-system-s390x 7.2 (Debian 12) under TCG
# sometimes crashes a guest that loads a module where another one was just
# unloaded; 10.0 from bookworm-backports does not (DEVELOPERS.md).
# qemu_bin ARCH (s390x, x86_64) prints the QEMU command to run: for s390x
# bookworm-backports' build, unpacked once into $VCD_CACHE/qemu/VERSION and
# run through a wrapper there; the host's qemu-system-ARCH for x86_64, with
# VCD_QEMU=host, or (with a warning) when that build cannot be prepared.
VCD_QEMU_SUITE=bookworm-backports
qemu_bin() {
	local arch=$1 w
	if [ "${VCD_QEMU:-}" != host ] && [ "$arch" = s390x ]; then
		if w=$(_qemu_prepare "$arch") && [ -x "$w" ]; then
			echo "$w"
			return 0
		fi
		log "warning: no $VCD_QEMU_SUITE QEMU for $arch; using the host's" \
		    "($(qemu-system-"$arch" --version 2>/dev/null | head -n 1))"
	fi
	echo "qemu-system-$arch"
}

# _qemu_prepare ARCH: print the wrapper of the newest $VCD_QEMU_SUITE
# qemu-system-ARCH, unpacking it first if needed; without the package
# indices (offline), the newest one already unpacked.  The answer is kept
# in $VCD_CACHE/qemu/ARCH.current until the apt root is next refreshed.
# A subshell: die only ends it.
_qemu_prepare() (
	arch=$1
	cur=$VCD_CACHE/qemu/$arch.current
	if [ -f "$cur" ] && [ "$cur" -nt "$APTROOT/updated" ] &&
	   [ -z "$(find "$APTROOT/updated" -mmin +1440 2>/dev/null)" ]; then
		w=$(cat "$cur")
		if [ -f "$(dirname "$w")/.ready" ]; then
			echo "$w"
			exit 0
		fi
	fi
	ver=$(apt_newest_in "$VCD_QEMU_SUITE" "qemu-system-$arch" 2>/dev/null) || ver=""
	if [ -z "$ver" ]; then
		dir=$(find "$VCD_CACHE/qemu" -mindepth 2 -maxdepth 2 -name .ready 2>/dev/null |
			sort -V | tail -n 1)
		[ -n "$dir" ] || exit 1
		echo "$(dirname "$dir")/qemu-system-$arch"
		exit 0
	fi
	dir=$VCD_CACHE/qemu/${ver#*:}
	if [ ! -f "$dir/.ready" ]; then
		log "preparing qemu-system-$arch $ver from $VCD_QEMU_SUITE in $dir"
		mkdir -p "$VCD_CACHE/qemu"
		tmp=$(mktemp -d "$VCD_CACHE/qemu/.new.XXXXXX")
		trap 'rm -rf "$tmp"' EXIT
		for p in "qemu-system-$arch" qemu-system-common qemu-system-data; do
			extract_deb "$(fetch_deb "$p" "$ver")" "$tmp" || exit 1
		done
		_qemu_libs "$arch" "$ver" "$tmp" || exit 1
		# shellcheck disable=SC2016
		{
			echo '#!/bin/sh'
			echo "# qemu-system-$arch $ver from $VCD_QEMU_SUITE (written by harness/lib.sh)"
			echo 'd=$(dirname "$(readlink -f "$0")")'
			echo 'export QEMU_MODULE_DIR="$d/usr/lib/x86_64-linux-gnu/qemu"'
			if [ -d "$tmp/libs" ]; then
				echo 'export LD_LIBRARY_PATH="$d/libs/lib/x86_64-linux-gnu:$d/libs/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"'
			fi
			echo "exec \"\$d/usr/bin/qemu-system-$arch\" -L \"\$d/usr/share/qemu\" \"\$@\""
		} >"$tmp/qemu-system-$arch"
		chmod 755 "$tmp/qemu-system-$arch"
		"$tmp/qemu-system-$arch" --version >"$tmp/version" 2>&1 ||
			die "the unpacked QEMU does not run: $(cat "$tmp/version")"
		touch "$tmp/.ready"
		# one rename: DIR exists only complete; when another run put it
		# there meanwhile, keep that one
		mv -T "$tmp" "$dir" 2>/dev/null || [ -f "$dir/.ready" ] || exit 1
	fi
	echo "$dir/qemu-system-$arch" >"$cur.$$" && mv "$cur.$$" "$cur"
	echo "$dir/qemu-system-$arch"
)

# _qemu_libs ARCH VERSION DIR: when this machine lacks shared objects the
# unpacked DIR/usr/bin/qemu-system-ARCH needs, unpack into DIR/libs the
# library packages it depends on, from bookworm (the C library aside).
_qemu_libs() {
	local arch=$1 ver=$2 dir=$3 deps role n v f
	ldd "$dir/usr/bin/qemu-system-$arch" | grep -q 'not found' || return 0
	deps=$(apt_cache show "qemu-system-$arch:amd64=$ver" | sed -n 's/^Depends: //p' |
		tr ',' '\n' | sed -e 's/([^)]*)//g' -e 's/|.*//' -e 's/ //g' | grep '^lib' | grep -v '^libc6$')
	# shellcheck disable=SC2086
	while read -r role n v f; do
		[ "$n" = libc6 ] || extract_deb "$f" "$dir/libs" || return 1
	done < <(deb_closure bookworm amd64 $deps)
	if LD_LIBRARY_PATH="$dir/libs/lib/x86_64-linux-gnu:$dir/libs/usr/lib/x86_64-linux-gnu" \
		ldd "$dir/usr/bin/qemu-system-$arch" | grep 'not found' >&2; then
		log "qemu-system-$arch $ver: shared objects still missing"
		return 1
	fi
}
