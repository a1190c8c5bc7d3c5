#!/usr/bin/env bash
# 6016-pg-rollup-batches: on PostgreSQL an interval the rollup cache lacks
# is computed in batches of its reports, about 5,000 record ids a batch,
# one statement each (sql/pg/report/rollup-batch-rows.sql: records and
# results in one stream); SQLite computes it report by report.  2019's day
# of five reports (3,000 / 2,500 / 6,200 / 7 / 1 records: several batches,
# one report bigger than a batch, IPs recurring across batches): the
# cached rows per IP must be what SQL sums from the records, the same as
# SQLite's rows, and readiness and the page the same in both stores.  The
# next day's two reports are stored first (lower ids), so that readiness's
# fallback -- a domain whose cache row is malformed is computed from its
# reports, interval by interval (lite-reports.sql), in batches on
# PostgreSQL -- meets a report order that is not id order: the same
# answers as a fresh computation and as SQLite's.
set -u
. "$(dirname "$0")/lib.sh"
need_pg
need_ingest
cd "$T"
pg_start
mkdir -p "$T/in"
batch_report a1 1500 20000 1		# ingested first (file order): lower ids
batch_report a2 40 21500 1
batch_report r1 3000 0
batch_report r2 2500 3000
batch_report r3 6200 5500
batch_report r4 7 11700
batch_report r5 1 11707
wk_reports
ingest -q --db "$PG_CONNINFO" "$T"/in/*.xml >/dev/null 2>&1
check_eq "ingest into PostgreSQL" 0 "$?"
ingest -q --db "$T/db.sqlite" "$T"/in/*.xml >/dev/null 2>&1
check_eq "ingest into SQLite" 0 "$?"
check_eq "records stored" 13338 "$(pg_sql "SELECT count(*) FROM records")"

# runs NAME DB: readiness over both days and the page into $T/NAME.*
runs() {
	report --db "$2" --no-dns --no-asn --since 2026-11-01 --until 2026-11-02 \
	    readiness --format json > "$T/$1.ready.json" 2>&1
	check_eq "readiness ($1)" 0 "$?"
	report --db "$2" --no-dns --no-asn html --now 1793836800 \
	    -o "$T/$1.html" > /dev/null 2>&1
	check_eq "page ($1)" 0 "$?"
	sed -i 's/generated [^<]*//' "$T/$1.html"
}
runs pg "$PG_CONNINFO"
runs lite "$T/db.sqlite"
check_eq "the two days are cached" 2 "$(pg_sql "SELECT count(*) FROM rollup_intervals
    WHERE policy_domain = 'batch.example' AND level = 0")"

# per IP from the records (as 2019 does in SQLite)
pg_sql "SELECT c.source_ip, count(*), sum(c.count),
       sum(CASE WHEN c.dmarc_pass = 0 THEN c.count ELSE 0 END),
       sum(CASE WHEN EXISTS (SELECT 1 FROM record_reasons x
           WHERE x.record = c.id AND x.type = 'forwarded') THEN c.count ELSE 0 END),
       (SELECT string_agg(length(domain) || ':' || domain, '' ORDER BY domain)
        FROM (SELECT DISTINCT d.domain FROM dkim_results d JOIN records c2
              ON c2.id = d.record JOIN reports r2 ON r2.id = c2.report
              WHERE c2.source_ip = c.source_ip
                AND r2.date_begin = 1793491200) t)
   FROM records c JOIN reports r ON r.id = c.report
   WHERE r.date_begin = 1793491200
   GROUP BY c.source_ip ORDER BY c.source_ip COLLATE \"C\"" |
    tr '\t' '|' > "$T/want"
pg_sql "SELECT source_ip, records, messages, dmarc_fail, forwarded, dkim_domains
   FROM rollup_sources WHERE policy_domain = 'batch.example' AND level = 0
     AND date_begin = 1793491200
   ORDER BY source_ip COLLATE \"C\"" | tr '\t' '|' > "$T/got"
sqlite3 -batch -noheader "$T/db.sqlite" "SELECT source_ip, records, messages,
   dmarc_fail, forwarded, dkim_domains FROM rollup_sources
   WHERE policy_domain = 'batch.example' AND level = 0
     AND date_begin = 1793491200 ORDER BY source_ip" > "$T/lite"
check_eq "IPs in the cache" 4001 "$(wc -l < "$T/got")"
check_same "PostgreSQL's cached day differs from its records" "$T/want" "$T/got"
check_same "PostgreSQL's cached day differs from SQLite's" "$T/lite" "$T/got"
# The weekly page's columns (migration 14), computed in batches here and
# report by report in SQLite (where 2019 checks them against SQL): the
# same for both days, 10.9.9.9's 16 of 30 failing records and its two
# reporters included.
pg_sql "SELECT policy_domain || '|' || date_begin || '|' || source_ip || '|' ||
       wk_fail || '|' || wk_pass || '|' || wk_pass_dkim || '|' || wk_pass_spf ||
       '|' || wk_sample || '|' || wk_reporters FROM rollup_sources
   WHERE level = 0 ORDER BY policy_domain, date_begin, source_ip COLLATE \"C\"" > "$T/wk-pg"
sqlite3 -batch -noheader "$T/db.sqlite" "SELECT policy_domain, date_begin, source_ip,
   wk_fail, wk_pass, wk_pass_dkim, wk_pass_spf, wk_sample, wk_reporters
   FROM rollup_sources WHERE level = 0 ORDER BY 1, 2, 3" > "$T/wk-lite"
check_eq "10.9.9.9's sample in the batches: 16 records" 16 \
    "$(pg_sql "SELECT array_length(string_to_array(wk_sample, ','), 1) FROM rollup_sources
	  WHERE source_ip = '10.9.9.9' AND level = 0")"
check_same "the weekly columns differ between the stores" "$T/wk-lite" "$T/wk-pg"
check_same "readiness differs between the stores" "$T/lite.ready.json" "$T/pg.ready.json"
check_same "the page differs between the stores" "$T/lite.html" "$T/pg.html"
check_grep "readiness counts every message" \
    "\"messages\": $(pg_sql "SELECT sum(count) FROM records")" "$T/pg.ready.json"

# A malformed cache row: the domain is computed from its reports (the
# fallback), which must give what the cache gave.
pg_sql "UPDATE rollup_sources SET header_from = '99:x' WHERE (policy_domain,
    level, date_end, date_begin, source_ip) IN (SELECT policy_domain, level,
    date_end, date_begin, source_ip FROM rollup_sources LIMIT 1)" > /dev/null
runs broken "$PG_CONNINFO"
check_same "readiness with a malformed cache row (the fallback in batches) differs" "$T/pg.ready.json" "$T/broken.ready.json"
check_same "the page with a malformed cache row differs" "$T/pg.html" "$T/broken.html"
finish
