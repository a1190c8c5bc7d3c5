#!/usr/bin/env bash
# 3005-spf-suite: the OpenSPF RFC 7208 test suite (release 2014.04, read
# from ../shared/spf-testsuite/, never copied into the repository) through
# `dmarc-report check DOMAIN --ip HOST --sender MAILFROM --helo HELO`,
# each scenario's zone served by NSD (tests/integration/spf-suite.py).
# 0 failed; the skipped tests are listed with their reason: only those
# that need a DNS timeout, which NSD cannot give.
. "$DR_SRC/tests/integration/lib.sh"
need_shared spf-testsuite/rfc7208-tests.yml
need_tool python3
python3 -c 'import yaml' 2>/dev/null ||
    skip_or_fail "python3-yaml missing (util/deps.sh installs it)"

python3 "$DR_SRC/tests/integration/spf-suite.py" \
    "$SHARED/spf-testsuite/rfc7208-tests.yml" "$T" >"$T/suite.out" 2>&1
rc=$?
cat "$T/suite.out"
[ "$rc" -eq 77 ] && skip_or_fail "nsd cannot run here"
check_eq "suite exit" 0 "$rc"
check_grep "summary: none failed" '^[0-9]+ passed, 0 failed, [0-9]+ skipped$' \
    "$T/suite.out"
# every test ran but those needing a timeout; a skip for any other reason
# (or a suite that shrank) shows here
check_eq "skips are DNS timeouts only" 0 \
    "$(grep '^skip: ' "$T/suite.out" | grep -vc 'needs a DNS timeout')"
check_grep "all tests counted" '^196 passed, 0 failed, 7 skipped$' "$T/suite.out"
finish
