-- alerts-new-sources: source IPs that sent at least ?4 failing messages
-- as a policy domain in the window [?2, ?3) and had never failed as it
-- before: alert_sources (kept up to date by alerts-sources-fill.sql) has
-- no failing report of the pair that ended by the window's start.
-- Columns: policy_domain, source_ip, failing messages in the window; most
-- first, at most ?5 rows.  Only the window's records are read.
--
-- Parameters:
--   ?1  policy domain, or NULL for every domain
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--   ?4  minimum failing messages in the window
--   ?5  maximum rows
--
-- Used by report/query/alerts.c (new_sources).
-- PostgreSQL dialect of sql/report/alerts-new-sources.sql
-- (docs/SCHEMA.md, "PostgreSQL"): HAVING repeats the sum (it cannot name
-- an output column); "NOT c.dmarc_pass" is "c.dmarc_pass = 0".
WITH cand AS (
	SELECT r.policy_domain AS dom, c.source_ip AS ip,
	       CAST(sum(c.count) AS bigint) AS n
	FROM reports r JOIN records c ON c.report = r.id
	WHERE (CAST(?1 AS text) IS NULL OR r.policy_domain = ?1) AND r.policy_domain <> ''
	  AND r.date_end >= ?2 AND r.date_begin < ?3
	  AND (r.date_end > ?2 OR r.date_begin >= ?2)
	  AND c.dmarc_pass = 0
	GROUP BY 1, 2
	HAVING sum(c.count) >= CAST(?4 AS bigint))
SELECT dom, ip, n FROM cand
WHERE NOT EXISTS (SELECT 1 FROM alert_sources s
                  WHERE s.domain = cand.dom AND s.ip = cand.ip
                    AND s.first_end <= ?2)
ORDER BY n DESC, 1, 2
LIMIT ?5;
