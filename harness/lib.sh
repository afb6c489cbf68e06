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

# _vcd_hide_host: a filter that replaces every URI's scheme and host (and
# any "[IP: ...]") with "<mirror>", so that no log line names the mirror.
_vcd_hide_host() {
	sed -E -e 's#[a-z]+://[^/ ]+#<mirror>#g' -e 's/ *\[IP:[^]]*\]//g' \
		-e 's/(connect to|resolve|Could not resolve) +[^ :]+(:[0-9]+)?/\1 <mirror>/g'
}

# The binary package caches are named explicitly: some machines' apt
# configuration turns them off (docker-clean), and then every apt call
# parses all the indices again (about 14 s each against 0.5 s).
_apt_opts() {
	echo "-o Dir::Etc::SourceList=$APTROOT/sources.list" \
	     "-o Dir::Etc::SourceParts=$APTROOT/empty" \
	     "-o Dir::Etc::Preferences=$APTROOT/empty/prefs" \
	     "-o Dir::Etc::PreferencesParts=$APTROOT/empty" \
	     "-o Dir::State=$APTROOT/state" \
	     "-o Dir::State::status=$APTROOT/state/status" \
	     "-o Dir::Cache=$APTROOT/cache" \
	     "-o Dir::Cache::pkgcache=pkgcache.bin -o Dir::Cache::srcpkgcache=srcpkgcache.bin" \
	     "-o APT::Architecture=amd64" \
	     "-o APT::Architectures::=amd64 -o APT::Architectures::=s390x" \
	     "-o Acquire::Languages=none" \
	     "-o Debug::NoLocking=1"
}

# Set up (once a day, or when the list of suites changes) the private apt
# root with bullseye, bookworm and trixie, and (only for what asks for
# them by name: see apt_versions) bookworm-backports, trixie-backports,
# sid and experimental, whose kernels and newer tools the harness needs.
# sid's sources are listed too (sparse is built from them).
# VCD_APT_SOURCES names a sources.list to use instead (the resolver's own
# test points it at a local file repository).
apt_root_init() {
	local main sec stamp=$APTROOT/updated want
	local suites="bullseye bullseye-updates bookworm bookworm-updates bookworm-backports trixie trixie-updates trixie-backports sid experimental"
	local secsuites="bullseye-security bookworm-security trixie-security"
	local srcsuites="sid"
	want="$suites $secsuites src:$srcsuites"
	[ -z "${VCD_APT_SOURCES:-}" ] || want="sources: $(cat "$VCD_APT_SOURCES")"
	if [ -f "$stamp" ] && [ -z "$(find "$stamp" -mmin +1440)" ] &&
	   [ "$(cat "$APTROOT/suites" 2>/dev/null)" = "$want" ]; then
		return 0
	fi
	# make check runs the install test beside the fixture preparation:
	# one update at a time, and the second one finds it done
	local lk
	mkdir -p "$APTROOT"
	exec {lk}>"$APTROOT/.update.lock"
	flock "$lk"
	if [ -f "$stamp" ] && [ -z "$(find "$stamp" -mmin +1440)" ] &&
	   [ "$(cat "$APTROOT/suites" 2>/dev/null)" = "$want" ]; then
		exec {lk}>&-
		return 0
	fi
	mkdir -p "$APTROOT"/{state/lists/partial,cache/archives/partial,empty,debs}
	: >"$APTROOT/state/status"
	if [ -n "${VCD_APT_SOURCES:-}" ]; then
		cp "$VCD_APT_SOURCES" "$APTROOT/sources.list"
	else
		main=$(_host_mirror debian) || die "no Debian mirror in this machine's apt configuration"
		sec=$(_host_mirror debian-security) || sec=""
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
			for s in $srcsuites; do
				echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $main $s main"
			done
		} >"$APTROOT/sources.list"
	fi
	log "updating the private apt root (bullseye, bookworm, trixie, their backports, sid, experimental; amd64, s390x)"
	# A mirror in mid-sync may fail an index the harness does not need
	# (seen: trixie-security s390x); what matters is that the packages
	# asked for later are found, and fetch_deb says so when they are not.
	# shellcheck disable=SC2046
	if ! apt-get -q $(_apt_opts) update >"$APTROOT/update.log" 2>&1; then
		log "warning: some package indices failed to download:"
		grep '^Err' "$APTROOT/update.log" | _vcd_hide_host | sed 's/^/    /' >&2 || true
	fi
	# new indices: what was missing may be there now
	rm -f "$APTROOT/missing"
	echo "$want" >"$APTROOT/suites"
	touch "$stamp"
	exec {lk}>&-
}

# apt_cache ARGS...: run apt-cache against the private root.
apt_cache() {
	apt_root_init
	# shellcheck disable=SC2046
	apt-cache $(_apt_opts) "$@"
}

# apt_newest NAME[:ARCH] [PATTERN]: the newest listed version (of any suite
# but the -backports ones), whether or not its file downloads.
apt_newest() {
	apt_versions "$1" "${2:-*}" | head -n 1
}

# The package mirror is not always whole: its indices can list versions
# whose files answer 404, and which ones changes from day to day.  Every
# download therefore goes through fetch_deb, which remembers a version that
# failed (in $APTROOT/missing, until the indices are next updated), and
# every "newest" choice goes through fetch_newest, which walks the listed
# versions from the newest down and takes the first one that downloads and
# verifies (apt checks the file against the signed index), with one log
# line for each version it skips.
#
# VCD_PIN="KEY=VERSION ..." pins a package (KEY is its name) or a stock
# kernel fixture (KEY is the fixture name, VERSION the image's version) to
# one version; VCD_REFRESH=1 makes the harness look for the newest
# downloadable version even where a complete cached fixture exists.

# vcd_pin KEY: the version VCD_PIN pins KEY to ("" if none).
vcd_pin() {
	local w
	for w in ${VCD_PIN:-}; do
		[ "${w%%=*}" = "$1" ] && { echo "${w#*=}"; return 0; }
	done
	return 0
}

# vcd_refresh: true if VCD_REFRESH (or one of its older names) asks for
# the newest versions.
vcd_refresh() {
	case "${VCD_REFRESH:-0}${VCD_KERNEL_REFRESH:-0}${VCD_SOURCE_REFRESH:-0}" in
	*[!0]*) return 0 ;;
	esac
	return 1
}

# vcd_record KIND NAME VERSION [DETAIL]: note a fixture this run used in
# $VCD_FIXTURES (if set; make check and make demo set it), once.
vcd_record() {
	local line
	[ -n "${VCD_FIXTURES:-}" ] || return 0
	line=$(printf '%-8s %-24s %s%s' "$1" "$2" "$3" "${4:+  ($4)}")
	mkdir -p "$(dirname "$VCD_FIXTURES")"
	touch "$VCD_FIXTURES"
	grep -qxF -- "$line" "$VCD_FIXTURES" || echo "$line" >>"$VCD_FIXTURES"
}

# _deb_file NAME ARCH VERSION: the cached .deb of that version, if any.
_deb_file() {
	ls "$APTROOT/debs/${1}_${3//:/%3a}_${2}.deb" "$APTROOT/debs/${1}_${3//:/%3a}_all.deb" 2>/dev/null |
		head -n 1
}

# apt_versions NAME[:ARCH] [PATTERN] [SUITE]: every listed version of the
# package matching the glob PATTERN, newest first (apt-cache madison's
# order, which is Debian's version order), without duplicates.
# SUITE limits them to SUITE, SUITE-updates and SUITE-security; "any" takes
# every suite; without it, every suite but the -backports ones, sid and
# experimental (those are asked for by name, or with "any").
apt_versions() {
	local name=${1%%:*} arch=${1#*:} pattern=${2:-*} suite=${3:-}
	[ "$arch" = "$1" ] && arch=amd64
	apt_root_init
	# shellcheck disable=SC2046
	apt-cache $(_apt_opts) madison "$name:$arch" 2>/dev/null |
		awk -F'|' -v s="$suite" '{
			ver = $2; gsub(/ /, "", ver)
			split($3, f, " "); sub(/\/.*/, "", f[2])
			if (s == "any" || (s == "" && f[2] !~ /(-backports|^sid|^unstable|^experimental)$/))
				print ver
			else if (s != "" && (f[2] == s || f[2] == s "-updates" || f[2] == s "-security"))
				print ver
		}' | while read -r v; do
			# shellcheck disable=SC2254
			case "$v" in $pattern) echo "$v" ;; esac
		done | awk '!seen[$0]++'
}

# fetch_deb NAME[:ARCH] VERSION: download that version into the cache
# (once) and print its path.  On failure: one log line naming the file and
# the reason, the version is remembered as missing, and the status is 1.
fetch_deb() {
	local spec=$1 ver=${2:-} name arch f why tmpd
	apt_root_init
	name=${spec%%:*}
	arch=${spec#*:}
	[ "$arch" = "$spec" ] && arch=amd64
	if [ -z "$ver" ]; then
		fetch_newest "$spec" | cut -d' ' -f2-
		return "${PIPESTATUS[0]}"
	fi
	f=$(_deb_file "$name" "$arch" "$ver")
	[ -n "$f" ] && { echo "$f"; return 0; }
	if grep -qxF "$name:$arch=$ver" "$APTROOT/missing" 2>/dev/null; then
		[ -n "${_VCD_QUIET_MISSING:-}" ] ||
			log "skipping $name:$arch $ver: its file did not download earlier today"
		return 1
	fi
	log "downloading $name:$arch $ver"
	# into a directory of its own, then renamed: a download that is cut
	# off never leaves a partial .deb where _deb_file would trust it
	tmpd=$(mktemp -d "$APTROOT/debs/.dl.XXXXXX")
	# shellcheck disable=SC2046
	if ! (cd "$tmpd" && apt-get -q $(_apt_opts) download "$name:$arch=$ver" \
		>/dev/null 2>"$tmpd/err"); then
		# "file: 404 Not Found"; never the mirror's host name
		why=$(grep -E '^(E|Err):' "$tmpd/err" | head -n 1 | sed -E \
			-e 's#^.*Failed to fetch [a-z]+:/*[^ ]*/([^/ ]+) +#\1: #' -e 's# - /.*$##' |
			_vcd_hide_host | sed -E 's/  +/ /g' | cut -c 1-300)
		rm -rf "$tmpd"
		# only an answer about the file itself makes the version
		# missing; a network error may pass
		case $why in
		*" 404 "* | *" 410 "* | *"File not found"* | *"not found"* | *"Hash Sum mismatch"* | *"Size mismatch"*)
			echo "$name:$arch=$ver" >>"$APTROOT/missing" ;;
		esac
		log "skipping $name:$arch $ver: ${why:-apt-get download failed}"
		return 1
	fi
	mv -f "$tmpd"/*.deb "$APTROOT/debs/" 2>/dev/null
	rm -rf "$tmpd"
	f=$(_deb_file "$name" "$arch" "$ver")
	if [ -z "$f" ]; then
		log "skipping $name:$arch $ver: downloaded, but no file in $APTROOT/debs"
		return 1
	fi
	echo "$f"
}

# fetch_newest NAME[:ARCH] [PATTERN] [SUITE]: download the newest version
# (apt_versions) whose file downloads, or the version VCD_PIN names, and
# print "VERSION PATH".  Fails with one line naming the package when no
# listed version downloads.
fetch_newest() {
	local spec=$1 pattern=${2:-*} suite=${3:-} pin v f tried=0
	pin=$(vcd_pin "${spec%%:*}")
	if [ -n "$pin" ]; then
		f=$(fetch_deb "$spec" "$pin") || { log "error: $spec $pin (VCD_PIN) does not download"; return 1; }
		echo "$pin $f"
		return 0
	fi
	for v in $(apt_versions "$spec" "$pattern" "$suite"); do
		tried=$((tried + 1))
		if f=$(fetch_deb "$spec" "$v"); then
			echo "$v $f"
			return 0
		fi
	done
	if [ "$tried" -eq 0 ]; then
		log "error: no version of $spec${suite:+ in $suite}${2:+ matching $pattern} in the package lists"
	else
		log "error: none of the $tried listed versions of $spec${suite:+ in $suite} downloads"
	fi
	return 1
}

# extract_deb DEB DIR: unpack a .deb's data into DIR.
extract_deb() {
	mkdir -p "$2"
	dpkg-deb -x "$1" "$2"
}

# linux_source_tree X.Y [VERSION]: unpack Debian's linux-source-X.Y into the
# cache (once) and print the path of the source tree: VERSION if given and
# it downloads; without VERSION the newest tree already unpacked; else the
# newest version that downloads.  The tree is shared
# and must be treated as read-only: build with O= elsewhere.
linux_source_tree() {
	local series=$1 want=${2:-} ver deb dir tarball tmp lock
	if [ -n "$want" ] && [ -f "$VCD_CACHE/src/linux-source-$want/.unpacked" ]; then
		echo "$VCD_CACHE/src/linux-source-$want"
		return 0
	fi
	# without a version: the newest tree already unpacked (no network),
	# unless VCD_REFRESH asks for the newest that downloads
	if [ -z "$want" ] && ! vcd_refresh; then
		dir=$(find "$VCD_CACHE/src" -mindepth 2 -maxdepth 2 -name .unpacked \
			-path "*/linux-source-$series.*" 2>/dev/null | sort -V | tail -n 1)
		if [ -n "$dir" ]; then
			dirname "$dir"
			return 0
		fi
	fi
	if [ -z "$want" ] || ! deb=$(fetch_deb "linux-source-$series" "$want"); then
		[ -z "$want" ] || log "linux-source-$series $want does not download: taking the newest that does"
		read -r ver deb < <(fetch_newest "linux-source-$series" "*" any) ||
			die "no linux-source-$series can be downloaded"
	else
		ver=$want
	fi
	dir=$VCD_CACHE/src/linux-source-$ver
	mkdir -p "$VCD_CACHE/src"
	exec {lock}>"$VCD_CACHE/src/.linux-source-$series.lock"
	flock "$lock"
	if [ ! -f "$dir/.unpacked" ]; then
		tmp=$(mktemp -d "$VCD_CACHE/src.XXXXXX")
		extract_deb "$deb" "$tmp/deb" || die "cannot unpack $deb"
		tarball=$(find "$tmp/deb/usr/src" -maxdepth 1 -name "linux-source-$series.tar.*" | head -n 1)
		[ -n "$tarball" ] || die "no source tarball in $deb"
		log "unpacking $(basename "$tarball") ($ver)"
		mkdir -p "$tmp/tree"
		tar -xf "$tarball" -C "$tmp/tree" --strip-components=1 || die "cannot unpack $tarball"
		[ -f "$tmp/tree/Makefile" ] || die "$tarball holds no kernel tree"
		rm -rf "$dir"
		mv -T "$tmp/tree" "$dir"
		rm -rf "$tmp"
		touch "$dir/.unpacked"
	fi
	exec {lock}>&-
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

# ccache_env BASEDIR: from here on in this shell, the compilers on PATH
# (gcc, gcc-N, and both with the x86_64 and s390x triplets: Debian's
# headers name any of these) are ccache, in its masquerade mode, with the
# cache the test kernels use ($VCD_CACHE/ccache).  Kbuild sets CC itself,
# so PATH is the one way in that also reaches the compiles the probes
# start.  ccache writes paths under BASEDIR relative to the directory the
# compiler runs in: from 6.13 kbuild compiles in the module's tree, so any
# clone hits what another stored; up to 6.12 it compiles in the kernel
# tree, and a clone hits what one at the same path stored.  Without
# ccache, nothing changes.
ccache_env() {
	local cc c bin=$VCD_CACHE/ccache/bin
	cc=$(command -v ccache) || return 0
	mkdir -p "$bin"
	for c in /usr/bin/gcc /usr/bin/gcc-[0-9]* /usr/bin/*-linux-gnu-gcc /usr/bin/*-linux-gnu-gcc-[0-9]*; do
		if [ -x "$c" ]; then ln -sfn "$cc" "$bin/${c##*/}"; fi
	done
	export CCACHE_DIR=$VCD_CACHE/ccache CCACHE_BASEDIR=$1 CCACHE_NOHASHDIR=1
	export PATH=$bin:$PATH
}

# build_tree_for ENVFILE DIR TARGET: build our modules (make TARGET) for the
# kernel described by ENVFILE in DIR/tree, a private copy of the project's
# files, so that builds for several kernels never share objects.  The
# output goes to DIR/build.log.  The compat probes run with their
# self-check (VCD_PROBE_CHECK=1: src/compat/probe), compiles go through
# ccache.
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
		ccache_env "$dir/tree"
		export VCD_PROBE_CHECK=1
		make -j"${VCD_JOBS:-$(nproc)}" -C "$dir/tree" KDIR="$KDIR" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" \
			${KEXTRA_SYMBOLS:+KBUILD_EXTRA_SYMBOLS="$KEXTRA_SYMBOLS"} \
			${KMAKEFLAGS:-} "$target"
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
	apt_versions "$2" "${3:-*}" "$1" | head -n 1
}

# deb_closure SUITE ARCH NAME...: the packages NAME for ARCH from SUITE
# (newest there, -updates and -security included) and, recursively, the
# packages of section "libs" they depend on (Depends and Pre-Depends; of
# alternatives the first one SUITE has); other dependencies (udev, ...)
# are left out.  Downloads them all (fetch_deb; a version that does not
# download is replaced by the newest one of SUITE that does) and prints one line
# "main|lib NAME VERSION DEBFILE" per package.  The answer is cached until
# the apt root is next refreshed.  When SUITE cannot supply the whole
# closure (the mirror lists a file it does not serve, and no other version
# of that package is in SUITE: seen with trixie's libc6 for s390x), the
# closure comes from the Debian release before SUITE, with a warning.
deb_closure() {
	local suite=$1 arch=$2 s found=""
	shift 2
	for s in trixie bookworm bullseye; do
		[ -n "$found" ] || [ "$s" = "$suite" ] || continue
		if [ -n "$found" ]; then
			log "warning: $suite cannot supply $* for $arch today; taking $s's"
		fi
		found=1
		# a subshell: a die inside only ends this attempt
		if (_deb_closure_in "$s" "$arch" "$@"); then
			return 0
		fi
	done
	[ -n "$found" ] || (_deb_closure_in "$suite" "$arch" "$@")
}

# _deb_closure_in SUITE ARCH NAME...: deb_closure within SUITE only.
_deb_closure_in() {
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
			_closure_record "$suite" "$arch" "$cache"
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
			# the newest listed version may not download: then the
			# newest of SUITE that does (its dependencies are read
			# from the newest; close enough for libraries)
			if ! f=$(fetch_deb "$n:$arch" "${ver[$n]}" </dev/null); then
				read -r v f < <(_VCD_QUIET_MISSING=1 fetch_newest "$n:$arch" "*" "$suite" </dev/null) ||
					return 1
				ver[$n]=$v
			fi
			out+=("$role $n ${ver[$n]} $f")
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
	printf '%s\n' "${out[@]}" >"$cache.tmp.$$" && mv "$cache.tmp.$$" "$cache"
	_closure_record "$suite" "$arch" "$cache"
	cat "$cache"
}

# _closure_record SUITE ARCH FILE: vcd_record the packages of a deb_closure.
_closure_record() {
	local role n v f libs
	libs=$(awk '$1 == "lib" { printf "%s%s=%s", (n++ ? " " : ""), $2, $3 }' "$3")
	while read -r role n v f; do
		[ "$role" = main ] || continue
		vcd_record guest "$n:$2" "$v" "$1; libraries: ${libs:-none}"
	done <"$3"
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

# _qemu_prepare ARCH: print the wrapper of a $VCD_QEMU_SUITE qemu-system-ARCH:
# the newest one already unpacked; with VCD_REFRESH (or none unpacked) the
# newest version whose three packages download, unpacked first; with
# VCD_PIN=qemu-system-ARCH=VERSION that version.
# A subshell: die only ends it.
_qemu_prepare() (
	arch=$1
	pin=$(vcd_pin "qemu-system-$arch")
	# a complete unpacked QEMU is reused as is (no network), unless
	# VCD_REFRESH or VCD_PIN asks for another one
	if [ -z "$pin" ] && ! vcd_refresh; then
		dir=$(find "$VCD_CACHE/qemu" -mindepth 2 -maxdepth 2 -name .ready 2>/dev/null |
			sort -V | tail -n 1)
		if [ -n "$dir" ]; then
			dir=$(dirname "$dir")
			vcd_record qemu "qemu-system-$arch" "$(cat "$dir/deb-version" 2>/dev/null || basename "$dir")" "$VCD_QEMU_SUITE"
			echo "$dir/qemu-system-$arch"
			exit 0
		fi
	fi
	# the newest version of which all three packages download
	qver=""
	for v in ${pin:-$(apt_versions "qemu-system-$arch" "*" "$VCD_QEMU_SUITE" 2>/dev/null)}; do
		[ -f "$VCD_CACHE/qemu/${v#*:}/.ready" ] && { qver=$v; break; }
		if fetch_deb "qemu-system-$arch" "$v" >/dev/null && fetch_deb qemu-system-common "$v" >/dev/null &&
		   fetch_deb qemu-system-data "$v" >/dev/null; then
			qver=$v
			break
		fi
		log "qemu-system-$arch $v: not every package downloads, trying an older one"
	done
	[ -n "$qver" ] || exit 1
	dir=$VCD_CACHE/qemu/${qver#*:}
	if [ ! -f "$dir/.ready" ]; then
		log "preparing qemu-system-$arch $qver from $VCD_QEMU_SUITE in $dir"
		mkdir -p "$VCD_CACHE/qemu"
		tmp=$(mktemp -d "$VCD_CACHE/qemu/.new.XXXXXX")
		trap 'rm -rf "$tmp"' EXIT
		for p in "qemu-system-$arch" qemu-system-common qemu-system-data; do
			extract_deb "$(fetch_deb "$p" "$qver")" "$tmp" || exit 1
		done
		_qemu_libs "$arch" "$qver" "$tmp" || exit 1
		# shellcheck disable=SC2016
		{
			echo '#!/bin/sh'
			echo "# qemu-system-$arch $qver from $VCD_QEMU_SUITE (written by harness/lib.sh)"
			echo 'd=$(dirname "$(readlink -f "$0")")'
			echo 'export QEMU_MODULE_DIR="$d/usr/lib/x86_64-linux-gnu/qemu"'
			if [ -d "$tmp/libs" ]; then
				echo 'export LD_LIBRARY_PATH="$d/libs/lib/x86_64-linux-gnu:$d/libs/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"'
			fi
			echo "exec \"\$d/usr/bin/qemu-system-$arch\" -L \"\$d/usr/share/qemu\" \"\$@\""
		} >"$tmp/qemu-system-$arch"
		chmod 755 "$tmp/qemu-system-$arch"
		echo "$qver" >"$tmp/deb-version"
		"$tmp/qemu-system-$arch" --version >"$tmp/version" 2>&1 ||
			die "the unpacked QEMU does not run: $(cat "$tmp/version")"
		touch "$tmp/.ready"
		# one rename: DIR exists only complete; when another run put it
		# there meanwhile, keep that one
		mv -T "$tmp" "$dir" 2>/dev/null || [ -f "$dir/.ready" ] || exit 1
	fi
	vcd_record qemu "qemu-system-$arch" "$qver" "$VCD_QEMU_SUITE"
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
