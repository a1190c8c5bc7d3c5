#!/usr/bin/env bash
# Issue 15 items 13 and 14, end to end.
# 14: a report with no records (a reporter that saw no mail) is stored with
#     0 records and warning no-records, never set aside; every report
#     command and the weekly page take it in their window: it counts as a
#     report with 0 messages, no division by zero, totals add up.
# 13: <begin>1704067200.0</begin> is the second 1704067200 (warning
#     decimal-timestamp), and the integer form sent again is a duplicate;
#     a fraction that is not zero is still rejected (bad-integer).
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3
DB=$T/db.sqlite
X=$DR_SRC/tests/data/xml/minimal.xml
W="--no-dns --since 2024-01-01 --until 2024-01-03"
# CSV lines end in CRLF (RFC 4180): compare them without the CR
crlf() { tr -d '\r' < "$1" > "$1.lf" && mv "$1.lf" "$1"; }
sum() { awk -F, -v c="$1" '{ s += $c } END { print s + 0 }'; }

# no <record> at all
awk '/<record>/ { skip = 1 } !skip { print } /<\/record>/ { skip = 0 }' "$X" |
    sed 's/min-1/empty-com/' > "$T/empty-com.xml"
sed -e 's/empty-com/empty-net/' -e 's/<domain>example.com</<domain>example.net</' \
    "$T/empty-com.xml" > "$T/empty-net.xml"
sed 's/min-1/full-com/' "$X" > "$T/full-com.xml"
sed -e 's/min-1/dec-org/' -e 's/<domain>example.com</<domain>example.org</' \
    -e 's/<begin>1704067200</<begin>1704067200.0</' \
    -e 's/<end>1704153599</<end>1704153599.000</' "$X" > "$T/dec-org.xml"
ingest --db "$DB" "$T/empty-com.xml" "$T/empty-net.xml" "$T/full-com.xml" \
    "$T/dec-org.xml" > "$T/out" 2> "$T/err"
check_eq "ingest exit" 0 $?
check_grep "four stored" 'stored=4 .*records=2 .*rejected=0' "$T/out"
check_eq "nothing on stderr" "" "$(cat "$T/err")"
check_eq "empty reports stored" "empty-com|0|0
empty-net|0|0" "$(q "SELECT report_id, record_count, message_count FROM
    report_summary WHERE report_id LIKE 'empty-%' ORDER BY 1")"
check_eq "no-records warnings" "empty-com.xml|report holds no record: stored with 0 messages
empty-net.xml|report holds no record: stored with 0 messages" \
    "$(q "SELECT part, detail FROM ingest_log WHERE outcome = 'warning' AND
    reason = 'no-records' ORDER BY part")"
check_eq "zero stats rows" "2" "$(q "SELECT count(*) FROM report_stats s JOIN
    reports r ON r.id = s.report WHERE r.report_id LIKE 'empty-%' AND
    s.records = 0 AND s.messages = 0 AND s.dmarc_pass = 0")"
check_eq "decimal dates" "1704067200|1704153599" "$(q "SELECT date_begin,
    date_end FROM reports WHERE report_id = 'dec-org'")"
check_eq "decimal warning" 'dec-org.xml|date_range/begin "1704067200.0" read as 1704067200' \
    "$(q "SELECT part, detail FROM ingest_log WHERE reason = 'decimal-timestamp'")"

# the empty report and the integer form again: duplicates
sed -e 's/min-1/dec-org/' -e 's/<domain>example.com</<domain>example.org</' \
    "$X" > "$T/dec-org-int.xml"
ingest -q --db "$DB" "$T/empty-com.xml" "$T/dec-org-int.xml"
check_eq "re-sends exit" 0 $?
check_eq "re-sends are duplicates" "duplicate|2" "$(q "SELECT outcome, count(*)
    FROM messages WHERE id > 4 GROUP BY 1")"
# a fraction that is not zero: rejected, one line
sed -e 's/min-1/frac/' -e 's/<begin>1704067200</<begin>1704067200.5</' \
    "$X" > "$T/frac.xml"
ingest -q --db "$DB" "$T/frac.xml" > /dev/null 2> "$T/frac.err"
check_eq "fraction rejected exit" 1 $?
check_grep "fraction reason" 'frac\.xml: bad-integer: date_range/begin: "1704067200\.5" is not a whole number of seconds$' "$T/frac.err"
check_eq "fraction one line" 1 "$(wc -l < "$T/frac.err")"

# every report command over the window, every format: exit 0, JSON parses
for c in summary failures sources reports; do
	for f in table csv json; do
		report --db "$DB" $W "$c" --format "$f" > "$T/$c.$f" 2> "$T/$c.$f.err"
		check_eq "$c --format $f exit" 0 $?
		[ "$f" = csv ] && crlf "$T/$c.$f"
		check_eq "$c --format $f stderr" "" \
		    "$(grep -v 'no DMARC failures' "$T/$c.$f.err")"
	done
	check_eq "$c json parses" ok "$(json_get "$T/$c.json" '"ok"')"
done
check_eq "summary: each domain, reports and messages" "example.com,2,5
example.net,1,0
example.org,1,5" "$(sed 1d "$T/summary.csv" | cut -d, -f1,2,4 | sort)"
check_eq "summary: no rate without messages" ",," \
    "$(grep '^example.net,' "$T/summary.csv" | cut -d, -f6-8)"
check_eq "summary json null rate" None \
    "$(json_get "$T/summary.json" '[r for r in j["rows"] if r["domain"] == "example.net"][0]["dmarc_pass_pct"]')"
check_eq "reports lists the empty ones" "empty-com,0,0
empty-net,0,0" "$(grep '^min.example,empty-' "$T/reports.csv" | cut -d, -f2,6,7)"
check_eq "reports total = summary total" \
    "$(sed 1d "$T/summary.csv" | sum 4)" \
    "$(grep '^min.example,' "$T/reports.csv" | sum 7)"
for n in reporters daily-volume; do
	report --db "$DB" $W query "$n" --format csv > "$T/q-$n.csv" 2> "$T/q-$n.err"
	check_eq "query $n exit" 0 $?
	crlf "$T/q-$n.csv"
done
check_eq "query reporters counts the empty reports" "min.example,4,2,10" \
    "$(sed -n 2p "$T/q-reporters.csv" | cut -d, -f1-4)"
check_eq "query daily-volume example.net" "example.net,2024-01-01,1,0,0," \
    "$(grep '^example.net,' "$T/q-daily-volume.csv")"

# the weekly page
report --db "$DB" --no-dns html --week 2024-W01 -o "$T/w.html" 2> "$T/w.err"
check_eq "html exit" 0 $?
check_eq "html stderr" "" "$(cat "$T/w.err")"
sed 's/<[^>]*>/ /g' "$T/w.html" | tr -s ' \n' ' ' > "$T/w.txt"
check_grep "html: reports received" 'Reports received 4 ' "$T/w.txt"
check_grep "html: messages seen" 'Messages seen 10 ' "$T/w.txt"
check_grep "html: the reporter with its reports" 'min.example 4 10 ' "$T/w.txt"
check_grep "html: example.net has nothing to chart" 'example.net .*nothing to chart' "$T/w.txt"
check_grep "html: nothing rejected" '1 rejected' "$T/w.txt"

# sql/rebuild-derived.sql keeps the zero rows
sqlite3 -batch "$DB" < "$DR_SRC/sql/rebuild-derived.sql"
check_eq "rebuild keeps zero rows" 4 "$(q 'SELECT count(*) FROM report_stats')"
finish
