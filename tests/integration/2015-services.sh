#!/usr/bin/env bash
# 2015-services: the catalogue of sending services (issue 12).  A crafted
# report (tests/data/services/report.xml) holds one failing source per
# verdict: Mailchimp and SendGrid signing with their own d=, Microsoft 365
# (d=*.onmicrosoft.com and a forward-confirmed *.outbound.protection.
# outlook.com PTR, put in the PTR cache), a forwarder and a list (reporter
# reasons), an unknown sender, and our own relay (an ip rule of the local
# services file, which also renames SendGrid).  `failures --format json`
# must give each its service, matched rule, verdict and fix; the tables
# services / service_rules mirror the shipped catalogue; the weekly page,
# rendered by Chromium when it is there, shows service and verdict.
set -u
. "$(dirname "$0")/lib.sh"
need_tool python3
need_tool sqlite3
D="$DR_SRC/tests/data/services"
export DB="$T/db.sqlite"
ingest --db "$DB" "$D/report.xml" >/dev/null 2>&1
check_eq "ingest" 0 "$?"
check_eq "catalogue mirrored" 1 "$(q "SELECT count(*) >= 150 FROM services")"
check_eq "rule row" mailchimp "$(q "SELECT service FROM service_rules WHERE rule = 'dkim' AND value = 'mcsv.net'")"
check_eq "version set" 16 "$(q "SELECT length(version) FROM services_version")"
now=$(date +%s)
q "INSERT INTO ptr_cache VALUES ('40.107.1.2', 'ok',
    'mail-db8eur05on2101.outbound.protection.outlook.com', 1, 3600, $now,
    $((now + 86400)))"
printf 'services-file = %s\n' "$D/services.tsv" > "$T/conf"
report --db "$DB" --config "$T/conf" --no-dns --since 2026-11-09 \
	--until 2026-11-15 failures --format json > "$T/f.json"
check_eq "failures exit" 0 "$?"
row() {	# row IP FIELD
	python3 -c "import json,sys
j=json.load(open(sys.argv[1]))
r=[r for r in j['rows'] if r['source_ip']==sys.argv[2]]
print(r[0][sys.argv[3]] if r else 'NO ROW')" "$T/f.json" "$1" "$2"
}
check_eq "mailchimp service" Mailchimp "$(row 198.2.128.5 service)"
check_eq "mailchimp kind" esp "$(row 198.2.128.5 kind)"
check_eq "mailchimp verdict" your-service-not-set-up "$(row 198.2.128.5 verdict)"
check_eq "mailchimp matched" "dkim d=mcsv.net" "$(row 198.2.128.5 matched)"
row 198.2.128.5 fix > "$T/fix"
check_grep "mailchimp fix" "^Mailchimp signs with d=mcsv.net, not example.com: set up DKIM authentication for example.com in Mailchimp .*k2._domainkey and k3._domainkey.*include:servers.mcsv.net" "$T/fix"
check_eq "sendgrid replaced by the local file" "SendGrid (our account)" "$(row 167.89.1.2 service)"
check_eq "sendgrid verdict" your-service-not-set-up "$(row 167.89.1.2 verdict)"
check_eq "sendgrid matched" "dkim d=sendgrid.info" "$(row 167.89.1.2 matched)"
check_eq "m365 service" "Microsoft 365" "$(row 40.107.1.2 service)"
check_eq "m365 verdict" your-service-not-set-up "$(row 40.107.1.2 verdict)"
check_eq "m365 matched" "dkim d=contoso.onmicrosoft.com (under onmicrosoft.com)" "$(row 40.107.1.2 matched)"
row 40.107.1.2 fix > "$T/fix"
check_grep "m365 fix" "selector1._domainkey and selector2._domainkey" "$T/fix"
check_eq "forwarder verdict" forwarded "$(row 209.85.1.1 verdict)"
check_eq "forwarder matched" "reason forwarded" "$(row 209.85.1.1 matched)"
check_eq "list verdict" mailing-list "$(row 192.0.2.40 verdict)"
check_eq "list matched" "reason mailing_list" "$(row 192.0.2.40 matched)"
check_eq "unknown verdict" unknown "$(row 203.0.113.66 verdict)"
check_eq "unknown service" None "$(row 203.0.113.66 service)"
row 203.0.113.66 fix > "$T/fix"
check_grep "unknown fix" "likely spoofing, which p=quarantine or p=reject stops" "$T/fix"
check_eq "ours service" "Our relays" "$(row 198.51.100.9 service)"
check_eq "ours verdict" yours "$(row 198.51.100.9 verdict)"
check_eq "ours matched" "ip 198.51.100.9 in 198.51.100.0/24" "$(row 198.51.100.9 matched)"
check_eq "passing source not listed" "NO ROW" "$(row 198.51.100.10 verdict)"

# sources: the same service, verdict and matched rule per IP.
report --db "$DB" --config "$T/conf" --no-dns --since 2026-11-09 \
	--until 2026-11-15 sources --format json > "$T/s.json"
check_eq "sources exit" 0 "$?"
srow() { python3 -c "import json,sys
j=json.load(open(sys.argv[1]))
r=[r for r in j['rows'] if r['source_ip']==sys.argv[2]]
print(r[0][sys.argv[3]] if r else 'NO ROW')" "$T/s.json" "$1" "$2"; }
check_eq "sources: mailchimp" "Mailchimp esp your-service-not-set-up dkim d=mcsv.net" \
	"$(srow 198.2.128.5 service) $(srow 198.2.128.5 kind) $(srow 198.2.128.5 verdict) $(srow 198.2.128.5 matched)"
check_eq "sources: passing own relay" yours "$(srow 198.51.100.10 verdict)"
check_eq "sources: ours" yours "$(srow 198.51.100.9 verdict)"

# Without the local file: our relay is unknown, SendGrid is SendGrid.
report --db "$DB" --no-dns --since 2026-11-09 --until 2026-11-15 \
	failures --format json > "$T/f.json" 2>/dev/null
check_eq "no local file: relay unknown" unknown "$(row 198.51.100.9 verdict)"
check_eq "no local file: sendgrid" "SendGrid (Twilio)" "$(row 167.89.1.2 service)"

# A bad local file is a configuration error naming FILE:LINE.
printf 'service\tx\tmarketing\tX\thttps://x.test\n' > "$T/bad.tsv"
printf 'services-file = %s\n' "$T/bad.tsv" > "$T/conf2"
report --db "$DB" --config "$T/conf2" --no-dns --days 36600 failures \
	> /dev/null 2> "$T/err"
check_eq "bad services file exit" 78 "$?"
check_grep "bad services file message" "bad.tsv:1: service kind 'marketing'" "$T/err"

# CSV has the columns; the table shows SERVICE and VERDICT.
report --db "$DB" --config "$T/conf" --no-dns --since 2026-11-09 \
	--until 2026-11-15 failures --format csv > "$T/f.csv"
check_grep "csv header" ",service,kind,verdict,matched,fix" "$T/f.csv"
report --db "$DB" --config "$T/conf" --no-dns --since 2026-11-09 \
	--until 2026-11-15 --wide failures > "$T/f.txt"
check_grep "table: mailchimp row" "198\.2\.128\.5 .*Mailchimp +your-service-not-set-up" "$T/f.txt"

# The weekly page: service, verdict, matched rule and the action.
P="$T/weekly.html"
report --db "$DB" --config "$T/conf" --no-dns html --week 2026-W46 \
	--now 4102444800 -o "$P"
check_eq "html exit" 0 "$?"
check_grep "html: mailchimp" '<b class="service">Mailchimp</b> <span class="muted">\(ESP / marketing\)</span><br><span class="verdict v-your-service-not-set-up">your-service-not-set-up</span><br><small class="matched">matched: dkim d=mcsv.net</small>' "$P"
check_grep "html: unknown" 'v-unknown">unknown<' "$P"
check_grep "html: action" "<li>Set up DKIM for example.com at Mailchimp \(198.2.128.5\): 120 failed messages" "$P"
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	skip_part_or_fail "chromium not installed: the rendered page"
else
	prof=$(mktemp -d "$T/prof-XXXXXX")
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-extensions \
		--user-data-dir="$prof" --dump-dom "file://$P" > "$T/dom.html" \
		2> "$T/chrome.err"
	check_eq "chromium ran" 0 "$?"
	dc() { python3 "$DR_SRC/tests/html/domcheck.py" "$@"; }
	check_eq "DOM: safe" safe "$(dc "$T/dom.html" safe)"
	# (column 3 is the network, report/dns/asn.h: "not looked up" here)
	check_eq "DOM: service column header" "Service and verdict" \
		"$(dc "$T/dom.html" cell src-1-k 0 8)"
	dc "$T/dom.html" cell src-1-k 1 8 > "$T/cell"
	check_grep "DOM: first known source" "^Mailchimp \(ESP / marketing\)your-service-not-set-upmatched: dkim d=mcsv.netMailchimp signs with d=mcsv.net" "$T/cell"
	dc "$T/dom.html" cell src-1-u 1 8 > "$T/cell"
	check_grep "DOM: unknown sender" "^no known serviceunknown.*likely spoofing" "$T/cell"
fi
finish
