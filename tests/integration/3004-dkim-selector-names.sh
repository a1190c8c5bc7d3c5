#!/usr/bin/env bash
# 3004-dkim-selector-names: `dmarc-report check` looks DKIM selectors up as
# dotted names (issue 15, item 7): an 83-octet selector of three labels is
# asked whole (tests/dns/liar.py has its key), never cut to 63 octets; a
# selector that cannot make a DNS name (a label over 63, a name over 253,
# an empty label) is "bad-selector" with the reason, never asked and never
# "no key", and is not stored as a state of DNS.
. "$DR_SRC/tests/integration/lib.sh"
need_tool python3 "the lying server"
need_tool sqlite3
need_tool jq
LIAR_PID=
trap '[ -n "$LIAR_PID" ] && kill $LIAR_PID 2>/dev/null; rm -rf "$T"' EXIT
python3 "$DR_SRC/tests/dns/liar.py" "$T/queries" >"$T/port" &
LIAR_PID=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
[ -s "$T/port" ] || { echo "FAIL: the lying server did not start"; exit 1; }
S="--dns-server 127.0.0.1:$(cat "$T/port")"
DB=$T/db.sqlite
mkdb "$DB"

long=$(printf 'a%.0s' $(seq 40)).$(printf 'b%.0s' $(seq 30)).$(printf 'c%.0s' $(seq 11))
check_eq "the selector is 83 octets" 83 "${#long}"
l64=$(printf 'x%.0s' $(seq 64))
big=$(printf 'y%.0s' $(seq 59)).$(printf 'y%.0s' $(seq 59)).$(printf 'y%.0s' $(seq 59)).$(printf 'y%.0s' $(seq 59))
report --db "$DB" $S check --timeout 1000 --tries 1 wrongname.test \
    --selector "$long" --selector "$l64" --selector "$big" --selector 'a..b' \
    --format json >"$T/c.json"
check_eq "check exit (lookups failed)" 69 $?
k() { jq -r ".domains[0].dkim[$1] | $2" "$T/c.json"; }
check_eq "83-octet selector asked whole" "ok|$long._domainkey.wrongname.test|ed25519" \
    "$(k 0 '[.status,.name,.key_type] | join("|")')"
check_eq "selector shown whole" "$long" "$(k 0 .selector)"
check_grep "asked whole" "^udp TXT $long._domainkey.wrongname.test\$" "$T/queries"
check_eq "64-octet label: bad-selector" "bad-selector|null|null|false" \
    "$(k 1 '[.status,.name,.record,.valid] | map(tostring) | join("|")')"
check_grep "64-octet label: why" "cannot be looked up: a label is over 63 octets" <(k 1 '.errors[]')
check_eq "name over 253: bad-selector" "bad-selector" "$(k 2 .status)"
check_grep "name over 253: why" "over 253 octets" <(k 2 '.errors[]')
check_eq "empty label: bad-selector" "bad-selector" "$(k 3 .status)"
check_eq "bad selectors never asked" "" "$(grep -E "x{64}|y{59}|a\.\.b" "$T/queries")"
check_eq "bad selectors never 'no key'" 0 \
    "$(jq '[.domains[0].dkim[] | select(.status == "none")] | length' "$T/c.json")"
check_eq "stored: the key, not the bad selectors" "$long._domainkey.wrongname.test|ok" \
    "$(q "SELECT name, status FROM dns_checks WHERE kind = 'dkim'")"

report $S check --timeout 1000 --tries 1 wrongname.test --selector "$l64" >"$T/t.txt"
check_eq "table exit (lookups failed)" 69 $?
check_grep "table says bad-selector" "dkim x+(\.\.\.|…)? +bad-selector" "$T/t.txt"
finish
