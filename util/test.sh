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
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
echo "== sanitizer build (ASan+UBSan) =="
ctest --test-dir build-asan --output-on-failure -j"$jobs" -E '^bench'
echo "== release build =="
ctest --test-dir build --output-on-failure -j"$jobs"
