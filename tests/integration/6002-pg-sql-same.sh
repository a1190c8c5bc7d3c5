#!/usr/bin/env bash
# 6002-pg-sql-same: the two SQL dialects give the same rows, byte for byte.
# Without the C backend: a SQLite database is built by dmarc-ingest from
# samples/ and the integration fixtures (tests/data), plus hand rows for
# the tables only dmarc-report writes (DNS caches and checks, alert state);
# util/sqlite-to-pg.sh moves it into a throwaway PostgreSQL 15 (ICU en-US
# order, not C's: tests/pg/pg-run.sh); then every named statement of
# sql/report/ and sql/queries/ runs in both dialects with representative
# parameters (sqlite3 .param set; psql PREPARE with the parameter types the
# backend sends: int8 for an integer, text for a string, unknown for
# NULL; without parameters as it is), and so do the views; the write
# statements run too, and every table is compared after them.  Then a
# prune in batches, in both (store/prune.c's steps, one session per batch:
# prune_batch is a temporary table): each batch's counts, the totals and
# every table after it.  Last, util/sqlite-to-pg.sh: the schema as the
# backend makes it (schema.sql, then sql/pg/migrations/), refusals,
# targets that have the schema already, passwords.
#
# Compared: the raw values, fields separated by 0x1f, NULL printed as \N
# (sqlite3 -list -nullvalue, psql -A -P null): CSV would not do, the two
# programs quote differently and psql prints NULL and '' alike.  One
# normalisation, of formatting only: a float that is a whole number
# (SQLite prints 100.0, PostgreSQL 100) loses its ".0" on both sides
# (daily-volume's pass_pct is the only float column).
set -u
set -o pipefail
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_ingest
# need_pg and pg_start come with tests/pg/pg-run.sh (branch pg-harness).
type need_pg > /dev/null 2>&1 ||
	skip_or_fail "lib.sh has no need_pg: tests/pg/pg-run.sh is not there"
need_pg
pg_start

DB=$T/db.sqlite
ST=$DR_SRC/sql
psqlc() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$PG_CONNINFO" "$@"; }

# --- the SQLite database --------------------------------------------------
mkdb "$DB" "$DR_SRC/tests/data/report/fixture.sql"
copy_maildir "$DR_SRC/samples/maildir" "$T/md"
ingest -q --db "$DB" "$T/md" > /dev/null 2>&1
mkdir -p "$T/files"
cp "$DR_SRC"/tests/data/xml/*.xml "$DR_SRC/tests/data/alerts/broken.xml" \
    "$DR_SRC/tests/data/report/totals-not-a-report.eml" "$T/files/"
cp "$DR_SRC/tests/data/services/report.xml" "$T/files/services-report.xml"
ingest -q --db "$DB" "$T"/files/* > /dev/null 2>&1
sqlite3 -batch -bail "$DB" <<'EOF' || { echo "FAIL: hand rows"; exit 1; }
INSERT INTO ptr_cache VALUES
 ('192.0.2.1', 'ok', 'mail.example.com', 1, 3600, 1796000000, 1796003600),
 ('198.51.100.7', 'nxdomain', NULL, NULL, 900, 1796000000, 1796003600),
 ('2001:db8::1', 'ok', 'Zeta.example', 0, 86400, 1796000000, 1796086400),
 ('192.0.2.99', 'nodata', '', NULL, 60, 1796000000, 1796003600),
 ('203.0.113.250', 'ok', 'far.example', 1, 60, 253402300800, 253402300799),
 ('203.0.113.251', 'ok', 'old.example', 1, 60, -86400, -62135596800);
INSERT INTO dns_cache VALUES ('example.com', 16, 'ok', 'v=spf1 -all', 300, 1796000000, 1796003600);
INSERT INTO dns_checks(domain, kind, name, status, record, valid, summary_json, first_seen, last_seen) VALUES
 ('example.com', 'spf', 'example.com', 'ok', 'v=spf1 a -all', 1, '{"lookups":3,"void_lookups":0}', 1795000000, 1795100000),
 ('example.com', 'spf', 'example.com', 'invalid', 'v=spf1 include:a include:b', 0, '{"lookups":12,"void_lookups":3}', 1795200000, 1795300000),
 ('example.com', 'dmarc', '_dmarc.example.com', 'ok', 'v=DMARC1; p=reject', 1, '{"p":"reject"}', 1795000000, 1795300000),
 ('example.com', 'dkim', 's1._domainkey.example.com', 'ok', 'v=DKIM1; k=rsa; p=AB', 1, '{"key_bits":1024,"key_type":"rsa"}', 1795000000, 1795300000),
 ('example.com', 'dkim', 'B._domainkey.example.com', 'ok', 'v=DKIM1; k=ed25519; p=AB', 1, '{"key_bits":256,"key_type":"ed25519"}', 1795000000, 1795300000),
 ('example.com', 'mx', 'example.com', 'none', NULL, NULL, '{}', 1795000000, 1795300000),
 ('example.org', 'dkim', 'a._domainkey.example.org', 'ok', 'x', 1, '{"key_bits":2048,"key_type":"rsa"}', 1795000000, 1795300000);
INSERT INTO asn_cache VALUES
 ('192.0.2.1', 'asn.cymru.com', 'ok', 64500, '64500 64501', '192.0.2.0/24', 'US', 'arin', 3600, 1796000000, 1796003600),
 ('198.51.100.7', 'asn.cymru.com', 'nxdomain', NULL, NULL, NULL, NULL, NULL, 3600, 1796000000, 1796003600);
INSERT INTO as_name_cache VALUES
 (64500, 'asn.cymru.com', 'ok', 'EXAMPLE-AS, US', 3600, 1796000000, 1796003600),
 (64501, 'asn.cymru.com', 'nxdomain', NULL, 3600, 1796000000, 1796003600);
INSERT INTO alert_runs(ran_at, message_mark, raised) VALUES (1795000000, 3, 2), (1795600000, 20, 0);
INSERT INTO alert_state VALUES
 ('new-source|example.com|192.0.2.7', 'new-source', 'example.com', '', 1795000000, 2),
 ('dns-invalid|example.com|spf|example.com', 'dns-invalid', 'example.com', 'invalid', 1795000000, 1),
 ('set-aside|xml-malformed', 'set-aside', NULL, '1', 1795000000, 1),
 ('silent-reporter|example.org|Yahoo', 'silent-reporter', 'example.org', '', 1795000000, 2);
INSERT INTO alert_sources VALUES ('example.com', '198.51.100.7', 1794268799),
 ('example.com', 'b-not-an-ip', 1794268799), ('example.com', 'B-not-an-ip', 1794268799);
INSERT INTO alert_marks VALUES ('sources', 3);
-- collate.example: names whose byte order (SQLite's, COLLATE "C") is not
-- a linguistic one ('B' < 'a' < 'Ä'), equal counts (ties broken by
-- names), policies that differ by a NULL only (NULLs sort first), 906 a
-- report of no time at all on the edge of a window (the window rule's
-- second half: date_begin >= start).
INSERT INTO reports(id, org_name, org_key, report_id, schema, date_begin,
    date_end, policy_domain, p, sp, adkim, aspf, pct, record_count,
    message_count, digest, ingested_at) VALUES
 (901, 'B Corp', 'b corp', 'B-1', 'rfc7489', 1794186000, 1794268800, 'collate.example', 'reject', NULL, 'r', NULL, NULL, 1, 5, 'c1', 1794300000),
 (902, 'a corp', 'a corp', 'a-1', 'rfc7489', 1794186000, 1794268800, 'collate.example', 'reject', 'none', 'r', 'r', 100, 1, 5, 'c2', 1794300000),
 (903, 'Älpha', 'älpha', 'Ä-1', 'rfc7489', 1794186000, 1794268800, 'collate.example', 'reject', 'quarantine', NULL, NULL, NULL, 2, 10, 'c3', 1794300000),
 (904, 'b CORP', 'b corp', 'B-2', 'rfc7489', 1794100000, 1794268800, 'collate.example', 'reject', NULL, 'r', NULL, NULL, 0, 0, 'c4', 1794300000),
 (905, 'b corp', 'b corp', 'B-3', 'rfc7489', 1794186000, 1794268800, 'collate.example', 'reject', NULL, 'r', NULL, NULL, 0, 0, 'c5', 1794300000),
 (906, 'b corp', 'b corp', 'B-4', 'rfc7489', 1794268800, 1794268800, 'collate.example', 'reject', NULL, 'r', NULL, NULL, 0, 0, 'c6', 1794300000);
INSERT INTO records(id, report, source_ip, ip_version, count, disposition,
    dkim_eval, spf_eval, header_from) VALUES
 (9001, 901, '192.0.2.200', 4, 5, 'none', 'fail', 'fail', 'collate.example'),
 (9002, 902, '192.0.2.201', 4, 5, 'none', 'fail', 'fail', 'Collate.example'),
 (9003, 903, '192.0.2.202', 4, 5, 'reject', 'fail', 'fail', 'collate.example'),
 (9004, 903, '192.0.2.202', 4, 5, 'reject', 'fail', 'fail', 'Collate.example');
INSERT INTO dkim_results(record, seq, domain, selector, result) VALUES
 (9001, 0, 'collate.example', 'B', 'fail'), (9002, 0, 'collate.example', 'a', 'fail'),
 (9003, 0, 'collate.example', 'Ä', 'temperror'), (9003, 1, 'collate.example', 'a', 'fail'),
 (9003, 2, 'collate.example', 'B', 'temperror');
INSERT INTO spf_results(record, seq, domain, scope, result) VALUES
 (9001, 0, 'Bounce.example', 'mfrom', 'pass'), (9002, 0, 'bounce.example', 'mfrom', 'pass'),
 (9003, 0, 'bounce.example', 'helo', 'pass'), (9004, 0, 'Bounce.example', 'mfrom', 'pass');
-- Ties: reports 901, 904, 905 of one reporter end together (alerts-silent
-- takes org_name from one of them); message 9999 has two rejected parts
-- with one reason (alerts-set-aside takes the first).
INSERT INTO messages(id, source_key, path, sha256, size, outcome, reports, ingested_at)
VALUES (9999, 'k9999', '/m/new/9999', 'ee', 10, 'stored', 1, 1796000000);
INSERT INTO ingest_log(id, message, part, outcome, reason, detail) VALUES
 (9001, 9999, 'z.xml', 'rejected', 'zip-too-big', 'member z'),
 (9002, 9999, 'a.xml', 'rejected', 'zip-too-big', 'member a'),
 (9003, 9999, 'c.xml', 'conflict', NULL, NULL);
-- A re-send of report 1 with other content (pruned below, with it).
INSERT INTO conflicts(report, digest, message, seen_at) VALUES
 (1, 'other-digest', 9999, 1796000000);
INSERT INTO report_stats SELECT * FROM report_stats_derived WHERE report > 900;
INSERT OR IGNORE INTO report_selectors SELECT d.domain, d.selector, c.report
FROM dkim_results d JOIN records c ON c.id = d.record WHERE c.report > 900;
EOF

# --- into PostgreSQL ------------------------------------------------------
"$DR_SRC/util/sqlite-to-pg.sh" "$DB" "$PG_CONNINFO" > "$T/move.out" 2>&1
check_eq "sqlite-to-pg exit" 0 $?
check_grep "sqlite-to-pg says what it moved" "moved into the PostgreSQL database \([0-9]+ reports" "$T/move.out"
check_eq "sqlite-to-pg: the schema as the backend makes it" 14 \
    "$(psqlc -At -c "SELECT string_agg(version::text, ',') FROM schema_version")"
"$DR_SRC/util/sqlite-to-pg.sh" "$DB" "$PG_CONNINFO" > "$T/again.out" 2>&1
check_eq "sqlite-to-pg refuses a non-empty target" 1 $?
check_grep "and says so" "not empty" "$T/again.out"

# --- running one statement in both dialects -------------------------------
# norm: the one formatting difference (see the header).
US=$'\x1f'
norm() {
	sed -E ":a; s/(^|$US)(-?[0-9]+)\\.0($US|\$)/\\1\\2\\3/; ta"
}
sq() { sqlite3 -batch -bail -list -noheader -separator "$US" -nullvalue '\N' "$DB" "$@"; }
pq() { psqlc -A -t -F "$US" -P 'null=\N' "$@"; }
# sql_body FILE: the statement without comment lines and the final ';'.
sql_body() {
	sed -e '/^[[:space:]]*--/d' "$1" | sed -e '$ s/;[[:space:]]*$//'
}
# pg_type VALUE: the type the backend sends for a bound value.
pg_type() {
	case $1 in
	NULL) echo unknown ;;
	\'*) echo text ;;
	*) echo bigint ;;
	esac
}

# emit_sqlite FILE NAMES VALUES... / emit_pg FILE NAMES VALUES...: the
# script that runs one statement in sqlite3 / psql, to be piped into one
# session with others (prune_batch is a temporary table).  NAMES is "?"
# for ?1, ?2, ... or the query's ":a :b ..." in the order of VALUES
# (quoted everywhere: an unquoted ? would match a one-character file
# name in the working directory).
emit_sqlite() {
	local f=$1 names=$2 i=0 v n
	local -a nm=()
	shift 2
	[ "$names" = "?" ] || read -r -a nm <<< "$names"
	echo ".param clear"
	for v in "$@"; do
		if [ "$names" = "?" ]; then n="?$((i + 1))"; else n=${nm[$i]}; fi
		printf '.param set %s %s\n' "$n" "$v"
		i=$((i + 1))
	done
	cat "$f"
}
n_prep=0
emit_pg() {
	local f=$1 names=$2 i=1 v types="" vals="" body n
	local -a nm=()
	shift 2
	body=$(sql_body "$f")
	if [ "$names" = "?" ]; then
		body=$(printf '%s\n' "$body" | sed -E 's/\?([0-9]+)/$\1/g')
	else
		read -r -a nm <<< "$names"
		for n in ${nm[@]+"${nm[@]}"}; do
			body=$(printf '%s\n' "$body" | sed -E "s/(^|[^:])$n([^A-Za-z0-9_]|\$)/\\1\$$i\\2/g")
			i=$((i + 1))
		done
	fi
	for v in "$@"; do
		types="$types${types:+, }$(pg_type "$v")"
		vals="$vals${vals:+, }$v"
	done
	n_prep=$((n_prep + 1))
	if [ $# -gt 0 ]; then
		printf 'PREPARE dr_s%d(%s) AS\n%s;\nEXECUTE dr_s%d(%s);\n' \
		    "$n_prep" "$types" "$body" "$n_prep" "$vals"
	else
		# Without parameters as it is: PREPARE takes no CREATE (the
		# backend's protocol-level prepare does).
		printf '%s;\n' "$body"
	fi
}
run_sqlite() { emit_sqlite "$@" | sq; }
run_pg() { emit_pg "$@" | pq; }

# same LABEL SORT FILE NAMES VALUES...: one statement, both dialects, the
# same bytes (SORT=sort: the statement has no ORDER BY, compare as sets).
n_same=0
same() {
	local label=$1 sorted=$2 f=$3 names=$4 rs rp
	shift 4
	n_same=$((n_same + 1))
	rs=$T/s.$n_same rp=$T/p.$n_same
	run_sqlite "$ST/$f" "$names" "$@" 2> "$rs.err" | norm > "$rs" ||
	    { echo "FAIL: $label: sqlite3: $(head -3 "$rs.err")"; DR_FAILS=$((DR_FAILS + 1)); return; }
	run_pg "$ST/pg/$f" "$names" "$@" 2> "$rp.err" | norm > "$rp" ||
	    { echo "FAIL: $label: psql: $(head -3 "$rp.err")"; DR_FAILS=$((DR_FAILS + 1)); return; }
	if [ "$sorted" = sort ]; then
		LC_ALL=C sort -o "$rs" "$rs"
		LC_ALL=C sort -o "$rp" "$rp"
	fi
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! cmp -s "$rs" "$rp"; then
		echo "FAIL: $label: the dialects differ (< SQLite, > PostgreSQL):"
		diff "$rs" "$rp" | head -20 | sed 's/^/    /'
		DR_FAILS=$((DR_FAILS + 1))
	elif [ "${DR_VERBOSE:-0}" = 1 ]; then
		echo "ok: $label ($(wc -l < "$rs") rows)"
	fi
}
# view LABEL SORT SELECT: a SELECT over the views/tables in both.
view() {
	local label=$1 sorted=$2 sql=$3
	n_same=$((n_same + 1))
	sq "$sql" 2>&1 | norm > "$T/s.$n_same"
	pq -c "$sql" 2>&1 | norm > "$T/p.$n_same"
	if [ "$sorted" = sort ]; then
		LC_ALL=C sort -o "$T/s.$n_same" "$T/s.$n_same"
		LC_ALL=C sort -o "$T/p.$n_same" "$T/p.$n_same"
	fi
	DR_CHECKS=$((DR_CHECKS + 1))
	if ! cmp -s "$T/s.$n_same" "$T/p.$n_same"; then
		echo "FAIL: $label: the dialects differ (< SQLite, > PostgreSQL):"
		diff "$T/s.$n_same" "$T/p.$n_same" | head -20 | sed 's/^/    /'
		DR_FAILS=$((DR_FAILS + 1))
	fi
}

# Every PostgreSQL file has its SQLite twin and the reverse.
for d in report queries; do
	check_eq "sql/$d and sql/pg/$d: the same names" \
	    "$(cd "$ST/$d" && ls *.sql)" "$(cd "$ST/pg/$d" && ls *.sql)"
done

# The window of samples/ (2026-11-09 .. 2026-11-16), the week before, all time.
W=1794182400 E=1794787200 P=1793577600 ALL=1796601600

# --- read statements ------------------------------------------------------
same alerts-dns . report/alerts-dns.sql "?" "'example.com'"
same alerts-dns-none . report/alerts-dns.sql "?" "'example.net'"
same alerts-domain-windows . report/alerts-domain-windows.sql "?" NULL $W $E $P
same alerts-domain-windows-dom . report/alerts-domain-windows.sql "?" "'example.com'" $W $E $P
same alerts-domain-windows-all . report/alerts-domain-windows.sql "?" NULL 1700000000 $ALL 0
same alerts-mark-get . report/alerts-mark-get.sql "?"
same alerts-message-mark . report/alerts-message-mark.sql "?"
same alerts-new-sources-scan . report/alerts-new-sources-scan.sql "?" NULL $W $E 1 100
same alerts-new-sources-scan-dom . report/alerts-new-sources-scan.sql "?" "'example.com'" $W $E 0 3
same alerts-new-sources . report/alerts-new-sources.sql "?" NULL $W $E 1 100
same alerts-new-sources-dom . report/alerts-new-sources.sql "?" "'example.com'" 0 $ALL 0 5
same alerts-run-last . report/alerts-run-last.sql "?"
same alerts-set-aside . report/alerts-set-aside.sql "?" NULL 0
same alerts-set-aside-mark . report/alerts-set-aside.sql "?" 5 NULL
same alerts-silent . report/alerts-silent.sql "?" NULL 1600000000 $ALL $E 1
same alerts-silent-dom . report/alerts-silent.sql "?" "'example.com'" 1600000000 $ALL $ALL 2
same alerts-state-get . report/alerts-state-get.sql "?" "'new-source|example.com|192.0.2.7'"
same alerts-state-get-none . report/alerts-state-get.sql "?" "'nothing'"
same alerts-window-selectors . report/alerts-window-selectors.sql "?" NULL $W $E 100
same alerts-window-selectors-all . report/alerts-window-selectors.sql "?" NULL 0 $ALL 100
same alerts-window-selectors-lim . report/alerts-window-selectors.sql "?" "'example.org'" 0 $ALL 2
same asn-get-many . report/asn-get-many.sql "?" \
    "'[\"192.0.2.1\",\"2001:db8::1\",\"198.51.100.7\",\"203.0.113.9\"]'" "'asn.cymru.com'"
same asn-get-many-none . report/asn-get-many.sql "?" "'[]'" "'asn.cymru.com'"
same asn-name-get-many . report/asn-name-get-many.sql "?" "'[64500,64501,64511]'" "'asn.cymru.com'"
same check-last . report/check-last.sql "?" "'example.com'" "'spf'" "'example.com'"
same check-selectors . report/check-selectors.sql "?" "'example.com'"
same check-selectors-org . report/check-selectors.sql "?" "'example.org'"
same check-selectors-collate . report/check-selectors.sql "?" "'collate.example'"
same policy-next-selector-collate . report/policy-next-selector.sql "?" "'collate.example'" "'B'"
same failures-any-in-window . report/failures-any-in-window.sql "?" NULL $W $E
same failures-any-in-window-dom . report/failures-any-in-window.sql "?" "'example.com'" $W $E
same failures-any-in-window-empty . report/failures-any-in-window.sql "?" NULL 0 1
same failures-any-report . report/failures-any-report.sql "?" NULL
same failures-domain-in-window . report/failures-domain-in-window.sql "?" "'example.com'" $W $E
same failures-domain-in-window-no . report/failures-domain-in-window.sql "?" "'example.net'" 0 1
same failures-domain-known . report/failures-domain-known.sql "?" "'example.net'"
same failures-domain-known-no . report/failures-domain-known.sql "?" "'nowhere.example'"
# The rows of a record come together in both (SQLite by its loop order,
# PostgreSQL by ORDER BY c.id); report/query/failures.c folds records into
# per-IP rows and sorts those, so the order of the records is not part of
# the answer: compared as sets.
for dom in example.com example.org example.net totals.example collate.example; do
	same "failures-records $dom" sort report/failures-records.sql "?" "'$dom'" 0 $ALL NULL
done
same failures-records-ips sort report/failures-records.sql "?" "'example.com'" $W $E \
    "'[\"192.0.2.1\",\"198.51.100.7\",\"203.0.113.44\"]'"
same failures-window-domains sort report/failures-window-domains.sql "?" NULL $W $E
same failures-window-domains-all sort report/failures-window-domains.sql "?" NULL 0 $ALL
same inputs-set-aside . report/inputs-set-aside.sql "?" NULL $W $ALL
same inputs-set-aside-all . report/inputs-set-aside.sql "?" 1 NULL NULL
same policy-next-selector . report/policy-next-selector.sql "?" "'example.com'" "''"
same policy-next-selector-s1 . report/policy-next-selector.sql "?" "'example.com'" "'s1'"
same policy-next-selector-end . report/policy-next-selector.sql "?" "'example.com'" "'zzz'"
same policy-selector-used . report/policy-selector-used.sql "?" "'example.com'" $W $E "'s1'"
same policy-selector-used-no . report/policy-selector-used.sql "?" "'example.com'" $W $E "'nope'"
same ptr-get-many . report/ptr-get-many.sql "?" \
    "'[\"192.0.2.1\",\"198.51.100.7\",\"203.0.113.44\",\"203.0.113.250\",\"203.0.113.251\"]'"
same ptr-get-many-none . report/ptr-get-many.sql "?" "'[]'"
same reports-received . report/reports-received.sql "?" NULL 0 $ALL
same reports-received-dom . report/reports-received.sql "?" "'example.com'" $W $E
same services-version-get . report/services-version-get.sql "?"
for dom in example.com example.org example.net collate.example nowhere.example; do
	same "summary-policies $dom" . report/summary-policies.sql "?" "'$dom'" 0 $ALL
	same "summary-totals $dom" . report/summary-totals.sql "?" "'$dom'" 0 $ALL
	same "summary-totals $dom week" . report/summary-totals.sql "?" "'$dom'" $W $E
	same "summary-counts $dom" . report/summary-counts.sql "?" "'$dom'" 0 $ALL
	same "summary-counts $dom week" . report/summary-counts.sql "?" "'$dom'" $W $E
done
same weekly-ingest-counts . report/weekly-ingest-counts.sql "?" 0 $ALL
same weekly-reports . report/weekly-reports.sql "?" 0 $ALL
same weekly-reports-week . report/weekly-reports.sql "?" $W $E
same weekly-window-selectors . report/weekly-window-selectors.sql "?" 0 $ALL
same weekly-window-selectors-week . report/weekly-window-selectors.sql "?" $W $E
ids=$(sqlite3 "$DB" "SELECT group_concat(id, ',') FROM (SELECT id FROM records ORDER BY id)")
same weekly-detail-many . report/weekly-detail-many.sql "?" "'[$ids,999999]'"
same weekly-detail-many-none . report/weekly-detail-many.sql "?" "'[]'"
# The window rollup (migration 12): the fingerprints and the reports of
# each interval from reports; the cache tables themselves are empty here
# (sqlite-to-pg.sh does not move a cache).
for dom in example.com example.org collate.example nowhere.example; do
	same "rollup-fingerprints $dom" . report/rollup-fingerprints.sql "?" "'$dom'" 0 $ALL
	same "rollup-fingerprints $dom week" . report/rollup-fingerprints.sql "?" "'$dom'" $W $E
	same "rollup-cached $dom" . report/rollup-cached.sql "?" "'$dom'" 0 $ALL
done
while read -r dom b e; do
	same "rollup-interval-reports $dom $b" . report/rollup-interval-reports.sql "?" "'$dom'" "$b" "$e"
done < <(sqlite3 "$DB" "SELECT DISTINCT policy_domain || ' ' || date_begin || ' ' || date_end FROM reports ORDER BY 1")
same rollup-sources . report/rollup-sources.sql "?" "'example.com'" 0 0 86399
same rollup-source-ips . report/rollup-source-ips.sql "?" "'example.com'" 0 0 86399 "'[\"192.0.2.1\",\"198.51.100.7\",\"2001:db8::1\"]'"
# The weekly page's week from the rollup (migration 14; the cache is empty
# here, 6014 compares pages read from it) and the records of its other
# reports, by id (a report's records in no set order: compared as sets).
same weekly-rollup-intervals . report/weekly-rollup-intervals.sql "?" 0 $ALL "'[\"example.com\",\"example.org\"]'"
same weekly-rollup-rows . report/weekly-rollup-rows.sql "?" "'[[\"example.com\",0,86399]]'"
rids=$(sqlite3 "$DB" "SELECT group_concat(id, ',') FROM (SELECT id FROM reports ORDER BY id)")
same weekly-records-of sort report/weekly-records-of.sql "?" "'[$rids]'"
same weekly-records-of-none . report/weekly-records-of.sql "?" "'[]'"
# report_failures_lite(): the reports of a domain and window (no ORDER BY
# in SQLite, the C code folds them into sets: compared as sets), then per
# report its records and results by id range, the range of the report
# and one over every id (rows of other reports in it, skipped by C).
for dom in example.com example.org example.net totals.example collate.example nowhere.example; do
	same "lite-reports $dom" sort report/lite-reports.sql "?" "'$dom'" 0 $ALL
	same "lite-reports $dom week" sort report/lite-reports.sql "?" "'$dom'" $W $E
done
same "lite-reports edge" sort report/lite-reports.sql "?" "'collate.example'" 1794268800 1794268801
while IFS='|' read -r id lo hi; do
	[ -n "$lo" ] || { lo=0 hi=0; }
	same "lite-records $id" . report/lite-records.sql "?" $id $lo $hi
	same "lite-records $id wide" . report/lite-records.sql "?" $id 0 999999
	for k in dkim spf reasons; do
		same "lite-$k $id" . report/lite-$k.sql "?" $lo $hi
	done
done < <(sqlite3 "$DB" "SELECT r.id, min(c.id), max(c.id) FROM reports r
    LEFT JOIN records c ON c.report = r.id GROUP BY r.id ORDER BY r.id")
for k in dkim spf reasons; do
	same "lite-$k all" . report/lite-$k.sql "?" 0 999999
	same "lite-$k none" . report/lite-$k.sql "?" 5 4
done
# The rollup's batches (rollup-batch-rows.sql): each interval's reports as
# rollup.c sends them, [id, first, last] in id order (the report's own
# first and last record id: SQLite reads them again from records, so a
# wider range is no batch rollup.c sends); every report in one batch; none.
while IFS='|' read -r dom b e; do
	batch=$(sqlite3 "$DB" "SELECT json_group_array(json_array(id, lo, hi))
	    FROM (SELECT r.id, min(c.id) AS lo, max(c.id) AS hi FROM reports r
	    JOIN records c ON c.report = r.id WHERE r.policy_domain = '$dom'
	    AND r.date_begin = $b AND r.date_end = $e GROUP BY r.id ORDER BY r.id)")
	same "rollup-batch-rows $dom $b" . report/rollup-batch-rows.sql "?" "'$batch'"
done < <(sqlite3 "$DB" "SELECT DISTINCT policy_domain, date_begin, date_end FROM reports ORDER BY 1, 2, 3")
batch=$(sqlite3 "$DB" "SELECT json_group_array(json_array(id, lo, hi))
    FROM (SELECT r.id, min(c.id) AS lo, max(c.id) AS hi FROM reports r
    JOIN records c ON c.report = r.id GROUP BY r.id ORDER BY r.id)")
same "rollup-batch-rows all" . report/rollup-batch-rows.sql "?" "'$batch'"
same "rollup-batch-rows none" . report/rollup-batch-rows.sql "?" "'[]'"

# --- the named queries of dmarc-report query ------------------------------
for qf in daily-volume dkim-selectors failures-by-ip reporters spf-pass-dmarc-fail; do
	same "query $qf" . queries/$qf.sql ":domain :since :until" NULL NULL NULL
	same "query $qf example.com week" . queries/$qf.sql ":domain :since :until" \
	    "'example.com'" $W $E
	same "query $qf example.org" . queries/$qf.sql ":domain :since :until" \
	    "'example.org'" NULL NULL
	same "query $qf collate.example" . queries/$qf.sql ":domain :since :until" \
	    "'collate.example'" NULL NULL
done
same "query ptr-cache" . queries/ptr-cache.sql ":ip" NULL
same "query ptr-cache ip" . queries/ptr-cache.sql ":ip" "'192.0.2.1'"

# --- the views ------------------------------------------------------------
view report_summary sort "SELECT * FROM report_summary"
view record_detail . "SELECT * FROM record_detail ORDER BY record_rowid"
view rejected_inputs . "SELECT * FROM rejected_inputs"
view report_stats_derived . "SELECT * FROM report_stats_derived ORDER BY report"
view dns_check_current sort "SELECT * FROM dns_check_current"
view "report_stats = report_stats_derived" . "SELECT count(*) FROM report_stats s
    JOIN report_stats_derived d ON d.report = s.report AND d.records = s.records
     AND d.messages = s.messages AND d.dmarc_pass = s.dmarc_pass
     AND d.dkim_aligned = s.dkim_aligned AND d.spf_aligned = s.spf_aligned
     AND d.disp_none = s.disp_none AND d.disp_quarantine = s.disp_quarantine
     AND d.disp_reject = s.disp_reject"

# --- write statements (then every table is compared) ----------------------
same alerts-mark-set . report/alerts-mark-set.sql "?" 42
same alerts-run-add . report/alerts-run-add.sql "?" 1796000000 40 3
same alerts-sources-fill . report/alerts-sources-fill.sql "?" 0 1000
same alerts-state-put-new . report/alerts-state-put.sql "?" "'k|new'" "'new-source'" "'example.com'" "''" NULL 3
same alerts-state-put-again . report/alerts-state-put.sql "?" "'new-source|example.com|192.0.2.7'" "'new-source'" "'example.com'" "'x'" 1796000000 3
same alerts-state-put-nodomain . report/alerts-state-put.sql "?" "'set-aside|xml-malformed'" "'set-aside'" NULL "'2'" NULL 3
same alerts-state-clear . report/alerts-state-clear.sql "?" 3 "'example.com'"
same asn-name-save . report/asn-name-save.sql "?" 64501 "'asn.cymru.com'" "'ok'" "'NEW-AS'" 60 1796000100 1796003700
same asn-name-save-new . report/asn-name-save.sql "?" 64502 "'asn.cymru.com'" "'nxdomain'" NULL 60 1796000100 1796003700
same asn-save . report/asn-save.sql "?" "'198.51.100.7'" "'asn.cymru.com'" "'ok'" 64502 "'64502'" "'198.51.100.0/24'" "''" "'ripencc'" 60 1796000100 1796003700
same asn-save-new . report/asn-save.sql "?" "'203.0.113.44'" "'asn.cymru.com'" "'nxdomain'" NULL NULL NULL NULL NULL 60 1796000100 1796003700
same ptr-save . report/ptr-save.sql "?" "'198.51.100.7'" "'ok'" "'x.example'" 0 60 1796000100 1796003700
same ptr-save-new . report/ptr-save.sql "?" "'203.0.113.44'" "'nxdomain'" NULL NULL 60 1796000100 1796003700
same check-insert . report/check-insert.sql "?" "'example.net'" "'spf'" "'example.net'" "'ok'" "'v=spf1 -all'" 1 "'{\"lookups\":0}'" 1796000000
same check-update . report/check-update.sql "?" 1796000500 0 "'{\"lookups\":11}'" 1
same services-clear . report/services-clear.sql "?"
same services-clear-services . report/services-clear-services.sql "?"
same services-put . report/services-put.sql "?" "'svc'" "'esp'" "'Svc'" "'https://svc.example/'" NULL "'include:spf.svc.example'"
same services-rule-put . report/services-rule-put.sql "?" "'dkim'" "'svc.example'" "'svc'"
same services-version-set . report/services-version-set.sql "?" "'0123456789abcdef'"
same alerts-dns-after . report/alerts-dns.sql "?" "'example.com'"
same alerts-new-sources-after . report/alerts-new-sources.sql "?" NULL 0 $ALL 0 100

for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_schema WHERE type = 'table'
    AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
	view "table $t" sort "SELECT * FROM $t"
done

# --- a hand edit: the triggers keep report_stats right in both ------------
for sql in "UPDATE records SET count = count + 5 WHERE id IN (1, 2)" \
    "UPDATE records SET dkim_eval = 'pass' WHERE id = 3" \
    "UPDATE records SET count = 9223372036854775807 WHERE id = 4" \
    "DELETE FROM records WHERE id = 5"; do
	sqlite3 "$DB" "PRAGMA foreign_keys = ON; $sql"
	psqlc -c "$sql"
done
view "report_stats after hand edits" . "SELECT * FROM report_stats ORDER BY report"
# sql/pg/rebuild-derived.sql (and its SQLite twin) change nothing now.
sqlite3 -batch -bail "$DB" < "$ST/rebuild-derived.sql" > /dev/null
psqlc -f "$ST/pg/rebuild-derived.sql" > /dev/null
check_eq "sql/pg/rebuild-derived.sql runs" 0 $?
view "report_stats after rebuild-derived" . "SELECT * FROM report_stats ORDER BY report"
view "report_selectors after rebuild-derived" sort "SELECT * FROM report_selectors"
same "summary-totals after hand edits" . report/summary-totals.sql "?" "'example.com'" 0 $ALL

# --- a prune in both dialects, in batches as store/prune.c runs it -------
# Each batch is one session (prune_batch is a temporary table): create,
# clear, fill (before, last id, batch size), count, then (unless a dry
# run) the prune-* steps in store/prune.c's order; SQLite with foreign keys
# off as there, PostgreSQL with its constraints (the steps' order must
# suit them).  The counts of every batch, the totals and then every table
# are compared.
PRUNE_STEPS="remember unlink-log conflicts reasons dkim spf errors stats
    selectors reports records"
# prune_script DIALECT BEFORE LAST BATCH DRY: one batch's script.
prune_script() {
	local d=$1 before=$2 last=$3 batch=$4 dry=$5 st emit=emit_$1
	[ "$d" = sqlite ] && echo "PRAGMA foreign_keys = OFF;"
	echo "BEGIN;"
	$emit "$ST/${d/sqlite/.}/report/prune-batch-create.sql" "?"
	$emit "$ST/${d/sqlite/.}/report/prune-batch-clear.sql" "?"
	$emit "$ST/${d/sqlite/.}/report/prune-batch-fill.sql" "?" $before $last $batch
	$emit "$ST/${d/sqlite/.}/report/prune-batch-count.sql" "?"
	if [ "$dry" = 0 ]; then
		$emit "$ST/${d/sqlite/.}/report/prune-remember.sql" "?" 1796500000
		for st in $PRUNE_STEPS; do
			[ "$st" = remember ] ||
			    $emit "$ST/${d/sqlite/.}/report/prune-$st.sql" "?"
		done
	fi
	echo "COMMIT;"
}
# prune_both BEFORE BATCH DRY: batches until one is empty; the counts of
# each batch the same in both.
prune_both() {
	local before=$1 batch=$2 dry=$3 last=0 b=0 cs cp
	while :; do
		b=$((b + 1))
		cs=$(prune_script sqlite "$before" "$last" "$batch" "$dry" | sq 2>&1)
		cp=$(prune_script pg "$before" "$last" "$batch" "$dry" | pq 2>&1)
		check_eq "prune --before $before (dry $dry) batch $b: the counts" "$cs" "$cp"
		[ "$cs" = "$cp" ] && [ -n "$cs" ] || return
		[ "${DR_VERBOSE:-0}" = 1 ] && echo "ok: prune (dry $dry) batch $b: ${cs//$US/ }"
		[ "${cs%%$US*}" != 0 ] || return
		last=${cs##*$US}
		[ $b -lt 100 ] || { check_eq "prune ends" done looping; return; }
	done
}
PB=$((W + 86400))	# 2026-11-10: some reports go, some stay
same "prune-totals before" . report/prune-totals.sql "?" $PB
prune_both $PB 3 1
view "no change after a dry run" . "SELECT count(*), sum(id) FROM reports"
prune_both $PB 3 0
DR_CHECKS=$((DR_CHECKS + 1))
[ "$(sqlite3 "$DB" "SELECT count(*) FROM pruned_reports")" -gt 3 ] &&
[ "$(sqlite3 "$DB" "SELECT count(*) FROM reports")" -gt 2 ] ||
	{ echo "FAIL: the prune removed too little or too much: $(sqlite3 "$DB" "SELECT (SELECT count(*) FROM pruned_reports), (SELECT count(*) FROM reports)")"; DR_FAILS=$((DR_FAILS + 1)); }
same "prune-totals after" . report/prune-totals.sql "?" $PB
same "prune-totals after, all" . report/prune-totals.sql "?" $ALL
for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_schema WHERE type = 'table'
    AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
	view "table $t after the prune" sort "SELECT * FROM $t"
done

# --- util/sqlite-to-pg.sh: refusals, a target with the schema, passwords --
mv2() {
	"$DR_SRC/util/sqlite-to-pg.sh" "$@" > "$T/mv2.out" 2>&1
	local rc=$?
	sed 's/^/    > /' "$T/mv2.out"
	return $rc
}
cp "$DB" "$T/v9.sqlite"
sqlite3 "$T/v9.sqlite" "PRAGMA user_version = 9"
conn2=$(pg_newdb dmarc2) || { echo "FAIL: pg_newdb"; exit 1; }
mv2 "$T/v9.sqlite" "$conn2"
check_eq "sqlite-to-pg: a version-9 file is refused" 1 $?
check_grep "sqlite-to-pg: says which version" "schema version 9, .*version 14 only: run dmarc-ingest" "$T/mv2.out"
sqlite3 "$T/v9.sqlite" "PRAGMA user_version = 15"
mv2 "$T/v9.sqlite" "$conn2"
check_eq "sqlite-to-pg: a newer file is refused" 1 $?
check_grep "sqlite-to-pg: says it is newer" "schema version 15 is newer" "$T/mv2.out"
# A file with a row pointing nowhere (a hand DELETE with foreign keys off):
# refused before anything is written, with the fix.
cp "$DB" "$T/orphan.sqlite"
sqlite3 "$T/orphan.sqlite" "DELETE FROM reports WHERE id = (SELECT min(report) FROM records)"
mv2 "$T/orphan.sqlite" "$conn2"
check_eq "sqlite-to-pg: orphan rows are refused" 1 $?
check_grep "sqlite-to-pg: says how to find them" "rows point to rows that do not exist.*foreign_key_check" "$T/mv2.out"
# A target where the schema exists (as the program creates it: schema.sql,
# the migrations, schema_version the last) with the shipped catalogue in
# it: accepted, the catalogue replaced.
pg_schema() {
	local m args=(-f "$ST/pg/schema.sql") last=10
	for m in "$ST"/pg/migrations/[0-9][0-9][0-9][0-9]-*.sql; do
		[ -e "$m" ] || continue
		args+=(-f "$m")
		last=$(basename "$m"); last=$((10#${last%%-*}))
	done
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$1" --single-transaction \
	    "${args[@]}" -c "DELETE FROM schema_version" \
	    -c "INSERT INTO schema_version VALUES ($last)" > /dev/null
}
pg_schema "$conn2" &&
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$conn2" -c \
    "INSERT INTO services VALUES ('old', 'esp', 'Old', 'x', NULL, NULL)" ||
	{ echo "FAIL: schema into dmarc2"; exit 1; }
mv2 "$DB" "$conn2"
check_eq "sqlite-to-pg: into an existing empty schema" 0 $?
for t in reports records messages services service_rules report_stats pruned_reports; do
	check_eq "sqlite-to-pg: $t rows" "$(sqlite3 "$DB" "SELECT count(*) FROM $t")" \
	    "$("$PG_BIN/psql" -X -At -d "$conn2" -c "SELECT count(*) FROM $t")"
done
check_eq "sqlite-to-pg: the next report id, past the pruned ones" \
    "$(sqlite3 "$DB" "SELECT max((SELECT max(id) FROM reports), (SELECT max(id) FROM pruned_reports)) + 1")" \
    "$("$PG_BIN/psql" -X -At -d "$conn2" -c "SELECT nextval(pg_get_serial_sequence('reports', 'id'))")"
# A target at schema version 10 (made by an older dmarc-ingest, nothing
# stored): migrated forward in the same transaction, then filled; from a
# file whose last report was pruned (the next id is past it, never one
# that a pruned report had).
cp "$DB" "$T/high.sqlite"
sqlite3 "$T/high.sqlite" "INSERT INTO pruned_reports VALUES (9000, 'late corp',
    'late-1', 'example.com', 'dd', 1, 2, 0, 0, NULL, 3, 4)"
conn3=$(pg_newdb dmarc3) || { echo "FAIL: pg_newdb"; exit 1; }
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$conn3" -f "$ST/pg/schema.sql" > /dev/null ||
	{ echo "FAIL: schema into dmarc3"; exit 1; }
mv2 "$T/high.sqlite" "$conn3"
check_eq "sqlite-to-pg: into a version-10 schema" 0 $?
check_eq "sqlite-to-pg: migrated to 14" "14" \
    "$("$PG_BIN/psql" -X -At -d "$conn3" -c "SELECT string_agg(version::text, ',') FROM schema_version")"
check_eq "sqlite-to-pg: pruned_reports rows, version-10 target" \
    "$(sqlite3 "$T/high.sqlite" "SELECT count(*) FROM pruned_reports")" \
    "$("$PG_BIN/psql" -X -At -d "$conn3" -c "SELECT count(*) FROM pruned_reports")"
check_eq "sqlite-to-pg: the next report id, past a pruned last one" 9001 \
    "$("$PG_BIN/psql" -X -At -d "$conn3" -c "SELECT nextval(pg_get_serial_sequence('reports', 'id'))")"
"$PG_BIN/psql" -X -q -d "$conn3" -c "UPDATE schema_version SET version = 15"
mv2 "$DB" "$conn3"
check_eq "sqlite-to-pg: a newer target is refused" 1 $?
check_grep "sqlite-to-pg: says the target's version" "at schema version 15, this script writes version 14" "$T/mv2.out"
# A password in the URI never shows, whatever fails.
mv2 "$DB" "$PG_URI"
check_eq "sqlite-to-pg: URI with password, target not empty" 1 $?
mv2 "$DB" "${PG_URI/$PG_PASSWORD/wrong-$PG_PASSWORD}"
check_eq "sqlite-to-pg: URI with a wrong password" 1 $?
check_grep "sqlite-to-pg: the connection error is said" "cannot connect" "$T/mv2.out"
DR_CHECKS=$((DR_CHECKS + 1))
if grep -qF -- "$PG_PASSWORD" "$T/mv2.out"; then
	echo "FAIL: sqlite-to-pg printed the password"
	DR_FAILS=$((DR_FAILS + 1))
fi

echo "$n_same comparisons"
finish
