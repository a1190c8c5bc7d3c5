-- rollup-batch-records: the records of a batch of reports, by report id
-- and record id, as lite-records.sql gives one report's: 0 report, 1 id,
-- 2 source_ip, 3 count, 4 dkim_eval, 5 spf_eval, 6 header_from,
-- 7 dmarc_pass.
--
-- Parameters:
--   ?1  the batch: a JSON array of [report id, first records.id, last
--       records.id] of reports of one interval, in id order, as
--       rollup-interval-reports.sql gives them (the report's own first
--       and last: SQLite reads them again); the client cuts an
--       interval into batches of about 5,000 record ids, so that what it
--       holds of the result statements at once stays bounded
--
-- Used by report/query/failures_lite.c (lite_batch), for an interval the
-- rollup cache lacks (report/query/rollup.c): four statements a batch of
-- reports instead of four a report (on PostgreSQL a round trip each:
-- 1,800 for an interval of 460 reports), merged by (report, record) as
-- lite-records.sql is with lite-dkim.sql.
-- SQLite takes only the report ids from the batch, as an IN list (which
-- it walks in id order, so the ORDER BY needs no sort), and finds each
-- report's range again from records_report (two seeks): a subquery over
-- json_each would be parsed again for every row it feeds and sorted.
-- From sqlite3: .param set ?1 '[[1,1,40]]'
--               .read sql/report/rollup-batch-records.sql
SELECT r.id, c.id, c.source_ip, c.count, c.dkim_eval, c.spf_eval,
       c.header_from, c.dmarc_pass
FROM reports r
JOIN records c ON c.id BETWEEN (SELECT min(c0.id) FROM records c0 WHERE c0.report = r.id)
                   AND (SELECT max(c0.id) FROM records c0 WHERE c0.report = r.id)
  AND +c.report = r.id
WHERE r.id IN (SELECT j.value ->> 0 FROM json_each(?1) j)
ORDER BY r.id, c.id;
