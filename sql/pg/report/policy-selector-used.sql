-- policy-selector-used: a row when a report about policy domain ?1 in the
-- window [?2, ?3) names selector ?4 for ?1 itself, none otherwise.  The
-- window test is the window rule of sql/report/failures-window-domains.sql.
--
-- Parameters:
--   ?1  policy domain (and DKIM domain)
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--   ?4  DKIM selector
--
-- Used by report/check/policy_now.c (read_selectors()).
-- PostgreSQL dialect of sql/report/policy-selector-used.sql
-- (docs/SCHEMA.md, "PostgreSQL"): no unary + (SQLite's index hint).
SELECT 1
FROM report_selectors s JOIN reports r ON r.id = s.report
WHERE s.domain = ?1 AND s.selector = ?4 AND r.policy_domain = ?1
  AND r.date_end >= ?2 AND r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2)
LIMIT 1;
