-- check-selectors: the DKIM selectors the stored reports name for a DKIM
-- domain (any time), checked by `dmarc-report check` besides those given
-- with --selector.
--
-- Parameters:
--   ?1  DKIM domain
--
-- Used by report/cmd_check.c (selectors_for()).
-- PostgreSQL: the same statement as sql/report/check-selectors.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT DISTINCT selector
FROM report_selectors
WHERE domain = ?1
ORDER BY selector
LIMIT 32;
