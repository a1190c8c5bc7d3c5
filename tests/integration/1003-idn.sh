#!/usr/bin/env bash
# Internationalized domain names: a report naming its policy domain and
# identifiers in UTF-8 (U-labels) is stored under the A-labels, so it
# matches DNS, the PSL and reporters that send A-labels; dmarc-report
# finds it by either spelling; a name that is not a valid IDN is stored as
# received with a warning in the ingest log.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
DB=$T/db.sqlite
u="b$(printf '\xc3\xbc')cher.example"		# bücher.example
a="xn--bcher-kva.example"
sed -e "s/<domain>example.com</<domain>$u</" \
    -e "s/<header_from>example.com</<header_from>B$(printf '\xc3\x9c')CHER.example</" \
    -e "s/min-1/idn-1/" "$DR_SRC/tests/data/xml/minimal.xml" > "$T/u.xml"
sed -e "s/<domain>example.com</<domain>$a</" -e "s/min-1/idn-2/" \
    -e "s/<header_from>example.com</<header_from>$a</" \
    "$DR_SRC/tests/data/xml/minimal.xml" > "$T/a.xml"
sed -e "s/<header_from>example.com</<header_from>$(printf '\xe2\x98\x83').example</" \
    -e "s/min-1/idn-3/" "$DR_SRC/tests/data/xml/minimal.xml" > "$T/bad.xml"
ingest -q --db "$DB" "$T/u.xml" "$T/a.xml" "$T/bad.xml"
check_eq "ingest exit" 0 $?
check_eq "policy domains" "$a|2" "$(q "SELECT policy_domain, count(*) FROM reports WHERE report_id IN ('idn-1', 'idn-2') GROUP BY 1")"
check_eq "header_from as A-labels" "$a" "$(q "SELECT DISTINCT header_from FROM record_detail WHERE report_id = 'idn-1'")"
check_eq "invalid IDN kept" "$(printf '\xe2\x98\x83').example" "$(q "SELECT header_from FROM record_detail WHERE report_id = 'idn-3'")"
check_eq "warning logged" "domain-not-idna" "$(q "SELECT reason FROM ingest_log WHERE outcome = 'warning'")"
for d in "$u" "$a" "B$(printf '\xc3\x9c')CHER.EXAMPLE."; do
	report --db "$DB" --no-dns --since 2024-01-01 --until 2024-01-03 \
	    --domain "$d" summary --format csv > "$T/s.csv"
	check_eq "summary --domain $d" "$a,2" "$(sed -n 2p "$T/s.csv" | cut -d, -f1,2)"
done
report --db "$DB" --no-dns --domain "$(printf '\xe2\x98\x83').example" summary > "$T/x.txt" 2>&1
check_eq "invalid --domain refused" 64 $?
finish
