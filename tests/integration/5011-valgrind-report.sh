#!/usr/bin/env bash
# 5011-valgrind-report: the second half of 5005-valgrind's memcheck sweep,
# the report tests (2xxx) run again with both programs under memcheck.  A
# ctest entry of its own so that ctest -j runs both halves at once; the
# sweep is in 5005-valgrind.sh (skipped, 77, in the sanitizer build).
DR_VG_SWEEP_ONLY=1 DR_VG_TESTS='2[0-9][0-9][0-9]' \
    exec bash "$(dirname "$0")/5005-valgrind.sh"
