#!/usr/bin/env bash
# 2019-rollup-batches: an interval the rollup cache lacks is computed
# from its reports' records (report/query/rollup.c compute(): on SQLite
# report by report; on PostgreSQL in batches of about 5,000 record ids,
# test 6016 with these reports).  One day of one domain
# holds five reports of 3,000, 2,500, 6,200, 7 and 1 records, so the
# interval takes several batches, one report is bigger than a batch by
# itself, and the same IPs recur across reports and batches.  The cached
# rows of that day must be what SQL sums from the records themselves
# (records, messages, failing, forwarded, DKIM domains per IP): a report
# dropped or read twice at a batch's edge, or a result folded into the
# wrong record, changes them.
set -u
. "$(dirname "$0")/lib.sh"
export DB="$T/db.sqlite"
mkdir -p "$T/in"
batch_report r1 3000 0
batch_report r2 2500 3000
batch_report r3 6200 5500
batch_report r4 7 11700
batch_report r5 1 11707
wk_reports
ingest -q --db "$DB" "$T"/in/*.xml >/dev/null 2>&1
check_eq "ingest" 0 "$?"
check_eq "records stored" 11798 "$(q "SELECT count(*) FROM records")"

report --db "$DB" --no-dns --no-asn --since 2026-11-01 --until 2026-11-01 \
    readiness --format json > "$T/ready.json" 2>&1
check_eq "readiness" 0 "$?"
check_eq "the day is cached" 1 "$(q "SELECT count(*) FROM rollup_intervals
    WHERE policy_domain = 'batch.example' AND level = 0")"

# per IP from the records: records, messages, failing, forwarded, and the
# DKIM domains as the cache's set encoding writes them (length:domain,
# sorted)
q "SELECT c.source_ip, count(*), sum(c.count),
       sum(CASE WHEN c.dmarc_pass = 0 THEN c.count ELSE 0 END),
       sum(CASE WHEN EXISTS (SELECT 1 FROM record_reasons x
           WHERE x.record = c.id AND x.type = 'forwarded') THEN c.count ELSE 0 END),
       (SELECT group_concat(length(domain) || ':' || domain, '')
        FROM (SELECT DISTINCT d.domain FROM dkim_results d JOIN records c2
              ON c2.id = d.record WHERE c2.source_ip = c.source_ip
              ORDER BY d.domain))
   FROM records c GROUP BY c.source_ip ORDER BY c.source_ip" > "$T/want"
q "SELECT source_ip, records, messages, dmarc_fail, forwarded, dkim_domains
   FROM rollup_sources WHERE policy_domain = 'batch.example' AND level = 0
   ORDER BY source_ip" > "$T/got"
check_eq "IPs in the cache" 4001 "$(wc -l < "$T/got")"
check_same "the cached day is what the records give" "$T/want" "$T/got"
# The weekly page's columns (migration 14), from the records in SQL: the
# failing messages, the first 16 failing records by (report, record),
# the reporters by their first failing report; the passing messages,
# with aligned DKIM, with aligned SPF.  (Every report lies wholly in its
# day and its counts are its records': each record's share is its count.)
q "WITH f AS (SELECT c.source_ip AS ip, r.id AS rid, c.id AS cid, c.count AS n,
         r.org_key AS k, row_number() OVER (PARTITION BY c.source_ip
         ORDER BY r.id, c.id) AS rn
       FROM records c JOIN reports r ON r.id = c.report
       WHERE c.dmarc_pass = 0 AND c.count > 0)
   SELECT ip, sum(n),
       (SELECT group_concat(rid || '.' || cid, ',') FROM (SELECT rid, cid
        FROM f f2 WHERE f2.ip = f.ip AND f2.rn <= 16 ORDER BY rid, cid)),
       (SELECT group_concat(mr || ':' || length(k) || ':' || k, '') FROM
        (SELECT k, min(rid) AS mr FROM f f3 WHERE f3.ip = f.ip GROUP BY k
         ORDER BY mr))
   FROM f GROUP BY ip ORDER BY ip" > "$T/wk-want"
q "SELECT source_ip, wk_fail, wk_sample, wk_reporters FROM rollup_sources
   WHERE policy_domain = 'batch.example' AND level = 0 AND wk_fail > 0
   ORDER BY source_ip" > "$T/wk-got"
check_eq "10.9.9.9: its failing messages, 16 of its 30 failing records, two reporters in order" \
    "10.9.9.9|$(q "SELECT sum(count) FROM records WHERE source_ip = '10.9.9.9' AND dmarc_pass = 0")|16|$(q "SELECT id FROM reports WHERE report_id = 'r6'"):10:other.test$(q "SELECT id FROM reports WHERE report_id = 'r7'"):8:rep.test" \
    "$(q "SELECT source_ip, wk_fail, length(wk_sample) - length(replace(wk_sample, ',', '')) + 1,
	  wk_reporters FROM rollup_sources WHERE source_ip = '10.9.9.9' AND level = 0")"
q "SELECT c.source_ip, sum(c.count), sum(CASE WHEN c.dkim_eval = 'pass' THEN c.count ELSE 0 END),
       sum(CASE WHEN c.spf_eval = 'pass' THEN c.count ELSE 0 END)
   FROM records c WHERE c.dmarc_pass <> 0 AND c.count > 0
   GROUP BY c.source_ip ORDER BY c.source_ip" >> "$T/wk-want"
q "SELECT source_ip, wk_pass, wk_pass_dkim, wk_pass_spf FROM rollup_sources
   WHERE policy_domain = 'batch.example' AND level = 0 AND wk_pass > 0
   ORDER BY source_ip" >> "$T/wk-got"
check_same "the weekly columns are what the records give" "$T/wk-want" "$T/wk-got"
# and readiness's totals are the records' (every report counted once)
check_grep "readiness counts every message" \
    "\"messages\": $(q "SELECT sum(count) FROM records")" "$T/ready.json"
finish
