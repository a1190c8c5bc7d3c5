-- failures-any-report: 1 when the database holds a report about some
-- policy domain, else 0.
--
-- Parameters:
--   ?1  NULL (the statement returns 0 otherwise)
--
-- Used by report/query/failures.c (report_check_scope).
SELECT EXISTS (SELECT 1 FROM reports
               WHERE policy_domain <> '' AND ?1 IS NULL);
