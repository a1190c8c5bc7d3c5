-- lite-reasons: the forwarding reasons of the records with ids from ?1 to
-- ?2, in record order: 0 record, 1 is it mailing_list (1), else forwarded
-- or trusted_forwarder (0).  Rows of ids that are not the report's are
-- skipped by the caller.
--
-- Parameters:
--   ?1  first records.id of a report (lite-reports.sql)
--   ?2  its last records.id
--
-- Used by report/query/failures_lite.c (report_failures_lite), reset per
-- report, merged with lite-records.sql by record id.
-- PostgreSQL dialect of sql/report/lite-reasons.sql (docs/SCHEMA.md,
-- "PostgreSQL"): one range of the primary key (record_reasons(record,
-- seq)), the ORDER BY total (by seq within a record, as SQLite reads its
-- key); the comparison as a value is CASE ... THEN 1 ELSE 0, an integer
-- (SQLite's x.type = 'mailing_list' is 1 or 0).
SELECT x.record, CASE WHEN x.type = 'mailing_list' THEN 1 ELSE 0 END
FROM record_reasons x
WHERE x.record BETWEEN ?1 AND ?2
  AND x.type IN ('forwarded', 'trusted_forwarder', 'mailing_list')
ORDER BY x.record, x.seq;
