-- lite-dkim: the DKIM results of the records with ids from ?1 to ?2, in
-- record order: 0 record, 1 domain.  Rows of ids that are not the
-- report's are skipped by the caller.
--
-- Parameters:
--   ?1  first records.id of a report (lite-reports.sql)
--   ?2  its last records.id
--
-- Used by report/query/failures_lite.c (report_failures_lite), reset per
-- report, merged with lite-records.sql by record id.
-- PostgreSQL dialect of sql/report/lite-dkim.sql (docs/SCHEMA.md,
-- "PostgreSQL"): one range of the primary key (dkim_results(record,
-- seq)); the ORDER BY is total (a record's results in document order,
-- as SQLite reads them from its key).
SELECT d.record, d.domain FROM dkim_results d WHERE d.record BETWEEN ?1 AND ?2
ORDER BY d.record, d.seq;
