#!/bin/bash
# make-history.sh DIR SEED COMMITS [BUG_AT] [BROKEN_EVERY] [TOUCH_EVERY]
# Builds a real git history in DIR: branches that fork from random commits and
# merge back, one file per commit (so merges never conflict), committer dates
# that sometimes repeat (git's order breaks ties by first-seen order). The
# file "bug" appears at commit BUG_AT and stays in every descendant, so a
# commit is bad iff its tree has "bug". With BROKEN_EVERY=k, every k-th
# commit carries a file "broken" (and the next one removes it): a --test
# script exits 125 there. With TOUCH_EVERY=k, about one commit in k (at
# random) also changes watched/w<i>: a history where most commits do not
# touch "-- watched bug". Prints "GOOD BAD" (the root and the final merge).
set -e
dir=$1 seed=$2 n=$3 bug_at=${4:-$(( $3 * 2 / 3 ))} broken_every=${5:-0} touch_every=${6:-0}
RANDOM=$seed
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
git init -q -b main .
git config user.name "Hist Maker"; git config user.email "hist@example.org"
export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
t=1700000000
commit() { # message
	if [ "$touch_every" -gt 0 ] && [ $((RANDOM % touch_every)) -eq 0 ]; then
		mkdir -p watched; echo "$1" >"watched/w$i"; git add watched
	fi
	if [ $((RANDOM % 4)) -ne 0 ]; then t=$((t + 60)); fi # 1 in 4 repeats a date
	GIT_AUTHOR_DATE="@$t +0000" GIT_COMMITTER_DATE="@$t +0000"
	git commit -q --allow-empty -m "$1"
}
echo root >c0; git add c0; commit "c0 root"
good=$(git rev-parse HEAD)
branches=(main); nb=1
for ((i = 1; i < n; i++)); do
	r=$((RANDOM % 10))
	if [ $r -lt 2 ] && [ $nb -lt 5 ]; then
		# a new branch from some earlier commit of a random branch
		from=${branches[$((RANDOM % nb))]}
		back=$((RANDOM % 3))
		git checkout -q -b "b$i" "$from~$back" 2>/dev/null || git checkout -q -b "b$i" "$from"
		branches+=("b$i"); nb=$((nb + 1))
	elif [ $r -lt 4 ] && [ $nb -gt 1 ]; then
		# merge another branch into the current one
		other=${branches[$((RANDOM % nb))]}
		cur=$(git rev-parse --abbrev-ref HEAD)
		if [ "$other" != "$cur" ]; then
			git merge -q --no-ff --no-commit "$other" >/dev/null 2>&1 || true
			[ -e broken ] && git rm -qf broken
			echo "$i" >"c$i"; git add "c$i"
			[ $i -eq "$bug_at" ] && { echo bug >bug; git add bug; }
			commit "c$i merge $other into $cur"
			continue
		fi
	else
		git checkout -q "${branches[$((RANDOM % nb))]}"
	fi
	[ -e broken ] && git rm -qf broken
	echo "$i" >"c$i"; git add "c$i"
	[ $i -eq "$bug_at" ] && { echo bug >bug; git add bug; }
	if [ "$broken_every" -gt 0 ] && [ $((i % broken_every)) -eq 0 ] && [ $i -ne "$bug_at" ]; then
		echo broken >broken; git add broken
	fi
	commit "c$i"
done
# merge everything into main so that BAD reaches every commit
git checkout -q main
for b in "${branches[@]}"; do
	[ "$b" = main ] && continue
	git merge -q --no-ff --no-commit "$b" >/dev/null 2>&1 || true
	commit "merge $b"
done
[ -e broken ] && { git rm -qf broken; commit "fix build"; }
echo "$good $(git rev-parse HEAD)"
