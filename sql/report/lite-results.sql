-- lite-results: the DKIM results, SPF results and forwarding reasons of
-- the records with ids from ?1 to ?2, in record order: 0 record, 1 kind
-- (0 DKIM result, 1 SPF result, 2 reason forwarded or trusted_forwarder,
-- 3 reason mailing_list), 2 the result's domain (NULL for a reason).
-- Rows of ids that are not the report's are skipped by the caller.
--
-- Parameters:
--   ?1  first records.id of a report (lite-reports.sql)
--   ?2  its last records.id
--
-- One range seek per table (each is keyed by (record, seq)) instead of
-- one seek per record and table: over 28 days of 10,000,000 records that
-- is what takes readiness from 14 s to a few.
--
-- Used by report/query/failures_lite.c (report_failures_lite), reset per
-- report.
-- From sqlite3: .param set ?1 1
--               .param set ?2 40
--               .read sql/report/lite-results.sql
SELECT d.record, 0, d.domain FROM dkim_results d
WHERE d.record BETWEEN ?1 AND ?2
UNION ALL
SELECT s.record, 1, s.domain FROM spf_results s
WHERE s.record BETWEEN ?1 AND ?2
UNION ALL
SELECT x.record, CASE WHEN x.type = 'mailing_list' THEN 3 ELSE 2 END, NULL
FROM record_reasons x
WHERE x.record BETWEEN ?1 AND ?2
  AND x.type IN ('forwarded', 'trusted_forwarder', 'mailing_list')
ORDER BY 1;
