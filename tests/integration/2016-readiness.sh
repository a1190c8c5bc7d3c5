#!/usr/bin/env bash
# 2016-readiness: readiness for a stricter policy and the inventory of
# senders (issue 12).  Reports are made from the templates in
# tests/data/readiness/ for 2026-11-10 .. 2026-11-16:
#   ready.example    7 daily reports from 2 reporters, p=quarantine: all its
#                    own mail aligned, 3 forwarded messages a day failing,
#                    500 spoofed ones a day -> ready-for-reject, the spoofing
#                    counted as "would be stopped" (the old 98 % rule would
#                    refuse: 16 % pass)
#   service.example  7 reports, p=none, Mailchimp (d=mcsv.net) failing 20 a
#                    day -> fix-services-first, naming Mailchimp and its fix
#   small.example    2 reports from 1 reporter -> not-enough-data
# Checks the JSON fields, the CSV and the table, --inventory, and that the
# weekly page shows each domain's verdict, advice and reasons as readiness
# gives them.
set -u
. "$(dirname "$0")/lib.sh"
need_tool python3
export DB="$T/db.sqlite"
ROLLUP_BASE=1794268800		# 2026-11-10 00:00 UTC
mk() { rollup_mk "$@"; }	# mk TEMPLATE DAY ORG (lib.sh)
mkdir -p "$T/in"
for day in 0 1 2 3 4 5 6; do
	org=rep-a.test; [ $((day % 2)) -eq 1 ] && org=rep-b.test
	mk ready $day $org
	mk service $day $org
done
mk small 0 rep-a.test
mk small 1 rep-a.test
ingest --db "$DB" "$T"/in/*.xml >/dev/null 2>&1
check_eq "ingest" 0 "$?"

R=(report --db "$DB" --no-dns --no-asn --since 2026-11-10 --until 2026-11-16)
"${R[@]}" readiness --format json >"$T/r.json"
check_eq "readiness exit" 0 "$?"
get() {	# get DOMAIN FIELD
	python3 -c "import json,sys
j=json.load(open(sys.argv[1]))
r=[r for r in j['rows'] if r['domain']==sys.argv[2]]
v=r[0][sys.argv[3]] if r else 'NO ROW'
print(json.dumps(v) if isinstance(v,(list,dict)) else v)" "$T/r.json" "$1" "$2"
}
A=ready.example B=service.example C=small.example
# Readiness counts reports and reporters with summary-counts.sql, the
# summary with summary-totals.sql: the same window rule, the same numbers.
"${R[@]}" summary --format json >"$T/s.json"
for dom in $A $B $C; do
	sc=$(python3 -c "import json,sys
r=[r for r in json.load(open(sys.argv[1]))['rows'] if r['domain']==sys.argv[2]]
print(r[0]['reports'], r[0]['reporters']) if r else print('NO ROW')" "$T/s.json" $dom)
	check_eq "$dom: reports and reporters as summary" "$sc" "$(get $dom reports) $(get $dom reporters)"
done
check_eq "A verdict" ready-for-reject "$(get $A verdict)"
check_eq "A advice" "p=reject" "$(get $A advice)"
check_eq "A policy" quarantine "$(get $A policy)"
check_eq "A policy source" reports "$(get $A policy_source)"
check_eq "A messages" 4221 "$(get $A messages)"
check_eq "A legitimate" 721 "$(get $A legitimate)"
check_eq "A service failing" 0 "$(get $A service_failing)"
check_eq "A forwarded failing" 21 "$(get $A forwarded_failing)"
check_eq "A legitimate failing" 21 "$(get $A legitimate_failing)"
check_eq "A spoofed stopped" 3500 "$(get $A spoofed_stopped)"
check_eq "A reports" 7 "$(get $A reports)"
check_eq "A reporters" 2 "$(get $A reporters)"
check_eq "A nothing to fix" "[]" "$(get $A services_to_fix)"
get $A reasons >"$T/reasons"
check_grep "A reasons: spoofing stopped" "3500 spoofed messages from unknown senders would be stopped" "$T/reasons"
check_grep "A reasons: forwards" "21 forwarded or mailing-list messages fail" "$T/reasons"

check_eq "B verdict" fix-services-first "$(get $B verdict)"
check_eq "B advice" "keep p=none" "$(get $B advice)"
check_eq "B legitimate" 840 "$(get $B legitimate)"
check_eq "B service failing" 140 "$(get $B service_failing)"
check_eq "B spoofed stopped" 70 "$(get $B spoofed_stopped)"
check_eq "B fix list" '["Mailchimp"]' "$(get $B fix_services)"
python3 -c "import json,sys
j=json.load(open(sys.argv[1]))
r=[r for r in j['rows'] if r['domain']=='service.example'][0]
s=r['services_to_fix']
print(len(s), s[0]['service'], s[0]['failing'])
print(s[0]['fix'])" "$T/r.json" >"$T/fix"
check_eq "B services_to_fix" "1 Mailchimp 140" "$(head -1 "$T/fix")"
check_grep "B fix words" "^Mailchimp signs with d=mcsv.net, not service.example" "$T/fix"
get $B reasons >"$T/reasons"
check_grep "B reasons name Mailchimp" "fix this service first: 140 legitimate messages \(16.6 %\) would be hit; Mailchimp: 140 failing messages" "$T/reasons"

check_eq "C verdict" not-enough-data "$(get $C verdict)"
check_eq "C reports" 2 "$(get $C reports)"
get $C reasons >"$T/reasons"
check_grep "C reasons" "^not enough data: 2 reports from 1 reporters, 300 messages" "$T/reasons"

# The table: one line per domain with its verdict and advice.
COLUMNS=400 "${R[@]}" readiness >"$T/r.txt"
check_eq "table exit" 0 "$?"
check_grep "table header" "^DOMAIN +VERDICT +ADVICE +POLICY +MSGS +LEGITIMATE" "$T/r.txt"
check_grep "table A" "^ready\.example +ready-for-reject +p=reject +quarantine +4221 +721 " "$T/r.txt"
check_grep "table B" "^service\.example +fix-services-first +keep p=none +none +910 +840 +140 " "$T/r.txt"
check_grep "table C" "^small\.example +not-enough-data " "$T/r.txt"

# CSV: the same numbers.
"${R[@]}" readiness --format csv >"$T/r.csv"
check_eq "csv exit" 0 "$?"
check_grep "csv A" "^ready\.example,ready-for-reject,p=reject,quarantine,reports,4221,721,0,21,21,3500,7,2," "$T/r.csv"

# --domain: only that domain.
"${R[@]}" --domain service.example readiness --format json >"$T/b.json"
check_eq "--domain: one row" 1 "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['rows']))" "$T/b.json")"

# The inventory: per domain, one line per service / category.
"${R[@]}" readiness --inventory --format json >"$T/i.json"
check_eq "inventory exit" 0 "$?"
inv() {	# inv DOMAIN VERDICT FIELD
	python3 -c "import json,sys
j=json.load(open(sys.argv[1]))
r=[r for r in j['rows'] if r['domain']==sys.argv[2] and r['verdict']==sys.argv[3]]
print(r[0][sys.argv[4]] if len(r)==1 else 'ROWS %d' % len(r))" "$T/i.json" "$1" "$2" "$3"
}
check_eq "inv B mailchimp service" Mailchimp "$(inv $B your-service-not-set-up service)"
check_eq "inv B mailchimp messages" 140 "$(inv $B your-service-not-set-up messages)"
check_eq "inv B mailchimp pass%" 0 "$(inv $B your-service-not-set-up dmarc_pass_pct)"
check_eq "inv B mailchimp ips" 1 "$(inv $B your-service-not-set-up ips)"
check_eq "inv B aligned messages" 700 "$(inv $B aligned messages)"
check_eq "inv B aligned spf%" 100 "$(inv $B aligned spf_aligned_pct)"
check_eq "inv B unknown" 70 "$(inv $B unknown messages)"
check_eq "inv A forwarded" 21 "$(inv $A forwarded messages)"
check_eq "inv rows" 7 "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['rows']))" "$T/i.json")"
COLUMNS=400 "${R[@]}" readiness --inventory >"$T/i.txt"
check_grep "inventory table" "^service\.example +Mailchimp +esp +your-service-not-set-up +140 +140 " "$T/i.txt"

# The weekly page opens each domain with the same verdict, advice and
# reasons (its readiness covers the 28 days to the page's end: the same
# reports here), the fix list of a fix-services-first domain, and no
# longer the old "98 % for four weeks" advice.
"${R[@]}" html -o "$T/page.html"
check_eq "html exit" 0 "$?"
page() {	# page DOMAIN FIELD: verdict, advice, reasons or fix of its section
	python3 -c "import html,re,sys
p=open(sys.argv[1]).read()
for m in re.finditer(r'<h2 id=\"h-d-(\d+)\">([^<]*)</h2>', p):
    if html.unescape(m.group(2)) != sys.argv[2]:
        continue
    n=m.group(1)
    b=re.search(r'<div class=\"readiness\" id=\"ready-'+n+r'\">(.*?)</div>', p, re.S)
    if not b:
        print('NO BLOCK'); break
    b=b.group(1)
    f=sys.argv[3]
    if f=='verdict':
        v=re.search(r'<strong id=\"verdict-'+n+r'\">([^<]*)</strong>', b)
    elif f=='advice':
        v=re.search(r'</strong> &mdash; (.*?)\.</p>', b)
    elif f=='reasons':
        v=re.search(r'<p class=\"muted\">(.*?)\.</p>', b, re.S)
    else:
        v=re.search(r'<ul class=\"fix\">\n<li>(.*?)</li>', b, re.S)
        v=re.sub('<[^>]*>', '', v.group(1)) if v else None
        print(html.unescape(v) if v else 'NONE'); break
    print(html.unescape(v.group(1)) if v else 'NONE')
    break
else:
    print('NO SECTION')" "$T/page.html" "$1" "$2"
}
for d in $A $B $C; do
	check_eq "page $d verdict = readiness" "$(get $d verdict)" "$(page $d verdict)"
	check_eq "page $d advice = readiness" "$(get $d advice)" "$(page $d advice)"
	check_eq "page $d reasons = readiness" "$(get $d reasons)" "$(page $d reasons)"
done
check_eq "page B fix list" "Mailchimp: 140 failing messages: $(tail -n +2 "$T/fix")" "$(page $B fix)"
check_eq "page A no fix list" NONE "$(page $A fix)"
check_eq "page: old advice gone" 0 "$(grep -c 'four weeks' "$T/page.html")"

# A bad option is a usage error.
"${R[@]}" readiness --bogus >/dev/null 2>&1
check_eq "bad option" 64 "$?"
finish
