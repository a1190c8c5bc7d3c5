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
SELECT EXISTS (SELECT 1 FROM reports r
               WHERE ?1 IS NULL AND r.policy_domain <> ''
                 AND r.date_end >= ?2 AND +r.date_begin < ?3
                 AND (r.date_end > ?2 OR r.date_begin >= ?2));
