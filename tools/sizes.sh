#!/bin/bash
# The size limits of issue 11: no C file of src/ over 900 lines and no
# function over 100 lines (tables aside). Prints what is over, then the
# longest functions (-n N: how many, default 5), and exits 1 when anything
# is over. A function is kernel style: its body opens with "{" alone at
# column 0 and closes with "}" at column 0, its name on the line(s) before;
# a table ("... = {") is not one.
#
# usage: tools/sizes.sh [-n N] [FILE.c...]   (default src/*.c)
cd "$(dirname "$0")/.." || exit 2
top=5
[ "${1:-}" = -n ] && { top=$2; shift 2; }
[ $# -gt 0 ] || set -- src/*.c
FILE_MAX=900 FUNC_MAX=100
over=0
while read -r n f; do
	[ "$f" = total ] && continue
	[ "$n" -gt "$FILE_MAX" ] && { echo "file over $FILE_MAX lines: $f ($n)"; over=1; }
done < <(wc -l "$@")
funcs=$(awk '
FNR == 1 { inbody = 0; sigline = 0 }
!inbody && /^[A-Za-z_].*\(/ { sig = $0; sigline = FNR }
!inbody && /^\{$/ { inbody = 1; start = sigline ? sigline : FNR; next }
inbody && /^\}/ {
	name = sig; sub(/\(.*/, "", name); sub(/.*[ *]/, "", name)
	printf "%d %s:%d %s\n", FNR - start + 1, FILENAME, start, name
	inbody = 0; sigline = 0
}' "$@" | sort -rn)
while read -r n where name; do
	[ -n "$n" ] && [ "$n" -gt "$FUNC_MAX" ] && { echo "function over $FUNC_MAX lines: $name ($where, $n)"; over=1; }
done <<<"$funcs"
echo "longest functions:"
head -n "$top" <<<"$funcs" | sed 's/^/  /'
exit $over
