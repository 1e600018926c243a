#!/bin/bash
# `vexplain bisect --kernels` on real kernels: Debian's 6.1 and 6.12 in qemu
# and this machine's kernel. Two real changes: tests/bpf/iter_num.bpf.c
# calls the bpf_iter_num kfuncs (6.4), so 6.1 refuses it and 6.12 and later
# load it (a verdict change); the story's cgroup_skb program is rejected
# everywhere, in 6.1's words "unknown func bpf_probe_read#4" and from 6.12 on
# "program of this type cannot use helper" (a wording change). Bad kernel
# lists are clear errors before anything boots. Fetches the kernels as
# tests/t_vm.sh does; SKIPs only where qemu, the archive or bpf() is missing.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
# bad NAME ARGS...: refused with exit 2; what it printed on stdout is kept
bad() {
	expect_status "$1" 2 "${@:2}"
	cat "$T/out" >>"$T/bad.out"
}

for src in iter_num story_probe_read; do
	if ! clang -g -O2 -target bpf -I/usr/include/"$(uname -m)"-linux-gnu \
		-c "tests/bpf/$src.bpf.c" -o "$T/$src.o" 2>"$T/cc.err"; then
		skip bisect-kernels "clang cannot build tests/bpf/$src.bpf.c: $(head -1 "$T/cc.err")"
		exit 0
	fi
done
ITER=$T/iter_num.o
STORY=$T/story_probe_read.o

# --- bad lists: refused before any kernel is loaded ---------------------------
bad bk-one-kernel "$V" bisect --kernels 6.1 "$ITER"
expect_grep bk-one-kernel-message "$T/err" 'two kernels or more are needed to bisect (given: 6.1)' \
	'vexplain load --kernel 6.1 OBJ'
bad bk-one-host "$V" bisect --kernels host "$ITER"
expect_grep bk-one-host-message "$T/err" '`vexplain load OBJ` loads on one'
bad bk-empty-name "$V" bisect --kernels 6.1,,host "$ITER"
expect_grep bk-empty-name-message "$T/err" "an empty name in '6.1,,host'"
bad bk-trailing-comma "$V" bisect --kernels=6.1,host, "$ITER"
bad bk-twice "$V" bisect --kernels 6.1,host,6.1 "$ITER"
expect_grep bk-twice-message "$T/err" 'kernel 6.1 is in the list twice'
bad bk-bad-name "$V" bisect --kernels 6.1,linux-6.6,host "$ITER"
expect_grep bk-bad-name-message "$T/err" "bad kernel 'linux-6.6' (each is host, a Debian release" \
	'kernel image linux-6.6: No such file'
bad bk-directory "$V" bisect --kernels host,"$T" "$ITER"
expect_grep bk-directory-message "$T/err" "bad kernel '$T'.*not a file"
if command -v apt-cache >/dev/null; then
	bad bk-unknown-release "$V" bisect --kernels 6.1,6.99 "$ITER"
	expect_grep bk-unknown-release-message "$T/err" 'apt knows no package linux-image-6.99'
fi
bad bk-missing-object "$V" bisect --kernels 6.1,host "$T/missing.o"
expect_grep bk-missing-object-message "$T/err" 'missing.o: No such file'
bad bk-no-object "$V" bisect --kernels 6.1,host
bad bk-commit-option "$V" bisect --kernels 6.1,host --build make "$ITER"
expect_grep bk-commit-option-message "$T/err" "unknown option or missing value: '--build'"
bad bk-bad-change "$V" bisect --kernels 6.1,host --change words "$ITER"
expect_grep bk-bad-change-message "$T/err" '--change takes verdict, reason or wording'
# nothing booted for any of them: no VM line, no progress, no stdout
[ -f "$T/bad.out" ] && [ ! -s "$T/bad.out" ]
check bk-errors-print-nothing $? "stdout: $(head -c 200 "$T/bad.out")"
expect_status bk-help 0 "$V" bisect --help
expect_grep bk-help-text "$T/out" 'vexplain bisect --kernels K1,K2,...,KN OBJ.o' '--change WHAT' '--linear'

# --- real kernels -----------------------------------------------------------------
if ! command -v qemu-system-x86_64 >/dev/null; then
	skip bisect-kernels-vm "qemu-system-x86_64 is not installed (make deps installs qemu-system-x86)"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	skip bisect-kernels-vm "not root: the host kernel's bpf() needs CAP_BPF (run make test as root)"
	exit 0
fi
# The first use fetches a kernel (apt-get download); apt may need its lists.
# (load exits 1 for the story's rejection: the kernel booted)
fetch() {
	"$V" load --kernel "$1" --raw "$STORY" >/dev/null 2>"$T/fetch.err"
	[ $? -le 1 ] && return 0
	grep -qE 'apt knows no package|apt-get download' "$T/fetch.err" || return 1
	apt-get update -qq >/dev/null 2>&1
	"$V" load --kernel "$1" --raw "$STORY" >/dev/null 2>"$T/fetch.err"
	[ $? -le 1 ]
}
for k in 6.1 6.12; do
	if ! fetch $k; then
		skip bisect-kernels-vm "cannot boot Debian's $k here: $(head -2 "$T/fetch.err")"
		exit 0
	fi
done

# A verdict change: refused on 6.1, loaded from 6.12 on.
expect_status bk-iter-found 1 "$V" bisect --kernels 6.1,6.12,host --json "$ITER"
cp "$T/out" "$T/iter.json"
expect_json bk-iter-json "$T/iter.json" '
r = ds[-1]
assert r["result"] == "found" and r["first_new"] == "6.12" and r["last_old"] == "6.1", r
assert r["first_new_release"].startswith("6.12.") and r["last_old_release"].startswith("6.1.")
assert [s["kernel"] for s in r["decisions"]] == ["6.1", "host", "6.12"], r["decisions"]
assert [s["verdict"] for s in r["decisions"]] == ["old", "new", "new"]
old = ds[0]["programs"][0]
assert old["verdict"] == "rejected" and old["category"] == "kfunc-unavailable", old
assert "bpf_iter_num" in old["message"] and "kfunc-unavailable" in ds[0]["why"]
assert ds[2]["programs"][0]["verdict"] == "accepted" and ds[2]["why"] == "iter_sum: accepted"
assert r["explanation"]["on"] == "6.1" and r["explanation"]["category"] == "kfunc-unavailable"
assert len(ds) == 4 and r["steps"] == 3 and r["change"] == "verdict" and r["mode"] == "binary"'
expect_status bk-iter-text 1 "$V" bisect --kernels 6.1,6.12,host "$ITER"
expect_grep bk-iter-text-report "$T/out" '^6\.12 (6\.12\.[^)]*) is the first new kernel$' \
	'^Last old: 6\.1 (6\.1\.[^)]*) iter_sum: rejected kfunc-unavailable' \
	'^First new: 6\.12 .* iter_sum: accepted$' '^Steps:$' \
	'^   1 6\.1 .* old  iter_sum: rejected' '^   3 6\.12 .* new  iter_sum: accepted$' \
	'^3 of 3 kernels loaded (binary search, one change assumed), change: verdict$' \
	'^Why it is rejected on 6\.1:$'
# the host is the first new kernel when 6.12 is not in the list
expect_status bk-iter-host 1 "$V" bisect --kernels 6.1,host --json "$ITER"
expect_json bk-iter-host-json "$T/out" 'ds[-1]["first_new"] == "host" and ds[-1]["steps"] == 2'

# The story: rejected everywhere, so no verdict change (two loads: the ends) ...
expect_status bk-story-same 0 "$V" bisect --kernels 6.1,6.12,host "$STORY"
expect_grep bk-story-same-message "$T/out" \
	'^No kernel changes the verdict: 6\.1 and host agree (story_egress: rejected helper-unavailable' \
	'the kernels between them were not loaded (--linear loads each)' \
	'^2 of 3 kernels loaded'
# ... but its wording changed after 6.1: 6.12 is the first kernel with the new words.
expect_status bk-story-wording 1 "$V" bisect --kernels 6.1,6.12,host --change wording --json "$STORY"
expect_json bk-story-wording-json "$T/out" '
r = ds[-1]
assert r["first_new"] == "6.12" and r["change"] == "wording", r
d = {s["kernel"]: s for s in ds[:-1]}
assert "unknown func bpf_probe_read#4" in d["6.1"]["why"], d["6.1"]
assert "program of this type cannot use helper bpf_probe_read#4" in d["6.12"]["why"]
assert r["explanation"]["on"] == "6.12" and r["explanation"]["pattern"] == "helper-prog-type"'
# --change reason: the same category and pattern everywhere
expect_status bk-story-reason 0 "$V" bisect --kernels 6.1,6.12,host --change reason "$STORY"
expect_status bk-story-markdown 1 "$V" bisect --kernels 6.1,6.12,host --change wording --markdown "$STORY"
expect_grep bk-story-markdown-report "$T/out" '^### vexplain bisect --kernels$' \
	'^`6\.12` (6\.12\.[^)]*) is the first new kernel$' '^- last old: `6\.1` ' \
	'^| step | kernel | release | verdict | why |$' '^| 1 | `6\.1` | 6\.1\.' \
	'^#### Why it is rejected on 6\.12$'
# --linear loads each, in order, and names each change
expect_status bk-story-linear 1 "$V" bisect --kernels 6.1,6.12,host --change wording --linear --json "$STORY"
expect_json bk-story-linear-json "$T/out" '
r = ds[-1]
assert [s["kernel"] for s in r["decisions"]] == ["6.1", "6.12", "host"], r["decisions"]
assert r["first_new"] == "6.12" and r["changes"] == ["6.12"] and r["mode"] == "linear"'

# A longer list: the images as paths too (booted as bzImages), five kernels, the
# wording change at the third. Binary search: both ends, then the middle, then
# the one before it: four loads, not five.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/vexplain/kernels
K5="6.1,$cache/6.1/vmlinuz,6.12,$cache/6.12/vmlinuz,host"
expect_status bk-five 1 "$V" bisect --kernels "$K5" --change wording --json "$STORY"
expect_json bk-five-json "$T/out" '
r = ds[-1]
got = [s["kernel"].split("/kernels/")[-1] for s in r["decisions"]]
assert got == ["6.1", "host", "6.12", "6.1/vmlinuz"], got
assert r["first_new"] == "6.12" and r["last_old"].endswith("6.1/vmlinuz") and r["steps"] == 4'

# A kernel that cannot boot: skipped; between the last old and the first new it
# leaves candidates (exit 3); as an end it stops the bisect (exit 4).
printf 'not a kernel\n' >"$T/bogus.img"
expect_status bk-skip-candidates 3 "$V" bisect --kernels "6.1,$T/bogus.img,6.12,host" --json "$ITER"
expect_json bk-skip-candidates-json "$T/out" '
r = ds[-1]
assert r["result"] == "only-skipped" and r["first_new"] is None, r
assert r["candidates"] == ["'"$T"'/bogus.img", "6.12"], r["candidates"]
assert [s["verdict"] for s in r["decisions"]] == ["old", "new", "skip", "new"]'
expect_status bk-skip-text 3 "$V" bisect --kernels "6.1,$T/bogus.img,6.12,host" "$ITER"
expect_grep bk-skip-text-report "$T/out" "^There are only 'skip'ped kernels left to test\.$" \
	"^$T/bogus.img  could not load: the VM" '^We cannot bisect more!$'
expect_status bk-bad-end 4 "$V" bisect --kernels "6.1,$T/bogus.img" "$ITER"
expect_grep bk-bad-end-message "$T/err" \
	"cannot bisect without the last kernel (it says what is new): $T/bogus.img: could not load"
# an object the first kernel refuses outright is the user's to fix: exit 2, one load
expect_status bk-bad-object 2 "$V" bisect --kernels 6.1,host --json "$T/bogus.img"
expect_json bk-bad-object-json "$T/out" 'ds[-1]["result"] == "error" and ds[-1]["steps"] == 1'

# Progress: on a terminal only, and never with --quiet; stdout is the report alone.
if command -v script >/dev/null; then
	script -qec "'$V' bisect --kernels 6.1,host '$ITER' >'$T/tty.out'" "$T/tty.log" >/dev/null 2>&1
	expect_grep bk-progress-tty "$T/tty.log" 'Bisecting 2 kernels: the first, 6\.1, is old' \
		'old: iter_sum: rejected .*\[step 1, ' '\[host\] the last kernel'
	expect_no_grep bk-progress-not-in-stdout "$T/tty.out" 'Bisecting'
	script -qec "'$V' bisect -q --kernels 6.1,host '$ITER' >'$T/tty.out'" "$T/tty.log" >/dev/null 2>&1
	expect_no_grep bk-progress-quiet "$T/tty.log" 'Bisecting\|booting'
else
	skip bk-progress-tty "script(1) is missing (util-linux)"
fi
"$V" bisect --kernels 6.1,host "$ITER" >"$T/out" 2>"$T/err"
[ ! -s "$T/err" ]
check bk-progress-not-in-pipe $? "stderr: $(head -c 300 "$T/err")"
exit 0
