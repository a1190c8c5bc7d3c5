#!/usr/bin/env bash
# 3002-check-lying-server: `dmarc-report check` against tests/dns/liar.py, a
# server that answers with records owned by other names (issue 15, item
# 6).  Only records owned by the name asked, or by the end of the CNAME
# chain from it, are taken; a reply holding only other owners' records is
# a temporary error ("could not check"), never a record and never "no
# record".  Some lies travel over TCP (TC over UDP first).
. "$DR_SRC/tests/integration/lib.sh"
need_tool python3 "the lying server"
need_tool jq
LIAR_PID=
trap '[ -n "$LIAR_PID" ] && kill $LIAR_PID 2>/dev/null; rm -rf "$T"' EXIT
python3 "$DR_SRC/tests/dns/liar.py" "$T/queries" >"$T/port" &
LIAR_PID=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
[ -s "$T/port" ] || { echo "FAIL: the lying server did not start"; exit 1; }
S="--dns-server 127.0.0.1:$(cat "$T/port")"
O="--timeout 1000 --tries 1"

report $S check $O wrongname.test chain.test loop.test --selector s1 \
    --ip 192.0.2.77 --ip 192.0.2.88 --ip 192.0.2.99 --format json >"$T/c.json"
check_eq "check exit (lookups failed)" 69 $?
d() { jq -r ".domains[] | select(.domain == \"$1\") | $2" "$T/c.json"; }

# _dmarc.wrongname.test answered by a TXT of _dmarc.evil.test (over TCP)
check_eq "foreign DMARC TXT not taken" "temperror|null|null" \
    "$(d wrongname.test '.dmarc | [.status,.record,.p] | map(tostring) | join("|")')"
check_grep "foreign DMARC TXT: could not look up" \
    'could not look up _dmarc.wrongname.test \(error\)' <(d wrongname.test '.dmarc.errors[]')
check_grep "the DMARC lie came over TCP" '^tcp TXT _dmarc.wrongname.test$' "$T/queries"
# SPF a:host.wrongname.test answered by an A record of other.test
check_eq "foreign A: no SPF pass" "temperror temperror temperror" \
    "$(d wrongname.test '[.spf.ip_results[].result] | join(" ")')"
check_grep "foreign A: the cause" 'A lookup for host.wrongname.test: error' \
    <(d wrongname.test '.spf.ip_results[0].mechanism // .spf.errors[]')
check_eq "foreign DKIM TXT not taken" "temperror|null" \
    "$(d wrongname.test '.dkim[0] | [.status,.record] | map(tostring) | join("|")')"
check_eq "foreign MX not taken" "temperror|" "$(d wrongname.test '[.mx_status, (.mx | join(","))] | join("|")')"

# a CNAME chain listed out of order, a foreign A mixed in: 192.0.2.88 only
check_eq "CNAME chain followed, foreign A ignored" "fail pass fail" \
    "$(d chain.test '[.spf.ip_results[].result] | join(" ")')"
check_eq "chain: SPF still ok" "ok" "$(d chain.test '.spf.status')"
# a CNAME loop with an address at its start: an error, never a pass
check_eq "CNAME loop: temperror" "temperror temperror temperror" \
    "$(d loop.test '[.spf.ip_results[].result] | join(" ")')"
# names the liar does not know are NXDOMAIN: "none", as before
check_eq "true negatives stay none" "none|none" "$(d chain.test '[.dmarc.status,.dkim[0].status] | join("|")')"

# a reply to another question is never an answer (c-ares drops it, and
# report/dns/answer.c would refuse it): a timeout, not "none"
report $S check --timeout 300 --tries 1 qname.wrongname.test --format json >"$T/q.json"
check_eq "reply to another question exit (lookups failed)" 69 $?
check_grep "reply to another question was sent" '^udp TXT qname.wrongname.test$' "$T/queries"
check_eq "reply to another question: SPF not taken" "temperror" \
    "$(jq -r '.domains[0].spf.status' "$T/q.json")"
finish
