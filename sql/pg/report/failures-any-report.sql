-- failures-any-report: 1 when the database holds a report about some
-- policy domain, else 0.
--
-- Parameters:
--   ?1  NULL (the statement returns 0 otherwise)
--
-- Used by report/query/failures.c (report_check_scope).
-- PostgreSQL dialect of sql/report/failures-any-report.sql
-- (docs/SCHEMA.md, "PostgreSQL"): EXISTS is a boolean here, cast to the
-- integer 1/0 SQLite returns.
SELECT CAST(EXISTS (SELECT 1 FROM reports
                    WHERE policy_domain <> '' AND CAST(?1 AS text) IS NULL)
            AS integer);
