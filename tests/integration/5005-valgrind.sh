#!/usr/bin/env bash
# Valgrind memcheck: dmarc-ingest (and dmarc-report, once built) run clean --
# no invalid read or write, no use of uninitialised memory, no definite
# leak -- on a generated Maildir (every outcome: stored, duplicate, rejected,
# not a report; gzip and zip; two reports in one message), its re-run and
# crash recovery, stdin, the samples and the hostile corpus (the bombs with
# an 8 MiB decompression cap so that memcheck takes seconds, not minutes).
# Then every ingest and report integration test (1xxx, 2xxx) is run again
# with both programs under memcheck (a DR_BUILD whose dmarc-ingest and
# dmarc-report are valgrind wrappers, and DR_MEMCHECK=1: a test that
# makes a large input only so that something takes a while may make a
# smaller one, see lib.sh); every memcheck log must be empty.
# (The 5xxx tests kill and time the programs, 9xxx inflates the bombs to the
# full cap: they are left out; DR_VG_TESTS='9002' runs that one by hand.)
# DR_VG_SWEEP=0 skips that part.  The sweep is split in two ctest entries
# so that ctest -j runs the halves at once (it is the longest test, and
# under load it outran its timeout): this one sweeps the 1xxx tests,
# 5011-valgrind-report the 2xxx ones (DR_VG_SWEEP_ONLY=1,
# DR_VG_TESTS=PATTERN).
# Skipped (77) in the sanitizer build: valgrind cannot run ASan binaries;
# util/test.sh runs it in the release build.
set -u
. "$(dirname "$0")/lib.sh"
need_tool valgrind
need_tool python3 "gen-test-maildir.py"
bin=$DR_BUILD/dmarc-ingest
if grep -q -a '__asan_init' "$bin"; then
	echo "skip: ASan build (valgrind runs in the release build)"; exit 77
fi
vg() { # name args... : one memcheck run
	local name=$1 rc
	shift
	valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
	    --errors-for-leak-kinds=definite --track-origins=yes \
	    --suppressions="$DR_SRC/tests/valgrind.supp" --log-file=$T/vg.$name \
	    "$@" > $T/out.$name 2> $T/err.$name < ${VG_STDIN:-/dev/null}
	rc=$?
	DR_CHECKS=$((DR_CHECKS + 1))
	if [ $rc -eq 99 ] || [ -s $T/vg.$name ]; then
		echo "FAIL: $name: memcheck errors:"; head -40 $T/vg.$name
		DR_FAILS=$((DR_FAILS + 1))
	elif [ $rc -gt 1 ]; then
		echo "FAIL: $name: exit $rc"; tail -3 $T/err.$name
		DR_FAILS=$((DR_FAILS + 1))
	else
		echo "  $name: clean (exit $rc) $(tail -1 $T/out.$name)"
	fi
}

if [ "${DR_VG_SWEEP_ONLY:-0}" != 1 ]; then
python3 "$DR_SRC/tests/integration/gen-test-maildir.py" $T/Maildir 60 > /dev/null
vg maildir "$bin" --no-progress --db $T/db.sqlite --batch 16 $T/Maildir
vg rerun "$bin" --no-progress --db $T/db.sqlite $T/Maildir
f=$(ls $T/Maildir/cur | head -1)
mv "$T/Maildir/cur/$f" "$T/Maildir/new/${f%:2,S}"
vg recovery "$bin" --no-progress --db $T/db.sqlite -v $T/Maildir
VG_STDIN=$T/Maildir/.Quarantine/new/$(ls $T/Maildir/.Quarantine/new | head -1) \
    vg stdin "$bin" --no-progress --db $T/db.sqlite -
vg json "$bin" --no-progress --json --db $T/db.sqlite $T/Maildir
if [ -d "$DR_SRC/samples" ] && [ -n "$(find "$DR_SRC/samples" -type f -print -quit)" ]; then
	find "$DR_SRC/samples" -type f \( -name '*.xml' -o -name '*.gz' -o -name '*.zip' \
	    -o -name '*.eml' \) -size -4M -print0 | sort -z > $T/samples
	mapfile -d '' -t files < $T/samples
	[ ${#files[@]} -gt 0 ] && vg samples "$bin" --no-progress --db $T/s.sqlite "${files[@]}"
fi
hostile="$DR_SRC/../shared/corpus/hostile"
if [ -d "$hostile" ]; then
	vg hostile "$bin" --no-progress --db $T/h.sqlite --max-decompressed 8388608 \
	    $(ls -d "$hostile"/* | grep -v 'EXPECT.tsv$')
else
	skip_part_or_fail "$hostile missing: the hostile corpus under memcheck"
fi
if [ -x "$DR_BUILD/dmarc-report" ] && "$DR_BUILD/dmarc-report" --db $T/db.sqlite summary > /dev/null 2>&1; then
	vg report-summary "$DR_BUILD/dmarc-report" --db $T/db.sqlite summary
fi
fi	# DR_VG_SWEEP_ONLY

# --- the other integration tests, with both programs under memcheck ---------
if [ "${DR_VG_SWEEP:-1}" != 0 ]; then
	w=$T/vgbuild
	mkdir -p $w $T/vglogs
	for e in "$DR_BUILD"/*; do
		case $(basename "$e") in dmarc-ingest|dmarc-report) ;; *) ln -s "$e" $w/ ;; esac
	done
	for p in dmarc-ingest dmarc-report; do
		[ -x "$DR_BUILD/$p" ] || continue
		cat > $w/$p <<SH
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
    --errors-for-leak-kinds=definite --suppressions="$DR_SRC/tests/valgrind.supp" \
    --log-file=$T/vglogs/$p.%p "$DR_BUILD/$p" "\$@"
SH
		chmod +x $w/$p
	done
	pat=${DR_VG_TESTS:-1[0-9][0-9][0-9]}
	for t in $(ls "$DR_SRC"/tests/integration/[0-9][0-9][0-9][0-9]-*.sh |
	    grep -E "/($pat)-"); do
		[ -e "$t" ] || continue
		name=$(basename "$t" .sh)
		t0=$SECONDS
		DR_BUILD=$w DR_MEMCHECK=1 bash "$t" > $T/sweep.$name 2>&1
		echo "  sweep $name under memcheck: exit $? in $((SECONDS - t0)) s," \
		    "$(ls $T/vglogs | wc -l) runs so far ($(tail -1 $T/sweep.$name))"
	done
	runs=$(ls $T/vglogs | wc -l)
	dirty=$(find $T/vglogs -type f -size +0 | wc -l)
	echo "  memcheck runs in the sweep: $runs, with errors: $dirty"
	check_eq "memcheck clean over the integration tests" 0 $dirty
	for f in $(find $T/vglogs -type f -size +0 | head -3); do
		echo "--- $f"; head -30 $f
	done
fi
finish
