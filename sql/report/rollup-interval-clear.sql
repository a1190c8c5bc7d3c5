-- rollup-interval-clear: removes the cached rows of one interval (level
-- 0) or block before its new ones are written (rollup-interval-put.sql).
--
-- Parameters:
--   ?1  policy domain, ?2 level, ?3 date_begin, ?4 date_end
--
-- Used by report/query/rollup.c (report_failures_rollup).
DELETE FROM rollup_sources
WHERE policy_domain = ?1 AND level = ?2 AND date_end = ?4 AND date_begin = ?3;
