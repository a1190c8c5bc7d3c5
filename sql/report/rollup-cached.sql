-- rollup-cached: the intervals (level 0) and blocks (levels 1 to 4) of
-- one policy domain overlapping the window that the rollup cache holds,
-- with the fingerprint they were computed from
-- (sql/migrations/0012-rollup.sql): 0 level, 1 date_begin, 2 date_end,
-- 3 reports, 4 sum of ids, 5 max id, 6 sum of record_count, 7 sum of
-- message_count, 8 max ingested_at.
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
SELECT i.level, i.date_begin, i.date_end, i.reports, i.id_sum, i.id_max,
       i.record_sum, i.message_sum, i.ingested_max
FROM rollup_intervals i
WHERE i.policy_domain = ?1
  AND i.date_end >= ?2 AND i.date_begin < ?3
  AND (i.date_end > ?2 OR i.date_begin >= ?2)
ORDER BY i.level, i.date_end, i.date_begin;
