-- alerts-new-sources-scan: source IPs that sent at least ?4 failing
-- messages as a policy domain in the window [?2, ?3) and none before it:
-- a new failing source.  Reads every record up to the window's end: the
-- fallback of alerts-new-sources.sql when alert_sources cannot be brought
-- up to date (a read-only or busy database).  Failing: records.dmarc_pass
-- is false.  Columns: policy_domain, source_ip, failing messages in the
-- window; most first, at most ?5 rows.  The window rule is that of
-- sql/report/failures-window-domains.sql; a report that overlaps the
-- window's start counts in the window.
--
-- Parameters:
--   ?1  policy domain, or NULL for every domain
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--   ?4  minimum failing messages in the window
--   ?5  maximum rows
--
-- Used by report/query/alerts.c (new_sources).
-- PostgreSQL dialect of sql/report/alerts-new-sources-scan.sql
-- (docs/SCHEMA.md, "PostgreSQL"): HAVING repeats the sum (it cannot name
-- an output column); "NOT c.dmarc_pass" is "c.dmarc_pass = 0".
WITH r AS (
	SELECT id, policy_domain,
	       (date_end >= ?2 AND (date_end > ?2 OR date_begin >= ?2)) AS cur
	FROM reports
	WHERE (CAST(?1 AS text) IS NULL OR policy_domain = ?1) AND policy_domain <> ''
	  AND date_begin < ?3)
SELECT r.policy_domain, c.source_ip,
       CAST(sum(CASE WHEN r.cur THEN c.count ELSE 0 END) AS bigint) AS cur_fail
FROM r JOIN records c ON c.report = r.id
WHERE c.dmarc_pass = 0
GROUP BY r.policy_domain, c.source_ip
HAVING sum(CASE WHEN r.cur THEN c.count ELSE 0 END) >= CAST(?4 AS bigint)
   AND sum(CASE WHEN r.cur THEN 0 ELSE c.count END) = 0
ORDER BY cur_fail DESC, 1, 2
LIMIT ?5;
