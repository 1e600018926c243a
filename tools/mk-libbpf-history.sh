#!/bin/bash
# mk-libbpf-history.sh [OUT.bundle]
# Makes tests/bisect/libbpf-releases.bundle: a git history of real upstream
# libbpf releases, one commit per release in version order, from Debian's
# source packages (their .orig.tar.gz are upstream's `git archive` tarballs,
# whose pax header carries upstream's commit id: `git get-tar-commit-id`).
# Each commit keeps src/, include/, the licences, README.md and the
# CHECKPOINT files of its release (what building libbpf needs; docs, ci,
# fuzz, scripts and assets are left out to keep the bundle small); its
# message names the release, the upstream commit and the tarball's sha256;
# author and committer date are the release commit's (the tarball's mtime),
# the names are fixed, so the commit ids are the same on every run.
#
# The tarballs' addresses come from `apt-get source --print-uris` through a private
# apt configuration (the machine's own archive, deb-src lines for the suites
# that hold these versions), so the machine's apt setup is left alone;
# curl fetches each, its sha256 is checked.
# Needs the network once; the tests use the committed bundle.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/tests/bisect/libbpf-releases.bundle}
case $out in /*) ;; *) out=$PWD/$out ;; esac

# version, Debian source version, sha256 of the orig tarball (from the
# archive's Sources index). Add a release here and rerun.
releases=(
	"1.1.2 1.1.2-0+deb12u1 b50ab60637fb713db78aa98e6ca911ddf13c0799d498a1f6ec03ebffc7dca588"
	"1.4.6 1.4.6-1~bpo12+1 d4cf3ee697d9bd959ad3c0f5c6757370a2559e54448761271e15a23c31c1082e"
	"1.5.0 1.5.0-3 53492aff6dd47e4da04ef5e672d753b9743848bdb38e9d90eafbe190b7983c44"
	"1.7.0 1.7.0-1 7ab5feffbf78557f626f2e3e3204788528394494715a30fc2070fcddc2051b7b"
)
suites="bookworm bookworm-backports trixie forky sid"

w=$(mktemp -d "${TMPDIR:-/tmp}/mk-libbpf.XXXXXX")
trap 'rm -rf "$w"' EXIT
dl=${LIBBPF_TARBALLS:-$w/dl}
mkdir -p "$dl"

fetch() { # version debversion sha256
	local f=$dl/libbpf_$1.orig.tar.gz
	if [ ! -f "$f" ] || ! echo "$3  $f" | sha256sum -c --status; then
		if [ ! -d "$w/apt" ]; then
			# the archive this machine uses (its first URIs line)
			local uri
			uri=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
			[ -n "$uri" ] || uri=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list)
			mkdir -p "$w/apt/lists/partial" "$w/apt/cache/partial"
			for s in $suites; do echo "deb-src $uri $s main"; done >"$w/apt/sources.list"
			apt_opts=(-o Dir::Etc::SourceList="$w/apt/sources.list" -o Dir::Etc::SourceParts=-
				-o Dir::State::Lists="$w/apt/lists" -o Dir::Cache="$w/apt/cache" -o APT::Sandbox::User=root)
			apt-get "${apt_opts[@]}" update >"$w/apt/update.log" 2>&1 ||
				{ tail -5 "$w/apt/update.log"; exit 1; }
		fi
		# only the orig tarball (a backport's .dsc may be gone while its orig stays)
		local url
		url=$(apt-get "${apt_opts[@]}" source --print-uris "libbpf=$2" |
			sed -n "s/^'\\([^']*libbpf_$1\\.orig\\.tar\\.gz\\)' .*/\\1/p")
		[ -n "$url" ] || { echo "libbpf=$2: no orig tarball in the archive" >&2; exit 1; }
		curl -fsS -o "$f" "$url"
	fi
	echo "$3  $f" | sha256sum -c --status || { echo "sha256 mismatch: $f" >&2; exit 1; }
}

repo=$w/libbpf
git init -q -b main "$repo"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null TZ=UTC LC_ALL=C
git -C "$repo" config core.autocrlf false
for r in "${releases[@]}"; do
	read -r v dv sum <<<"$r"
	fetch "$v" "$dv" "$sum"
	tgz=$dl/libbpf_$v.orig.tar.gz
	id=$({ zcat "$tgz" 2>/dev/null || true; } | git get-tar-commit-id)
	[ ${#id} = 40 ] || { echo "no commit id in $tgz" >&2; exit 1; }
	when=$(python3 -c 'import sys, tarfile; print(tarfile.open(sys.argv[1]).next().mtime)' "$tgz")
	x=$w/x-$v
	mkdir -p "$x"
	tar xzf "$tgz" -C "$x"
	top=$x/libbpf-$v
	[ -d "$top/src" ] || { echo "no src/ in $tgz" >&2; exit 1; }
	git -C "$repo" rm -rq --ignore-unmatch .
	for p in src include LICENSE LICENSE.BSD-2-Clause LICENSE.LGPL-2.1 README.md \
		CHECKPOINT-COMMIT BPF-CHECKPOINT-COMMIT; do
		[ -e "$top/$p" ] && cp -a "$top/$p" "$repo/"
	done
	git -C "$repo" add -A
	msg="libbpf v$v

Upstream release v$v, commit $id
(git get-tar-commit-id of Debian's libbpf_$v.orig.tar.gz,
sha256 $sum).
Kernel checkpoint: $(head -c 40 "$top/CHECKPOINT-COMMIT" 2>/dev/null || echo unknown).
Kept: src/, include/, the licences, README.md, the CHECKPOINT files."
	GIT_AUTHOR_NAME="libbpf upstream" GIT_AUTHOR_EMAIL="bpf@vger.kernel.org" \
		GIT_COMMITTER_NAME="mk-libbpf-history" GIT_COMMITTER_EMAIL="vexplain@localhost" \
		GIT_AUTHOR_DATE="@$when +0000" GIT_COMMITTER_DATE="@$when +0000" \
		git -C "$repo" commit -q -m "$msg"
	git -C "$repo" tag "v$v"
	rm -rf "$x"
done
rm -f "$out"
git -C "$repo" -c pack.threads=1 bundle create "$out" HEAD main --tags 2>/dev/null
git -C "$repo" log --format='%H %ad %s' --date=short main
ls -l "$out"
