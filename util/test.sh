#!/usr/bin/env bash
# util/test.sh -- the README's second command: install what is missing, then
# build and run every test twice: a normal build and an ASan+UBSan build.
#
# Where the time goes (2 cores, measured): the two ctest passes and the
# fuzzing, not the builds.  So the ASan+UBSan tree is built first and its
# pass starts at once; the other trees (the release pass's, the Release -O3
# one, the fuzz targets) are built beside it, at a lower priority: that
# pass's PostgreSQL tests spend most of their time waiting on the server,
# one at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash util/deps.sh --test
jobs=$(nproc)
fuzz_s=${DR_FUZZ_SECONDS:-30}
fuzz=0
if [ "$fuzz_s" -gt 0 ] && [ -f tests/fuzz/CMakeLists.txt ] &&
    command -v clang >/dev/null 2>&1 &&
    printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' |
    clang -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
	fuzz=1
fi
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null

logs=$(mktemp -d "${TMPDIR:-/tmp}/dr-test-XXXXXX")
trap 'rm -rf "$logs"' EXIT
(
	set -e
	nice cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
	nice cmake --build build -j"$jobs"
	# Release (-O3) is built too, not tested: its optimizer sees more
	# paths and warns where the others do not (-Werror), and packagers
	# build it.
	nice cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release
	nice cmake --build build-release -j"$jobs"
	if [ $fuzz = 1 ]; then
		CC=clang nice cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		    -DFUZZ=ON -DSANITIZE=ON -DFUZZ_SECONDS="$fuzz_s"
		nice cmake --build build-fuzz -j"$jobs" --target fuzz-all
	fi
) > "$logs/build.log" 2>&1 &
builder=$!

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
echo "== sanitizer build (ASan+UBSan) =="
rc=0
ctest --test-dir build-asan --output-on-failure -j"$jobs" -E '^bench' || rc=$?
if ! wait $builder; then
	echo "== building build, build-release or build-fuzz failed =="
	tail -60 "$logs/build.log"
	exit 1
fi
[ $rc -eq 0 ] || exit $rc
# The tests labelled asan-only (tests/CMakeLists.txt: answers that do not
# depend on the build) ran in the pass above; every other test runs again.
echo "== release build (asan-only tests left out:" \
    "$(ctest --test-dir build -N -L '^asan-only$' | grep -c 'Test *#')) =="
ctest --test-dir build --output-on-failure -j"$jobs" -LE '^asan-only$'

# == fuzz regression (tests/fuzz, docs/HARDENING.md) ==========================
# The corpus replays in both builds above (ctest fuzz/replay/*).  Here, where
# clang can link libFuzzer, each target also fuzzes for DR_FUZZ_SECONDS
# (default 30: seven targets, four rounds of two, about 2 minutes) under
# ASan+UBSan.  Skipped, never failed, when clang or libFuzzer is missing.
if [ $fuzz = 1 ]; then
	echo "== fuzz regression (libFuzzer, ${fuzz_s} s per target) =="
	ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -L '^fuzz$'
else
	echo "== fuzz regression skipped (no clang with libFuzzer, or DR_FUZZ_SECONDS=0) =="
fi
