-- rollup-cached: the intervals of one policy domain in the window that
-- the rollup cache holds, with the fingerprint they were computed from
-- (sql/migrations/0012-rollup.sql): columns as rollup-fingerprints.sql.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- Used by report/query/rollup.c (report_failures_rollup).
-- From sqlite3: .param set ?1 example.com
--               .param set ?2 0
--               .param set ?3 4000000000
--               .read sql/report/rollup-cached.sql
SELECT i.date_begin, i.date_end, i.reports, i.id_sum, i.id_max,
       i.record_sum, i.message_sum, i.ingested_max
FROM rollup_intervals i
WHERE i.policy_domain = ?1
  AND i.date_end >= ?2 AND i.date_begin < ?3
  AND (i.date_end > ?2 OR i.date_begin >= ?2)
ORDER BY i.date_end, i.date_begin;
