#!/usr/bin/env bash
# 6014-pg-rollup: the window rollup on PostgreSQL (sql/pg/migrations/
# 0012-rollup.sql) is a cache: readiness and the weekly page give, byte
# for byte, what a fresh computation gives (the cache emptied before the
# run) -- on the run that fills it, on the runs that read it, after DELETE
# FROM the cache, after a new report lands in a day already cached, after
# a prune (which leaves no cache row of what it removed) -- and the same as
# the SQLite store given the same reports.  A read-only hot standby answers
# the same without error, keeping nothing (no --write-db) or keeping the
# cache on the primary (--write-db).  The reports are 2018's (templates of
# tests/data/readiness/, 24 days from 2026-11-01).
set -u
. "$(dirname "$0")/lib.sh"
need_pg
need_ingest
cd "$T"
pg_start
pg_standby
mkdir -p "$T/late"
rollup_fixtures
# Two reports straddling the edges of week W47, noon to noon (as 2018):
# the page reads their records and the rest of its week from the cache.
base=1793491200
for day in 14 21; do
	ROLLUP_BASE=$((base + 43200)) rollup_mk service $day rep-c.test -straddle
done
sample_reports		# 192.0.2.99: 30 failing records, 16 on the page (lib.sh)
ingest -q --db "$PG_CONNINFO" "$T"/in/*.xml >/dev/null 2>&1
check_eq "ingest into PostgreSQL" 0 "$?"
ingest -q --db "$T/db.sqlite" "$T"/in/*.xml >/dev/null 2>&1
check_eq "ingest into SQLite" 0 "$?"

NOW=1795651200		# 2026-11-27
R=(--no-dns --no-asn --since 2026-11-01 --until 2026-11-24)
# runs NAME [DB-ARGS...]: readiness (json, csv), --inventory, a 6-day
# window and the weekly pages into $T/NAME.*; DB-ARGS default: the primary
runs() {
	local n=$1
	shift
	[ $# -gt 0 ] || set -- --db "$PG_CONNINFO"
	report "$@" "${R[@]}" readiness --format json >"$T/$n.r.json" 2>"$T/$n.err"
	echo "$?" >"$T/$n.rc"
	report "$@" "${R[@]}" readiness --format csv >"$T/$n.r.csv" 2>>"$T/$n.err"
	report "$@" "${R[@]}" readiness --inventory >"$T/$n.inv" 2>>"$T/$n.err"
	report "$@" --no-dns --no-asn --since 2026-11-05 --until 2026-11-10 \
	    readiness --format json >"$T/$n.r6.json" 2>>"$T/$n.err"
	[ -z "${COLD:-}" ] || clear_cache
	DMARC_RUA_THREADS=${COLD:+1} report "$@" --no-dns --no-asn html \
	    --week 2026-W47 --now $NOW -o "$T/$n.html" >/dev/null 2>>"$T/$n.err"
	[ -z "${COLD:-}" ] || clear_cache
	DMARC_RUA_THREADS=${COLD:+1} report "$@" --no-dns --no-asn html \
	    --now $NOW -o "$T/$n.last.html" >/dev/null 2>>"$T/$n.err"
}
clear_cache() { pg_sql "DELETE FROM rollup_sources; DELETE FROM rollup_intervals"; }
cache_rows() { pg_sql "SELECT count(*) FROM rollup_sources${1:+ WHERE $1}"; }
# fresh NAME: without a cache; the pages with an empty one and one
# connection: their weeks from the records only.
fresh() { clear_cache; COLD=1 runs "$@"; }
same() {	# same A B LABEL
	local f ok=1
	for f in r.json r.csv inv r6.json html last.html; do
		if ! cmp -s "$T/$1.$f" "$T/$2.$f"; then
			echo "FAIL: $3: $f differs"
			diff "$T/$2.$f" "$T/$1.$f" | head -6
			ok=0
		fi
	done
	DR_CHECKS=$((DR_CHECKS + 1))
	[ $ok = 1 ] || DR_FAILS=$((DR_FAILS + 1))
}

fresh ref
check_eq "readiness exit" 0 "$(cat "$T/ref.rc")"
check_grep "readiness answers" '"verdict": "ready-for-reject"' "$T/ref.r.json"
check_grep "the page shows the verdict" "ready-for-reject" "$T/ref.html"
check_eq "the run filled the cache (intervals)" t "$(pg_sql 'SELECT count(*) > 0 FROM rollup_sources WHERE level = 0')"
check_eq "the run filled the cache (blocks)" t "$(pg_sql 'SELECT count(*) > 0 FROM rollup_sources WHERE level > 0')"
runs lite --db "$T/db.sqlite"
same lite ref "SQLite and PostgreSQL"
runs warm1
same warm1 ref "warm (read from the cache)"
runs warm2
same warm2 ref "warm again"
check_eq "the cache holds the weekly page's shares (migration 14)" t \
    "$(pg_sql "SELECT count(*) > 0 FROM rollup_sources WHERE level = 0 AND wk_fail > 0
	  AND wk_sample <> '' AND wk_reporters <> ''")"
check_eq "... and the passing ones" t \
    "$(pg_sql "SELECT count(*) > 0 FROM rollup_sources WHERE level = 0 AND wk_pass_dkim > 0")"
check_eq "... the same as SQLite's" \
    "$(sqlite3 "$T/db.sqlite" "SELECT policy_domain, date_begin, source_ip, wk_fail, wk_pass,
	  wk_pass_dkim, wk_pass_spf, wk_sample, wk_reporters FROM rollup_sources
	  WHERE level = 0 AND date_begin >= 1794787200 AND date_end < 1795392000
	  ORDER BY 1, 2, 3" | md5sum)" \
    "$(pg_sql "SELECT policy_domain || '|' || date_begin || '|' || source_ip || '|' || wk_fail
	  || '|' || wk_pass || '|' || wk_pass_dkim || '|' || wk_pass_spf || '|' || wk_sample
	  || '|' || wk_reporters FROM rollup_sources WHERE level = 0
	  AND date_begin >= 1794787200 AND date_end < 1795392000 ORDER BY policy_domain,
	  date_begin, source_ip" | md5sum)"
# The week is read from the cache: a changed cached share moves the page.
pg_sql "UPDATE rollup_sources SET wk_fail = wk_fail * 1000 WHERE level = 0" >/dev/null
report --db "$PG_CONNINFO" --no-dns --no-asn html --week 2026-W47 --now $NOW \
    -o "$T/probe.html" >/dev/null 2>&1
check_differs "the weekly page reads its week from the cache" "$T/probe.html" "$T/ref.html"
pg_sql "UPDATE rollup_sources SET wk_fail = wk_fail / 1000 WHERE level = 0" >/dev/null
# A malformed share: the page from the records, the same bytes.
pg_sql "UPDATE rollup_sources SET wk_reporters = '1:x' WHERE (policy_domain, level,
    date_end, date_begin, source_ip) IN (SELECT policy_domain, level, date_end,
    date_begin, source_ip FROM rollup_sources WHERE level = 0 AND wk_fail > 0
    AND date_begin >= 1794787200 AND date_end < 1795392000 LIMIT 1)" >/dev/null
report --db "$PG_CONNINFO" --no-dns --no-asn html --week 2026-W47 --now $NOW \
    -o "$T/probe.html" >/dev/null 2>&1
check_eq "a malformed cached share: the page as from the records" "" \
    "$(cmp "$T/probe.html" "$T/ref.html" 2>&1)"

# The standby: same answers, no error, nothing kept without --write-db.
clear_cache
pg_wait_replay 60
check_eq "the standby caught up" 0 $?
runs sb --db "$PG_STANDBY_CONNINFO"
check_eq "standby: readiness exit" 0 "$(cat "$T/sb.rc")"
same sb ref "the standby, cache empty"
check_eq "standby: no error or note" "" "$(cat "$T/sb.err")"
check_eq "standby: nothing kept on the primary" 0 "$(cache_rows)"
runs sbw --db "$PG_STANDBY_CONNINFO" --write-db "$PG_CONNINFO"
same sbw ref "the standby with --write-db"
check_eq "standby --write-db: no error" "" "$(cat "$T/sbw.err")"
check_eq "standby --write-db: the cache kept on the primary" t \
    "$(pg_sql 'SELECT count(*) > 0 FROM rollup_sources WHERE level > 0')"
pg_wait_replay 60
runs sbw2 --db "$PG_STANDBY_CONNINFO"
same sbw2 ref "the standby reading the replicated cache"

clear_cache
runs deleted
same deleted ref "after DELETE FROM the cache"

# A new report in an interval already cached.
rollup_mk service 10 rep-c.test -late
mv "$T/in/service-10-rep-c.test-late.xml" "$T/late/"
ingest -q --db "$PG_CONNINFO" "$T/late/service-10-rep-c.test-late.xml" >/dev/null 2>&1
check_eq "late report stored" 0 "$?"
ingest -q --db "$T/db.sqlite" "$T/late/service-10-rep-c.test-late.xml" >/dev/null 2>&1
runs late
fresh ref2
same late ref2 "a new report in a cached interval"
runs lite2 --db "$T/db.sqlite"
same lite2 ref2 "SQLite and PostgreSQL, with the late report"
if cmp -s "$T/ref2.r.json" "$T/ref.r.json"; then
	echo "FAIL: the late report did not change the answer (test data)"
	DR_FAILS=$((DR_FAILS + 1))
fi
DR_CHECKS=$((DR_CHECKS + 1))

report --db "$PG_CONNINFO" prune --before 2026-11-08 >/dev/null 2>&1
check_eq "prune exit" 0 "$?"
check_eq "no cache row of pruned intervals" 0 \
    "$(cache_rows "date_end < 1794096000 OR (level > 0 AND date_begin < 1794096000)")"
check_eq "no fingerprint of pruned intervals" 0 \
    "$(pg_sql "SELECT count(*) FROM rollup_intervals WHERE date_end < 1794096000 OR (level > 0 AND date_begin < 1794096000)")"
runs pruned
fresh ref3
same pruned ref3 "after a prune"

# The weekly page shares a report's failing messages out among its
# records in id order (the cumulative floor rule); the statement that
# reads them does not sort by record id (weekly_src.c sorts a report's
# records when they do not come in order).  A report that straddles the
# start of week W47 (half of it inside: 7 of its 15 failing messages, by
# the floor rule 1, 2 and 4 to the IPs in id order) whose records
# PostgreSQL stores in reverse: the same page as SQLite's.
python3 - "$DR_SRC/tests/data/xml/minimal.xml" "$T/order.xml" <<'PY'
import re, sys
t = open(sys.argv[1]).read().replace("min-1", "order-1")
t = t.replace("<begin>1704067200</begin>", "<begin>1794744000</begin>")
t = t.replace("<end>1704153599</end>", "<end>1794830399</end>")
t = t.replace("<domain>example.com</domain>\n    <p>", "<domain>order.example</domain>\n    <p>")
rec = re.search(r"<record>.*?</record>", t, re.S).group(0)
recs = ""
for n, (ip, c) in enumerate((("192.0.2.31", 3), ("192.0.2.32", 5), ("192.0.2.33", 7))):
    r = rec.replace("192.0.2.1", ip).replace("<count>5</count>", "<count>%d</count>" % c)
    r = r.replace("<dkim>pass</dkim>", "<dkim>fail</dkim>").replace("example.com", "order.example")
    recs += r + "\n"
open(sys.argv[2], "w").write(t.replace(rec, recs))
PY
ingest -q --db "$PG_CONNINFO" "$T/order.xml" >/dev/null 2>&1
check_eq "ingest the straddling report (PostgreSQL)" 0 "$?"
ingest -q --db "$T/db.sqlite" "$T/order.xml" >/dev/null 2>&1
check_eq "ingest the straddling report (SQLite)" 0 "$?"
rep=$(pg_sql "SELECT id FROM reports WHERE report_id = 'order-1'")
cols=$(pg_sql "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
    FROM information_schema.columns WHERE table_name = 'records' AND is_generated = 'NEVER'")
pg_sql "SET session_replication_role = replica;
    CREATE TEMP TABLE t AS SELECT $cols FROM records WHERE report = $rep;
    DELETE FROM records WHERE report = $rep;
    INSERT INTO records ($cols) SELECT $cols FROM t ORDER BY id DESC" >/dev/null
check_eq "PostgreSQL stores them in reverse" \
    "$(pg_sql "SELECT string_agg(id::text, ' ' ORDER BY id DESC) FROM records WHERE report = $rep")" \
    "$(pg_sql "SELECT string_agg(id::text, ' ' ORDER BY ctid) FROM records WHERE report = $rep")"
for db in "$PG_CONNINFO" "$T/db.sqlite"; do
	report --db "$db" --no-dns --no-asn --domain order.example html --week 2026-W47 \
	    --now $NOW -o "$T/order.$([ "$db" = "$T/db.sqlite" ] && echo lite || echo pg).html" \
	    >/dev/null 2>&1
done
check_grep "the straddling report's failing messages on the page" '192\.0\.2\.33' "$T/order.lite.html"
check_eq "records stored in reverse: the same page as SQLite's" "" \
    "$(cmp "$T/order.lite.html" "$T/order.pg.html" 2>&1)"
finish
