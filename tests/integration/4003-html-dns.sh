#!/usr/bin/env bash
# 4003-html-dns: the weekly page with DNS checks against a throw-away NSD
# serving tests/html/zones/: the policy as published now, the plain-
# language findings (missing DKIM record for a selector in use, SPF over
# 10 lookups, and readiness's verdict instead of the old "p=none after
# four weeks >= 98 % -> suggest quarantine"),
# "passes SPF today" per failing source, and the PTR name.
set -u
. "$DR_SRC/tests/integration/lib.sh"
# these columns and exit statuses predate the ASN lookups (issue 12, tested
# in 2014-report-asn): every run here is without them
report() { "$DR_BUILD/dmarc-report" --no-asn "$@"; }
need_tool sqlite3
NSD_ZONES_DIR="$DR_SRC/tests/html/zones"
. "$DR_SRC/tests/dns/nsd-run.sh"
need_tool python3
nsd_start >/dev/null || skip_or_fail "nsd cannot run here"
trap 'nsd_stop; rm -rf "$T"' EXIT
DC="$DR_SRC/tests/html/domcheck.py"
dc() { python3 "$DC" "$@"; }
export DB="$T/db.sqlite"
W46=1794182400
cat > "$T/data.sql" <<SQL
INSERT INTO reports(id, org_name, org_key, report_id, schema, date_begin, date_end,
  policy_domain, p, digest, ingested_at) VALUES
 (1, 'google.com', 'google.com', 'w43', 'rfc7489', $((W46 - 21 * 86400)), $((W46 - 20 * 86400 - 1)), 'html.test', 'none', 'a', 0),
 (2, 'google.com', 'google.com', 'w44', 'rfc7489', $((W46 - 14 * 86400)), $((W46 - 13 * 86400 - 1)), 'html.test', 'none', 'b', 0),
 (3, 'google.com', 'google.com', 'w45', 'rfc7489', $((W46 - 7 * 86400)), $((W46 - 6 * 86400 - 1)), 'html.test', 'none', 'c', 0),
 (4, 'google.com', 'google.com', 'w46', 'rfc7489', $((W46 + 86400)), $((W46 + 2 * 86400 - 1)), 'html.test', 'none', 'd', 0),
 (5, 'Yahoo', 'yahoo', 'y46', 'rfc7489', $((W46 + 86400)), $((W46 + 2 * 86400 - 1)), 'bad.html.test', 'reject', 'e', 0);
INSERT INTO records(id, report, source_ip, ip_version, count, disposition, dkim_eval, spf_eval) VALUES
 (1, 1, '192.0.2.10', 4, 1000, 'none', 'pass', 'pass'),
 (2, 2, '192.0.2.10', 4, 1000, 'none', 'pass', 'pass'),
 (3, 3, '192.0.2.10', 4, 1000, 'none', 'pass', 'pass'),
 (4, 4, '192.0.2.10', 4, 1000, 'none', 'pass', 'pass'),
 (5, 4, '192.0.2.10', 4, 5, 'none', 'fail', 'fail'),
 (6, 4, '198.51.100.99', 4, 10, 'none', 'fail', 'fail'),
 (7, 5, '203.0.113.5', 4, 20, 'reject', 'fail', 'fail');
INSERT INTO dkim_results(record, domain, selector, result) VALUES
 (4, 'html.test', 's1', 'pass'), (5, 'html.test', 's2', 'fail');
SQL
mkdb "$DB" "$T/data.sql"
P="$T/dns.html"
report --db "$DB" --dns-server 127.0.0.1:$NSD_PORT html --week 2026-W46 \
	--now 4102444800 -o "$P" 2>"$T/err"
# 3: NSD refuses the PTR of 198.51.100.99, a zone it does not serve
check_eq "html exit" 69 "$?"
check_eq "page is safe" safe "$(dc "$P" safe)"
check_eq "first domain" html.test "$(dc "$P" text h-d-1)"
check_eq "second domain" bad.html.test "$(dc "$P" text h-d-2)"
check_grep "published policy" '<p>Published now: <code>v=DMARC1; p=none; rua=mailto:dmarc@html.test</code></p>' "$P"
pol1=$(dc "$P" text policy-1)
pol2=$(dc "$P" text policy-2)
check_eq "missing DKIM for s2" yes "$(grep -q 'Missing DKIM record for selector "s2"' <<<"$pol1" && echo yes)"
check_eq "s1 is fine" no "$(grep -q 'selector "s1"' <<<"$pol1" && echo yes || echo no)"
# p=none with >= 98 % for four weeks: the old "suggest quarantine" advice
# gave way to readiness's verdict (one reporter: not enough data), which
# uses the policy the page found in DNS
check_eq "p=none: old advice gone" no "$(grep -q 'four weeks' "$P" && echo yes || echo no)"
check_eq "readiness verdict" not-enough-data "$(dc "$P" text verdict-1)"
report --db "$DB" --dns-server 127.0.0.1:$NSD_PORT --since 2026-10-19 \
	--until 2026-11-15 --domain html.test readiness --format json >"$T/r.json" 2>/dev/null
check_eq "readiness says the same" "$(dc "$P" text verdict-1)" \
	"$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows'][0]['verdict'])" "$T/r.json")"
check_eq "SPF over 10 lookups" yes "$(grep -q 'SPF needs 1[1-9] DNS lookups' <<<"$pol2" && echo yes)"
check_eq "bad domain p=reject" yes "$(grep -q 'Published now: v=DMARC1; p=reject' <<<"$pol2" && echo yes)"
# sources of html.test: 198.51.100.99 (10), 192.0.2.10 (5)
check_eq "source 1 ip" 198.51.100.99 "$(dc "$P" cell src-1-u 1 0)"
check_eq "source 1 spf today" "✗ no" "$(dc "$P" cell src-1-u 1 5)"
check_eq "source 2 ip" 192.0.2.10 "$(dc "$P" cell src-1-u 2 0)"
check_eq "source 2 ptr" mail.html.test "$(dc "$P" cell src-1-u 2 1)"
check_eq "source 2 org" html.test "$(dc "$P" cell src-1-u 2 2)"
check_eq "source 2 spf today" "✓ yes" "$(dc "$P" cell src-1-u 2 5)"
check_eq "bad source spf today" "✗ no" "$(dc "$P" cell src-2-u 1 5)"

# The page reads its readiness (and the PTR and ASN answers of its
# sources) ahead on a second connection while it looks its own sources up
# (report/cmd_readiness.c): what the page just looked up and saved must
# reach the verdict, as with one connection.  A local service whose PTR
# rule names 192.0.2.10's PTR (mail.html.test): on a cold cache only the
# page's own lookup knows it.  Three more reports from a second reporter
# give readiness enough data to judge, so the verdict counts the
# service's failures (without that PTR they would be spoofing).
printf 'service\tlocalesp\tesp\tLocal ESP\thttps://esp.example/setup\n' > "$T/svc.tsv"
printf 'ptr\tlocalesp\tmail.html.test\n' >> "$T/svc.tsv"
printf 'services-file = %s\n' "$T/svc.tsv" > "$T/svc.conf"
for t in 1 2; do
	cp "$DB" "$T/c$t.sqlite"
	sqlite3 "$T/c$t.sqlite" "DELETE FROM ptr_cache;
	    INSERT INTO reports(id, org_name, org_key, report_id, schema, date_begin,
	      date_end, policy_domain, p, digest, ingested_at) VALUES
	     (6, 'Yahoo', 'yahoo', 'y44', 'rfc7489', $((W46 - 13 * 86400)), $((W46 - 12 * 86400 - 1)), 'html.test', 'none', 'f', 0),
	     (7, 'Yahoo', 'yahoo', 'y45', 'rfc7489', $((W46 - 6 * 86400)), $((W46 - 5 * 86400 - 1)), 'html.test', 'none', 'g', 0),
	     (8, 'Yahoo', 'yahoo', 'y46b', 'rfc7489', $((W46 + 2 * 86400)), $((W46 + 3 * 86400 - 1)), 'html.test', 'none', 'h', 0);
	    INSERT INTO records(id, report, source_ip, ip_version, count, disposition, dkim_eval, spf_eval) VALUES
	     (8, 6, '192.0.2.10', 4, 500, 'none', 'pass', 'pass'),
	     (9, 7, '192.0.2.10', 4, 500, 'none', 'pass', 'pass'),
	     (10, 8, '192.0.2.10', 4, 500, 'none', 'pass', 'pass')"
	DMARC_RUA_THREADS=$t report --config "$T/svc.conf" --db "$T/c$t.sqlite" \
	    --dns-server 127.0.0.1:$NSD_PORT html --week 2026-W46 --now 4102444800 \
	    -o "$T/c$t.html" 2>/dev/null
done
check_grep "the verdict counts Local ESP's failures as a service's, not spoofing" \
    'legitimate mail: 5505 messages, 5 of them from known services failing.* 10 spoofed messages' "$T/c2.html"
check_eq "cold cache, one connection or two: the same page" "" \
    "$(cmp "$T/c1.html" "$T/c2.html" 2>&1)"

# A dead resolver: the page still renders and says it could not check.
report --db "$DB" --dns-server 127.0.0.1:9 html --week 2026-W46 \
	--now 4102444800 -o "$T/dead.html" 2>/dev/null
check_eq "dead resolver exit" 69 "$?"
check_grep "dead resolver finding" "could not be checked now \(refused" "$T/dead.html"
check_eq "dead resolver: spf today" "could not check" "$(dc "$T/dead.html" cell src-1-u 1 5)"
finish
