-- lite-reasons: the forwarding reasons of the records with ids from ?1 to
-- ?2, in record order: 0 record, 1 is it mailing_list (1), else forwarded
-- or trusted_forwarder (0).  Rows of ids that are not the report's are
-- skipped by the caller.
--
-- Parameters:
--   ?1  first records.id of a report (lite-reports.sql)
--   ?2  its last records.id
--
-- One range seek (record_reasons is keyed by (record, seq)).
--
-- Used by report/query/failures_lite.c (report_failures_lite), reset per
-- report, merged with lite-records.sql by record id.
-- From sqlite3: .param set ?1 1
--               .param set ?2 40
--               .read sql/report/lite-reasons.sql
SELECT x.record, x.type = 'mailing_list' FROM record_reasons x
WHERE x.record BETWEEN ?1 AND ?2
  AND x.type IN ('forwarded', 'trusted_forwarder', 'mailing_list')
ORDER BY x.record;
