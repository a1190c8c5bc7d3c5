-- failures-window-domains: the policy domain of every report whose range
-- overlaps the window, one row per report (no DISTINCT; the caller's set
-- removes duplicates).
--
-- Parameters:
--   ?1  NULL (the statement returns nothing otherwise)
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- The window rule, written out the same way in every sql/report/ statement
-- that takes a window: a report counts when its range overlaps
-- [?2, ?3).  The leading "date_end >= ?2" is implied by the rest; it makes
-- the planner range over reports_end / reports_domain_end (the window and
-- what came after it).
--
-- Used by report/query/failures.c (report_window_domains).
-- PostgreSQL dialect of sql/report/failures-window-domains.sql
-- (docs/SCHEMA.md, "PostgreSQL"): no unary + (SQLite's hint not to use an
-- index on a term); the type of ?1 is given where "IS NULL" cannot tell.
SELECT r.policy_domain
FROM reports r
WHERE CAST(?1 AS text) IS NULL
  AND r.date_end >= ?2 AND r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2)
  AND r.policy_domain <> '';
