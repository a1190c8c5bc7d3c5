#!/usr/bin/env bash
# 4005-dns-failures: a lookup that failed reads "could not check (CAUSE)"
# everywhere, apart from NXDOMAIN/NODATA, and the run says so on stderr
# (one line per cause) and exits 69 (issue 14).  Causes: refused (nothing
# listens at 127.0.0.1:1; rcode REFUSED from liar.py), timeout (liar.py's
# silent.test), SERVFAIL (liar.py's servfail.test).  Also: an external rua
# without authorization drops that address only (RFC 7489 7.1), each
# finding is listed once, --no-dns says "not looked up", and a window that
# is not an ISO week is titled by its span.
set -u
. "$DR_SRC/tests/integration/lib.sh"
# these columns and exit statuses predate the ASN lookups (issue 12, tested
# in 2014-report-asn): every run here is without them
report() { "$DR_BUILD/dmarc-report" --no-asn "$@"; }
need_tool sqlite3
need_tool python3
need_tool jq
mkdir -p "$T/zones"
cp "$DR_SRC"/tests/html/zones/*.zone "$T/zones/"
cat >"$T/zones/extrua.test.zone" <<'ZONE'
$TTL 3600
@	IN SOA ns.extrua.test. hostmaster.extrua.test. ( 1 3600 600 86400 300 )
	IN NS ns.extrua.test.
ns	IN A	127.0.0.1
@	IN TXT	"v=spf1 ip4:192.0.2.10 -all"
_dmarc	IN TXT	"v=DMARC1; p=none; rua=mailto:dmarc@dest.test"
ZONE
cat >"$T/zones/dest.test.zone" <<'ZONE'
$TTL 3600
@	IN SOA ns.dest.test. hostmaster.dest.test. ( 1 3600 600 86400 300 )
	IN NS ns.dest.test.
ns	IN A	127.0.0.1
ZONE
# servfail.test answered by NSD: the second server of a failover pair
cat >"$T/zones/servfail.test.zone" <<'ZONE'
$TTL 3600
@	IN SOA ns.servfail.test. hostmaster.servfail.test. ( 1 3600 600 86400 300 )
	IN NS ns.servfail.test.
ns	IN A	127.0.0.1
@	IN TXT	"v=spf1 ip4:192.0.2.10 -all"
_dmarc	IN TXT	"v=DMARC1; p=reject"
ZONE
NSD_ZONES_DIR="$T/zones"
. "$DR_SRC/tests/dns/nsd-run.sh"
nsd_start >/dev/null || skip_or_fail "nsd cannot run here"
LIAR_PID=
trap 'nsd_stop; [ -n "$LIAR_PID" ] && kill $LIAR_PID 2>/dev/null; rm -rf "$T"' EXIT
DC="$DR_SRC/tests/html/domcheck.py"
dc() { python3 "$DC" "$@"; }
count() { grep -o -- "$1" | wc -l; }
export DB="$T/db.sqlite"
W46=1794182400
cat > "$T/data.sql" <<SQL
INSERT INTO reports(id, org_name, org_key, report_id, schema, date_begin, date_end,
  policy_domain, p, digest, ingested_at) VALUES
 (1, 'google.com', 'google.com', 'w43', 'rfc7489', $((W46 - 21 * 86400)), $((W46 - 20 * 86400 - 1)), 'extrua.test', 'none', 'a', 0),
 (2, 'google.com', 'google.com', 'w44', 'rfc7489', $((W46 - 14 * 86400)), $((W46 - 13 * 86400 - 1)), 'extrua.test', 'none', 'b', 0),
 (3, 'google.com', 'google.com', 'w45', 'rfc7489', $((W46 - 7 * 86400)), $((W46 - 6 * 86400 - 1)), 'extrua.test', 'none', 'c', 0),
 (4, 'google.com', 'google.com', 'w46', 'rfc7489', $((W46 + 86400)), $((W46 + 2 * 86400 - 1)), 'extrua.test', 'none', 'd', 0);
INSERT INTO records(id, report, source_ip, ip_version, count, disposition, dkim_eval, spf_eval) VALUES
 (1, 1, '192.0.2.10', 4, 1000, 'none', 'pass', 'pass'),
 (2, 2, '192.0.2.10', 4, 1000, 'none', 'pass', 'pass'),
 (3, 3, '192.0.2.10', 4, 1000, 'none', 'pass', 'pass'),
 (4, 4, '192.0.2.10', 4, 1000, 'none', 'pass', 'pass'),
 (5, 4, '192.0.2.10', 4, 5, 'none', 'fail', 'fail');
INSERT INTO dkim_results(record, domain, selector, result) VALUES
 (5, 'extrua.test', 'gone', 'fail');
SQL
mkdb "$DB" "$T/data.sql"
cp "$DB" "$T/clean.sqlite"
fresh() { rm -f "$DB" "$DB-wal" "$DB-shm"; cp "$T/clean.sqlite" "$DB"; }
NOW="--now 4102444800"
RUA='rua dmarc@dest.test: dest.test has not authorized reports for extrua.test (no TXT at extrua.test._report._dmarc.dest.test); receivers will not send reports there; the policy still applies'

# ---- every lookup answered: exit 0, each finding once ----
report --db "$DB" --dns-server 127.0.0.1:$NSD_PORT html --week 2026-W46 $NOW \
	-o "$T/ok.html" 2>"$T/ok.err"
check_eq "answered: exit 0" 0 "$?"
check_eq "answered: nothing on stderr" "" "$(cat "$T/ok.err")"
pol=$(dc "$T/ok.html" text policy-1)
check_eq "rua finding, once" 1 "$(count "$RUA" <<<"$pol")"
check_eq "the record is not called ignorable" 0 "$(count 'may ignore' <<<"$pol")"
check_eq "missing key, once" 1 "$(count 'gone._domainkey.extrua.test' <<<"$pol")"
check_eq "p=none advice, once" 1 "$(count 'receivers only watch' <<<"$pol")"
check_eq "p=none advice, not the record's too" 0 "$(count 'p=none only monitors' <<<"$pol")"
check_grep "weekly title for an ISO week" '<h1>DMARC weekly summary</h1>' "$T/ok.html"
report --db "$DB" --dns-server 127.0.0.1:$NSD_PORT check extrua.test \
	--selector gone --format json >"$T/ok.json"
# (1: the missing key of selector gone is an error, util/exits.def)
check_eq "check: exit 1" 1 "$?"
check_eq "check: unauthorized rua keeps the policy" "ok|false|reject" \
    "$(jq -r '.domains[0].dmarc | [.status, (.rua[0].authorized|tostring), "reject"] | join("|")' "$T/ok.json")"
check_eq "check: rua sentence, once" 1 \
    "$(jq -r '.domains[0].dmarc | (.errors + .warnings)[]' "$T/ok.json" | count "$RUA")"

# ---- refused: nothing listens at 127.0.0.1:1 ----
fresh
report --db "$DB" --dns-server 127.0.0.1:1 html --week 2026-W46 $NOW \
	-o "$T/ref.html" 2>"$T/ref.err"
check_eq "refused: exit 69" 69 "$?"
check_eq "refused: one stderr line" 1 "$(wc -l <"$T/ref.err")"
check_grep "refused: the line" '^dmarc-report: dns-lookup-failed: [0-9]+ DNS lookups failed \(refused\) at 127\.0\.0\.1:1: ' "$T/ref.err"
pol=$(dc "$T/ref.html" text policy-1)
check_eq "refused: published now" 1 "$(count 'Published now: could not check (refused)' <<<"$pol")"
check_eq "refused: never no record found" 0 "$(count 'no DMARC record found' <<<"$pol")"
check_eq "refused: the DMARC failure once" 1 "$(count '_dmarc.extrua.test' <<<"$pol")"
check_eq "refused: the SPF failure once" 1 "$(count 'SPF' <<<"$pol")"
check_eq "refused: the DKIM failure once" 1 "$(count 'gone._domainkey' <<<"$pol")"
check_eq "refused: PTR cell" "could not check (refused)" "$(dc "$T/ref.html" cell src-1-u 1 1)"
check_eq "refused: SPF today cell" "could not check" "$(dc "$T/ref.html" cell src-1-u 1 5)"
W="--db $DB --since 2026-11-09 --until 2026-11-15"
report $W --dns-server 127.0.0.1:1 failures --format json >"$T/f.json" 2>"$T/f.err"
check_eq "failures: exit 69" 69 "$?"
check_eq "failures: ptr and spf today" "could not check (refused)|temperror" \
    "$(jq -r '.rows[0] | [.ptr, .spf_today] | join("|")' "$T/f.json")"
check_eq "failures: one stderr line" 1 "$(wc -l <"$T/f.err")"
report $W --dns-server 127.0.0.1:1 failures >"$T/f.txt" 2>/dev/null
check_grep "failures table: could not check" "could not check \(refused\) +\?.* could not check \(refused\)$" "$T/f.txt"
report $W --dns-server 127.0.0.1:1 sources --format json >"$T/s.json" 2>/dev/null
check_eq "sources: exit 69" 69 "$?"
check_eq "sources: org" "could not check (refused)" "$(jq -r '.organizations[0].org' "$T/s.json")"
report $W --dns-server 127.0.0.1:1 summary --format json >"$T/sum.json" 2>/dev/null
check_eq "summary: exit 69" 69 "$?"
check_eq "summary json: status and cause" "temperror|refused|temperror|refused|temperror|refused" \
    "$(jq -r '.rows[0].dns | [.dmarc_status, .dmarc_cause, .spf_status, .spf_cause, .dkim_status, .dkim_cause] | join("|")' "$T/sum.json")"
report $W --dns-server 127.0.0.1:1 summary >"$T/sum.txt" 2>/dev/null
check_grep "summary table: could not check" "could not check \(refused\) +could not check \(refused\) +could not check \(refused\)$" "$T/sum.txt"
report --db "$DB" --dns-server 127.0.0.1:1 check extrua.test --selector gone \
	--format json >"$T/c.json" 2>"$T/c.err"
check_eq "check refused: exit 69" 69 "$?"
check_eq "check refused: causes" "temperror|refused|refused|refused|refused" \
    "$(jq -r '.domains[0] | [.dmarc.status, .dmarc.cause, .spf.cause, .dkim[0].cause, .mx_cause] | join("|")' "$T/c.json")"
report --db "$DB" --dns-server 127.0.0.1:1 check extrua.test >"$T/c.txt" 2>/dev/null
check_grep "check table: could not check" "^extrua\.test +dmarc +temperror +could not check \(refused\)" "$T/c.txt"
report $W --dns-server 127.0.0.1:1 --no-dns failures >/dev/null 2>&1
check_eq "--no-dns: no lookup, exit 0" 0 "$?"

# ---- SERVFAIL, REFUSED and timeout from liar.py ----
python3 "$DR_SRC/tests/dns/liar.py" "$T/queries" >"$T/port" &
LIAR_PID=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
[ -s "$T/port" ] || { echo "FAIL: the lying server did not start"; exit 1; }
L="--dns-server 127.0.0.1:$(cat "$T/port")"
for c in servfail:SERVFAIL refused:refused silent:timeout; do
	zone=${c%%:*} cause=${c#*:}
	report --db "$DB" $L check $zone.test --timeout 200 --tries 1 \
		--format json >"$T/$zone.json" 2>"$T/$zone.err"
	check_eq "$zone: exit 69" 69 "$?"
	check_eq "$zone: dmarc and spf" "temperror|$cause|temperror|$cause" \
	    "$(jq -r '.domains[0] | [.dmarc.status, .dmarc.cause, .spf.status, .spf.cause] | join("|")' "$T/$zone.json")"
	check_eq "$zone: one stderr line" 1 "$(wc -l <"$T/$zone.err")"
	check_grep "$zone: the line" "^dmarc-report: dns-lookup-failed: [0-9]+ DNS lookups failed \\($cause\\) at 127\\.0\\.0\\.1:" "$T/$zone.err"
done

# failover: SERVFAIL from the first server, the answer from the second
# (--dns-server A,B); the first alone still says SERVFAIL
report --db "$DB" $L,127.0.0.1:$NSD_PORT check servfail.test --timeout 500 \
	--tries 1 --format json >"$T/fo.json" 2>"$T/fo.err"
check_eq "failover: exit 0" 0 "$?"
check_eq "failover: the second server's answer" "ok|reject|ok" \
    "$(jq -r '.domains[0] | [.dmarc.status, .dmarc.p, .spf.status] | join("|")' "$T/fo.json")"
report --db "$DB" --dns-server "127.0.0.1:$NSD_PORT, 127.0.0.1:$(cat "$T/port")" \
	check servfail.test --timeout 500 --tries 1 >/dev/null 2>&1
check_eq "failover: the first server answering is enough" 0 "$?"
report --db "$DB" --dns-server "127.0.0.1:1,nonsense" check servfail.test \
	2>"$T/fo.err" >/dev/null
check_eq "failover: a bad list is a usage error" 64 "$?"
check_grep "failover: a bad list named" "dns-server '127.0.0.1:1,nonsense'" "$T/fo.err"

# the configuration's dns-timeout and dns-tries reach failures' SPF TODAY
# (check_rows): 100 ms and one try, not the built-in 2 s twice
cp "$T/clean.sqlite" "$T/silent.sqlite"
sqlite3 "$T/silent.sqlite" "UPDATE reports SET policy_domain = 'silent.test'"
printf 'dns-server = 127.0.0.1:%s\ndns-timeout = 100\ndns-tries = 1\n' \
    "$(cat "$T/port")" >"$T/fast.conf"
start=$(date +%s%N)
DMARC_RUA_CONFIG=$T/fast.conf report --db "$T/silent.sqlite" \
	--since 2026-11-09 --until 2026-11-15 failures --format json \
	>"$T/sil.json" 2>"$T/sil.err"
check_eq "config dns-timeout: exit 69" 69 "$?"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check_eq "config dns-timeout/tries reach SPF TODAY (< 3 s)" yes \
    "$([ $ms -lt 3000 ] && echo yes || echo "no: ${ms}ms")"
check_eq "config dns-timeout: spf today" "temperror" \
    "$(jq -r '.rows[0].spf_today' "$T/sil.json")"

# ---- --no-dns, and a window that is not an ISO week ----
fresh
report --db "$DB" --no-dns html --week 2026-W46 $NOW -o "$T/nodns.html"
check_eq "--no-dns: exit 0" 0 "$?"
check_eq "--no-dns: PTR not looked up" "not looked up" "$(dc "$T/nodns.html" cell src-1-u 1 1)"
report --db "$DB" --no-dns html --since 2026-11-01 --until 2026-11-30 $NOW -o "$T/month.html"
check_eq "30 days: exit 0" 0 "$?"
check_grep "30 days: heading" '<h1>DMARC summary, 2026-11-01 &#8211; 2026-11-30</h1>' "$T/month.html"
check_grep "30 days: title" '<title>DMARC summary, 2026-11-01 – 2026-11-30</title>' "$T/month.html"
check_eq "30 days: never weekly" 0 "$(count 'weekly summary' <"$T/month.html")"

# ---- as a browser shows it ----
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROME" ]; then
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --disable-default-apps \
		--user-data-dir="$T/prof" --dump-dom "file://$T/ref.html" >"$T/dom.html" 2>/dev/null
	check_eq "rendered: published now" "could not check (refused)" \
	    "$(dc "$T/dom.html" text policy-1 | grep -o 'Published now: could not check (refused)' | sed 's/Published now: //')"
	check_eq "rendered: PTR cell" "could not check (refused)" "$(dc "$T/dom.html" cell src-1-u 1 1)"
else
	skip_part_or_fail "chromium missing: the rendered text"
fi
finish
