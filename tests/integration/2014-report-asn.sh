#!/usr/bin/env bash
# 2014-report-asn: ASN, prefix, country and AS name of every source IP
# (issue 12) from the IP-to-ASN TXT zones in the asn.cymru.com format,
# served by NSD (tests/dns/zones/asn.test.zone, --asn-zone asn.test):
# IPv4 and IPv6 (nibbles), MOAS, a missing entry ("no ASN known", a real
# answer), the cache and its TTL, --no-dns, the config key, the weekly
# HTML; then tests/dns/liar.py: a silent server is "could not check
# (timeout)", never "no ASN known", and a foreign-owned or garbage TXT is
# a bad reply; none of them cached.
. "$DR_SRC/tests/integration/lib.sh"
need_tool sqlite3
need_tool python3 "json_get"
. "$DR_SRC/tests/dns/nsd-run.sh"
nsd_start >/dev/null || skip_or_fail "nsd cannot run here"
LIAR_PID=
trap 'nsd_stop; [ -n "$LIAR_PID" ] && kill $LIAR_PID 2>/dev/null; rm -rf "$T"' EXIT
DB=$T/db.sqlite
mkdb "$DB" "$DR_SRC/tests/data/report/fixture.sql"
W="--db $DB --since 2026-11-09 --until 2026-11-15"
S="--dns-server 127.0.0.1:$NSD_PORT --asn-zone asn.test"
rows() { json_get "$1" "' '.join(sorted(set('%s=%s/%s/%s/%s/%s/%s' % (r['source_ip'], r['asn'], r['as_name'], r['country'], r['asn_prefix'], r['asn_status'], r['asns']) for r in j['rows'])))"; }

report $W $S failures --all --format json >"$T/f.json" 2>"$T/f.err"
# 69: NSD refuses example.com (SPF TODAY), as in 2002; the ASN names all answer
check_eq "failures exit" 69 $?
check_eq "asn columns" "192.0.2.1=64500/EXAMPLE-NL Example Net, NL/NL/192.0.2.0/24/ok/64500 198.51.100.7=64501/DOC-<b>NET</b>, US/US/198.51.100.0/24/ok/64501 64502 2001:db8::5=64510//DE/2001:db8::/32/ok/64510 203.0.113.9=None/None/None/None/none/None" \
    "$(rows "$T/f.json")"
check_eq "cache rows (TTL of the answer)" "192.0.2.1|ok|64500|192.0.2.0/24|NL|7200
198.51.100.7|ok|64501|198.51.100.0/24|US|7200
2001:db8::5|ok|64510|2001:db8::/32|DE|7200
203.0.113.9|nxdomain||||300" "$(q "SELECT ip, status, asn, prefix, cc, ttl FROM asn_cache WHERE zone = 'asn.test' ORDER BY ip")"
check_eq "negative answer clamped to 1 h" 3600 "$(q "SELECT expires_at - fetched_at FROM asn_cache WHERE ip = '203.0.113.9'")"
check_eq "name cache" "64500|ok|EXAMPLE-NL Example Net, NL 64501|ok|DOC-<b>NET</b>, US 64510|nxdomain|" \
    "$(q "SELECT asn, status, name FROM as_name_cache ORDER BY asn" | paste -sd' ')"

# the table: ASN, AS NAME and CC columns; a missing entry says so
report $W $S --wide sources >"$T/s.txt" 2>/dev/null
check_grep "table: ASN columns" "ASN +AS NAME +CC$" "$T/s.txt"
check_grep "table: v4 row" "192\.0\.2\.1 .* AS64500 +EXAMPLE-NL Example Net, NL +NL$" "$T/s.txt"
check_grep "table: no ASN known" "203\.0\.113\.9 .* no ASN known" "$T/s.txt"

# cached: --no-dns shows the same; a dead resolver changes nothing
report $W --no-dns --asn-zone asn.test failures --all --format json >"$T/n.json"
check_eq "no-dns: cached values" "$(rows "$T/f.json")" "$(rows "$T/n.json")"
printf 'asn-zone = asn.test\n' >"$T/conf"
report $W --config "$T/conf" --dns-server 127.0.0.1:9 sources --format csv >"$T/c.csv" 2>/dev/null
check_grep "config asn-zone, cache used" "^report.test,192.0.2.1,.*,64500,\"EXAMPLE-NL Example Net, NL\",NL,192.0.2.0/24,ok,,64500" "$T/c.csv"
# another zone base has no cache entry: not looked up
report $W --no-dns --asn-zone other.test failures --all --format json >"$T/o.json"
check_eq "other zone: not looked up" "not looked up" \
    "$(json_get "$T/o.json" "' '.join(sorted(set(r['asn_status'] for r in j['rows'])))")"
# --no-asn: no columns at all
report $W --no-dns --no-asn failures --all --format csv >"$T/na.csv"
check_eq "no-asn: no columns" "" "$(head -1 "$T/na.csv" | grep -o 'asn')"

# the weekly page: AS name (ASN) and country per source, escaped
report --db "$DB" $S html --week 2026-W46 --now 1795000000 -o "$T/w.html" 2>/dev/null
check_grep "html: network column" "Network \(country\)" "$T/w.html"
check_grep "html: name (ASN) and country, escaped" "<td>DOC-&lt;b&gt;NET&lt;/b&gt;, US \(AS64501\) <span class=\"muted\">US</span></td>" "$T/w.html"
check_grep "html: IPv6, no AS name" "<td>AS64510 <span class=\"muted\">DE</span></td>" "$T/w.html"
# after the TTL: the entries are stale; --no-dns does not use them
exp=$(q "SELECT max(expires_at) FROM asn_cache")
report --db "$DB" --no-dns --asn-zone asn.test html --week 2026-W46 --now $((exp + 1)) -o "$T/late.html" 2>/dev/null
check_grep "html after TTL, --no-dns: not looked up" "not looked up" "$T/late.html"
check_eq "html after TTL: no ASN shown" 0 "$(grep -c 'AS6450' "$T/late.html")"
# ...and a run with DNS looks them up again
q "UPDATE asn_cache SET fetched_at = 0, expires_at = 1"
report $W $S failures --all --format csv >/dev/null 2>&1
check_eq "expired: looked up again" 0 "$(q "SELECT count(*) FROM asn_cache WHERE fetched_at = 0")"

# a silent server: "could not check (timeout)", never "no ASN known"
python3 "$DR_SRC/tests/dns/liar.py" "$T/queries" >"$T/port" &
LIAR_PID=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
[ -s "$T/port" ] || { echo "FAIL: the lying server did not start"; exit 1; }
L="--dns-server 127.0.0.1:$(cat "$T/port")"
printf 'dns-timeout = 300\ndns-tries = 1\n' >"$T/fast"
q "DELETE FROM asn_cache; DELETE FROM as_name_cache"
report $W $L --config "$T/fast" --asn-zone silent.test failures --all --format json >"$T/t.json" 2>"$T/t.err"
check_eq "timeout exit" 69 $?
check_eq "timeout shown as such" "could not check/timeout" \
    "$(json_get "$T/t.json" "' '.join(sorted(set('%s/%s' % (r['asn_status'], r['asn_cause']) for r in j['rows'])))")"
check_grep "timeout: the line" "dns-lookup-failed: [0-9]+ DNS lookups? failed \(timeout\)" "$T/t.err"
report $W $L --config "$T/fast" --asn-zone silent.test sources >"$T/t.txt" 2>/dev/null
check_grep "table: could not check (timeout)" "203\.0\.113\.9 .*could not check \(timeout\)" "$T/t.txt"
check_eq "timeout: nothing cached" 0 "$(q "SELECT count(*) FROM asn_cache")"
# lies: a TXT owned by another IP's name, and garbage, are bad replies
report $W $L --asn-zone lie.test failures --all --format json >"$T/l.json" 2>/dev/null
check_eq "lies: bad reply, no answer taken" "192.0.2.1=could not check/bad reply 198.51.100.7=could not check/bad reply" \
    "$(json_get "$T/l.json" "' '.join(sorted(set('%s=%s/%s' % (r['source_ip'], r['asn_status'], r['asn_cause']) for r in j['rows'] if r['source_ip'] in ('192.0.2.1', '198.51.100.7'))))")"
check_eq "lies: not cached" 0 "$(q "SELECT count(*) FROM asn_cache WHERE status = 'ok'")"
finish
