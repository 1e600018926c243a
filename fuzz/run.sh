#!/bin/bash
# make fuzz: run every libFuzzer target of build-fuzz/ for SECONDS each,
# seeded from corpus/ (logs, public, vm), examples/, tests/regress/ and the
# pattern database's example lines. The growing corpus stays in
# build-fuzz/corpus/TARGET; an input that breaks a target is saved as
# build-fuzz/artifacts/TARGET-crash-* and listed: copy it to
# tests/regress/TARGET-NAME and tests/unit_regress replays it in every
# `make test` (and under ASan/UBSan with make test SAN=1).
#
# usage: fuzz/run.sh [SECONDS] [TARGET...]   exit: 0 nothing found, 1 found
# env: FUZZ_SEED (libFuzzer's -seed; 0, the default, picks one)
set -u
cd "$(dirname "$0")/.." || exit 2
SECONDS_EACH=${1:-60}
shift
F=build-fuzz
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(unwrap vlog patterns prefilter pipeline)
mkdir -p "$F/artifacts" "$F/seeds/patterns" "$F/seeds/regress"

# one seed per example line of the database, for the line-level targets
i=0
for f in patterns/*.pat; do
	sed -n 's/^example: //p' "$f"
done | while IFS= read -r line; do
	i=$((i + 1))
	printf '%s' "$line" >"$F/seeds/patterns/ex$i"
done
rm -f "$F/seeds/regress/"*
cp tests/regress/* "$F/seeds/regress/" 2>/dev/null

found=0
for t in "${targets[@]}"; do
	bin=$F/fuzz_$t
	[ -x "$bin" ] || { echo "fuzz: $bin: not built (make fuzz-build)"; exit 2; }
	mkdir -p "$F/corpus/$t"
	case $t in
	patterns | prefilter) seeds=("$F/seeds/patterns"); maxlen=4096 ;;
	*) seeds=(corpus/logs corpus/public corpus/vm examples); maxlen=65536 ;;
	esac
	seeds+=("$F/seeds/regress")
	before=$(ls "$F/artifacts" | wc -l)
	"$bin" -max_total_time="$SECONDS_EACH" -seed="${FUZZ_SEED:-0}" -timeout=20 -rss_limit_mb=2048 -max_len=$maxlen \
		-artifact_prefix="$F/artifacts/$t-" -print_final_stats=1 \
		"$F/corpus/$t" "${seeds[@]}" >"$F/$t.log" 2>&1
	rc=$?
	after=$(ls "$F/artifacts" | wc -l)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$F/$t.log")
	if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ]; then
		found=1
		echo "fuzz $t: FOUND something (exit $rc) after ${runs:-?} runs; see $F/$t.log:"
		grep -m3 -E 'ERROR|runtime error|SUMMARY' "$F/$t.log" | sed 's/^/    /'
		ls -t "$F/artifacts" | head -3 | sed "s|^|    $F/artifacts/|"
	else
		echo "fuzz $t: ${SECONDS_EACH}s, ${runs:-?} runs, nothing found"
	fi
done
exit $found
