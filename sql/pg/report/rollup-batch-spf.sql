-- rollup-batch-spf: the SPF results in the record id range of each
-- report of a batch, by report id and record: 0 report, 1 record,
-- 2 domain.  Rows of records that are not that report's are skipped by
-- the caller (rollup-batch-dkim.sql).
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
-- PostgreSQL dialect of sql/report/rollup-batch-spf.sql (docs/SCHEMA.md,
-- "PostgreSQL"): per report one range of the table's key (LATERAL; OFFSET
-- 0 keeps it a per-report range scan); the ORDER BY is total (a record's
-- rows in document order, as SQLite reads them from its key).
SELECT x.id, d.record, d.domain
FROM (SELECT CAST(e ->> 0 AS bigint) AS id, CAST(e ->> 1 AS bigint) AS lo,
             CAST(e ->> 2 AS bigint) AS hi
      FROM jsonb_array_elements(CAST(?1 AS jsonb)) e) x
CROSS JOIN LATERAL (SELECT d.record, d.seq, d.domain FROM spf_results d
                    WHERE d.record BETWEEN x.lo AND x.hi OFFSET 0) d
ORDER BY x.id, d.record, d.seq;
