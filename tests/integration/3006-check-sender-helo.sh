#!/usr/bin/env bash
# 3006-check-sender-helo: `check --sender/--helo` refusals (usage, exit
# 64, one line saying why), and a DOMAIN that cannot be a DNS name is
# checked without a query: SPF none (RFC 7208 4.3).  No DNS server: the
# resolver is a port nobody answers, so any query would be a temperror.
. "$DR_SRC/tests/integration/lib.sh"
need_tool jq
S="--dns-server 127.0.0.1:9"
W="--timeout 200 --tries 1"

refused() { # WHAT MESSAGE ARGS...
	local what=$1 msg=$2
	shift 2
	report $S check example.test $W --ip 192.0.2.1 "$@" >"$T/out" 2>"$T/err"
	check_eq "$what: exit" 64 $?
	check_grep "$what: message" "$msg" "$T/err"
}
refused "sender without @" "check: --sender is LOCAL@DOMAIN" --sender nobody
refused "empty sender" "check: --sender must be 1 to 318 bytes" --sender ""
refused "control byte in sender" "check: --sender contains a control byte" \
    --sender $'a\tb@example.test'
refused "helo too long" "check: --helo must be 1 to 253 bytes" \
    --helo "$(printf 'h%.0s' $(seq 1 254))"
refused "helo with escape" "check: --helo contains a control byte" \
    --helo $'mx\e[31m.example.test'
refused "helo value missing" "check: --helo needs a value" --helo

# spaces are what a receiver may meet (a quoted local-part, a broken HELO)
report $S check 'A...example.com' '[192.0.2.1]' $W --ip 192.0.2.1 \
    --sender 'Macro Error@A...example.com' --helo "JUMPIN' JUPITER" \
    --format json >"$T/bad.json"
check_eq "malformed names: exit (a dead resolver: lookups failed)" 69 $?
check_eq "empty label: spf none, no query" \
    "a...example.com|none|none|a...example.com is not a valid domain name" \
    "$(jq -r '.domains[0] | [.domain, .spf.status, .spf.ip_results[0].result,
    .spf.ip_results[0].cause] | join("|")' "$T/bad.json")"
check_eq "domain literal: spf none, no query" \
    "none|[192.0.2.1] is a domain literal, not a domain name" \
    "$(jq -r '.domains[1].spf.ip_results[0] | [.result, .cause] | join("|")' \
    "$T/bad.json")"
report $S check "$(printf 'a%.0s' $(seq 1 254)).test" $W 2>"$T/err"
check_eq "over-long name: exit" 64 $?
check_grep "over-long name: message" "is not a domain name" "$T/err"
finish
