-- rollup-fingerprints: one policy domain's intervals in the window (the
-- reports' own (date_begin, date_end); the window rule of
-- lite-reports.sql) with the fingerprint of their reports now, to compare
-- with rollup_intervals (sql/migrations/0012-rollup.sql): 0 date_begin,
-- 1 date_end, 2 reports, 3 sum of ids, 4 max id, 5 sum of record_count,
-- 6 sum of message_count, 7 max ingested_at.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- One range of reports_domain_end; ordered as rollup-cached.sql.
--
-- Used by report/query/rollup.c (report_failures_rollup).
-- From sqlite3: .param set ?1 example.com
--               .param set ?2 0
--               .param set ?3 4000000000
--               .read sql/report/rollup-fingerprints.sql
SELECT r.date_begin, r.date_end, count(*), sum(r.id), max(r.id),
       sum(r.record_count), sum(r.message_count), max(r.ingested_at)
FROM reports r
WHERE r.policy_domain = ?1
  AND r.date_end >= ?2 AND +r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2)
GROUP BY r.date_end, r.date_begin
ORDER BY r.date_end, r.date_begin;
