-- failures-domain-in-window: 1 when a report about the policy domain ?1
-- overlaps the window, else 0.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- The window rule: see sql/report/failures-window-domains.sql.
--
-- Used by report/query/failures.c (report_check_scope).
-- PostgreSQL dialect of sql/report/failures-domain-in-window.sql
-- (docs/SCHEMA.md, "PostgreSQL"): EXISTS is a boolean here, cast to the
-- integer 1/0 SQLite returns.
SELECT CAST(EXISTS (SELECT 1 FROM reports r
                    WHERE r.policy_domain = ?1
                      AND r.date_end >= ?2 AND r.date_begin < ?3
                      AND (r.date_end > ?2 OR r.date_begin >= ?2)) AS integer);
