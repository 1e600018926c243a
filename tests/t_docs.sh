#!/bin/bash
# Man pages (tools/mkman.py, from each command's --help), --version on every
# command, and the bash completion (completion/vexplain) driven the way bash
# drives it, with COMP_WORDS and compgen.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

commands=$("$V" complete commands)
[ -n "$commands" ] && echo "$commands" | grep -qx load && echo "$commands" | grep -qx bisect
check complete-commands $? "got: $commands"

for c in $commands; do
	out=$("$V" "$c" --version 2>&1)
	rc=$?
	[ $rc -eq 0 ] && [[ $out == "vexplain $c "* ]]
	check "version-$c" $? "exit $rc: $out"
done
# bisect's PATHS after -- may be named --version
"$V" bisect -C "$T" x..y -- --version >"$T/out" 2>&1
! grep -q "^vexplain bisect [0-9]" "$T/out"
check version-after-dashdash $? "$(head -2 "$T/out")"

# --- man pages --------------------------------------------------------------
python3 tools/mkman.py "$V" "$T/man" 2>"$T/err"
check man-generate $? "$(cat "$T/err")"
for c in "" $commands; do
	[ "$c" = explain ] && continue
	page=$T/man/vexplain${c:+-$c}.1
	name=vexplain${c:+-$c}
	if [ ! -f "$page" ]; then
		fail "man-$name" "no page"
		continue
	fi
	if ! command -v man >/dev/null; then
		skip "man-$name" "man is not installed (make deps installs man-db)"
		continue
	fi
	warn=$(MANWIDTH=80 man --warnings=all -l "$page" 2>&1 >"$T/page.txt")
	rc=$?
	[ $rc -eq 0 ] && [ -z "$warn" ] && grep -q "^NAME" "$T/page.txt" && grep -q "^SYNOPSIS" "$T/page.txt"
	check "man-$name" $? "exit $rc, warnings: $warn"
	# every option --help names is on the page
	missing=
	for o in $("$V" $c --help 2>&1 | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
		grep -qF -- "$o" "$T/page.txt" || missing="$missing $o"
	done
	[ -z "$missing" ]
	check "man-options-$name" $? "not on the page:$missing"
done

# --- bash completion ----------------------------------------------------------
BC=/usr/share/bash-completion/bash_completion
if [ ! -f "$BC" ]; then
	skip completion "bash-completion is not installed (make deps)"
	exit 0
fi
# complete WORDS...: the candidates bash offers for the last word
complete_words() {
	bash --norc -c '
		. '"$BC"'
		. completion/vexplain
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_vexplain vexplain "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	' _ "$@"
}
cd "$T" || exit 2
ln -s "$V" "$T/vexplain"
cd - >/dev/null || exit 2
got=$(complete_words "$T/vexplain" lo)
[ "$got" = load ]
check completion-command $? "got: $got"
got=$(complete_words "$T/vexplain" load --fo)
[ "$got" = --format ]
check completion-option $? "got: $got"
got=$(complete_words "$T/vexplain" load x.o --format s)
[ "$got" = sarif ]
check completion-format $? "got: $got"
got=$(complete_words "$T/vexplain" explain -t cgroup_s | sort | tr '\n' ' ')
[ "$got" = "cgroup_skb cgroup_sock cgroup_sock_addr cgroup_sockopt cgroup_sysctl " ]
check completion-prog-type $? "got: $got"
got=$(complete_words "$T/vexplain" load --matrix --kernel 6.1 | sort -u | tr '\n' ' ')
[[ $got == "6.1 6.12 "* ]]
check completion-kernel $? "got: $got"
got=$(complete_words "$T/vexplain" bisect --match helper-prog)
[ "$got" = helper-prog-type ]
check completion-pattern-id $? "got: $got"
got=$(complete_words "$T/vexplain" bisect --match null-)
[ "$got" = null-deref ] || echo "$got" | grep -qx null-deref
check completion-category $? "got: $got"
got=$(complete_words "$T/vexplain" bisect re)
[ "$(echo "$got" | sort | tr '\n' ' ')" = "replay reset " ]
check completion-bisect-subcommand $? "got: $got"
# bisect --kernels: the last name of the list, the ones before it kept
got=$(complete_words "$T/vexplain" bisect --kernels 6.1,h 2>/dev/null)
[ "$got" = 6.1,host ]
check completion-kernels-list $? "got: $got"
got=$(complete_words "$T/vexplain" bisect --kernels 6.1,6.1 2>/dev/null | sort | tr '\n' ' ')
[[ $got == "6.1,6.1 6.1,6.12 "* ]]
check completion-kernels-list-prefix $? "got: $got"
got=$(complete_words "$T/vexplain" bisect --kernels 6.1,host --change w)
[ "$got" = wording ]
check completion-bisect-change $? "got: $got"
got=$(complete_words "$T/vexplain" bisect --kernels 6.1,host --lin)
[ "$got" = --linear ]
check completion-bisect-linear $? "got: $got"
