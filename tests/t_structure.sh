#!/bin/bash
# Issue 11's size limits (tools/sizes.sh): no C file of src/ over 900 lines,
# no function over 100 lines; and the counter itself sees a long function
# and passes over a long table.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

tools/sizes.sh >"$T/out" 2>&1
check sizes-src $? "$(grep over "$T/out")"

{
	echo "static const int table[] = {"
	for i in $(seq 150); do echo "	$i,"; done
	echo "};"
	echo "static int long_one(int x)"
	echo "{"
	for i in $(seq 100); do echo "	x += $i;"; done
	echo "	return x;"
	echo "}"
} >"$T/long.c"
tools/sizes.sh "$T/long.c" >"$T/out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "function over 100 lines: long_one" "$T/out" && ! grep -q "table" "$T/out"
check sizes-counter $? "exit $rc: $(cat "$T/out")"

# The build passes -Isrc, so a header in src/ named like a system header
# (regex.h once) hides the system one from every <...> include: CI's clean
# build broke on it while an incremental build did not notice.
shadow=""
for h in src/*.h; do
	n=$(basename "$h")
	for d in /usr/include /usr/include/x86_64-linux-gnu /usr/local/include; do
		[ -e "$d/$n" ] && shadow="$shadow $n($d)"
	done
	grep -rqs "#include <$n>" src && shadow="$shadow $n(<$n> in src)"
done
[ -z "$shadow" ]
check no-shadowed-system-header $? "src headers that hide a system one:$shadow"
