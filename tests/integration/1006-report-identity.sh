#!/usr/bin/env bash
# Issue 15 item 3: a report's identity is (org, report_id, policy_domain).
# A reporter that numbers its reports by date alone sends example.com and
# example.org the same report_id: both are stored and both domains are in
# `summary`, whether policy_published comes before the records (the
# identity is known when the report begins) or after them (known at its
# end).  Re-sends stay duplicates or conflicts of their own domain's copy.
# Migration 6 rebuilds the unique constraint on a version-5 database with
# data made by the dmarc-ingest before it (tests/data/store/v5-samples.sql):
# nothing is lost, and the samples ingested again are all duplicates.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
DB=$T/db.sqlite

# --- migration 6 on a version-5 database with data -------------------------
sqlite3 -batch "$DB" < "$DR_SRC/tests/data/store/v5-samples.sql"
check_eq "fixture is v5" 5 "$(q 'PRAGMA user_version')"
counts="SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM records),
    (SELECT count(*) FROM report_stats), (SELECT count(*) FROM conflicts),
    (SELECT count(*) FROM ingest_log), (SELECT count(*) FROM dkim_results),
    (SELECT count(*) FROM report_selectors), (SELECT count(*) FROM report_errors),
    (SELECT sum(message_count) FROM report_summary),
    (SELECT count(*) FROM record_detail)"
before=$(q "$counts")
mkdir -p "$T/empty/new" "$T/empty/cur" "$T/empty/tmp"
ingest -q --db "$DB" "$T/empty"
check_eq "migrate exit" 0 $?
check_eq "schema version" 14 "$(q 'PRAGMA user_version')"
check_eq "rows kept" "$before" "$(q "$counts")"
check_eq "integrity" ok "$(q 'PRAGMA integrity_check')"
check_eq "foreign keys" "" "$(q 'PRAGMA foreign_key_check')"
check_eq "unique key" "org_key,report_id,policy_domain" "$(q "SELECT group_concat(name)
    FROM (SELECT ii.name FROM pragma_index_list('reports') il,
    pragma_index_info(il.name) ii WHERE il.[unique] AND il.origin = 'u'
    ORDER BY ii.seqno)")"
check_eq "window indexes" 2 "$(q "SELECT count(*) FROM sqlite_master WHERE
    name IN ('reports_domain_end', 'reports_end')")"
check_eq "triggers" 2 "$(q "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")"
# the hand-edit trigger still recomputes a report's sums
q "UPDATE records SET count = count + 1 WHERE id = 1"
check_eq "trigger after migration" 1 "$(q "SELECT count(*) FROM report_stats s
    JOIN report_stats_derived d USING (report) WHERE s.report =
    (SELECT report FROM records WHERE id = 1) AND s.messages = d.messages")"
q "UPDATE records SET count = count - 1 WHERE id = 1"

copy_maildir "$DR_SRC/samples/maildir" "$T/md"
ingest -q --db "$DB" "$T/md" 2> "$T/again.err"
check_eq "samples again: reports" 13 "$(q 'SELECT count(*) FROM reports')"
check_eq "samples again: no new conflict" 1 "$(q 'SELECT count(*) FROM conflicts')"

# --- one report_id, two domains ---------------------------------------------
# early: policy_published before the records
mk() {	# mk FILE DOMAIN COUNT
	sed -e "s/<org_name>min.example</<org_name>Small Reporter</" \
	    -e "s/<report_id>min-1</<report_id>2026-11-11</" \
	    -e "s/<domain>example.com</<domain>$2</" \
	    -e "s/<count>5</<count>$3</" \
	    "$DR_SRC/tests/data/xml/minimal.xml" > "$1"
}
# late: the same report with policy_published after the records
mk_late() {	# mk_late FILE DOMAIN COUNT
	mk "$1.tmp" "$2" "$3"
	awk '/<policy_published>/ { p = 1 } p { pol = pol $0 "\n"; if (/<\/policy_published>/) p = 0; next }
	    /<\/feedback>/ { printf "%s", pol } { print }' "$1.tmp" > "$1"
	rm -f "$1.tmp"
}
mk "$T/com.xml" example.com 5
mk "$T/org.xml" example.org 6
mk_late "$T/net.xml" example.net 7
check_eq "late: policy after the record" "<policy_published>" \
    "$(grep -A1 '</record>' "$T/net.xml" | sed -n 2p | tr -d ' ')"
ingest -q --db "$DB" "$T/com.xml" "$T/org.xml" "$T/net.xml"
check_eq "two domains stored" 0 $?
check_eq "three reports" "example.com|5
example.net|7
example.org|6" "$(q "SELECT policy_domain, message_count FROM report_summary
    WHERE report_id = '2026-11-11' ORDER BY 1")"
check_eq "no conflict" 1 "$(q 'SELECT count(*) FROM conflicts')"
report --db "$DB" --no-dns --since 2024-01-01 --until 2024-01-03 summary \
    --format csv > "$T/s.csv"
check_eq "summary exit" 0 $?
check_eq "summary shows each domain" "example.com,5
example.net,7
example.org,6" "$(sed 1d "$T/s.csv" | cut -d, -f1,4 | sort)"

# re-sends: the late form of the .org report is its duplicate, a .com
# copy with another count a conflict of the .com report
mk_late "$T/org-late.xml" example.org 6
mk "$T/com-other.xml" example.com 9
ingest -v --db "$DB" "$T/org-late.xml" "$T/com-other.xml" > "$T/re.out" 2>&1
check_eq "re-send exit" 0 $?
check_grep "duplicate counted" 'duplicates=1' "$T/re.out"
check_grep "conflict counted" 'conflicts=1' "$T/re.out"
check_eq "conflict against .com" "example.com" "$(q "SELECT r.policy_domain FROM
    conflicts c JOIN reports r ON r.id = c.report ORDER BY c.id DESC LIMIT 1")"
check_eq "still three" 3 "$(q "SELECT count(*) FROM reports WHERE report_id = '2026-11-11'")"
finish
