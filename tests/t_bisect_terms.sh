#!/bin/bash
# vexplain bisect with git's terms (--term-old/--term-new) and --fixed, on
# generated histories with merges and skipped commits, step for step against
# `git bisect run` with the same terms; git's checks of the terms and its
# words for a bad merge base; a log with terms replayed by git and by us.
# (The real thing, a fix in libbpf's own history, is t_bisect_libbpf.sh.)
# shellcheck disable=SC2016 # the --test scripts are single-quoted on purpose
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
H=$PWD/tests/bisect
export GIT_CONFIG_NOSYSTEM=1 HOME=$T LC_ALL=C
git config --global user.name T; git config --global user.email t@example.org
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
# "bug" stands for the fix here: a commit without it is broken (old).
git_script='test -e broken && exit 125; test ! -e bug'

# compare NAME SEED N BUG_AT BROKEN_EVERY VEXPLAIN-ARGS...: git bisect run
# with --term-old broken --term-new fixed and git_script; vexplain with ARGS
compare() {
	local name=$1 d=$T/h$2
	read -r g b < <("$H/make-history.sh" "$d" "$2" "$3" "$4" "$5")
	shift 5
	git clone -q "$d" "$d.git"
	(cd "$d.git" && { git bisect start --term-old broken --term-new fixed "$b" "$g" &&
		git bisect run sh -c "$git_script"; } >"$d.gitout" 2>&1)
	$V bisect -C "$d" "$g..$b" "$@" --json >"$d.out" 2>"$d.err"
	local rc=$? gfirst gsteps gseq
	gfirst=$(grep -o '^[0-9a-f]\{40\} is the first fixed commit' "$d.gitout" | cut -c1-40)
	gsteps=$(grep -c '^running' "$d.gitout")
	gseq=$(grep -o '^\[[0-9a-f]\{40\}\]' "$d.gitout" | tr '\n' ' ')
	if [ -z "$gfirst" ]; then
		fail "$name" "git found no first fixed commit: $(tail -3 "$d.gitout")"
	elif [ "$gfirst" != "$(jget first_new <"$d.out")" ] || [ "$gsteps" != "$(jget steps <"$d.out")" ]; then
		fail "$name" "git: $gsteps steps, '$gfirst'; vexplain (rc $rc): $(jget steps <"$d.out") steps, '$(jget first_new <"$d.out")'"
	elif [ "$gseq" != "$(built_seq "$d.out")" ]; then
		fail "$name" "same answer, other commits: git $gseq / vexplain $(built_seq "$d.out")"
	elif [ $rc != 1 ]; then
		fail "$name" "exit $rc, want 1"
	else
		pass "$name"
	fi
}
# git's terms, git's rule: 0 old (broken), 1-127 new (fixed)
compare bisect-terms-vs-git-1 5 60 23 0 --term-old broken --term-new fixed --test "$git_script"
compare bisect-terms-vs-git-skips 21 80 41 3 --term-old broken --term-new fixed --test "$git_script"
# --fixed: the test passes (0) where it is fixed
compare bisect-fixed-vs-git-1 11 120 30 0 --fixed --test 'test -e broken && exit 125; test -e bug'
compare bisect-fixed-vs-git-skips 27 80 47 3 --fixed --test 'test -e broken && exit 125; test -e bug'

d=$T/h21
grep -q "^$(jget first_new <"$d.out") is the first fixed commit$" "$d.gitout" &&
	tail -1 "$d.out" | grep -q '"terms":{"old":"broken","new":"fixed"}' &&
	tail -1 "$d.out" | grep -q '"verdicts":{[^}]*"broken"' && grep -q '"verdict":"fixed"' "$d.out"
check bisect-terms-json $? "$(tail -1 "$d.out" | cut -c1-200)"
$V bisect -C "$d" log >"$d.log"
read -r g b < <(sed -n "s/^git bisect start .* '\([0-9a-f]*\)' '\([0-9a-f]*\)'$/\2 \1/p" "$d.log")
$V bisect -C "$d" "$g..$b" --term-old broken --term-new fixed --test "$git_script" >"$d.txt" 2>/dev/null
grep -q "^$(jget first_new <"$d.out") is the first fixed commit$" "$d.txt" &&
	grep -q '^Last broken step: ' "$d.txt" && grep -q '^First fixed step: ' "$d.txt"
check bisect-terms-text $? "$(head -1 "$d.txt"; grep -E '^(Last|First)' "$d.txt")"
# the log: git's start line with the terms, our words; git replays it
grep -q "^git bisect start '--term-old' 'broken' '--term-new' 'fixed' '[0-9a-f]*' '[0-9a-f]*'$" "$d.log" &&
	grep -q '^git bisect broken [0-9a-f]\{40\}$' "$d.log" && grep -q '^# first fixed commit: \[' "$d.log" &&
	! grep -qE '^git bisect (good|bad) ' "$d.log"
check bisect-terms-log $? "$(head -4 "$d.log")"
git clone -q "$d" "$d.replay"
(cd "$d.replay" && git bisect replay "$d.log" >"$d.replay.out" 2>&1)
grep -q "^$(jget first_new <"$d.out") is the first fixed commit" "$d.replay.out"
check bisect-terms-log-replays-in-git $? "$(tail -3 "$d.replay.out")"
# ours: the terms come from the log; git's own log too
$V bisect -C "$d" reset >/dev/null
(cd "$d.git" && git bisect log >"$d.gitlog")
$V bisect -C "$d" replay "$d.gitlog" "$g..$b" --test false --json >"$d.rp" 2>&1
rc=$?
[ "$(jget first_new <"$d.rp")" = "$(jget first_new <"$d.out")" ] && [ "$(jget builds <"$d.rp")" = 0 ] &&
	tail -1 "$d.rp" | grep -q '"terms":{"old":"broken","new":"fixed"}'
check bisect-terms-replay-git-log $(( $? || rc != 1 )) "rc=$rc: $(tail -1 "$d.rp" | cut -c1-200)"
$V bisect -C "$d" status >"$d.st"
grep -q '^terms: broken (old' "$d.st" && grep -q '^tested: [0-9]* (broken [0-9]*, fixed [0-9]*, skip [0-9]*)$' "$d.st" &&
	grep -q '^  [0-9a-f]\{40\} fixed replay: ' "$d.st"
check bisect-terms-status $? "$(head -6 "$d.st")"
$V bisect -C "$d" reset >/dev/null

# ---- git's checks of the terms (check_term_format), exit 2 ----
terms_err() { # name want-message args...
	local name=$1 want=$2
	shift 2
	$V bisect -C "$T/h5" "$@" --test true >"$T/o" 2>&1
	local rc=$?
	grep -qF "$want" "$T/o" && [ $rc = 2 ]
	check "$name" $? "rc=$rc: $(head -2 "$T/o")"
}
r5=$(git -C "$T/h5" rev-list --max-parents=0 HEAD)..HEAD
terms_err bisect-terms-meaning "can't change the meaning of the term 'bad'" "$r5" --term-old bad --term-new x
terms_err bisect-terms-meaning-old "can't change the meaning of the term 'old'" "$r5" --term-new old
terms_err bisect-terms-builtin "can't use the builtin command 'skip' as a term" "$r5" --term-new skip
terms_err bisect-terms-invalid "'a..b' is not a valid term" "$r5" --term-old a..b
terms_err bisect-terms-same "please use two different terms" "$r5" --term-old x --term-new x
terms_err bisect-terms-swapped "Some broken revs are not ancestors of the fixed rev." \
	"$(git -C "$T/h5" rev-parse HEAD)..$(git -C "$T/h5" rev-list --max-parents=0 HEAD)" --fixed

# ---- a merge base that is new: git's words with the terms ----
d=$T/fork
read -r g b mb < <("$H/make-forked.sh" "$d" bad)
git clone -q "$d" "$d.git"
(cd "$d.git" && { git bisect start --term-old broken --term-new fixed "$b" "$g" &&
	git bisect run sh -c "$git_script"; } >"$d.gitout" 2>&1)
$V bisect -C "$d" "$g..$b" --term-old broken --term-new fixed --test "$git_script" >"$d.out" 2>"$d.err"
rc=$?
w1="The merge base $mb is fixed."
w2="This means the first 'broken' commit is between $mb and [$g]."
grep -qxF "$w1" "$d.gitout" && grep -qxF "$w2" "$d.gitout" && grep -qxF "$w1" "$d.out" &&
	grep -qxF "$w2" "$d.out" && [ $rc = 2 ]
check bisect-terms-merge-base $? "rc=$rc: git $(grep -m1 'merge base' "$d.gitout") / vexplain $(head -2 "$d.out")"
exit 0
