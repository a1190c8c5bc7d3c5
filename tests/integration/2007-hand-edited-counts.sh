#!/usr/bin/env bash
# 2007-hand-edited-counts: a database edited by hand still yields an answer
# (issue 15 item 4).  One record's count set to INT64_MAX and another report
# of the same domain and day to 1, a count of INT64_MAX - 55 next to 55 in
# one report, negative counts (CHECK constraints off), a report dated 0 ..
# INT64_MAX, a report_stats row with messages < 0 < dmarc_pass.  Before,
# summary and two named queries exited 70 ("integer overflow" from SUM),
# sources 70 ("out-of-memory"), and html printed -9,223,372,036,852,...
# (signed overflow in weekly.c).  Now every command and every named query
# exits 0, prints no negative number and no percentage above 100, marks the
# sums it cannot know (">=9223372036854775807", JSON "saturated", HTML "≥")
# and says why on stderr; the public views answer in sqlite3.
. "$DR_SRC/tests/integration/lib.sh"
need_tool sqlite3
need_ingest
DB=$T/db.sqlite
copy_maildir "$DR_SRC/samples/maildir" "$T/md"
ingest -q --db "$DB" "$T/md" 2>/dev/null
id() {	# record id: report org, policy domain, source IP
	q "SELECT c.id FROM records c JOIN reports r ON r.id = c.report
	   WHERE r.org_name = '$1' AND r.policy_domain = '$2'
	     AND c.source_ip = '$3'"
}
A=$(id AMAZON-SES example.com 2001:db8:1234::17)
B=$(id reports.example.net example.com 203.0.113.44)
Y=$(id Yahoo example.com 192.0.2.200)
X=$(id xs4all.nl example.com 192.0.2.11)
check_eq "records found" 4 "$(echo $A $B $Y $X | wc -w)"
sqlite3 -batch "$DB" <<SQL >"$T/edit.out" 2>&1
UPDATE records SET count = 9223372036854775807 WHERE id = $A;
UPDATE records SET count = 1 WHERE id = $B;
UPDATE records SET count = 9223372036854775807 - 55 WHERE id = $Y;
PRAGMA ignore_check_constraints = ON;
UPDATE records SET count = -7 WHERE id = $X;
UPDATE reports SET date_begin = 0, date_end = 9223372036854775807
 WHERE id = (SELECT report FROM records WHERE id = $X);
UPDATE report_stats SET messages = -3, dmarc_pass = 9
 WHERE report = (SELECT id FROM reports WHERE org_name = 'GMX');
SQL
check_eq "hand edits accepted" "" "$(cat "$T/edit.out")"

W="--since 2026-11-01 --until 2026-11-30"
WARN="database holds counts no report can have \(edited by hand\?\)"
# run NAME ARGS...: exit 0, no negative number, no percentage above 100
run() {
	local name=$1
	shift
	report --db "$DB" --no-dns "$@" >"$T/$name.out" 2>"$T/$name.err"
	check_eq "$name: exit" 0 $?
	check_eq "$name: runtime errors" "" \
	    "$(grep -E 'runtime error|overflow|AddressSanitizer' "$T/$name.err")"
	check_eq "$name: negative numbers" "" \
	    "$(grep -oE '(^|[^0-9A-Za-z:._-])-[0-9][0-9,.]*' "$T/$name.out" | head -3)"
	check_eq "$name: percentages above 100" "" \
	    "$(grep -oE '\b([1-9][0-9]{3,}|[2-9][0-9]{2}|1[1-9][0-9]|10[1-9])(\.[0-9]+)?%' \
	    "$T/$name.out" | head -3)"
}
for f in table csv json; do
	run summary-$f summary $W --format $f
	run failures-$f failures $W --format $f
	run failures-all-$f failures --all $W --format $f
	run sources-$f sources $W --format $f
	run reports-$f reports $W --format $f
done
check_grep "summary: marked" '^example\.com .*>=9223372036854775807' "$T/summary-table.out"
check_grep "summary: warned" "$WARN" "$T/summary-table.err"
check_grep "summary: no rate from unknown sums" '^example\.com( +[^ ]+){4} +- ' \
    "$T/summary-table.out"
check_grep "summary: other domains exact" '^example\.net +2 +2 +17 +15 +88\.2%' \
    "$T/summary-table.out"
check_grep "summary json: saturated field" '"saturated"' "$T/summary-json.out"
check_grep "failures: marked" '192\.0\.2\.200 .*>=9223372036854775807' \
    "$T/failures-table.out"
check_grep "failures: warned" "$WARN" "$T/failures-table.err"
check_grep "sources: warned" "$WARN" "$T/sources-table.err"

# every named query
report --db "$DB" --no-dns query --list --format csv >"$T/list.csv"
n=0
for name in $(tr -d '\r' <"$T/list.csv" | awk -F, 'NR > 1 { print $1 }'); do
	n=$((n + 1))
	run "query-$name" query "$name" --format csv
	run "query-$name-table" query "$name"
	check_eq "query $name: pass_pct within 0..100" "" "$(tr -d '\r' \
	    <"$T/query-$name.out" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++)
	    if ($i == "pass_pct") k = i } NR > 1 && k && $k != "" &&
	    ($k < 0 || $k > 100) { print }')"
done
check_eq "named queries run" 6 "$n"
check_grep "daily-volume: marked" '>=9223372036854775807' "$T/query-daily-volume-table.out"
check_grep "daily-volume: warned" "$WARN" "$T/query-daily-volume-table.err"

# the weekly page: "Messages seen" and the chart say "not known"
run html html $W -o "$T/page.html"
check_grep "html: warned" "$WARN" "$T/html.err"
check_grep "html: messages seen marked" 'id="k-messages">≥9,223,372,036,854,775,807<' \
    "$T/page.html"
check_eq "html: no negative number" "" \
    "$(grep -oE '[>( ]-[0-9][0-9,]*' "$T/page.html" | head -3)"

# the public views in sqlite3
for v in report_summary record_detail rejected_inputs report_stats_derived; do
	sqlite3 -batch "$DB" "SELECT count(*) FROM $v" >/dev/null 2>"$T/v.err"
	check_eq "view $v: exit" 0 $?
	check_eq "view $v: no error" "" "$(cat "$T/v.err")"
done
check_eq "report_stats_derived saturates" 9223372036854775807 \
    "$(q "SELECT messages FROM report_stats_derived
	  WHERE report = (SELECT report FROM records WHERE id = $A)")"
check_eq "report_stats_derived: negative count is not known" 9223372036854775807 \
    "$(q "SELECT messages FROM report_stats_derived
	  WHERE report = (SELECT report FROM records WHERE id = $X)")"
# ... and a report of ordinary counts keeps its exact sums
check_eq "report_stats_derived: exact otherwise" "141|137" \
    "$(q "SELECT messages, dmarc_pass FROM report_stats_derived d
	  JOIN reports r ON r.id = d.report
	  WHERE r.org_name = 'google.com' AND r.policy_domain = 'example.com'")"
# A database made before the rule (version 6, its view summing with sum())
# picks the rule up at its next ingest: migration 7 re-creates the views, so
# a hand UPDATE that overflows no longer fails in the records triggers.
OLD=$T/v6.sqlite
ingest -q --db "$OLD" "$T/md" 2>/dev/null
sqlite3 -batch "$OLD" "DROP VIEW report_stats_derived;
CREATE VIEW report_stats_derived AS SELECT report, count(*) AS records,
 sum(count) AS messages, sum(CASE WHEN dmarc_pass THEN count ELSE 0 END) AS dmarc_pass,
 0 AS dkim_aligned, 0 AS spf_aligned, 0 AS disp_none, 0 AS disp_quarantine,
 0 AS disp_reject FROM records GROUP BY report;
 DROP TABLE alert_state; DROP TABLE alert_runs; DROP TABLE alert_sources;
 DROP TABLE alert_marks; DROP TABLE asn_cache; DROP TABLE as_name_cache;
 DROP TABLE rollup_sources; DROP TABLE rollup_intervals;
 PRAGMA user_version = 6"
printf '' | ingest -q --db "$OLD" - >/dev/null 2>&1
check_eq "v6 migrated" 14 "$(sqlite3 -batch "$OLD" 'PRAGMA user_version')"
sqlite3 -batch "$OLD" "UPDATE records SET count = 9223372036854775807
 WHERE id IN (SELECT min(id) FROM records GROUP BY report LIMIT 1);
 UPDATE records SET count = 1099511627776 WHERE id IN (SELECT min(id)+1 FROM records
 GROUP BY report LIMIT 1)" >"$T/old.out" 2>&1
check_eq "v6 migrated: hand update takes" "" "$(cat "$T/old.out")"
finish
