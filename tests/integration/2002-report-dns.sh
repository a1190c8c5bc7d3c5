#!/usr/bin/env bash
# 2002-report-dns: PTR names and forward confirmation through a real NSD
# (tests/dns/nsd-run.sh serving tests/dns/zones/), the PTR cache and its
# TTL, --no-dns, sources grouped by organization, a busy database.
. "$DR_SRC/tests/integration/lib.sh"
# these columns and exit statuses predate the ASN lookups (issue 12, tested
# in 2014-report-asn): every run here is without them
report() { "$DR_BUILD/dmarc-report" --no-asn "$@"; }
need_tool sqlite3
need_tool python3 "json_get"
. "$DR_SRC/tests/dns/nsd-run.sh"
nsd_start >/dev/null || skip_or_fail "nsd cannot run here"
trap 'nsd_stop; rm -rf "$T"' EXIT
DB=$T/db.sqlite
mkdb "$DB" "$DR_SRC/tests/data/report/fixture.sql"
W="--db $DB --since 2026-11-09 --until 2026-11-15"

# exit 69: NSD refuses the names it does not serve (example.com's SPF for
# SPF TODAY), and a refused lookup is a failed lookup (issue 14)
report $W --dns-server 127.0.0.1:$NSD_PORT failures --all --format json >"$T/f.json" 2>"$T/f.err"
check_eq "failures exit" 69 $?
check_grep "failures: refused said once" "^dmarc-report: dns-lookup-failed: [0-9]+ DNS lookups? failed \(refused\) at 127.0.0.1:$NSD_PORT" "$T/f.err"
check_eq "failures: one line per cause" 1 "$(wc -l <"$T/f.err")"
check_eq "ptr and fcrdns" "198.51.100.7=liar.report.test/False 2001:db8::5=v6.report.test/True 192.0.2.1=mail.report.test/True 192.0.2.1=mail.report.test/True 203.0.113.9=(no PTR)/None" \
    "$(json_get "$T/f.json" "' '.join('%s=%s/%s' % (r['source_ip'], r['ptr'], r['fcrdns']) for r in j['rows'])")"
check_eq "cache rows" "192.0.2.1|ok|mail.report.test|1|3600
198.51.100.7|ok|liar.report.test|0|3600
2001:db8::5|ok|v6.report.test|1|3600
203.0.113.9|nxdomain|||300" "$(q "SELECT ip, status, name, fcrdns, ttl FROM ptr_cache ORDER BY ip")"
check_eq "cache expiry = ttl clamped to >= 1h" 4 "$(q "SELECT count(*) FROM ptr_cache WHERE expires_at - fetched_at = 3600")"

# sources: grouped by the confirmed org of the PTR name
report $W --dns-server 127.0.0.1:$NSD_PORT sources --format json >"$T/s.json"
check_eq "sources orgs" "report.test:2:20:1 report.test (unconfirmed):1:8:8 (no PTR):1:4:0" \
    "$(json_get "$T/s.json" "' '.join('%s:%d:%d:%d' % (o['org'],o['ips'],o['messages'],o['dmarc_fail']) for o in j['organizations'])")"

# cached: a dead resolver changes nothing in the PTR columns, and --no-dns
# shows the cache; the SPF TODAY columns (the last two) say temperror with
# a dead resolver and are empty with --no-dns
report $W --dns-server 127.0.0.1:9 failures --format csv >"$T/c1.csv"
check_grep "cache used" "^example.com,198.51.100.7,liar.report.test,no," "$T/c1.csv"
report $W --no-dns failures --format csv >"$T/c2.csv"
check_eq "no-dns same as cache" "$(cut -d, -f1-17 "$T/c1.csv")" "$(cut -d, -f1-17 "$T/c2.csv")"
check_eq "dead resolver: spf today temperror" "spf_today temperror temperror" \
    "$(tr -d '\r' <"$T/c1.csv" | cut -d, -f18 | paste -sd' ')"
check_eq "no-dns: spf today empty" ", spf_today,spf_today_mechanism" \
    "$(tr -d '\r' <"$T/c2.csv" | cut -d, -f18-19 | LC_ALL=C sort -u | paste -sd' ')"

# expired entries + dead resolver: "(DNS error)", nothing cached as absent
q "UPDATE ptr_cache SET expires_at = 0"
report $W --dns-server 127.0.0.1:9 failures --format csv >"$T/c3.csv" 2>/dev/null
check_eq "temporary error exit" 69 $?
check_grep "temporary error shown" "^example.com,198.51.100.7,could not check \(refused\),," "$T/c3.csv"
check_eq "temporary not cached" 0 "$(q "SELECT count(*) FROM ptr_cache WHERE expires_at > 0")"

# an ingest holding the write lock: report still answers, cache skipped
q "DELETE FROM ptr_cache"
( echo "BEGIN IMMEDIATE; INSERT INTO messages(source_key, path, sha256, size, outcome, ingested_at) VALUES ('lock','l','s',1,'stored',0);"; sleep 4; echo "ROLLBACK;" ) | sqlite3 -batch "$DB" &
LOCKER=$!
sleep 0.5
start=$(date +%s%N)
report $W --dns-server 127.0.0.1:$NSD_PORT failures --format csv >"$T/b.csv" 2>"$T/b.err"
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check_eq "busy db: exit 69 (NSD refuses example.com)" 69 $rc
check_grep "busy db: names shown" "liar.report.test" "$T/b.csv"
check_grep "busy db: note" "PTR cache not saved" "$T/b.err"
check_eq "busy db: no long wait" 1 "$([ "$ms" -lt 3000 ] && echo 1 || echo "$ms ms")"
wait "$LOCKER"

finish
