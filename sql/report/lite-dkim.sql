-- lite-dkim: the DKIM results of the records with ids from ?1 to ?2, in
-- record order: 0 record, 1 domain.  Rows of ids that are not the
-- report's are skipped by the caller.
--
-- Parameters:
--   ?1  first records.id of a report (lite-reports.sql)
--   ?2  its last records.id
--
-- One range seek (the table is keyed by (record, seq)) instead of one
-- seek per record.
--
-- Used by report/query/failures_lite.c (report_failures_lite), reset per
-- report, merged with lite-records.sql by record id.
-- From sqlite3: .param set ?1 1
--               .param set ?2 40
--               .read sql/report/lite-dkim.sql
SELECT d.record, d.domain FROM dkim_results d WHERE d.record BETWEEN ?1 AND ?2
ORDER BY d.record;
