-- weekly-window-selectors: every (DKIM d= domain, selector, policy
-- domain) that a report overlapping the window [?1, ?2) names, distinct,
-- sorted: domain, selector, policy domain.  The weekly page lists, per
-- policy domain, the pairs whose d= domain is the policy domain, under
-- it or above it (weekly_src.c is_under()).
--
-- Parameters:
--   ?1  window start, Unix seconds
--   ?2  window end, exclusive, Unix seconds
--
-- The window's reports (weekly-reports.sql's overlap rule, by the index
-- reports_end), each joined to its pairs by the index
-- report_selectors_report (CROSS JOIN: SQLite keeps that order instead
-- of scanning every pair of the database): one statement for
-- the page, whose work follows the window's reports.  It replaced one
-- DISTINCT over every pair of the database and one probe per pair and
-- domain (48 probes, 1.1 s of server time over the 10,000,000-record
-- benchmark on PostgreSQL).
--
-- Used by report/query/weekly_src.c (weekly_read_selectors).
-- PostgreSQL: the same statement as sql/report/weekly-window-selectors.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT DISTINCT s.domain, s.selector, r.policy_domain
FROM reports r CROSS JOIN report_selectors s
WHERE s.report = r.id AND r.date_begin < ?2 AND (r.date_end > ?1 OR
      (r.date_end = r.date_begin AND r.date_begin >= ?1))
ORDER BY s.domain, s.selector, r.policy_domain;
