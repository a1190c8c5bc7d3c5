-- rollup-batch-rows: the records of a batch of reports with their DKIM
-- results, SPF results and forwarding reasons, as one stream ordered by
-- (report, record, kind, seq): 0 report, 1 record, 2 kind (0 the record,
-- 1 a DKIM result, 2 an SPF result, 3 a reason), 3 seq; a record's row:
-- 4 source_ip, 5 count, 6 dkim_eval, 7 spf_eval, 8 header_from,
-- 9 dmarc_pass; a result's: 10 domain; a reason's: 11 1 for mailing_list,
-- 0 for forwarded or trusted_forwarder.  The results are those in each
-- report's record id range, which may hold ids of other reports (written
-- at the same time): the caller folds a result only into the record row
-- of the same (report, record) just before it, and skips the others.
--
-- Parameters:
--   ?1  the batch: a JSON array of [report id, first records.id, last
--       records.id] of reports, in id order, as
--       rollup-interval-reports.sql gives them (the report's own first
--       and last: SQLite reads them again)
--
-- Used by report/query/failures_lite.c (lite_batch), for an interval the
-- rollup cache lacks (report/query/rollup.c), on PostgreSQL: one
-- statement a batch of about 5,000 record ids instead of four a report
-- (a round trip each: 1,800 for an interval of 460 reports).  One
-- stream, not four: PostgreSQL carries one streaming result per
-- connection, and four would mean reading three into memory (a report of
-- a million records: gigabytes).
-- On SQLite, where a statement is a function call, rollup.c reads an
-- interval report by report instead (lite-records.sql and its three
-- result ranges: measured 25-40 % less CPU on a cold page than this
-- statement's merge of four arms); this dialect keeps the statement the
-- same in both stores (test 6002 compares them).  It takes only the
-- report ids from the batch, as an IN list (walked in id order), finds
-- each report's range again from records_report (two seeks), and merges
-- the four arms, each in key order (MERGE (UNION ALL): no sort).
-- From sqlite3: .param set ?1 '[[1,1,40]]'
--               .read sql/report/rollup-batch-rows.sql
SELECT r.id, c.id, 0, 0, c.source_ip, c.count, c.dkim_eval, c.spf_eval,
       c.header_from, c.dmarc_pass, NULL, 0
FROM reports r
JOIN records c
  ON c.id BETWEEN (SELECT min(c0.id) FROM records c0 WHERE c0.report = r.id)
              AND (SELECT max(c0.id) FROM records c0 WHERE c0.report = r.id)
 AND +c.report = r.id
WHERE r.id IN (SELECT j.value ->> 0 FROM json_each(?1) j)
UNION ALL
SELECT r.id, d.record, 1, d.seq, NULL, NULL, NULL, NULL, NULL, NULL, d.domain, 0
FROM reports r
JOIN dkim_results d
  ON d.record BETWEEN (SELECT min(c.id) FROM records c WHERE c.report = r.id)
                  AND (SELECT max(c.id) FROM records c WHERE c.report = r.id)
WHERE r.id IN (SELECT j.value ->> 0 FROM json_each(?1) j)
UNION ALL
SELECT r.id, d.record, 2, d.seq, NULL, NULL, NULL, NULL, NULL, NULL, d.domain, 0
FROM reports r
JOIN spf_results d
  ON d.record BETWEEN (SELECT min(c.id) FROM records c WHERE c.report = r.id)
                  AND (SELECT max(c.id) FROM records c WHERE c.report = r.id)
WHERE r.id IN (SELECT j.value ->> 0 FROM json_each(?1) j)
UNION ALL
SELECT r.id, d.record, 3, d.seq, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       d.type = 'mailing_list'
FROM reports r
JOIN record_reasons d
  ON d.record BETWEEN (SELECT min(c.id) FROM records c WHERE c.report = r.id)
                  AND (SELECT max(c.id) FROM records c WHERE c.report = r.id)
WHERE r.id IN (SELECT j.value ->> 0 FROM json_each(?1) j)
  AND d.type IN ('forwarded', 'trusted_forwarder', 'mailing_list')
ORDER BY 1, 2, 3, 4;
