-- rollup-interval-clear: removes the cached rows of one interval before
-- its new ones are written (rollup-interval-put.sql).
--
-- Parameters:
--   ?1  policy domain, ?2 date_begin, ?3 date_end
--
-- Used by report/query/rollup.c (report_failures_rollup).
-- PostgreSQL dialect of the SQLite file of the same name: the same text
-- (INSERT ... ON CONFLICT is in both dialects).
DELETE FROM rollup_sources
WHERE policy_domain = ?1 AND date_end = ?3 AND date_begin = ?2;
