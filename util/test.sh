#!/usr/bin/env bash
# util/test.sh -- the README's second command: install what is missing, then
# build and run every test twice: a normal build and an ASan+UBSan build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash util/deps.sh --test
jobs=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" >/dev/null
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
# Release (-O3) is built too, not tested: its optimizer sees more paths and
# warns where the others do not (-Werror), and packagers build it.
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j"$jobs" >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
echo "== sanitizer build (ASan+UBSan) =="
ctest --test-dir build-asan --output-on-failure -j"$jobs" -E '^bench'
echo "== release build =="
ctest --test-dir build --output-on-failure -j"$jobs"

# == fuzz regression (tests/fuzz, docs/HARDENING.md) ==========================
# The corpus replays in both builds above (ctest fuzz/replay/*).  Here, where
# clang can link libFuzzer, each target also fuzzes for DR_FUZZ_SECONDS
# (default 30: five targets, about 3 minutes with the build) under
# ASan+UBSan.  Skipped, never failed, when clang or libFuzzer is missing.
fuzz_s=${DR_FUZZ_SECONDS:-30}
if [ "$fuzz_s" -gt 0 ] && [ -f tests/fuzz/CMakeLists.txt ] &&
    command -v clang >/dev/null 2>&1 &&
    printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' |
    clang -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
	echo "== fuzz regression (libFuzzer, ${fuzz_s} s per target) =="
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFUZZ=ON \
	    -DSANITIZE=ON -DFUZZ_SECONDS="$fuzz_s" >/dev/null
	cmake --build build-fuzz -j"$jobs" --target fuzz-all >/dev/null
	ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -L '^fuzz$'
else
	echo "== fuzz regression skipped (no clang with libFuzzer, or DR_FUZZ_SECONDS=0) =="
fi
