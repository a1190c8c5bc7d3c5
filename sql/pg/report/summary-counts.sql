-- summary-counts: how many reports one policy domain has in the window and
-- from how many reporters (distinct org_key), for readiness.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- Used by report/query/summary.c (report_summary_counts).
-- PostgreSQL dialect of sql/report/summary-counts.sql: SQLite's unary +
-- (no index on date_begin) is not needed here.
SELECT count(*), count(DISTINCT r.org_key)
FROM reports r
WHERE r.policy_domain = ?1
  AND r.date_end >= ?2 AND r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2);
