-- policy-next-selector: the next DKIM selector after ?2 (byte order) that
-- any stored report names for DKIM domain ?1: one seek per selector by
-- skip-scan over report_selectors' primary key.  NULL when there is none.
--
-- Parameters:
--   ?1  DKIM domain
--   ?2  the previous selector ('' for the first)
--
-- Used by report/check/policy_now.c (read_selectors()).
-- PostgreSQL: the same statement as sql/report/policy-next-selector.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT min(selector)
FROM report_selectors
WHERE domain = ?1 AND selector > ?2;
