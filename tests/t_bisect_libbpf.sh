#!/bin/bash
# vexplain bisect across a loader library's own history: a BPF program
# repository keeps libbpf as a submodule (tests/bisect/make-libbpf-prog-repo.sh);
# the submodule's history is real upstream libbpf releases (v1.1.2, v1.4.6,
# v1.5.0, v1.7.0, from tests/bisect/libbpf-releases.bundle, made by
# tools/mk-libbpf-history.sh). At each step libbpf is built from the
# submodule, the loader linked with it loads the same BPF object into this
# kernel. libbpf v1.1.2 and v1.4.6 misread newer kernels' "program of this type cannot
# use helper" in its helper probe, so the loader emits bpf_probe_read (#4)
# and is rejected: the history holds a fix, found with --fixed and compared
# with `git bisect run --term-old broken --term-new fixed` in the submodule.
# shellcheck disable=SC2016 # the --test scripts are single-quoted on purpose
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
H=$PWD/tests/bisect
export GIT_CONFIG_NOSYSTEM=1 HOME=$T LC_ALL=C
git config --global user.name T; git config --global user.email t@example.org
git config --global protocol.file.allow always
git config --global advice.detachedHead false
jget() { # key < json (the last line)
	tail -1 | python3 -c "import json,sys; v=json.load(sys.stdin).get('$1'); print(' '.join(sorted(v)) if isinstance(v, list) else ('' if v is None else v))"
}
built_seq() { # json: the commits built on git's path, "[id]" as git prints them
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("how") == "built" and "step" in o:
        print("[%s]" % o["commit"], end=" ")' "$1"
}
# Everything of the user's that bisect must not touch, the submodule's too.
snapshot() { # repo
	(cd "$1" && {
		cat .git/HEAD; git show-ref; sha256sum .git/index .git/config
		if [ -d .git/modules/libbpf ]; then
			git -C libbpf rev-parse HEAD; git -C libbpf show-ref
			sha256sum .git/modules/libbpf/index .git/modules/libbpf/config .git/modules/libbpf/HEAD
			find .git/modules/libbpf/objects -type f | sort
		fi
		find .git/objects -type f | sort
		git status --porcelain=v2 --ignored
		find . -path ./.git -prune -o -type f -printf '%p %s %T@\n' | sort
		find . -path ./.git -prune -o -type f -exec sha256sum {} + | sort
	})
}
tests=(libbpf-bisect-fixed libbpf-bisect-vs-git libbpf-bisect-git-steps libbpf-bisect-why
	libbpf-bisect-log-replays-in-git libbpf-bisect-status libbpf-bisect-untouched
	libbpf-bisect-kill-leaves-no-process libbpf-bisect-untouched-after-kill
	libbpf-bisect-resumed libbpf-bisect-markdown libbpf-bisect-vendored
	libbpf-bisect-vendored-untouched)
skip_all() {
	for n in "${tests[@]}"; do skip "$n" "$1"; done
	exit 0
}

# ---- the user's program repository, libbpf v1.1.2 as its submodule ----
P=$T/p
"$H/make-libbpf-prog-repo.sh" "$P" >"$T/mk.log" 2>&1 || {
	fail libbpf-bisect-setup "make-libbpf-prog-repo.sh: $(tail -3 "$T/mk.log")"
	exit 0
}
R=$P/prog
v=$(git -C "$P/libbpf.git" rev-parse v1.1.2) fixed=$(git -C "$P/libbpf.git" rev-parse v1.5.0)
new=$(git -C "$P/libbpf.git" rev-parse v1.7.0)
# does the story hold here? bpf() allowed, and v1.1.2 rejected in newer kernels' words
git clone -q --recurse-submodules "$R" "$T/probe" >/dev/null 2>&1
(cd "$T/probe" && make -j2 >"$T/probe.build" 2>&1 && ./loader >"$T/probe.out" 2>&1)
if [ ! -x "$T/probe/loader" ]; then
	skip_all "cannot build the loader with libbpf v1.1.2: $(tail -1 "$T/probe.build")"
elif grep -qiE 'operation not permitted|permission denied' "$T/probe.out"; then
	skip_all "bpf() is not permitted here: $(grep -m1 -iE 'not permitted|denied' "$T/probe.out")"
elif ! grep -q 'program of this type cannot use helper bpf_probe_read#4' "$T/probe.out"; then
	skip_all "this kernel ($(uname -r)) does not reject libbpf v1.1.2's choice in newer kernels' words (6.12 and 6.18 say them, 6.1 does not): $(grep -m1 '^loader' "$T/probe.out")"
fi

# the user's repository has local changes and untracked files: never touched
(cd "$R" && echo "local change" >>README && echo scratch >untracked.txt &&
	git add README && echo more >>README)
snapshot "$R" >"$T/snap.before"

# ---- vexplain: the submodule's history, the program at the superproject's HEAD ----
run=(--submodule libbpf v1.1.2..v1.7.0 --fixed --build 'make -j2' --reload ./loader
	--match helper-unavailable)
s0=$(date +%s.%N)
$V bisect -C "$R" "${run[@]}" >"$T/v.txt" 2>"$T/v.err"
rc=$?
s1=$(date +%s.%N)
$V bisect -C "$R" continue --json >"$T/v.json" 2>/dev/null
[ "$(jget first_new <"$T/v.json")" = "$fixed" ] && [ "$(jget first_bad <"$T/v.json")" = "$fixed" ] &&
	tail -1 "$T/v.json" | grep -q '"terms":{"old":"broken","new":"fixed"}'
check libbpf-bisect-fixed $(( $? || rc != 1 )) "rc=$rc: $(tail -1 "$T/v.json" | cut -c1-200) $(head -3 "$T/v.err")"

# ---- git: the same build and test in a copy, bisecting the submodule ----
G=$T/g
git clone -q --recurse-submodules "$R" "$G" >/dev/null 2>&1
g0=$(date +%s.%N)
(cd "$G/libbpf" && {
	git bisect start --term-old broken --term-new fixed v1.7.0 v1.1.2 &&
	git bisect run sh -c 'cd .. && { make -j2 >/dev/null 2>&1 || exit 125; }
		./loader >out 2>&1 && exit 1; grep -q "cannot use helper" out && exit 0; exit 125'
} >"$T/g.out" 2>&1)
g1=$(date +%s.%N)
gfirst=$(grep -o '^[0-9a-f]\{40\} is the first fixed commit' "$T/g.out" | cut -c1-40)
gsteps=$(grep -c '^running' "$T/g.out")
[ "$gfirst" = "$fixed" ] && [ "$gsteps" = "$(jget steps <"$T/v.json")" ]
check libbpf-bisect-vs-git $? "git: $gsteps steps, first fixed '$gfirst'; vexplain: $(jget steps <"$T/v.json") steps, '$(jget first_new <"$T/v.json")'"
gseq=$(grep -o '^\[[0-9a-f]\{40\}\]' "$T/g.out" | tr '\n' ' ')
[ "$gseq" = "$(built_seq "$T/v.json")" ]
check libbpf-bisect-git-steps $? "git tested $gseq, vexplain $(built_seq "$T/v.json")"
awk -v a="$s0" -v b="$s1" -v c="$g0" -v d="$g1" -v n="$gsteps" \
	'BEGIN { printf "# times: vexplain bisect %.1f s, git bisect run %.1f s, %d steps\n", b - a, d - c, n }'

# every step says why; the last broken one is explained
grep -q "^$fixed is the first fixed commit$" "$T/v.txt" &&
	grep -q '^Last broken step: [0-9a-f]\{12\} helper-unavailable/[a-z-]*: program of this type cannot use helper bpf_probe_read#4$' "$T/v.txt" &&
	grep -q '^First fixed step: [0-9a-f]\{12\} loaded' "$T/v.txt" &&
	grep -q '^Why the verifier rejects the last broken commit:' "$T/v.txt" &&
	grep -q '    M src/libbpf_probes.c' "$T/v.txt"
check libbpf-bisect-why $? "$(grep -E 'first|Last|First|Why' "$T/v.txt" | head -5)"
$V bisect -C "$R" continue --markdown >"$T/v.md" 2>/dev/null
grep -q "^\`$fixed\` is the first fixed commit" "$T/v.md" &&
	grep -q '^| [0-9]* | `[0-9a-f]\{12\}` | broken | helper-unavailable/' "$T/v.md"
check libbpf-bisect-markdown $? "$(head -4 "$T/v.md")"

# the log is git's, terms included: git bisect replay in the submodule agrees
$V bisect -C "$R" log >"$T/v.log"
git clone -q --recurse-submodules "$R" "$T/r" >/dev/null 2>&1
(cd "$T/r/libbpf" && git bisect replay "$T/v.log" >"$T/r.out" 2>&1)
head -2 "$T/v.log" | grep -q "^git bisect start '--term-old' 'broken' '--term-new' 'fixed' '$new' '$v'$" &&
	grep -q "^$fixed is the first fixed commit" "$T/r.out"
check libbpf-bisect-log-replays-in-git $? "$(head -2 "$T/v.log" | tail -1) / $(tail -2 "$T/r.out")"
$V bisect -C "$R" status >"$T/st"
grep -q '^terms: broken (old' "$T/st" && grep -q '^tested: [0-9]* (broken 1, fixed 1, skip 0)$' "$T/st"
check libbpf-bisect-status $? "$(head -6 "$T/st")"
$V bisect -C "$R" reset >/dev/null
snapshot "$R" >"$T/snap.after"
cmp -s "$T/snap.before" "$T/snap.after"
check libbpf-bisect-untouched $? "$(diff "$T/snap.before" "$T/snap.after" | head -5)"

# ---- killed (-9) mid-step: nothing of the user's touched, resumable ----
z=1.$(( $$ % 1000 + 1000 ))
slow=(--build "sleep $z; make -j2")
$V bisect -C "$R" "${run[@]}" "${slow[@]}" --json >/dev/null 2>&1 &
pid=$!
for _ in $(seq 300); do
	[ -s "$R/.git/vexplain-bisect/verdicts" ] && break
	sleep 0.1
done
sleep 0.3 # into the next step's sleep
kill -9 $pid
wait $pid 2>/dev/null
sleep 0.5
! pgrep -f "sleep $z" >/dev/null
check libbpf-bisect-kill-leaves-no-process $? "the step's processes outlived the killed bisect"
done_before=$(wc -l <"$R/.git/vexplain-bisect/verdicts")
snapshot "$R" >"$T/snap.killed"
cmp -s "$T/snap.before" "$T/snap.killed"
check libbpf-bisect-untouched-after-kill $? "$(diff "$T/snap.before" "$T/snap.killed" | head -5)"
$V bisect -C "$R" "${run[@]}" "${slow[@]}" --json >"$T/v2.json" 2>/dev/null
rc=$?
[ "$(jget first_new <"$T/v2.json")" = "$fixed" ] &&
	[ "$(jget builds <"$T/v2.json")" -le $(( $(jget steps <"$T/v.json") - done_before )) ]
check libbpf-bisect-resumed $(( $? || rc != 1 )) "rc=$rc, $done_before verdicts before the kill: $(tail -1 "$T/v2.json" | cut -c1-200)"
$V bisect -C "$R" reset >/dev/null
snapshot "$R" >"$T/snap.end"
cmp -s "$T/snap.before" "$T/snap.end" || fail libbpf-bisect-untouched-at-end "$(diff "$T/snap.before" "$T/snap.end" | head -5)"

# ---- a vendored copy instead of a submodule: --vendored PATH --library REPO ----
W=$T/vend
git clone -q "$R" "$W" && (cd "$W" && git rm -q --cached libbpf && git rm -q .gitmodules &&
	rm -rf libbpf && mkdir libbpf && git -C "$P/libbpf.git" archive v1.1.2 | tar x -C libbpf &&
	git add -A && git commit -qm "vendor libbpf v1.1.2 instead of the submodule" &&
	echo scratch >untracked.txt)
snapshot "$W" >"$T/wsnap.before"
$V bisect -C "$W" --vendored libbpf --library "$P/libbpf.git" v1.1.2..v1.7.0 --fixed \
	--build 'make -j2' --reload ./loader --match helper-unavailable --json >"$T/w.json" 2>"$T/w.err"
rc=$?
[ "$(jget first_new <"$T/w.json")" = "$fixed" ] && [ "$(built_seq "$T/w.json")" = "$gseq" ]
check libbpf-bisect-vendored $(( $? || rc != 1 )) "rc=$rc: $(built_seq "$T/w.json") / git $gseq: $(tail -1 "$T/w.json" | cut -c1-160) $(head -2 "$T/w.err")"
$V bisect -C "$W" reset >/dev/null
snapshot "$W" >"$T/wsnap.after"
cmp -s "$T/wsnap.before" "$T/wsnap.after"
check libbpf-bisect-vendored-untouched $? "$(diff "$T/wsnap.before" "$T/wsnap.after" | head -5)"
exit 0
