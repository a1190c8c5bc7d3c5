-- failures-window-domains: the policy domain of every report whose range
-- overlaps the window, one row per report (no DISTINCT: it would make
-- SQLite walk reports_domain_time in domain order over all history; the
-- caller's set removes duplicates).
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
-- what came after it), and the unary + keeps it from ranging over
-- date_begin (all history before the window's end).
--
-- Used by report/query/failures.c (report_window_domains).
SELECT r.policy_domain
FROM reports r
WHERE ?1 IS NULL
  AND r.date_end >= ?2 AND +r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2)
  AND r.policy_domain <> '';
