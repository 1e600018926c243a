#!/bin/bash
# make-forked.sh DIR MODE: a GOOD that is not an ancestor of BAD. Four
# commits up to the merge base M, then branch "bad" (24 commits, the file
# "bug" appears at the 13th) and branch "good" (5 commits) from M.
# MODE good: M is good; bad: "bug" is there from the second commit on, and
# the good branch removes it (a fix: the merge base is bad); skip: M carries
# "broken" (a --test script exits 125 there). Prints "GOOD BAD MERGE_BASE".
set -e
dir=$1 mode=$2
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
git init -q -b main .
git config user.name "Fork Maker"; git config user.email "fork@example.org"
t=1700000000
commit() { t=$((t + 60)); GIT_AUTHOR_DATE="@$t +0000" GIT_COMMITTER_DATE="@$t +0000" git commit -q -m "$1"; }
for i in 0 1 2 3; do
	echo "$i" >"r$i"; git add "r$i"
	[ "$mode" = bad ] && [ $i = 1 ] && { echo bug >bug; git add bug; }
	[ "$mode" = skip ] && [ $i = 3 ] && { echo broken >broken; git add broken; }
	commit "r$i"
done
mb=$(git rev-parse HEAD)
git checkout -q -b side
[ -e broken ] && git rm -qf broken
for i in 1 2 3 4 5; do
	echo "$i" >"g$i"; git add "g$i"
	[ "$mode" = bad ] && [ $i = 2 ] && git rm -qf bug
	commit "good side $i"
done
good=$(git rev-parse HEAD)
git checkout -q main
[ -e broken ] && git rm -qf broken
for i in $(seq 1 24); do
	echo "$i" >"b$i"; git add "b$i"
	[ $i = 13 ] && [ "$mode" != bad ] && { echo bug >bug; git add bug; }
	commit "bad side $i"
done
echo "$good $(git rev-parse HEAD) $mb"
