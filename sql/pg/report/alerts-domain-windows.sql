-- alerts-domain-windows: per policy domain, messages and DMARC passes in
-- the window [?2, ?3) and in the previous window of the same length
-- [?4, ?2), from report_stats.  Columns: policy_domain, cur_messages,
-- cur_pass, prev_messages, prev_pass.  A report that overlaps the
-- window's start counts in the window (the window rule of
-- sql/report/failures-window-domains.sql).
--
-- Parameters:
--   ?1  policy domain, or NULL for every domain
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--   ?4  previous window's start, Unix seconds
--
-- Used by report/query/alerts.c (alerts_jumps).
-- PostgreSQL dialect of sql/report/alerts-domain-windows.sql
-- (docs/SCHEMA.md, "PostgreSQL"): sum() of bigint is numeric here, cast
-- back to bigint (an overflow is an error in both dialects).
WITH r AS (
	SELECT id, policy_domain,
	       (date_end >= ?2 AND (date_end > ?2 OR date_begin >= ?2)) AS cur
	FROM reports
	WHERE (CAST(?1 AS text) IS NULL OR policy_domain = ?1) AND policy_domain <> ''
	  AND date_end >= ?4 AND date_begin < ?3
	  AND (date_end > ?4 OR date_begin >= ?4))
SELECT r.policy_domain,
       CAST(sum(CASE WHEN r.cur THEN s.messages ELSE 0 END) AS bigint),
       CAST(sum(CASE WHEN r.cur THEN s.dmarc_pass ELSE 0 END) AS bigint),
       CAST(sum(CASE WHEN r.cur THEN 0 ELSE s.messages END) AS bigint),
       CAST(sum(CASE WHEN r.cur THEN 0 ELSE s.dmarc_pass END) AS bigint)
FROM r JOIN report_stats s ON s.report = r.id
GROUP BY r.policy_domain
ORDER BY 1;
