#!/usr/bin/env bash
# 3003-ptr-lying-server: `failures` and `sources` (PTR names, forward
# confirmation, the PTR cache, SPF today) against tests/dns/liar.py
# (issue 15, item 6).  A PTR owned by another address's name is no PTR
# name; an A record owned by another name confirms nothing; neither is
# cached, nor groups an IP under the name the liar gave.
. "$DR_SRC/tests/integration/lib.sh"
need_tool sqlite3
need_tool python3 "the lying server"
LIAR_PID=
trap '[ -n "$LIAR_PID" ] && kill $LIAR_PID 2>/dev/null; rm -rf "$T"' EXIT
python3 "$DR_SRC/tests/dns/liar.py" "$T/queries" >"$T/port" &
LIAR_PID=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
[ -s "$T/port" ] || { echo "FAIL: the lying server did not start"; exit 1; }
S="--dns-server 127.0.0.1:$(cat "$T/port")"
DB=$T/db.sqlite
mkdb "$DB" "$DR_SRC/tests/data/report/fixture.sql"
W="--db $DB --since 2026-11-09 --until 2026-11-15"

report $W $S failures --all --format json >"$T/f.json"
check_eq "failures exit (lies are failed lookups)" 69 $?
row() { json_get "$T/f.json" "' '.join(sorted(set('%s=%s/%s/%s' % (r['source_ip'], r['ptr'], r['fcrdns'], r['spf_today']) for r in j['rows'] if r['domain'] == 'example.com' and r['source_ip'] == '$1')))"; }
# 192.0.2.1 -> mail.google.com, whose A answer (over TCP) is evil.test's
check_eq "foreign A confirms nothing" "192.0.2.1=mail.google.com/None/temperror" "$(row 192.0.2.1)"
check_grep "the forward lie came over TCP" '^tcp A mail.google.com$' "$T/queries"
# 198.51.100.7: the PTR is owned by 1.1.1.1.in-addr.arpa
check_eq "foreign PTR is no name" "198.51.100.7=could not check (bad reply)/None/temperror" "$(row 198.51.100.7)"
check_eq "no query for the foreign PTR's name" "" "$(grep 'dns.google.com' "$T/queries")"
# SPF today: a:out.example.com answered by evil.test's A records
check_eq "foreign A: SPF today never pass" 0 \
    "$(json_get "$T/f.json" "sum(1 for r in j['rows'] if r['spf_today'] == 'pass')")"
check_eq "cache: no foreign name, nothing confirmed" "192.0.2.1|ok|mail.google.com|
2001:db8::5|nxdomain||
203.0.113.9|nxdomain||" "$(q "SELECT ip, status, name, fcrdns FROM ptr_cache ORDER BY ip")"

report $W $S sources --format json >"$T/s.json"
check_eq "sources exit" 69 $?
check_eq "grouped as unconfirmed, the foreign PTR as an error" \
    "google.com (unconfirmed):1 could not check (bad reply):1" \
    "$(json_get "$T/s.json" "' '.join('%s:%d' % (o['org'], o['ips']) for o in j['organizations'] if 'google' in o['org'] or 'could not' in o['org'])")"
finish
