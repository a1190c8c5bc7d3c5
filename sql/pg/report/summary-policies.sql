-- summary-policies: the distinct published policies (p, sp, adkim, aspf,
-- pct; NULL where a report left one out) of one policy domain's reports in
-- the window, the one most reports showed first.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- The window rule: see sql/report/failures-window-domains.sql.
--
-- Used by report/query/summary.c (report_summary).
-- PostgreSQL dialect of sql/report/summary-policies.sql (docs/SCHEMA.md,
-- "PostgreSQL"): NULLS FIRST is SQLite's order of NULLs.
SELECT r.p, r.sp, r.adkim, r.aspf, r.pct
FROM reports r
WHERE r.policy_domain = ?1
  AND r.date_end >= ?2 AND r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2)
GROUP BY 1, 2, 3, 4, 5
ORDER BY count(*) DESC, 1 NULLS FIRST, 2 NULLS FIRST, 3 NULLS FIRST,
    4 NULLS FIRST, 5 NULLS FIRST;
