-- failures-any-in-window: 1 when a report about some policy domain
-- overlaps the window, else 0.
--
-- Parameters:
--   ?1  NULL (the statement returns 0 otherwise)
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- The window rule: see sql/report/failures-window-domains.sql.
--
-- Used by report/query/failures.c (report_check_scope).
-- PostgreSQL dialect of sql/report/failures-any-in-window.sql
-- (docs/SCHEMA.md, "PostgreSQL"): EXISTS is a boolean here, cast to the
-- integer 1/0 SQLite returns.
SELECT CAST(EXISTS (SELECT 1 FROM reports r
                    WHERE CAST(?1 AS text) IS NULL AND r.policy_domain <> ''
                      AND r.date_end >= ?2 AND r.date_begin < ?3
                      AND (r.date_end > ?2 OR r.date_begin >= ?2)) AS integer);
