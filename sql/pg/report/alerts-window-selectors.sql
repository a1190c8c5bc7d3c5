-- alerts-window-selectors: the policy domains with a report in the window
-- and, for each, the DKIM selectors its reports name under that same
-- domain (NULL selector when none): what the alerts' DNS checks look at.
-- Columns: policy_domain, selector; at most ?4 rows.
--
-- Parameters:
--   ?1  policy domain, or NULL for every domain
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--   ?4  maximum rows
--
-- Used by report/query/alerts.c (alerts_dns_targets).
-- PostgreSQL dialect of sql/report/alerts-window-selectors.sql
-- (docs/SCHEMA.md, "PostgreSQL"): NULLS FIRST is SQLite's order of NULLs.
WITH r AS (
	SELECT id, policy_domain FROM reports
	WHERE (CAST(?1 AS text) IS NULL OR policy_domain = ?1) AND policy_domain <> ''
	  AND date_end >= ?2 AND date_begin < ?3
	  AND (date_end > ?2 OR date_begin >= ?2))
SELECT DISTINCT r.policy_domain, s.selector
FROM r LEFT JOIN report_selectors s
  ON s.report = r.id AND s.domain = r.policy_domain
ORDER BY 1, 2 NULLS FIRST
LIMIT ?4;
