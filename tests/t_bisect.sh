#!/bin/bash
# vexplain bisect on real repositories with real histories, built and loaded
# into the live kernel at every step, and compared with `git bisect run`.
# shellcheck disable=SC2016 # the --test scripts are single-quoted on purpose
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
H=$PWD/tests/bisect
# HOME is ours (git identity, protocol.file.allow); the VM kernel cache stays the user's
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-$HOME/.cache}
export GIT_CONFIG_NOSYSTEM=1 HOME=$T LC_ALL=C
git config --global user.name T; git config --global user.email t@example.org
git config --global protocol.file.allow always
git config --global advice.detachedHead false
jget() { # key < json (the last line)
	tail -1 | python3 -c "import json,sys; v=json.load(sys.stdin).get('$1'); print(' '.join(sorted(v)) if isinstance(v, list) else ('' if v is None else v))"
}

# A snapshot of everything of the user's that bisect must not touch: HEAD,
# refs, index, config, the work tree with untracked files and mtimes.
snapshot() { # repo
	(cd "$1" && {
		cat .git/HEAD; git show-ref; sha256sum .git/index .git/config
		find . -path ./.git -prune -o -type f -printf '%p %s %T@\n' | sort
		find . -path ./.git -prune -o -type f -exec sha256sum {} + | sort
		ls .git/refs/bisect 2>/dev/null
	})
}

# ---- usage and bad ranges ----
$V bisect --help >"$T/help" 2>&1
rc=$?
grep -q 'is the first bad commit' "$T/help" && grep -q '^Exit status' "$T/help"
check bisect-help $(( rc != 0 || $? != 0 )) "rc=$rc, help lacks the report form or the exit statuses"

read -r g b < <("$H/make-history.sh" "$T/lin" 5 30 20 0)
$V bisect -C "$T/lin" "$b..$g" --test true >"$T/o" 2>&1
rc=$?
check bisect-range-swapped $(( rc != 2 )) "rc=$rc: $(head -2 "$T/o")"
grep -q 'Some good revs are not ancestors of the bad rev.$' "$T/o"
check bisect-range-swapped-message $? "$(head -2 "$T/o")"
$V bisect -C "$T/lin" "nosuchrev..$b" --test true >"$T/o" 2>&1
rc=$?
check bisect-unknown-revision $(( rc != 2 )) "rc=$rc"
mkdir -p "$T/norepo"
$V bisect -C "$T/norepo" "a..b" --test true >"$T/o" 2>&1
rc=$?
check bisect-not-a-repository $(( rc != 2 )) "rc=$rc"

# ---- the midpoint: the same commits, steps and answer as git bisect run ----
# SEED COMMITS BUG_AT BROKEN_EVERY: merges everywhere; a few with skipped
# commits (exit 125), one where only skipped commits are left.
# The commits a --json run built, in order ("[id]" as git prints them).
built_seq() { # json
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("how") == "built" and "step" in o:
        print("[%s]" % o["commit"], end=" ")' "$1"
}
compare_git() { # name seed n bug broken [touch_every PATHS...]
	local name=$1 d=$T/h$2 touch=${6:-0}
	read -r g b < <("$H/make-history.sh" "$d" "$2" "$3" "$4" "$5" "$touch")
	shift 6 2>/dev/null || shift $#
	local paths=("$@") dd=()
	[ ${#paths[@]} -gt 0 ] && dd=(--)
	local script='test -e broken && exit 125; test ! -e bug'
	git clone -q "$d" "$d.git"
	(cd "$d.git" && { git bisect start "$b" "$g" "${dd[@]}" "${paths[@]}" &&
		git bisect run sh -c "$script"; } >"$d.gitout" 2>&1)
	$V bisect -C "$d" "$g..$b" --test "$script" --json "${dd[@]}" "${paths[@]}" >"$d.out" 2>"$d.err"
	local rc=$?
	local gsteps gfirst gcand gseq vseq vsteps vfirst vcand
	gsteps=$(grep -c '^running' "$d.gitout")
	gfirst=$(grep -o '^[0-9a-f]\{40\} is the first bad commit' "$d.gitout" | cut -c1-40)
	gcand=$(sed -n '/could be any of/,/We cannot/p' "$d.gitout" | grep -o '^[0-9a-f]\{40\}' | sort | tr '\n' ' ' | sed 's/ $//')
	gseq=$(grep -o '^\[[0-9a-f]\{40\}\]' "$d.gitout" | tr '\n' ' ')
	vseq=$(built_seq "$d.out")
	vsteps=$(jget steps <"$d.out")
	vfirst=$(jget first_bad <"$d.out")
	vcand=$(jget candidates <"$d.out")
	if [ -z "$gsteps" ] || [ "$gsteps" = 0 ]; then
		fail "$name" "git bisect run did not run: $(tail -3 "$d.gitout")"
	elif [ "$gsteps" != "$vsteps" ] || [ "$gfirst" != "$vfirst" ] || [ "$gcand" != "$vcand" ]; then
		fail "$name" "git: $gsteps steps, first bad '$gfirst' [$gcand]; vexplain (rc $rc): $vsteps steps, '$vfirst' [$vcand]"
	elif [ "$gseq" != "$vseq" ]; then
		fail "$name" "same answer, other commits tested: git $gseq / vexplain $vseq"
	else
		pass "$name"
	fi
	[ -n "$gfirst" ] && expect=1 || expect=3
	check "$name-exit" $(( rc != expect )) "rc=$rc, want $expect"
}
compare_git bisect-vs-git-merges-1 1 60 8 0
compare_git bisect-vs-git-merges-2 3 90 71 0
compare_git bisect-vs-git-merges-3 11 120 30 0
compare_git bisect-vs-git-skips-1 21 80 41 3
compare_git bisect-vs-git-skips-2 27 80 47 3
compare_git bisect-vs-git-skips-3 44 50 29 2
compare_git bisect-vs-git-only-skipped 47 50 32 2
# -- PATHS: about one commit in 5 or 6 touches them; merges simplified as git's walk does
compare_git bisect-vs-git-paths-1 103 120 43 0 6 watched bug
compare_git bisect-vs-git-paths-merges-skips 9 150 69 4 5 watched bug
compare_git bisect-vs-git-paths-3 118 140 63 0 7 watched bug
# --jobs 4 (git's next commit plus speculation): git's steps, commit for commit;
# --jobs 3 --multisect (three points splitting the range into four): git's answer
for s in 1 11 9; do
	d=$T/h$s
	$V bisect -C "$d" reset >/dev/null 2>&1
	read -r g b < <(sed -n "s/^git bisect start '\([0-9a-f]*\)' '\([0-9a-f]*\)'.*/\2 \1/p" "$d.git/.git/BISECT_LOG" 2>/dev/null | head -1)
	paths=(); [ $s = 9 ] && paths=(-- watched bug)
	gseq=$(grep -o '^\[[0-9a-f]\{40\}\]' "$d.gitout" | tr '\n' ' ')
	gfirst=$(grep -o '^[0-9a-f]\{40\} is the first bad commit' "$d.gitout" | cut -c1-40)
	$V bisect -C "$d" reset >/dev/null 2>&1
	$V bisect -C "$d" "$g..$b" --jobs 4 --test 'test -e broken && exit 125; test ! -e bug' --json "${paths[@]}" >"$d.j4" 2>/dev/null
	[ "$(built_seq "$d.j4")" = "$gseq" ] && [ "$(jget first_bad <"$d.j4")" = "$gfirst" ]
	check "bisect-jobs4-git-steps-$s" $? "git $gseq / vexplain $(built_seq "$d.j4")"
	$V bisect -C "$d" reset >/dev/null 2>&1
	$V bisect -C "$d" "$g..$b" --jobs 3 --multisect --test 'test -e broken && exit 125; test ! -e bug' --json "${paths[@]}" >"$d.ms" 2>/dev/null
	rc=$?
	[ "$(jget first_bad <"$d.ms")" = "$gfirst" ] && [ $rc = 1 ]
	check "bisect-multisect-git-answer-$s" $? "rc=$rc: git $gfirst / vexplain $(tail -1 "$d.ms" | cut -c1-120)"
	$V bisect -C "$d" reset >/dev/null 2>&1
done
$V bisect -C "$T/h47" continue >"$T/o" 2>&1
check bisect-finished-continue $(( $? != 3 )) "continue after the end: $(tail -1 "$T/o")"
$V bisect -C "$T/h47" reset >/dev/null
$V bisect -C "$T/h47" "$(git -C "$T/h47" rev-list --max-parents=0 HEAD)..HEAD" \
	--test 'test -e broken && exit 125; test ! -e bug' >"$T/o" 2>&1
grep -q "^There are only 'skip'ped commits left to test.$" "$T/o" &&
	grep -q "^The first bad commit could be any of:$" "$T/o"
check bisect-only-skipped-words $? "no git-style 'only skipped' report: $(tail -3 "$T/o")"

# ---- progress: on stderr when it is a terminal (git's lines), else silent ----
d=$T/tty
read -r g b < <("$H/make-history.sh" "$d" 5 40 20 0)
git clone -q "$d" "$d.git"
(cd "$d.git" && { git bisect start "$b" "$g" && git bisect run sh -c 'test ! -e bug'; } 2>&1 |
	grep -E '^(Bisecting: |\[[0-9a-f]{40}\] )' >"$d.gitlines")
script -qec "$V bisect -C '$d' '$g..$b' --test 'test ! -e bug' >/dev/null" /dev/null | tr -d '\r' >"$d.tty"
grep -E '^(Bisecting: |\[[0-9a-f]{40}\] )' "$d.tty" | diff - "$d.gitlines" >/dev/null &&
	grep -qE '^  (good|bad): test exited [01] \[step 1, [0-9.]+ s\]$' "$d.tty"
check bisect-progress-tty $? "$(head -4 "$d.tty") / git: $(head -2 "$d.gitlines")"
$V bisect -C "$d" reset >/dev/null
script -qec "$V bisect -C '$d' '$g..$b' --quiet --test 'test ! -e bug' >/dev/null" /dev/null >"$d.quiet"
check bisect-progress-quiet $(( $(wc -c <"$d.quiet") != 0 )) "$(head -2 "$d.quiet")"
$V bisect -C "$d" reset >/dev/null
$V bisect -C "$d" "$g..$b" --test 'test ! -e bug' >"$d.out" 2>"$d.err"
rc=$?
[ $rc = 1 ] && [ ! -s "$d.err" ] && head -1 "$d.out" | grep -q 'is the first bad commit$'
check bisect-progress-silent-when-piped $? "rc=$rc, stderr: $(head -2 "$d.err"), stdout: $(head -1 "$d.out")"

# ---- state: log, replay, status, reset ----
d=$T/h21
$V bisect -C "$d" log >"$T/log" 2>&1
grep -q '^git bisect bad ' "$T/log" && grep -q '^# first bad commit: ' "$T/log"
check bisect-log $? "$(head -3 "$T/log")"
git clone -q "$d" "$d.replay"
(cd "$d.replay" && git bisect replay "$T/log" >"$T/replay.out" 2>&1)
grep -q "$(jget first_bad <"$d.out") is the first bad commit" "$T/replay.out"
check bisect-log-replays-in-git $? "$(tail -3 "$T/replay.out")"
$V bisect -C "$d" status >"$T/st" 2>&1
grep -q '^tested: ' "$T/st"
check bisect-status $? "$(head -3 "$T/st")"
$V bisect -C "$d" reset >/dev/null 2>&1
[ ! -e "$d/.git/vexplain-bisect" ]
check bisect-reset $? "state left behind"
read -r g b < <(head -2 "$T/log" | sed -n "s/^git bisect start '\([0-9a-f]*\)' '\([0-9a-f]*\)'.*/\2 \1/p")
$V bisect -C "$d" replay "$T/log" "$g..$b" --test false --json >"$T/rp" 2>&1
rc=$?
[ "$(jget first_bad <"$T/rp")" = "$(jget first_bad <"$d.out")" ] && [ "$(jget builds <"$T/rp")" = 0 ]
check bisect-replay $(( $? || rc != 1 )) "rc=$rc: $(tail -1 "$T/rp")"
# every step says why, in the log, status and the report; replay keeps it
grep -q '^# good: \[[0-9a-f]*\] .* -- test exited 0$' "$T/log" &&
	grep -q '^# bad: \[[0-9a-f]*\] .* -- test exited 1$' "$T/log" &&
	grep -q '^  [0-9a-f]\{40\} bad  built: test exited 1$' "$T/st"
check bisect-why-log-status $? "$(grep -m2 '^# ' "$T/log"; grep -m2 '^  ' "$T/st")"
python3 - "$d.out" "$T/rp" "$T/log" <<'PY'
import json, sys
run = json.loads(open(sys.argv[1]).read().splitlines()[-1])["decisions"]
rep = json.loads(open(sys.argv[2]).read().splitlines()[-1])["decisions"]
assert run and all(d["why"].startswith("test exited ") for d in run), run
assert [(d["commit"], d["verdict"]) for d in run] == [(d["commit"], d["verdict"]) for d in rep], rep
assert all(d["why"] == "%s (replayed from %s)" % (r["why"], sys.argv[3]) for d, r in zip(rep, run)), rep
PY
check bisect-why-replayed $? "the report's decisions or their replayed whys differ"
$V bisect -C "$d" reset >/dev/null 2>&1

# ---- identical trees reuse a verdict ----
# C1 v=1, C2 v=2 (the first bad), C3..C10 change nothing: C5 is built, C2 has
# C5's tree and takes its verdict without a build.
d=$T/reuse
mkdir -p "$d" && (cd "$d" && git init -q -b main && echo 0 >v && git add v && git commit -qm c0 &&
	git tag good && echo 1 >v && git commit -qam c1 && echo 2 >v && git commit -qam c2 &&
	git tag first-bad && for i in 3 4 5 6 7 8 9 10; do git commit -q --allow-empty -m "c$i"; done &&
	git tag bad)
$V bisect -C "$d" good..bad --test 'test "$(cat v)" -lt 2' --json >"$d.out" 2>"$d.err"
rc=$?
[ "$(jget first_bad <"$d.out")" = "$(git -C "$d" rev-parse first-bad)" ] &&
	grep -q "\"how\":\"reused\",.*\"from\":\"$(git -C "$d" rev-parse bad~5)\"" "$d.out" &&
	[ "$(jget steps <"$d.out")" = 2 ] && [ "$(jget builds <"$d.out")" = 2 ]
check bisect-verdict-reuse $(( $? || rc != 1 )) "rc=$rc: $(cat "$d.out")"

# -- PATHS: commits that do not touch PATHS are no candidates, as in git;
# candidates with the same PATHS share a verdict. v goes 1 0 1 0 1 0 1 2 (the
# first bad) with a commit to "other" after each: 8 candidates, two keys.
d=$T/paths
mkdir -p "$d" && (cd "$d" && git init -q -b main && echo 0 >v && echo 0 >other && git add v other &&
	git commit -qm c0 && git tag good && for x in 1 0 1 0 1 0 1 2; do echo $x >v; git commit -qam "v$x" &&
	{ [ $x = 2 ] && git tag first-bad; echo "$x$RANDOM" >other; git commit -qam "other"; }; done &&
	for i in 1 2 3 4 5 6 7 8 9 10; do echo $i >other; git commit -qam "other $i"; done && git tag bad)
script='test "$(cat v)" -lt 2'
$V bisect -C "$d" good..bad --test "$script" --json -- v >"$d.out" 2>"$d.err"
rc=$?
git clone -q "$d" "$d.git"
(cd "$d.git" && { git bisect start bad good -- v && git bisect run sh -c "$script"; } >"$d.gitout" 2>&1)
gsteps=$(grep -c '^running' "$d.gitout")
[ "$(jget first_bad <"$d.out")" = "$(git -C "$d" rev-parse first-bad)" ] &&
	grep -q "^$(git -C "$d" rev-parse first-bad) is the first bad commit" "$d.gitout" &&
	[ "$(jget reused <"$d.out")" -ge 1 ] &&
	[ $(( $(jget steps <"$d.out") + $(jget reused <"$d.out") )) = "$gsteps" ] &&
	[ "$(jget builds <"$d.out")" = "$(jget steps <"$d.out")" ]
check bisect-paths-reuse $(( $? || rc != 1 )) "rc=$rc, git $gsteps steps: $(tail -1 "$d.out")"
# killed (-9) mid-way in a --multisect run with PATHS: the user's files untouched, resumable
$V bisect -C "$d" reset >/dev/null
echo scratch >"$d/untracked.txt"; echo change >>"$d/other"
snapshot "$d" >"$d.before"
z=2.$(( $$ % 1000 + 1000 ))
$V bisect -C "$d" good..bad --jobs 2 --multisect --build "sleep $z" --test "$script" --json -- v >/dev/null 2>&1 &
pid=$!
sleep 3.5
kill -9 $pid; wait $pid 2>/dev/null; sleep 0.5
! pgrep -f "sleep $z" >/dev/null
check bisect-paths-kill-leaves-no-process $? "sleep $z outlived the killed bisect"
snapshot "$d" >"$d.killed"
$V bisect -C "$d" good..bad --jobs 2 --multisect --test "$script" --json -- v >"$d.ms" 2>/dev/null
rc=$?
snapshot "$d" >"$d.after"
cmp -s "$d.before" "$d.killed" && cmp -s "$d.before" "$d.after"
check bisect-paths-untouched-after-kill $? "$(diff "$d.before" "$d.killed" | head -3)"
[ "$(jget first_bad <"$d.ms")" = "$(git -C "$d" rev-parse first-bad)" ] && [ $rc = 1 ]
check bisect-paths-multisect-resumed $? "rc=$rc: $(tail -1 "$d.ms" | cut -c1-160)"

# ---- a GOOD that is no ancestor of BAD: the merge base first, as git does ----
script='test -e broken && exit 125; test ! -e bug'
for mode in good bad skip; do
	d=$T/fork-$mode
	read -r g b mb < <("$H/make-forked.sh" "$d" $mode)
	git clone -q "$d" "$d.git"
	(cd "$d.git" && { git bisect start "$b" "$g" && git bisect run sh -c "$script"; } >"$d.gitout" 2>&1)
	snapshot "$d" >"$d.before"
	$V bisect -C "$d" "$g..$b" --test "$script" --json >"$d.out" 2>"$d.err"
	rc=$?
	gseq=$(grep -o '^\[[0-9a-f]\{40\}\]' "$d.gitout" | tr '\n' ' ')
	vseq=$(built_seq "$d.out")
	[ "$gseq" = "$vseq" ] && [ "$(echo "$gseq" | cut -c2-41)" = "$mb" ] &&
		grep -q '^Bisecting: a merge base must be tested$' "$d.err"
	check "bisect-merge-base-$mode-steps" $? "git $gseq / vexplain $vseq"
	case $mode in
	bad)
		want="The merge base $mb is bad."
		grep -qxF "$want" "$d.gitout" && grep -qxF "$want" "$d.err" &&
			grep -qxF "This means the bug has been fixed between $mb and [$g]." "$d.err" &&
			[ "$(jget result <"$d.out")" = merge-base-bad ] && [ $rc = 2 ]
		;;
	*)
		first=$(grep -o '^[0-9a-f]\{40\} is the first bad commit' "$d.gitout" | cut -c1-40)
		[ -n "$first" ] && [ "$(jget first_bad <"$d.out")" = "$first" ] && [ $rc = 1 ]
		;;
	esac
	check "bisect-merge-base-$mode-outcome" $? "rc=$rc: $(tail -1 "$d.out" | cut -c1-160)"
	if [ $mode = skip ]; then
		w="warning: the merge base between $b and [$g] must be skipped."
		grep -qxF "$w" "$d.gitout" && grep -qxF "$w" "$d.err" && grep -q '^We continue anyway.$' "$d.err"
		check bisect-merge-base-skip-warning $? "$(grep -A2 warning "$d.err")"
	fi
	snapshot "$d" >"$d.after"
	cmp -s "$d.before" "$d.after"
	check "bisect-merge-base-$mode-untouched" $? "$(diff "$d.before" "$d.after" | head -3)"
done

# ---- submodules are checked out in the private worktree ----
S=$T/sm
mkdir -p "$S" && (cd "$S" && git init -q -b main sub && cd sub && echo 0 >value && git add value &&
	git commit -qm v0) && (cd "$S" && git init -q -b main super && cd super &&
	git submodule add -q ../sub sub >/dev/null 2>&1 && git commit -qm "add sub" && git tag good &&
	for i in 1 2 3 4 5 6 7 8; do
		(cd ../sub && echo $i >value && git commit -qam "v$i")
		(cd sub && git fetch -q && git checkout -q origin/main)
		git add sub && git commit -qm "sub v$i"
	done && git tag bad)
snapshot "$S/super" >"$T/sm.before"
$V bisect -C "$S/super" good..bad --test 'test "$(cat sub/value)" -lt 5' --json >"$T/sm.out" 2>&1
rc=$?
[ "$(jget first_bad <"$T/sm.out")" = "$(git -C "$S/super" rev-parse bad~3)" ]
check bisect-submodule $(( $? || rc != 1 )) "rc=$rc: $(tail -2 "$T/sm.out")"
snapshot "$S/super" >"$T/sm.after"
cmp -s "$T/sm.before" "$T/sm.after"
check bisect-submodule-untouched $? "$(diff "$T/sm.before" "$T/sm.after" | head -3)"

# ---- timeouts kill the whole process group ----
d=$T/h3
$V bisect -C "$d" reset >/dev/null 2>&1
read -r g b < <("$H/make-history.sh" "$d" 3 12 8 0)
start=$(date +%s)
# durations of this run's own, so another test run on the machine cannot look like a survivor
z=$((3700 + $$ % 1000))
$V bisect -C "$d" "$g..$b" --timeout 1 --build "sleep $z.1 & sleep $z.2" --test true --json >"$T/to" 2>&1
rc=$?
took=$(( $(date +%s) - start ))
grep -q 'timed out after 1 s' "$T/to"
check bisect-timeout-skips $(( $? || rc != 3 )) "rc=$rc: $(tail -1 "$T/to")"
sleep 0.3
! pgrep -f "sleep $z\.[12]" >/dev/null
check bisect-timeout-kills-group $? "sleep $z.1/$z.2 still running after the timeout"
check bisect-timeout-fast $(( took > 30 )) "took $took s"
$V bisect -C "$d" reset >/dev/null 2>&1

# ---- the real thing: a libbpf loader that regresses, built and loaded at each step ----
R=$T/loader
"$H/make-loader-repo.sh" "$R" >/dev/null 2>&1
bpf_ok=1
if ! (cd "$R" && git checkout -q good && make -s >/dev/null 2>&1 && ./loader >"$T/probe" 2>&1); then
	bpf_ok=0
	why="cannot load a cgroup_skb program here: $(grep -m1 -iE 'not permitted|denied|error' "$T/probe")"
fi
(cd "$R" && git clean -qfdx && git checkout -q main)
if [ $bpf_ok = 0 ]; then
	for n in bisect-bpf-first-bad bisect-bpf-json bisect-bpf-explained bisect-bpf-first-bad-step-id bisect-bpf-incremental bisect-bpf-markdown bisect-bpf-build-broken \
		 bisect-bpf-other-rejection bisect-bpf-vs-git bisect-bpf-jobs2 bisect-bpf-interrupted \
		 bisect-bpf-untouched bisect-bpf-second-refused bisect-bpf-object \
		 bisect-bpf-kill-leaves-no-process bisect-bpf-sigint bisect-bpf-continue-like bisect-bpf-object-vm \
		 bisect-bpf-bad-not-reproduced; do
		skip $n "$why"
	done
	exit 0
fi
# the user's repository has local changes and untracked files: never touched
(cd "$R" && echo "local change" >>README && echo scratch >untracked.txt && mkdir -p build &&
	echo out >build/junk && git add README && echo more >>README)
snapshot "$R" >"$T/snap.before"

$V bisect -C "$R" good..bad --build make --reload ./loader --match helper-unavailable >"$T/b1" 2>&1
rc=$?
first=$(git -C "$R" rev-parse first-bad)
grep -q "^$first is the first bad commit" "$T/b1"
check bisect-bpf-first-bad $(( $? || rc != 1 )) "rc=$rc: $(grep -m3 -E 'first bad|rror' "$T/b1")"
grep -q 'program of this type cannot use helper bpf_probe_read#4' "$T/b1" && grep -q 'M loader.c' "$T/b1"
check bisect-bpf-explained $? "the report lacks the verifier message or the changed file"
grep -q "^First bad step: ${first:0:12} helper-unavailable/" "$T/b1"
check bisect-bpf-first-bad-step-id $? "$(grep '^First bad' "$T/b1")"
snapshot "$R" >"$T/snap.after"
cmp -s "$T/snap.before" "$T/snap.after"
check bisect-bpf-untouched $? "$(diff "$T/snap.before" "$T/snap.after" | head -5)"
# incremental: unchanged sources keep their timestamps, make skips them
nlogs=$(find "$R/.git/vexplain-bisect/logs" -name "*.build.log" | wc -l)
nclang=$(grep -l '^clang' "$R"/.git/vexplain-bisect/logs/*.build.log | wc -l)
check bisect-bpf-incremental $(( nlogs < 2 || nclang >= nlogs )) "clang ran in $nclang of $nlogs builds"
$V bisect -C "$R" continue --markdown >"$T/md" 2>/dev/null
grep -q "^\`$first\` is the first bad commit" "$T/md" && grep -q '^- `M` `loader.c`' "$T/md"
check bisect-bpf-markdown $? "$(head -5 "$T/md")"
grep -q '^| [0-9]* | `[0-9a-f]\{12\}` | bad | helper-unavailable/[a-z0-9-]*: program of this type cannot use helper bpf_probe_read#4 |$' "$T/md" &&
	$V bisect -C "$R" log | grep -q -- '-- helper-unavailable/[a-z0-9-]*: program of this type cannot use helper' &&
	$V bisect -C "$R" status | grep -q ' bad  built: helper-unavailable/'
check bisect-bpf-why $? "the category and message are missing from the report, log or status"
$V bisect -C "$R" reset >/dev/null

# build broken and another rejection on the path; compare with git bisect run
$V bisect -C "$R" good..first-bad --build make --reload ./loader --match helper-unavailable --json \
	>"$T/b2" 2>"$T/b2.err"
rc=$?
verdict_of() { python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])['verdicts'].get(sys.argv[2], 'untested'))" "$T/b2" "$(git -C "$R" rev-parse "$1")"; }
[ "$(jget first_bad <"$T/b2")" = "$first" ]
check bisect-bpf-json $(( $? || rc != 1 )) "rc=$rc: $(tail -1 "$T/b2")"
[ "$(verdict_of build-broken)" = skip ] && grep -q 'build failed' "$T/b2"
check bisect-bpf-build-broken $? "build-broken: $(verdict_of build-broken)"
[ "$(verdict_of other-rejection)" = skip ] && grep -q '"summary":"other rejection: ' "$T/b2"
check bisect-bpf-other-rejection $? "other-rejection: $(verdict_of other-rejection)"
git clone -q "$R" "$R.git"
(cd "$R.git" && git checkout -q main && {
	git bisect start first-bad good &&
	git bisect run sh -c 'make >/dev/null 2>&1 || exit 125; ./loader >out 2>&1 && exit 0;
		grep -q "cannot use helper" out && exit 1; exit 125'; } >"$T/g2" 2>&1)
gsteps=$(grep -c '^running' "$T/g2")
[ "$gsteps" = "$(jget steps <"$T/b2")" ] && grep -q "^$first is the first bad commit" "$T/g2"
check bisect-bpf-vs-git $? "git: $gsteps steps ($(grep -m1 'first bad' "$T/g2")), vexplain: $(jget steps <"$T/b2")"
$V bisect -C "$R" reset >/dev/null

# --jobs 2: the same answer and the same decisions
$V bisect -C "$R" good..first-bad --jobs 2 --build make --reload ./loader --match helper-unavailable \
	--json >"$T/b3" 2>"$T/b3.err"
rc=$?
# (builds beyond the steps: speculative steps ran in the second worktree)
[ "$(jget first_bad <"$T/b3")" = "$first" ] && [ "$(jget steps <"$T/b3")" = "$(jget steps <"$T/b2")" ] &&
	[ "$(jget builds <"$T/b3")" -gt "$(jget steps <"$T/b3")" ]
check bisect-bpf-jobs2 $(( $? || rc != 1 )) "rc=$rc: $(tail -1 "$T/b3")"
$V bisect -C "$R" reset >/dev/null

# interrupted (SIGKILL mid-way) and resumed; a second bisect at the same time is refused.
# (one more build than steps left: the given BAD is built at the end to explain it)
# a duration of this run's own: pgrep must not see another test run's steps
slow_s=1.0$(( $$ % 1000 + 1000 ))
slow="sleep $slow_s; make"
$V bisect -C "$R" good..first-bad --build "$slow" --reload ./loader --match helper-unavailable \
	--json >"$T/b4" 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ "$(wc -l <"$R/.git/vexplain-bisect/verdicts" 2>/dev/null)" -ge 2 ] 2>/dev/null && break
	sleep 0.1
done
$V bisect -C "$R" good..first-bad --build "$slow" --reload ./loader >"$T/b5" 2>&1
rc=$?
grep -q 'another vexplain bisect' "$T/b5"
check bisect-bpf-second-refused $(( $? || rc != 4 )) "rc=$rc: $(head -2 "$T/b5")"
kill -9 $pid
wait $pid 2>/dev/null
sleep 0.5
! pgrep -f "sleep $slow_s" >/dev/null
check bisect-bpf-kill-leaves-no-process $? "the step's processes outlived the killed bisect"
done_before=$(wc -l <"$R/.git/vexplain-bisect/verdicts")
snapshot "$R" >"$T/snap.killed"
$V bisect -C "$R" good..first-bad --build "$slow" --reload ./loader --match helper-unavailable \
	--json >"$T/b6" 2>&1
rc=$?
builds=$(jget builds <"$T/b6")
[ "$(jget first_bad <"$T/b6")" = "$first" ] && [ "$(jget steps <"$T/b6")" = "$(jget steps <"$T/b2")" ] &&
	[ "$builds" -le $(( $(jget steps <"$T/b2") - done_before + 1 )) ]
check bisect-bpf-interrupted $(( $? || rc != 1 )) "rc=$rc, $done_before verdicts before the kill, $builds builds after: $(tail -1 "$T/b6")"
cmp -s "$T/snap.before" "$T/snap.killed"
check bisect-bpf-untouched-after-kill $? "$(diff "$T/snap.before" "$T/snap.killed" | head -5)"
$V bisect -C "$R" reset >/dev/null

# Ctrl-C (SIGINT): exit 130, state kept, `continue` finishes; --like picks the target
git clone -q "$R" "$R.like" && (cd "$R.like" && git checkout -q first-bad && make -s >/dev/null 2>&1 &&
	./loader >"$T/like.log" 2>&1)
$V bisect -C "$R" good..first-bad --build "$slow" --reload ./loader --like "$T/like.log" --json \
	>"$T/b9" 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ "$(wc -l <"$R/.git/vexplain-bisect/verdicts" 2>/dev/null)" -ge 1 ] 2>/dev/null && break
	sleep 0.1
done
kill -INT $pid
wait $pid
rc=$?
[ $rc = 130 ] && ! pgrep -f "sleep $slow_s" >/dev/null
check bisect-bpf-sigint $? "rc=$rc (want 130), or the step's processes outlived it"
$V bisect -C "$R" continue >"$T/b10" 2>/dev/null
rc=$?
tail -1 "$T/b10" | grep -q "\"first_bad\":\"$first\""
check bisect-bpf-continue-like $(( $? || rc != 1 )) "rc=$rc: $(tail -1 "$T/b10")"
$V bisect -C "$R" reset >/dev/null

# a BAD that is not bad here: built at the end, reported, exit 0
$V bisect -C "$R" good..first-bad~1 --build make --reload ./loader --json >"$T/b12" 2>/dev/null
rc=$?
tail -1 "$T/b12" | grep -q '"bad_reproduced":false'
check bisect-bpf-bad-not-reproduced $(( $? || rc != 0 )) "rc=$rc: $(tail -1 "$T/b12" | cut -c1-200)"
$V bisect -C "$R" reset >/dev/null

# --object: vexplain loads the program itself; the program's own regression
P=$T/prog
mkdir -p "$P" && cp "$R/Makefile" "$P/" && git -C "$R" show good:prog.bpf.c >"$P/prog.bpf.c"
(cd "$P" && git init -q -b main && git add -A && git commit -qm "prog" && git tag good &&
	echo "// tweak" >>prog.bpf.c && git commit -qam tweak &&
	sed -i 's/bpf_probe_read_kernel(/bpf_probe_read(/' prog.bpf.c && git commit -qam "use bpf_probe_read" &&
	git tag first-bad && echo "// more" >>prog.bpf.c && git commit -qam more && git tag bad)
$V bisect -C "$P" good..bad --build 'make prog.bpf.o' --object prog.bpf.o --match helper-unavailable \
	>"$T/b7" 2>&1
rc=$?
grep -q "^$(git -C "$P" rev-parse first-bad) is the first bad commit" "$T/b7"
check bisect-bpf-object $(( $? || rc != 1 )) "rc=$rc: $(grep -m3 -E 'first bad|rror|cannot' "$T/b7")"

# --kernel: the same bisect with the object loaded on another kernel in qemu
$V bisect -C "$P" reset >/dev/null
$V bisect -C "$P" good..bad --build 'make prog.bpf.o' --object prog.bpf.o --kernel 6.1 \
	--match helper-unavailable >"$T/b11" 2>&1
rc=$?
if grep -q 'VM with kernel' "$T/b11"; then
	skip bisect-bpf-object-vm "no VM here: $(grep -m1 'VM with kernel' "$T/b11")"
else
	grep -q "^$(git -C "$P" rev-parse first-bad) is the first bad commit" "$T/b11"
	check bisect-bpf-object-vm $(( $? || rc != 1 )) "rc=$rc: $(grep -m3 -E 'first bad|rror' "$T/b11")"
fi
exit 0
